//! Files and images: upload (with a content type), a processed image URL (resize, crop,
//! thumbnail), delete.
//!
//! ```text
//! cargo run -p stream-blocking --example files
//! ```
//! Runs against the in-process emulator unless `STREAM_API_KEY`/`STREAM_API_SECRET` are set.
mod common;

use common::{Result, Setup, check};
use stream_blocking::prelude::*;

/// A 1×1 PNG, so the example needs no file on disk.
const PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn main() -> std::process::ExitCode {
    common::run_main("files", run)
}

fn run(setup: &Setup) -> Result {
    let client = &setup.client;

    let file = client.send(
        client
            .files()
            .upload("notes.txt", b"hello from stream-rs".to_vec())
            .content_type("text/plain"),
    )?;
    println!("file: {}", file.file);
    check(
        names(&file.file, "notes.txt"),
        format_args!("the file URL {} names the upload", file.file),
    )?;

    let image = client.send(
        client
            .images()
            .upload("pixel.png", PIXEL_PNG.to_vec())
            .content_type("image/png"),
    )?;
    println!("image: {}", image.file);
    check(
        names(&image.file, "pixel.png"),
        format_args!("the image URL {} names the upload", image.file),
    )?;

    let thumb = client.send(client.images().thumbnail(image.file.as_str(), 50, 50))?;
    println!("thumbnail: {}", thumb.file);
    check(
        thumb.file.starts_with(image.file.as_str())
            && thumb.file.contains("w=50")
            && thumb.file.contains("h=50"),
        format_args!(
            "the thumbnail URL {} resizes the image to 50×50",
            thumb.file
        ),
    )?;

    client.send(client.files().delete(file.file.as_str()))?;
    client.send(client.images().delete(image.file.as_str()))?;
    println!("deleted both");
    Ok(())
}

/// Whether an upload URL's path ends with `name` (the service's URLs carry a signed query).
fn names(url: &str, name: &str) -> bool {
    let path = url.split_once('?').map_or(url, |(path, _)| path);
    path.ends_with(&format!("/{name}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn runs_against_the_emulator() {
        super::run(&super::Setup::emulator().expect("emulator")).expect("example runs");
    }
}
