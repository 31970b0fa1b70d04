//! Loads the official clients' wire recordings and compares our built requests with them.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};
use stream_core::{ApiSecret, Config, Request, Signer};

/// One recorded request.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub client: &'static str,
    pub op: String,
    pub method: String,
    /// e.g. `/api/v1.0/feed/user/alice/`
    pub path: String,
    /// Decoded query, key → values (as recorded: sorted values).
    pub query: BTreeMap<String, Vec<String>>,
    /// Parsed JSON body (or the multipart description), `None` when absent.
    pub body: Option<Value>,
    /// Decoded JWT claims.
    pub claims: Option<Map<String, Value>>,
    pub headers: Map<String, Value>,
}

fn load(client: &'static str, file: &str) -> Vec<Recorded> {
    let path = format!(
        "{}/../../tests/fixtures/golden/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "request")
        .map(|v| Recorded {
            client,
            op: v["op"].as_str().unwrap_or_default().to_owned(),
            method: v["method"].as_str().unwrap_or_default().to_owned(),
            path: v["path"].as_str().unwrap_or_default().to_owned(),
            query: serde_json::from_value(v["query"].clone()).unwrap_or_default(),
            body: match &v["body"] {
                Value::Null => None,
                b => Some(b.clone()),
            },
            claims: v["jwt"]["claims"].as_object().cloned(),
            headers: v["headers"].as_object().cloned().unwrap_or_default(),
        })
        .collect()
}

pub fn python_all() -> &'static [Recorded] {
    static P: OnceLock<Vec<Recorded>> = OnceLock::new();
    P.get_or_init(|| load("python", "python.jsonl"))
}

pub fn js_all() -> &'static [Recorded] {
    static J: OnceLock<Vec<Recorded>> = OnceLock::new();
    J.get_or_init(|| load("js", "js.jsonl"))
}

/// The requests the Python client sent for `op` (empty when Python lacks the op).
pub fn python(op: &str) -> Vec<&'static Recorded> {
    python_all().iter().filter(|r| r.op == op).collect()
}

/// The requests the JS client sent for `op`.
pub fn js(op: &str) -> Vec<&'static Recorded> {
    js_all().iter().filter(|r| r.op == op).collect()
}

/// The config the recordings were made with: key123 / secret456, app 789.
pub fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://localhost:8000")
        .app_id("789")
        .build()
        .unwrap()
}

/// A client-side config with the user token `{"user_id":"alice"}`.
pub fn user_config() -> Config {
    let token = Signer::new(&ApiSecret::new("secret456")).user_token("alice");
    Config::builder_with_user_token("key123", token)
        .base_url("http://localhost:8000")
        .build()
        .unwrap()
}

/// Our request's path (after the origin), decoded query and claims.
pub struct Ours {
    pub method: String,
    pub path: String,
    pub query: BTreeMap<String, Vec<String>>,
    pub body: Option<Value>,
    pub claims: Map<String, Value>,
}

pub fn ours(req: &Request) -> Ours {
    let url = &req.url;
    let after_origin = &url[url.find("://").map(|i| i + 3).unwrap_or(0)..];
    let path_and_query = &after_origin[after_origin.find('/').unwrap_or(0)..];
    let (path, q) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut query: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        query
            .entry(stream_core::encode::decode_component(k))
            .or_default()
            .push(stream_core::encode::decode_component(v));
    }
    for v in query.values_mut() {
        v.sort();
    }
    let token = req.header("Authorization").expect("Authorization header");
    let claims = stream_core::auth::dangerous::decode_unverified(token)
        .expect("our JWT decodes")
        .into_map();
    Signer::new(&ApiSecret::new("secret456"))
        .verify(token, 0)
        .expect("our JWT verifies with secret456");
    let body = req
        .body
        .as_ref()
        .and_then(|b| serde_json::from_slice(&b.bytes).ok());
    Ours {
        method: req.method.as_str().to_owned(),
        path: path.to_owned(),
        query,
        body,
        claims,
    }
}

/// Does a token with `granted` claims allow what `needed` claims allow? (resource/action/feed_id
/// match exactly or are `*`; user_id, when needed, must match or be `*`.)
pub fn grants_at_least(granted: &Map<String, Value>, needed: &Map<String, Value>) -> bool {
    let covers = |k: &str| match (granted.get(k), needed.get(k)) {
        (_, None) => true,
        (Some(Value::String(g)), Some(Value::String(n))) => g == "*" || g == n,
        _ => false,
    };
    covers("resource") && covers("action") && covers("feed_id")
}

