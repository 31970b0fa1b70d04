//! Validating and normalising activities as the service does: required actor/verb/object
//! (stored as strings), time parsing and formatting, `to` targets, ids; dotted-path updates.

use serde_json::{Map, Value};
use stream_models::{FeedSlug, UserId};

use super::ids::{id_for_content, id_for_foreign_id};
use super::time::{format_time, now_us, parse_time};
use crate::error::{ApiError, ApiResult};

/// Most `to` targets of one activity.
pub(crate) const MAX_TO_TARGETS: usize = 100;

/// An activity ready to store.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PreparedActivity {
    /// Its id.
    pub(crate) id: String,
    /// Its time (µs since the epoch).
    pub(crate) time_us: i64,
    /// Bare target feed ids from `to`.
    pub(crate) to: Vec<String>,
    /// The activity as served.
    pub(crate) data: Map<String, Value>,
}

/// Sort key of an activity in a feed: `time|id` (fixed-width time, so keys sort by time then id).
pub(crate) fn feed_key(time_us: i64, id: &str) -> String {
    format!("{}|{id}", format_time(time_us))
}

/// Validates a `slug:user` feed id; returns it normalised.
pub(crate) fn check_feed_id(field: &str, feed: &str) -> Result<String, ApiError> {
    let (slug, user) = feed.split_once(':').ok_or_else(|| {
        ApiError::input_field(
            field,
            format!("invalid feed id {feed:?}: expected slug:user_id"),
        )
    })?;
    check_feed_parts(slug, user)?;
    Ok(format!("{slug}:{user}"))
}

/// The feed id `slug:user` of a path's two segments, both checked.
pub(crate) fn feed_of(slug: &str, user: &str) -> ApiResult<String> {
    check_feed_parts(slug, user)?;
    Ok(format!("{slug}:{user}"))
}

/// Validates a feed slug and user id.
pub(crate) fn check_feed_parts(slug: &str, user: &str) -> Result<(), ApiError> {
    FeedSlug::new(slug).map_err(|e| {
        ApiError::input_field("feed_slug", format!("invalid feed slug {slug:?}: {e}"))
    })?;
    UserId::new(user)
        .map_err(|e| ApiError::input_field("user_id", format!("invalid user id {user:?}: {e}")))?;
    Ok(())
}

fn as_string_field(
    m: &mut Map<String, Value>,
    field: &str,
    required: bool,
) -> Result<(), ApiError> {
    let v = match m.get(field) {
        None | Some(Value::Null) if required => {
            return Err(ApiError::input_field(
                field,
                format!("{field} is a required field"),
            ));
        }
        None | Some(Value::Null) => return Ok(()),
        Some(Value::String(s)) if required && s.is_empty() => {
            return Err(ApiError::input_field(
                field,
                format!("{field} is a required field"),
            ));
        }
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(_) => {
            return Err(ApiError::input_field(
                field,
                format!("{field} must be a string"),
            ));
        }
    };
    if v.len() > 255 && field != "object" {
        return Err(ApiError::input_field(
            field,
            format!("{field} is longer than 255 characters"),
        ));
    }
    m.insert(field.to_owned(), Value::String(v));
    Ok(())
}

/// Parses the `time` of an activity (a string in any client format); `None` when absent.
pub(crate) fn parse_time_field(v: Option<&Value>) -> Result<Option<i64>, ApiError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => parse_time(s)
            .map(Some)
            .ok_or_else(|| ApiError::input_field("time", format!("invalid timestamp {s:?}"))),
        Some(other) => Err(ApiError::input_field(
            "time",
            format!("invalid timestamp {other}"),
        )),
    }
}

fn parse_to(v: Option<&Value>) -> Result<Vec<String>, ApiError> {
    let list = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(_) => return Err(ApiError::input_field("to", "to must be a list of feed ids")),
    };
    if list.len() > MAX_TO_TARGETS {
        return Err(ApiError::input_field(
            "to",
            format!("at most {MAX_TO_TARGETS} to targets are allowed"),
        ));
    }
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        let s = item
            .as_str()
            .ok_or_else(|| ApiError::input_field("to", "to entries must be strings"))?;
        // Python sends "user:bob <token>" (the old signature form); the feed id is the first word.
        let feed = s.split_whitespace().next().unwrap_or("");
        let feed = check_feed_id("to", feed)?;
        if !out.contains(&feed) {
            out.push(feed);
        }
    }
    Ok(out)
}

/// Validates and normalises a new activity (an add body or one of `activities`).
pub(crate) fn prepare(v: &Value) -> Result<PreparedActivity, ApiError> {
    let Value::Object(m) = v else {
        return Err(ApiError::input("an activity must be a JSON object"));
    };
    let mut m = m.clone();
    for field in ["actor", "verb", "object"] {
        as_string_field(&mut m, field, true)?;
    }
    as_string_field(&mut m, "target", false)?;
    as_string_field(&mut m, "foreign_id", false)?;
    let explicit_time = parse_time_field(m.get("time"))?;
    let time_us = explicit_time.unwrap_or_else(now_us);
    let to = parse_to(m.get("to"))?;
    m.remove("id");
    m.remove("origin");
    m.remove("duration");
    if m.contains_key("to") {
        m.insert(
            "to".into(),
            Value::Array(to.iter().cloned().map(Value::String).collect()),
        );
    }
    m.insert("time".into(), Value::String(format_time(time_us)));
    let foreign_id = m
        .get("foreign_id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let id = match &foreign_id {
        Some(fid) => id_for_foreign_id(fid, time_us),
        None => {
            let content = serde_json::to_string(&m).unwrap_or_default();
            id_for_content(&content, time_us)
        }
    };
    let mut data = Map::with_capacity(m.len() + 1);
    data.insert("id".into(), Value::String(id.clone()));
    data.extend(m);
    Ok(PreparedActivity {
        id,
        time_us,
        to,
        data,
    })
}

