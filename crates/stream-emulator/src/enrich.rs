//! Enrichment on `enrich/` reads: `SU:<user>`, `SO:<collection>:<id>`, `SA:<activity>` and
//! `SR:<reaction>` references in top-level activity fields become the referenced objects (a
//! referenced activity has its own user and object references resolved), and reactions are attached
//! (`latest_reactions`, `own_reactions`, `reaction_counts`) as the query asks.

use serde_json::{Map, Value, json};

use crate::auth::Caller;
use crate::collections::CollectionStore;
use crate::feed::FeedStore;
use crate::query::{Params, encode_component};
use crate::reactions::{Reaction, ReactionStore, push_limited};
use crate::state::AppState;
use crate::users::UserStore;

/// How many latest reactions per kind are attached without `recentReactionsLimit`.
pub(crate) const DEFAULT_RECENT_REACTIONS: usize = 5;
/// The largest `recentReactionsLimit` honoured.
pub(crate) const MAX_RECENT_REACTIONS: usize = 25;

/// What an enriched read asks for (`withRecentReactions`, `withOwnReactions`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct EnrichOptions {
    /// Attach `latest_reactions`.
    pub(crate) recent_reactions: bool,
    /// Attach `own_reactions` (of `user_id`).
    pub(crate) own_reactions: bool,
    /// Attach `reaction_counts`.
    pub(crate) reaction_counts: bool,
    /// Add `own_children` to attached reactions.
    pub(crate) own_children: bool,
    /// Latest reactions per kind.
    pub(crate) recent_limit: usize,
    /// Only these kinds (empty = all).
    pub(crate) kinds: Vec<String>,
    /// Whose reactions are "own".
    pub(crate) user_id: Option<String>,
    /// `http://<host>` the client reached us on, for the next-page URLs of
    /// `latest_reactions_extra`.
    pub(crate) base: String,
}

impl EnrichOptions {
    /// Reads the options from an enriched read's query. `user_id` is the caller's user (user
    /// token) and is overridden by `withUserId`/`user_id` in the query. Malformed values fall back
    /// to defaults (reads never fail because of enrichment flags).
    pub(crate) fn from_params(params: &Params, user_id: Option<&str>) -> Self {
        let flag = |names: &[&str]| {
            names
                .iter()
                .any(|n| params.bool(n).ok().flatten().unwrap_or(false))
        };
        let recent_limit = params
            .usize("recentReactionsLimit")
            .ok()
            .flatten()
            .unwrap_or(DEFAULT_RECENT_REACTIONS)
            .min(MAX_RECENT_REACTIONS);
        let user_id = params
            .get_nonempty("withUserId")
            .or_else(|| params.get_nonempty("user_id"))
            .or(user_id)
            .map(str::to_owned);
        Self {
            recent_reactions: flag(&["withRecentReactions", "recentReactions"]),
            own_reactions: flag(&["withOwnReactions", "ownReactions"]),
            reaction_counts: flag(&["withReactionCounts", "reactionCounts"]),
            own_children: flag(&["withOwnChildren"]),
            recent_limit,
            kinds: params.list("reactionKindsFilter"),
            user_id,
            base: String::new(),
        }
    }
}

/// The stores enrichment reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sources<'a> {
    /// Reactions.
    pub(crate) reactions: &'a ReactionStore,
    /// Users.
    pub(crate) users: &'a UserStore,
    /// Collections.
    pub(crate) collections: &'a CollectionStore,
    /// Activities (for `SA:` references).
    pub(crate) feeds: &'a FeedStore,
}

impl<'a> Sources<'a> {
    /// The stores of one app.
    pub(crate) fn of(state: &'a AppState) -> Self {
        Self {
            reactions: &state.reactions,
            users: &state.users,
            collections: &state.collections,
            feeds: &state.feeds,
        }
    }
}

