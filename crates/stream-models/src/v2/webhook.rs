//! Video webhook events as Stream delivers them (verify the `X-Signature` first with
//! `stream_auth::verify_webhook`): the common ones typed, any other kept raw.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::call::{CallResponse, MemberResponse};
use super::time::serialize_opt_nanos;
use super::user::UserResponse;
use crate::{Fields, Timestamp};

/// What a call event carries (`call.created`, `call.updated`, `call.ended`, `call.deleted`,
/// `call.live_started`, `call.session_started`, `call.session_ended`, `call.member_added`,
/// `call.member_updated`): the call and, depending on the event, its members, the user who
/// acted, the session and the reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallEvent {
    /// `type:id` of the call.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub call_cid: String,
    /// The call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallResponse>,
    /// Members (those added or updated, or the call's).
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub members: Vec<MemberResponse>,
    /// The user who acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<UserResponse>,
    /// The session (session events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Why (`call.ended`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When the event happened.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// `call.member_removed`: the ids of the members removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallMemberRemovedEvent {
    /// `type:id` of the call.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub call_cid: String,
    /// The call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallResponse>,
    /// User ids removed.
    #[serde(default, deserialize_with = "super::null_as_default")]
    pub members: Vec<String>,
    /// When the event happened.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

/// A finished recording or transcription file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallFile {
    /// File name.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub filename: String,
    /// Where to download it (a signed URL).
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub url: String,
    /// The session recorded.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub session_id: String,
    /// Start.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub start_time: Option<Timestamp>,
    /// End.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub end_time: Option<Timestamp>,
    /// Any other field (`recording_type` of a recording).
    #[serde(flatten)]
    pub extra: Fields,
}

/// `call.recording_ready` / `call.transcription_ready`: a file is ready to download.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallFileReadyEvent {
    /// `type:id` of the call.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub call_cid: String,
    /// The egress that produced it.
    #[serde(default, deserialize_with = "crate::activity::null_default")]
    pub egress_id: String,
    /// `composite`, `individual`, `raw` (recordings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording_type: Option<String>,
    /// The recording (`call.recording_ready`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_recording: Option<CallFile>,
    /// The transcription (`call.transcription_ready`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_transcription: Option<CallFile>,
    /// When the event happened.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_opt_nanos"
    )]
    pub created_at: Option<Timestamp>,
    /// Any other field.
    #[serde(flatten)]
    pub extra: Fields,
}

impl CallFileReadyEvent {
    /// The file: the recording or the transcription.
    pub fn file(&self) -> Option<&CallFile> {
        self.call_recording
            .as_ref()
            .or(self.call_transcription.as_ref())
    }
}

/// A webhook event, by its `type`. Events this crate does not type are kept raw in
/// [`WebhookEvent::Other`], so a handler never fails on an event Stream adds later.
///
/// ```
/// use stream_models::v2::WebhookEvent;
/// let body = br#"{"type":"call.ended","call_cid":"default:c1","reason":"timeout"}"#;
/// match WebhookEvent::parse(body)? {
///     WebhookEvent::CallEnded(e) => assert_eq!(e.reason.as_deref(), Some("timeout")),
///     other => panic!("{}", other.kind()),
/// }
/// let later = WebhookEvent::parse(br#"{"type":"call.something_new","n":1}"#)?;
/// assert_eq!(later.kind(), "call.something_new");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// `call.created`.
    CallCreated(CallEvent),
    /// `call.updated`.
    CallUpdated(CallEvent),
    /// `call.ended`.
    CallEnded(CallEvent),
    /// `call.deleted`.
    CallDeleted(CallEvent),
    /// `call.live_started`.
    CallLiveStarted(CallEvent),
    /// `call.session_started`.
    CallSessionStarted(CallEvent),
    /// `call.session_ended`.
    CallSessionEnded(CallEvent),
    /// `call.member_added`.
    CallMemberAdded(CallEvent),
    /// `call.member_updated`.
    CallMemberUpdated(CallEvent),
    /// `call.member_removed`.
    CallMemberRemoved(CallMemberRemovedEvent),
    /// `call.recording_ready`.
    CallRecordingReady(CallFileReadyEvent),
    /// `call.transcription_ready`.
    CallTranscriptionReady(CallFileReadyEvent),
    /// Any other event, as received.
    Other {
        /// Its `type`.
        kind: String,
        /// The whole event.
        raw: Map<String, Value>,
    },
}

impl WebhookEvent {
    /// Parses a webhook body (a JSON object with a string `type`). A typed event whose fields
    /// have the wrong types is an error, not an [`WebhookEvent::Other`].
    pub fn parse(body: &[u8]) -> Result<Self, serde_json::Error> {
        let raw: Map<String, Value> = serde_json::from_slice(body)?;
        Self::from_map(raw)
    }

