//! Authorisation helpers for part B's routes: scope checks by resource and HTTP method, and the
//! rule that a user token acts only as its own user.

use axum::http::Method;
use stream_auth::Resource;

use crate::auth::{Caller, action_for_method, require};
use crate::error::ApiError;

/// Checks the token scope for `resource` with the action implied by `method` (no feed).
pub fn scope(caller: &Caller, resource: Resource, method: &Method) -> Result<(), ApiError> {
    require(caller, resource, action_for_method(method), None)
}

/// The user a write acts as. With a user token: the token's user; a different `requested`
/// user is a 403. With a server token: `requested`, which is then required.
pub fn acting_user(
    caller: &Caller,
    requested: Option<String>,
    field: &str,
) -> Result<String, ApiError> {
    if caller.is_user_token {
        let me = caller.user_id.clone().unwrap_or_default();
        match requested {
            Some(u) if !u.is_empty() && u != me => Err(ApiError::not_allowed(format!(
                "a user token for {me:?} cannot act as user {u:?}"
            ))),
            _ => Ok(me),
        }
    } else {
        requested
            .filter(|u| !u.is_empty())
            .ok_or_else(|| ApiError::input_field(field, format!("{field} is a required field")))
    }
}

/// With a user token, checks that `owner` is the token's user (server tokens pass).
pub fn owns(caller: &Caller, owner: Option<&str>, what: &str) -> Result<(), ApiError> {
    if !caller.is_user_token {
        return Ok(());
    }
    match owner {
        Some(o) if caller.user_id.as_deref() == Some(o) => Ok(()),
        _ => Err(ApiError::not_allowed(format!(
            "a user token for {:?} cannot modify {what} owned by another user",
            caller.user_id.as_deref().unwrap_or("")
        ))),
    }
}
