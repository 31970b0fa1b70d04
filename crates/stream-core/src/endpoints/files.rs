//! Files and images: multipart upload, delete by URL, and image processing (resize/crop).
//!
//! Token: `files/*/*` (the resource the service names for files and images; JS sends `*/*/*`).
//! Every call works client-side with a user token.
//!
//! The multipart body is built here, by hand: one part named `file` with the file name and a
//! content type inferred from the extension (or given). The boundary is derived from a hash of
//! the content, so the same upload always produces the same bytes (core draws no random numbers)
//! and the boundary is checked not to occur in the content.
use bytes::Bytes;
use stream_auth::Resource;
use stream_models::upload::{Ack, Upload};

use super::validate;
use crate::config::{Config, Service};
use crate::endpoint::{Auth, JsonEndpoint, Path, Spec};
use crate::error::{BuildError, Error};
use crate::request::{Body, Method};

fn auth() -> Auth {
    Auth::Scoped(validate::scope(Resource::Files))
}

/// Which store: `files/` or `images/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Store {
    /// `files/`: any file.
    Files,
    /// `images/`: images only; can be processed.
    Images,
}

impl Store {
    fn path(self) -> &'static str {
        match self {
            Store::Files => "files",
            Store::Images => "images",
        }
    }
}

/// Convenience handle for the file store: creates endpoint values, sends nothing.
///
/// ```
/// use stream_core::endpoints::files::Files;
/// let upload = Files.upload("hello.txt", b"hello world!".to_vec());
/// let delete = Files.delete("https://cdn.example.com/hello.txt");
/// # let _ = (upload, delete);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Files;

impl Files {
    /// [`UploadFile`] into the file store.
    pub fn upload(&self, file_name: impl Into<String>, content: impl Into<Bytes>) -> UploadFile {
        UploadFile::new(Store::Files, file_name, content)
    }

    /// [`DeleteFile`] from the file store.
    pub fn delete(&self, url: impl Into<String>) -> DeleteFile {
        DeleteFile::new(Store::Files, url)
    }
}

/// Convenience handle for the image store: creates endpoint values, sends nothing.
///
/// ```
/// use stream_core::endpoints::files::{Images, Resize};
/// let process = Images.process("https://cdn.example.com/a.png").resize(Resize::Crop).size(100, 50);
/// # let _ = process;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Images;

impl Images {
    /// [`UploadFile`] into the image store.
    pub fn upload(&self, file_name: impl Into<String>, content: impl Into<Bytes>) -> UploadFile {
        UploadFile::new(Store::Images, file_name, content)
    }

    /// [`DeleteFile`] from the image store.
    pub fn delete(&self, url: impl Into<String>) -> DeleteFile {
        DeleteFile::new(Store::Images, url)
    }

    /// [`ProcessImage`].
    pub fn process(&self, url: impl Into<String>) -> ProcessImage {
        ProcessImage::new(url)
    }

    /// A thumbnail of `w`×`h`: [`ProcessImage`] with `resize=clip` and `crop=center`, the
    /// defaults of the JS client's `thumbnail`.
    pub fn thumbnail(&self, url: impl Into<String>, w: u32, h: u32) -> ProcessImage {
        ProcessImage::new(url)
            .resize(Resize::Clip)
            .crop([Crop::Center])
            .size(w, h)
    }
}

/// The content type for a file name, from its extension (`application/octet-stream` when
/// unknown).
pub fn content_type_for(file_name: &str) -> &'static str {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "text" | "log" => "text/plain",
        "csv" => "text/csv",
        "htm" | "html" => "text/html",
        "md" => "text/markdown",
        "css" => "text/css",
        "js" | "mjs" => "application/javascript",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "png" => "image/png",
        "jpg" | "jpeg" | "jpe" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "tif" | "tiff" => "image/tiff",
        "heic" => "image/heic",
        "avif" => "image/avif",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "m4a" => "audio/mp4",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mov" => "video/quicktime",
        _ => "application/octet-stream",
    }
}

/// `POST files/` or `POST images/` with a `multipart/form-data` body whose single part `file`
/// carries the content. Returns the CDN URL.
///
/// Not retried automatically (POST). Uploads can be slow: give the client a request timeout
/// that fits the file size.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::files::{Store, UploadFile};
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let upload = UploadFile::new(Store::Images, "image.png", std::fs::read("image.png")?);
/// let request = config.build_request(&upload)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Clone, PartialEq, Eq)]
pub struct UploadFile {
    store: Store,
    file_name: String,
    content_type: Option<String>,
    content: Bytes,
}

impl std::fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The content may be private; show only its size.
        f.debug_struct("UploadFile")
            .field("store", &self.store)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("content_len", &self.content.len())
            .finish()
    }
}

impl UploadFile {
    /// Uploads `content` as `file_name` into `store`.
    pub fn new(store: Store, file_name: impl Into<String>, content: impl Into<Bytes>) -> Self {
        Self {
            store,
            file_name: file_name.into(),
            content_type: None,
            content: content.into(),
        }
    }

