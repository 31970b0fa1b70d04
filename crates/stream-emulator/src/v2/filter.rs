//! MongoDB-style filters and sorts over JSON documents, as query endpoints take them
//! (`{"id": {"$in": [...]}}`, `{"role": {"$eq": "admin"}}`, `$and`/`$or`, `$exists`, comparisons).
use std::cmp::Ordering;

use serde_json::{Map, Value};

fn cmp(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn equals(have: Option<&Value>, want: &Value) -> bool {
    match have {
        Some(Value::Array(items)) if !want.is_array() => items.contains(want),
        Some(v) => v == want || cmp(v, want) == Some(Ordering::Equal),
        None => want.is_null(),
    }
}

/// Whether `doc` matches `filter`. Unknown operators are an error (the message names them).
pub(crate) fn matches(
    filter: &Map<String, Value>,
    doc: &Map<String, Value>,
) -> Result<bool, String> {
    for (key, cond) in filter {
        let ok = match key.as_str() {
            "$and" | "$or" | "$nor" => {
                let parts = cond
                    .as_array()
                    .ok_or_else(|| format!("{key} needs a list"))?;
                let mut results = Vec::with_capacity(parts.len());
                for p in parts {
                    let p = p
                        .as_object()
                        .ok_or_else(|| format!("{key} needs objects"))?;
                    results.push(matches(p, doc)?);
                }
                match key.as_str() {
                    "$and" => results.iter().all(|r| *r),
                    "$or" => results.iter().any(|r| *r),
                    _ => !results.iter().any(|r| *r),
                }
            }
            _ => field_matches(doc.get(key), cond)?,
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

fn field_matches(have: Option<&Value>, cond: &Value) -> Result<bool, String> {
    let Some(ops) = cond
        .as_object()
        .filter(|o| o.keys().all(|k| k.starts_with('$')))
    else {
        return Ok(equals(have, cond));
    };
    if ops.is_empty() {
        return Ok(equals(have, cond));
    }
    for (op, arg) in ops {
        let ok = match op.as_str() {
            "$eq" => equals(have, arg),
            "$ne" => !equals(have, arg),
            "$in" | "$nin" => {
                let list = arg.as_array().ok_or_else(|| format!("{op} needs a list"))?;
                let hit = list.iter().any(|w| equals(have, w));
                if op == "$in" { hit } else { !hit }
            }
            "$gt" | "$gte" | "$lt" | "$lte" => match have.and_then(|h| cmp(h, arg)) {
                Some(o) => match op.as_str() {
                    "$gt" => o == Ordering::Greater,
                    "$gte" => o != Ordering::Less,
                    "$lt" => o == Ordering::Less,
                    _ => o != Ordering::Greater,
                },
                None => false,
            },
            "$exists" => {
                let want = arg.as_bool().ok_or("$exists needs a boolean")?;
                have.is_some_and(|v| !v.is_null()) == want
            }
            "$contains" => matches!(have, Some(Value::Array(items)) if items.contains(arg)),
            "$autocomplete" | "$q" => {
                let needle = arg.as_str().unwrap_or_default().to_lowercase();
                have.and_then(Value::as_str)
                    .is_some_and(|s| s.to_lowercase().contains(&needle))
            }
            other => return Err(format!("operator {other} is not supported")),
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Sorts `items` by `sort` (`[{"field","direction"}]`) over the document `doc` gives for each;
/// stable; missing values sort first.
pub(crate) fn sort<T>(
    items: &mut [T],
    doc: impl Fn(&T) -> &Map<String, Value>,
    sort: &[(String, i64)],
) {
    items.sort_by(|a, b| {
        let (a, b) = (doc(a), doc(b));
        for (field, dir) in sort {
            let o = match (a.get(field), b.get(field)) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Less,
                (Some(_), None) => Ordering::Greater,
                (Some(x), Some(y)) => cmp(x, y).unwrap_or(Ordering::Equal),
            };
            let o = if *dir < 0 { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
}

/// Reads a `sort` value (`[{"field": "name", "direction": 1}]`, `null` or absent).
pub(crate) fn parse_sort(v: Option<&Value>) -> Result<Vec<(String, i64)>, String> {
    let Some(Value::Array(items)) = v else {
        return match v {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(_) => Err("sort must be a list".into()),
        };
    };
    items
        .iter()
        .map(|i| {
            let field = i["field"].as_str().ok_or("sort[].field must be a string")?;
            let dir = i.get("direction").and_then(Value::as_i64).unwrap_or(1);
            Ok((field.to_owned(), dir))
        })
        .collect()
}

/// The document filters and sorts read for an entity: its answer `shown`, plus its `custom`
/// fields at the top level (where `shown` has no field of that name).
pub(crate) fn document(shown: &Value, custom: &Map<String, Value>) -> Map<String, Value> {
    let mut doc = shown.as_object().cloned().unwrap_or_default();
    for (k, v) in custom {
        doc.entry(k.clone()).or_insert_with(|| v.clone());
    }
    doc
}
