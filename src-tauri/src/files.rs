//! Files the way a desktop app handles them (issue #14 §6): the system's Save and Open dialogs (tauri-plugin-dialog, shown from Rust so the webview holds no dialog or file permission), their fixed answers under WebDriver, "Open" and "Show in folder" for the files this run exported (tauri-plugin-opener, from Rust), and files dropped on the window.
//!
//! Invariants: the webview never names a path that is read or opened: a dropped or picked file is kept here
//! under a number the window quotes back, and Open / Show in folder take only a path this process
//! wrote; a dropped or picked file is read only if it is a regular file within the import's size
//! limit (checked on the open file, so a file that grows meanwhile is refused too).

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::ipc::Channel;
use tauri_plugin_dialog::DialogExt as _;

use crate::dto::{PendingFileDto, ErrorDto};

/// When set, the Save dialog is not shown: the answer is this folder and the suggested name
/// (never overwriting: `-2`, `-3`, … as in the export folder). WebDriver cannot drive a native dialog.
pub const E2E_SAVE_DIR_ENV: &str = "CAUCUS_E2E_SAVE_DIR";
/// When set, the Open dialog is not shown: the answer is the path written in this file when the
/// dialog would open (missing or empty: the person cancelled).
pub const E2E_OPEN_ANSWER_ENV: &str = "CAUCUS_E2E_OPEN_ANSWER";

/// Largest draft file the window imports (`.txt`, `.md`, `.docx`).
pub const MAX_DRAFT_BYTES: u64 = 16 << 20;

/// Errors of picking, reading and opening files; each has a stable code.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("no file was chosen")]
    Cancelled,
    #[error("{name} is not a regular file")]
    NotRegular { name: String },
    #[error("{name} is larger than {limit_mib} MiB")]
    TooLarge { name: String, limit_mib: u64 },
    #[error("{name} could not be read: {source}")]
    Unreadable { name: String, source: std::io::Error },
    #[error("that file is no longer waiting to be imported")]
    NoSuchDrop,
    #[error("Caucus opens and shows only the files it exported")]
    NotExported,
    #[error("the file could not be opened or shown: {0}")]
    Opener(String),
}

impl FileError {
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Cancelled => "file.cancelled",
            FileError::NotRegular { .. } => "file.not_regular",
            FileError::TooLarge { .. } => "file.too_large",
            FileError::Unreadable { .. } => "file.unreadable",
            FileError::NoSuchDrop => "file.no_such_drop",
            FileError::NotExported => "file.not_exported",
            FileError::Opener(_) => "file.open_failed",
        }
    }
}

impl From<FileError> for ErrorDto {
    fn from(err: FileError) -> Self {
        ErrorDto::new(err.code(), err.to_string())
    }
}

/// The file's name as shown to the person (lossy UTF-8, empty if none).
pub fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Reads the file at `path` for an import: a regular file (a link to one counts) of at most `max`
/// bytes, else a coded error. The size is checked on the open file and while reading.
pub fn read_for_import(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    let name = display_name(path);
    let unreadable = |source| FileError::Unreadable { name: name.clone(), source };
    let meta = fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular { name });
    }
    let file = fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular { name });
    }
    let too_large = || FileError::TooLarge { name: name.clone(), limit_mib: max >> 20 };
    if meta.len() > max {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Files dropped on the window or picked in the Open dialog, waiting (under a number) for the
/// window to import them.
#[derive(Default)]
pub struct Drops {
    inner: Mutex<DropsInner>,
}

#[derive(Default)]
struct DropsInner {
    next: u32,
    waiting: HashMap<u32, PathBuf>,
    listener: Option<Channel<PendingFileDto>>,
}

/// How many drops wait at most; an older one is forgotten when more arrive.
const MAX_WAITING_DROPS: usize = 8;

impl Drops {
    /// The window's listener (the last one given replaces the earlier).
    pub fn watch(&self, channel: Channel<PendingFileDto>) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.listener = Some(channel);
        }
    }

    /// Files dropped on the window (the OS gives their paths): the first one waits under a new
    /// number, which the window is told with its name. Returns what the window was told.
    pub fn dropped(&self, paths: &[PathBuf]) -> Option<PendingFileDto> {
        let path = paths.first()?;
        let mut inner = self.inner.lock().ok()?;
        let dto = Self::wait(&mut inner, path, paths.len() > 1);
        match &inner.listener {
            Some(channel) => {
                if channel.send(dto.clone()).is_err() {
                    tracing::warn!("the window did not take the dropped file");
                }
            }
            None => tracing::warn!("a file was dropped before the window listened"),
        }
        Some(dto)
    }

    /// A file picked in the Open dialog: it waits under a new number, returned with its name.
    pub fn picked(&self, path: &Path) -> Result<PendingFileDto, FileError> {
        let mut inner = self.inner.lock().map_err(|_| FileError::NoSuchDrop)?;
        Ok(Self::wait(&mut inner, path, false))
    }

    fn wait(inner: &mut DropsInner, path: &Path, more: bool) -> PendingFileDto {
        inner.next = inner.next.wrapping_add(1);
        let id = inner.next;
        if inner.waiting.len() >= MAX_WAITING_DROPS {
            if let Some(oldest) = inner.waiting.keys().min().copied() {
                inner.waiting.remove(&oldest);
            }
        }
        inner.waiting.insert(id, path.to_path_buf());
        PendingFileDto { id, file_name: display_name(path), more }
    }

    /// The waiting file `id` (once: it stops waiting).
    pub fn take(&self, id: u32) -> Result<PathBuf, FileError> {
        let mut inner = self.inner.lock().map_err(|_| FileError::NoSuchDrop)?;
        inner.waiting.remove(&id).ok_or(FileError::NoSuchDrop)
    }
}

