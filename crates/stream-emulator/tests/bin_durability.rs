//! The `stream-emulator` binary with `--data`: every acknowledged write survives `kill -9`,
//! apps sharing a file keep their own data, uploads are stored as bytes, and a bad path, a
//! corrupt file or a file of another format version stops start-up with an error naming it.
#![cfg(unix)]

mod http_others_util;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use http_others_util::{Client, multipart, raw};
use serde_json::json;
use stream_auth::{ApiSecret, Signer};

/// Kills the child (if still running) when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Running {
    /// `kill -9`: no chance to flush or close anything.
    fn sigkill(mut self) {
        self.0.kill().expect("SIGKILL");
        let status = self.0.wait().expect("wait");
        assert!(!status.success(), "killed, not exited: {status:?}");
    }
}

/// A scratch directory for one test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "stream-emulator-durability-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn file(&self) -> PathBuf {
        self.0.join("emulator.redb")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn binary(file: &Path, app: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stream-emulator"));
    cmd.args(["--host", "127.0.0.1", "--port", "0", "--data"])
        .arg(file)
        .args(app);
    cmd
}

/// Starts the binary on `file`; returns it with its address.
fn spawn(file: &Path, app: &[&str]) -> (Running, SocketAddr) {
    let mut child = binary(file, app)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the binary");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        if let Some(Ok(line)) = lines.next() {
            let _ = tx.send(line);
        }
        for _ in lines {}
    });
    let url = rx.recv_timeout(Duration::from_secs(20)).expect("base url");
    let addr = url.trim_start_matches("http://").parse().expect("address");
    (running, addr)
}

/// Runs the binary expecting it to refuse to start; returns its exit code and stderr.
fn refused_start(file: &Path) -> (Option<i32>, String) {
    let mut child = binary(file, &[])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the binary");
    let started = Instant::now();
    // Hang detector: a refused start exits at once.
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the binary started instead of refusing {}", file.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .unwrap();
    (status.code(), err)
}

fn client(addr: SocketAddr, key: &str, secret: &str) -> Client {
    Client {
        addr,
        api_key: key.into(),
        signer: Signer::new(&ApiSecret::new(secret)),
    }
}

#[test]
fn acknowledged_writes_survive_sigkill() {
    const WRITERS: usize = 8;
    const EACH: usize = 25;
    let dir = Scratch::new("kill");
    let (running, addr) = spawn(&dir.file(), &[]);
    std::thread::scope(|s| {
        for w in 0..WRITERS {
            s.spawn(move || {
                let c = Client::new(addr);
                for i in 0..EACH {
                    let act = json!({"actor": format!("w{w}"), "verb": "post", "object": format!("o{i}"), "foreign_id": format!("f{w}-{i}")});
                    let r = c.srv("POST", &format!("feed/user/w{w}/"), "", Some(&act));
                    assert_eq!(r.status, 200, "{}", r.json());
                    let user = json!({"id": format!("u{w}-{i}"), "data": {"n": i}});
                    assert_eq!(c.srv("POST", "user/", "", Some(&user)).status, 201);
                }
            });
        }
    });
    let c = Client::new(addr);
    let entry = json!({"id": "cheese", "data": {"name": "cheddar"}});
    assert_eq!(
        c.srv("POST", "collections/food/", "", Some(&entry)).status,
        201
    );
    running.sigkill();

    let (_back, addr) = spawn(&dir.file(), &[]);
    let c = Client::new(addr);
    for w in 0..WRITERS {
        let r = c.srv("GET", &format!("feed/user/w{w}/"), "limit=100", None);
        assert_eq!(r.status, 200, "{}", r.json());
        let got = r.json()["results"].as_array().unwrap().len();
        assert_eq!(got, EACH, "feed user:w{w} after kill -9");
        for i in 0..EACH {
            let r = c.srv("GET", &format!("user/u{w}-{i}/"), "", None);
            assert_eq!(r.status, 200, "user u{w}-{i} after kill -9: {}", r.json());
            assert_eq!(r.json()["data"]["n"], i);
        }
    }
    let r = c.srv("GET", "collections/food/cheese/", "", None);
    assert_eq!(r.json()["data"]["name"], "cheddar", "{}", r.json());
}

