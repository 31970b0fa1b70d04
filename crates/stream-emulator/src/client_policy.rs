//! The service's default policy for client-side requests (user tokens): what a user may read
//! and write beyond the token scope checks of `crate::auth`. Server tokens pass every check.
//!
//! | operation | allowed with a user token for user `me` |
//! |---|---|
//! | read a feed | `*:me`, and other users' `user` feeds |
//! | write (add, remove, follow, unfollow) a feed | `*:me` only |
//! | `to` targets, reaction `target_feeds` | `*:me`, and other users' `notification` feeds |
//! | activity `actor` | `SU:me` or any string that is not an `SU:` reference |
//! | list followers / following | `*:me` only |
//! | personalized feed | `user_id` = `me` only |
//! | reaction `user_id` | `me` (another user is a 400) |
//!
//! Everything refused is a 403 `NotAllowedException` (code 17) except the reaction user, which
//! the service answers with a 400 `InputException`.

use serde_json::Value;

use crate::auth::Caller;
use crate::error::ApiError;

/// The slug of feeds other users may read.
pub(crate) const PUBLIC_READ_SLUG: &str = "user";
/// The slug of feeds other users may target from `to` and reaction `target_feeds`.
pub(crate) const PUBLIC_TARGET_SLUG: &str = "notification";

/// The user a client-side request acts as; `None` for server-side requests.
fn client_user(caller: &Caller) -> Option<&str> {
    if caller.is_user_token {
        Some(caller.user_id.as_deref().unwrap_or(""))
    } else {
        None
    }
}

/// Splits `slug:user`.
fn parts(feed: &str) -> (&str, &str) {
    feed.split_once(':').unwrap_or((feed, ""))
}

fn refused(caller: &Caller, what: String) -> ApiError {
    ApiError::not_allowed(format!(
        "a user token for {:?} cannot {what}",
        caller.user_id.as_deref().unwrap_or("")
    ))
}

/// Reading `feed`: own feeds and other users' `user` feeds.
pub(crate) fn read_feed(caller: &Caller, feed: &str) -> Result<(), ApiError> {
    let Some(me) = client_user(caller) else {
        return Ok(());
    };
    let (slug, owner) = parts(feed);
    if owner == me || slug == PUBLIC_READ_SLUG {
        Ok(())
    } else {
        Err(refused(caller, format!("read feed {feed}")))
    }
}

/// Listing the followers or followings of `feed`: own feeds only.
pub(crate) fn list_follows(caller: &Caller, feed: &str) -> Result<(), ApiError> {
    let Some(me) = client_user(caller) else {
        return Ok(());
    };
    if parts(feed).1 == me {
        Ok(())
    } else {
        Err(refused(caller, format!("list the follows of feed {feed}")))
    }
}

/// Targeting `feeds` (activity `to`, reaction `target_feeds`): own feeds and other users'
/// `notification` feeds.
pub(crate) fn target_feeds<'a>(
    caller: &Caller,
    feeds: impl IntoIterator<Item = &'a String>,
) -> Result<(), ApiError> {
    let Some(me) = client_user(caller) else {
        return Ok(());
    };
    for feed in feeds {
        let (slug, owner) = parts(feed);
        if owner != me && slug != PUBLIC_TARGET_SLUG {
            return Err(refused(caller, format!("write to feed {feed}")));
        }
    }
    Ok(())
}

/// The `actor` of an activity a user adds: `SU:<other user>` is refused.
pub(crate) fn activity_actor(caller: &Caller, activity: &Value) -> Result<(), ApiError> {
    let Some(me) = client_user(caller) else {
        return Ok(());
    };
    match activity
        .get("actor")
        .and_then(Value::as_str)
        .and_then(|a| a.strip_prefix("SU:"))
    {
        Some(user) if user != me => {
            Err(refused(caller, format!("add an activity as user {user:?}")))
        }
        _ => Ok(()),
    }
}

/// The author of a reaction: a user token's own user (another user is a 400, as the service
/// answers); with a server token `requested`, which is then required.
pub(crate) fn reaction_user(
    caller: &Caller,
    requested: Option<String>,
) -> Result<String, ApiError> {
    let Some(me) = client_user(caller) else {
        return requested
            .filter(|u| !u.is_empty())
            .ok_or_else(|| ApiError::input_field("user_id", "user_id is a required field"));
    };
    match requested {
        Some(u) if !u.is_empty() && u != me => Err(ApiError::input_field(
            "user_id",
            format!("user_id {u:?} does not match the user of the token"),
        )),
        _ => Ok(me.to_owned()),
    }
}

/// Reading data that belongs to `user_id` (personalized feeds): own data only.
pub(crate) fn own_user_data(caller: &Caller, user_id: &str, what: &str) -> Result<(), ApiError> {
    match client_user(caller) {
        Some(me) if me != user_id => {
            Err(refused(caller, format!("read the {what} of {user_id:?}")))
        }
        _ => Ok(()),
    }
}
