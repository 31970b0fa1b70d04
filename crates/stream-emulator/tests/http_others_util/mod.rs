//! A tiny HTTP/1.1 client over `std::net::TcpStream` for the emulator tests: sends exactly the
//! bytes given (any method, any body), with connect/read/write timeouts.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;
use stream_auth::{Action, ApiSecret, FeedScope, Resource, Scope, Signer};

/// A response: status, lower-cased headers and body.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    /// The body as JSON (`Value::Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// A header value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request and reads the whole response (the connection is closed after it).
pub fn raw(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("{method} {target} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() || matches!(method, "POST" | "PUT") {
        req.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read response");
    parse(&buf)
}

fn parse(buf: &[u8]) -> Resp {
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = buf[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for _ in 0..100_000 {
        let Some(end) = data.windows(2).position(|w| w == b"\r\n") else {
            break;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// A client for one emulator app: base address, api key and a signer for its secret.
pub struct Client {
    pub addr: SocketAddr,
    pub api_key: String,
    pub signer: Signer,
}

impl Client {
    /// For the default `key123`/`secret456` app.
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            api_key: "key123".into(),
            signer: Signer::new(&ApiSecret::new("secret456")),
        }
    }

    /// A `*/*/*` server token (what the JS client sends).
    pub fn server(&self) -> String {
        self.signer
            .scoped(&Scope::new(Resource::All, Action::All, FeedScope::All))
            .as_str()
            .to_owned()
    }

    /// A token for one resource with `*` action and feed.
    pub fn scoped(&self, resource: Resource) -> String {
        self.signer
            .scoped(&Scope::new(resource, Action::All, FeedScope::All))
            .as_str()
            .to_owned()
    }

    /// A user token.
    pub fn user(&self, user_id: &str) -> String {
        self.signer.user_token(user_id).as_str().to_owned()
    }

    /// `path` under `/api/v1.0/` (or absolute when it starts with `/`), with `api_key` and `query`.
    pub fn target(&self, path: &str, query: &str) -> String {
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/api/v1.0/{path}")
        };
        let q = if query.is_empty() {
            String::new()
        } else {
            format!("&{query}")
        };
        format!("{path}?api_key={}{q}", self.api_key)
    }

    /// A JSON request (no body when `body` is `None`).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        query: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Resp {
        let target = self.target(path, query);
        let mut headers = vec![("authorization", token), ("stream-auth-type", "jwt")];
        let bytes = body
            .map(|b| serde_json::to_vec(b).unwrap())
            .unwrap_or_default();
        if body.is_some() {
            headers.push(("content-type", "application/json"));
        }
        raw(self.addr, method, &target, &headers, &bytes)
    }

    /// Like [`Client::call`] with a server token.
    pub fn srv(&self, method: &str, path: &str, query: &str, body: Option<&Value>) -> Resp {
        self.call(method, path, query, &self.server(), body)
    }
}

/// A multipart body with one `file` part; returns (content type, body).
pub fn multipart(filename: &str, content_type: &str, data: &[u8]) -> (String, Vec<u8>) {
    let boundary = "--------------------------09a36e2bbfe20d1b15528dbc";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\ncontent-disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\ncontent-type: {content_type}\r\n\r\n").as_bytes());
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Asserts a Stream-format error with this status and code.
#[track_caller]
pub fn assert_error(r: &Resp, status: u16, code: i64) {
    let body = r.json();
    assert_eq!(r.status, status, "body: {body}");
    assert_eq!(body["code"], code, "body: {body}");
    assert_eq!(body["status_code"], status, "body: {body}");
    assert!(
        body["exception"].is_string() && body["detail"].is_string(),
        "body: {body}"
    );
}
