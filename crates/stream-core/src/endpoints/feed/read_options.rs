//! The feed-read options beyond paging and enrichment: `ranking_vars`, `withScoreVars`,
//! `refresh`, and parameters the SDK has no setter for yet.
use serde_json::{Map, Value};

use crate::endpoint::Spec;
use crate::error::BuildError;

/// Query parameters only the SDK itself may send on a read.
const RESERVED: &[&str] = &["api_key"];

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ReadOptions {
    /// `ranking_vars`: the external variables of a ranking formula, sent as compact JSON.
    pub(crate) ranking_vars: Option<Map<String, Value>>,
    /// `withScoreVars`: each activity carries the variables its score was computed from.
    pub(crate) score_vars: bool,
    /// `refresh`: skip the service's read cache.
    pub(crate) refresh: bool,
    /// Any other parameter, in the order given.
    pub(crate) custom: Vec<(&'static str, String)>,
}

impl ReadOptions {
    /// Sets a custom parameter, replacing an earlier value of the same name.
    pub(crate) fn set_custom(&mut self, name: &'static str, value: String) {
        match self.custom.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.custom.push((name, value)),
        }
    }

    /// Adds the options to `spec`'s query. Custom parameters come last and may not repeat a
    /// parameter the read already sends (that one has its own setter) or one the SDK owns.
    pub(crate) fn apply(&self, mut spec: Spec) -> Result<Spec, BuildError> {
        if let Some(vars) = &self.ranking_vars {
            let sorted = sorted_keys(&Value::Object(vars.clone()));
            let json =
                serde_json::to_string(&sorted).map_err(|e| BuildError::Serialize(e.to_string()))?;
            spec = spec.query("ranking_vars", json);
        }
        if self.score_vars {
            spec = spec.query("withScoreVars", "true");
        }
        if self.refresh {
            spec = spec.query("refresh", "true");
        }
        for (name, value) in &self.custom {
            if name.is_empty() {
                return Err(BuildError::field(
                    "custom_param",
                    "the name must not be empty",
                ));
            }
            if RESERVED.contains(name) || spec.query.iter().any(|(n, _)| n == name) {
                return Err(BuildError::field(
                    "custom_param",
                    format!("{name:?} is already sent by this read; use its own setter"),
                ));
            }
            spec = spec.query(name, value.clone());
        }
        Ok(spec)
    }
}

/// `value` with every object's keys in sorted order, as go2 marshals its `ranking_vars` map.
fn sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted_keys(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

/// The setters of [`ReadOptions`], for endpoints with a `read_options` field.
macro_rules! read_option_setters {
    () => {
        /// External variables for the ranking formula (`ranking_vars`, sent as a JSON object).
        pub fn ranking_vars(mut self, vars: serde_json::Map<String, serde_json::Value>) -> Self {
            self.read_options.ranking_vars = Some(vars);
            self
        }

        /// Returns the variables each ranked activity's score was computed from
        /// (`withScoreVars`).
        pub fn with_score_vars(mut self, on: bool) -> Self {
            self.read_options.score_vars = on;
            self
        }

        /// Reads past the service's cache (`refresh`).
        pub fn refresh(mut self, on: bool) -> Self {
            self.read_options.refresh = on;
            self
        }

        /// Sends any other query parameter (like go2's `WithCustomParam`), for options the SDK
        /// has no setter for yet. A name the read already sends is refused when the request is
        /// built; setting the same name twice keeps the last value.
        pub fn custom_param(mut self, name: &'static str, value: impl Into<String>) -> Self {
            self.read_options.set_custom(name, value.into());
            self
        }
    };
}
pub(crate) use read_option_setters;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Service;
    use crate::endpoint::Auth;
    use crate::request::Method;

    fn spec() -> Spec {
        Spec::new("t", Method::Get, Service::Api, "x/".into(), Auth::V2Server).query("limit", "5")
    }

    #[test]
    fn custom_params_cannot_shadow_what_is_sent() {
        let mut o = ReadOptions::default();
        o.set_custom("aaa", "1".into());
        o.set_custom("aaa", "bbb".into());
        let q = o.apply(spec()).unwrap().query;
        assert_eq!(
            q,
            vec![("limit", "5".to_owned()), ("aaa", "bbb".to_owned())]
        );
        for name in ["limit", "api_key", ""] {
            let mut o = ReadOptions::default();
            o.set_custom(name, "1".into());
            assert!(o.apply(spec()).is_err(), "{name:?}");
        }
        let o = ReadOptions {
            refresh: true,
            ..ReadOptions::default()
        };
        let mut shadow = o.clone();
        shadow.set_custom("refresh", "false".into());
        assert!(shadow.apply(spec()).is_err());
    }
}
