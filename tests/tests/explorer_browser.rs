//! The emulator's explorer in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`) driven over WebDriver, against data written through `stream-blocking`.
//! It checks that `/` shows a written activity's message, feed id and actor; that an activity
//! written after the page opened appears without a reload within 2 s; that a feed link leads
//! to the feed's activities, followers and live tail; that the token inspector marks a token
//! signed with another secret invalid; and that user data is never run as markup.
//!
//! The check never passes without running. When `chromium` or `chromedriver` is missing the
//! test **fails**, saying why. Outside CI a developer without them can opt out explicitly with
//! `STREAM_SKIP_BROWSER=1`: the test then passes and prints that it skipped. In CI (`CI` set to
//! anything but `""`, `0` or `false`) the opt-out is ignored (`.ci/run` installs both).
//!
//! `STREAM_EXPLORER_SCREENSHOT=docs/explorer.png` also saves the home page's screenshot there
//! (that is how the README's picture is made).
mod webdriver;

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use base64::Engine as _;
use stream_auth::{ApiSecret, Scope, Signer};
use stream_blocking::models::activity::NewActivity;
use stream_blocking::prelude::*;
use stream_blocking::{Client, Error};
use stream_emulator::Emulator;
use webdriver::Browser;

/// How long a live update may take to show (from the write's answer).
const LIVE_WITHIN: Duration = Duration::from_secs(2);
/// How long a page or the event stream may take to come up (a hang detector, not a target).
const PAGE_WITHIN: Duration = Duration::from_secs(10);

/// What the check is told by its environment.
struct Env {
    ci: bool,
    skip_requested: bool,
}

impl Env {
    fn from_process() -> Self {
        Self {
            ci: std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false")),
            skip_requested: std::env::var("STREAM_SKIP_BROWSER").is_ok_and(|v| v.trim() == "1"),
        }
    }

    /// A skip only when asked for outside CI; otherwise a failure saying why.
    fn cannot_run(&self, why: &str) -> Result<String, String> {
        if self.skip_requested && !self.ci {
            Ok(format!("SKIPPED (STREAM_SKIP_BROWSER=1): {why}"))
        } else if self.ci {
            Err(format!(
                "{why}; CI must run the browser check (.ci/run installs chromium and chromium-driver)"
            ))
        } else {
            Err(format!(
                "{why}; install chromium and chromium-driver (Debian), or set \
                 STREAM_SKIP_BROWSER=1 to skip this check explicitly"
            ))
        }
    }
}

/// The first of `names` that is an executable file on `PATH`.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .filter(|dir| !dir.as_os_str().is_empty())
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|candidate| is_executable(candidate.as_os_str()))
}

fn is_executable(path: &OsStr) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        std::path::Path::new(path).is_file()
    }
}

