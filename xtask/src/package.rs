//! What each library crate ships: `cargo package --list` holds the library, its README and
//! examples, and none of the repository's test suites, recorded fixtures or benchmarks.
use crate::{env_cargo, workspace_root};
use std::process::Command;

/// The published crates, in dependency order (the order `cargo publish` needs).
pub(crate) const LIBRARY_CRATES: [&str; 6] = [
    "stream-auth",
    "stream-models",
    "stream-core",
    "stream-emulator",
    "stream-blocking",
    "stream-async",
];

/// Directories that stay in the repository: users of a crate never need them.
const REPOSITORY_ONLY: [&str; 3] = ["tests/", "benches/", "fuzz/"];

/// Lists each library crate's package and fails when one holds a repository-only file or lacks
/// its README.
pub(crate) fn check() -> Result<(), String> {
    for krate in LIBRARY_CRATES {
        eprintln!("xtask: cargo package --list -p {krate}");
        let out = Command::new(env_cargo())
            .args([
                "package",
                "--list",
                "--locked",
                "--allow-dirty",
                "-p",
                krate,
            ])
            .current_dir(workspace_root())
            .output()
            .map_err(|e| format!("could not run cargo package: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "`cargo package --list -p {krate}` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        let listing = String::from_utf8_lossy(&out.stdout);
        let files: Vec<&str> = listing.lines().map(str::trim).collect();
        if let Some(bad) = files
            .iter()
            .find(|f| REPOSITORY_ONLY.iter().any(|dir| f.starts_with(dir)))
        {
            return Err(format!(
                "{krate}'s package holds `{bad}`; exclude it in the crate's Cargo.toml"
            ));
        }
        if !files.contains(&"README.md") {
            return Err(format!("{krate}'s package has no README.md"));
        }
    }
    Ok(())
}