/// Asserts `ours` matches `rec` in method, path, query (except the keys in `skip_query`), body
/// (when `compare_body`) and the auth/content headers ([`crate::headers::assert_headers`], with
/// `Content-Type` expected exactly when the recording has a body).
pub fn assert_matches(req: &Request, rec: &Recorded, skip_query: &[&str], compare_body: bool) {
    let o = ours(req);
    assert_eq!(o.method, rec.method, "{} ({}): method", rec.op, rec.client);
    assert_eq!(o.path, rec.path, "{} ({}): path", rec.op, rec.client);
    let strip = |q: &BTreeMap<String, Vec<String>>| -> BTreeMap<String, Vec<String>> {
        q.iter()
            .filter(|(k, _)| !skip_query.contains(&k.as_str()) && k.as_str() != "location")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    assert_eq!(
        strip(&o.query),
        strip(&rec.query),
        "{} ({}): query",
        rec.op,
        rec.client
    );
    if compare_body {
        assert_eq!(o.body, rec.body, "{} ({}): body", rec.op, rec.client);
    }
    crate::headers::assert_headers(req, rec, rec.body.is_some());
}

/// How [`assert_matches_with`] compares one recording.
#[derive(Default)]
pub struct Check<'a> {
    /// Query keys not compared (each use says why).
    pub skip_query: &'a [&'a str],
    /// Read the recording's Python booleans `True`/`False` as `true`/`false` (we send JS's spelling).
    pub py_bools: bool,
    /// Rewrite this part of the recorded path before comparing (e.g. JS's `/following/` → `/follows/`).
    pub path_rewrite: Option<(&'a str, &'a str)>,
    /// The body we must send: `None` = not compared; `Some(None)` = no body; `Some(Some(v))` = `v`.
    pub body: Option<Option<Value>>,
}

/// Like [`assert_matches`], with the recorded side adjusted as `check` says.
pub fn assert_matches_with(req: &Request, rec: &Recorded, check: &Check<'_>) {
    let mut rec = rec.clone();
    if check.py_bools {
        for values in rec.query.values_mut() {
            for v in values.iter_mut() {
                match v.as_str() {
                    "True" => *v = "true".to_owned(),
                    "False" => *v = "false".to_owned(),
                    _ => {}
                }
            }
        }
    }
    if let Some((from, to)) = check.path_rewrite {
        rec.path = rec.path.replace(from, to);
    }
    if let Some(expected) = &check.body {
        // A documented difference in the body (e.g. no `{}` on DELETE) also decides whether we
        // send a `Content-Type`: compare the headers against the body we must send.
        rec.body.clone_from(expected);
    }
    assert_matches(req, &rec, check.skip_query, false);
    if let Some(expected) = &check.body {
        assert_eq!(
            &ours(req).body,
            expected,
            "{} ({}): body",
            rec.op,
            rec.client
        );
    }
}

/// Our token's `resource`/`action`/`feed_id`/`user_id` claims.
pub fn scope_claims(req: &Request) -> Map<String, Value> {
    ours(req)
        .claims
        .into_iter()
        .filter(|(k, _)| matches!(k.as_str(), "resource" | "action" | "feed_id" | "user_id"))
        .collect()
}

/// Asserts our token carries exactly the claims of Python's for the same op (Python's narrow,
/// per-call scopes are the ones we mint), and that JS's broader token covers ours.
pub fn assert_scope_like_python(req: &Request, op: &str) {
    let mine = scope_claims(req);
    for rec in python(op) {
        let theirs = rec.claims.clone().unwrap_or_default();
        assert_eq!(mine, theirs, "{op} (python): claims");
        assert!(
            grants_at_least(&mine, &theirs),
            "{op}: our token must grant what python's does"
        );
    }
    for rec in js(op) {
        let theirs = rec.claims.clone().unwrap_or_default();
        if theirs.contains_key("resource") {
            assert!(
                grants_at_least(&theirs, &mine),
                "{op}: ours must be no broader than js's"
            );
        }
    }
}
