//! Which reactions a filter selects, and ranked filters (`ranking=NAME`): the selected
//! reactions scored by the ranking, highest first (ties newest first), paged by position in that
//! order (`id_lt` = after that reaction in the ranked order).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::store::{
    DEFAULT_FILTER_LIMIT, FilterOptions, FilterPage, Lookup, MAX_FILTER_LIMIT, Reaction,
    ReactionStore,
};
use crate::feed::{Ranking, cursor_window};

impl FilterOptions {
    /// The page size: `limit` clamped to 1..=25, 10 by default.
    pub(crate) fn page_size(&self) -> usize {
        self.limit
            .unwrap_or(DEFAULT_FILTER_LIMIT)
            .clamp(1, MAX_FILTER_LIMIT)
    }
}

/// Whether a filter for `lookup` selects `r` (before paging): its activity (top-level reactions
/// only), parent or user, `filter_user_id` and `kind`.
pub(crate) fn selected(r: &Reaction, lookup: &Lookup, opts: &FilterOptions) -> bool {
    let by = match lookup {
        Lookup::Activity(a) => r.activity_id == *a && r.parent.is_empty(),
        Lookup::Reaction(p) => r.parent == *p,
        Lookup::User(u) => r.user_id == *u,
    };
    by && opts.by_user.as_ref().is_none_or(|u| r.user_id == *u)
        && opts
            .kind
            .as_ref()
            .is_none_or(|k| k.is_empty() || r.kind == *k)
}

/// What a ranking formula reads of a reaction: its fields as served (without children), and
/// its `data` fields also by their bare names.
fn fields_of(r: &Reaction, counts: Option<&Map<String, Value>>) -> Map<String, Value> {
    let mut fields = Map::new();
    for (k, v) in &r.data {
        fields.insert(k.clone(), v.clone());
    }
    for (k, v) in [
        ("id", Value::from(r.id.as_str())),
        ("kind", Value::from(r.kind.as_str())),
        ("user_id", Value::from(r.user_id.as_str())),
        ("activity_id", Value::from(r.activity_id.as_str())),
        ("parent", Value::from(r.parent.as_str())),
        ("created_at", Value::from(r.created_at.as_str())),
        ("updated_at", Value::from(r.updated_at.as_str())),
        ("data", Value::Object(r.data.clone())),
        (
            "children_counts",
            Value::Object(counts.cloned().unwrap_or_default()),
        ),
    ] {
        fields.insert(k.into(), v);
    }
    fields
}

impl ReactionStore {
    /// Live children of each reaction, counted by kind (one pass over the store).
    fn children_counts(&self) -> HashMap<&str, Map<String, Value>> {
        let mut out: HashMap<&str, Map<String, Value>> = HashMap::new();
        for c in self.reactions.values() {
            if c.parent.is_empty() || !c.is_live() {
                continue;
            }
            let counts = out.entry(c.parent.as_str()).or_default();
            let n = counts.get(&c.kind).and_then(Value::as_u64).unwrap_or(0);
            counts.insert(c.kind.clone(), Value::from(n + 1));
        }
        out
    }

    /// One page of reactions for a lookup in `ranking`'s order. A formula reads the reaction as
    /// served (`kind`, `user_id`, `children_counts.like`, `data.x`), its `data` fields also by
    /// their bare names, `time` (its creation, Unix seconds) and `external.NAME`.
    pub(crate) fn ranked_filter(
        &self,
        lookup: &Lookup,
        opts: &FilterOptions,
        ranking: &Ranking,
        external: &Map<String, Value>,
    ) -> FilterPage {
        let limit = opts.page_size();
        let now = crate::feed::now_us() as f64 / 1e6;
        let counts = self.children_counts();
        let mut scored: Vec<(f64, &Reaction)> = self
            .newest_first(|r| selected(r, lookup, opts))
            .into_iter()
            .map(|r| {
                let fields = fields_of(r, counts.get(r.id.as_str()));
                let time = r.created_micros as f64 / 1e6;
                (ranking.score(&fields, time, external, now).score, r)
            })
            .collect();
        // Stable: equal scores keep the newest-first order.
        scored.sort_by(|(a, _), (b, _)| b.total_cmp(a));
        let ids: Vec<&str> = scored.iter().map(|(_, r)| r.id.as_str()).collect();
        let page = crate::feed::Page {
            limit,
            id_lt: opts.id_lt.clone(),
            id_lte: opts.id_lte.clone(),
            id_gt: opts.id_gt.clone(),
            id_gte: opts.id_gte.clone(),
            ..crate::feed::Page::default()
        };
        let (start, end) = cursor_window(&ids, &page);
        let window = scored.get(start..end).unwrap_or(&[]);
        self.page_of(window.iter().map(|(_, r)| *r), limit, opts)
    }
}