/// The paths this process exported: the only ones "Open" and "Show in folder" act on.
#[derive(Default)]
pub struct Exported {
    paths: Mutex<HashSet<PathBuf>>,
}

impl Exported {
    pub fn remember(&self, path: &Path) {
        if let Ok(mut paths) = self.paths.lock() {
            paths.insert(path.to_path_buf());
        }
    }

    /// `path` as remembered, if this process exported it.
    pub fn check(&self, path: &str) -> Result<PathBuf, FileError> {
        let path = PathBuf::from(path);
        let known = self.paths.lock().map(|p| p.contains(&path)).unwrap_or(false);
        if known {
            Ok(path)
        } else {
            Err(FileError::NotExported)
        }
    }
}

/// Opens an exported file with the system's application for it.
pub fn open_exported(path: &Path) -> Result<(), FileError> {
    tauri_plugin_opener::open_path(path, None::<&str>).map_err(|e| FileError::Opener(e.to_string()))
}

/// Shows an exported file selected in the system's file manager.
pub fn reveal_exported(path: &Path) -> Result<(), FileError> {
    tauri_plugin_opener::reveal_item_in_dir(path).map_err(|e| FileError::Opener(e.to_string()))
}

/// Where a Save dialog put its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveTarget {
    /// The person chose this file (and confirmed replacing it if it existed).
    Chosen(PathBuf),
    /// The WebDriver switch: a new file in this folder, named as suggested (never overwriting).
    NewIn(PathBuf),
}

/// A filter of a file dialog: its label and extensions.
pub struct Filter<'a> {
    pub label: &'a str,
    pub extensions: &'a [&'a str],
}

/// Asks where to save `suggested` (in `folder` first): the system's Save dialog, or the answer
/// [`E2E_SAVE_DIR_ENV`] gives. Run off the main thread (it waits for the dialog).
pub fn ask_save(window: &tauri::WebviewWindow, title: &str, folder: &Path, suggested: &str, filter: &Filter<'_>) -> Result<SaveTarget, FileError> {
    if let Some(dir) = std::env::var_os(E2E_SAVE_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(SaveTarget::NewIn(PathBuf::from(dir)));
    }
    let mut dialog = window.dialog().file().set_parent(window).set_title(title).set_file_name(suggested).add_filter(filter.label, filter.extensions);
    if folder.is_dir() {
        dialog = dialog.set_directory(folder);
    }
    let chosen = dialog.blocking_save_file().ok_or(FileError::Cancelled)?;
    chosen.into_path().map(SaveTarget::Chosen).map_err(|_| FileError::Cancelled)
}

