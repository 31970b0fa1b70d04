//! Pages for the other stores (reactions, collections, users, v2 users and calls) and the
//! request log. Stores are shown as they serialize (the snapshot file's shape), so the pages
//! follow the stores without knowing their internals.

use std::fmt::Write as _;

use axum::extract::{Query, State};
use axum::response::Response;
use serde_json::{Map, Value};

use super::Explorer;
use super::html::{esc, page, pager, table, text_of, unknown_app};
use super::pages::{PER_PAGE, PageQuery};

/// The longest cell text shown (longer values are cut, with an ellipsis).
const MAX_CELL: usize = 300;

/// `value` as a cell: escaped text, cut to [`MAX_CELL`] characters.
fn cell(value: &Value) -> String {
    let text = text_of(value);
    if text.chars().count() > MAX_CELL {
        let cut: String = text.chars().take(MAX_CELL).collect();
        format!("{}…", esc(&cut))
    } else {
        esc(&text)
    }
}

/// A computed column: its name and how a row's cell is made (escaped text).
type Column<'a> = (&'a str, &'a dyn Fn(&Map<String, Value>) -> String);

/// One page of `items` as a table whose columns are their keys (in first-seen order), plus
/// `extra` columns computed per item.
fn object_table(
    items: &[&Map<String, Value>],
    q: &PageQuery,
    base: &str,
    extra: &[Column<'_>],
) -> String {
    let shown: Vec<&&Map<String, Value>> = items
        .iter()
        .skip(q.page().saturating_mul(PER_PAGE))
        .take(PER_PAGE)
        .collect();
    let mut head: Vec<&str> = Vec::new();
    for item in &shown {
        for k in item.keys() {
            if !head.contains(&k.as_str()) {
                head.push(k);
            }
        }
    }
    let rows: Vec<Vec<String>> = shown
        .iter()
        .map(|item| {
            let mut row: Vec<String> = head
                .iter()
                .map(|k| item.get(*k).map(cell).unwrap_or_default())
                .collect();
            row.extend(extra.iter().map(|(_, f)| f(item)));
            row
        })
        .collect();
    head.extend(extra.iter().map(|(name, _)| *name));
    let mut out = table("store", &head, &rows);
    out.push_str(&pager(base, q.page(), PER_PAGE, items.len()));
    out
}

/// The objects of `value[key]` (a map of id → object), in key order.
fn objects<'a>(value: &'a Value, key: &str) -> Vec<&'a Map<String, Value>> {
    value
        .get(key)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::values)
        .filter_map(Value::as_object)
        .collect()
}

/// Serializes one store of the app `q` names; `None` for an unknown app.
fn store_of(
    ex: &Explorer,
    q: &PageQuery,
    pick: impl FnOnce(&crate::state::AppState) -> Value,
) -> Option<Value> {
    let app = ex.app(q.app.as_deref())?;
    let data = app.lock();
    Some(pick(&data))
}

fn base(path: &str, q: &PageQuery) -> String {
    format!("{path}{}", super::html::app_query(q.app.as_deref(), '?'))
}

/// `/explorer/reactions`: every reaction, with its parent and how many children it has.
pub(crate) async fn reactions(State(ex): State<Explorer>, Query(q): Query<PageQuery>) -> Response {
    let Some(store) = store_of(&ex, &q, |d| {
        serde_json::to_value(&d.reactions).unwrap_or_default()
    }) else {
        return unknown_app(q.app.as_deref());
    };
    let items = objects(&store, "reactions");
    let children = |r: &Map<String, Value>| {
        let id = r.get("id");
        items
            .iter()
            .filter(|c| c.get("parent") == id)
            .count()
            .to_string()
    };
    let body = format!(
        "<h1>Reactions <small>{}</small></h1>{}",
        items.len(),
        object_table(
            &items,
            &q,
            &base("/explorer/reactions", &q),
            &[("children", &children)]
        )
    );
    page("Reactions", q.app.as_deref(), &body)
}

/// `/explorer/collections`: every collection entry, by collection.
pub(crate) async fn collections(
    State(ex): State<Explorer>,
    Query(q): Query<PageQuery>,
) -> Response {
    let Some(store) = store_of(&ex, &q, |d| {
        serde_json::to_value(&d.collections).unwrap_or_default()
    }) else {
        return unknown_app(q.app.as_deref());
    };
    let items: Vec<&Map<String, Value>> = store
        .get("collections")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(Map::values)
        .filter_map(Value::as_object)
        .flat_map(Map::values)
        .filter_map(Value::as_object)
        .collect();
    let body = format!(
        "<h1>Collections <small>{}</small></h1>{}",
        items.len(),
        object_table(&items, &q, &base("/explorer/collections", &q), &[])
    );
    page("Collections", q.app.as_deref(), &body)
}

/// `/explorer/users`: every v1 user.
pub(crate) async fn users(State(ex): State<Explorer>, Query(q): Query<PageQuery>) -> Response {
    let Some(store) = store_of(&ex, &q, |d| {
        serde_json::to_value(&d.users).unwrap_or_default()
    }) else {
        return unknown_app(q.app.as_deref());
    };
    let items = objects(&store, "users");
    let body = format!(
        "<h1>Users <small>{}</small></h1>{}",
        items.len(),
        object_table(&items, &q, &base("/explorer/users", &q), &[])
    );
    page("Users", q.app.as_deref(), &body)
}

/// `/explorer/v2`: v2 users and video calls (with members and settings).
pub(crate) async fn v2(State(ex): State<Explorer>, Query(q): Query<PageQuery>) -> Response {
    let Some(store) = store_of(&ex, &q, |d| serde_json::to_value(&d.v2).unwrap_or_default()) else {
        return unknown_app(q.app.as_deref());
    };
    let users = objects(&store, "users");
    let calls = objects(&store, "calls");
    let mut body = format!("<h1>v2 users <small>{}</small></h1>", users.len());
    body.push_str(&object_table(&users, &q, &base("/explorer/v2", &q), &[]));
    let _ = write!(body, "<h1>Calls <small>{}</small></h1>", calls.len());
    body.push_str(&object_table(&calls, &q, &base("/explorer/v2", &q), &[]));
    page("v2 users and calls", q.app.as_deref(), &body)
}

/// `/explorer/requests`: the newest request lines, newest first.
pub(crate) async fn requests(State(ex): State<Explorer>) -> Response {
    let rows: Vec<Vec<String>> = ex
        .hub
        .lines()
        .iter()
        .map(|line| vec![format!("<code>{}</code>", esc(line))])
        .collect();
    let body = format!(
        "<h1>Requests</h1><p>The newest API requests (method, path without the query, status, \
         duration, app), newest first.</p>{}",
        table("requests", &["request"], &rows)
    );
    page("Requests", None, &body)
}