/// Enriches activities in place for an `enrich/` read. `user_id` is the caller's user (user token)
/// or the `user_id` query parameter; `params` holds `withOwnReactions`, `withReactionCounts`, ...;
/// `base` is where the client reached us (for next-page URLs).
pub(crate) fn enrich_activities(
    state: &AppState,
    activities: &mut [Value],
    params: &Params,
    user_id: Option<&str>,
    base: &str,
) {
    let mut opts = EnrichOptions::from_params(params, user_id);
    opts.base = base.to_owned();
    enrich_with(Sources::of(state), activities, &opts);
}

/// [`enrich_activities`] over explicit stores and options. Aggregated and notification groups
/// (objects with an `activities` list) have each of their activities enriched.
pub(crate) fn enrich_with(src: Sources<'_>, activities: &mut [Value], opts: &EnrichOptions) {
    for item in activities.iter_mut() {
        let Some(obj) = item.as_object_mut() else {
            continue;
        };
        let is_group =
            obj.get("activities").is_some_and(Value::is_array) && !obj.contains_key("verb");
        if is_group {
            if let Some(Value::Array(inner)) = obj.get_mut("activities") {
                enrich_with(src, inner, opts);
            }
        } else {
            enrich_one(src, obj, opts);
        }
    }
}

/// Replaces one reference string, or `None` when `s` is not a reference.
pub(crate) fn resolve_reference(src: Sources<'_>, s: &str) -> Option<Value> {
    if let Some(id) = s.strip_prefix("SU:") {
        return Some(match src.users.get(id) {
            Some(u) => u.to_json(),
            None => missing(s, "user", id),
        });
    }
    if let Some(rest) = s.strip_prefix("SO:") {
        return Some(match src.collections.resolve(rest) {
            Some(e) => e.to_json(),
            None => missing(s, "object", rest.split_once(':').map_or(rest, |(_, id)| id)),
        });
    }
    if let Some(id) = s.strip_prefix("SA:") {
        return Some(match src.feeds.get(id) {
            Some(mut activity) => {
                if let Some(obj) = activity.as_object_mut() {
                    resolve_direct_references(src, obj);
                }
                activity
            }
            None => missing(s, "activity", id),
        });
    }
    if let Some(id) = s.strip_prefix("SR:") {
        return Some(match src.reactions.get(id).filter(|r| r.is_live()) {
            Some(r) => src.reactions.to_json(r, None),
            None => missing(s, "reaction", id),
        });
    }
    None
}

/// Resolves the `SU:` and `SO:` references among an object's top-level fields (not `SA:`/`SR:`,
/// so a referenced activity never pulls in further activities).
fn resolve_direct_references(src: Sources<'_>, obj: &mut Map<String, Value>) {
    for value in obj.values_mut() {
        if let Value::String(s) = value {
            if s.starts_with("SU:") || s.starts_with("SO:") {
                if let Some(resolved) = resolve_reference(src, s) {
                    *value = resolved;
                }
            }
        }
    }
}

/// The object the service puts where a reference points at nothing.
fn missing(reference: &str, kind: &str, id: &str) -> Value {
    json!({"error": "ReferenceNotFound", "reference": reference, "reference_type": kind, "id": id})
}