#[test]
fn two_api_keys_on_one_file_both_keep_their_data() {
    let dir = Scratch::new("apps");
    let first = ["--api-key", "first", "--api-secret", "first-secret"];
    let second = ["--api-key", "second", "--api-secret", "second-secret"];
    for (app, user) in [(first, "alice"), (second, "bob")] {
        let (running, addr) = spawn(&dir.file(), &app);
        let c = client(addr, app[1], app[3]);
        let body = json!({"id": user, "data": {}});
        assert_eq!(c.srv("POST", "user/", "", Some(&body)).status, 201);
        running.sigkill();
    }
    for (app, user, other) in [(first, "alice", "bob"), (second, "bob", "alice")] {
        let (_running, addr) = spawn(&dir.file(), &app);
        let c = client(addr, app[1], app[3]);
        let r = c.srv("GET", &format!("user/{user}/"), "", None);
        assert_eq!(r.status, 200, "{} kept {user}: {}", app[1], r.json());
        let r = c.srv("GET", &format!("user/{other}/"), "", None);
        assert_eq!(r.status, 404, "{} does not see {other}", app[1]);
    }
}

#[test]
fn an_upload_is_stored_as_bytes_and_survives_sigkill() {
    let dir = Scratch::new("upload");
    // Three chunks and a bit, every byte value.
    let bytes: Vec<u8> = (0..3 * 1024 * 1024 + 17).map(|i| (i % 251) as u8).collect();
    let (running, addr) = spawn(&dir.file(), &[]);
    let c = Client::new(addr);
    let (ct, body) = multipart("blob.bin", "application/octet-stream", &bytes);
    let token = c.server();
    let r = raw(
        addr,
        "POST",
        &c.target("files/", ""),
        &[("authorization", &token), ("content-type", &ct)],
        &body,
    );
    assert_eq!(r.status, 201, "{}", r.json());
    let url = r.json()["file"].as_str().unwrap().to_owned();
    running.sigkill();

    // What the upload adds to the file: its bytes plus the database's page slack (it grows in
    // steps), not a JSON array of numbers (~3.5 times the bytes).
    let empty_file = dir.0.join("empty.redb");
    spawn(&empty_file, &[]).0.sigkill();
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    let added = size(&dir.file()).saturating_sub(size(&empty_file));
    assert!(
        added < 2 * bytes.len() as u64,
        "{added} bytes on disk for a {}-byte upload",
        bytes.len()
    );
    let (_back, addr) = spawn(&dir.file(), &[]);
    let path = url.split_once("/files/").map(|(_, p)| p).unwrap();
    let got = raw(addr, "GET", &format!("/files/{path}"), &[], b"");
    assert_eq!(got.status, 200);
    assert!(got.body == bytes, "the upload reads back byte for byte");
}

#[test]
fn a_missing_directory_stops_start_up_naming_the_path() {
    let dir = Scratch::new("missing");
    let file = dir.0.join("no/such/dir/emulator.redb");
    let (code, err) = refused_start(&file);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("directory does not exist"), "{err}");
    assert!(!file.exists());
}

#[test]
fn a_corrupt_file_stops_start_up_naming_the_file() {
    let dir = Scratch::new("corrupt");
    let file = dir.file();
    std::fs::write(&file, "{\"version\":1,\"apps\":{}}".repeat(400)).unwrap();
    let (code, err) = refused_start(&file);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&file.display().to_string()), "{err}");
}

#[test]
fn a_file_of_another_format_version_stops_start_up() {
    let dir = Scratch::new("version");
    let file = dir.file();
    {
        let db = redb::Database::create(&file).unwrap();
        let txn = db.begin_write().unwrap();
        {
            let meta: redb::TableDefinition<&str, u64> = redb::TableDefinition::new("meta");
            let mut t = txn.open_table(meta).unwrap();
            t.insert("format_version", 999).unwrap();
        }
        txn.commit().unwrap();
    }
    let (code, err) = refused_start(&file);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("format version 999"), "{err}");
}