    /// The part's content type, instead of the one inferred from the extension.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    fn effective_content_type(&self) -> &str {
        self.content_type
            .as_deref()
            .unwrap_or_else(|| content_type_for(&self.file_name))
    }
}

/// 64-bit FNV-1a, seeded: a small, stable hash for boundaries (not for security).
fn fnv1a(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A boundary in the `form-data` style (`--------------------------` + 24 hex digits), derived
/// from the content and checked not to occur in it. Tries a bounded number of seeds.
pub(crate) fn boundary_for(name: &str, content: &[u8]) -> Result<String, BuildError> {
    for seed in 0..16_u64 {
        let a = fnv1a(seed, &[name.as_bytes(), b"\0", content]);
        let b = fnv1a(seed ^ 0xa5a5, &[content, b"\0", name.as_bytes()]);
        let boundary = format!("--------------------------{a:016x}{:08x}", b >> 32);
        if !contains(content, boundary.as_bytes()) {
            return Ok(boundary);
        }
    }
    Err(BuildError::field(
        "content",
        "no multipart boundary could be found that does not occur in the content",
    ))
}

/// A file name as a quoted-string parameter value: `"`, CR and LF percent-encoded (as browsers
/// do), everything else as is.
fn quoted_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        match c {
            '"' => out.push_str("%22"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Builds a `multipart/form-data` body with one part `field` holding `content`.
pub(crate) fn multipart_body(
    field: &str,
    file_name: &str,
    content_type: &str,
    content: &[u8],
) -> Result<Body, BuildError> {
    let boundary = boundary_for(file_name, content)?;
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename={}\r\nContent-Type: {content_type}\r\n\r\n",
        quoted_file_name(file_name)
    );
    let tail = format!("\r\n--{boundary}--\r\n");
    let mut bytes = Vec::with_capacity(head.len() + content.len() + tail.len());
    bytes.extend_from_slice(head.as_bytes());
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(tail.as_bytes());
    Ok(Body {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        bytes: Bytes::from(bytes),
    })
}

impl JsonEndpoint for UploadFile {
    type Output = Upload;

    const OP: &'static str = "files.upload";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::id("file_name", &self.file_name)?;
        let content_type = self.effective_content_type();
        if content_type.is_empty()
            || content_type
                .chars()
                .any(|c| c.is_control() || c.is_whitespace())
        {
            return Err(
                BuildError::field("content_type", "must be a MIME type such as image/png").into(),
            );
        }
        if self.store == Store::Images && !content_type.starts_with("image/") {
            return Err(BuildError::field(
                "content_type",
                format!("{content_type:?} is not an image type; upload it with the file store"),
            )
            .into());
        }
        let body = multipart_body("file", &self.file_name, content_type, &self.content)?;
        let op = match self.store {
            Store::Files => Self::OP,
            Store::Images => "images.upload",
        };
        Ok(Spec::new(
            op,
            Method::Post,
            Service::Api,
            Path::new().lit(self.store.path()).build(),
            auth(),
        )
        .body(body))
    }
}

/// `DELETE files/?url=…` or `DELETE images/?url=…`: deletes an uploaded file by its URL.
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::files::{DeleteFile, Store};
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let request = config.build_request(&DeleteFile::new(Store::Files, "https://cdn.example.com/a.txt"))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteFile {
    store: Store,
    url: String,
}

impl DeleteFile {
    /// Deletes the file at `url` from `store`.
    pub fn new(store: Store, url: impl Into<String>) -> Self {
        Self {
            store,
            url: url.into(),
        }
    }
}

impl JsonEndpoint for DeleteFile {
    type Output = Ack;

    const OP: &'static str = "files.delete";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::http_url("url", &self.url)?;
        let op = match self.store {
            Store::Files => Self::OP,
            Store::Images => "images.delete",
        };
        Ok(Spec::new(
            op,
            Method::Delete,
            Service::Api,
            Path::new().lit(self.store.path()).build(),
            auth(),
        )
        .query("url", self.url.clone()))
    }
}

/// How an image is fitted into `w`×`h`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Resize {
    /// Fit inside, keeping the aspect ratio.
    Clip,
    /// Fill and cut off what overflows (see [`Crop`]).
    Crop,
    /// Stretch to exactly `w`×`h`.
    Scale,
    /// Fit inside and pad.
    Fill,
    /// Any other mode the service knows.
    Other(String),
}

impl Resize {
    fn as_str(&self) -> &str {
        match self {
            Resize::Clip => "clip",
            Resize::Crop => "crop",
            Resize::Scale => "scale",
            Resize::Fill => "fill",
            Resize::Other(s) => s,
        }
    }
}

/// Which part of the image to keep when cropping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Crop {
    /// Top.
    Top,
    /// Bottom.
    Bottom,
    /// Left.
    Left,
    /// Right.
    Right,
    /// Center.
    Center,
}

