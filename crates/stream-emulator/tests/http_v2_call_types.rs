//! v2 call types on the emulator: create, get, list, update, delete, with settings, grants and
//! notification settings; calls of a custom type start from its settings.
mod http_v2_support;

use http_v2_support::{V2, assert_v2_error};
use serde_json::json;

fn create_town_hall(v2: &V2) -> serde_json::Value {
    let body = json!({"name": "town_hall",
        "grants": {"admin": ["send-audio", "send-video"], "user": ["send-audio"]},
        "settings": {"audio": {"default_device": "earpiece", "mic_default_on": false},
                     "backstage": {"enabled": true, "join_ahead_time_seconds": 300}},
        "notification_settings": {"call_ring": {"enabled": false}}});
    let (s, r) = v2.call("POST", "video/calltypes", "", Some(&body));
    assert_eq!(s, 201, "{r}");
    r
}

#[test]
fn create_get_list_update_delete() {
    let v2 = V2::start();
    let created = create_town_hall(&v2);
    assert_eq!(created["name"], "town_hall");
    assert_eq!(created["grants"]["user"], json!(["send-audio"]));
    assert_eq!(created["settings"]["audio"]["default_device"], "earpiece");
    // Groups not given are the defaults, and given groups keep their other fields.
    assert_eq!(created["settings"]["audio"]["speaker_default_on"], true);
    assert_eq!(created["settings"]["video"]["enabled"], true);
    assert_eq!(
        created["notification_settings"]["call_ring"]["enabled"],
        false
    );
    assert_eq!(
        created["notification_settings"]["call_missed"]["enabled"],
        true
    );
    assert!(created["duration"].is_string());

    let (s, got) = v2.call("GET", "video/calltypes/town_hall", "", None);
    assert_eq!(s, 200, "{got}");
    assert_eq!(got["settings"], created["settings"]);

    let (_, list) = v2.call("GET", "video/calltypes", "", None);
    let names: Vec<&str> = list["call_types"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(names, ["audio_room", "default", "livestream", "town_hall"]);

    let update = json!({"grants": {"host": ["join-backstage"]},
        "settings": {"backstage": {"enabled": false}}});
    let (s, updated) = v2.call("PUT", "video/calltypes/town_hall", "", Some(&update));
    assert_eq!(s, 200, "{updated}");
    assert_eq!(updated["grants"]["host"], json!(["join-backstage"]));
    assert_eq!(updated["grants"]["user"], json!(["send-audio"]));
    assert_eq!(updated["settings"]["backstage"]["enabled"], false);
    assert_eq!(
        updated["settings"]["backstage"]["join_ahead_time_seconds"],
        300
    );

    let (s, deleted) = v2.call("DELETE", "video/calltypes/town_hall", "", None);
    assert_eq!(s, 200, "{deleted}");
    assert!(deleted["duration"].is_string());
    assert_v2_error(
        &v2.call("GET", "video/calltypes/town_hall", "", None),
        404,
        16,
    );
    assert_v2_error(
        &v2.call("DELETE", "video/calltypes/town_hall", "", None),
        404,
        16,
    );
    assert_v2_error(
        &v2.call("PUT", "video/calltypes/town_hall", "", Some(&update)),
        404,
        16,
    );
}

#[test]
fn calls_of_a_custom_type_use_its_settings() {
    let v2 = V2::start();
    let body = json!({"data": {"created_by_id": "alice"}});
    assert_v2_error(
        &v2.call("POST", "video/call/town_hall/c1", "", Some(&body)),
        404,
        16,
    );
    create_town_hall(&v2);
    let (s, r) = v2.call("POST", "video/call/town_hall/c1", "", Some(&body));
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["call"]["settings"]["audio"]["default_device"], "earpiece");
    assert_eq!(r["call"]["backstage"], true);
    let change = json!({"settings": {"audio": {"default_device": "speaker"}}});
    v2.call("PUT", "video/calltypes/town_hall", "", Some(&change));
    let (_, got) = v2.call("GET", "video/call/town_hall/c1", "", None);
    assert_eq!(
        got["call"]["settings"]["audio"]["default_device"],
        "speaker"
    );
}

