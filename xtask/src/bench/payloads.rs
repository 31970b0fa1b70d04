//! The canned bodies the bench server answers with, made from stream-core's test fixtures.
use serde_json::{Value, json};

/// Page sizes the server knows: a request whose query has `limit=100` gets a 100-activity page.
pub(crate) const BIG_PAGE: usize = 100;
/// Distinct 100-activity pages, each linking to the next (the last links to itself): enough for
/// the paginator's 10,000 activities plus one.
pub(crate) const BIG_PAGES: usize = 101;

/// Response bodies.
pub(crate) struct Payloads {
    /// `feed_flat_25.json`: 25 activities with custom fields, ~6.5 KB.
    pub(crate) page25: Vec<u8>,
    /// Pages of 100 activities (the flat fixture's, cycled, ids distinct across pages), each
    /// with a `next` link whose `id_lt` is its last id.
    pub(crate) pages100: Vec<Vec<u8>>,
    /// The `id_lt` value that asks for each page after the first (index 1 onwards).
    pub(crate) id_lts: Vec<String>,
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
        let id = |page: usize, i: usize| format!("5f3a0000-0000-11ee-8080-8002{page:04x}{i:04x}");
        let mut pages100 = Vec::with_capacity(BIG_PAGES);
        let mut id_lts = vec![String::new()];
        for page in 0..BIG_PAGES {
            let big: Vec<Value> = (0..BIG_PAGE)
                .map(|i| {
                    let mut a = results[i % results.len()].clone();
                    a["id"] = id(page, i).into();
                    a
                })
                .collect();
            // A real feed pages to older activities; the last canned page links to itself.
            let last = id(page, BIG_PAGE - 1);
            let body = json!({
                "results": big,
                "next": format!("/api/v1.0/feed/user/alice/?api_key=key123&id_lt={last}&limit={BIG_PAGE}"),
                "duration": "9.10ms",
            });
            pages100.push(serde_json::to_vec(&body).map_err(|e| e.to_string())?);
            id_lts.push(last);
        }
        id_lts.truncate(BIG_PAGES);
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
            pages100,
            id_lts,
            added: serde_json::to_vec(&added).map_err(|e| e.to_string())?,
        })
    }
}
