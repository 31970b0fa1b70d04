//! Ranked feeds: reads with `ranking=NAME` ordered by the declared formula (exact order and
//! scores, `score_vars`, paging by offset and by id cursor, enriched reads), ranked reaction
//! filters, and the service's 400 `MissingRankingException` for an unknown ranking.

mod http_others_util;

use std::collections::BTreeSet;

use http_others_util::{Client, Resp, assert_error};
use serde_json::{Value, json};
use stream_emulator::{Emulator, Ranking};

fn start() -> (Emulator, Client) {
    let emu = Emulator::builder()
        .ranking(
            "popular",
            Ranking::parse(
                r#"{"score": "popularity * 2 + external.boost",
                    "defaults": {"popularity": 1, "external": {"boost": 0}}}"#,
            )
            .unwrap(),
        )
        .ranking(
            "fresh",
            Ranking::parse("decay_exp(time) + stats.likes").unwrap(),
        )
        .start_blocking()
        .unwrap();
    let c = Client::new(emu.addr());
    (emu, c)
}

/// Adds activities `a0..` to user:alice, one minute apart (oldest first), with these
/// popularities (`None`: no field). Returns their ids.
fn seed(c: &Client, popularity: &[Option<i64>]) -> Vec<String> {
    popularity
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut act = json!({"actor": "alice", "verb": "post", "object": format!("post:{i}"),
                "foreign_id": format!("a{i}"), "time": format!("2024-01-01T00:0{i}:00"),
                "stats": {"likes": i}});
            if let Some(p) = p {
                act["popularity"] = json!(p);
            }
            let r = c.srv("POST", "feed/user/alice/", "", Some(&act));
            assert_eq!(r.status, 200, "{}", r.json());
            r.json()["id"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn ids(r: &Resp) -> Vec<String> {
    let body = r.json();
    assert_eq!(r.status, 200, "{body}");
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["foreign_id"].as_str().unwrap().to_owned())
        .collect()
}

fn scores(r: &Resp) -> Vec<Value> {
    r.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["score"].clone())
        .collect()
}

#[test]
fn ranked_reads_order_by_score_then_time() {
    let (_emu, c) = start();
    seed(&c, &[Some(3), Some(10), None, Some(10), Some(5)]);
    let r = c.srv("GET", "feed/user/alice/", "ranking=popular", None);
    assert_eq!(ids(&r), ["a3", "a1", "a4", "a0", "a2"]);
    assert_eq!(
        scores(&r),
        [json!(20), json!(20), json!(10), json!(6), json!(2)]
    );
    assert_eq!(r.json()["next"], "");
    let first = &r.json()["results"][0];
    assert!(first.get("score_vars").is_none(), "{first}");

    // External variables reach the formula; withScoreVars shows what each score was made of.
    let vars = "ranking_vars=%7B%22boost%22%3A0.5%7D&withScoreVars=true";
    let r = c.srv(
        "GET",
        "feed/user/alice/",
        &format!("ranking=popular&{vars}"),
        None,
    );
    assert_eq!(ids(&r), ["a3", "a1", "a4", "a0", "a2"]);
    let body = r.json();
    assert_eq!(body["results"][0]["score"], 20.5);
    assert_eq!(
        body["results"][0]["score_vars"],
        json!({"popularity": 10, "external.boost": 0.5})
    );
    assert_eq!(
        body["results"][4]["score_vars"],
        json!({"popularity": 1, "external.boost": 0.5}),
        "defaults fill missing fields"
    );

    // A plain read is unchanged: newest first, no score.
    let plain = c.srv("GET", "feed/user/alice/", "", None);
    assert_eq!(ids(&plain), ["a4", "a3", "a2", "a1", "a0"]);
    assert!(plain.json()["results"][0].get("score").is_none());

    // Nested fields and decays: every activity is far older than the decay's scale, so its
    // decay is ~0 and the likes decide.
    let r = c.srv("GET", "feed/user/alice/", "ranking=fresh", None);
    assert_eq!(ids(&r), ["a4", "a3", "a2", "a1", "a0"]);
}

