//! One struct per operation, grouped by family. Required inputs go in `new`, optional ones are
//! `mut self` setters; none of them does I/O.

// Feeds, follows, activities.
pub mod activities;
pub mod batch;
pub mod feed;
pub mod follow;

// Reactions, collections, users, files and the smaller services.
pub mod analytics;
pub mod audit_logs;
pub mod collections;
pub mod data_privacy;
pub mod files;
pub mod moderation;
pub mod og;
pub mod personalization;
pub mod reactions;
pub mod users;
mod validate;
