//! Open Graph scraping without the network: `og/?url=` answers only for pages a test
//! registered ([`Emulator::register_og_page`](crate::Emulator::register_og_page)), and 400 for any other URL.
//!
//! Public only for [`OgData`], the page a test registers; everything else is internal.

use axum::Router;
use axum::http::Method;
use axum::routing::get;
use serde::{Deserialize, Serialize};

use crate::persist::Tracked;
use serde_json::{Map, Value};
use stream_auth::Resource;

use crate::auth::{Caller, scope};
use crate::error::ApiError;
use crate::query::Params;
use crate::reply::{Reply, ok};
use crate::router::RouterExt;
use crate::state::SharedState;

/// An Open Graph page a test registers with
/// [`Emulator::register_og_page`](crate::Emulator::register_og_page): the models'
/// [`stream_models::og::OgData`] (what `og/` answers), built from a title and a description or
/// from a full [`stream_models::og::OgData`].
///
/// ```
/// let page = stream_emulator::og::OgData::new("Example", "An example page");
/// assert_eq!(page.0.title.as_deref(), Some("Example"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OgData(pub stream_models::og::OgData);

impl OgData {
    /// A page with a title and a description.
    pub fn new(title: impl Into<String>, description: impl Into<String>) -> Self {
        Self(stream_models::og::OgData {
            title: Some(title.into()),
            description: Some(description.into()),
            ..stream_models::og::OgData::default()
        })
    }
}

impl From<stream_models::og::OgData> for OgData {
    fn from(data: stream_models::og::OgData) -> Self {
        Self(data)
    }
}

/// The `og/` route.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new().v1("og", get(og))
}

async fn og(caller: Caller, method: Method, params: Params) -> Reply {
    scope(&caller, Resource::Url, &method)?;
    let url = params.get("url").unwrap_or("").to_owned();
    let app = caller.app.lock();
    ok(app.og_pages.lookup(&url)?)
}

/// The fields of an `og/` answer in the order the service writes them; media lists only when
/// not empty. Other fields follow.
const ANSWER_ORDER: [&str; 11] = [
    "title",
    "description",
    "type",
    "url",
    "site_name",
    "locale",
    "favicon",
    "determiner",
    "images",
    "videos",
    "audios",
];

/// The pages `og/` knows, by URL.
#[derive(Default, Debug, Clone, Serialize, Deserialize)]
pub(crate) struct OgRegistry {
    pub(crate) pages: Tracked<stream_models::og::OgData>,
}

impl OgRegistry {
    /// Registers (or replaces) the data returned for `url`.
    pub(crate) fn register(&mut self, url: impl Into<String>, data: stream_models::og::OgData) {
        self.pages.insert(url.into(), data);
    }

    /// The data for `url`: 400 for a URL that is not http(s), or not registered.
    pub(crate) fn lookup(&self, url: &str) -> Result<Value, ApiError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(ApiError::input_field("url", "url is a required parameter"));
        }
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ApiError::input_field(
                "url",
                format!("url {url:?} is not an http(s) URL"),
            ));
        }
        let page = self.pages.get(url).ok_or_else(|| {
            ApiError::input_field(
                "url",
                format!(
                    "could not scrape {url}: the emulator has no network access; register the page \
                     with OgRegistry::register first"
                ),
            )
        })?;
        let Value::Object(mut fields) = serde_json::to_value(page)
            .map_err(|e| ApiError::input(format!("og data for {url} is not serializable: {e}")))?
        else {
            return Err(ApiError::input(format!(
                "og data for {url} is not an object"
            )));
        };
        let mut answer = Map::new();
        for key in ANSWER_ORDER {
            match fields.remove(key) {
                Some(Value::Array(list)) if list.is_empty() => {}
                Some(v) => {
                    answer.insert(key.to_owned(), v);
                }
                None => {}
            }
        }
        answer.extend(fields);
        answer
            .entry("url")
            .or_insert_with(|| Value::String(url.to_owned()));
        Ok(Value::Object(answer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_pages_only() {
        let mut r = OgRegistry::default();
        let mut page = OgData::new("Example", "An example page").0;
        page.images.push(stream_models::og::OgMedia {
            url: Some("https://example.com/a.png".into()),
            ..stream_models::og::OgMedia::default()
        });
        r.register("https://example.com/page?x=1&y=2", page);
        let v = r.lookup("https://example.com/page?x=1&y=2").unwrap();
        assert_eq!(
            v.to_string(),
            r#"{"title":"Example","description":"An example page","images":[{"url":"https://example.com/a.png"}],"url":"https://example.com/page?x=1&y=2"}"#
        );
        assert_eq!(
            r.lookup("https://other.example/")
                .unwrap_err()
                .status
                .as_u16(),
            400
        );
        assert!(r.lookup("ftp://x").is_err());
        assert!(r.lookup("").is_err());
        let json = serde_json::to_string(&r).unwrap();
        let back: OgRegistry = serde_json::from_str(&json).unwrap();
        assert_eq!(back.pages.len(), 1);
    }
}
