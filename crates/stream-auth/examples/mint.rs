//! Mints a Stream token from the command line and prints it (only the token) on stdout.
//!
//! The secret comes from the environment variable `STREAM_API_SECRET`.
//!
//! ```text
//! cargo run -p stream-auth --example mint -- user <user_id> [--exp-seconds N] [key=value ...]
//! cargo run -p stream-auth --example mint -- feed <slug:id> [--read-only]
//! cargo run -p stream-auth --example mint -- scope <resource> <action> <feed_id|slug:id|*> [--user-id U]
//! cargo run -p stream-auth --example mint -- server
//! ```
//!
//! In `key=value`, values that parse as JSON numbers or booleans are sent as such (`tier=2`,
//! `admin=true`); everything else is a string. `--exp-seconds N` adds `iat` = now and
//! `exp` = now + N. Exit codes: 0 on success, 2 on a usage error or a missing secret.
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;
use stream_auth::{Action, ApiSecret, FeedScope, Resource, Scope, Signer, Token, UserTokenOptions};

const USAGE: &str = "\
usage: mint user <user_id> [--exp-seconds N] [key=value ...]
       mint feed <slug:id> [--read-only]
       mint scope <resource> <action> <feed_id|slug:id|*> [--user-id <user_id>]
       mint server
The API secret is read from the environment variable STREAM_API_SECRET.";

/// What to mint, parsed from the command line.
#[derive(Debug, Clone, PartialEq)]
enum Command {
    /// A user token.
    User {
        user_id: String,
        exp_seconds: Option<i64>,
        extra: Vec<(String, Value)>,
    },
    /// A feed token (full access, or read-only).
    Feed {
        slug: String,
        id: String,
        read_only: bool,
    },
    /// A scoped server-side token.
    Scope(Scope),
    /// The v2 server token.
    Server,
    /// `-h` / `--help`.
    Help,
}

/// Parses the arguments after the program name.
fn parse_args(args: &[String]) -> Result<Command, String> {
    let Some((kind, rest)) = args.split_first() else {
        return Err("missing token kind".into());
    };
    match kind.as_str() {
        "-h" | "--help" | "help" => Ok(Command::Help),
        "user" => parse_user(rest),
        "feed" => parse_feed(rest),
        "scope" => parse_scope(rest),
        "server" => match rest {
            [] => Ok(Command::Server),
            _ => Err("`server` takes no arguments".into()),
        },
        other => Err(format!("unknown token kind {other:?}")),
    }
}

fn parse_user(args: &[String]) -> Result<Command, String> {
    let mut user_id = None;
    let mut exp_seconds = None;
    let mut extra = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if let Some(n) = arg.strip_prefix("--exp-seconds") {
            let n = match n.strip_prefix('=') {
                Some(n) => n,
                None if n.is_empty() => it.next().ok_or("--exp-seconds needs a value")?,
                None => return Err(format!("unknown option {arg:?}")),
            };
            let n: i64 = n
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("--exp-seconds wants a positive integer, not {n:?}"))?;
            exp_seconds = Some(n);
        } else if arg.starts_with("--") {
            return Err(format!("unknown option {arg:?}"));
        } else if user_id.is_none() {
            user_id = Some(arg.clone());
        } else {
            extra.push(parse_claim(arg)?);
        }
    }
    let user_id = user_id.ok_or("`user` needs a user id")?;
    if user_id.is_empty() {
        return Err("the user id must not be empty".into());
    }
    Ok(Command::User {
        user_id,
        exp_seconds,
        extra,
    })
}

/// `key=value`; numbers and booleans become JSON numbers and booleans.
fn parse_claim(arg: &str) -> Result<(String, Value), String> {
    let (key, value) = arg
        .split_once('=')
        .ok_or_else(|| format!("extra claims are key=value, not {arg:?}"))?;
    if key.is_empty() {
        return Err(format!("empty claim name in {arg:?}"));
    }
    let value = match serde_json::from_str::<Value>(value) {
        Ok(v @ (Value::Number(_) | Value::Bool(_))) => v,
        _ => Value::String(value.to_owned()),
    };
    Ok((key.to_owned(), value))
}

