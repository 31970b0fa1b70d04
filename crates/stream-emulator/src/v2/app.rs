//! v2 app settings: `GET /api/v2/app` answers the app's settings (`AppResponseFields`), `PATCH
//! /api/v2/app` changes the fields it is given and keeps them. The emulator stores every
//! setting it accepts; of those it acts on `webhook_url` and `webhook_events` only (see
//! `super::webhooks`; auth and permission checks stay on).
use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::auth::ServerCaller;
use super::body::body_obj;
use super::error::{V2Error, V2Result};
use super::shapes;
use crate::reply::Reply;
use crate::router::RouterExt;
use crate::state::SharedState;

/// What a field of `UpdateAppRequest` must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Int,
    Str,
    Url,
    Strings,
    Object,
    Time,
}

/// The fields `PATCH /api/v2/app` accepts (the service's `UpdateAppRequest`).
const FIELDS: &[(&str, Kind)] = &[
    ("async_url_enrich_enabled", Kind::Bool),
    ("auto_translation_enabled", Kind::Bool),
    ("before_message_send_hook_attempt_timeout_ms", Kind::Int),
    ("before_message_send_hook_url", Kind::Url),
    ("cdn_expiration_seconds", Kind::Int),
    ("channel_hide_members_only", Kind::Bool),
    ("custom_action_handler_url", Kind::Url),
    ("disable_auth_checks", Kind::Bool),
    ("disable_permissions_checks", Kind::Bool),
    ("enable_hook_payload_compression", Kind::Bool),
    ("enforce_unique_usernames", Kind::Str),
    ("feed_audit_logs_enabled", Kind::Bool),
    ("feeds_moderation_enabled", Kind::Bool),
    ("guest_user_creation_disabled", Kind::Bool),
    ("image_moderation_enabled", Kind::Bool),
    ("max_aggregated_activities_length", Kind::Int),
    ("moderation_analytics_enabled", Kind::Bool),
    ("moderation_enabled", Kind::Bool),
    ("moderation_onboarding_complete", Kind::Bool),
    ("moderation_webhook_url", Kind::Url),
    ("multi_tenant_enabled", Kind::Bool),
    ("permission_version", Kind::Str),
    ("reminders_interval", Kind::Int),
    ("reminders_max_members", Kind::Int),
    ("reminders_max_per_user", Kind::Int),
    ("revoke_tokens_issued_before", Kind::Time),
    ("sns_key", Kind::Str),
    ("sns_secret", Kind::Str),
    ("sns_topic_arn", Kind::Str),
    ("sqs_key", Kind::Str),
    ("sqs_secret", Kind::Str),
    ("sqs_url", Kind::Str),
    ("user_response_time_enabled", Kind::Bool),
    ("video_primary_use_case", Kind::Str),
    ("webhook_url", Kind::Url),
    ("allowed_flag_reasons", Kind::Strings),
    ("event_hooks", Kind::Object),
    ("image_moderation_block_labels", Kind::Strings),
    ("image_moderation_labels", Kind::Strings),
    ("user_search_disallowed_roles", Kind::Strings),
    ("webhook_events", Kind::Strings),
    ("activity_metrics_config", Kind::Object),
    ("apn_config", Kind::Object),
    ("async_moderation_config", Kind::Object),
    ("datadog_info", Kind::Object),
    ("file_upload_config", Kind::Object),
    ("firebase_config", Kind::Object),
    ("grants", Kind::Object),
    ("huawei_config", Kind::Object),
    ("image_upload_config", Kind::Object),
    ("moderation_dashboard_preferences", Kind::Object),
    ("push_config", Kind::Object),
    ("xiaomi_config", Kind::Object),
];

/// The routes of this family.
pub(crate) fn routes() -> Router<SharedState> {
    Router::new().v2("app", get(get_app).patch(update_app))
}