impl Crop {
    fn as_str(self) -> &'static str {
        match self {
            Crop::Top => "top",
            Crop::Bottom => "bottom",
            Crop::Left => "left",
            Crop::Right => "right",
            Crop::Center => "center",
        }
    }
}

/// `GET images/?resize=&crop=&w=&h=&url=`: a resized/cropped copy of an uploaded image.
/// Returns the processed image's URL in [`Upload::file`].
///
/// ```no_run
/// # use stream_core::{Config, ApiSecret};
/// use stream_core::endpoints::files::{Crop, ProcessImage, Resize};
/// # let config = Config::builder("key", ApiSecret::new("secret")).build()?;
/// let process = ProcessImage::new("https://cdn.example.com/a.png")
///     .resize(Resize::Crop)
///     .crop([Crop::Top])
///     .size(100, 50);
/// let request = config.build_request(&process)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an endpoint does nothing until it is passed to `client.send`"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessImage {
    url: String,
    resize: Option<Resize>,
    crop: Vec<Crop>,
    w: Option<u32>,
    h: Option<u32>,
}

impl ProcessImage {
    /// Processes the image at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            resize: None,
            crop: Vec::new(),
            w: None,
            h: None,
        }
    }

    /// The resize mode.
    pub fn resize(mut self, resize: Resize) -> Self {
        self.resize = Some(resize);
        self
    }

    /// The crop anchors (comma-joined on the wire, e.g. `top,left`).
    pub fn crop(mut self, crop: impl IntoIterator<Item = Crop>) -> Self {
        self.crop = crop.into_iter().collect();
        self
    }

    /// Target width.
    pub fn width(mut self, w: u32) -> Self {
        self.w = Some(w);
        self
    }

    /// Target height.
    pub fn height(mut self, h: u32) -> Self {
        self.h = Some(h);
        self
    }

    /// Target width and height.
    pub fn size(self, w: u32, h: u32) -> Self {
        self.width(w).height(h)
    }
}

impl JsonEndpoint for ProcessImage {
    type Output = Upload;

    const OP: &'static str = "images.process";

    fn spec(&self, _config: &Config) -> Result<Spec, Error> {
        validate::http_url("url", &self.url)?;
        if self.w == Some(0) || self.h == Some(0) {
            return Err(BuildError::field("w/h", "must be greater than zero").into());
        }
        let crop = (!self.crop.is_empty()).then(|| {
            self.crop
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(",")
        });
        Ok(Spec::new(
            Self::OP,
            Method::Get,
            Service::Api,
            Path::new().lit("images").build(),
            auth(),
        )
        .query_opt(
            "resize",
            self.resize.as_ref().map(|r| r.as_str().to_owned()),
        )
        .query_opt("crop", crop)
        .query_opt("w", self.w.map(|w| w.to_string()))
        .query_opt("h", self.h.map(|h| h.to_string()))
        .query("url", self.url.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type_for("hello.txt"), "text/plain");
        assert_eq!(content_type_for("IMAGE.PNG"), "image/png");
        assert_eq!(content_type_for("noext"), "application/octet-stream");
    }

    #[test]
    fn multipart_is_deterministic_and_well_formed() {
        let a = multipart_body("file", "a \"b\".txt", "text/plain", b"hello").unwrap();
        let b = multipart_body("file", "a \"b\".txt", "text/plain", b"hello").unwrap();
        assert_eq!(a, b);
        let boundary = a
            .content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        assert_eq!(boundary.len(), 26 + 24);
        let text = String::from_utf8(a.bytes.to_vec()).unwrap();
        assert_eq!(
            text,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
            )
        );
        let other = multipart_body("file", "a.txt", "text/plain", b"other").unwrap();
        assert_ne!(other.content_type, a.content_type);
    }

    #[test]
    fn boundary_never_occurs_in_the_content() {
        let first = boundary_for("x", b"data").unwrap();
        let mut content = b"data".to_vec();
        content.extend_from_slice(first.as_bytes());
        let second = boundary_for("x", &content).unwrap();
        assert!(!contains(&content, second.as_bytes()));
    }

    #[test]
    fn validation() {
        let c = Config::builder("key", stream_auth::ApiSecret::new("secret"))
            .build()
            .unwrap();
        assert!(
            UploadFile::new(Store::Images, "a.txt", &b"x"[..])
                .spec(&c)
                .is_err()
        );
        assert!(
            UploadFile::new(Store::Images, "a.txt", &b"x"[..])
                .content_type("image/png")
                .spec(&c)
                .is_ok()
        );
        assert!(
            UploadFile::new(Store::Files, "", &b"x"[..])
                .spec(&c)
                .is_err()
        );
        assert!(DeleteFile::new(Store::Files, "not a url").spec(&c).is_err());
        assert!(
            ProcessImage::new("https://x.io/a.png")
                .width(0)
                .spec(&c)
                .is_err()
        );
    }
}
