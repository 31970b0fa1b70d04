//! A small W3C WebDriver client for tests: starts `chromedriver` on a free 127.0.0.1 port,
//! opens one headless Chromium session and drives it over HTTP (ureq). Every request has a
//! timeout, every wait a bound; dropping the [`Browser`] ends the session and kills the driver
//! (which takes Chromium with it).
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long one WebDriver command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(20);
/// How long the driver may take to come up.
const DRIVER_START: Duration = Duration::from_secs(15);
/// The W3C key of an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running `chromedriver` with one headless Chromium session.
pub struct Browser {
    driver: Child,
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT/session/ID`.
    session: String,
    profile: PathBuf,
}

/// An element of the page.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Browser {
    /// Starts `chromedriver` (found at `driver`) with `chromium` (at `chromium`) in headless
    /// mode, with a throw-away profile.
    pub fn start(driver: &Path, chromium: &Path) -> Result<Self, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let mut command = Command::new(driver);
        // Its own process group: dropping the browser kills the driver and every Chromium
        // process it started, even when the session cannot be closed politely.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", driver.display()))?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(COMMAND_TIMEOUT))
            .build()
            .into();
        let profile = std::env::temp_dir().join(format!(
            "stream-explorer-chromium-{}-{port}",
            std::process::id()
        ));
        let mut browser = Self {
            driver: child,
            agent,
            session: String::new(),
            profile,
        };
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        loop {
            let ready = browser
                .agent
                .get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            if started.elapsed() > DRIVER_START {
                return Err(format!("chromedriver not ready after {DRIVER_START:?}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--window-size=1280,900", "--hide-scrollbars",
                    format!("--user-data-dir={}", browser.profile.display()),
                ],
            },
            "timeouts": {"pageLoad": 15_000, "script": 10_000, "implicit": 0},
        }}});
        let created = browser.call("POST", &format!("{base}/session"), Some(&caps))?;
        let id = created["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {created}"))?;
        browser.session = format!("{base}/session/{id}");
        Ok(browser)
    }

    /// One WebDriver command; its `value`, or the driver's error.
    fn call(&self, method: &str, url: &str, body: Option<&Value>) -> Result<Value, String> {
        let response = match method {
            "GET" => self.agent.get(url).call(),
            "DELETE" => self.agent.delete(url).call(),
            _ => self
                .agent
                .post(url)
                .content_type("application/json")
                .send(body.unwrap_or(&json!({})).to_string()),
        };
        let mut response = response.map_err(|e| format!("{method} {url}: {e}"))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| format!("{method} {url}: {e}"))?;
        let value: Value =
            serde_json::from_str(&text).map_err(|e| format!("{method} {url}: {e}: {text}"))?;
        if status >= 300 {
            return Err(format!("{method} {url}: {status} {}", value["value"]));
        }
        Ok(value["value"].clone())
    }

    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        self.call(method, &format!("{}/{path}", self.session), body)
    }

    /// Loads `url` and waits for it to load.
    pub fn goto(&self, url: &str) -> Result<(), String> {
        self.command("POST", "url", Some(&json!({"url": url})))
            .map(drop)
    }

    /// The current URL.
    pub fn url(&self) -> Result<String, String> {
        let v = self.command("GET", "url", None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    pub fn script(&self, script: &str) -> Result<Value, String> {
        self.command(
            "POST",
            "execute/sync",
            Some(&json!({"script": script, "args": []})),
        )
    }

    /// The page's visible text.
    pub fn text(&self) -> Result<String, String> {
        let v = self.script("return document.body.innerText;")?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// The first element matching the CSS `selector`.
    pub fn find(&self, selector: &str) -> Result<Element, String> {
        let v = self.command(
            "POST",
            "element",
            Some(&json!({"using": "css selector", "value": selector})),
        )?;
        v[ELEMENT_KEY]
            .as_str()
            .map(|id| Element(id.to_owned()))
            .ok_or_else(|| format!("no element {selector}: {v}"))
    }

    /// Clicks `element`.
    pub fn click(&self, element: &Element) -> Result<(), String> {
        self.command("POST", &format!("element/{}/click", element.0), None)
            .map(drop)
    }

    /// Types `text` into `element`.
    pub fn type_text(&self, element: &Element, text: &str) -> Result<(), String> {
        self.command(
            "POST",
            &format!("element/{}/value", element.0),
            Some(&json!({"text": text})),
        )
        .map(drop)
    }

    /// The visible text of `element`.
    pub fn element_text(&self, element: &Element) -> Result<String, String> {
        let v = self.command("GET", &format!("element/{}/text", element.0), None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// A PNG screenshot of the viewport, base64-encoded as the driver sends it.
    pub fn screenshot_base64(&self) -> Result<String, String> {
        let v = self.command("GET", "screenshot", None)?;
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("no screenshot: {v}"))
    }

    /// Polls `check` every 50 ms until it returns true or `limit` passes (a bounded wait).
    pub fn wait_until(
        &self,
        limit: Duration,
        mut check: impl FnMut(&Self) -> Result<bool, String>,
    ) -> Result<bool, String> {
        let started = Instant::now();
        loop {
            if check(self)? {
                return Ok(true);
            }
            if started.elapsed() >= limit {
                return Ok(false);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.call("DELETE", &self.session.clone(), None);
        }
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.driver.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
