//! Open Graph data scraped from a URL.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What the service scraped from a page's Open Graph tags.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OgData {
    /// `og:title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `og:description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `og:image` entries.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub images: Vec<OgMedia>,
    /// `og:video` entries.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub videos: Vec<OgMedia>,
    /// `og:audio` entries.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub audios: Vec<OgMedia>,
    /// `og:url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `og:site_name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// `og:type`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `og:locale`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The page's favicon URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favicon: Option<String>,
    /// `og:determiner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub determiner: Option<String>,
    /// Every other field (`site`, `duration`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One image, video or audio entry. The media URL is in `image`, `video` or `audio`
/// (and often `url`); see [`OgMedia::media_url`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OgMedia {
    /// `og:image` for images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// `og:video` for videos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video: Option<String>,
    /// `og:audio` for audios.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
    /// `:url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `:secure_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secure_url: Option<String>,
    /// `:type` (MIME type).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// `:width`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u64>,
    /// `:height`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u64>,
    /// `:alt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// Every other field.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OgMedia {
    /// The best URL of the media: `secure_url`, then `url`, then `image`/`video`/`audio`.
    pub fn media_url(&self) -> Option<&str> {
        self.secure_url
            .as_deref()
            .or(self.url.as_deref())
            .or(self.image.as_deref())
            .or(self.video.as_deref())
            .or(self.audio.as_deref())
    }
}
