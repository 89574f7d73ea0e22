//! A small HTTP/1.1 server on 127.0.0.1 for the source-check tests: each request is answered
//! by a function of its path and headers, on its own thread, and every request is counted.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// What the handler sees of a request.
pub struct Request {
    /// The path, with its query.
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
}

/// How to answer.
pub enum Reply {
    /// Status, headers and body, sent at once.
    Full(u16, Vec<(String, String)>, Vec<u8>),
    /// Headers of a 200 and then nothing, for `secs` seconds (a stalled server).
    Stall(u64),
    /// A 200 whose body is `bytes` long, written in chunks (a huge page).
    Endless(usize),
}

impl Reply {
    /// A 200 HTML page.
    pub fn html(body: &str) -> Reply {
        Reply::Full(
            200,
            vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body.as_bytes().to_vec(),
        )
    }

    /// A status with no body.
    pub fn status(code: u16) -> Reply {
        Reply::Full(code, Vec::new(), Vec::new())
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A running server; stops accepting when dropped (the threads end with the test process).
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    /// Serves `handler` on a free port.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let counted = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = handler.clone();
                let counted = counted.clone();
                std::thread::spawn(move || serve(stream, &*handler, &counted));
            }
        });
        Server { base, hits }
    }

    /// The address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// How many requests `path` had.
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().expect("hits").get(path).copied().unwrap_or(0)
    }
}

fn serve(stream: TcpStream, handler: &Handler, hits: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    *hits.lock().expect("hits").entry(path.clone()).or_default() += 1;
    let mut out = stream;
    match handler(&Request { path, headers }) {
        Reply::Full(code, headers, body) => {
            let mut head = format!(
                "HTTP/1.1 {code} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = out.write_all(head.as_bytes()).and_then(|_| out.write_all(&body));
        }
        Reply::Stall(secs) => {
            let _ = out.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\nConnection: close\r\n\r\n<html>");
            std::thread::sleep(std::time::Duration::from_secs(secs));
        }
        Reply::Endless(len) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
            );
            if out.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < len {
                let n = chunk.len().min(len - sent);
                // The client stops reading at its limit and closes: the write fails and the
                // rest is never produced.
                if out.write_all(&chunk[..n]).is_err() {
                    return;
                }
                sent += n;
            }
        }
    }
}
