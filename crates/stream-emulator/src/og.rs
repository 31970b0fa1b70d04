//! Open Graph scraping without the network: `og/?url=` answers only for pages registered in
//! the emulator (`OgRegistry::register`), and 400 for any other URL.

mod handlers;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::ApiError;

pub(crate) use handlers::routes;

/// An image, video or audio entry of an Open Graph page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OgMedia {
    /// Media URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// HTTPS URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_url: Option<String>,
    /// MIME type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

/// What `og/` returns for a page (the service's `OGAPIResponse` fields).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OgData {
    /// `og:title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `og:description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `og:type`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `og:url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `og:site_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// `og:locale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Favicon URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favicon: Option<String>,
    /// `og:determiner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub determiner: Option<String>,
    /// `og:image` entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<OgMedia>,
    /// `og:video` entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub videos: Vec<OgMedia>,
    /// `og:audio` entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audios: Vec<OgMedia>,
    /// Any other field to return.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OgData {
    /// A page with a title and a description.
    pub fn new(title: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            title: Some(title.into()),
            description: Some(description.into()),
            ..Self::default()
        }
    }
}

/// The pages `og/` knows, by URL.
#[derive(Default, Debug, Clone, Serialize, Deserialize)]
pub struct OgRegistry {
    pages: BTreeMap<String, OgData>,
}

impl OgRegistry {
    /// Registers (or replaces) the data returned for `url`.
    pub fn register(&mut self, url: impl Into<String>, data: OgData) {
        self.pages.insert(url.into(), data);
    }

    /// Forgets a page.
    pub fn unregister(&mut self, url: &str) -> Option<OgData> {
        self.pages.remove(url)
    }

    /// The data for `url`: 400 for a URL that is not http(s), or not registered.
    pub fn lookup(&self, url: &str) -> Result<Value, ApiError> {
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
        let mut v = serde_json::to_value(page)
            .map_err(|e| ApiError::input(format!("og data for {url} is not serializable: {e}")))?;
        if let Some(obj) = v.as_object_mut() {
            obj.entry("url")
                .or_insert_with(|| Value::String(url.to_owned()));
        }
        Ok(v)
    }

    /// Number of registered pages.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether no page is registered.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

impl crate::server::Emulator {
    /// Registers the Open Graph data `og/?url=` returns for `url`, in every hosted app (the
    /// emulator never fetches pages itself).
    pub fn register_og_page(&self, url: impl Into<String>, data: OgData) {
        let url = url.into();
        for app in self.state().apps.values() {
            app.lock().og_pages.register(url.clone(), data.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_pages_only() {
        let mut r = OgRegistry::default();
        let mut page = OgData::new("Example", "An example page");
        page.images.push(OgMedia {
            url: Some("https://example.com/a.png".into()),
            ..OgMedia::default()
        });
        r.register("https://example.com/page?x=1&y=2", page);
        let v = r.lookup("https://example.com/page?x=1&y=2").unwrap();
        assert_eq!(v["title"], "Example");
        assert_eq!(v["description"], "An example page");
        assert_eq!(v["url"], "https://example.com/page?x=1&y=2");
        assert_eq!(v["images"][0]["url"], "https://example.com/a.png");
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
        assert_eq!(back.len(), 1);
    }
}