/// Asks which file to open (in `folder` first): the system's Open dialog, or the answer
/// [`E2E_OPEN_ANSWER_ENV`] gives. Run off the main thread (it waits for the dialog).
pub fn ask_open(window: &tauri::WebviewWindow, title: &str, folder: &Path, filter: &Filter<'_>) -> Result<PathBuf, FileError> {
    if let Some(answer) = std::env::var_os(E2E_OPEN_ANSWER_ENV).filter(|d| !d.is_empty()) {
        return e2e_open_answer(&answer);
    }
    let mut dialog = window.dialog().file().set_parent(window).set_title(title).add_filter(filter.label, filter.extensions);
    if folder.is_dir() {
        dialog = dialog.set_directory(folder);
    }
    let chosen = dialog.blocking_pick_file().ok_or(FileError::Cancelled)?;
    chosen.into_path().map_err(|_| FileError::Cancelled)
}

fn e2e_open_answer(answer_file: &OsString) -> Result<PathBuf, FileError> {
    let text = fs::read_to_string(answer_file).unwrap_or_default();
    let path = text.trim();
    if path.is_empty() {
        Err(FileError::Cancelled)
    } else {
        Ok(PathBuf::from(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_regular_file_is_read_within_its_limit() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("Draft resolution.txt");
        fs::write(&file, b"URGES Parties to act").expect("write");
        assert_eq!(read_for_import(&file, MAX_DRAFT_BYTES).expect("read"), b"URGES Parties to act");
        // Exactly at the limit is taken; one byte more is not.
        assert_eq!(read_for_import(&file, 20).expect("at the limit").len(), 20);
        let err = read_for_import(&file, 19).expect_err("over the limit");
        assert_eq!(err.code(), "file.too_large");
    }

    #[test]
    fn a_dropped_folder_or_missing_file_is_refused_with_a_code() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(read_for_import(dir.path(), MAX_DRAFT_BYTES).expect_err("a folder").code(), "file.not_regular");
        assert_eq!(read_for_import(&dir.path().join("gone.txt"), MAX_DRAFT_BYTES).expect_err("missing").code(), "file.unreadable");
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(dir.path(), &link).expect("symlink");
            assert_eq!(read_for_import(&link, MAX_DRAFT_BYTES).expect_err("a link to a folder").code(), "file.not_regular");
            assert_eq!(read_for_import(Path::new("/dev/null"), MAX_DRAFT_BYTES).expect_err("a device").code(), "file.not_regular");
        }
    }

    #[test]
    fn a_drop_waits_under_a_number_and_is_taken_once() {
        let drops = Drops::default();
        assert!(drops.dropped(&[]).is_none(), "nothing dropped, nothing waits");
        let told = drops.dropped(&[PathBuf::from("/tmp/a/Comments of Borealia.xlsx"), PathBuf::from("/tmp/b.csv")]).expect("told");
        assert_eq!(told.file_name, "Comments of Borealia.xlsx");
        assert!(told.more, "the window says only the first of several is imported");
        assert_eq!(drops.take(told.id).expect("waiting"), PathBuf::from("/tmp/a/Comments of Borealia.xlsx"));
        assert_eq!(drops.take(told.id).expect_err("taken").code(), "file.no_such_drop");
        assert_eq!(drops.take(told.id + 1).expect_err("never dropped").code(), "file.no_such_drop");
        for i in 0..(MAX_WAITING_DROPS + 2) {
            drops.dropped(&[PathBuf::from(format!("/tmp/{i}.txt"))]);
        }
        assert_eq!(drops.inner.lock().expect("lock").waiting.len(), MAX_WAITING_DROPS, "old drops are forgotten");
    }

    #[test]
    fn only_exported_files_are_opened_or_shown() {
        let exported = Exported::default();
        assert_eq!(exported.check("/etc/passwd").expect_err("not exported").code(), "file.not_exported");
        exported.remember(Path::new("/home/a/Documents/Caucus/CoP18-2026-11-27.docx"));
        assert!(exported.check("/home/a/Documents/Caucus/CoP18-2026-11-27.docx").is_ok());
        assert_eq!(exported.check("/home/a/Documents/Caucus/../../.bashrc").expect_err("elsewhere").code(), "file.not_exported");
    }

    #[test]
    fn the_e2e_open_answer_is_the_path_in_its_file_or_a_cancel() {
        let dir = tempfile::tempdir().expect("temp dir");
        let answer = dir.path().join("open-answer");
        assert_eq!(e2e_open_answer(&answer.clone().into_os_string()).expect_err("no answer").code(), "file.cancelled");
        fs::write(&answer, "/tmp/eels.txt\n").expect("write");
        assert_eq!(e2e_open_answer(&answer.into_os_string()).expect("answer"), PathBuf::from("/tmp/eels.txt"));
    }
}
