//! This process's CPU time and memory, read from `/proc/self` (Linux; no libc, no `unsafe`).

/// Clock ticks per second of `/proc/<pid>/stat` times (`USER_HZ`, 100 on every Linux ABI).
const TICKS_PER_SECOND: f64 = 100.0;

/// User + system CPU seconds this process has used so far (all threads, living and exited),
/// at `1 / USER_HZ` (10 ms) resolution: the same figure `getrusage(RUSAGE_SELF)` reports.
pub(crate) fn cpu_seconds() -> Result<f64, String> {
    cpu_times().map(|(user, system)| user + system)
}

/// User and system (kernel) CPU seconds this process has used so far, apart.
pub(crate) fn cpu_times() -> Result<(f64, f64), String> {
    let stat = std::fs::read_to_string("/proc/self/stat")
        .map_err(|e| format!("read /proc/self/stat: {e}"))?;
    // Fields after the `)` that closes the command name start at field 3 (`state`); utime and
    // stime are fields 14 and 15.
    let rest = stat
        .rsplit_once(')')
        .map(|(_, r)| r)
        .ok_or("unexpected /proc/self/stat format")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |n: usize| -> Result<f64, String> {
        fields
            .get(n - 3)
            .and_then(|v| v.parse::<u64>().ok())
            .map(|t| t as f64 / TICKS_PER_SECOND)
            .ok_or_else(|| format!("/proc/self/stat field {n} missing"))
    };
    Ok((field(14)?, field(15)?))
}

/// Peak resident set size (`VmHWM`) in KiB.
pub(crate) fn peak_rss_kib() -> Result<u64, String> {
    status_kib("VmHWM:")
}

fn status_kib(key: &str) -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("read /proc/self/status: {e}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("{key} missing from /proc/self/status"))
}
