//! `stream-emulator` binary: `cargo run -p stream-emulator -- --port 8000 --api-key K --api-secret S`.

mod cli_log;

use std::net::IpAddr;
use std::time::Duration;

use stream_emulator::{AppCredentials, Emulator, Ranking};
use stream_emulator::{DEFAULT_API_SECRET, SHUTDOWN_GRACE};

/// How long the final stop may take beyond the grace given to open connections.
const STOP_MARGIN: Duration = Duration::from_secs(5);

const USAGE: &str =
    "stream-emulator: a local Stream (getstream.io) server for development and tests

Serves, at http://HOST:PORT:
  /api/v1.0/...               Feeds v1: feeds, activities, follows, reactions, collections,
                              users, files, images, open graph
  /personalization/v1.0/...   personalization, and /analytics/v1.0/... analytics
  /api/v2/...                 v2 server-side API: users, video calls, tokens
  /faye                       realtime feed updates (Bayeux over WebSocket or long-polling)
  /                           the explorer: a live, read-only view of the app's data in a browser

USAGE: stream-emulator [--host 127.0.0.1] [--port 8000] [--api-key key123] [--api-secret secret456]
                       [--app-id 789] [--data FILE] [--rate-limit N/SECONDS] [--quiet]
                       [--explorer on|off] [--ranking NAME=FORMULA]...
                       [--webhook-url http://HOST:PORT/PATH]

  --port PORT              the port to listen on; 0 picks any free port
  --quiet                  no per-request log lines on stderr (by default one line per request:
                           method, path, status, duration, app); RUST_LOG refines the log
                           (e.g. RUST_LOG=warn,stream_emulator=debug)

  --data FILE              keep every app's data in FILE (a database file, created when
                           missing; its directory must exist): a change is answered only
                           once it is on disk, and the next start reads it back
  --rate-limit N/SECONDS   answer 429 after N requests per app in a window of SECONDS
                           (e.g. 100/60); off by default
  --explorer on|off        serve the explorer at / (default on; never shows the api secret)
  --ranking NAME=FORMULA   offer ranking method NAME on every flat feed group (reads with
                           ranking=NAME, and reaction filters): a score formula such as
                           'popularity * 2 + decay_exp(time)' over activity fields, time and
                           external.VAR (ranking_vars), or a JSON ranking config
                           '{\"score\": ..., \"defaults\": {...}, \"functions\": {...}}';
                           repeatable; configuration, not kept by --data
  --webhook-url URL        POST the app's v2 events (call.created, call.ended, ...) to this
                           http:// URL, signed with the api secret (X-Signature); PATCH
                           /api/v2/app can change it";

struct Args {
    host: IpAddr,
    port: u16,
    creds: AppCredentials,
    data: Option<String>,
    rate_limit: Option<(u32, Duration)>,
    quiet: bool,
    explorer: bool,
    rankings: Vec<(String, Ranking)>,
    webhook_url: Option<String>,
}

/// Parses `N/SECONDS` (`100/60`, `5/0.5`).
fn parse_rate_limit(value: &str) -> Result<(u32, Duration), String> {
    let bad = || format!("bad --rate-limit {value:?} (expected N/SECONDS, e.g. 100/60)");
    let (n, secs) = value.split_once('/').ok_or_else(bad)?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    let secs: f64 = secs.trim().parse().map_err(|_| bad())?;
    if n == 0 || !secs.is_finite() || secs <= 0.0 || secs > 86_400.0 {
        return Err(bad());
    }
    Ok((n, Duration::from_secs_f64(secs)))
}

/// Parses `NAME=FORMULA`.
fn parse_ranking(value: &str) -> Result<(String, Ranking), String> {
    let (name, formula) = value
        .split_once('=')
        .filter(|(n, _)| !n.trim().is_empty())
        .ok_or_else(|| format!("bad --ranking {value:?} (expected NAME=FORMULA)"))?;
    let ranking = Ranking::parse(formula).map_err(|e| format!("--ranking {}: {e}", name.trim()))?;
    Ok((name.trim().to_owned(), ranking))
}

/// Resolves on Ctrl-C or (on unix) SIGTERM.
/// Installs the SIGTERM handler now (so a signal that arrives right after start-up is not fatal)
/// and returns a future that resolves on Ctrl-C or SIGTERM.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    async move {
        #[cfg(unix)]
        if let Some(mut term) = term {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: IpAddr::from([127, 0, 0, 1]),
        port: 8000,
        creds: AppCredentials::default(),
        data: None,
        rate_limit: None,
        quiet: false,
        explorer: true,
        rankings: Vec::new(),
        webhook_url: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(String::new());
        }
        if flag == "--quiet" {
            args.quiet = true;
            continue;
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--host" => args.host = value.parse().map_err(|_| format!("bad --host {value:?}"))?,
            "--port" => args.port = value.parse().map_err(|_| format!("bad --port {value:?}"))?,
            "--api-key" => args.creds.api_key = value,
            "--api-secret" => args.creds.api_secret = value,
            "--app-id" => args.creds.app_id = value,
            "--data" => args.data = Some(value),
            "--rate-limit" => args.rate_limit = Some(parse_rate_limit(&value)?),
            "--ranking" => args.rankings.push(parse_ranking(&value)?),
            "--webhook-url" => {
                if !value.starts_with("http://") {
                    return Err(format!(
                        "bad --webhook-url {value:?} (only http:// is delivered)"
                    ));
                }
                args.webhook_url = Some(value);
            }
            "--explorer" => {
                args.explorer = match value.as_str() {
                    "on" => true,
                    "off" => false,
                    _ => return Err(format!("bad --explorer {value:?} (expected on or off)")),
                }
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) if msg.is_empty() => {
            println!("{USAGE}");
            return;
        }
        Err(msg) => {
            eprintln!("error: {msg}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    cli_log::install(args.quiet);
    let mut builder = Emulator::builder()
        .host(args.host)
        .port(args.port)
        .app(args.creds.clone())
        .explorer(args.explorer);
    if let Some(d) = &args.data {
        builder = builder.data_file(d);
    }
    for (name, ranking) in &args.rankings {
        builder = builder.ranking(name.clone(), ranking.clone());
    }
    if let Some(url) = &args.webhook_url {
        builder = builder.webhook_url(url);
    }
    if let Some((n, window)) = args.rate_limit {
        builder = builder.rate_limit(n, window);
    }
    let emulator = match builder.start().await {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} is in use; pass --port 0 for any free port",
                args.port
            );
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            std::process::exit(1);
        }
    };
    let stop_requested = shutdown_signal();
    println!("{}", emulator.base_url());
    // The default demo secret is public; any other secret stays off the terminal.
    let secret = if emulator.api_secret() == DEFAULT_API_SECRET {
        format!("api secret: {DEFAULT_API_SECRET} (the default demo secret)")
    } else {
        "(secret given with --api-secret)".to_owned()
    };
    println!(
        "api key: {}  app id: {}  {secret}",
        emulator.api_key(),
        emulator.app_id()
    );
    if args.explorer {
        println!("explorer: {}/ (open it in a browser)", emulator.base_url());
    }
    stop_requested.await;
    if !emulator.stop(SHUTDOWN_GRACE + STOP_MARGIN).await {
        eprintln!("warning: the emulator did not stop in time");
    }
}
