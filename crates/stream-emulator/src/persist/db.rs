//! The database file: opening it (refusing bad paths, corrupt files and other format versions),
//! reading every app's rows, and committing a batch of changed rows durably.

use std::path::{Path, PathBuf};

use redb::{Database, Durability, ReadableTable, ReadableTableMetadata, TableDefinition};

use super::rows::{Batch, Loader};
use crate::state::AppState;

/// Version of the row layout; a file with another version is refused.
pub(crate) const FORMAT_VERSION: u64 = 1;

/// `name → value` facts about the file (`format_version`).
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// `(api key, kind, key) → JSON`.
const ROWS: TableDefinition<(&str, &str, &str), &[u8]> = TableDefinition::new("rows");
/// `(api key, file id, chunk number) → bytes` of uploaded files.
const FILE_CHUNKS: TableDefinition<(&str, &str, u32), &[u8]> = TableDefinition::new("file_chunks");

/// Size of one stored chunk of a file body: just under 1 MiB, so a chunk with its key and page
/// header fits one 1 MiB database page (redb rounds pages up to powers of two).
pub(crate) const CHUNK: usize = 1024 * 1024 - 1024;

/// An open data file.
pub(crate) struct DataFile {
    db: Database,
    path: PathBuf,
}

impl std::fmt::Debug for DataFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataFile")
            .field("path", &self.path)
            .finish()
    }
}

fn err(path: &Path, what: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("data file {}: {what}", path.display()))
}

impl DataFile {
    /// Opens `path`, creating the file (not its directory) when missing. Errors name the file.
    pub(crate) fn open(path: &Path) -> std::io::Result<Self> {
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(err(path, "its directory does not exist"));
            }
        }
        if path.is_dir() {
            return Err(err(path, "is a directory"));
        }
        let db = Database::create(path).map_err(|e| err(path, format!("cannot open: {e}")))?;
        let file = Self {
            db,
            path: path.to_owned(),
        };
        file.check_version()?;
        Ok(file)
    }

    /// Writes the format version into a new file; refuses a file with another version.
    fn check_version(&self) -> std::io::Result<()> {
        let p = &self.path;
        let txn = self.db.begin_write().map_err(|e| err(p, e))?;
        {
            let mut meta = txn.open_table(META).map_err(|e| err(p, e))?;
            let found = meta
                .get("format_version")
                .map_err(|e| err(p, e))?
                .map(|v| v.value());
            match found {
                Some(FORMAT_VERSION) => {}
                Some(other) => {
                    return Err(err(
                        p,
                        format!(
                            "format version {other} is not supported (this emulator reads \
                             version {FORMAT_VERSION})"
                        ),
                    ));
                }
                None => {
                    let rows = txn.open_table(ROWS).map_err(|e| err(p, e))?;
                    if !rows.is_empty().map_err(|e| err(p, e))? {
                        return Err(err(p, "rows without a format version"));
                    }
                    drop(rows);
                    txn.open_table(FILE_CHUNKS).map_err(|e| err(p, e))?;
                    meta.insert("format_version", FORMAT_VERSION)
                        .map_err(|e| err(p, e))?;
                }
            }
        }
        txn.commit().map_err(|e| err(p, e))
    }

    /// The stored data of the app with this api key (empty when it has none).
    pub(crate) fn load_app(&self, api_key: &str) -> std::io::Result<AppState> {
        let p = &self.path;
        let source = p.display().to_string();
        let txn = self.db.begin_read().map_err(|e| err(p, e))?;
        let rows = txn.open_table(ROWS).map_err(|e| err(p, e))?;
        let mut loader = Loader::new(&source);
        for item in rows.range((api_key, "", "")..).map_err(|e| err(p, e))? {
            let (k, v) = item.map_err(|e| err(p, e))?;
            let (app, kind, key) = k.value();
            if app != api_key {
                break;
            }
            loader
                .row(kind, key, v.value())
                .map_err(std::io::Error::other)?;
        }
        let chunks = txn.open_table(FILE_CHUNKS).map_err(|e| err(p, e))?;
        for item in chunks.range((api_key, "", 0)..).map_err(|e| err(p, e))? {
            let (k, v) = item.map_err(|e| err(p, e))?;
            let (app, id, _) = k.value();
            if app != api_key {
                break;
            }
            loader.file_chunk(id, v.value());
        }
        loader.finish().map_err(std::io::Error::other)
    }

    /// Writes `batch` in one transaction and waits until it is on disk.
    pub(crate) fn commit(&self, batch: &Batch) -> Result<(), String> {
        let mut txn = self.db.begin_write().map_err(|e| e.to_string())?;
        txn.set_durability(Durability::Immediate);
        {
            let mut rows = txn.open_table(ROWS).map_err(|e| e.to_string())?;
            for ((app, kind, key), value) in &batch.rows {
                let k = (app.as_str(), *kind, key.as_str());
                match value {
                    Some(v) => rows.insert(k, v.as_slice()).map(drop),
                    None => rows.remove(k).map(drop),
                }
                .map_err(|e| e.to_string())?;
            }
            let mut chunks = txn.open_table(FILE_CHUNKS).map_err(|e| e.to_string())?;
            for ((app, id), body) in &batch.bodies {
                let (app, id) = (app.as_str(), id.as_str());
                chunks
                    .retain_in((app, id, 0)..=(app, id, u32::MAX), |_, _| false)
                    .map_err(|e| e.to_string())?;
                for (n, chunk) in body.iter().flat_map(|b| b.chunks(CHUNK)).enumerate() {
                    let n = u32::try_from(n).map_err(|e| e.to_string())?;
                    chunks
                        .insert((app, id, n), chunk)
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        txn.commit().map_err(|e| e.to_string())
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}
