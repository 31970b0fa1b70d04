//! Reactions: the store (plain data, snapshotted with the app) and its HTTP handlers.

mod handlers;
mod store;

pub(crate) use handlers::routes;
pub(crate) use store::push_limited;
pub use store::{
    DEFAULT_FILTER_LIMIT, FilterOptions, FilterPage, LATEST_CHILDREN_LIMIT, Lookup, MAX_DEPTH,
    MAX_FILTER_LIMIT, NewReaction, Reaction, ReactionStore,
};
