//! Feed group kinds: flat, aggregated, notification.

use std::collections::HashMap;

/// How a feed group stores and serves activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// Plain list, newest first.
    Flat,
    /// Groups by verb and day.
    Aggregated,
    /// Aggregated plus seen/read state.
    Notification,
}

/// Which kind each feed group (slug) is. Unlisted slugs follow the default rule: slugs starting
/// with `aggregated` are aggregated, with `notification` notification, all others flat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FeedKinds {
    /// Explicit kinds by slug.
    pub(crate) explicit: HashMap<String, FeedKind>,
}

impl FeedKinds {
    /// The kind of a slug.
    pub(crate) fn kind(&self, slug: &str) -> FeedKind {
        if let Some(k) = self.explicit.get(slug) {
            return *k;
        }
        if slug.starts_with("aggregated") {
            FeedKind::Aggregated
        } else if slug.starts_with("notification") {
            FeedKind::Notification
        } else {
            FeedKind::Flat
        }
    }
}
