//! Users: `{id, data}` objects referenced from activities as `SU:<id>`: add, get (with follow
//! counts), update, delete, and the batch `users/` endpoints.

mod handlers;
mod store;

pub(crate) use store::*;

use crate::router::{API, route_both};
use crate::state::SharedState;
use axum::Router;
use axum::routing::{get, post};

/// The `user/` and `users/` routes.
pub(crate) fn routes() -> Router<SharedState> {
    let mut r = Router::new();
    r = route_both(r, &format!("{API}/user"), post(handlers::add));
    r = route_both(
        r,
        &format!("{API}/user/{{id}}"),
        get(handlers::get_one)
            .put(handlers::update)
            .delete(handlers::remove),
    );
    r = route_both(
        r,
        &format!("{API}/users"),
        get(handlers::get_many)
            .post(handlers::add_many)
            .delete(handlers::delete_many),
    );
    r
}