/// The settings of an app nobody changed.
fn defaults(app_id: &str) -> Map<String, Value> {
    let id: i64 = app_id.parse().unwrap_or(1);
    let v = json!({
        "id": id,
        "name": format!("app-{app_id}"),
        "organization": "stream-emulator",
        "placement": "",
        "allow_multi_user_devices": false,
        "async_url_enrich_enabled": false,
        "auto_translation_enabled": false,
        "campaign_enabled": false,
        "cdn_expiration_seconds": 1_209_600,
        "custom_action_handler_url": "",
        "disable_auth_checks": false,
        "disable_permissions_checks": false,
        "enforce_unique_usernames": "no",
        "feed_audit_logs_enabled": false,
        "guest_user_creation_disabled": false,
        "image_moderation_enabled": false,
        "max_aggregated_activities_length": 0,
        "moderation_audio_call_moderation_enabled": false,
        "moderation_enabled": false,
        "moderation_llm_configurability_enabled": false,
        "moderation_multitenant_blocklist_enabled": false,
        "moderation_video_call_moderation_enabled": false,
        "moderation_webhook_url": "",
        "multi_tenant_enabled": false,
        "permission_version": "v2",
        "reminders_interval": 0,
        "sns_key": "", "sns_secret": "", "sns_topic_arn": "",
        "sqs_key": "", "sqs_secret": "", "sqs_url": "",
        "suspended": false,
        "suspended_explanation": "",
        "user_response_time_enabled": false,
    });
    let more = json!({
        "webhook_url": "",
        "event_hooks": [],
        "user_search_disallowed_roles": [],
        "webhook_events": [],
        "channel_configs": {},
        "file_upload_config": {"allowed_file_extensions": [], "allowed_mime_types": [],
            "blocked_file_extensions": [], "blocked_mime_types": [], "size_limit": 0},
        "image_upload_config": {"allowed_file_extensions": [], "allowed_mime_types": [],
            "blocked_file_extensions": [], "blocked_mime_types": [], "size_limit": 0},
        "grants": {},
        "policies": {},
        "push_notifications": {"version": "v3", "offline_only": false, "providers": []},
    });
    let mut out = v.as_object().cloned().unwrap_or_default();
    out.extend(more.as_object().cloned().unwrap_or_default());
    out
}

/// `GET /api/v2/app`.
async fn get_app(caller: ServerCaller) -> Reply<V2Error> {
    let data = caller.app.lock();
    let mut app = defaults(&caller.app.app_id);
    if let Some(url) = data.webhooks.default_url() {
        app.insert("webhook_url".into(), json!(url));
    }
    for (k, v) in data.v2.app_settings.iter() {
        app.insert(k.clone(), v.clone());
    }
    let types: Map<String, Value> = super::call_types::all(&data.v2)
        .into_iter()
        .map(|(name, t)| (name, t.response(false)))
        .collect();
    app.insert("call_types".into(), Value::Object(types));
    let mut out = Map::new();
    out.insert("app".into(), Value::Object(app));
    shapes::reply(StatusCode::OK, out)
}

/// Checks `value` of `field` against its kind.
fn check(op: &str, field: &str, kind: Kind, value: &Value) -> V2Result<()> {
    let ok = match kind {
        Kind::Bool => value.is_boolean(),
        Kind::Int => value.is_i64() || value.is_u64(),
        Kind::Str => value.is_string(),
        Kind::Url => value
            .as_str()
            .is_some_and(|s| s.is_empty() || s.starts_with("http://") || s.starts_with("https://")),
        Kind::Strings => value
            .as_array()
            .is_some_and(|a| a.iter().all(Value::is_string)),
        Kind::Object => value.is_object() || value.is_array(),
        Kind::Time => serde_json::from_value::<stream_models::Timestamp>(value.clone()).is_ok(),
    };
    if ok {
        Ok(())
    } else {
        let what = match kind {
            Kind::Bool => "a boolean",
            Kind::Int => "an integer",
            Kind::Str => "a string",
            Kind::Url => "an http(s) URL or \"\"",
            Kind::Strings => "a list of strings",
            Kind::Object => "an object",
            Kind::Time => "a timestamp",
        };
        Err(V2Error::input(op, format!("{field} must be {what}")))
    }
}

/// `PATCH /api/v2/app`: every field given is checked, then all are kept (none on error).
async fn update_app(caller: ServerCaller, bytes: Bytes) -> Reply<V2Error> {
    const OP: &str = "UpdateApp";
    let body = body_obj(OP, &bytes)?;
    let mut changes = Map::new();
    for (field, value) in &body {
        if value.is_null() {
            continue;
        }
        let kind = FIELDS
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, kind)| *kind)
            .ok_or_else(|| V2Error::input(OP, format!("unknown field {field}")))?;
        check(OP, field, kind, value)?;
        changes.insert(field.clone(), value.clone());
    }
    let mut data = caller.app.lock();
    for (field, value) in changes {
        data.v2.app_settings.insert(field, value);
    }
    shapes::reply(StatusCode::OK, Map::new())
}
