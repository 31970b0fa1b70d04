//! What runs in a call beside its media: the session, its participants, recordings,
//! transcription, closed captions, HLS and RTMP broadcasts, and the files finished recordings
//! and transcriptions leave. Every change goes through these functions, which keep the call's
//! flags (`recording`, `transcribing`, `captioning`, `broadcasting`) in step.
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::v2::state::V2Call;

/// How many finished files a call keeps (the newest).
pub(crate) const MAX_FILES: usize = 1_000;

/// How many participants a call holds at most.
pub(crate) const MAX_PARTICIPANTS: usize = 1_000;

/// How many RTMP broadcasts a call runs at once at most (the emulator's bound).
pub(crate) const MAX_RTMPS: usize = 10;

/// The service's refusal of a start without anyone in the call.
pub(crate) const NO_SESSION: &str = "there is no active session";
/// The service's refusal of stopping what does not run.
pub(crate) const NOT_RUNNING: &str = "call egress is not running";
/// The emulator's refusal of starting what already runs (the service's text is not published).
pub(crate) const ALREADY_RUNNING: &str = "call egress is already running";

/// A call's session and what runs in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2CallMedia {
    /// The current session id (`""` until someone joins or something starts).
    #[serde(default)]
    pub(crate) session_id: String,
    /// Counter for session and participant session ids.
    #[serde(default)]
    pub(crate) serial: u64,
    /// Users connected now, by user session id.
    #[serde(default)]
    pub(crate) participants: BTreeMap<String, V2Participant>,
    /// User session ids pinned for everyone.
    #[serde(default)]
    pub(crate) pinned: BTreeSet<String>,
    /// Running recordings by type (`composite`, …), with when they started (unix ns).
    #[serde(default)]
    pub(crate) recordings: BTreeMap<String, i64>,
    /// When the running transcription started (unix ns).
    #[serde(default)]
    pub(crate) transcription: Option<i64>,
    /// Running RTMP broadcasts by name.
    #[serde(default)]
    pub(crate) rtmps: BTreeMap<String, V2Rtmp>,
    /// Finished recordings and transcriptions, oldest first.
    #[serde(default)]
    pub(crate) files: Vec<V2CallFile>,
}

/// One user connected to a call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2Participant {
    /// The user.
    pub(crate) user_id: String,
    /// Role in the call.
    pub(crate) role: String,
    /// Joined (unix ns).
    pub(crate) joined_at: i64,
}

/// A running RTMP broadcast (its stream key, a secret, is checked and not kept).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2Rtmp {
    /// The RTMP server address.
    pub(crate) stream_url: String,
    /// Started (unix ns).
    pub(crate) started_at: i64,
}

/// A finished recording (`recording_type` set) or transcription (`recording_type` unset).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2CallFile {
    /// File name.
    pub(crate) filename: String,
    /// The session recorded.
    pub(crate) session_id: String,
    /// `composite`, `individual` or `raw` for a recording; `None` for a transcription.
    #[serde(default)]
    pub(crate) recording_type: Option<String>,
    /// Start (unix ns).
    pub(crate) start_time: i64,
    /// End (unix ns).
    pub(crate) end_time: i64,
}

impl V2CallFile {
    /// As list recordings / list transcriptions answer it, the URL on `base`.
    pub(crate) fn shape(&self, c: &V2Call, base: &str) -> Value {
        let kind = if self.recording_type.is_some() {
            "recordings"
        } else {
            "transcriptions"
        };
        let mut v = json!({
            "filename": self.filename,
            "session_id": self.session_id,
            "start_time": self.start_time,
            "end_time": self.end_time,
            "url": format!(
                "{base}/video-files/{}/{}/{}/{kind}/{}",
                c.call_type, c.id, self.session_id, self.filename
            ),
        });
        if let Some(t) = &self.recording_type {
            v["recording_type"] = json!(t);
        }
        v
    }
}

impl V2CallMedia {
    /// A new id for `what` (`session`, `participant`), unique in this call.
    fn next_id(&mut self, what: &str, now: i64) -> String {
        self.serial += 1;
        format!("{what}-{now:x}-{}", self.serial)
    }

    /// The session id, opening a session when there is none.
    pub(crate) fn session(&mut self, now: i64) -> String {
        if self.session_id.is_empty() {
            self.session_id = self.next_id("session", now);
        }
        self.session_id.clone()
    }

    /// Whether someone is in the call.
    pub(crate) fn active(&self) -> bool {
        !self.participants.is_empty()
    }

