//! The engine's one HTTP client. Kuni connects to the network only when the user asks: a
//! source check (`kuni sources check`, the app's 出典チェック) or a time stamp from a service
//! the user names. Nothing else in the engine, the CLI or the app opens a connection.
//!
//! What goes out is a plain request: the method, the address, `User-Agent: Kuni/<version>
//! (country-report source check)` (so a site's administrator can tell what it is),
//! `Accept-Encoding` (gzip, brotli) and, for a page seen before, its `If-None-Match` /
//! `If-Modified-Since`. No cookies are kept or sent, no referrer, nothing about the user or
//! the library (docs/security.md).
//!
//! HTTPS goes through rustls with the operating system's certificate store, so a network
//! that inspects TLS with its own root (as government networks do) works like the browser.
//! Proxies come from `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY`. Redirects are
//! followed here, hop by hop, rather than by the library: each hop is recorded with its
//! status (a permanent one means the source moved), and each must stay on http or https.

use std::io::Read;
use std::time::Duration;

/// Sent with every request.
pub const USER_AGENT: &str = concat!(
    "Kuni/",
    env!("CARGO_PKG_VERSION"),
    " (country-report source check)"
);

/// Limits of one request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To open the connection (DNS, TCP and TLS).
    pub connect: Duration,
    /// For the whole request, body included: a server that stalls is cut off here.
    pub total: Duration,
    /// Bytes of body kept; the rest is not read (the answer is marked cut).
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(10),
            total: Duration::from_secs(30),
            max_bytes: 8 << 20,
            max_redirects: 5,
        }
    }
}

/// One redirect followed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hop {
    /// 301, 302, 303, 307 or 308.
    pub status: u16,
    /// Where it pointed, made absolute.
    pub to: String,
}

impl Hop {
    /// A permanent redirect (301, 308): the page has a new address.
    pub fn permanent(&self) -> bool {
        matches!(self.status, 301 | 308)
    }
}

/// A server's answer (any status: a 404 is an answer, not an error).
#[derive(Debug, Clone)]
pub struct Answer {
    /// The address finally answered, after redirects.
    pub url: String,
    /// The redirects followed, in order.
    pub hops: Vec<Hop>,
    /// The final status.
    pub status: u16,
    /// `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// `ETag`, as sent.
    pub etag: Option<String>,
    /// `Last-Modified`, as sent.
    pub last_modified: Option<String>,
    /// `Retry-After` in seconds (429, 503).
    pub retry_after: Option<u64>,
    /// The body (decompressed), at most `Limits::max_bytes`.
    pub body: Vec<u8>,
    /// True when the body was longer than the limit and the rest was not read.
    pub cut: bool,
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    /// The address is not http(s) or cannot be parsed.
    #[error("{0}")]
    Address(String),
    /// The host name does not resolve (no network, or a wrong name).
    #[error("the host name does not resolve (no network, or no such host)")]
    Resolve,
    /// No connection (refused, unreachable network).
    #[error("no connection: {0}")]
    Connect(String),
    /// The TLS handshake or the certificate failed.
    #[error("TLS failed: {0}")]
    Tls(String),
    /// No complete answer within the time limit.
    #[error("no answer within {0} s")]
    Timeout(u64),
    /// More redirects than the limit, or a redirect without a usable address.
    #[error("{0}")]
    Redirect(String),
    /// Anything else the exchange broke on.
    #[error("{0}")]
    Protocol(String),
}

impl NetError {
    /// True when the failure concerns the host rather than one page (it cannot be reached at
    /// all): the other pages of that host are not tried in the same run.
    pub fn host_wide(&self) -> bool {
        matches!(self, NetError::Resolve | NetError::Connect(_) | NetError::Tls(_))
    }
}

/// A conditional request's validators, from the last answer.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    /// Sent as `If-None-Match`.
    pub etag: Option<String>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// The HTTP client. Cheap to share between threads (connections are pooled per host).
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    limits: Limits,
}

