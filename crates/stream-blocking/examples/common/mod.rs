//! Shared set-up for the examples: real Stream when credentials are in the environment, otherwise
//! a `stream-emulator` started in this process (a real HTTP server on 127.0.0.1, in memory).
//!
//! - `STREAM_API_KEY` + `STREAM_API_SECRET` (or `STREAM_URL`) set: the examples talk to Stream
//!   (`STREAM_LOCATION`, `STREAM_APP_ID`, `STREAM_BASE_URL` are honoured). Ids get a per-run
//!   suffix so that runs do not see each other's data.
//! - Nothing set: the emulator starts on a free port and stops when the example ends.
#![allow(dead_code)] // each example uses a different part of this module

use std::time::{Duration, SystemTime, UNIX_EPOCH};
use stream_blocking::prelude::*;

use stream_blocking::Client;
use stream_blocking::models::activity::{Activity, Reference};
use stream_emulator::Emulator;

/// What every example returns: any error, printed by `main`.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A client, and the emulator behind it when there is one.
pub struct Setup {
    /// The client every example drives.
    pub client: Client,
    emulator: Option<Emulator>,
    suffix: String,
}

impl Setup {
    /// Stream when credentials are set, otherwise the in-process emulator.
    pub fn from_env_or_emulator() -> Result<Self> {
        if has_credentials() {
            Self::stream()
        } else {
            Self::emulator()
        }
    }

    /// A client for the account in the environment (`Client::from_env`).
    pub fn stream() -> Result<Self> {
        Ok(Self::shared_app(Client::from_env()?))
    }

    /// A client for an app that keeps its data between runs (real Stream, or an emulator
    /// process): ids get a suffix unique to this run (time, process, count), so that two runs,
    /// even in the same second, never collide (a collection entry id taken is a 409).
    pub fn shared_app(client: Client) -> Self {
        static RUNS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        Self {
            client,
            emulator: None,
            suffix: format!("-{secs}-{}-{run}", std::process::id()),
        }
    }

    /// Starts the emulator in this process and a client pointed at it.
    pub fn emulator() -> Result<Self> {
        // A ranking method, as Stream support would configure one for the feed groups.
        let popular = stream_emulator::Ranking::parse(
            r#"{"score": "popularity * 2 + external.boost",
                "defaults": {"popularity": 0, "external": {"boost": 0}}}"#,
        )?;
        let emulator = Emulator::builder()
            .ranking("popular", popular)
            .start_blocking()?;
        let client = Client::builder(emulator.api_key(), emulator.api_secret())
            .base_url(emulator.base_url())
            .app_id(emulator.app_id())
            // Generous: as a test, the example shares a 2-core machine with a parallel test run.
            .request_timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            client,
            emulator: Some(emulator),
            suffix: String::new(),
        })
    }

    /// Whether the client talks to the in-process emulator.
    pub fn is_emulator(&self) -> bool {
        self.emulator.is_some()
    }

    /// One line saying where the requests go.
    pub fn describe(&self) -> String {
        match &self.emulator {
            Some(emu) => format!(
                "the in-process emulator at {} (no STREAM_API_KEY/STREAM_API_SECRET set)",
                emu.base_url()
            ),
            None => format!(
                "Stream at {} (credentials from the environment)",
                self.client.config().urls().api
            ),
        }
    }

    /// The emulator, when the example runs against it.
    pub fn emulator_handle(&self) -> Option<&Emulator> {
        self.emulator.as_ref()
    }

    /// `base` on the in-process emulator; `base-<run>` on a shared app, so runs do not collide.
    pub fn id(&self, base: &str) -> String {
        format!("{base}{}", self.suffix)
    }
}

/// The `main` of every per-operation example: picks Stream or the emulator, says which, runs
/// `run`, and turns an error into a message and a failing exit code.
pub fn run_main(name: &str, run: fn(&Setup) -> Result) -> std::process::ExitCode {
    let outcome = Setup::from_env_or_emulator().and_then(|setup| {
        println!("{name}: talking to {}", setup.describe());
        run(&setup)
    });
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name} failed: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Fails the example (and the test that runs it) unless `holds`: a step that returned something
/// other than what the story expects is an error, never just a line of output.
pub fn check(holds: bool, what: impl std::fmt::Display) -> Result {
    if holds {
        Ok(())
    } else {
        Err(format!("unexpected result: {what}").into())
    }
}

/// Fails the example unless `actual == expected`, naming `what` and both values.
pub fn check_eq<T: PartialEq + std::fmt::Debug>(actual: T, expected: T, what: &str) -> Result {
    check(
        actual == expected,
        format_args!("{what}: got {actual:?}, expected {expected:?}"),
    )
}

/// A JSON object from `json!({...})` (an empty one for anything else).
pub fn object(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// Seconds since the Unix epoch (token examples pass the clock in).
pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// Whether Stream credentials are in the environment.
pub fn has_credentials() -> bool {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty());
    (set("STREAM_API_KEY") && set("STREAM_API_SECRET")) || set("STREAM_URL")
}

/// Prints a numbered chapter title.
pub fn chapter(n: u32, title: &str) {
    println!("\n{n}. {title}");
}

/// A one-line description of an activity: `alice post "text" (id …)`.
pub fn line(activity: &Activity) -> String {
    let actor = activity
        .actor
        .as_ref()
        .map(reference_name)
        .unwrap_or_default();
    let verb = activity.verb.as_deref().unwrap_or("?");
    let object = activity
        .object
        .as_ref()
        .map(reference_name)
        .unwrap_or_default();
    let text = activity
        .extra
        .get_str("text")
        .map(|t| format!(" \"{t}\""))
        .unwrap_or_default();
    format!("{actor} {verb} {object}{text}")
}

/// A readable name for a reference: the `name` of an enriched object, else the reference string.
pub fn reference_name(reference: &Reference) -> String {
    reference
        .data_str("name")
        .or_else(|| reference.id())
        .unwrap_or_default()
        .to_owned()
}

/// An id shortened for the output: its first 8 and last 4 characters.
pub fn short(id: Option<&str>) -> String {
    let id = id.unwrap_or("?");
    match (id.get(..8), id.get(id.len().saturating_sub(4)..)) {
        (Some(head), Some(tail)) if id.len() > 14 => format!("{head}…{tail}"),
        _ => id.to_owned(),
    }
}