/// `slug:id`, both `[\w-]+`, as the Python client and stream-models' ids validate them.
fn parse_feed_id(feed: &str) -> Result<(String, String), String> {
    // The same rule as stream-models' `FeedSlug` and `UserId` (the Python client's `[\w-]+`).
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    match feed.split_once(':') {
        Some((slug, id))
            if !slug.is_empty()
                && !id.is_empty()
                && slug.chars().all(word)
                && id.chars().all(word) =>
        {
            Ok((slug.to_owned(), id.to_owned()))
        }
        _ => Err(format!("a feed is slug:id (like user:alice), not {feed:?}")),
    }
}

fn parse_feed(args: &[String]) -> Result<Command, String> {
    let mut feed = None;
    let mut read_only = false;
    for arg in args {
        match arg.as_str() {
            "--read-only" => read_only = true,
            a if a.starts_with("--") => return Err(format!("unknown option {a:?}")),
            a if feed.is_none() => feed = Some(parse_feed_id(a)?),
            a => return Err(format!("unexpected argument {a:?}")),
        }
    }
    let (slug, id) = feed.ok_or("`feed` needs a feed id like user:alice")?;
    Ok(Command::Feed {
        slug,
        id,
        read_only,
    })
}

fn parse_scope(args: &[String]) -> Result<Command, String> {
    let mut positional = Vec::new();
    let mut user_id = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--user-id" {
            user_id = Some(it.next().ok_or("--user-id needs a value")?.clone());
        } else if arg.starts_with("--") {
            return Err(format!("unknown option {arg:?}"));
        } else {
            positional.push(arg.as_str());
        }
    }
    let [resource, action, feed] = positional[..] else {
        return Err("`scope` needs <resource> <action> <feed_id|*>".into());
    };
    if resource.is_empty() {
        return Err("the resource must not be empty".into());
    }
    let action = Action::parse(action)
        .ok_or_else(|| format!("action is one of * read write delete, not {action:?}"))?;
    let feed = match feed {
        "*" => FeedScope::All,
        f if f.contains(':') => {
            let (slug, id) = parse_feed_id(f)?;
            FeedScope::feed(&slug, &id)
        }
        "" => return Err("the feed id must not be empty".into()),
        // Already in claim form (`useralice`).
        f => FeedScope::Feed(f.to_owned()),
    };
    let mut scope = Scope::new(Resource::parse(resource), action, feed);
    if let Some(user) = user_id {
        scope = scope.with_user_id(user);
    }
    Ok(Command::Scope(scope))
}

