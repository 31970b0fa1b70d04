//! Enrichment options shared by feed reads and activity lookups, and `mark_seen`/`mark_read`.
use crate::config::{Config, Credentials};
use crate::endpoint::Spec;
use crate::error::BuildError;

use super::join_list;

/// Reaction enrichment of a read (`withRecentReactions`, `withOwnReactions`, …).
///
/// A read goes to the `enrich/` endpoint when [`Enrichment::enrich`] says so, or — when it was
/// not set — when any option here is set or the client holds a user token (as the JS client
/// does). Unlike JS, `with_own_reactions` alone also switches to `enrich/`: on the plain
/// endpoint it would be ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enrichment {
    /// Force (`true`) or forbid (`false`) the `enrich/` endpoint.
    pub enrich: Option<bool>,
    /// `withRecentReactions`.
    pub recent_reactions: bool,
    /// `withOwnReactions`.
    pub own_reactions: bool,
    /// `withReactionCounts`.
    pub reaction_counts: bool,
    /// `withOwnChildren`.
    pub own_children: bool,
    /// `recentReactionsLimit`.
    pub recent_reactions_limit: Option<u32>,
    /// `reactionKindsFilter` (comma-joined).
    pub reaction_kinds: Vec<String>,
    /// `user_id`: whose "own" reactions to include (server-side reads).
    pub user_id: Option<String>,
    /// `withFirstReactions`: the oldest reactions of each activity (go2).
    pub first_reactions: bool,
    /// `reaction_limit`: how many reactions of each kind the enrichment includes (go2).
    pub reaction_limit: Option<u32>,
    /// `withOwnChildrenKinds` (comma-joined): only own children of these kinds (go2).
    pub own_children_kinds: Vec<String>,
}

impl Enrichment {
    fn any_option(&self) -> bool {
        self.recent_reactions
            || self.own_reactions
            || self.reaction_counts
            || self.own_children
            || self.recent_reactions_limit.is_some()
            || !self.reaction_kinds.is_empty()
            || self.user_id.is_some()
            || self.first_reactions
            || self.reaction_limit.is_some()
            || !self.own_children_kinds.is_empty()
    }

    /// Whether the read goes to `enrich/`.
    pub fn use_enrich_endpoint(&self, config: &Config) -> bool {
        self.enrich.unwrap_or_else(|| {
            self.any_option() || matches!(config.credentials(), Credentials::UserToken { .. })
        })
    }

    /// Adds the options to `spec`'s query.
    pub(crate) fn apply(&self, mut spec: Spec) -> Result<Spec, BuildError> {
        if self.recent_reactions {
            spec = spec.query("withRecentReactions", "true");
        }
        if self.own_reactions {
            spec = spec.query("withOwnReactions", "true");
        }
        if self.reaction_counts {
            spec = spec.query("withReactionCounts", "true");
        }
        if self.own_children {
            spec = spec.query("withOwnChildren", "true");
        }
        spec = spec.query_opt(
            "recentReactionsLimit",
            self.recent_reactions_limit.map(|n| n.to_string()),
        );
        if !self.reaction_kinds.is_empty() {
            let kinds: Vec<&str> = self.reaction_kinds.iter().map(|k| k.trim()).collect();
            spec = spec.query("reactionKindsFilter", join_list("reaction_kinds", &kinds)?);
        }
        if let Some(user) = &self.user_id {
            super::non_empty("user_id", user)?;
            spec = spec.query("user_id", user.clone());
        }
        if self.first_reactions {
            spec = spec.query("withFirstReactions", "true");
        }
        spec = spec.query_opt("reaction_limit", self.reaction_limit.map(|n| n.to_string()));
        if !self.own_children_kinds.is_empty() {
            let kinds: Vec<&str> = self.own_children_kinds.iter().map(|k| k.trim()).collect();
            spec = spec.query(
                "withOwnChildrenKinds",
                join_list("own_children_kinds", &kinds)?,
            );
        }
        Ok(spec)
    }
}

/// Which notification groups a read marks as seen or read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mark {
    /// No group: the option is not sent (`false`).
    Nothing,
    /// Every group (`true`).
    All,
    /// The groups returned by this read (`current`).
    Current,
    /// These group ids.
    Groups(Vec<String>),
}

