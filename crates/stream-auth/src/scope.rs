//! What a scoped server-side token grants: a resource, an action and a feed.

/// The resource part of a scoped token (`resource` claim).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Resource {
    /// `*`: every resource.
    All,
    /// `feed`: reading, adding and removing activities of a feed.
    Feed,
    /// `follower`: follow relations.
    Follower,
    /// `activities`: activity-level calls (get, update, partial update).
    Activities,
    /// `feed_targets`: changing an activity's `to` targets.
    FeedTargets,
    /// `reactions`.
    Reactions,
    /// `collections`.
    Collections,
    /// `users`.
    Users,
    /// `files` (files and images).
    Files,
    /// `url` (Open Graph scraping).
    Url,
    /// `personalization`.
    Personalization,
    /// `redirect_and_track` (analytics redirect URLs).
    RedirectAndTrack,
    /// `analytics`.
    Analytics,
    /// `moderation`.
    Moderation,
    /// `data_privacy`.
    DataPrivacy,
    /// `audit_logs`.
    AuditLogs,
    /// Any other resource name the service knows.
    Other(String),
}

impl Resource {
    /// The claim value as the service spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Resource::All => "*",
            Resource::Feed => "feed",
            Resource::Follower => "follower",
            Resource::Activities => "activities",
            Resource::FeedTargets => "feed_targets",
            Resource::Reactions => "reactions",
            Resource::Collections => "collections",
            Resource::Users => "users",
            Resource::Files => "files",
            Resource::Url => "url",
            Resource::Personalization => "personalization",
            Resource::RedirectAndTrack => "redirect_and_track",
            Resource::Analytics => "analytics",
            Resource::Moderation => "moderation",
            Resource::DataPrivacy => "data_privacy",
            Resource::AuditLogs => "audit_logs",
            Resource::Other(s) => s,
        }
    }

    /// Parses a claim value; unknown names become [`Resource::Other`].
    pub fn parse(s: &str) -> Self {
        match s {
            "*" => Resource::All,
            "feed" => Resource::Feed,
            "follower" => Resource::Follower,
            "activities" => Resource::Activities,
            "feed_targets" => Resource::FeedTargets,
            "reactions" => Resource::Reactions,
            "collections" => Resource::Collections,
            "users" => Resource::Users,
            "files" => Resource::Files,
            "url" => Resource::Url,
            "personalization" => Resource::Personalization,
            "redirect_and_track" => Resource::RedirectAndTrack,
            "analytics" => Resource::Analytics,
            "moderation" => Resource::Moderation,
            "data_privacy" => Resource::DataPrivacy,
            "audit_logs" => Resource::AuditLogs,
            other => Resource::Other(other.to_owned()),
        }
    }
}

/// The action part of a scoped token (`action` claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `*`: every action.
    All,
    /// `read` (GET).
    Read,
    /// `write` (POST, PUT, PATCH).
    Write,
    /// `delete` (DELETE).
    Delete,
}

impl Action {
    /// The claim value as the service spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::All => "*",
            Action::Read => "read",
            Action::Write => "write",
            Action::Delete => "delete",
        }
    }

    /// Parses a claim value.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "*" => Action::All,
            "read" => Action::Read,
            "write" => Action::Write,
            "delete" => Action::Delete,
            _ => return None,
        })
    }

    /// Whether a token granting `self` allows `needed`.
    pub fn allows(self, needed: Action) -> bool {
        self == Action::All || self == needed
    }
}

/// The `feed_id` claim: every feed, or one feed rendered as slug + user id without the colon.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FeedScope {
    /// `*`: every feed.
    All,
    /// One feed, e.g. `useralice` for `user:alice`.
    Feed(String),
}

impl FeedScope {
    /// The scope of feed `slug:user` (`feed("user", "alice")` → `useralice`).
    pub fn feed(slug: &str, user: &str) -> Self {
        let mut s = String::with_capacity(slug.len() + user.len());
        s.push_str(slug);
        s.push_str(user);
        FeedScope::Feed(s)
    }

    /// The claim value.
    pub fn as_str(&self) -> &str {
        match self {
            FeedScope::All => "*",
            FeedScope::Feed(f) => f,
        }
    }

    /// Whether a token with this scope may touch the feed rendered as `feed` (`useralice`).
    pub fn allows(&self, feed: &str) -> bool {
        match self {
            FeedScope::All => true,
            FeedScope::Feed(f) => f == feed,
        }
    }
}

/// Everything a scoped server-side token grants.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    /// The `resource` claim.
    pub resource: Resource,
    /// The `action` claim.
    pub action: Action,
    /// The `feed_id` claim.
    pub feed: FeedScope,
    /// The optional `user_id` claim (`*` for collections and personalization).
    pub user_id: Option<String>,
}

impl Scope {
    /// A scope without a `user_id` claim.
    pub fn new(resource: Resource, action: Action, feed: FeedScope) -> Self {
        Self {
            resource,
            action,
            feed,
            user_id: None,
        }
    }

    /// `*/*/*`: everything.
    pub fn all() -> Self {
        Self::new(Resource::All, Action::All, FeedScope::All)
    }

    /// Adds a `user_id` claim.
    pub fn with_user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Writes the claims JSON in the official Python client's order:
    /// `{"action","resource","feed_id"[,"user_id"]}`.
    pub(crate) fn write_claims(&self, out: &mut impl crate::claims::JsonSink) {
        use crate::claims::write_json_str;
        out.put("{\"action\":");
        write_json_str(self.action.as_str(), out);
        out.put(",\"resource\":");
        write_json_str(self.resource.as_str(), out);
        out.put(",\"feed_id\":");
        write_json_str(self.feed.as_str(), out);
        if let Some(user) = &self.user_id {
            out.put(",\"user_id\":");
            write_json_str(user, out);
        }
        out.put("}");
    }

    /// About the length of the claims JSON (exact when nothing needs escaping).
    pub(crate) fn claims_len_hint(&self) -> usize {
        40 + self.action.as_str().len()
            + self.resource.as_str().len()
            + self.feed.as_str().len()
            + self.user_id.as_ref().map_or(0, |u| 13 + u.len())
    }
}
