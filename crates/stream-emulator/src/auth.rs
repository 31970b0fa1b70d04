//! Authentication and authorisation as the service does them: the `api_key` query parameter names
//! an app, the `Authorization` JWT (with or without `Bearer `) is verified with that app's secret,
//! and each endpoint checks the token's resource/action/feed_id scope.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::Method;
use axum::http::request::Parts;
use stream_auth::{Action, Claims, Resource, VerifyError};

use crate::error::ApiError;
use crate::query::Params;
use crate::state::{App, SharedState};

/// Who is calling: the app named by `api_key` and the verified token claims.
#[derive(Clone)]
pub(crate) struct Caller {
    /// The app the request addresses.
    pub(crate) app: Arc<App>,
    /// Verified JWT claims.
    pub(crate) claims: Claims,
    /// True for a user (session) token: `user_id` and no `resource` claim.
    pub(crate) is_user_token: bool,
    /// The `user_id` claim, when a string other than `*`.
    pub(crate) user_id: Option<String>,
}

impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caller")
            .field("api_key", &self.app.api_key)
            .field("is_user_token", &self.is_user_token)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl Caller {
    /// The api key of the app.
    pub(crate) fn api_key(&self) -> &str {
        &self.app.api_key
    }

    /// Whether the token grants everything (`{"server":true}`).
    pub(crate) fn is_server(&self) -> bool {
        self.claims.get("server") == Some(&serde_json::Value::Bool(true))
    }

    /// Rejects user tokens: the operation needs server-side credentials.
    pub(crate) fn server_only(&self) -> Result<(), ApiError> {
        if self.is_user_token {
            Err(ApiError::not_allowed(
                "this operation is not allowed with a user token (server-side auth required)",
            ))
        } else {
            Ok(())
        }
    }
}

/// The token action an HTTP method needs: GET/HEAD/OPTIONS → read, DELETE → delete, others → write.
pub(crate) fn action_for_method(method: &axum::http::Method) -> Action {
    match *method {
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS => {
            Action::Read
        }
        axum::http::Method::DELETE => Action::Delete,
        _ => Action::Write,
    }
}

fn claim_matches(claim: Option<&str>, needed: &str) -> bool {
    match claim {
        None | Some("*") => true,
        Some(c) => c == needed,
    }
}

/// Which kind of auth a verified token selects, as seed 002 ("Authentication") defines them:
/// server-side auth needs a permission scope (`resource` and `action`, with `feed_id` naming the
/// feed or `*`); client-side auth is selected by a string `user_id`. `{"server":true}` is the
/// v2 server token, accepted everywhere. A token that selects neither (no claims but `iat`, a
/// non-string `user_id`, `user_id` `*` without a scope, a scope claim that is not a string)
/// grants nothing.
fn check_claims(claims: &Claims) -> Result<(), ApiError> {
    use serde_json::Value;
    if claims.get("server") == Some(&Value::Bool(true)) {
        return Ok(());
    }
    let not_text = |name: &str| claims.get(name).is_some_and(|v| !v.is_string());
    if let Some(bad) = ["resource", "action", "feed_id", "user_id"]
        .into_iter()
        .find(|n| not_text(n))
    {
        return Err(ApiError::not_allowed(format!(
            "the token's {bad} claim must be a string"
        )));
    }
    if claims.resource().is_some() {
        if claims.action().is_none() {
            return Err(ApiError::not_allowed(
                "a server-side token needs an action claim (read, write, delete or *)",
            ));
        }
        return Ok(());
    }
    match claims.user_id() {
        Some("*") => Err(ApiError::not_allowed(
            "user_id \"*\" selects no user: client-side tokens name one user",
        )),
        Some("") => Err(ApiError::not_allowed("the token's user_id is empty")),
        Some(_) => Ok(()),
        None => Err(ApiError::not_allowed(
            "the token carries no permission scope (resource, action, feed_id) and no user_id",
        )),
    }
}

