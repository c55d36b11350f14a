//! Where the app saves exports and how: the export folder, file names from the document symbol and the date, never overwriting, atomic writes.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The environment variable that names the export folder (tests, kiosks, shared drives).
pub const EXPORT_DIR_ENV: &str = "CAUCUS_EXPORT_DIR";

/// Sub-folder of the person's Documents folder that receives exports.
const DOCUMENTS_SUBDIR: &str = "Caucus";

/// Longest file-name stem taken from a symbol, in characters (the date and suffix come on top).
const MAX_STEM_CHARS: usize = 80;

/// How many `-2`, `-3`, … a name may get before the export gives up.
const MAX_SUFFIX: u32 = 999;

/// The export folder: `$CAUCUS_EXPORT_DIR` if set and not empty, else `<Documents>/Caucus`, else
/// `<data dir>/exports` (when the platform has no Documents folder).
pub fn export_dir(env: Option<OsString>, documents: Option<PathBuf>, data_dir: &Path) -> PathBuf {
    if let Some(dir) = env.filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    match documents {
        Some(docs) => docs.join(DOCUMENTS_SUBDIR),
        None => data_dir.join("exports"),
    }
}

/// [`export_dir`] from this process's environment and the platform's user folders.
pub fn export_dir_from_env(data_dir: &Path) -> PathBuf {
    let documents = directories::UserDirs::new().and_then(|dirs| dirs.document_dir().map(Path::to_path_buf));
    export_dir(std::env::var_os(EXPORT_DIR_ENV), documents, data_dir)
}

/// The file-name stem for a document symbol and an RFC 3339 timestamp:
/// `CoP18 Doc. 79.1 Annex` at `2026-11-27T…` gives `CoP18-Doc-79.1-Annex-2026-11-27`.
/// Words are joined by `-`; characters a file name should not hold become `-`; a word's leading
/// and trailing dots go (`Doc.` → `Doc`), so the name never starts with a dot. An empty symbol
/// gives `draft`.
pub fn file_stem(symbol: &str, timestamp: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for word in symbol.split_whitespace() {
        let cleaned: String = word
            .chars()
            .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
            .collect();
        let cleaned = cleaned.trim_matches(|c| c == '.' || c == '-');
        if !cleaned.is_empty() {
            words.push(cleaned.to_string());
        }
    }
    let mut stem = words.join("-");
    while stem.contains("--") {
        stem = stem.replace("--", "-");
    }
    if stem.chars().count() > MAX_STEM_CHARS {
        stem = stem.chars().take(MAX_STEM_CHARS).collect::<String>().trim_end_matches(['.', '-']).to_string();
    }
    if stem.is_empty() {
        stem = "draft".to_string();
    }
    match timestamp.get(..10).filter(|d| is_date(d)) {
        Some(date) => format!("{stem}-{date}"),
        None => stem,
    }
}