impl Client {
    /// A client with these limits, trusting the operating system's certificates.
    pub fn new(limits: Limits) -> Client {
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(limits.connect))
            .timeout_global(Some(limits.total))
            .user_agent(USER_AGENT)
            .tls_config(tls)
            .build();
        Client {
            agent: config.into(),
            limits,
        }
    }

    /// GETs `url`, following redirects, with `validators` for a conditional request.
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Answer, NetError> {
        let mut current = parse(url)?;
        let mut hops = Vec::new();
        loop {
            let mut request = self.agent.get(current.as_str());
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(lm) = &validators.last_modified {
                request = request.header("If-Modified-Since", lm);
            }
            let response = request.call().map_err(|e| self.error(e))?;
            let status = response.status().as_u16();
            if (300..400).contains(&status) && status != 304 {
                let location = header(&response, "location")
                    .ok_or_else(|| NetError::Redirect(format!("a {status} redirect without a Location")))?;
                let next = current.join(&location).map_err(|e| {
                    NetError::Redirect(format!("a redirect to an unusable address `{location}`: {e}"))
                })?;
                if !matches!(next.scheme(), "http" | "https") {
                    return Err(NetError::Redirect(format!(
                        "a redirect to `{next}`, which is not http or https"
                    )));
                }
                hops.push(Hop {
                    status,
                    to: next.to_string(),
                });
                if hops.len() > self.limits.max_redirects {
                    return Err(NetError::Redirect(format!(
                        "more than {} redirects",
                        self.limits.max_redirects
                    )));
                }
                current = next;
                continue;
            }
            return self.answer(current.to_string(), hops, response);
        }
    }

    /// POSTs `body` as `content_type` to `url` (no redirects: a time-stamp service answers
    /// where it is asked) and returns the answer.
    pub fn post(&self, url: &str, content_type: &str, body: &[u8]) -> Result<Answer, NetError> {
        let target = parse(url)?;
        let response = self
            .agent
            .post(target.as_str())
            .header("Content-Type", content_type)
            .send(body)
            .map_err(|e| self.error(e))?;
        self.answer(target.to_string(), Vec::new(), response)
    }

    fn answer(
        &self,
        url: String,
        hops: Vec<Hop>,
        response: ureq::http::Response<ureq::Body>,
    ) -> Result<Answer, NetError> {
        let status = response.status().as_u16();
        let content_type = header(&response, "content-type");
        let etag = header(&response, "etag");
        let last_modified = header(&response, "last-modified");
        let retry_after = header(&response, "retry-after").and_then(|v| v.trim().parse().ok());
        let mut body = Vec::new();
        // One byte over the limit tells a body that is exactly the limit from a longer one,
        // and nothing past it is read into memory.
        response
            .into_body()
            .into_reader()
            .take(self.limits.max_bytes + 1)
            .read_to_end(&mut body)
            .map_err(|e| self.io_error(e))?;
        let cut = body.len() as u64 > self.limits.max_bytes;
        body.truncate(self.limits.max_bytes as usize);
        Ok(Answer {
            url,
            hops,
            status,
            content_type,
            etag,
            last_modified,
            retry_after,
            body,
            cut,
        })
    }

    fn error(&self, e: ureq::Error) -> NetError {
        match e {
            ureq::Error::HostNotFound => NetError::Resolve,
            ureq::Error::Timeout(_) => NetError::Timeout(self.limits.total.as_secs()),
            ureq::Error::Io(io) => self.io_error(io),
            ureq::Error::ConnectionFailed => NetError::Connect("the connection failed".into()),
            ureq::Error::BadUri(m) => NetError::Address(m),
            ureq::Error::Tls(m) => NetError::Tls(m.to_string()),
            ureq::Error::Rustls(r) => NetError::Tls(r.to_string()),
            other => NetError::Protocol(other.to_string()),
        }
    }

    fn io_error(&self, e: std::io::Error) -> NetError {
        use std::io::ErrorKind as K;
        // ureq reports a body read past the time limit as an io error wrapping its own.
        if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<ureq::Error>())
            && matches!(inner, ureq::Error::Timeout(_))
        {
            return NetError::Timeout(self.limits.total.as_secs());
        }
        // The system resolver's failure reaches us as an uncategorised io error; std words it
        // "failed to lookup address information" on every Unix.
        if e.to_string().contains("failed to lookup address") {
            return NetError::Resolve;
        }
        // A refused certificate or handshake arrives as an io error wrapping rustls' own.
        if let Some(tls) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
            return NetError::Tls(tls.to_string());
        }
        match e.kind() {
            K::TimedOut | K::WouldBlock => NetError::Timeout(self.limits.total.as_secs()),
            K::ConnectionRefused | K::ConnectionReset | K::NetworkUnreachable | K::HostUnreachable => {
                NetError::Connect(e.to_string())
            }
            _ => NetError::Protocol(e.to_string()),
        }
    }
}

fn parse(url: &str) -> Result<url::Url, NetError> {
    let parsed =
        url::Url::parse(url).map_err(|e| NetError::Address(format!("`{url}` is not an address: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(NetError::Address(format!(
            "`{url}` is not http or https: only web pages are fetched"
        )));
    }
    Ok(parsed)
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The host of `url` (lower case, with its port when one is given), for grouping requests.
pub fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(match parsed.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}
