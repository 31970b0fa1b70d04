//! Ranked reads of flat feeds (`ranking=NAME`): every activity of the feed scored by the ranking,
//! highest score first (ties newest first), paged by position in that order.

use serde_json::{Map, Value};

use super::ranking::{Ranking, number};
use super::read::Page;
use super::store::{FeedStore, as_served};
use super::time::now_us;

/// What a ranked read asks for besides paging.
#[derive(Debug)]
pub(crate) struct RankedRead<'a> {
    /// The ranking method.
    pub(crate) ranking: &'a Ranking,
    /// `ranking_vars` (`external.NAME` in the formula).
    pub(crate) external: Map<String, Value>,
    /// `withScoreVars`: each activity also carries `score_vars`.
    pub(crate) score_vars: bool,
}

/// Positions `[start, end)` of the items a page's id cursors leave, in ranked order; an id that
/// is not in the order leaves nothing.
pub(crate) fn cursor_window(ids: &[&str], page: &Page) -> (usize, usize) {
    let pos = |id: &String| ids.iter().position(|i| i == id);
    let start = match (&page.id_lt, &page.id_lte) {
        (Some(id), _) => pos(id).map_or(ids.len(), |p| p + 1),
        (None, Some(id)) => pos(id).unwrap_or(ids.len()),
        _ => 0,
    };
    let end = match (&page.id_gt, &page.id_gte) {
        (Some(id), _) => pos(id).unwrap_or(0),
        (None, Some(id)) => pos(id).map_or(0, |p| p + 1),
        _ => ids.len(),
    };
    (start, end.max(start))
}

/// A ranked page of a flat feed and whether more follow.
pub(crate) fn ranked_page(
    store: &FeedStore,
    feed: &str,
    page: &Page,
    read: &RankedRead<'_>,
) -> (Vec<Value>, bool) {
    let Some(f) = store.feeds.get(feed) else {
        return (Vec::new(), false);
    };
    let now = now_us() as f64 / 1e6;
    let mut scored: Vec<_> = f
        .entries
        .values()
        .filter_map(|e| {
            let a = store.activities.get(&e.id)?;
            let s = read
                .ranking
                .score(&a.data, a.time_us as f64 / 1e6, &read.external, now);
            Some((s, a.time_us, e))
        })
        .collect();
    scored.sort_by(|(a, ta, ea), (b, tb, eb)| {
        b.score
            .total_cmp(&a.score)
            .then(tb.cmp(ta))
            .then(eb.id.cmp(&ea.id))
    });
    let ids: Vec<&str> = scored.iter().map(|(_, _, e)| e.id.as_str()).collect();
    let (start, end) = cursor_window(&ids, page);
    let window = scored.get(start..end).unwrap_or(&[]);
    let out: Vec<Value> = window
        .iter()
        .skip(page.offset)
        .take(page.limit)
        .filter_map(|(s, _, e)| {
            let a = store.activities.get(&e.id)?;
            let mut v = as_served(a.data.clone(), e.origin.as_deref());
            if let Some(o) = v.as_object_mut() {
                o.insert("score".into(), number(s.score));
                if read.score_vars {
                    o.insert("score_vars".into(), Value::Object(s.vars.clone()));
                }
            }
            Some(v)
        })
        .collect();
    let more = window.len() > page.offset.saturating_add(out.len());
    (out, more)
}
