//! Shared helpers for the emulator's HTTP-level feed tests: a tiny blocking client (ureq, with
//! timeouts) and token minting.
#![allow(dead_code)]

use std::time::Duration;

use serde_json::Value;
use stream_auth::{Action, ApiSecret, FeedScope, Resource, Scope, Signer};
use stream_emulator::Emulator;

/// A running emulator plus a client for it.
pub struct Harness {
    pub emu: Emulator,
    agent: ureq::Agent,
    pub signer: Signer,
}

/// An answer: status and JSON body (`Value::Null` when not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    /// Panics with the body unless the status is 2xx.
    pub fn ok(self) -> Value {
        assert!(
            (200..300).contains(&self.status),
            "expected 2xx, got {} {}",
            self.status,
            self.body
        );
        self.body
    }
}

impl Harness {
    pub fn start() -> Self {
        Self::with(Emulator::start_blocking().expect("emulator starts"))
    }

    pub fn with(emu: Emulator) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let signer = Signer::new(&ApiSecret::new(emu.api_secret()));
        Self { emu, agent, signer }
    }

    /// `*/*/*`.
    pub fn server(&self) -> String {
        self.signer.scoped(&Scope::all()).into_string()
    }

    pub fn scoped(&self, r: Resource, a: Action, feed: Option<(&str, &str)>) -> String {
        let f = feed.map_or(FeedScope::All, |(s, u)| FeedScope::feed(s, u));
        self.signer.scoped(&Scope::new(r, a, f)).into_string()
    }

    pub fn user(&self, id: &str) -> String {
        self.signer.user_token(id).into_string()
    }

    /// A request to `/api/v1.0/<path>` with `api_key` added (after `?` or `&` as needed).
    pub fn api(&self, method: &str, path: &str, token: &str, body: Option<&str>) -> Answer {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = format!(
            "{}/api/v1.0/{path}{sep}api_key={}",
            self.emu.base_url(),
            self.emu.api_key()
        );
        self.raw(method, &url, Some(token), body)
    }

    /// A request to an absolute URL.
    pub fn raw(&self, method: &str, url: &str, token: Option<&str>, body: Option<&str>) -> Answer {
        let mut resp = match method {
            "GET" | "DELETE" => {
                let mut rb = if method == "GET" {
                    self.agent.get(url)
                } else {
                    self.agent.delete(url)
                };
                if let Some(t) = token {
                    rb = rb.header("Authorization", t);
                }
                match body {
                    Some(b) => rb
                        .header("Content-Type", "application/json")
                        .force_send_body()
                        .send(b),
                    None => rb.call(),
                }
            }
            _ => {
                let mut rb = match method {
                    "POST" => self.agent.post(url),
                    "PUT" => self.agent.put(url),
                    _ => self.agent.patch(url),
                };
                if let Some(t) = token {
                    rb = rb.header("Authorization", t);
                }
                rb.header("Content-Type", "application/json")
                    .send(body.unwrap_or(""))
            }
        }
        .expect("request completes");
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, body }
    }

    pub fn get(&self, path: &str) -> Value {
        self.api("GET", path, &self.server(), None).ok()
    }

    pub fn post(&self, path: &str, body: &Value) -> Value {
        self.api("POST", path, &self.server(), Some(&body.to_string()))
            .ok()
    }

    pub fn delete(&self, path: &str) -> Value {
        self.api("DELETE", path, &self.server(), None).ok()
    }

    /// Ids of a flat feed's activities, newest first.
    pub fn ids(&self, feed_path: &str) -> Vec<String> {
        let v = self.get(feed_path);
        v["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|a| a["id"].as_str().unwrap_or("").to_owned())
            .collect()
    }
}

/// Asserts a Stream error body with this status, code and exception.
pub fn assert_error(a: &Answer, status: u16, code: i64, exception: &str) {
    assert_eq!(a.status, status, "body: {}", a.body);
    assert_eq!(a.body["status_code"], status, "body: {}", a.body);
    assert_eq!(a.body["code"], code, "body: {}", a.body);
    assert_eq!(a.body["exception"], exception, "body: {}", a.body);
    assert!(a.body["detail"].is_string());
    assert!(a.body["duration"].is_string());
}