/// The file-name stem of the comment table: the draft's stem with `comments` before the date,
/// so that the table and the draft exported on one day stand apart:
/// `CoP18 Doc. 79.1` at `2026-11-27T…` gives `CoP18-Doc-79.1-comments-2026-11-27`.
pub fn table_stem(symbol: &str, timestamp: &str) -> String {
    let stem = format!("{}-comments", file_stem(symbol, ""));
    match timestamp.get(..10).filter(|d| is_date(d)) {
        Some(date) => format!("{stem}-{date}"),
        None => stem,
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// Writes `bytes` into `dir` (made if missing) as `<stem>.<ext>`, or `<stem>-2.<ext>`,
/// `<stem>-3.<ext>`, … when that name is taken: an existing file is never overwritten. The bytes
/// go to a temporary file first, which is synced and then linked (or renamed) into place, so the
/// folder never shows a half-written export. Returns the path written.
pub fn write_new(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let tmp = temp_path(dir, stem, ext);
    let result = write_synced(&tmp, bytes).and_then(|()| place(&tmp, dir, stem, ext));
    // Linking leaves the temporary name behind; a failure leaves it too. Neither is kept.
    let _ = fs::remove_file(&tmp);
    let path = result?;
    sync_dir(dir);
    Ok(path)
}

/// Writes `bytes` as the file at `path`, which the person chose in the Save dialog (and agreed
/// to replace if it existed): to a temporary file beside it first, synced, then renamed over it,
/// so the file is never half-written. Returns the path written.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the chosen path names no file"))?;
    let name = name.to_string_lossy();
    let tmp = temp_path(dir, &name, "save");
    let result = write_synced(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(dir);
    Ok(path.to_path_buf())
}

fn temp_path(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{stem}.{ext}.{}-{n}.tmp", std::process::id()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Gives the temporary file its final name, the first of `stem.ext`, `stem-2.ext`, … that is free.
fn place(tmp: &Path, dir: &Path, stem: &str, ext: &str) -> io::Result<PathBuf> {
    for n in 1..=MAX_SUFFIX {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") };
        let path = dir.join(name);
        // A hard link fails when the name exists, so a file that appears meanwhile is never replaced.
        match fs::hard_link(tmp, &path) {
            Ok(()) => return Ok(path),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) if path.exists() => continue,
            // File systems without hard links: rename, after checking that the name is free.
            Err(_) => {
                fs::rename(tmp, &path)?;
                return Ok(path);
            }
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{MAX_SUFFIX} exports named {stem} exist already")))
}

/// Makes the new directory entry durable too (best effort: not every platform can open a folder).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_comes_from_the_symbol_and_the_date() {
        assert_eq!(file_stem("CoP18 Doc. 79.1 Annex", "2026-11-27T23:50:39Z"), "CoP18-Doc-79.1-Annex-2026-11-27");
        assert_eq!(file_stem("SC70 Doc. 30/Rev.1", "2026-01-02T00:00:00Z"), "SC70-Doc-30-Rev.1-2026-01-02");
        assert_eq!(file_stem("  ", "2026-01-02T00:00:00Z"), "draft-2026-01-02");
        assert_eq!(file_stem("../../etc/passwd", "2026-01-02T00:00:00Z"), "etc-passwd-2026-01-02");
        assert_eq!(file_stem("CoP18 Doc. 79.1", "not a date"), "CoP18-Doc-79.1");
        assert!(file_stem(&"A".repeat(500), "2026-01-02T00:00:00Z").len() <= MAX_STEM_CHARS + 11);
    }

    #[test]
    fn the_comment_table_is_named_after_the_symbol_with_comments_before_the_date() {
        assert_eq!(table_stem("CoP18 Doc. 79.1", "2026-11-27T23:50:39Z"), "CoP18-Doc-79.1-comments-2026-11-27");
        assert_eq!(table_stem("", "2026-01-02T00:00:00Z"), "draft-comments-2026-01-02");
        assert_eq!(table_stem("CoP18 Doc. 79.1", "not a date"), "CoP18-Doc-79.1-comments");
    }

    #[test]
    fn the_export_folder_is_the_env_then_documents_then_the_data_dir() {
        let data = Path::new("/data");
        assert_eq!(export_dir(Some("/tmp/x".into()), Some("/home/a/Documents".into()), data), PathBuf::from("/tmp/x"));
        assert_eq!(export_dir(Some("".into()), Some("/home/a/Documents".into()), data), PathBuf::from("/home/a/Documents/Caucus"));
        assert_eq!(export_dir(None, None, data), PathBuf::from("/data/exports"));
    }

    #[test]
    fn a_chosen_file_is_replaced_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().expect("temp dir");
        let chosen = dir.path().join("Report to SC70.docx");
        fs::write(&chosen, b"the old report, longer than the new one").expect("old");
        assert_eq!(write_replacing(&chosen, b"new").expect("saved"), chosen);
        assert_eq!(fs::read(&chosen).expect("read"), b"new");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind: {names:?}");
        assert!(write_replacing(&dir.path().join("missing").join("x.docx"), b"x").is_err(), "a folder that does not exist is an error, not a new folder");
    }

    #[test]
    fn a_second_export_of_the_same_day_gets_a_suffix_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("Caucus");
        let first = write_new(&folder, "CoP18-2026-11-27", "docx", b"one").expect("first");
        let second = write_new(&folder, "CoP18-2026-11-27", "docx", b"two").expect("second");
        let third = write_new(&folder, "CoP18-2026-11-27", "docx", b"three").expect("third");
        assert_eq!(first, folder.join("CoP18-2026-11-27.docx"));
        assert_eq!(second, folder.join("CoP18-2026-11-27-2.docx"));
        assert_eq!(third, folder.join("CoP18-2026-11-27-3.docx"));
        assert_eq!(fs::read(&first).expect("read"), b"one");
        assert_eq!(fs::read(&third).expect("read"), b"three");
        let names: Vec<_> = fs::read_dir(&folder).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 3, "no temporary file is left behind: {names:?}");
    }
}