/// Checks that `caller` may perform `action` on `resource`, for feed `feed` (`"slug:user"`) when
/// the operation is about one feed.
///
/// Scoped tokens need matching (or `*`) resource, action and feed_id claims; an operation that is
/// not about one feed needs `feed_id` `*`. User tokens may read any feed but write only to feeds of
/// their own user; for other resources the handler checks ownership itself.
pub(crate) fn require(
    caller: &Caller,
    resource: Resource,
    action: Action,
    feed: Option<&str>,
) -> Result<(), ApiError> {
    if caller.is_server() {
        return Ok(());
    }
    if caller.is_user_token {
        let feed_resource = matches!(
            resource,
            Resource::Feed | Resource::Follower | Resource::FeedTargets
        );
        if let (true, Some(feed)) = (feed_resource && action != Action::Read, feed) {
            let owner = feed.split_once(':').map(|(_, u)| u).unwrap_or("");
            if caller.user_id.as_deref() != Some(owner) {
                return Err(ApiError::not_allowed(format!(
                    "user token for {:?} cannot {} feed {feed}",
                    caller.user_id.as_deref().unwrap_or(""),
                    action.as_str()
                )));
            }
        }
        return Ok(());
    }
    let resource_ok = claim_matches(caller.claims.resource(), resource.as_str());
    let action_ok = match caller.claims.action() {
        None | Some("*") => true,
        Some(a) => Action::parse(a).is_some_and(|a| a.allows(action)),
    };
    let feed_ok = match feed {
        // A scope without `feed_id` grants no single feed.
        Some(feed) => caller
            .claims
            .feed_id()
            .is_some_and(|f| f == "*" || f == feed.replacen(':', "", 1)),
        None => matches!(caller.claims.feed_id(), None | Some("*")),
    };
    if resource_ok && action_ok && feed_ok {
        Ok(())
    } else {
        Err(ApiError::not_allowed(format!(
            "token does not grant {}/{} on {}",
            resource.as_str(),
            action.as_str(),
            feed.unwrap_or("*")
        )))
    }
}

/// Checks the token scope for `resource` with the action implied by `method` (no feed).
pub(crate) fn scope(caller: &Caller, resource: Resource, method: &Method) -> Result<(), ApiError> {
    require(caller, resource, action_for_method(method), None)
}

/// The user a write acts as. With a user token: the token's user; a different `requested`
/// user is a 403. With a server token: `requested`, which is then required.
pub(crate) fn acting_user(
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
pub(crate) fn owns(caller: &Caller, owner: Option<&str>, what: &str) -> Result<(), ApiError> {
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

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn verify_error_detail(e: &VerifyError) -> String {
    match e {
        VerifyError::Expired => "signature has expired".to_owned(),
        VerifyError::UnsupportedAlgorithm => "JWT alg is not supported (HS256 only)".to_owned(),
        VerifyError::BadSignature => "signature is invalid".to_owned(),
        other => format!("invalid JWT token: {other}"),
    }
}

/// Authenticates a request from its query and headers.
pub(crate) fn authenticate(state: &SharedState, parts: &Parts) -> Result<Caller, ApiError> {
    let params = Params::parse(parts.uri.query().unwrap_or(""));
    let key = params
        .get_nonempty("api_key")
        .map(str::to_owned)
        .or_else(|| {
            parts
                .headers
                .get("x-api-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .ok_or_else(|| ApiError::api_key("api_key parameter is missing"))?;
    let app = state
        .apps
        .get(&key)
        .cloned()
        .ok_or_else(|| ApiError::api_key(format!("api key {key:?} not found")))?;
    let raw = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::auth("Authorization header is missing"))?;
    let token = raw
        .strip_prefix("Bearer ")
        .or_else(|| raw.strip_prefix("bearer "))
        .unwrap_or(raw)
        .trim();
    let claims = app
        .signer
        .verify(token, now_secs())
        .map_err(|e| ApiError::auth(verify_error_detail(&e)))?;
    check_claims(&claims)?;
    let is_server = claims.get("server") == Some(&serde_json::Value::Bool(true));
    let user_id = claims.user_id().filter(|u| *u != "*").map(str::to_owned);
    let is_user_token = claims.resource().is_none() && user_id.is_some() && !is_server;
    Ok(Caller {
        app,
        claims,
        is_user_token,
        user_id,
    })
}

impl FromRequestParts<SharedState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        authenticate(state, parts)
    }
}