#[test]
fn built_in_types_can_be_changed_and_deleted() {
    let v2 = V2::start();
    let change = json!({"settings": {"recording": {"mode": "auto-on"}}});
    let (s, r) = v2.call("PUT", "video/calltypes/default", "", Some(&change));
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["settings"]["recording"]["mode"], "auto-on");
    let (_, got) = v2.call("GET", "video/calltypes/default", "", None);
    assert_eq!(got["settings"]["recording"]["mode"], "auto-on");
    assert_eq!(
        v2.call("DELETE", "video/calltypes/audio_room", "", None).0,
        200
    );
    assert_v2_error(
        &v2.call("GET", "video/calltypes/audio_room", "", None),
        404,
        16,
    );
}

#[test]
fn bad_requests_are_refused_in_the_v2_format() {
    let v2 = V2::start();
    create_town_hall(&v2);
    let taken = v2.call(
        "POST",
        "video/calltypes",
        "",
        Some(&json!({"name": "town_hall"})),
    );
    assert_v2_error(&taken, 400, 4);
    assert!(
        taken.1["message"]
            .as_str()
            .unwrap()
            .contains("already exists")
    );
    assert_v2_error(
        &v2.call("POST", "video/calltypes", "", Some(&json!({}))),
        400,
        4,
    );
    for bad in [
        json!({"name": "a b"}),
        json!({"name": "x", "grants": {"admin": "send-audio"}}),
        json!({"name": "x", "settings": {"audio": 1}}),
    ] {
        assert_v2_error(&v2.call("POST", "video/calltypes", "", Some(&bad)), 400, 4);
    }
    assert_v2_error(
        &v2.call("PATCH", "video/calltypes/town_hall", "", None),
        405,
        17,
    );
}

#[test]
fn call_types_app_settings_tasks_and_blocks_survive_a_restart_with_a_data_file() {
    let dir = std::env::temp_dir().join(format!(
        "stream-emulator-v2-call-types-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("emulator.redb");
    let start = || {
        stream_emulator::Emulator::builder()
            .data_file(&file)
            .start_blocking()
            .unwrap()
    };
    let v2 = V2::with(start());
    create_town_hall(&v2);
    assert_eq!(
        v2.call("DELETE", "video/calltypes/audio_room", "", None).0,
        200
    );
    let patch = json!({"webhook_url": "https://example.com/hook"});
    assert_eq!(v2.call("PATCH", "app", "", Some(&patch)).0, 200);
    let users = json!({"users": {"alice": {"id": "alice"}, "bob": {"id": "bob"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
    let pair = json!({"blocked_user_id": "bob", "user_id": "alice"});
    assert_eq!(v2.call("POST", "users/block", "", Some(&pair)).0, 201);
    let (_, deleted) = v2.call(
        "POST",
        "users/delete",
        "",
        Some(&json!({"user_ids": ["bob"]})),
    );
    let task_id = deleted["task_id"].as_str().unwrap().to_owned();
    drop(v2);

    let v2 = V2::with(start());
    let (s, got) = v2.call("GET", "video/calltypes/town_hall", "", None);
    assert_eq!(s, 200, "{got}");
    assert_eq!(got["settings"]["audio"]["default_device"], "earpiece");
    assert_v2_error(
        &v2.call("GET", "video/calltypes/audio_room", "", None),
        404,
        16,
    );
    let (_, app) = v2.call("GET", "app", "", None);
    assert_eq!(app["app"]["webhook_url"], "https://example.com/hook");
    let (_, blocks) = v2.call("GET", "users/block", "&user_id=alice", None);
    assert_eq!(blocks["blocks"][0]["blocked_user_id"], "bob");
    let (_, task) = v2.call("GET", &format!("tasks/{task_id}"), "", None);
    assert_eq!(task["status"], "completed", "{task}");
    drop(v2);
    let _ = std::fs::remove_dir_all(&dir);
}
