//! How a reaction is served: its stored fields, `user` (`{}` until enrichment puts the user's
//! object there), `latest_children`, `children_counts`, `target_feeds` when it has targets and
//! (for a given user) `own_children`.

use serde_json::{Map, Value, json};

use super::store::{LATEST_CHILDREN_LIMIT, MAX_DEPTH, Reaction, ReactionStore};

impl ReactionStore {
    /// A reaction as the service returns it: `id, kind, activity_id, user_id, user, data,
    /// created_at, updated_at, parent, latest_children, children_counts`, plus `target_feeds`
    /// when it has targets and `own_children` when `own_user` is given.
    pub(crate) fn to_json(&self, r: &Reaction, own_user: Option<&str>) -> Value {
        self.to_json_at(r, own_user, 0)
    }

    /// [`ReactionStore::to_json`] at nesting `level`; children below [`MAX_DEPTH`] levels are
    /// not rendered (bounds the recursion even for a hand-edited data file with a parent cycle).
    fn to_json_at(&self, r: &Reaction, own_user: Option<&str>, level: u8) -> Value {
        let children = if level < MAX_DEPTH {
            self.newest_first(|c| c.parent == r.id)
        } else {
            Vec::new()
        };
        let mut latest: Map<String, Value> = Map::new();
        let mut counts: Map<String, Value> = Map::new();
        let mut own: Map<String, Value> = Map::new();
        for c in &children {
            let n = counts.get(&c.kind).and_then(Value::as_u64).unwrap_or(0);
            counts.insert(c.kind.clone(), json!(n + 1));
            push_limited(
                &mut latest,
                &c.kind,
                self.to_json_at(c, own_user, level + 1),
                LATEST_CHILDREN_LIMIT,
            );
            if own_user == Some(c.user_id.as_str()) {
                push_limited(
                    &mut own,
                    &c.kind,
                    self.to_json_at(c, own_user, level + 1),
                    LATEST_CHILDREN_LIMIT,
                );
            }
        }
        let mut out = json!({
            "created_at": r.created_at,
            "updated_at": r.updated_at,
            "id": r.id,
            "user_id": r.user_id,
            "user": {},
            "kind": r.kind,
            "activity_id": r.activity_id,
            "data": r.data,
            "parent": r.parent,
            "latest_children": latest,
            "children_counts": counts,
        });
        if let Some(obj) = out.as_object_mut() {
            if !r.target_feeds.is_empty() {
                obj.insert("target_feeds".into(), json!(r.target_feeds));
            }
            if own_user.is_some() {
                obj.insert("own_children".into(), Value::Object(own));
            }
            if let Some(d) = &r.deleted_at {
                obj.insert("deleted_at".into(), Value::String(d.clone()));
            }
        }
        out
    }
}

/// Appends `value` to the list under `kind` unless it already holds `limit` entries.
pub(crate) fn push_limited(map: &mut Map<String, Value>, kind: &str, value: Value, limit: usize) {
    let entry = map
        .entry(kind.to_owned())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = entry {
        if list.len() < limit {
            list.push(value);
        }
    }
}
