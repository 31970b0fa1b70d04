//! Routes of part B (reactions, collections, users, files, og, personalization, analytics,
//! audit logs, data privacy, moderation), merged into the main router.

pub mod common;
pub(crate) mod guard;

use axum::Router;

use crate::state::SharedState;

/// Part B's routes, merged into the main router. Paths are full (`/api/v1.0/reaction/`, ...).
pub fn routes() -> Router<SharedState> {
    Router::new()
        .merge(crate::reactions::routes())
        .merge(crate::collections::routes())
        .merge(crate::users::routes())
        .merge(crate::files::routes())
        .merge(crate::og::routes())
        .merge(crate::personalization::routes())
        .merge(crate::analytics::routes())
        .merge(crate::misc::routes())
}
