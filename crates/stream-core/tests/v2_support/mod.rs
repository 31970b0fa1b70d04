//! Helpers shared by the v2 coverage tests: a config, building a request, reading its body and
//! query, and checking a parser.
use serde_json::{Map, Value, json};
use stream_core::{ApiSecret, Config, Endpoint, Error, Request, Response};

pub fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .base_url("http://127.0.0.1:8000")
        .build()
        .expect("config")
}

pub fn req<E: Endpoint>(e: &E) -> Request {
    config().build_request(e).expect("builds")
}

pub fn body(r: &Request) -> Value {
    serde_json::from_slice(&r.body.as_ref().expect("a body").bytes).expect("json body")
}

/// `name=value` from the request's query string, percent-decoding nothing.
pub fn query(r: &Request, name: &str) -> Option<String> {
    let q = r.url.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// `{"id": {"$eq": "alice"}}`.
pub fn filter() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!({"$eq": "alice"}));
    m
}

/// Each parser reads a minimal 2xx body, and a body of the wrong shape is a decode error that
/// names the operation (so a log line says which call broke).
pub fn parses<E: Endpoint>(e: E, ok: &str, op: &str)
where
    E::Output: std::fmt::Debug,
{
    e.parse(Response::new(200, ok.to_owned()))
        .unwrap_or_else(|err| panic!("{op}: {err}"));
    let err = e.parse(Response::new(200, "[1,2]")).unwrap_err();
    match &err {
        Error::Decode(d) => assert_eq!(d.op, op),
        other => panic!("{op}: expected a decode error, got {other:?}"),
    }
}
