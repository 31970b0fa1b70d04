//! The call types of one app: the built-ins (`default`, `livestream`, `audio_room`) until the app
//! changes or deletes them, and the ones it creates.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::v2::shapes::{self, BUILTIN_CALL_TYPES};
use crate::v2::state::V2State;

/// A call type as stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct V2CallType {
    /// Name.
    pub(crate) name: String,
    /// Capabilities per role.
    #[serde(default)]
    pub(crate) grants: BTreeMap<String, Vec<String>>,
    /// Full settings (`CallSettingsResponse`).
    #[serde(default)]
    pub(crate) settings: Value,
    /// Full notification settings.
    #[serde(default)]
    pub(crate) notification_settings: Value,
    /// External storage for recordings.
    #[serde(default)]
    pub(crate) external_storage: Option<String>,
    /// Created (unix ns).
    pub(crate) created_at: i64,
    /// Updated (unix ns).
    pub(crate) updated_at: i64,
}

impl V2CallType {
    /// The built-in type `name` as the service ships it.
    pub(crate) fn builtin(name: &str) -> Self {
        let shape = shapes::call_type(name, false);
        Self {
            name: name.to_owned(),
            grants: serde_json::from_value(shape["grants"].clone()).unwrap_or_default(),
            settings: shape["settings"].clone(),
            notification_settings: shape["notification_settings"].clone(),
            external_storage: None,
            created_at: shapes::BUILTIN_TYPES_CREATED,
            updated_at: shapes::BUILTIN_TYPES_CREATED,
        }
    }

    /// A new type `name` at `now`: the `default` type's grants, settings and notifications.
    pub(crate) fn new(name: &str, now: i64) -> Self {
        Self {
            name: name.to_owned(),
            created_at: now,
            updated_at: now,
            ..Self::builtin("default")
        }
    }

    /// Applies a request's `grants` (roles given replace theirs), `settings` and
    /// `notification_settings` (merged in depth) and `external_storage`.
    pub(crate) fn apply(&mut self, req: &ParsedRequest) {
        for (role, caps) in &req.grants {
            self.grants.insert(role.clone(), caps.clone());
        }
        shapes::merge(&mut self.settings, &Value::Object(req.settings.clone()));
        shapes::merge(
            &mut self.notification_settings,
            &Value::Object(req.notification_settings.clone()),
        );
        if let Some(s) = &req.external_storage {
            self.external_storage = Some(s.clone());
        }
    }

    /// As `CallTypeResponse` (`with_duration` for single-type answers).
    pub(crate) fn response(&self, with_duration: bool) -> Value {
        let mut v = json!({
            "name": self.name,
            "grants": self.grants,
            "settings": self.settings,
            "notification_settings": self.notification_settings,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        });
        if let Some(obj) = v.as_object_mut() {
            if let Some(s) = &self.external_storage {
                obj.insert("external_storage".into(), json!(s));
            }
            if with_duration {
                obj.insert("duration".into(), json!("0.00ms"));
            }
        }
        v
    }
}

/// The fields of a create or update request, checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ParsedRequest {
    /// Capabilities per role.
    pub(crate) grants: BTreeMap<String, Vec<String>>,
    /// Settings groups.
    pub(crate) settings: Map<String, Value>,
    /// Notification settings.
    pub(crate) notification_settings: Map<String, Value>,
    /// External storage.
    pub(crate) external_storage: Option<String>,
}

/// The call type `name` of the app, if it has one.
pub(crate) fn find(data: &V2State, name: &str) -> Option<V2CallType> {
    if let Some(t) = data.call_types.get(name) {
        return Some(t.clone());
    }
    (BUILTIN_CALL_TYPES.contains(&name) && !data.removed_call_types.contains_key(name))
        .then(|| V2CallType::builtin(name))
}

/// Every call type of the app, by name.
pub(crate) fn all(data: &V2State) -> BTreeMap<String, V2CallType> {
    let mut out: BTreeMap<String, V2CallType> = BUILTIN_CALL_TYPES
        .iter()
        .filter(|n| !data.removed_call_types.contains_key(**n))
        .map(|n| ((*n).to_owned(), V2CallType::builtin(n)))
        .collect();
    out.extend(
        data.call_types
            .iter()
            .map(|(name, t)| (name.clone(), t.clone())),
    );
    out
}

/// The settings a call of type `name` starts from (the `default` type's when the type has been
/// deleted since the call was created).
pub(crate) fn settings_of(data: &V2State, name: &str) -> Value {
    find(data, name).map_or_else(|| shapes::type_settings("default"), |t| t.settings)
}

/// Stores `t` (a built-in stored this way stops being read from the built-ins).
pub(crate) fn save(data: &mut V2State, t: V2CallType) {
    data.removed_call_types.remove(&t.name);
    data.call_types.insert(t.name.clone(), t);
}

/// Deletes the type `name`; whether it existed.
pub(crate) fn remove(data: &mut V2State, name: &str) -> bool {
    let existed = find(data, name).is_some();
    data.call_types.remove(name);
    if BUILTIN_CALL_TYPES.contains(&name) {
        data.removed_call_types.insert(name.to_owned(), true);
    }
    existed
}
