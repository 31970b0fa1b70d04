//! Ranking methods: named score formulas that ranked feed reads (`ranking=NAME`) and ranked
//! reaction filters order by. They are configuration (declared with
//! [`EmulatorBuilder::ranking`](crate::EmulatorBuilder::ranking) or `--ranking`), not data.

mod formula;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde_json::{Map, Value};

use formula::{Decay, Formula, Shape};

use crate::error::ApiError;

/// A ranking formula that does not parse, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankingError {
    message: String,
}

impl RankingError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for RankingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad ranking: {}", self.message)
    }
}

impl std::error::Error for RankingError {}

/// A ranking method: a `score` formula over activity fields, `time`, and `external.NAME` (the
/// read's `ranking_vars`), with `defaults` for missing fields and optional named decay
/// `functions`, as Stream's ranking configs have them.
///
/// ```
/// use stream_emulator::Ranking;
///
/// let simple = Ranking::parse("popularity * 2 + decay_exp(time)")?;
/// let config = Ranking::parse(
///     r#"{"score": "recent(time) * popularity ^ 0.5 + external.boost",
///         "defaults": {"popularity": 1, "external": {"boost": 0}},
///         "functions": {"recent": {"base": "decay_gauss", "scale": "5d", "offset": "1d", "decay": "0.3"}}}"#,
/// )?;
/// assert!(Ranking::parse("popularity *").is_err());
/// # drop((simple, config)); Ok::<(), stream_emulator::RankingError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    formula: Formula,
    defaults: Map<String, Value>,
}

/// How one ranked item scored: the score and the variables it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scored {
    /// The formula's value.
    pub(crate) score: f64,
    /// Each name the formula reads and the value used (`withScoreVars`).
    pub(crate) vars: Map<String, Value>,
}

impl Ranking {
    /// Parses a ranking: either a bare score formula (`"popularity * 2"`) or a JSON ranking
    /// config `{"score": FORMULA, "defaults": {...}, "functions": {NAME: {"base": "decay_gauss",
    /// "scale": "5d", "offset": "1d", "decay": "0.3", "origin": 0}}}`. Names in a formula are
    /// activity fields (dotted for nested ones), `time` (Unix seconds) or `external.NAME`.
    pub fn parse(text: &str) -> Result<Self, RankingError> {
        let trimmed = text.trim_start();
        if !trimmed.starts_with('{') {
            return Ok(Ranking {
                formula: Formula::parse(text, &HashMap::new())?,
                defaults: Map::new(),
            });
        }
        let config: Map<String, Value> = serde_json::from_str(trimmed)
            .map_err(|e| RankingError::new(format!("the config is not a JSON object: {e}")))?;
        let mut score = None;
        let mut defaults = Map::new();
        let mut functions = HashMap::new();
        for (key, value) in &config {
            match (key.as_str(), value) {
                ("score", Value::String(s)) => score = Some(s.as_str()),
                ("defaults", Value::Object(d)) => defaults = d.clone(),
                ("functions", Value::Object(fs)) => {
                    for (name, f) in fs {
                        functions.insert(name.to_ascii_lowercase(), decay_function(name, f)?);
                    }
                }
                (other, _) => {
                    return Err(RankingError::new(format!(
                        "unexpected config key {other:?} (expected \"score\" as a string, \
                         \"defaults\" and \"functions\" as objects)"
                    )));
                }
            }
        }
        let score = score.ok_or_else(|| RankingError::new("the config has no \"score\""))?;
        Ok(Ranking {
            formula: Formula::parse(score, &functions)?,
            defaults,
        })
    }

    /// Scores one item: `fields` are its fields (an activity as served), `time` its time in Unix
    /// seconds, `external` the read's `ranking_vars`, `now` the read's time in Unix seconds.
    pub(crate) fn score(
        &self,
        fields: &Map<String, Value>,
        time: f64,
        external: &Map<String, Value>,
        now: f64,
    ) -> Scored {
        let mut values = Vec::with_capacity(self.formula.vars.len());
        let mut vars = Map::new();
        for name in &self.formula.vars {
            let v = if name == "time" {
                time
            } else {
                let found = match name.strip_prefix("external.") {
                    Some(rest) => lookup(external, rest),
                    None => lookup(fields, name),
                };
                found
                    .or_else(|| lookup(&self.defaults, name))
                    .unwrap_or(0.0)
            };
            values.push(v);
            vars.insert(name.clone(), number(v));
        }
        Scored {
            score: self.formula.eval(&values, now),
            vars,
        }
    }
}

/// A finite number as JSON (integers without a fraction).
pub(crate) fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(Value::from(0), Value::Number)
    }
}

/// The number at a dotted `path` of `map`: numbers as they are, booleans as 1/0, numeric strings
/// parsed, time strings as Unix seconds.
fn lookup(map: &Map<String, Value>, path: &str) -> Option<f64> {
    let mut parts = path.split('.');
    let mut cur = map.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    match cur {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .or_else(|| super::time::parse_time(s).map(|us| us as f64 / 1e6)),
        _ => None,
    }
}

