//! The `--data` file in process: after changes of every kind (adds, removals, follows and
//! unfollows, seen marks, reactions, collections, users, audit entries, moderation statuses,
//! personalization data posted and deleted, and test API seeds made outside any request), a
//! restart on the same file holds exactly the same data.

mod http_feeds_support;

use std::path::PathBuf;
use std::time::Duration;

use http_feeds_support::Harness;
use serde_json::{Map, json};
use stream_emulator::Emulator;

fn scratch() -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("stream-emulator-data-file-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn start(file: &std::path::Path) -> Harness {
    Harness::with(
        Emulator::builder()
            .data_file(file)
            .start_blocking()
            .expect("start with a data file"),
    )
}

#[test]
fn a_restart_holds_exactly_the_data_before_it() {
    let dir = scratch();
    let file = dir.join("emulator.redb");
    let h = start(&file);
    let mut ids = Vec::new();
    for i in 0..5 {
        let act = json!({"actor": "SU:bob", "verb": "post", "object": format!("o{i}"), "foreign_id": format!("f{i}"), "to": ["notification:alice"]});
        ids.push(
            h.post("feed/user/bob/", &act)["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    h.post(
        "feed/timeline/alice/follows/",
        &json!({"target": "user:bob"}),
    );
    h.post(
        "feed/timeline/carol/follows/",
        &json!({"target": "user:bob"}),
    );
    h.delete("feed/timeline/carol/follows/user:bob/");
    h.delete(&format!("feed/user/bob/{}/", ids[0]));
    h.get("feed/notification/alice/?mark_seen=true");
    let r = h.post(
        "reaction/",
        &json!({"kind": "like", "activity_id": ids[1], "user_id": "alice", "target_feeds": ["notification:bob"]}),
    );
    let parent = r["id"].as_str().unwrap().to_owned();
    h.post(
        "reaction/",
        &json!({"kind": "comment", "parent": parent, "user_id": "bob", "data": {"text": "hi"}}),
    );
    h.post(
        "collections/food/",
        &json!({"id": "cheese", "data": {"name": "cheddar"}}),
    );
    h.post("collections/food/", &json!({"id": "bread", "data": {}}));
    h.delete("collections/food/bread/");
    h.post("user/", &json!({"id": "alice", "data": {"name": "Alice"}}));
    h.post("user/", &json!({"id": "gone", "data": {}}));
    h.delete("user/gone/");
    h.post(
        "moderation/status/",
        &json!({"entity_id": "foo", "entity_type": "stream:feeds:v2:activity", "moderator_id": "m1", "latest_moderator_action": "mark_safe", "recommended_action": "watch", "status": "complete"}),
    );
    let resource = |query: &str| {
        format!(
            "{}/personalization/v1.0/some_resource/?api_key={}&{query}",
            h.emu.base_url(),
            h.emu.api_key()
        )
    };
    let token = h.server();
    for (n, feed) in [(1, "user%3A1"), (2, "user%3A2"), (3, "user%3A3")] {
        let body = json!({ "data": { "n": n } }).to_string();
        let r = h.raw(
            "POST",
            &resource(&format!("feed={feed}")),
            Some(&token),
            Some(&body),
        );
        assert_eq!(r.status, 200, "{:?}", r.body);
    }
    let r = h.raw("DELETE", &resource("feed=user%3A2"), Some(&token), None);
    assert_eq!(r.body["results"], json!([{"n": 2}]));
    // Outside any request: committed by the background writer.
    let mut data = Map::new();
    data.insert("seeded".into(), json!(true));
    assert!(h.emu.seed_user("seeded", data));
    assert!(h.emu.seed_reaction("seeded-like", "like", &ids[2], "carol"));

    let mut before = h.emu.app_data(h.emu.api_key()).unwrap();
    // A feed left empty (carol's timeline after the unfollow) reads like a feed never used, and
    // is not stored.
    let feeds = before["feeds"]["feeds"].as_object_mut().unwrap();
    let empty = json!({"entries": {}, "seen": {}, "read": {}});
    feeds.retain(|_, f| *f != empty);
    assert!(!feeds.contains_key("timeline:carol"));
    let Harness { emu, .. } = h;
    emu.shutdown(Duration::from_secs(10));
    let h = start(&file);
    let after = h.emu.app_data(h.emu.api_key()).unwrap();
    assert_eq!(before, after);
    assert_eq!(h.ids("feed/timeline/alice/").len(), 4);
    assert!(h.ids("feed/timeline/carol/").is_empty());
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}
