//! v2 webhooks from the emulator: signed events in order with the service's headers, retries
//! after a server error, the app's URL and event filter, a full queue dropping instead of
//! blocking, and a stop that does not wait for a receiver that never answers.
mod http_v2_support;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use http_v2_support::V2;
use serde_json::{Value, json};
use stream_auth::{ApiSecret, verify_webhook};
use stream_emulator::Emulator;
use stream_models::v2::WebhookEvent;

/// One POST the receiver got.
#[derive(Debug)]
struct Hit {
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Hit {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    fn kind(&self) -> String {
        self.json()["type"].as_str().unwrap_or_default().to_owned()
    }
}

/// How the receiver answers: these statuses in turn, then 200; `None` never answers.
struct Receiver {
    url: String,
    hits: mpsc::Receiver<Hit>,
}

impl Receiver {
    fn start(answers: Vec<Option<u16>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}/hooks/stream?x=1", listener.local_addr().unwrap());
        let (tx, hits) = mpsc::channel();
        thread::spawn(move || {
            let mut answers = answers.into_iter();
            for stream in listener.incoming().take(4096) {
                let Ok(stream) = stream else { continue };
                let answer = answers.next().unwrap_or(Some(200));
                if let Some(hit) = read_request(&stream) {
                    if tx.send(hit).is_err() {
                        return;
                    }
                }
                match answer {
                    Some(status) => {
                        let mut s = &stream;
                        let _ = write!(
                            s,
                            "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                        );
                    }
                    // Keeps the connection open without answering.
                    None => {
                        thread::spawn(move || {
                            thread::sleep(Duration::from_secs(30));
                            drop(stream);
                        });
                    }
                }
            }
        });
        Self { url, hits }
    }

    fn next(&self) -> Hit {
        self.hits
            .recv_timeout(Duration::from_secs(10))
            .expect("a webhook arrives")
    }

    fn none_within(&self, wait: Duration) {
        if let Ok(hit) = self.hits.recv_timeout(wait) {
            panic!("unexpected webhook {:?}", hit.json());
        }
    }
}

fn read_request(stream: &TcpStream) -> Option<Hit> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_owned();
    assert!(line.starts_with("POST "), "{line}");
    let mut headers = HashMap::new();
    for _ in 0..64 {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
    }
    let len: usize = headers.get("content-length")?.parse().ok()?;
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Hit {
        path,
        headers,
        body,
    })
}

fn seed(v2: &V2) {
    let users = json!({"users": {"alice": {"id": "alice"}, "bob": {"id": "bob"}}});
    assert_eq!(v2.call("POST", "users", "", Some(&users)).0, 201);
}

fn create_call(v2: &V2, id: &str) {
    let body = json!({"data": {"created_by_id": "alice", "members": [{"user_id": "alice"}]}});
    let (s, r) = v2.call("POST", &format!("video/call/default/{id}"), "", Some(&body));
    assert_eq!(s, 201, "{r}");
}

fn with_webhook(url: &str) -> V2 {
    V2::with(
        Emulator::builder()
            .webhook_url(url)
            .start_blocking()
            .expect("emulator starts"),
    )
}

#[test]
fn a_call_s_life_arrives_signed_in_order() {
    let receiver = Receiver::start(Vec::new());
    let v2 = with_webhook(&receiver.url);
    seed(&v2);
    create_call(&v2, "c1");
    let add = json!({"update_members": [{"user_id": "bob", "role": "guest"}]});
    assert_eq!(
        v2.call("POST", "video/call/default/c1/members", "", Some(&add))
            .0,
        201
    );
    assert_eq!(
        v2.call("POST", "video/call/default/c1/mark_ended", "", None)
            .0,
        201
    );
    let secret = ApiSecret::new(v2.emu.api_secret());
    let hits: Vec<Hit> = (0..3).map(|_| receiver.next()).collect();
    let kinds: Vec<String> = hits.iter().map(Hit::kind).collect();
    assert_eq!(kinds, ["call.created", "call.member_added", "call.ended"]);
    let mut ids = Vec::new();
    for hit in &hits {
        assert_eq!(hit.path, "/hooks/stream?x=1");
        assert!(verify_webhook(
            &hit.body,
            hit.header("x-signature"),
            &secret
        ));
        assert_eq!(hit.header("x-api-key"), v2.emu.api_key());
        assert_eq!(hit.header("x-webhook-attempt"), "1");
        assert_eq!(hit.header("content-type"), "application/json");
        assert!(hit.header("user-agent").starts_with("stream-emulator/"));
        assert_eq!(hit.header("x-webhook-id").len(), 36);
        ids.push(hit.header("x-webhook-id").to_owned());
        let body = hit.json();
        assert_eq!(body["call_cid"], "default:c1");
        assert_eq!(body["call"]["cid"], "default:c1");
        assert!(body["created_at"].is_i64(), "{body}");
    }
    ids.dedup();
    assert_eq!(ids.len(), 3);
    let WebhookEvent::CallCreated(created) = WebhookEvent::parse(&hits[0].body).unwrap() else {
        panic!("{:?}", hits[0].json())
    };
    assert_eq!(created.members.len(), 1);
    assert_eq!(created.members[0].user_id, "alice");
    let WebhookEvent::CallMemberAdded(added) = WebhookEvent::parse(&hits[1].body).unwrap() else {
        panic!()
    };
    assert_eq!(added.members.len(), 1);
    assert_eq!(added.members[0].user_id, "bob");
    let ended = WebhookEvent::parse(&hits[2].body).unwrap();
    assert!(
        matches!(&ended, WebhookEvent::CallEnded(e) if e.call.as_ref().is_some_and(|c| c.ended_at.is_some()))
    );
    // Ending again changes nothing and says nothing.
    v2.call("POST", "video/call/default/c1/mark_ended", "", None);
    receiver.none_within(Duration::from_millis(300));
    let stats = v2.emu.webhook_stats();
    assert_eq!((stats.queued, stats.delivered, stats.dropped), (3, 3, 0));
}