/// A named decay function of a ranking config.
fn decay_function(name: &str, f: &Value) -> Result<Decay, RankingError> {
    let bad = |why: String| RankingError::new(format!("function {name:?}: {why}"));
    let f = f
        .as_object()
        .ok_or_else(|| bad("must be an object".into()))?;
    let base = f.get("base").and_then(Value::as_str).unwrap_or("");
    let shape = Shape::of(&base.to_ascii_lowercase()).ok_or_else(|| {
        bad(format!(
            "base {base:?} is not decay_linear, decay_exp or decay_gauss"
        ))
    })?;
    let mut d = Decay::builtin(shape);
    for (key, value) in f {
        let n = match key.as_str() {
            "base" => continue,
            "scale" | "offset" | "decay" | "origin" => span(value)
                .ok_or_else(|| bad(format!("{key} {value} is not a number or a duration")))?,
            other => return Err(bad(format!("unexpected key {other:?}"))),
        };
        match key.as_str() {
            "scale" => d.scale = n,
            "offset" => d.offset = n,
            "decay" => d.decay = n,
            _ => d.origin = Some(n),
        }
    }
    if d.scale <= 0.0 || d.offset < 0.0 || !(d.decay > 0.0 && d.decay < 1.0) {
        return Err(bad("needs scale > 0, offset >= 0 and 0 < decay < 1".into()));
    }
    Ok(d)
}

/// A number or a duration string (`"5d"`, `"12h"`, `"30m"`, `"10s"`, `"100"`), in seconds.
fn span(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => {
            let s = s.trim();
            let (num, unit) = match s.char_indices().last()? {
                (i, 'd') => (&s[..i], 86_400.0),
                (i, 'h') => (&s[..i], 3_600.0),
                (i, 'm') => (&s[..i], 60.0),
                (i, 's') => (&s[..i], 1.0),
                _ => (s, 1.0),
            };
            num.trim().parse::<f64>().ok()? * unit
        }
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// The rankings an app knows, by name (shared configuration).
#[derive(Debug, Clone, Default)]
pub(crate) struct Rankings(pub(crate) Arc<HashMap<String, Ranking>>);

impl Rankings {
    /// The ranking `name`, or the service's 400 `MissingRankingException` (code 12).
    pub(crate) fn get(&self, name: &str, group: &str) -> Result<&Ranking, ApiError> {
        self.0.get(name).ok_or_else(|| missing_ranking(name, group))
    }
}

/// 400, code 12, `MissingRankingException`: the ranking is not configured for the feed group.
pub(crate) fn missing_ranking(name: &str, group: &str) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::BAD_REQUEST,
        12,
        "MissingRankingException",
        format!("ranking method {name:?} is not configured for {group}"),
    )
}

/// The read's `ranking_vars` (or js' `rankingVars`) as an object: absent is empty, anything but a
/// JSON object is the service's 400 input error.
pub(crate) fn ranking_vars(params: &crate::query::Params) -> Result<Map<String, Value>, ApiError> {
    for name in ["ranking_vars", "rankingVars"] {
        if let Some(raw) = params.get_nonempty(name) {
            return match serde_json::from_str::<Value>(raw) {
                Ok(Value::Object(vars)) => Ok(vars),
                _ => Err(ApiError::input_field(
                    name,
                    format!("{name} must be a JSON object"),
                )),
            };
        }
    }
    Ok(Map::new())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn scores_read_fields_external_vars_and_defaults() {
        let r = Ranking::parse(
            r#"{"score": "popularity * 2 + meta.boost + external.x + missing",
                "defaults": {"popularity": 1, "missing": 7, "external": {"x": 100}}}"#,
        )
        .unwrap();
        let fields = obj(json!({"popularity": 5, "meta": {"boost": "1.5"}}));
        let s = r.score(&fields, 0.0, &obj(json!({"x": 2})), 0.0);
        assert_eq!(s.score, 20.5);
        assert_eq!(
            Value::Object(s.vars),
            json!({"popularity": 5, "meta.boost": 1.5, "external.x": 2, "missing": 7})
        );
        let s = r.score(&Map::new(), 0.0, &Map::new(), 0.0);
        assert_eq!(s.score, 109.0);
    }

    #[test]
    fn configs_are_checked_when_declared() {
        for (bad, why) in [
            ("{", "not a JSON object"),
            (r#"{"defaults": {}}"#, "no \"score\""),
            (r#"{"score": 1}"#, "unexpected config key"),
            (
                r#"{"score": "f(time)", "functions": {"f": {"base": "nope"}}}"#,
                "base",
            ),
            (
                r#"{"score": "f(time)", "functions": {"f": {"base": "decay_exp", "scale": "xd"}}}"#,
                "not a number",
            ),
            (
                r#"{"score": "f(time)", "functions": {"f": {"base": "decay_exp", "decay": 2}}}"#,
                "0 < decay < 1",
            ),
        ] {
            let err = Ranking::parse(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
        }
        let r = Ranking::parse(
            r#"{"score": "F(time)", "functions": {"f": {"base": "decay_linear", "scale": "1d", "offset": "12h", "decay": "0.5"}}}"#,
        )
        .unwrap();
        let now = 1_000_000.0;
        let at = |t: f64| r.score(&Map::new(), t, &Map::new(), now).score;
        assert_eq!(at(now - 43_200.0), 1.0);
        assert_eq!(at(now - 43_200.0 - 86_400.0), 0.5);
    }
}
