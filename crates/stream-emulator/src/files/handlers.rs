//! HTTP handlers of the files family.

use axum::extract::{Multipart, State};
use axum::http::{Method, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use stream_auth::Resource;

use super::MAX_UPLOAD;
use crate::auth::Caller;
use crate::auth::scope;
use crate::error::ApiError;
use crate::extract::PathParams;
use crate::public_url::PublicBase;
use crate::query::Params;
use crate::query::encode_component;
use crate::reply::{Reply, created, ok};
use crate::stamp::Stamp;
use crate::state::SharedState;

/// `resize` values `images/` accepts.
pub(crate) const RESIZE_MODES: [&str; 4] = ["clip", "crop", "scale", "fill"];
/// `crop` values `images/` accepts.
pub(crate) const CROP_MODES: [&str; 5] = ["top", "bottom", "left", "right", "center"];
/// The largest `w`/`h` accepted.
pub(crate) const MAX_DIMENSION: u64 = 10_000;

pub(super) async fn upload_file(
    caller: Caller,
    method: Method,
    base: PublicBase,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Reply {
    upload(caller, method, base, multipart, false).await
}

pub(super) async fn upload_image(
    caller: Caller,
    method: Method,
    base: PublicBase,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Reply {
    upload(caller, method, base, multipart, true).await
}

async fn upload(
    caller: Caller,
    method: Method,
    PublicBase(base): PublicBase,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
    image: bool,
) -> Reply {
    scope(&caller, Resource::Files, &method)?;
    let mut multipart = multipart
        .map_err(|e| ApiError::input(format!("expected a multipart/form-data body: {e}")))?;
    let mut found = None;
    // Bounded by the body size cap: each field consumes input.
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::input(format!("malformed multipart body: {e}")))?
    {
        if field.name() != Some("file") {
            continue;
        }
        let filename = field.file_name().unwrap_or("file").to_owned();
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| ApiError::input(format!("could not read the file part: {e}")))?;
        if bytes.len() > MAX_UPLOAD {
            return Err(ApiError::too_large(format!(
                "files are limited to {MAX_UPLOAD} bytes"
            )));
        }
        found = Some((filename, content_type, bytes.to_vec()));
        break;
    }
    let (filename, content_type, bytes) = found
        .ok_or_else(|| ApiError::input_field("file", "the multipart field \"file\" is required"))?;
    let mut app = caller.app.lock();
    let stored = app.files.put(
        &filename,
        content_type.as_deref(),
        image,
        bytes,
        Stamp::now(),
    )?;
    let path = stored.path();
    let url = format!("{base}{path}?{}", signature(&caller, &path));
    created(json!({"file": url}))
}

/// The signed query of an upload's URL, as the service's CDN URLs carry one: an HMAC of the
/// path with the app's secret (`Signature=<base64url>`). Serving ignores it.
fn signature(caller: &Caller, path: &str) -> String {
    let token = caller
        .app
        .signer
        .sign_json(&json!({ "path": path }).to_string());
    let sig = token.as_str().rsplit('.').next().unwrap_or_default();
    format!("Signature={sig}")
}

fn required_url(params: &Params) -> Result<String, ApiError> {
    params
        .get_nonempty("url")
        .map(str::to_owned)
        .ok_or_else(|| ApiError::input_field("url", "url is a required parameter"))
}

/// Deleting is idempotent: a URL that is not (or no longer) stored succeeds too.
pub(super) async fn delete_upload(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Files, &method)?;
    let url = required_url(&params)?;
    let mut app = caller.app.lock();
    let _ = app.files.delete_by_url(&url);
    ok(json!({}))
}

/// `images/?url=&resize=&crop=&w=&h=`: validates the parameters and answers with the URL of the
/// "processed" image (the same bytes; the emulator does no image processing).
pub(super) async fn process_image(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Files, &method)?;
    let url = required_url(&params)?;
    let mut query = Vec::new();
    if let Some(resize) = params.get_nonempty("resize") {
        if !RESIZE_MODES.contains(&resize) {
            return Err(ApiError::input_field(
                "resize",
                format!("resize must be one of {}", RESIZE_MODES.join(", ")),
            ));
        }
        query.push(format!("resize={resize}"));
    }
    if let Some(crop) = params.get_nonempty("crop") {
        if crop.split(',').any(|c| !CROP_MODES.contains(&c.trim())) {
            return Err(ApiError::input_field(
                "crop",
                format!(
                    "crop must be a comma-separated list of {}",
                    CROP_MODES.join(", ")
                ),
            ));
        }
        query.push(format!("crop={}", encode_component(crop)));
    }
    for dim in ["w", "h"] {
        if let Some(v) = params.get_nonempty(dim) {
            match v.trim().parse::<u64>() {
                Ok(n) if (1..=MAX_DIMENSION).contains(&n) => query.push(format!("{dim}={n}")),
                _ => {
                    return Err(ApiError::input_field(
                        dim,
                        format!("{dim} must be a positive integer up to {MAX_DIMENSION}"),
                    ));
                }
            }
        }
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    let file = if query.is_empty() {
        url
    } else {
        format!("{url}{sep}{}", query.join("&"))
    };
    ok(json!({"file": file}))
}

/// Serves an upload (no auth, like a CDN URL). Ids are unique per app and the URL carries no
/// api key, so every hosted app is searched.
pub(super) async fn serve(
    State(state): State<SharedState>,
    PathParams((id, _name), _): PathParams<(String, String)>,
) -> Response {
    for app in state.apps.values() {
        let app = app.lock();
        if let Some(f) = app.files.get(&id) {
            let ct = f.content_type.clone();
            return ([(header::CONTENT_TYPE, ct)], f.bytes.clone()).into_response();
        }
    }
    ApiError::not_found(format!("file {id} does not exist")).into_response()
}
