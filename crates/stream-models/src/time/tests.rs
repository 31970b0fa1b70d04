use std::time::{Duration, UNIX_EPOCH};

use super::parse::{days_from_civil, days_in_month};
use super::repr::INLINE;
use super::*;

#[test]
fn times_read_from_responses_keep_their_wire_text_inline_when_short() {
    let canonical = "2024-01-02T03:04:05.678900";
    let exact = "2024-01-02T03:04:05.678900+00:00"; // 32 bytes: the inline limit
    let long = "2024-01-02T03:04:05.678900123+00:00";
    let zulu = "2024-01-02T03:04:05.6789Z";
    assert_eq!(exact.len(), INLINE);
    let want = Timestamp::from_unix(1_704_164_645, 678_900_000);
    for s in [canonical, exact, zulu] {
        let t: Timestamp = serde_json::from_value(serde_json::Value::from(s)).unwrap();
        let from_text: Timestamp = serde_json::from_str(&format!("{s:?}")).unwrap();
        assert_eq!(t, want, "{s}");
        assert_eq!(from_text.as_str(), s);
        assert_eq!(t.as_str(), s);
        assert_eq!(t.clone().into_string(), s);
        assert_eq!(format!("{t}"), s);
        assert_eq!(format!("{t:?}"), format!("Timestamp({s:?})"));
        assert_eq!(serde_json::to_value(&t).unwrap(), s);
        assert!(matches!(t.text, Repr::Inline { .. }));
    }
    let t: Timestamp = serde_json::from_value(serde_json::Value::from(long)).unwrap();
    assert!(matches!(t.text, Repr::Heap(_)));
    assert_eq!(t.as_str(), long);
    assert_eq!(t.clone().into_string(), long);
    assert_eq!(t.to_unix(), (1_704_164_645, 678_900_123));
}

#[test]
fn equality_ordering_and_hashing_follow_the_instant() {
    let a: Timestamp = serde_json::from_str(r#""2024-01-02T03:04:05.678900""#).unwrap();
    let b: Timestamp = serde_json::from_str("1704164645678900000").unwrap();
    let c: Timestamp = serde_json::from_str(r#""2024-01-02T04:04:05.6789+01:00""#).unwrap();
    assert_eq!(a, b);
    assert_eq!(b, c);
    assert_ne!(a.as_str(), c.as_str());
    let set: std::collections::HashSet<Timestamp> = [a.clone(), b, c].into();
    assert_eq!(set.len(), 1);
    let mut times = [
        Timestamp::from_unix_nanos(5),
        a.clone(),
        Timestamp::from_unix_nanos(-5),
    ];
    times.sort();
    assert_eq!(times[0].unix_nanos(), -5);
    assert_eq!(times[2], a);
    assert_eq!(Timestamp::default(), Timestamp::from_unix_seconds(0));
    assert!(serde_json::from_value::<Timestamp>(serde_json::json!(true)).is_err());
    assert!(serde_json::from_value::<Timestamp>(serde_json::json!("soon")).is_err());
}

#[test]
fn civil_dates_round_trip() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(1969, 12, 31), -1);
    assert_eq!(days_from_civil(2024, 2, 29), 19_782);
    assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    assert_eq!(civil_from_days(-719_468), (0, 3, 1));
    // Every day over ±800 years (two full 400-year cycles each way) maps back to itself.
    let mut prev = civil_from_days(-292_500);
    for days in -292_499..292_500 {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days);
        assert!(d >= 1 && d <= days_in_month(y, m));
        assert!((y, m, d) > prev);
        prev = (y, m, d);
    }
}

