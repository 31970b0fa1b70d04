//! The canned bodies the bench server answers with, made from stream-core's test fixtures.
use serde_json::{Value, json};

/// Page sizes the server knows: a request whose query has `limit=100` gets the 100-activity page.
pub(crate) const BIG_PAGE: usize = 100;

/// Response bodies.
pub(crate) struct Payloads {
    /// `feed_flat_25.json`: 25 activities with custom fields, ~6.5 KB.
    pub(crate) page25: Vec<u8>,
    /// 100 activities (the flat fixture's, cycled, distinct ids) with a `next` link.
    pub(crate) page100: Vec<u8>,
    /// The answer to an add-activity POST.
    pub(crate) added: Vec<u8>,
}

impl Payloads {
    /// Loads the fixture from the workspace and derives the other bodies.
    pub(crate) fn load() -> Result<Self, String> {
        let path =
            crate::workspace_root().join("crates/stream-core/tests/fixtures/feed_flat_25.json");
        let page25 = std::fs::read(&path).map_err(|e| format!("read {}: {e}", path.display()))?;
        let page: Value =
            serde_json::from_slice(&page25).map_err(|e| format!("fixture is not JSON: {e}"))?;
        let results = page["results"]
            .as_array()
            .filter(|r| !r.is_empty())
            .ok_or("fixture has no results")?;
        let big: Vec<Value> = (0..BIG_PAGE)
            .map(|i| {
                let mut a = results[i % results.len()].clone();
                a["id"] = format!("5f3a0000-0000-11ee-8080-8002{i:08x}").into();
                a
            })
            .collect();
        let last = format!("5f3a0000-0000-11ee-8080-8002{:08x}", BIG_PAGE - 1);
        let page100 = json!({
            "results": big,
            "next": format!("/api/v1.0/feed/user/alice/?api_key=key123&id_lt={last}&limit={BIG_PAGE}"),
            "duration": "9.10ms",
        });
        let added = json!({
            "actor": "user:alice",
            "verb": "post",
            "object": "post:1",
            "foreign_id": "post:1",
            "id": "5f3a0000-0000-11ee-8080-800300000001",
            "time": "2024-01-02T03:04:05.678900",
            "target": "",
            "origin": null,
            "to": [],
            "message": "hello",
            "duration": "1.23ms",
        });
        Ok(Self {
            page25,
            page100: serde_json::to_vec(&page100).map_err(|e| e.to_string())?,
            added: serde_json::to_vec(&added).map_err(|e| e.to_string())?,
        })
    }
}