fn enrich_one(src: Sources<'_>, activity: &mut Map<String, Value>, opts: &EnrichOptions) {
    for value in activity.values_mut() {
        if let Value::String(s) = value {
            if let Some(resolved) = resolve_reference(src, s) {
                *value = resolved;
            }
        }
    }
    if !(opts.recent_reactions || opts.own_reactions || opts.reaction_counts) {
        return;
    }
    let Some(activity_id) = activity
        .get("id")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return;
    };
    let wanted = |r: &&Reaction| opts.kinds.is_empty() || opts.kinds.contains(&r.kind);
    let reactions: Vec<&Reaction> = src
        .reactions
        .for_activity(&activity_id)
        .into_iter()
        .filter(wanted)
        .collect();
    let own_user = opts.user_id.as_deref();
    let children_user = if opts.own_children { own_user } else { None };
    let render = |r: &Reaction| reaction_json(src, r, children_user);
    if opts.reaction_counts {
        let mut counts = Map::new();
        for r in &reactions {
            let n = counts.get(&r.kind).and_then(Value::as_u64).unwrap_or(0);
            counts.insert(r.kind.clone(), json!(n + 1));
        }
        activity.insert("reaction_counts".into(), Value::Object(counts));
    }
    if opts.recent_reactions {
        let mut latest = Map::new();
        for r in &reactions {
            push_limited(&mut latest, &r.kind, render(r), opts.recent_limit);
        }
        let extra = latest_extra(&activity_id, &reactions, &latest, opts);
        activity.insert("latest_reactions".into(), Value::Object(latest));
        activity.insert("latest_reactions_extra".into(), Value::Object(extra));
    }
    if opts.own_reactions {
        let mut own = Map::new();
        if let Some(user) = own_user {
            for r in reactions.iter().filter(|r| r.user_id == user) {
                push_limited(&mut own, &r.kind, render(r), opts.recent_limit);
            }
        }
        activity.insert("own_reactions".into(), Value::Object(own));
    }
}

/// `latest_reactions_extra`: per kind shown, `{"next": ""}` when every reaction of that kind is
/// in `latest`, else the absolute reactions filter URL of the next page (older than the last one
/// shown).
fn latest_extra(
    activity_id: &str,
    reactions: &[&Reaction],
    latest: &Map<String, Value>,
    opts: &EnrichOptions,
) -> Map<String, Value> {
    let limit = opts.recent_limit;
    let mut extra = Map::new();
    for (kind, shown) in latest {
        let total = reactions.iter().filter(|r| &r.kind == kind).count();
        let last = shown
            .as_array()
            .and_then(|l| l.last())
            .and_then(|r| r.get("id"))
            .and_then(Value::as_str);
        let next = match last {
            Some(last) if total > limit => format!(
                "{}{}/reaction/activity_id/{}/{}/?id_lt={}&limit={limit}&withOwnChildren={}",
                opts.base,
                crate::router::API,
                encode_component(activity_id),
                encode_component(kind),
                encode_component(last),
                opts.own_children,
            ),
            _ => String::new(),
        };
        extra.insert(kind.clone(), json!({ "next": next }));
    }
    extra
}

/// A reaction as enrichment attaches it: the reaction with `user` replaced by the reacting
/// user's object when the user exists.
fn reaction_json(src: Sources<'_>, r: &Reaction, own_children: Option<&str>) -> Value {
    let mut v = src.reactions.to_json(r, own_children);
    attach_user(src.users, &mut v);
    v
}

/// Puts the user object of a served reaction's `user_id` in its `user` field, when the user
/// exists (reads by id, filters and enriched activities answer it so).
pub(crate) fn attach_user(users: &UserStore, reaction: &mut Value) {
    let user = reaction
        .get("user_id")
        .and_then(Value::as_str)
        .and_then(|id| users.get(id))
        .map(|u| u.to_json());
    if let (Some(user), Some(obj)) = (user, reaction.as_object_mut()) {
        obj.insert("user".into(), user);
    }
}

