//! Bayeux messages and the server's advice, as they go on the wire (lenient when reading).
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// What the server advises after a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reconnect {
    /// Send `/meta/connect` again (after `interval`).
    Retry,
    /// Handshake again (the client id is gone), then resubscribe.
    Handshake,
    /// Do not reconnect.
    None,
    /// A value this client does not know (treated as `retry`).
    Unknown(String),
}

impl Reconnect {
    fn parse(s: &str) -> Self {
        match s {
            "retry" => Reconnect::Retry,
            "handshake" => Reconnect::Handshake,
            "none" => Reconnect::None,
            other => Reconnect::Unknown(other.to_owned()),
        }
    }

    /// The wire name.
    pub fn as_str(&self) -> &str {
        match self {
            Reconnect::Retry => "retry",
            Reconnect::Handshake => "handshake",
            Reconnect::None => "none",
            Reconnect::Unknown(s) => s,
        }
    }
}

impl Serialize for Reconnect {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Reconnect {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Reconnect::parse(&s))
    }
}

/// Bayeux `advice`: how to reconnect, how long to wait between connects, how long the server
/// holds a `/meta/connect` (milliseconds on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    /// `retry`, `handshake` or `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconnect: Option<Reconnect>,
    /// Milliseconds to wait before the next connect.
    #[serde(
        default,
        deserialize_with = "lenient_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub interval: Option<u64>,
    /// Milliseconds the server holds a connect open.
    #[serde(
        default,
        deserialize_with = "lenient_ms",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<u64>,
}

impl Advice {
    /// `interval` as a duration (0 when absent).
    pub fn interval(&self) -> Duration {
        Duration::from_millis(self.interval.unwrap_or(0))
    }

    /// Takes every field `newer` sets.
    pub(crate) fn update(&mut self, newer: &Advice) {
        if newer.reconnect.is_some() {
            self.reconnect.clone_from(&newer.reconnect);
        }
        if newer.interval.is_some() {
            self.interval = newer.interval;
        }
        if newer.timeout.is_some() {
            self.timeout = newer.timeout;
        }
    }
}

/// Reads a non-negative number of milliseconds (integer or float); anything else is absent.
fn lenient_ms<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(v.and_then(|v| {
        v.as_u64().or_else(|| {
            v.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f.min(u64::MAX as f64) as u64)
        })
    }))
}

/// One Bayeux message. Every field but `channel` is optional; unknown fields are ignored.
/// `Debug` hides `ext` (it carries the subscription signature) and `data`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// `/meta/handshake`, `/meta/connect`, …, or a data channel.
    pub channel: String,
    /// Message id, echoed by the reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The client id the handshake assigned.
    #[serde(rename = "clientId", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Whether a meta request succeeded (replies only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successful: Option<bool>,
    /// The channel of a subscribe/unsubscribe (Stream sometimes omits it in replies).
    #[serde(
        default,
        deserialize_with = "lenient_subscription",
        skip_serializing_if = "Option::is_none"
    )]
    pub subscription: Option<String>,
    /// The server's advice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<Advice>,
    /// A Bayeux error (`403::Forbidden`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Extension data (the subscription's authentication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<Value>,
    /// The payload of a published message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    /// Protocol version (handshake).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Connection types (handshake).
    #[serde(
        rename = "supportedConnectionTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supported_connection_types: Option<Vec<String>>,
    /// The connection type of a connect.
    #[serde(
        rename = "connectionType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub connection_type: Option<String>,
}

/// A subscription is a string; a list (allowed by the spec) keeps its first entry.
fn lenient_subscription<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Array(a)) => a.into_iter().find_map(|v| match v {
            Value::String(s) => Some(s),
            _ => None,
        }),
        _ => None,
    })
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("channel", &self.channel)
            .field("id", &self.id)
            .field("client_id", &self.client_id)
            .field("successful", &self.successful)
            .field("subscription", &self.subscription)
            .field("advice", &self.advice)
            .field("error", &self.error)
            .field("ext", &self.ext.as_ref().map(|_| "<redacted>"))
            .field("data", &self.data.as_ref().map(|_| ".."))
            .finish_non_exhaustive()
    }
}

impl Message {
    /// A message on `channel` with nothing else set.
    pub fn new(channel: impl Into<String>) -> Self {
        Self {
            channel: channel.into(),
            ..Self::default()
        }
    }

    /// Whether this is a meta (protocol) message.
    pub fn is_meta(&self) -> bool {
        self.channel.starts_with("/meta/")
    }

    /// Parses what arrived: a JSON array of messages, or one message object.
    pub fn parse_batch(bytes: &[u8]) -> Result<Vec<Message>, serde_json::Error> {
        match serde_json::from_slice::<Value>(bytes)? {
            Value::Array(items) => items.into_iter().map(serde_json::from_value).collect(),
            other => Ok(vec![serde_json::from_value(other)?]),
        }
    }
}