    /// [`WebhookEvent::parse`] of an already decoded object.
    pub fn from_map(raw: Map<String, Value>) -> Result<Self, serde_json::Error> {
        use serde::de::Error as _;
        let kind = raw
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| serde_json::Error::custom("a webhook event needs a string `type`"))?
            .to_owned();
        let call = |raw: Map<String, Value>| -> Result<CallEvent, serde_json::Error> {
            serde_json::from_value(Value::Object(raw))
        };
        let file = |raw: Map<String, Value>| -> Result<CallFileReadyEvent, serde_json::Error> {
            serde_json::from_value(Value::Object(raw))
        };
        Ok(match kind.as_str() {
            "call.created" => Self::CallCreated(call(raw)?),
            "call.updated" => Self::CallUpdated(call(raw)?),
            "call.ended" => Self::CallEnded(call(raw)?),
            "call.deleted" => Self::CallDeleted(call(raw)?),
            "call.live_started" => Self::CallLiveStarted(call(raw)?),
            "call.session_started" => Self::CallSessionStarted(call(raw)?),
            "call.session_ended" => Self::CallSessionEnded(call(raw)?),
            "call.member_added" => Self::CallMemberAdded(call(raw)?),
            "call.member_updated" => Self::CallMemberUpdated(call(raw)?),
            "call.member_removed" => {
                Self::CallMemberRemoved(serde_json::from_value(Value::Object(raw))?)
            }
            "call.recording_ready" => Self::CallRecordingReady(file(raw)?),
            "call.transcription_ready" => Self::CallTranscriptionReady(file(raw)?),
            _ => Self::Other { kind, raw },
        })
    }

    /// The event's `type` (`call.created`, …).
    pub fn kind(&self) -> &str {
        match self {
            Self::CallCreated(_) => "call.created",
            Self::CallUpdated(_) => "call.updated",
            Self::CallEnded(_) => "call.ended",
            Self::CallDeleted(_) => "call.deleted",
            Self::CallLiveStarted(_) => "call.live_started",
            Self::CallSessionStarted(_) => "call.session_started",
            Self::CallSessionEnded(_) => "call.session_ended",
            Self::CallMemberAdded(_) => "call.member_added",
            Self::CallMemberUpdated(_) => "call.member_updated",
            Self::CallMemberRemoved(_) => "call.member_removed",
            Self::CallRecordingReady(_) => "call.recording_ready",
            Self::CallTranscriptionReady(_) => "call.transcription_ready",
            Self::Other { kind, .. } => kind,
        }
    }

    /// The `type:id` of the call the event is about, when it names one.
    pub fn call_cid(&self) -> Option<&str> {
        match self {
            Self::CallCreated(e)
            | Self::CallUpdated(e)
            | Self::CallEnded(e)
            | Self::CallDeleted(e)
            | Self::CallLiveStarted(e)
            | Self::CallSessionStarted(e)
            | Self::CallSessionEnded(e)
            | Self::CallMemberAdded(e)
            | Self::CallMemberUpdated(e) => Some(&e.call_cid),
            Self::CallMemberRemoved(e) => Some(&e.call_cid),
            Self::CallRecordingReady(e) | Self::CallTranscriptionReady(e) => Some(&e.call_cid),
            Self::Other { raw, .. } => raw.get("call_cid").and_then(Value::as_str),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<WebhookEvent, serde_json::Error> {
        WebhookEvent::parse(v.to_string().as_bytes())
    }

    #[test]
    fn typed_events_read_their_fields() {
        let created = parse(json!({"type": "call.created", "call_cid": "default:c1",
            "created_at": "2024-01-02T03:04:05.000000Z",
            "call": {"cid": "default:c1", "id": "c1", "type": "default"},
            "members": [{"user_id": "alice"}]}))
        .unwrap();
        let WebhookEvent::CallCreated(e) = &created else {
            panic!("{created:?}")
        };
        assert_eq!(e.members[0].user_id, "alice");
        assert_eq!(e.call.as_ref().map(|c| c.cid.as_str()), Some("default:c1"));
        assert_eq!(created.call_cid(), Some("default:c1"));

        let removed = parse(
            json!({"type": "call.member_removed", "call_cid": "default:c1",
            "members": ["bob"]}),
        )
        .unwrap();
        let WebhookEvent::CallMemberRemoved(e) = removed else {
            panic!()
        };
        assert_eq!(e.members, ["bob"]);

        let ready = parse(
            json!({"type": "call.recording_ready", "call_cid": "livestream:l1",
            "egress_id": "eg1", "recording_type": "composite",
            "call_recording": {"filename": "r.mp4", "url": "https://cdn/r.mp4",
                "session_id": "s1", "start_time": 1_704_164_645_000_000_000_i64,
                "end_time": null, "recording_type": "composite"}}),
        )
        .unwrap();
        let WebhookEvent::CallRecordingReady(e) = &ready else {
            panic!()
        };
        assert_eq!(e.file().map(|f| f.url.as_str()), Some("https://cdn/r.mp4"));
        assert_eq!(ready.kind(), "call.recording_ready");
    }

    #[test]
    fn unknown_events_are_kept_raw_and_bad_bodies_are_errors() {
        let other = parse(json!({"type": "user.updated", "user": {"id": "a"}})).unwrap();
        assert_eq!(other.kind(), "user.updated");
        assert!(matches!(&other, WebhookEvent::Other { raw, .. } if raw["user"]["id"] == "a"));
        assert_eq!(other.call_cid(), None);
        for bad in [json!([]), json!({"call_cid": "x"}), json!({"type": 1})] {
            assert!(parse(bad.clone()).is_err(), "{bad}");
        }
        assert!(WebhookEvent::parse(b"not json").is_err());
        let wrong = json!({"type": "call.ended", "members": "everyone"});
        assert!(parse(wrong).is_err());
    }
}