/// Mints the token `command` describes; `now` (Unix seconds) is only used by `--exp-seconds`.
fn mint(signer: &Signer, command: &Command, now: i64) -> Option<Token> {
    Some(match command {
        Command::User {
            user_id,
            exp_seconds,
            extra,
        } => {
            let mut options = UserTokenOptions {
                extra: extra.clone(),
                ..UserTokenOptions::default()
            };
            if let Some(n) = exp_seconds {
                options.iat = Some(now);
                options.exp = Some(now.saturating_add(*n));
            }
            signer.user_token_with(user_id, &options)
        }
        Command::Feed {
            slug,
            id,
            read_only: true,
        } => signer.read_only_feed_token(slug, id),
        Command::Feed { slug, id, .. } => signer.feed_token(slug, id),
        Command::Scope(scope) => signer.scoped(scope),
        Command::Server => signer.server_token(),
        Command::Help => return None,
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse_args(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("mint: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if command == Command::Help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let secret = match std::env::var("STREAM_API_SECRET") {
        Ok(s) if !s.is_empty() => ApiSecret::new(s),
        _ => {
            eprintln!("mint: set STREAM_API_SECRET to your Stream API secret");
            return ExitCode::from(2);
        }
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    if let Some(token) = mint(&Signer::new(&secret), &command, now) {
        println!("{}", token.as_str());
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &str) -> Result<Command, String> {
        let args: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        parse_args(&args)
    }

    fn signer() -> Signer {
        Signer::new(&ApiSecret::new("secret456"))
    }

    fn claims_json(command: &Command, now: i64) -> String {
        let token = mint(&signer(), command, now).unwrap();
        let claims = signer().verify(token.as_str(), now).unwrap();
        serde_json::to_string(claims.as_map()).unwrap()
    }

    #[test]
    fn user_with_typed_extra_claims() {
        let c =
            parse("user alice company=acme tier=2 admin=true ratio=0.5 zip=01234 s=null").unwrap();
        assert_eq!(
            claims_json(&c, 0),
            r#"{"user_id":"alice","company":"acme","tier":2,"admin":true,"ratio":0.5,"zip":"01234","s":"null"}"#
        );
        // The recorded Python token, byte for byte.
        let c = parse("user alice company=acme tier=2").unwrap();
        assert_eq!(
            mint(&signer(), &c, 0).unwrap().as_str(),
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoiYWxpY2UiLCJjb21wYW55IjoiYWNtZSIsInRpZXIiOjJ9.5BQ1WgTJZklMK0M05IsyFPpuU6drNQvkk-Rwqd3xbY0"
        );
    }

    #[test]
    fn user_with_expiry() {
        for args in [
            "user alice --exp-seconds 60 k=v",
            "user alice k=v --exp-seconds=60",
        ] {
            let c = parse(args).unwrap();
            assert_eq!(
                claims_json(&c, 1000),
                r#"{"iat":1000,"user_id":"alice","k":"v","exp":1060}"#
            );
        }
        for bad in [
            "user alice --exp-seconds",
            "user alice --exp-seconds 0",
            "user alice --exp-seconds -5",
            "user alice --exp-seconds x",
            "user alice --exp-secondsx",
            "user alice --nope",
            "user",
            "user alice novalue",
            "user alice =v",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn feed_tokens() {
        let ro = parse("feed user:alice --read-only").unwrap();
        assert_eq!(
            mint(&signer(), &ro, 0).unwrap().as_str(),
            signer().read_only_feed_token("user", "alice").as_str()
        );
        assert_eq!(
            claims_json(&ro, 0),
            r#"{"action":"read","resource":"*","feed_id":"useralice"}"#
        );
        let full = parse("feed timeline:bob-1").unwrap();
        assert_eq!(
            claims_json(&full, 0),
            r#"{"action":"*","resource":"*","feed_id":"timelinebob-1"}"#
        );
        // Dashes are allowed in slugs too, as `FeedSlug` allows them.
        assert!(parse("feed user-x:alice").is_ok());
        for bad in [
            "feed",
            "feed useralice",
            "feed user:",
            "feed :alice",
            "feed us er:alice",
            "feed user:a:b",
            "feed user:alice extra",
            "feed user:alice --write",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn scope_tokens() {
        let c = parse("scope feed read user:alice").unwrap();
        assert_eq!(
            claims_json(&c, 0),
            r#"{"action":"read","resource":"feed","feed_id":"useralice"}"#
        );
        let c = parse("scope collections * * --user-id *").unwrap();
        assert_eq!(
            claims_json(&c, 0),
            r#"{"action":"*","resource":"collections","feed_id":"*","user_id":"*"}"#
        );
        let c = parse("scope feed write useralice").unwrap();
        assert_eq!(
            claims_json(&c, 0),
            r#"{"action":"write","resource":"feed","feed_id":"useralice"}"#
        );
        for bad in [
            "scope",
            "scope feed read",
            "scope feed reads user:alice",
            "scope feed read user:alice extra",
            "scope feed read user:",
            "scope feed read * --user-id",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn server_and_help() {
        assert_eq!(
            claims_json(&parse("server").unwrap(), 0),
            r#"{"server":true}"#
        );
        assert!(parse("server now").is_err());
        assert_eq!(parse("--help").unwrap(), Command::Help);
        assert!(mint(&signer(), &Command::Help, 0).is_none());
        assert!(parse("").is_err());
        assert!(parse("token").is_err());
    }
}
