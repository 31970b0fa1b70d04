//! HTML building blocks: escaping, the page layout (a template compiled into the binary),
//! links and tables. Everything a user or client wrote goes through [`esc`].

use std::fmt::Write as _;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::PREFIX;

/// The page layout: `{{title}}`, `{{nav}}` and `{{body}}` are filled in.
const LAYOUT: &str = include_str!("assets/layout.html");

/// `text` safe inside HTML text and double-quoted attributes.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as one URL path segment or query value (everything but unreserved characters
/// percent-encoded).
pub(crate) fn url_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The `?app=` suffix that keeps links on a non-default app.
pub(crate) fn app_query(app: Option<&str>, first: char) -> String {
    app.map_or_else(String::new, |key| format!("{first}app={}", url_part(key)))
}

/// A link to feed `feed_id` (`slug:user`), or the escaped text when it is not a feed id.
pub(crate) fn feed_link(feed_id: &str, app: Option<&str>) -> String {
    match feed_id.split_once(':') {
        Some((slug, user)) if !slug.is_empty() && !user.is_empty() => format!(
            "<a class=\"feed\" href=\"{PREFIX}/feed/{}/{}{}\">{}</a>",
            url_part(slug),
            url_part(user),
            app_query(app, '?'),
            esc(feed_id)
        ),
        _ => esc(feed_id),
    }
}

/// A JSON value as short text: strings as they are, everything else as JSON.
pub(crate) fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `n` with `one` or `many` (`1 feed`, `3 feeds`).
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A table: a header row and escaped-already cells.
pub(crate) fn table(class: &str, head: &[&str], rows: &[Vec<String>]) -> String {
    if rows.is_empty() {
        return "<p class=\"empty\">None yet.</p>".to_owned();
    }
    let mut out = format!("<table class=\"{class}\"><thead><tr>");
    for h in head {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// Previous/next links for page `page` (0-based) of `total` items, `per_page` a page.
pub(crate) fn pager(base: &str, page: usize, per_page: usize, total: usize) -> String {
    let pages = total.div_ceil(per_page).max(1);
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("<p class=\"pager\">Page {} of {pages} ", page + 1);
    if page > 0 {
        let _ = write!(out, "<a href=\"{base}{sep}page={}\">newer</a> ", page - 1);
    }
    if page + 1 < pages {
        let _ = write!(out, "<a href=\"{base}{sep}page={}\">older</a>", page + 1);
    }
    out.push_str("</p>");
    out
}

/// A whole page: the layout with the navigation (keeping `app`) and `body`.
pub(crate) fn page(title: &str, app: Option<&str>, body: &str) -> Response {
    let q = app_query(app, '?');
    let nav = format!(
        "<a href=\"/{q}\">Home</a><a href=\"{PREFIX}/reactions{q}\">Reactions</a>\
         <a href=\"{PREFIX}/collections{q}\">Collections</a><a href=\"{PREFIX}/users{q}\">Users</a>\
         <a href=\"{PREFIX}/v2{q}\">v2 users &amp; calls</a><a href=\"{PREFIX}/requests\">Requests</a>\
         <a href=\"{PREFIX}/token{q}\">Token inspector</a>"
    );
    let html = LAYOUT
        .replace("{{title}}", &esc(title))
        .replace("{{nav}}", &nav)
        .replace("{{body}}", body);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// A page saying the app is not hosted.
pub(crate) fn unknown_app(app: Option<&str>) -> Response {
    let body = format!(
        "<h1>Unknown app</h1><p>No hosted app has the api key <code>{}</code>.</p>",
        esc(app.unwrap_or(""))
    );
    let mut response = page("Unknown app", None, &body);
    *response.status_mut() = axum::http::StatusCode::NOT_FOUND;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script>&\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;"
        );
        assert_eq!(url_part("a b/c<\""), "a%20b%2Fc%3C%22");
    }

    #[test]
    fn feed_links_escape_both_the_url_and_the_text() {
        let link = feed_link("user:<b>", Some("k&1"));
        assert_eq!(
            link,
            "<a class=\"feed\" href=\"/explorer/feed/user/%3Cb%3E?app=k%261\">user:&lt;b&gt;</a>"
        );
        assert_eq!(feed_link("<nofeed>", None), "&lt;nofeed&gt;");
    }
}
