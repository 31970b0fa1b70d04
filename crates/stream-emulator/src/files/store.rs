//! The files store: plain data, stored with the app (`--data`).

use serde::{Deserialize, Serialize};

use crate::persist::Tracked;

use crate::error::ApiError;
use crate::query::encode_component;
use crate::stamp::{Stamp, ordered_id};

/// The largest upload accepted (files and images): 20 MiB, below the server's body cap.
pub(crate) const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// One stored upload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredFile {
    /// Generated id (first path segment after `files/`).
    pub(crate) id: String,
    /// File name as uploaded.
    pub(crate) filename: String,
    /// Content type of the part (or guessed from the name).
    pub(crate) content_type: String,
    /// Whether it was uploaded through `images/`.
    pub(crate) image: bool,
    /// The bytes.
    pub(crate) bytes: Vec<u8>,
}

impl StoredFile {
    /// The path the file is served at: `/files/<id>/<encoded filename>`.
    pub(crate) fn path(&self) -> String {
        format!("/files/{}/{}", self.id, encode_component(&self.filename))
    }
}

/// Every upload of one app.
#[derive(Default, Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FileStore {
    pub(crate) files: Tracked<StoredFile>,
    pub(crate) next_seq: u64,
}

impl FileStore {
    /// Stores an upload and returns it.
    pub(crate) fn put(
        &mut self,
        filename: &str,
        content_type: Option<&str>,
        image: bool,
        bytes: Vec<u8>,
        now: Stamp,
    ) -> Result<StoredFile, ApiError> {
        if bytes.len() > MAX_UPLOAD {
            return Err(ApiError::too_large(format!(
                "file of {} bytes exceeds the limit of {MAX_UPLOAD} bytes",
                bytes.len()
            )));
        }
        let filename = sanitize(filename);
        let content_type = content_type
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| guess_type(&filename).to_owned());
        if image && !content_type.starts_with("image/") {
            return Err(ApiError::input_field(
                "file",
                format!("File type {content_type} is not supported"),
            ));
        }
        self.next_seq += 1;
        let file = StoredFile {
            id: ordered_id(now, self.next_seq),
            filename,
            content_type,
            image,
            bytes,
        };
        self.files.insert(file.id.clone(), file.clone());
        Ok(file)
    }

    /// The upload with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&StoredFile> {
        self.files.get(id)
    }

    /// Deletes the upload a URL points at; 404 when it is not one of ours.
    pub(crate) fn delete_by_url(&mut self, url: &str) -> Result<StoredFile, ApiError> {
        id_from_url(url)
            .and_then(|id| self.files.remove(&id))
            .ok_or_else(|| ApiError::not_found(format!("file {url} does not exist")))
    }
}

/// The `<id>` of a `.../files/<id>/<name>` URL.
fn id_from_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut segs = path.split('/');
    segs.by_ref().find(|s| *s == "files")?;
    segs.next().filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Keeps the last path component of a file name; empty names become `file`.
fn sanitize(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if base.is_empty() || base == "." || base == ".." {
        "file".to_owned()
    } else {
        base.chars().take(255).collect()
    }
}

/// A content type from a file extension.
pub(crate) fn guess_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "bmp" => "image/bmp",
        "txt" => "text/plain",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "html" | "htm" => "text/html",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_find_delete() {
        let mut s = FileStore::default();
        let f = s
            .put(
                "dir/hello world.txt",
                Some("text/plain"),
                false,
                b"hello".to_vec(),
                Stamp(1),
            )
            .unwrap();
        assert_eq!(f.filename, "hello world.txt");
        assert!(f.path().ends_with("/hello%20world.txt"));
        let url = format!("http://127.0.0.1:9/{}", f.path());
        s.delete_by_url(&url).unwrap();
        assert_eq!(s.delete_by_url(&url).unwrap_err().code, 16);
        assert!(s.files.is_empty());
    }

    #[test]
    fn images_must_be_images() {
        let mut s = FileStore::default();
        assert!(s.put("image.png", None, true, vec![1, 2], Stamp(1)).is_ok());
        assert!(s.put("notes.txt", None, true, vec![1], Stamp(1)).is_err());
        assert_eq!(
            s.put("", None, false, vec![], Stamp(1)).unwrap().filename,
            "file"
        );
    }
}
