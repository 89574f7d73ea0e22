//! Web server configurations written with the site (`server/`), for the headers a static
//! page cannot set in HTML: `frame-ancestors`, X-Frame-Options, X-Content-Type-Options and
//! Strict-Transport-Security work only as HTTP headers. docs/site-security.md explains each.

use super::pages::CSP;

/// The policy the server sends: the pages' own, plus framing refused.
pub fn header_csp() -> String {
    format!("{CSP}; frame-ancestors 'none'")
}

const NGINX: &str = include_str!("server/nginx.conf");
const APACHE: &str = include_str!("server/apache.conf");

/// `server/nginx.conf` and `server/apache.conf`, with the policy filled in.
pub fn configs() -> Vec<(String, String)> {
    vec![
        ("server/nginx.conf".into(), NGINX.replace("@CSP@", &header_csp())),
        (
            "server/apache.conf".into(),
            APACHE.replace("@CSP@", &header_csp()),
        ),
    ]
}