impl Mark {
    /// The query value, `None` for [`Mark::Nothing`].
    pub(crate) fn to_query(&self, field: &'static str) -> Result<Option<String>, BuildError> {
        let value = match self {
            Mark::Nothing => return Ok(None),
            Mark::All => "true".to_owned(),
            Mark::Current => "current".to_owned(),
            Mark::Groups(ids) if ids.is_empty() => return Ok(None),
            Mark::Groups(ids) => join_list(field, ids)?,
        };
        Ok(Some(value))
    }
}

impl From<bool> for Mark {
    /// `true` marks every group, `false` none.
    fn from(all: bool) -> Self {
        if all { Mark::All } else { Mark::Nothing }
    }
}

impl From<Vec<String>> for Mark {
    fn from(ids: Vec<String>) -> Self {
        Mark::Groups(ids)
    }
}

impl From<&[&str]> for Mark {
    fn from(ids: &[&str]) -> Self {
        Mark::Groups(ids.iter().map(|s| (*s).to_owned()).collect())
    }
}

impl<const N: usize> From<[&str; N]> for Mark {
    fn from(ids: [&str; N]) -> Self {
        Mark::Groups(ids.iter().map(|s| (*s).to_owned()).collect())
    }
}

/// The enrichment setters, shared by every endpoint with an `enrichment: Enrichment` field.
macro_rules! enrichment_setters {
    () => {
        /// Forces (`true`) or forbids (`false`) the `enrich/` endpoint; by default it is used
        /// when an enrichment option is set or the client holds a user token.
        pub fn enrich(mut self, enrich: bool) -> Self {
            self.enrichment.enrich = Some(enrich);
            self
        }

        /// Includes the latest reactions of each activity (`withRecentReactions`).
        pub fn with_recent_reactions(mut self, on: bool) -> Self {
            self.enrichment.recent_reactions = on;
            self
        }

        /// Includes the reading user's own reactions (`withOwnReactions`).
        pub fn with_own_reactions(mut self, on: bool) -> Self {
            self.enrichment.own_reactions = on;
            self
        }

        /// Includes reaction counts by kind (`withReactionCounts`).
        pub fn with_reaction_counts(mut self, on: bool) -> Self {
            self.enrichment.reaction_counts = on;
            self
        }

        /// Includes the user's own child reactions (`withOwnChildren`).
        pub fn with_own_children(mut self, on: bool) -> Self {
            self.enrichment.own_children = on;
            self
        }

        /// How many recent reactions per kind (`recentReactionsLimit`).
        pub fn recent_reactions_limit(mut self, limit: u32) -> Self {
            self.enrichment.recent_reactions_limit = Some(limit);
            self
        }

        /// Only these reaction kinds (`reactionKindsFilter`).
        pub fn reaction_kinds<I, S>(mut self, kinds: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.enrichment.reaction_kinds = kinds.into_iter().map(Into::into).collect();
            self
        }

        /// Includes the first (oldest) reactions of each activity (`withFirstReactions`).
        pub fn with_first_reactions(mut self, on: bool) -> Self {
            self.enrichment.first_reactions = on;
            self
        }

        /// How many reactions of each kind to include (`reaction_limit`).
        pub fn reaction_limit(mut self, limit: u32) -> Self {
            self.enrichment.reaction_limit = Some(limit);
            self
        }

        /// Only own child reactions of these kinds (`withOwnChildrenKinds`).
        pub fn own_children_kinds<I, S>(mut self, kinds: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<String>,
        {
            self.enrichment.own_children_kinds = kinds.into_iter().map(Into::into).collect();
            self
        }

        /// Whose "own" reactions to include, for server-side reads (`user_id`).
        pub fn with_user_id(mut self, user_id: impl Into<String>) -> Self {
            self.enrichment.user_id = Some(user_id.into());
            self
        }

        /// Replaces all enrichment options at once.
        pub fn enrichment(mut self, enrichment: $crate::endpoints::feed::Enrichment) -> Self {
            self.enrichment = enrichment;
            self
        }
    };
}
pub(crate) use enrichment_setters;
