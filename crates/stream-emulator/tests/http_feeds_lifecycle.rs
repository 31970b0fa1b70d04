//! Starting, stopping, several apps, and data file round trips.

mod http_feeds_support;

use std::time::Duration;

use http_feeds_support::Harness;
use serde_json::json;
use stream_emulator::{AppCredentials, Emulator, FeedKind};

#[test]
fn data_file_round_trip() {
    let dir = std::env::temp_dir().join(format!("stream-emu-snap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("emulator.redb");
    let _ = std::fs::remove_file(&file);
    let id;
    {
        let h = Harness::with(
            Emulator::builder()
                .data_file(&file)
                .start_blocking()
                .unwrap(),
        );
        id = h.post(
            "feed/user/s/",
            &json!({"actor": "a", "verb": "v", "object": "o"}),
        )["id"]
            .as_str()
            .unwrap()
            .to_owned();
        h.post("feed/timeline/s/follows/", &json!({"target": "user:s"}));
        h.get("feed/notification/s/?mark_seen=true");
        h.emu.shutdown(Duration::from_secs(5));
    }
    assert!(file.exists(), "data file created");
    let h = Harness::with(
        Emulator::builder()
            .data_file(&file)
            .start_blocking()
            .unwrap(),
    );
    assert_eq!(h.ids("feed/user/s/"), vec![id.clone()]);
    assert_eq!(h.ids("feed/timeline/s/"), vec![id]);
    assert_eq!(
        h.get("feed/user/s/followers/")["results"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    drop(h);
    // a corrupt file is an error, not a panic
    std::fs::write(&file, b"{nope").unwrap();
    assert!(
        Emulator::builder()
            .data_file(&file)
            .start_blocking()
            .is_err()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn several_apps_and_feed_kinds() {
    let emu = Emulator::builder()
        .app(AppCredentials::new("k1", "s1", "1"))
        .app(AppCredentials::new("k2", "s2", "2"))
        .feed_group("timeline_agg", FeedKind::Aggregated)
        .start_blocking()
        .unwrap();
    assert_eq!(emu.api_key(), "k1");
    let h = Harness::with(emu);
    h.post(
        "feed/timeline_agg/a/",
        &json!({"actor": "a", "verb": "v", "object": "o"}),
    );
    let g = h.get("feed/timeline_agg/a/");
    assert_eq!(g["results"][0]["activity_count"], 1);
    // k2 does not see k1's data, and k1's secret does not work for k2
    let url = format!(
        "{}/api/v1.0/feed/timeline_agg/a/?api_key=k2",
        h.emu.base_url()
    );
    let a = h.raw("GET", &url, Some(&h.server()), None);
    assert_eq!(a.status, 401);
}

#[tokio::test]
async fn async_start_and_changes() {
    let emu = Emulator::start().await.unwrap();
    assert!(emu.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(
        (emu.api_key(), emu.api_secret(), emu.app_id()),
        ("key123", "secret456", "789")
    );
    let mut rx = emu.subscribe();
    let base = emu.base_url().to_owned();
    let secret = emu.api_secret().to_owned();
    let handle = tokio::task::spawn_blocking(move || {
        let signer = stream_auth::Signer::new(&stream_auth::ApiSecret::new(secret));
        let token = signer.scoped(&stream_auth::Scope::all()).into_string();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(5)))
            .build()
            .into();
        agent
            .post(&format!("{base}/api/v1.0/feed/user/rt/?api_key=key123"))
            .header("Authorization", &token)
            .send(r#"{"actor":"a","verb":"v","object":"o"}"#)
            .map(|r| r.status().as_u16())
    });
    assert_eq!(handle.await.unwrap().unwrap(), 200);
    let change = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(change.feed_id, "user:rt");
    assert_eq!(change.app_id, "789");
    assert_eq!(change.new.len(), 1);
}
