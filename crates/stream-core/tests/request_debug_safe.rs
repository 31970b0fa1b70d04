//! A hand-built `Request` with a wrong `path_end` never panics in `Debug`, `url_without_query`
//! or `path`, and never shows its query (the api key) or a sensitive header.
use stream_core::{Header, Method, Request};

fn request(url: &str, path_end: usize) -> Request {
    Request {
        method: Method::Get,
        url: url.to_owned(),
        path_end,
        headers: vec![
            Header {
                name: "Authorization",
                value: "jwt-token-value".to_owned(),
                sensitive: true,
            },
            Header {
                name: "stream-auth-type",
                value: "jwt".to_owned(),
                sensitive: false,
            },
        ],
        body: None,
        op: "feed.get",
        idempotent: true,
    }
}

const URL: &str =
    "https://api.stream-io-api.com/api/v1.0/feed/user/al%C3%AFce/?api_key=KEY123&id_lt=x";

#[test]
fn a_correct_path_end_is_honoured() {
    let end = URL.find('?').expect("query");
    let r = request(URL, end);
    assert_eq!(
        r.url_without_query(),
        "https://api.stream-io-api.com/api/v1.0/feed/user/al%C3%AFce/"
    );
    assert_eq!(r.path(), "/api/v1.0/feed/user/al%C3%AFce/");
}

#[test]
fn a_bad_path_end_never_panics_nor_shows_the_query() {
    let unicode = "http://127.0.0.1:1/api/v1.0/feed/user/ålice/?api_key=KEY123";
    let inside_a_char = unicode.find('å').expect("å") + 1;
    for (url, end) in [
        (URL, usize::MAX),
        (URL, URL.len()),
        (URL, URL.len() + 10),
        (URL, URL.find('?').expect("query") + 3),
        (unicode, inside_a_char),
        (unicode, usize::MAX),
        ("", 5),
        ("https://h/p#frag?api_key=KEY123", 100),
    ] {
        let r = request(url, end);
        let shown = format!("{r:?}");
        let without = r.url_without_query();
        let _ = r.path();
        assert!(!without.contains('?'), "{url} / {end}: {without}");
        assert!(!shown.contains("KEY123"), "{url} / {end}: {shown}");
        assert!(!shown.contains("jwt-token-value"), "{shown}");
        assert!(url.starts_with(without));
    }
    // A path_end inside a multi-byte character falls back to the whole path.
    let r = request(unicode, inside_a_char);
    assert_eq!(
        r.url_without_query(),
        "http://127.0.0.1:1/api/v1.0/feed/user/ålice/"
    );
    assert_eq!(r.path(), "/api/v1.0/feed/user/ålice/");
    // Past the query start: cut at the `?`.
    let r = request(URL, usize::MAX);
    assert!(r.url_without_query().ends_with("/feed/user/al%C3%AFce/"));
}

#[test]
fn a_short_path_end_only_shortens() {
    let r = request(URL, 8);
    assert_eq!(r.url_without_query(), "https://");
    assert_eq!(r.path(), "/");
    assert!(!format!("{r:?}").contains("KEY123"));
}
