//! The outermost middleware: refuses over-long URLs and reads each request body within the body
//! timeout (and the size cap) before any handler runs.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::HttpLimits;
use crate::error::ApiError;
use crate::extract::MAX_UPLOAD_BODY;
use crate::v2::error::V2Error;

/// A Stream-format error for a request to `path`: the v2 body under `/api/v2/`, else v1's.
pub(crate) fn error_for(path: &str, status: StatusCode, detail: &str) -> Response {
    if path.starts_with("/api/v2/") {
        V2Error {
            status,
            code: 4,
            message: detail.to_owned(),
        }
        .into_response()
    } else {
        ApiError::new(status, 4, "InputException", detail).into_response()
    }
}

/// The same error as a whole HTTP/1.1 response that closes the connection, for errors the HTTP
/// parser answers before any request exists.
pub(crate) fn raw_error(v2: bool, status: StatusCode, detail: &str) -> Vec<u8> {
    let body = if v2 {
        V2Error {
            status,
            code: 4,
            message: detail.to_owned(),
        }
        .body()
    } else {
        ApiError::new(status, 4, "InputException", detail).body()
    };
    let body = body.to_string();
    format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    )
    .into_bytes()
}

fn closing(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// Refuses URLs over the limit (414), then buffers the body: one that takes longer than the
/// body timeout is answered 408, one over the upload cap 413, both closing the connection.
pub(crate) async fn middleware(
    State(limits): State<HttpLimits>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let url_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if url_len > limits.max_url_len() {
        let detail = format!(
            "the URL is {url_len} bytes long; at most {} are accepted",
            limits.max_url_len()
        );
        return closing(error_for(&path, StatusCode::URI_TOO_LONG, &detail));
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        let detail = format!("request body exceeds the limit of {MAX_UPLOAD_BODY} bytes");
        closing(error_for(&path, StatusCode::PAYLOAD_TOO_LARGE, &detail))
    };
    if declared.is_some_and(|n| n > MAX_UPLOAD_BODY as u64) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    let read = axum::body::to_bytes(body, MAX_UPLOAD_BODY);
    let bytes = match tokio::time::timeout(limits.body_read_timeout(), read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => {
            let over = std::error::Error::source(&e)
                .is_some_and(|s| s.to_string().contains("length limit exceeded"));
            if over {
                return too_large();
            }
            let detail = format!("request body could not be read: {e}");
            return closing(error_for(&path, StatusCode::BAD_REQUEST, &detail));
        }
        Err(_) => {
            let detail = format!(
                "request body not received within {} ms",
                limits.body_read_timeout().as_millis()
            );
            return closing(error_for(&path, StatusCode::REQUEST_TIMEOUT, &detail));
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