    /// Keeps a finished file, dropping the oldest beyond [`MAX_FILES`].
    fn keep(&mut self, file: V2CallFile) {
        self.files.push(file);
        let over = self.files.len().saturating_sub(MAX_FILES);
        self.files.drain(..over);
    }
}

/// `user_id` joins the call (what a client app does over WebRTC), opening its session; the
/// new user session id, or `None` when the call ended, blocks the user or is full.
pub(crate) fn join(c: &mut V2Call, user_id: &str, now: i64) -> Option<String> {
    if c.ended_at.is_some()
        || c.blocked_user_ids.contains(user_id)
        || c.media.participants.len() >= MAX_PARTICIPANTS
    {
        return None;
    }
    c.media.session(now);
    let session = c.media.next_id("participant", now);
    let role = c
        .members
        .get(user_id)
        .and_then(|m| m.role.clone())
        .unwrap_or_else(|| "user".to_owned());
    let p = V2Participant {
        user_id: user_id.to_owned(),
        role,
        joined_at: now,
    };
    c.media.participants.insert(session.clone(), p);
    Some(session)
}

/// Starts recording `recording_type` (a no-op when it runs already).
pub(crate) fn start_recording(c: &mut V2Call, recording_type: &str, now: i64) {
    c.media.session(now);
    c.media
        .recordings
        .entry(recording_type.to_owned())
        .or_insert(now);
    c.recording = true;
}

/// Stops recording `recording_type`, leaving its file; `false` when it was not running.
pub(crate) fn stop_recording(c: &mut V2Call, recording_type: &str, now: i64) -> bool {
    let Some(start) = c.media.recordings.remove(recording_type) else {
        return false;
    };
    let session_id = c.media.session(now);
    let filename = format!(
        "rec_{}_{}_{recording_type}_{}.mp4",
        c.call_type,
        c.id,
        start / 1_000_000
    );
    c.media.keep(V2CallFile {
        filename,
        session_id,
        recording_type: Some(recording_type.to_owned()),
        start_time: start,
        end_time: now.max(start),
    });
    c.recording = !c.media.recordings.is_empty();
    true
}

/// Stops every recording.
pub(crate) fn stop_recordings(c: &mut V2Call, now: i64) {
    let running: Vec<String> = c.media.recordings.keys().cloned().collect();
    for t in running {
        stop_recording(c, &t, now);
    }
    c.recording = false;
}

/// Starts transcribing (a no-op when it runs already).
pub(crate) fn start_transcription(c: &mut V2Call, now: i64) {
    c.media.session(now);
    c.media.transcription.get_or_insert(now);
    c.transcribing = true;
}

/// Stops transcribing, leaving its file; `false` when it was not running.
pub(crate) fn stop_transcription(c: &mut V2Call, now: i64) -> bool {
    c.transcribing = false;
    let Some(start) = c.media.transcription.take() else {
        return false;
    };
    let session_id = c.media.session(now);
    let filename = format!(
        "transcript_{}_{}_{}.jsonl",
        c.call_type,
        c.id,
        start / 1_000_000
    );
    c.media.keep(V2CallFile {
        filename,
        session_id,
        recording_type: None,
        start_time: start,
        end_time: now.max(start),
    });
    true
}

/// Ends the session: everything stops (recordings and transcription leave their files) and
/// everyone leaves.
pub(crate) fn end_session(c: &mut V2Call, now: i64) {
    stop_recordings(c, now);
    stop_transcription(c, now);
    c.captioning = false;
    c.broadcasting = false;
    c.media.rtmps.clear();
    c.media.participants.clear();
    c.media.pinned.clear();
    c.media.session_id.clear();
}

/// The call's `egress` object: `broadcasting`, `hls` while HLS runs, `rtmps`.
pub(crate) fn egress_shape(c: &V2Call, api_key: &str) -> Value {
    let rtmps: Vec<Value> = c
        .media
        .rtmps
        .iter()
        .map(|(name, r)| {
            json!({
                "name": name,
                "stream_url": r.stream_url,
                "started_at": r.started_at,
            })
        })
        .collect();
    let mut v = json!({"broadcasting": c.broadcasting, "rtmps": rtmps});
    if c.broadcasting {
        v["hls"] = json!({"playlist_url": playlist_url(c, api_key), "status": "started"});
    }
    v
}

/// Where the call's HLS playlist would be served.
pub(crate) fn playlist_url(c: &V2Call, api_key: &str) -> String {
    format!(
        "https://hls.stream-io-cdn.com/{api_key}/{}/{}/{}/master.m3u8",
        c.call_type,
        c.id,
        if c.media.session_id.is_empty() {
            "session"
        } else {
            &c.media.session_id
        }
    )
}