/// The user whose own reactions enrichment adds: a user token's user, else the `user_id`
/// query parameter.
pub(crate) fn enrich_user(caller: &Caller, params: &Params) -> Option<String> {
    if caller.is_user_token {
        caller.user_id.clone()
    } else {
        params.get_nonempty("user_id").map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reactions::NewReaction;
    use crate::stamp::Stamp;

    struct Fixture {
        reactions: ReactionStore,
        users: UserStore,
        collections: CollectionStore,
        feeds: FeedStore,
    }

    impl Fixture {
        fn src(&self) -> Sources<'_> {
            Sources {
                reactions: &self.reactions,
                users: &self.users,
                collections: &self.collections,
                feeds: &self.feeds,
            }
        }
    }

    fn fixture() -> Fixture {
        let mut f = Fixture {
            reactions: ReactionStore::default(),
            users: UserStore::default(),
            collections: CollectionStore::default(),
            feeds: FeedStore::default(),
        };
        f.users.add("alice", Map::new(), false, Stamp(1)).unwrap();
        f.collections
            .add("food", Some("pizza-1".into()), None, Map::new(), Stamp(1))
            .unwrap();
        for (i, (kind, user)) in [("like", "alice"), ("like", "bob"), ("comment", "bob")]
            .iter()
            .enumerate()
        {
            f.reactions
                .add(
                    NewReaction {
                        kind: (*kind).into(),
                        activity_id: Some("a1".into()),
                        user_id: (*user).into(),
                        ..NewReaction::default()
                    },
                    Stamp(10 + i as i64),
                )
                .unwrap();
        }
        f
    }

    #[test]
    fn references_become_objects() {
        let f = fixture();
        let mut acts = vec![json!({
            "id": "a1", "actor": "SU:alice", "object": "SO:food:pizza-1",
            "target": "SU:ghost", "other": "SO:food:none", "plain": "alice", "n": 3
        })];
        enrich_with(f.src(), &mut acts, &EnrichOptions::default());
        let a = &acts[0];
        assert_eq!(a["actor"]["id"], "alice");
        assert_eq!(a["actor"]["data"], json!({}));
        assert_eq!(a["object"]["foreign_id"], "food:pizza-1");
        assert_eq!(a["target"]["error"], "ReferenceNotFound");
        assert_eq!(a["other"]["reference_type"], "object");
        assert_eq!(a["plain"], "alice");
        assert!(a.get("reaction_counts").is_none());
    }

    #[test]
    fn reactions_attached() {
        let f = fixture();
        let params = Params::parse(
            "withRecentReactions=True&withOwnReactions=true&withReactionCounts=1&recentReactionsLimit=1",
        );
        let opts = EnrichOptions::from_params(&params, Some("alice"));
        let mut acts = vec![
            json!({"id": "a1", "verb": "post"}),
            json!({"id": "a2", "verb": "post"}),
        ];
        enrich_with(f.src(), &mut acts, &opts);
        let a = &acts[0];
        assert_eq!(a["reaction_counts"], json!({"like": 2, "comment": 1}));
        assert_eq!(a["latest_reactions"]["like"].as_array().unwrap().len(), 1);
        assert_eq!(a["latest_reactions"]["like"][0]["user_id"], "bob");
        assert_eq!(a["own_reactions"]["like"][0]["user_id"], "alice");
        assert_eq!(a["own_reactions"]["like"][0]["user"]["id"], "alice");
        assert_eq!(acts[1]["reaction_counts"], json!({}));
        assert_eq!(acts[1]["own_reactions"], json!({}));
    }

    #[test]
    fn kinds_filter_groups_and_no_user() {
        let f = fixture();
        let params = Params::parse(
            "withReactionCounts=true&withOwnReactions=true&reactionKindsFilter=comment,+share",
        );
        let opts = EnrichOptions::from_params(&params, None);
        assert_eq!(opts.kinds, ["comment", "share"]);
        let mut groups = vec![
            json!({"group": "g", "activities": [{"id": "a1", "verb": "x", "actor": "SU:alice"}]}),
        ];
        enrich_with(f.src(), &mut groups, &opts);
        let a = &groups[0]["activities"][0];
        assert_eq!(a["reaction_counts"], json!({"comment": 1}));
        assert_eq!(a["own_reactions"], json!({}));
        assert_eq!(a["actor"]["id"], "alice");
        let opts = EnrichOptions::from_params(
            &Params::parse("withOwnReactions=true&withUserId=bob"),
            Some("alice"),
        );
        assert_eq!(opts.user_id.as_deref(), Some("bob"));
    }
}
