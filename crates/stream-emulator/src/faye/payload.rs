//! The message published on a feed channel for one feed change.
use serde_json::{Map, Value, json};

use crate::state::FeedChange;

/// The channel of feed `slug:user` in app `app_id`.
pub(crate) fn channel_of(app_id: &str, feed_id: &str) -> String {
    format!("/site-{app_id}-feed-{}", feed_id.replace(':', ""))
}

/// The `data` of the message for `change`, as Stream shapes it.
pub(crate) fn data_of(change: &FeedChange, published_at: String) -> Value {
    let app_id = match change.app_id.parse::<u64>() {
        Ok(n) => json!(n),
        Err(_) => json!(change.app_id),
    };
    let mut m = Map::new();
    m.insert("deleted".into(), json!(change.deleted));
    m.insert(
        "deleted_foreign_ids".into(),
        Value::Array(
            change
                .deleted_foreign_ids
                .iter()
                .map(|(f, t)| json!([f, t]))
                .collect(),
        ),
    );
    m.insert("new".into(), Value::Array(change.new.clone()));
    m.insert("app_id".into(), app_id);
    m.insert("feed".into(), json!(change.feed_id));
    m.insert("mark_read".into(), json!(change.mark_read));
    m.insert("mark_seen".into(), json!(change.mark_seen));
    m.insert("published_at".into(), json!(published_at));
    Value::Object(m)
}
