//! Checking a subscription's `ext` as the service does.
use serde_json::Value;

use crate::state::EmulatorState;

/// The app id a feed channel (`/site-<app_id>-feed-<feed>`) belongs to.
pub(crate) fn app_of(channel: &str) -> Option<&str> {
    channel
        .strip_prefix("/site-")?
        .split_once("-feed-")
        .map(|(app, _)| app)
}

/// Checks a subscription to `channel`: the app id it belongs to, or why it is refused as a
/// Bayeux error string (`403:<channel>:<reason>`).
pub(crate) fn check(
    state: &EmulatorState,
    channel: &str,
    ext: Option<&Value>,
    now: i64,
) -> Result<String, String> {
    let deny = |reason: &str| Err(format!("403:{channel}:{reason}"));
    let Some(rest) = channel.strip_prefix("/site-") else {
        return deny("not a feed channel");
    };
    let Some((app_id, feed)) = rest.split_once("-feed-") else {
        return deny("not a feed channel");
    };
    if feed.is_empty()
        || !feed
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return deny("invalid feed in channel");
    }
    let text = |k: &str| ext.and_then(|e| e.get(k)).and_then(Value::as_str);
    let (Some(api_key), Some(signature)) = (text("api_key"), text("signature")) else {
        return deny("missing api_key or signature in ext");
    };
    let Some(app) = state.app(api_key) else {
        return deny("unknown api_key");
    };
    if app.app_id != app_id {
        return deny("the channel belongs to another app");
    }
    if text("user_id") != Some(channel.trim_start_matches('/')) {
        return deny("ext.user_id must be the channel name");
    }
    let claims = match app.signer.verify(signature, now) {
        Ok(c) => c,
        Err(_) => return deny("invalid signature"),
    };
    if claims.get("server") == Some(&Value::Bool(true)) {
        return Ok(app_id.to_owned());
    }
    match claims.feed_id() {
        Some("*") => Ok(app_id.to_owned()),
        Some(f) if f == feed => Ok(app_id.to_owned()),
        Some(_) => deny("the token is for another feed"),
        None if claims.user_id().is_some_and(|u| !u.is_empty() && u != "*") => {
            Ok(app_id.to_owned())
        }
        None => deny("the token grants no feed"),
    }
}