#[test]
fn ranked_reads_page_by_offset_and_by_position() {
    let (_emu, c) = start();
    seed(&c, &[Some(3), Some(10), None, Some(10), Some(5)]);
    let r = c.srv("GET", "feed/user/alice/", "ranking=popular&limit=2", None);
    assert_eq!(ids(&r), ["a3", "a1"]);
    let next = r.json()["next"].as_str().unwrap().to_owned();
    assert_eq!(
        next,
        "/api/v1.0/feed/user/alice/?api_key=key123&limit=2&offset=2&ranking=popular"
    );
    let (path, query) = next.split_once('?').unwrap();
    let query = query.trim_start_matches("api_key=key123&");
    let r = c.srv("GET", path, query, None);
    assert_eq!(ids(&r), ["a4", "a0"]);
    let r = c.srv(
        "GET",
        "feed/user/alice/",
        "ranking=popular&limit=2&offset=4",
        None,
    );
    assert_eq!(ids(&r), ["a2"]);
    assert_eq!(r.json()["next"], "");

    // Id cursors count positions in the ranked order.
    let all = c
        .srv("GET", "feed/user/alice/", "ranking=popular", None)
        .json();
    let id_of = |i: usize| all["results"][i]["id"].as_str().unwrap().to_owned();
    let after = c.srv(
        "GET",
        "feed/user/alice/",
        &format!("ranking=popular&id_lt={}", id_of(1)),
        None,
    );
    assert_eq!(ids(&after), ["a4", "a0", "a2"]);
    let upto = c.srv(
        "GET",
        "feed/user/alice/",
        &format!("ranking=popular&id_gte={}", id_of(1)),
        None,
    );
    assert_eq!(ids(&upto), ["a3", "a1"]);
    let unknown = c.srv(
        "GET",
        "feed/user/alice/",
        "ranking=popular&id_lt=00000000-0000-0000-0000-000000000000",
        None,
    );
    assert_eq!(ids(&unknown), Vec::<String>::new());

    // Enriched reads rank the same way and page with their own path.
    let r = c.srv(
        "GET",
        "enrich/feed/user/alice/",
        "ranking=popular&limit=1&withScoreVars=true",
        None,
    );
    assert_eq!(ids(&r), ["a3"]);
    assert_eq!(
        r.json()["next"],
        "/api/v1.0/enrich/feed/user/alice/?api_key=key123&limit=1&offset=1&ranking=popular&withScoreVars=true"
    );
}

#[test]
fn an_unknown_ranking_is_a_missing_ranking_error() {
    let (_emu, c) = start();
    seed(&c, &[Some(1)]);
    for (path, query) in [
        ("feed/user/alice/", "ranking=nope"),
        ("enrich/feed/user/alice/", "ranking=nope&withScoreVars=true"),
        // Rankings belong to flat feed groups.
        ("feed/aggregated/alice/", "ranking=popular"),
        ("feed/notification/alice/", "ranking=popular"),
        ("reaction/activity_id/some-activity/", "ranking=nope"),
    ] {
        let r = c.srv("GET", path, query, None);
        assert_error(&r, 400, 12);
        let body = r.json();
        assert_eq!(body["exception"], "MissingRankingException", "{body}");
        let keys: BTreeSet<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from(["code", "detail", "duration", "exception", "status_code"]),
            "{body}"
        );
        assert!(
            body["detail"].as_str().unwrap().contains("ranking method"),
            "{body}"
        );
    }
    // Bad ranking variables are still an input error, ranked or not.
    let bad = "ranking=popular&ranking_vars=%5B1%5D";
    assert_error(&c.srv("GET", "feed/user/alice/", bad, None), 400, 4);
}

#[test]
fn ranked_reaction_filters_order_by_the_formula() {
    let emu = Emulator::builder()
        .ranking(
            "weighted",
            Ranking::parse("weight + children_counts.like * 10").unwrap(),
        )
        .start_blocking()
        .unwrap();
    let c = Client::new(emu.addr());
    let act = "11111111-2222-3333-4444-555555555555";
    let mut ids = Vec::new();
    for w in [2, 9, 2, 5] {
        let body = json!({"kind": "comment", "activity_id": act, "user_id": "bob",
            "data": {"weight": w}});
        let r = c.srv("POST", "reaction/", "", Some(&body));
        assert_eq!(r.status, 201, "{}", r.json());
        ids.push(r.json()["id"].as_str().unwrap().to_owned());
    }
    // A liked child lifts the first comment to the top.
    let child = json!({"kind": "like", "parent": ids[0], "user_id": "carol"});
    assert_eq!(c.srv("POST", "reaction/", "", Some(&child)).status, 201);
    let path = format!("reaction/activity_id/{act}/");
    let order = |r: &Resp| -> Vec<String> {
        let body = r.json();
        assert_eq!(r.status, 200, "{body}");
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let pick = |ids: &[String], at: &[usize]| -> Vec<String> {
        at.iter().map(|i| ids[*i].clone()).collect()
    };
    let r = c.srv("GET", &path, "ranking=weighted", None);
    assert_eq!(order(&r), pick(&ids, &[0, 1, 3, 2]));
    let r = c.srv("GET", &path, "ranking=weighted&limit=2", None);
    assert_eq!(order(&r), pick(&ids, &[0, 1]));
    let next = r.json()["next"].as_str().unwrap().to_owned();
    assert!(next.contains(&format!("id_lt={}", ids[1])), "{next}");
    assert!(next.contains("ranking=weighted"), "{next}");
    let r = c.srv(
        "GET",
        &path,
        &format!("ranking=weighted&limit=2&id_lt={}", ids[1]),
        None,
    );
    assert_eq!(order(&r), pick(&ids, &[3, 2]));
    assert_eq!(r.json()["next"], "");
    // Without a ranking: newest first.
    let r = c.srv("GET", &path, "", None);
    assert_eq!(order(&r), pick(&ids, &[3, 2, 1, 0]));
}