#[test]
fn members_updates_removals_deletes_and_users_are_delivered() {
    let receiver = Receiver::start(Vec::new());
    let v2 = with_webhook(&receiver.url);
    seed(&v2);
    create_call(&v2, "c2");
    assert_eq!(receiver.next().kind(), "call.created");
    let change = json!({"update_members": [{"user_id": "alice", "role": "host"},
        {"user_id": "bob"}], "remove_members": ["alice"]});
    v2.call("POST", "video/call/default/c2/members", "", Some(&change));
    let removed = receiver.next();
    assert_eq!(removed.kind(), "call.member_removed");
    assert_eq!(removed.json()["members"], json!(["alice"]));
    let added = receiver.next().json();
    assert_eq!(added["type"], "call.member_added");
    let ids: Vec<&str> = added["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["alice", "bob"]);
    let update = json!({"update_members": [{"user_id": "bob", "role": "guest"}]});
    v2.call("POST", "video/call/default/c2/members", "", Some(&update));
    let updated = receiver.next().json();
    assert_eq!(updated["type"], "call.member_updated");
    assert_eq!(updated["members"][0]["role"], "guest");
    let patch = json!({"custom": {"color": "red"}});
    v2.call("PATCH", "video/call/default/c2", "", Some(&patch));
    let call_updated = receiver.next().json();
    assert_eq!(call_updated["type"], "call.updated");
    assert_eq!(call_updated["call"]["custom"]["color"], "red");
    v2.call(
        "POST",
        "video/call/default/c2/go_live",
        "",
        Some(&json!({"start_recording": true})),
    );
    assert_eq!(receiver.next().kind(), "call.live_started");
    let started = receiver.next().json();
    assert_eq!(started["type"], "call.recording_started");
    assert_eq!(started["recording_type"], "composite");
    v2.call(
        "POST",
        "video/call/default/c2/stop_live",
        "",
        Some(&json!({})),
    );
    assert_eq!(receiver.next().kind(), "call.recording_stopped");
    // An explicit recording: started, stopped, then its file is ready.
    v2.emu.join_call("default", "c2", "alice").expect("joins");
    let start = "video/call/default/c2/recordings/individual/start";
    v2.call("POST", start, "", Some(&json!({})));
    let started = receiver.next().json();
    assert_eq!(started["type"], "call.recording_started");
    assert_eq!(started["egress_id"], "individual:default:c2");
    assert_eq!(started["recording_type"], "individual");
    let stop = "video/call/default/c2/recordings/individual/stop";
    v2.call("POST", stop, "", Some(&json!({})));
    assert_eq!(receiver.next().kind(), "call.recording_stopped");
    let ready = receiver.next();
    match WebhookEvent::parse(&ready.body).unwrap() {
        WebhookEvent::CallRecordingReady(e) => {
            assert_eq!(e.call_cid, "default:c2");
            let file = e.call_recording.expect("the file");
            assert!(file.filename.ends_with(".mp4"), "{}", file.filename);
            assert!(
                file.url.contains("/video-files/default/c2/"),
                "{}",
                file.url
            );
        }
        other => panic!("{other:?}"),
    }
    v2.call("POST", "video/call/default/c2/delete", "", Some(&json!({})));
    let deleted = receiver.next();
    assert!(matches!(
        WebhookEvent::parse(&deleted.body).unwrap(),
        WebhookEvent::CallDeleted(_)
    ));
    let partial = json!({"users": [{"id": "bob", "set": {"name": "Bob"}}]});
    v2.call("PATCH", "users", "", Some(&partial));
    let user = receiver.next().json();
    assert_eq!(
        (user["type"].as_str(), user["user"]["name"].as_str()),
        (Some("user.updated"), Some("Bob"))
    );
    v2.call(
        "POST",
        "users/delete",
        "",
        Some(&json!({"user_ids": ["bob"], "user": "hard"})),
    );
    let gone = receiver.next().json();
    assert_eq!(gone["type"], "user.deleted");
    assert_eq!(
        (gone["user"]["id"].as_str(), gone["hard_delete"].as_bool()),
        (Some("bob"), Some(true))
    );
}

#[test]
fn a_server_error_is_retried_with_the_same_id_and_a_client_error_is_not() {
    let receiver = Receiver::start(vec![Some(500), Some(200), Some(400)]);
    let v2 = with_webhook(&receiver.url);
    seed(&v2);
    create_call(&v2, "c3");
    let (first, second) = (receiver.next(), receiver.next());
    assert_eq!(
        (first.kind(), second.kind()),
        ("call.created".into(), "call.created".into())
    );
    assert_eq!(first.header("x-webhook-id"), second.header("x-webhook-id"));
    assert_eq!(first.header("x-webhook-attempt"), "1");
    assert_eq!(second.header("x-webhook-attempt"), "2");
    assert_eq!(first.body, second.body);
    v2.call("POST", "video/call/default/c3/mark_ended", "", None);
    assert_eq!(receiver.next().kind(), "call.ended");
    receiver.none_within(Duration::from_millis(500));
    let stats = v2.emu.webhook_stats();
    assert_eq!(
        (stats.queued, stats.delivered, stats.failed, stats.attempts),
        (2, 1, 1, 3)
    );
}

#[test]
fn nothing_is_delivered_without_a_url_and_the_app_settings_steer_delivery() {
    let receiver = Receiver::start(Vec::new());
    let v2 = V2::start();
    seed(&v2);
    create_call(&v2, "c4");
    receiver.none_within(Duration::from_millis(300));
    assert_eq!(v2.emu.webhook_stats().queued, 0);
    let settings = json!({"webhook_url": receiver.url, "webhook_events": ["call.ended"]});
    assert_eq!(v2.call("PATCH", "app", "", Some(&settings)).0, 200);
    assert_eq!(
        v2.call("GET", "app", "", None).1["app"]["webhook_url"],
        receiver.url
    );
    create_call(&v2, "c5");
    v2.call("POST", "video/call/default/c5/mark_ended", "", None);
    let hit = receiver.next();
    assert_eq!(
        (hit.kind().as_str(), hit.json()["call_cid"].as_str()),
        ("call.ended", Some("default:c5"))
    );
    let off = json!({"webhook_url": "", "webhook_events": []});
    assert_eq!(v2.call("PATCH", "app", "", Some(&off)).0, 200);
    v2.call("POST", "video/call/default/c4/mark_ended", "", None);
    receiver.none_within(Duration::from_millis(300));
}

#[test]
fn the_builder_s_url_shows_in_the_app_and_https_is_refused_at_start() {
    let v2 = with_webhook("http://127.0.0.1:9/hook");
    assert_eq!(
        v2.call("GET", "app", "", None).1["app"]["webhook_url"],
        "http://127.0.0.1:9/hook"
    );
    let err = Emulator::builder()
        .webhook_url("https://example.com/hook")
        .start_blocking()
        .unwrap_err();
    assert!(err.to_string().contains("http://"), "{err}");
}

#[test]
fn a_full_queue_drops_instead_of_blocking_and_stop_does_not_wait_for_deliveries() {
    // No delivery ever gets an answer (each event takes up to 15 s of attempts), so everything
    // after the first waits in the queue.
    let receiver = Receiver::start(vec![None; 64]);
    let v2 = with_webhook(&receiver.url);
    seed(&v2);
    create_call(&v2, "c6");
    assert_eq!(receiver.next().kind(), "call.created");
    let started = Instant::now();
    for i in 0..1100 {
        let patch = json!({"custom": {"n": i}});
        assert_eq!(
            v2.call("PATCH", "video/call/default/c6", "", Some(&patch))
                .0,
            200
        );
    }
    assert!(started.elapsed() < Duration::from_secs(30));
    let stats = v2.emu.webhook_stats();
    assert!(stats.dropped >= 70, "{stats:?}");
    assert_eq!(stats.queued + stats.dropped, 1101, "{stats:?}");
    let stopping = Instant::now();
    let V2 { emu, .. } = v2;
    emu.shutdown(Duration::from_secs(10));
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "{:?}",
        stopping.elapsed()
    );
}

/// Waits (at most 10 s) until `done` holds for the emulator's webhook counters.
fn wait_for_stats(v2: &V2, done: impl Fn(&stream_emulator::WebhookStats) -> bool) {
    let until = Instant::now() + Duration::from_secs(10);
    while !done(&v2.emu.webhook_stats()) {
        assert!(Instant::now() < until, "{:?}", v2.emu.webhook_stats());
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_unreachable_receiver_is_tried_twice_and_https_not_at_all() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", closed.local_addr().unwrap());
    drop(closed);
    let v2 = with_webhook(&url);
    seed(&v2);
    create_call(&v2, "c7");
    wait_for_stats(&v2, |s| s.failed == 1);
    let stats = v2.emu.webhook_stats();
    assert_eq!((stats.attempts, stats.delivered), (2, 0), "{stats:?}");
    let https = json!({"webhook_url": "https://example.invalid/hook"});
    assert_eq!(v2.call("PATCH", "app", "", Some(&https)).0, 200);
    v2.call("POST", "video/call/default/c7/mark_ended", "", None);
    wait_for_stats(&v2, |s| s.failed == 2);
    assert_eq!(v2.emu.webhook_stats().attempts, 2);
}
