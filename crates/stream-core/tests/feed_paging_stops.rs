//! Feed paging ends instead of looping when a (misbehaving) service keeps pointing at the page
//! just read: a paginator driving `next_page` must terminate.
use stream_core::endpoints::feed::GetFeed;
use stream_core::models::feed::FeedPage;
use stream_core::{ApiSecret, Config, Endpoint, FeedId, Paginated};

fn config() -> Config {
    Config::builder("key", ApiSecret::new("secret"))
        .build()
        .expect("config")
}

fn read() -> GetFeed {
    GetFeed::new(FeedId::parse("user:alice").expect("feed id"))
}

fn page(ids: &[&str], next: Option<&str>) -> FeedPage {
    let results: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| serde_json::json!({ "id": id }))
        .collect();
    serde_json::from_value(serde_json::json!({ "results": results, "next": next })).expect("page")
}

/// The value of `name` in the query the request would send.
fn query(read: &GetFeed, name: &str) -> Option<String> {
    let spec = read.spec(&config()).expect("spec");
    spec.query
        .into_iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Drives `next_page` as the facades' paginators do, with the service answering every request
/// with `answer`; returns how many pages were requested (bounded, so a loop fails the test).
fn pages_read(first: GetFeed, answer: impl Fn(&GetFeed) -> FeedPage) -> usize {
    let mut current = first;
    for n in 1..=50 {
        let last = answer(&current);
        match current.next_page(&last) {
            Some(next) => current = next,
            None => return n,
        }
    }
    panic!("paging did not stop after 50 pages");
}

#[test]
fn a_next_link_naming_the_current_id_lt_ends_paging() {
    let current = read().limit(2).id_lt("b");
    let same = "/api/v1.0/feed/user/alice/?api_key=key&id_lt=b&limit=2";
    assert!(
        current
            .next_page(&page(&["a1", "a0"], Some(same)))
            .is_none(),
        "a link back to id_lt=b must not be followed"
    );
    // Percent-encoded, it is still the same cursor.
    let current = read().limit(2).id_lt("x:1");
    let encoded = "/api/v1.0/feed/user/alice/?id_lt=x%3A1&limit=2";
    assert!(
        current
            .next_page(&page(&["a", "b"], Some(encoded)))
            .is_none()
    );
    // A new cursor is followed.
    let next = read()
        .limit(2)
        .id_lt("b")
        .next_page(&page(
            &["a1", "a0"],
            Some("/api/v1.0/feed/user/alice/?id_lt=a0&limit=2"),
        ))
        .expect("a new cursor is followed");
    assert_eq!(query(&next, "id_lt").as_deref(), Some("a0"));
}

#[test]
fn a_next_link_naming_the_current_or_an_earlier_offset_ends_paging() {
    let current = read().ranking("popularity").offset(25);
    for stale in ["offset=25", "offset=0", "offset=10"] {
        let link = format!("/api/v1.0/feed/user/alice/?{stale}&limit=25");
        assert!(
            current.next_page(&page(&["a"], Some(&link))).is_none(),
            "{stale} must not be followed from offset 25"
        );
    }
    // No offset on the request means offset 0: a link to offset=0 is the same page.
    let first = read().ranking("popularity");
    assert!(
        first
            .next_page(&page(&["a"], Some("/api/v1.0/feed/user/alice/?offset=0")))
            .is_none()
    );
    let next = current
        .next_page(&page(&["a"], Some("/api/v1.0/feed/user/alice/?offset=50")))
        .expect("a later offset is followed");
    assert_eq!(query(&next, "offset").as_deref(), Some("50"));
}

#[test]
fn an_empty_page_ends_paging_even_with_a_next_link() {
    let link = "/api/v1.0/feed/user/alice/?id_lt=zzz&limit=25";
    assert!(read().next_page(&page(&[], Some(link))).is_none());
    assert!(read().id_lt("b").next_page(&page(&[], None)).is_none());
}

#[test]
fn without_a_link_a_page_ending_at_the_current_cursor_ends_paging() {
    // A full page whose last id is the cursor just used: reading `id_lt` = that id again loops.
    let current = read().limit(2).id_lt("a");
    assert!(current.next_page(&page(&["b", "a"], None)).is_none());
}

#[test]
fn a_paginator_over_a_server_that_repeats_itself_terminates() {
    // The service ignores the cursor and always sends the same page and link.
    let stuck = |_: &GetFeed| {
        page(
            &["c", "b"],
            Some("/api/v1.0/feed/user/alice/?api_key=key&id_lt=b&limit=2"),
        )
    };
    assert_eq!(pages_read(read().limit(2), stuck), 2);

    // Same, without a link: the last id is repeated.
    let no_link = |_: &GetFeed| page(&["c", "b"], None);
    assert_eq!(pages_read(read().limit(2), no_link), 2);

    // Offset paging on a server that always answers offset=25.
    let stuck_offset = |_: &GetFeed| {
        page(
            &["a"],
            Some("/api/v1.0/feed/user/alice/?offset=25&limit=25"),
        )
    };
    assert_eq!(pages_read(read().ranking("r").offset(0), stuck_offset), 2);

    // A well-behaved server: three pages, then an empty link.
    let honest = |r: &GetFeed| match query(r, "id_lt").as_deref() {
        None => page(&["f", "e"], Some("/api/v1.0/feed/user/alice/?id_lt=e")),
        Some("e") => page(&["d", "c"], Some("/api/v1.0/feed/user/alice/?id_lt=c")),
        _ => page(&["b", "a"], Some("")),
    };
    assert_eq!(pages_read(read().limit(2), honest), 3);
}
