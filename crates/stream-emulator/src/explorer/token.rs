//! The token inspector: paste a JWT, see its claims, whether this app's secret signed it and
//! what it may do. The secret itself is never shown; the token is not stored or logged.

use std::fmt::Write as _;

use axum::Form;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;
use stream_auth::{Claims, VerifyError};

use super::Explorer;
use super::html::{app_query, esc, page, table, text_of, unknown_app};
use super::pages::PageQuery;

/// The posted form.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenForm {
    #[serde(default)]
    token: String,
}

fn form_html(app: Option<&str>, token: &str) -> String {
    format!(
        "<h1>Token inspector</h1><form method=\"post\" action=\"/explorer/token{}\">\
         <label for=\"token\">JWT</label><textarea id=\"token\" name=\"token\" rows=\"4\">{}</textarea>\
         <button id=\"inspect\" type=\"submit\">Inspect</button></form>",
        app_query(app, '?'),
        esc(token)
    )
}

/// `GET /explorer/token`: the empty form.
pub(crate) async fn form(State(ex): State<Explorer>, Query(q): Query<PageQuery>) -> Response {
    let app = q.app.as_deref();
    if ex.app(app).is_none() {
        return unknown_app(app);
    }
    page("Token inspector", app, &form_html(app, ""))
}

/// `POST /explorer/token`: the verdict on the posted token.
pub(crate) async fn inspect(
    State(ex): State<Explorer>,
    Query(q): Query<PageQuery>,
    Form(f): Form<TokenForm>,
) -> Response {
    let app_key = q.app.as_deref();
    let Some(app) = ex.app(app_key) else {
        return unknown_app(app_key);
    };
    let token = f.token.trim();
    let now = crate::feed::now_us() / 1_000_000;
    let verdict = app.signer.verify(token, now);
    let mut body = form_html(app_key, token);
    let claims = match &verdict {
        Ok(claims) => {
            let _ = write!(
                body,
                "<p id=\"verdict\" class=\"valid\">Valid: signed with the secret of app {}.</p>",
                esc(&app.api_key)
            );
            Some(claims.clone())
        }
        Err(e) => {
            let why = match e {
                VerifyError::BadSignature => {
                    "the signature does not match this app's secret".to_owned()
                }
                other => other.to_string(),
            };
            let _ = write!(
                body,
                "<p id=\"verdict\" class=\"invalid\">Invalid: {}.</p>",
                esc(&why)
            );
            stream_auth::dangerous::decode_unverified(token).ok()
        }
    };
    if let Some(claims) = claims {
        let rows: Vec<Vec<String>> = claims
            .as_map()
            .iter()
            .map(|(k, v)| vec![esc(k), esc(&text_of(v))])
            .collect();
        let _ = write!(
            body,
            "<h2>Claims</h2>{}<h2>What it may do</h2><p id=\"may\">{}</p>",
            table("claims", &["claim", "value"], &rows),
            esc(&abilities(&claims))
        );
    }
    page("Token inspector", app_key, &body)
}

/// What a token with these claims may do, in one sentence.
fn abilities(claims: &Claims) -> String {
    let text = |k: &str| claims.get(k).map(text_of).unwrap_or_default();
    if claims.is_server() {
        return "Everything: a server token (any resource, any action, any feed).".to_owned();
    }
    if let Some(resource) = claims.resource() {
        let scoped = |value: Option<&str>, what: &str| match value {
            Some("*") => format!("any {what}"),
            Some(v) => format!("{what} {v}"),
            None => format!("no {what}"),
        };
        let mut out = format!(
            "Scoped: {} on {} for {}",
            scoped(claims.action(), "action"),
            scoped(Some(resource), "resource"),
            scoped(claims.feed_id(), "feed")
        );
        if let Some(user) = claims.user_id() {
            let _ = write!(out, ", as user {user}");
        }
        out.push('.');
        return out;
    }
    if claims.get("call_cids").is_some() {
        return format!(
            "Join the calls {} as user {} (role {}).",
            text("call_cids"),
            text("user_id"),
            if text("role").is_empty() {
                "from the user".to_owned()
            } else {
                text("role")
            }
        );
    }
    if let Some(user) = claims.user_id() {
        return format!(
            "Act as user {user}: client-side reads and writes of that user's own data."
        );
    }
    match claims.get("exp").and_then(Value::as_i64) {
        Some(exp) => format!("No recognised permission (expires at {exp})."),
        None => "No recognised permission.".to_owned(),
    }
}
