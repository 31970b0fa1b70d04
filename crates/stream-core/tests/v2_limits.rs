//! v2 limits checked before sending, as the emulator and the service refuse them: bodies over
//! 1 MiB (a typed error naming the sizes, never a 413) and filter operators outside the known
//! set (a typed error naming the operator, never a 400), at any depth, in every v2 query.
use serde_json::{Map, Value, json};
use stream_core::models::v2::UserRequest;
use stream_core::v2::{
    FILTER_OPERATORS, LOGICAL_FILTER_OPERATORS, MAX_BODY_BYTES, MAX_FILTER_DEPTH, QueryCallMembers,
    QueryCalls, QueryUsers, UpsertUsers,
};
use stream_core::{ApiSecret, BuildError, Config, Endpoint, Error};

fn config() -> Config {
    Config::builder("key123", ApiSecret::new("secret456"))
        .build()
        .expect("config")
}

fn object(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

/// The upsert of one user whose custom `pad` holds `n` bytes.
fn upsert_with(n: usize) -> UpsertUsers {
    UpsertUsers::new([UserRequest::new("alice").custom("pad", "x".repeat(n))])
}

fn body_len(endpoint: &impl Endpoint) -> usize {
    let request = config().build_request(endpoint).expect("builds");
    request.body.expect("a body").bytes.len()
}

#[test]
fn a_body_of_exactly_the_cap_is_sent_and_one_byte_more_is_refused() {
    let overhead = body_len(&upsert_with(0));
    let at_cap = upsert_with(MAX_BODY_BYTES - overhead);
    assert_eq!(body_len(&at_cap), MAX_BODY_BYTES);
    match config().build_request(&upsert_with(MAX_BODY_BYTES - overhead + 1)) {
        Err(Error::Build(BuildError::BodyTooLarge { op, size, limit })) => {
            assert_eq!(
                (op, size, limit),
                ("v2.users.upsert", MAX_BODY_BYTES + 1, 1_048_576)
            );
        }
        other => panic!("{other:?}"),
    }
    let shown = config()
        .build_request(&upsert_with(2 * MAX_BODY_BYTES))
        .unwrap_err()
        .to_string();
    assert!(
        shown.contains("exceeds the limit of 1048576 bytes"),
        "{shown}"
    );
}

/// A condition using `op` with an argument of the kind it takes.
fn condition(op: &str) -> Value {
    match op {
        "$in" | "$nin" => json!({op: ["alice"]}),
        "$exists" => json!({op: true}),
        "$gt" | "$gte" | "$lt" | "$lte" => json!({op: "a"}),
        _ => json!({op: "alice"}),
    }
}

#[test]
fn every_known_operator_is_accepted_in_every_query() {
    for op in FILTER_OPERATORS {
        let filter = object(json!({"id": condition(op), "$and": [{"role": condition(op)}]}));
        config()
            .build_request(&QueryUsers::new(filter.clone()))
            .unwrap_or_else(|e| panic!("{op}: {e}"));
        config()
            .build_request(&QueryCalls::new().filter(filter.clone()))
            .unwrap_or_else(|e| panic!("{op}: {e}"));
        config()
            .build_request(&QueryCallMembers::new("default", "c1").filter(filter))
            .unwrap_or_else(|e| panic!("{op}: {e}"));
    }
    for logical in LOGICAL_FILTER_OPERATORS {
        let filter = object(json!({*logical: [{"id": "a"}, {"id": {"$ne": "b"}}]}));
        config()
            .build_request(&QueryUsers::new(filter))
            .unwrap_or_else(|e| panic!("{logical}: {e}"));
    }
    // Plain values and `$`-free objects are equality, never operators.
    let plain = object(json!({"custom_obj": {"a": 1}, "name": "x"}));
    assert!(config().build_request(&QueryUsers::new(plain)).is_ok());
}

fn refused_operator(result: Result<stream_core::Request, Error>) -> String {
    match result {
        Err(Error::Build(BuildError::UnknownFilterOperator { field, operator })) => {
            assert_eq!(field, "filter_conditions");
            operator
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_operators_are_refused_by_name_at_any_depth() {
    let cases = [
        (json!({"id": {"$regex": "^a"}}), "$regex"),
        (json!({"$where": "1"}), "$where"),
        (
            json!({"$or": [{"id": "a"}, {"$and": [{"id": {"$like": "a"}}]}]}),
            "$like",
        ),
        (json!({"id": {"$eq": "a", "$EQ": "a"}}), "$EQ"),
    ];
    for (filter, op) in cases {
        let filter = object(filter);
        let users = config().build_request(&QueryUsers::new(filter.clone()));
        assert_eq!(refused_operator(users), op);
        let calls = config().build_request(&QueryCalls::new().filter(filter.clone()));
        assert_eq!(refused_operator(calls), op);
        let members = QueryCallMembers::new("default", "c1").filter(filter);
        assert_eq!(refused_operator(config().build_request(&members)), op);
    }
    let shown = config()
        .build_request(&QueryCalls::new().filter(object(json!({"id": {"$regex": "a"}}))))
        .unwrap_err()
        .to_string();
    assert!(
        shown.contains("$regex") && shown.contains("not supported"),
        "{shown}"
    );
}

#[test]
fn malformed_and_too_deep_logical_filters_are_refused() {
    for bad in [json!({"$or": {"id": "a"}}), json!({"$and": ["id"]})] {
        let result = config().build_request(&QueryUsers::new(object(bad.clone())));
        assert!(
            matches!(
                result,
                Err(Error::Build(BuildError::InvalidField {
                    field: "filter_conditions",
                    ..
                }))
            ),
            "{bad}: {result:?}"
        );
    }
    let mut deep = json!({"id": "a"});
    for _ in 0..=MAX_FILTER_DEPTH {
        deep = json!({"$and": [deep]});
    }
    let result = config().build_request(&QueryUsers::new(object(deep)));
    assert!(matches!(
        result,
        Err(Error::Build(BuildError::InvalidField { .. }))
    ));
    let mut at_limit = json!({"id": "a"});
    for _ in 0..MAX_FILTER_DEPTH {
        at_limit = json!({"$and": [at_limit]});
    }
    assert!(
        config()
            .build_request(&QueryUsers::new(object(at_limit)))
            .is_ok()
    );
}
