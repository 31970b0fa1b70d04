//! The binary's log: `tracing` events to stderr, one line each, filtered by `RUST_LOG`
//! (`target=level` directives, e.g. `warn,stream_emulator=debug`) over the default
//! `warn,stream_emulator=info`, which shows one line per request. `--quiet` turns the request
//! lines off, whatever `RUST_LOG` says.
use std::str::FromStr;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The filter when `RUST_LOG` is unset.
const DEFAULT_FILTER: &str = "warn,stream_emulator=info";

/// Installs the process-wide subscriber. A `RUST_LOG` that does not parse is reported and the
/// default used instead.
pub fn install(quiet: bool) {
    let mut filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => Targets::from_str(&spec).unwrap_or_else(|e| {
            eprintln!("warning: ignoring RUST_LOG={spec:?} ({e}); using {DEFAULT_FILTER:?}");
            default_filter()
        }),
        _ => default_filter(),
    };
    if quiet {
        filter = filter.with_target(
            stream_emulator::REQUEST_LOG_TARGET,
            tracing::level_filters::LevelFilter::OFF,
        );
    }
    let lines = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(false);
    let _ = tracing_subscriber::registry()
        .with(lines)
        .with(filter)
        .try_init();
}

fn default_filter() -> Targets {
    Targets::from_str(DEFAULT_FILTER).unwrap_or_default()
}
