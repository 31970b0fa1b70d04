//! Snapshot of all apps' data to a JSON file (`--data FILE`) and restore from it.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::state::EmulatorState;

/// File format version.
const VERSION: u64 = 1;

#[derive(Serialize, Deserialize)]
struct SnapshotFile {
    version: u64,
    /// App data by api key.
    apps: HashMap<String, Value>,
}

/// Serialises saves: a periodic save still running when the final one starts must not overwrite
/// it (or share its temporary file).
static SAVING: Mutex<()> = Mutex::new(());

/// Writes every app's data to `path` (atomically: a temporary file, then a rename). Saves run one
/// at a time, so the last one started is the one left on disk.
pub(crate) fn save(state: &EmulatorState, path: &Path) -> std::io::Result<()> {
    let _one_at_a_time = SAVING.lock().unwrap_or_else(|e| e.into_inner());
    let mut apps = HashMap::new();
    for (key, app) in &state.apps {
        let data = serde_json::to_value(&*app.lock()).map_err(std::io::Error::other)?;
        apps.insert(key.clone(), data);
    }
    let bytes = serde_json::to_vec(&SnapshotFile {
        version: VERSION,
        apps,
    })
    .map_err(std::io::Error::other)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// Reads app data from `path`: `Ok(None)` when the file does not exist; an error when it exists but
/// is not a snapshot.
pub(crate) fn load(
    path: &Path,
) -> std::io::Result<Option<HashMap<String, crate::state::AppState>>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let file: SnapshotFile = serde_json::from_slice(&bytes).map_err(std::io::Error::other)?;
    if file.version != VERSION {
        return Err(std::io::Error::other(format!(
            "unsupported snapshot version {}",
            file.version
        )));
    }
    let mut out = HashMap::new();
    for (key, data) in file.apps {
        let state = serde_json::from_value(data)
            .map_err(|e| std::io::Error::other(format!("snapshot of app {key:?}: {e}")))?;
        out.insert(key, state);
    }
    Ok(Some(out))
}