#[test]
fn formats_like_python() {
    let t = Timestamp::from_unix(1_704_164_645, 678_900_000);
    assert_eq!(t.as_str(), "2024-01-02T03:04:05.678900");
    assert_eq!(
        Timestamp::from_unix(0, 0).as_str(),
        "1970-01-01T00:00:00.000000"
    );
    assert_eq!(
        Timestamp::from_unix(-1, 999_999_999).as_str(),
        "1969-12-31T23:59:59.999999"
    );
    assert_eq!(
        Timestamp::from_unix(0, 2_500_000_000).to_unix(),
        (2, 500_000_000)
    );
    let st = UNIX_EPOCH + Duration::new(1_704_164_645, 678_900_123);
    assert_eq!(Timestamp::from(st).as_str(), "2024-01-02T03:04:05.678900");
    assert_eq!(Timestamp::from(st).subsec_nanos(), 678_900_123);
    let before = UNIX_EPOCH - Duration::new(1, 500_000_000);
    assert_eq!(
        Timestamp::from(before).as_str(),
        "1969-12-31T23:59:58.500000"
    );
    assert_eq!(Timestamp::from_unix_nanos(i64::MIN).unix_nanos(), i64::MIN);
    assert_eq!(Timestamp::from_unix(i64::MAX, 0).unix_nanos(), i64::MAX);
}

#[test]
fn parses_rfc3339_variants() {
    let want = "2024-01-02T03:04:05.678900";
    for s in [
        "2024-01-02T03:04:05.678900",
        "2024-01-02T03:04:05.6789",
        "2024-01-02T03:04:05.678900Z",
        "2024-01-02T03:04:05.678900123Z",
        "2024-01-02 03:04:05.6789",
        "2024-01-02T04:04:05.6789+01:00",
        "2024-01-01T22:04:05.6789-0500",
    ] {
        let t = Timestamp::parse(s).unwrap();
        assert_eq!(t.as_str(), s, "parsing keeps the text");
        assert_eq!(t.normalized().as_str(), want, "{s}");
        assert_eq!(s.parse::<Timestamp>().unwrap().as_str(), s);
        assert_eq!(Timestamp::try_from(s).unwrap(), t);
        assert_eq!(Timestamp::try_from(s.to_owned()).unwrap().as_str(), s);
    }
    assert_eq!(
        Timestamp::parse("2024-01-02T03:04:05Z")
            .unwrap()
            .normalized()
            .as_str(),
        "2024-01-02T03:04:05.000000"
    );
    for bad in [
        "",
        "2024-01-02",
        "2024-13-02T03:04:05",
        "2023-02-29T03:04:05",
        "2024-01-02T24:04:05",
        "2024-01-02T03:04:05.",
        "2024-01-02T03:04:05.1234567890",
        "2024-01-02T03:04:05Zjunk",
        "Tue Jan 02 2024 03:04:05 GMT+0000",
    ] {
        assert!(Timestamp::parse(bad).is_err(), "{bad}");
        assert!(Timestamp::try_from(bad.to_owned()).is_err(), "{bad}");
    }
}

#[test]
fn times_convert_to_system_time_and_back() {
    let t = Timestamp::parse("2024-01-02T03:04:05.678Z").unwrap();
    assert_eq!(t.to_unix(), (1_704_164_645, 678_000_000));
    let st = t.to_system_time().unwrap();
    assert_eq!(SystemTime::try_from(t.clone()).unwrap(), st);
    assert_eq!(Timestamp::from(st), t);
    assert_eq!(Timestamp::from(&t), t);
    assert_eq!(t.as_ref(), "2024-01-02T03:04:05.678Z");
    assert_eq!(Timestamp::from(st).as_ref(), "2024-01-02T03:04:05.678000");
}

#[test]
fn activity_times_go_back_on_the_v1_wire_exactly_as_read() {
    use crate::activity::{Activity, ActivityChange};
    for time in [
        "2024-01-02T03:04:05.678900",
        "2024-01-02T03:04:05",
        "2024-01-02T03:04:05.6789Z",
    ] {
        let body = format!(r#"{{"id":"1","foreign_id":"post:1","time":"{time}"}}"#);
        let a: Activity = serde_json::from_str(&body).unwrap();
        let read = a.time.clone().unwrap();
        assert_eq!(read.as_str(), time);
        assert_eq!(serde_json::to_value(&a).unwrap()["time"], time);
        let change = ActivityChange::by_foreign_id("post:1", read);
        assert_eq!(serde_json::to_value(&change).unwrap()["time"], time);
    }
    let unreadable = r#"{"id":"1","time":"soon"}"#;
    let err = serde_json::from_str::<Activity>(unreadable).unwrap_err();
    assert!(err.to_string().contains("not a timestamp"), "{err}");
}
