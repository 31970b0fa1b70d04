//! `STREAM_URL`: a Stream host names the location; any other host (an IP, `localhost`, a proxy's
//! domain), with its scheme and port, becomes the base URL. Garbage is a typed error.
use stream_core::{BuildError, Config, Service, StreamUrl, builder_from_vars};

fn config(url: &str) -> Config {
    StreamUrl::parse(url)
        .unwrap_or_else(|e| panic!("{url}: {e}"))
        .into_builder()
        .build()
        .unwrap_or_else(|e| panic!("{url}: {e}"))
}

#[test]
fn an_ip_with_a_port_is_the_base_url() {
    let u = StreamUrl::parse("http://key:secret@127.0.0.1:8000/").expect("parses");
    assert_eq!(u.api_key, "key");
    assert_eq!(u.location, None, "127 is not a location");
    assert_eq!(u.base_url.as_deref(), Some("http://127.0.0.1:8000"));
    let c = config("http://key:secret@127.0.0.1:8000/?app_id=42");
    assert_eq!(
        c.urls().get(Service::Api),
        "http://127.0.0.1:8000/api/v1.0/"
    );
    assert_eq!(
        c.urls().get(Service::Personalization),
        "http://127.0.0.1:8000/personalization/v1.0/"
    );
    assert_eq!(c.app_id(), Some("42"));
    assert_eq!(c.api_key(), "key");
    assert!(c.signer().is_some(), "the secret is kept");
}

#[test]
fn localhost_and_custom_domains_are_the_base_url() {
    let c = config("http://key:secret@localhost:8000");
    assert_eq!(
        c.urls().get(Service::Api),
        "http://localhost:8000/api/v1.0/"
    );
    let c = config("http://key:secret@localhost:8000/?app_id=7");
    assert_eq!(
        c.urls().get(Service::Api),
        "http://localhost:8000/api/v1.0/"
    );
    assert_eq!(c.app_id(), Some("7"));
    let c = config("https://key:secret@feeds.example.com/");
    assert_eq!(
        c.urls().get(Service::Api),
        "https://feeds.example.com/api/v1.0/"
    );
    let c = config("https://key:secret@proxy.internal:9443/ignored/path?app_id=1");
    assert_eq!(
        c.urls().get(Service::Api),
        "https://proxy.internal:9443/api/v1.0/"
    );
    let c = config("http://key:secret@[::1]:8000/");
    assert_eq!(c.urls().get(Service::Api), "http://[::1]:8000/api/v1.0/");
}

#[test]
fn stream_hosts_name_the_location() {
    for (url, location, api) in [
        (
            "https://key:secret@us-east.stream-io-api.com/?app_id=1",
            Some("us-east"),
            "https://us-east-api.stream-io-api.com/api/v1.0/",
        ),
        (
            "https://key:secret@us-east-api.stream-io-api.com/?app_id=1",
            Some("us-east"),
            "https://us-east-api.stream-io-api.com/api/v1.0/",
        ),
        (
            "https://key:secret@dublin.getstream.io/?app_id=1",
            Some("dublin"),
            "https://dublin-api.stream-io-api.com/api/v1.0/",
        ),
        (
            "https://key:secret@api.stream-io-api.com/?app_id=1",
            None,
            "https://api.stream-io-api.com/api/v1.0/",
        ),
        (
            "https://key:secret@getstream.io/?app_id=1",
            None,
            "https://api.stream-io-api.com/api/v1.0/",
        ),
        (
            "https://key:secret@stream-io-api.com",
            None,
            "https://api.stream-io-api.com/api/v1.0/",
        ),
        // The first label names the location, as the official clients read it.
        (
            "https://key:secret@us-east.api.stream-io-api.com/?app_id=1",
            Some("us-east"),
            "https://us-east-api.stream-io-api.com/api/v1.0/",
        ),
        // The scheme's own port changes nothing (Ruby writes `:443`).
        (
            "https://key:secret@us-east-api.stream-io-api.com:443/?app_id=1",
            Some("us-east"),
            "https://us-east-api.stream-io-api.com/api/v1.0/",
        ),
        (
            "http://key:secret@dublin.stream-io-api.com:80/",
            Some("dublin"),
            "https://dublin-api.stream-io-api.com/api/v1.0/",
        ),
    ] {
        let u = StreamUrl::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(u.location.as_deref(), location, "{url}");
        assert_eq!(u.base_url, None, "{url}");
        assert_eq!(config(url).urls().get(Service::Api), api, "{url}");
    }
}

#[test]
fn garbage_is_a_typed_error_never_a_panic() {
    for bad in [
        "",
        "nonsense",
        "localhost:8000",
        "key:secret@localhost:8000",
        "ftp://key:secret@127.0.0.1:8000/",
        "http://key:secret@",
        "http://key:secret@/",
        "http://key:secret@:8000/",
        "http://key:secret@127.0.0.1:/",
        "http://key:secret@127.0.0.1:0/",
        "http://key:secret@127.0.0.1:99999/",
        "http://key:secret@127.0.0.1:80a/",
        "http://key:secret@host name/",
        "http://key:secret@[::1/",
        "http://key:secret@[]:80/",
        "http://key:secret@[::1]x/",
        "http://key@127.0.0.1:8000/",
        "http://:secret@127.0.0.1:8000/",
        "https://key:secret@-api.stream-io-api.com/",
        "https://key:secret@us_east.stream-io-api.com/",
        "https://key:secret@ü.stream-io-api.com/",
        "https://key:secret@127.0.0.1:8000/?app_id=x1",
        "http://k:s@@@",
        "http://k:s@\u{0}",
    ] {
        match StreamUrl::parse(bad) {
            Err(BuildError::InvalidField { field, .. }) => {
                assert_eq!(field, "STREAM_URL", "{bad}");
            }
            Err(other) => panic!("{bad}: unexpected error {other:?}"),
            Ok(u) => panic!("{bad} must be refused, got {u:?}"),
        }
    }
}

#[test]
fn the_secret_never_shows() {
    let u = StreamUrl::parse("http://key:hunter2@127.0.0.1:8000/").expect("parses");
    assert!(!format!("{u:?}").contains("hunter2"));
    let e = StreamUrl::parse("http://key:hunter2@bad host/").expect_err("refused");
    assert!(!e.to_string().contains("hunter2"));
}

#[test]
fn the_environment_reads_a_local_stream_url() {
    let vars =
        |k: &str| (k == "STREAM_URL").then(|| "http://key:secret@localhost:8000/".to_owned());
    let c = builder_from_vars(vars)
        .expect("builder")
        .build()
        .expect("config");
    assert_eq!(
        c.urls().get(Service::Api),
        "http://localhost:8000/api/v1.0/"
    );
    // STREAM_BASE_URL still overrides.
    let vars = |k: &str| match k {
        "STREAM_URL" => Some("http://key:secret@localhost:8000/".to_owned()),
        "STREAM_BASE_URL" => Some("http://127.0.0.1:9000".to_owned()),
        _ => None,
    };
    let c = builder_from_vars(vars)
        .expect("builder")
        .build()
        .expect("config");
    assert_eq!(
        c.urls().get(Service::Api),
        "http://127.0.0.1:9000/api/v1.0/"
    );
}
