//! A small v2 client for the emulator tests: ureq with timeouts, status codes as values, the
//! server token (Python's `{}` form by default) and `stream-auth-type: jwt` on every request.
#![allow(dead_code)]

use std::time::Duration;

use serde_json::Value;
use stream_auth::{ApiSecret, Signer};
use stream_emulator::Emulator;

/// A running emulator plus an agent.
pub struct V2 {
    pub emu: Emulator,
    agent: ureq::Agent,
    pub token: String,
}

impl V2 {
    /// Starts an emulator on 127.0.0.1 with the default app.
    pub fn start() -> Self {
        Self::with(Emulator::start_blocking().expect("emulator starts"))
    }

    /// Wraps a started emulator.
    pub fn with(emu: Emulator) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let token = Signer::new(&ApiSecret::new(emu.api_secret()))
            .sign_json("{}")
            .into_string();
        Self { emu, agent, token }
    }

    /// A signer with the app secret.
    pub fn signer(&self) -> Signer {
        Signer::new(&ApiSecret::new(self.emu.api_secret()))
    }

    /// Sends `method path?api_key=..&query` with `body` and the default token.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        query: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let key = self.emu.api_key().to_owned();
        self.raw(
            method,
            path,
            &format!("api_key={key}{query}"),
            body,
            Some(&self.token),
            Some("jwt"),
        )
    }

    /// Full control over query, token and auth type.
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        query: &str,
        body: Option<&Value>,
        token: Option<&str>,
        auth_type: Option<&str>,
    ) -> (u16, Value) {
        // A path starting with `/` is taken from the root, anything else is under `/api/v2/`.
        let url = match path.strip_prefix('/') {
            Some(full) => format!("{}/{full}?{query}", self.emu.base_url()),
            None => format!("{}/api/v2/{path}?{query}", self.emu.base_url()),
        };
        let mut headers: Vec<(&str, String)> = Vec::new();
        if let Some(t) = token {
            headers.push(("authorization", t.to_owned()));
        }
        if let Some(a) = auth_type {
            headers.push(("stream-auth-type", a.to_owned()));
        }
        let result = match (method, body) {
            ("DELETE", _) => {
                let mut r = self.agent.delete(&url);
                for (k, v) in &headers {
                    r = r.header(*k, v);
                }
                r.call()
            }
            ("GET", _) => {
                let mut r = self.agent.get(&url);
                for (k, v) in &headers {
                    r = r.header(*k, v);
                }
                r.call()
            }
            (m, body) => {
                let mut r = match m {
                    "POST" => self.agent.post(&url),
                    "PATCH" => self.agent.patch(&url),
                    "PUT" => self.agent.put(&url),
                    other => panic!("method {other}"),
                };
                for (k, v) in &headers {
                    r = r.header(*k, v);
                }
                match body {
                    Some(b) => r
                        .header("content-type", "application/json")
                        .send(serde_json::to_vec(b).unwrap().as_slice()),
                    None => r.send_empty(),
                }
            }
        };
        let mut resp = result.expect("request completes");
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().expect("body reads");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// Asserts a v2 error body with `status` and `code`.
pub fn assert_v2_error(got: &(u16, Value), status: u16, code: i64) {
    let (s, body) = got;
    assert_eq!(*s, status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["StatusCode"], status, "{body}");
    for field in ["message", "duration", "more_info"] {
        assert!(body[field].is_string(), "{field} in {body}");
    }
    assert!(body["details"].is_array(), "{body}");
    assert_eq!(body["unrecoverable"], false, "{body}");
}
