//! Files, images and Open Graph over HTTP.

mod http_others_util;

use http_others_util::{Client, assert_error, multipart, raw};
use stream_emulator::Emulator;
use stream_emulator::og::OgData;

#[test]
fn upload_serve_delete() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    let token = c.server();
    let (ct, body) = multipart("hello.txt", "text/plain", b"hello world!");
    let r = raw(
        c.addr,
        "POST",
        &c.target("files/", "location=unspecified"),
        &[("authorization", &token), ("content-type", &ct)],
        &body,
    );
    assert_eq!(r.status, 201, "{}", r.json());
    let url = r.json()["file"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with(&format!("http://{}/files/", c.addr)),
        "{url}"
    );
    let (unsigned, signature) = url.split_once('?').expect("a signed query");
    assert!(unsigned.ends_with("/hello.txt"), "{url}");
    assert!(signature.starts_with("Signature="), "{url}");
    // Served back without auth, with or without the signed query.
    let path = url
        .trim_start_matches(&format!("http://{}", c.addr))
        .to_owned();
    let got = raw(c.addr, "GET", &path, &[], b"");
    assert_eq!(got.status, 200);
    assert_eq!(got.body, b"hello world!");
    assert_eq!(got.header("content-type"), Some("text/plain"));

    // Image upload; a text file is not an image.
    let (ct, body) = multipart("image.png", "image/png", b"\x89PNG\r\n\x1a\nfake");
    let r = raw(
        c.addr,
        "POST",
        &c.target("images/", ""),
        &[("authorization", &token), ("content-type", &ct)],
        &body,
    );
    assert_eq!(r.status, 201, "{}", r.json());
    let img = r.json()["file"].as_str().unwrap().to_owned();
    let (ct, body) = multipart("notes.txt", "text/plain", b"x");
    let r = raw(
        c.addr,
        "POST",
        &c.target("images/", ""),
        &[("authorization", &token), ("content-type", &ct)],
        &body,
    );
    assert_error(&r, 400, 4);
    // Not multipart / no file part.
    assert_error(
        &c.srv("POST", "files/", "", Some(&serde_json::json!({}))),
        400,
        4,
    );
    let (ct, body) = multipart("x.txt", "text/plain", b"x");
    let body = String::from_utf8(body)
        .unwrap()
        .replace("name=\"file\"", "name=\"other\"");
    let r = raw(
        c.addr,
        "POST",
        &c.target("files/", ""),
        &[("authorization", &token), ("content-type", &ct)],
        body.as_bytes(),
    );
    assert_error(&r, 400, 4);

    // Process: params validated, URL answered.
    let q = format!(
        "resize=crop&crop=top&w=100&h=50&url={}",
        img.replace(':', "%3A").replace('/', "%2F")
    );
    let r = c.srv("GET", "images/", &q, None);
    assert_eq!(r.status, 200, "{}", r.json());
    assert!(r.json()["file"].as_str().unwrap().starts_with(&img));
    for bad in ["resize=squash", "crop=middle", "w=0", "h=-3", "w=abc"] {
        assert_error(
            &c.srv("GET", "images/", &format!("{bad}&url=http://x/y.png"), None),
            400,
            4,
        );
    }
    assert_error(&c.srv("GET", "images/", "", None), 400, 4);

    // Delete (idempotent), then the file is gone.
    let q = format!("url={}", url.replace(':', "%3A").replace('/', "%2F"));
    assert_eq!(c.srv("DELETE", "files/", &q, None).status, 200);
    assert_eq!(raw(c.addr, "GET", &path, &[], b"").status, 404);
    assert_eq!(c.srv("DELETE", "files/", &q, None).status, 200);
    assert_eq!(
        c.srv(
            "DELETE",
            "images/",
            "url=http:%2F%2F127.0.0.1%2Ffile.png",
            None
        )
        .status,
        200
    );
    assert_error(&c.srv("DELETE", "images/", "", None), 400, 4);
    // User tokens may upload.
    let (ct, body) = multipart("a.txt", "text/plain", b"a");
    let alice = c.user("alice");
    let r = raw(
        c.addr,
        "POST",
        &c.target("files/", ""),
        &[("authorization", &alice), ("content-type", &ct)],
        &body,
    );
    assert_eq!(r.status, 201);
}

#[test]
fn og_registered_pages_only() {
    let emu = Emulator::start_blocking().unwrap();
    let c = Client::new(emu.addr());
    emu.register_og_page(
        "https://example.com/page?x=1&y=2",
        OgData::new("Example", "A page"),
    );
    let r = c.srv(
        "GET",
        "og/",
        "url=https%3A%2F%2Fexample.com%2Fpage%3Fx%3D1%26y%3D2",
        None,
    );
    assert_eq!(r.status, 200, "{}", r.json());
    assert_eq!(r.json()["title"], "Example");
    assert_eq!(r.json()["description"], "A page");
    // axios' encoding of the same URL.
    let r = c.srv(
        "GET",
        "og",
        "url=https:%2F%2Fexample.com%2Fpage%3Fx%3D1%26y%3D2",
        None,
    );
    assert_eq!(r.status, 200);
    let r = c.srv("GET", "og/", "url=https%3A%2F%2Funknown.example%2F", None);
    assert_error(&r, 400, 4);
    assert!(r.json()["detail"].as_str().unwrap().contains("register"));
    assert_error(&c.srv("GET", "og/", "", None), 400, 4);
}