/// Top-level fields a partial update may not change.
const FROZEN: [&str; 3] = ["id", "foreign_id", "time"];

fn check_path(path: &str) -> Result<Vec<&str>, ApiError> {
    let parts: Vec<&str> = path.split('.').collect();
    if path.is_empty() || parts.iter().any(|p| p.is_empty()) || parts.len() > 32 {
        return Err(ApiError::input_field(
            "set",
            format!("invalid field path {path:?}"),
        ));
    }
    if FROZEN.contains(&parts[0]) {
        return Err(ApiError::input_field(
            parts[0],
            format!("field {:?} cannot be updated", parts[0]),
        ));
    }
    Ok(parts)
}

/// Applies `set` (dotted paths create/replace nested keys) and `unset` (dotted paths removed).
pub(crate) fn apply_partial(
    data: &mut Map<String, Value>,
    set: &Map<String, Value>,
    unset: &[String],
) -> Result<(), ApiError> {
    let mut updates = Vec::with_capacity(set.len());
    for (path, value) in set {
        let parts = check_path(path)?;
        let mut value = value.clone();
        if parts.len() == 1 && matches!(parts[0], "actor" | "verb" | "object" | "target") {
            value = match value {
                Value::Number(n) => Value::String(n.to_string()),
                Value::String(s) => Value::String(s),
                _ => {
                    return Err(ApiError::input_field(
                        parts[0],
                        format!("{} must be a string", parts[0]),
                    ));
                }
            };
        }
        updates.push((parts, value));
    }
    for path in unset {
        let parts = check_path(path)?;
        if parts.len() == 1 && matches!(parts[0], "actor" | "verb" | "object") {
            return Err(ApiError::input_field(
                parts[0],
                format!("field {:?} cannot be unset", parts[0]),
            ));
        }
    }
    for (parts, value) in updates {
        let (last, init) = parts.split_last().unwrap_or((&"", &[]));
        let mut cur = &mut *data;
        for p in init {
            let slot = cur
                .entry((*p).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            let Value::Object(o) = slot else {
                return Err(ApiError::input("invalid field path"));
            };
            cur = o;
        }
        cur.insert((*last).to_owned(), value);
    }
    for path in unset {
        let parts: Vec<&str> = path.split('.').collect();
        let (last, init) = parts.split_last().unwrap_or((&"", &[]));
        let mut cur = Some(&mut *data);
        for p in init {
            cur = cur
                .and_then(|c| c.get_mut(*p))
                .and_then(Value::as_object_mut);
        }
        if let Some(c) = cur {
            c.remove(*last);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prepare_normalises() {
        let p = prepare(
            &json!({"actor": 1, "verb": "tweet", "object": 3, "foreign_id": "f:1",
            "time": "2024-01-02T03:04:05.678Z", "to": ["user:bob <tok>", "user:carol"]}),
        )
        .unwrap();
        assert_eq!(p.data["object"], "3");
        assert_eq!(p.data["time"], "2024-01-02T03:04:05.678000");
        assert_eq!(p.to, vec!["user:bob", "user:carol"]);
        assert_eq!(p.data["to"], json!(["user:bob", "user:carol"]));
        assert!(prepare(&json!({"verb": "x", "object": "y"})).is_err());
        assert!(
            prepare(&json!({"actor": "a", "verb": "x", "object": "y", "to": "user:bob"})).is_err()
        );
        assert!(
            prepare(&json!({"actor": "a", "verb": "x", "object": "y", "time": "nope"})).is_err()
        );
        assert!(prepare(&json!([1])).is_err());
    }

    #[test]
    fn dotted_paths() {
        let mut d = json!({"product": {"name": "shoes", "price": 9.99, "color": "blue"}, "x": 1});
        let set = json!({"product.name": "boots", "foo.bar.baz": "qux", "x.y": 2});
        let Value::Object(ref mut m) = d else {
            unreachable!()
        };
        apply_partial(
            m,
            set.as_object().unwrap(),
            &["product.color".into(), "nope.nope".into()],
        )
        .unwrap();
        assert_eq!(
            d,
            json!({"product": {"name": "boots", "price": 9.99}, "x": {"y": 2}, "foo": {"bar": {"baz": "qux"}}})
        );
        let mut m = Map::new();
        assert!(apply_partial(&mut m, json!({"id": 1}).as_object().unwrap(), &[]).is_err());
        assert!(apply_partial(&mut m, json!({"a..b": 1}).as_object().unwrap(), &[]).is_err());
    }
}