fn client(emu: &Emulator) -> Client {
    Client::builder(emu.api_key(), emu.api_secret())
        .base_url(emu.base_url())
        .request_timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn post(client: &Client, user: &str, object: &str, message: &str) -> Result<(), Error> {
    let feed = client.feed("user", user)?;
    let activity = NewActivity::new(user, "post", object).custom("message", message);
    client.send(feed.add_activity(activity))?;
    Ok(())
}

/// Writes the scene the pages show: two authors, a follower, a notification.
fn write_scene(client: &Client) -> Result<(), Error> {
    client.send(
        client
            .feed("timeline", "bob")?
            .follow(client.feed("user", "alice")?.id()),
    )?;
    post(client, "alice", "photo:1", "Hello from the SDK")?;
    post(
        client,
        "carol",
        "<img src=x onerror=\"window.__xss=1\">",
        "escaped markup",
    )?;
    let notes = client.feed("notification", "alice")?;
    client.send(notes.add_activity(NewActivity::new("bob", "like", "photo:1")))?;
    Ok(())
}

/// Fails with `what` unless `check` holds within `limit`.
fn expect_within(
    browser: &Browser,
    limit: Duration,
    what: &str,
    check: impl FnMut(&Browser) -> Result<bool, String>,
) -> Result<(), String> {
    if browser.wait_until(limit, check)? {
        Ok(())
    } else {
        let text = browser.text().unwrap_or_default();
        Err(format!(
            "{what} (not within {limit:?}); the page shows:\n{text}"
        ))
    }
}

fn text_has(needle: &'static str) -> impl FnMut(&Browser) -> Result<bool, String> {
    move |b| Ok(b.text()?.contains(needle))
}

/// Waits until the page's event stream is connected.
fn wait_live(browser: &Browser) -> Result<(), String> {
    expect_within(browser, PAGE_WITHIN, "the event stream connects", |b| {
        Ok(b.script("return document.documentElement.getAttribute('data-live');")? == "open")
    })
}

/// The whole check, in one browser session.
fn check(driver: &std::path::Path, chromium: &std::path::Path) -> Result<String, String> {
    let emu = Emulator::start_blocking().map_err(|e| e.to_string())?;
    let client = client(&emu);
    write_scene(&client).map_err(|e| e.to_string())?;
    let browser = Browser::start(driver, chromium)?;
    let base = emu.base_url().to_owned();

    // Home: the written activity, its feed and actor; user data shown as text, never run.
    browser.goto(&format!("{base}/"))?;
    let home = browser.text()?;
    for needle in ["Hello from the SDK", "user:alice", "alice", "key123", "789"] {
        if !home.contains(needle) {
            return Err(format!("the home page lacks {needle:?}:\n{home}"));
        }
    }
    if !home.contains("<img src=x onerror=") {
        return Err(format!(
            "markup in an activity is not shown as text:\n{home}"
        ));
    }
    if browser.script("return window.__xss === undefined;")? != true {
        return Err("an activity's markup ran in the page".to_owned());
    }
    if home.contains(emu.api_secret()) {
        return Err("the home page shows the api secret".to_owned());
    }
    let png = base64::engine::general_purpose::STANDARD
        .decode(browser.screenshot_base64()?)
        .map_err(|e| format!("screenshot is not base64: {e}"))?;
    if !png.starts_with(b"\x89PNG") {
        return Err("the screenshot is not a PNG".to_owned());
    }
    if let Some(path) = std::env::var_os("STREAM_EXPLORER_SCREENSHOT") {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        std::fs::write(root.join(path), &png).map_err(|e| e.to_string())?;
    }

    // Live: an activity written after the page opened shows without a reload.
    wait_live(&browser)?;
    browser.script("window.__samePage = true; return true;")?;
    post(
        &client,
        "dave",
        "post:live",
        "Written after the page opened",
    )
    .map_err(|e| e.to_string())?;
    let written = Instant::now();
    expect_within(
        &browser,
        LIVE_WITHIN,
        "the new activity shows without a reload",
        text_has("Written after the page opened"),
    )?;
    let live_ms = written.elapsed().as_millis();
    if browser.script("return window.__samePage === true;")? != true {
        return Err("the page reloaded instead of updating in place".to_owned());
    }

    // A feed link: the feed's activities, its followers, and its live tail.
    let link = browser.find("a.feed[href='/explorer/feed/user/alice']")?;
    browser.click(&link)?;
    expect_within(&browser, PAGE_WITHIN, "the feed page opens", |b| {
        Ok(b.url()?.ends_with("/explorer/feed/user/alice"))
    })?;
    let feed = browser.text()?;
    for needle in [
        "Feed user:alice",
        "Hello from the SDK",
        "Followers 1",
        "timeline:bob",
    ] {
        if !feed.contains(needle) {
            return Err(format!("the feed page lacks {needle:?}:\n{feed}"));
        }
    }
    wait_live(&browser)?;
    post(&client, "alice", "post:tail", "Tailed").map_err(|e| e.to_string())?;
    expect_within(
        &browser,
        LIVE_WITHIN,
        "the live tail shows the new activity",
        |b| {
            Ok(b.element_text(&b.find("#tail")?)?
                .contains("new alice post post:tail"))
        },
    )?;

    // The token inspector: another secret's token is invalid, this app's is valid.
    let other = Signer::new(&ApiSecret::new("not-this-apps-secret"));
    let mine = Signer::new(&ApiSecret::new(emu.api_secret()));
    for (token, verdict) in [
        (other.scoped(&Scope::all()), "Invalid"),
        (mine.user_token("alice"), "Valid"),
    ] {
        browser.goto(&format!("{base}/explorer/token"))?;
        browser.type_text(&browser.find("#token")?, token.as_str())?;
        browser.click(&browser.find("#inspect")?)?;
        expect_within(&browser, PAGE_WITHIN, "the inspector answers", |b| {
            Ok(b.find("#verdict")
                .and_then(|v| b.element_text(&v))
                .is_ok_and(|t| t.starts_with(verdict)))
        })?;
    }
    drop(browser);
    Ok(format!(
        "explorer browser check passed (live update shown {live_ms} ms after the write answered)"
    ))
}

#[test]
fn the_explorer_shows_the_apps_data_live_in_a_browser() {
    let env = Env::from_process();
    let tools = (
        on_path(&["chromedriver"]),
        on_path(&["chromium", "chromium-browser"]),
    );
    let outcome = match tools {
        (Some(driver), Some(chromium)) => check(&driver, &chromium),
        (None, _) => env.cannot_run("chromedriver is not on PATH"),
        (_, None) => env.cannot_run("chromium is not on PATH"),
    };
    match outcome {
        Ok(line) if line.starts_with("SKIPPED") => eprintln!("{line}"),
        Ok(line) => println!("{line}"),
        Err(why) => panic!("{why}"),
    }
}

#[test]
fn a_missing_browser_fails_in_ci_and_outside_it_unless_the_skip_is_explicit() {
    let ci = Env {
        ci: true,
        skip_requested: true,
    };
    assert!(ci.cannot_run("x").is_err());
    let dev = Env {
        ci: false,
        skip_requested: false,
    };
    assert!(dev.cannot_run("x").is_err());
    let opted_out = Env {
        ci: false,
        skip_requested: true,
    };
    assert!(
        opted_out
            .cannot_run("x")
            .is_ok_and(|l| l.starts_with("SKIPPED"))
    );
}
