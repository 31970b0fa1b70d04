//! An error body that names its `exception` but carries no numeric `code` still maps to the
//! typed `ErrorCode`; the numeric code wins when both are present.
use stream_core::{ApiError, ErrorCode, Response};

fn parse(status: u16, body: &str) -> ApiError {
    ApiError::from_response("feed.get", &Response::new(status, body.to_owned()))
}

#[test]
fn exception_name_without_code_maps_to_the_variant() {
    let e = parse(
        404,
        r#"{"detail": "activity not found", "exception": "DoesNotExistException", "status_code": 404}"#,
    );
    assert_eq!(e.code, Some(ErrorCode::DoesNotExist));
    assert_eq!(e.raw_code, None, "no numeric code was sent");
    assert_eq!(e.exception.as_deref(), Some("DoesNotExistException"));
    assert!(e.to_string().contains("DoesNotExistException"));

    let e = parse(429, r#"{"exception": "RateLimitReached", "code": null}"#);
    assert_eq!(e.code, Some(ErrorCode::RateLimitReached));
    assert!(e.is_rate_limited());
}

#[test]
fn every_documented_exception_name_maps_to_its_code() {
    // Names from the official clients' exception classes (py `stream/exceptions.py`, rb
    // `lib/stream/errors.rb`), with the code each carries.
    let table = [
        ("StreamApiException", 1, ErrorCode::Api),
        ("ApiKeyException", 2, ErrorCode::ApiKey),
        ("SignatureException", 3, ErrorCode::Signature),
        ("InputException", 4, ErrorCode::Input),
        ("CustomFieldException", 5, ErrorCode::CustomField),
        ("FeedConfigException", 6, ErrorCode::FeedConfig),
        ("SiteSuspendedException", 7, ErrorCode::SiteSuspended),
        (
            "InvalidPaginationException",
            8,
            ErrorCode::InvalidPagination,
        ),
        ("RateLimitReached", 9, ErrorCode::RateLimitReached),
        ("MissingUserException", 10, ErrorCode::MissingUser),
        ("RankingException", 11, ErrorCode::Ranking),
        ("MissingRankingException", 12, ErrorCode::MissingRanking),
        ("OldStorageBackend", 13, ErrorCode::OldStorageBackend),
        ("JinjaRuntimeException", 14, ErrorCode::Aggregation),
        ("BestPracticeException", 15, ErrorCode::BestPractice),
        ("BadInputException", 15, ErrorCode::BestPractice),
        ("DoesNotExistException", 16, ErrorCode::DoesNotExist),
        ("NotAllowedException", 17, ErrorCode::NotAllowed),
        ("ConflictException", 22, ErrorCode::Conflict),
    ];
    for (name, code, variant) in table {
        assert_eq!(ErrorCode::from_exception(name), Some(variant), "{name}");
        assert_eq!(ErrorCode::from_code(code), variant, "{name} / {code}");
        let body = format!(r#"{{"exception": "{name}", "detail": "x"}}"#);
        assert_eq!(parse(400, &body).code, Some(variant), "{name} in a body");
    }
    // Ruby's prefixed class names.
    assert_eq!(
        ErrorCode::from_exception("StreamApiResponseDoesNotExistException"),
        Some(ErrorCode::DoesNotExist)
    );
}

#[test]
fn the_numeric_code_wins_over_the_name() {
    // The server reuses code 15 for `BadInputException`; a code always decides.
    let e = parse(
        400,
        r#"{"code": 4, "exception": "DoesNotExistException", "detail": "x"}"#,
    );
    assert_eq!(e.code, Some(ErrorCode::Input));
    let e = parse(400, r#"{"code": 99, "exception": "InputException"}"#);
    assert_eq!(e.code, Some(ErrorCode::Unknown(99)));
}

#[test]
fn unknown_or_odd_names_leave_the_code_unset() {
    for body in [
        r#"{"exception": "SomethingNewException", "detail": "x"}"#,
        r#"{"exception": "", "detail": "x"}"#,
        r#"{"exception": null, "detail": "x"}"#,
        r#"{"exception": 12, "detail": "x"}"#,
        r#"{"detail": "x"}"#,
    ] {
        assert_eq!(parse(400, body).code, None, "{body}");
    }
    assert_eq!(ErrorCode::from_exception("doesnotexistexception"), None);
}
