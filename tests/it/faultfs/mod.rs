//! A fault-injecting SQLite VFS for the tests: a shim over the default unix VFS, registered as the process's default, that passes every call through except on the files under a directory a test armed, where it fails `xSync`, `xWrite` (EIO or a full device) or `xRead`, or cuts the power and later rolls back what was never synced.
//!
//! The suite runs many tests in one process, in parallel: only files whose path lies under an
//! [`Armed`] directory ever see a fault, every other test's I/O goes straight to the unix VFS.
//!
//! Every write to an armed directory's files is recorded (old and new bytes) until the file's
//! next successful `xSync`. After a power cut ([`Plan::PowerCutAtSync`], [`Plan::PowerCutAtWrite`],
//! [`Armed::cut_power`]) every call on those files fails, as on a machine that is off; once the
//! test has closed its store, [`Armed::restore`] puts the files into the state a [`Cut`] leaves on
//! the disk: everything the OS had (a process crash), only what was synced (power loss), or what
//! was synced plus some unsynced writes in order with the next one torn at a sector boundary.
//!
//! Shared memory (`-shm`) is mapped by the unix VFS itself and is not seen here; SQLite rebuilds
//! it from the WAL when the first connection opens a database, which is what makes it safe to lose.

use std::collections::HashMap;
use std::ffi::{c_char, c_int, c_void, CStr, OsStr};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use libsqlite3_sys as ffi;

const VFS_NAME: &CStr = c"caucus-faultfs";
/// Sector size for torn writes: a sector is written whole or not at all.
const SECTOR: usize = 512;

/// What the armed directory's files do from now on. `nth` counts calls of that kind since the
/// plan was set, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Every call passes through (writes are still recorded until synced, for a later cut).
    Pass,
    /// `xSync` fails (`SQLITE_IOERR_FSYNC`) at the `nth` call, and every later one if `sticky`;
    /// the data written stays in the file (the OS may still have it), unsynced.
    SyncFails { nth: usize, sticky: bool },
    /// `xWrite` fails at the `nth` call (nothing of it written), and every later one if `sticky`.
    WriteFails { nth: usize, error: WriteError, sticky: bool },
    /// The device takes `bytes` more bytes: the write that crosses the limit is written in part
    /// and fails, as does every later write, until another plan is set (space freed).
    WriteFailsAfter { bytes: u64, error: WriteError },
    /// `xRead` fails (`SQLITE_IOERR_READ`) at the `nth` call, and every later one if `sticky`.
    ReadFails { nth: usize, sticky: bool },
    /// The power goes at the `nth` `xSync`: it does not happen, and every later call fails.
    PowerCutAtSync { nth: usize },
    /// The power goes at the `nth` `xWrite`: it does not happen, and every later call fails.
    PowerCutAtWrite { nth: usize },
}

/// How a failing write fails: an I/O error (EIO) or a full device (ENOSPC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteError {
    Eio,
    Full,
}

impl WriteError {
    fn code(self) -> c_int {
        match self {
            WriteError::Eio => ffi::SQLITE_IOERR_WRITE,
            WriteError::Full => ffi::SQLITE_FULL,
        }
    }
}

/// What reached the disk of the writes made since each file's last successful sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// The process died but the machine did not: the OS writes every byte it was given.
    Crash,
    /// The power went: every write after a file's last successful sync is lost.
    LoseUnsynced,
    /// The power went: of each file's unsynced writes the first `keep` reached the disk, the
    /// next one only in part (its first half, in whole sectors), the rest not at all.
    Torn { keep: usize },
}

/// A directory whose files see faults, until dropped.
pub struct Armed {
    fault: Arc<Fault>,
}

struct Fault {
    dirs: Vec<PathBuf>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    plan: Option<Plan>,
    reads: usize,
    writes: usize,
    syncs: usize,
    written: u64,
    injected: usize,
    dead: bool,
    unsynced: HashMap<PathBuf, Vec<Entry>>,
}

/// One change to a file since its last sync, with what it replaced.
enum Entry {
    Write { offset: u64, new: Vec<u8>, old: Vec<u8>, len_before: u64 },
    Truncate { size: u64, old_tail: Vec<u8>, len_before: u64 },
}

fn armed_dirs() -> &'static Mutex<Vec<Arc<Fault>>> {
    static ARMED: OnceLock<Mutex<Vec<Arc<Fault>>>> = OnceLock::new();
    ARMED.get_or_init(Mutex::default)
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Arms `dir`: from now on its files (opened before or after) follow the plan, [`Plan::Pass`]
/// at first. Installs the shim as the default VFS on first use.
pub fn arm(dir: &Path) -> Armed {
    install();
    let mut dirs = vec![dir.to_path_buf()];
    if let Ok(canonical) = dir.canonicalize() {
        if canonical != dir {
            dirs.push(canonical);
        }
    }
    let fault = Arc::new(Fault { dirs, state: Mutex::new(State { plan: Some(Plan::Pass), ..State::default() }) });
    lock(armed_dirs()).push(Arc::clone(&fault));
    Armed { fault }
}

impl Armed {
    /// Sets what happens next; the call counts and the byte count start again from zero.
    pub fn set(&self, plan: Plan) {
        let mut st = lock(&self.fault.state);
        st.plan = Some(plan);
        st.reads = 0;
        st.writes = 0;
        st.syncs = 0;
        st.written = 0;
    }

    /// How many calls failed because of a fault (so a test can tell that its fault fired).
    pub fn injected(&self) -> usize {
        lock(&self.fault.state).injected
    }

    /// `(reads, writes, syncs, bytes written)` since the plan was set.
    pub fn counts(&self) -> (usize, usize, usize, u64) {
        let st = lock(&self.fault.state);
        (st.reads, st.writes, st.syncs, st.written)
    }

    /// Whether the power is off (after a cut, until [`Armed::restore`]).
    pub fn is_cut(&self) -> bool {
        lock(&self.fault.state).dead
    }

    /// Cuts the power now: every later call on the directory's files fails.
    pub fn cut_power(&self) {
        lock(&self.fault.state).dead = true;
    }

    /// After a cut, with every connection to the directory's files closed: leaves on disk what
    /// `cut` says reached it, then turns the power back on with [`Plan::Pass`].
    pub fn restore(&self, cut: Cut) {
        let mut st = lock(&self.fault.state);
        assert!(st.dead, "restore follows a power cut");
        for (path, entries) in std::mem::take(&mut st.unsynced) {
            if cut == Cut::Crash || entries.is_empty() {
                continue;
            }
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)
                .unwrap_or_else(|e| panic!("reopen {} to roll back: {e}", path.display()));
            // Back to the state of the last sync …
            for entry in entries.iter().rev() {
                match entry {
                    Entry::Write { offset, old, len_before, .. } => {
                        file.write_all_at(old, *offset).expect("undo a write");
                        file.set_len(*len_before).expect("undo a write's growth");
                    }
                    Entry::Truncate { size, old_tail, len_before } => {
                        file.set_len(*len_before).expect("undo a truncation");
                        file.write_all_at(old_tail, *size).expect("undo a truncation");
                    }
                }
            }
            // … then forward again through what reached the disk.
            if let Cut::Torn { keep } = cut {
                for (i, entry) in entries.iter().enumerate().take(keep + 1) {
                    match entry {
                        Entry::Write { offset, new, .. } => {
                            let kept = if i < keep { new.len() } else { new.len() / 2 / SECTOR * SECTOR };
                            file.write_all_at(&new[..kept], *offset).expect("redo a write");
                        }
                        Entry::Truncate { size, .. } => {
                            if i < keep {
                                file.set_len(*size).expect("redo a truncation");
                            }
                        }
                    }
                }
            }
            file.sync_all().expect("sync the rolled-back file");
        }
        st.dead = false;
        st.plan = Some(Plan::Pass);
        st.reads = 0;
        st.writes = 0;
        st.syncs = 0;
        st.written = 0;
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        lock(armed_dirs()).retain(|f| !Arc::ptr_eq(f, &self.fault));
    }
}

/// The fault covering `path`, if a test armed a directory above it.
fn fault_for(path: &Path) -> Option<Arc<Fault>> {
    lock(armed_dirs()).iter().find(|f| f.dirs.iter().any(|d| path.starts_with(d))).cloned()
}

fn fires(n: usize, nth: usize, sticky: bool) -> bool {
    n == nth || (sticky && n > nth)
}

// --- the VFS ------------------------------------------------------------------------------------

struct Shim {
    real: *mut ffi::sqlite3_vfs,
    header: usize,
}

// SAFETY: the unix VFS object is static in SQLite and never freed; SQLite serializes nothing
// through it that we touch, we only read its function pointers.
unsafe impl Send for Shim {}
unsafe impl Sync for Shim {}

static SHIM: OnceLock<Shim> = OnceLock::new();

/// Our file object: SQLite allocates `szOsFile` bytes, ours first, the unix VFS's right after.
#[repr(C)]
struct FaultFile {
    base: ffi::sqlite3_file,
    real: *mut ffi::sqlite3_file,
    path: *mut PathBuf,
}

fn install() {
    SHIM.get_or_init(|| {
        // SAFETY: plain SQLite calls; the VFS and methods objects are leaked, so they outlive
        // every connection, as `sqlite3_vfs_register` requires.
        unsafe {
            let real = ffi::sqlite3_vfs_find(ptr::null());
            assert!(!real.is_null(), "SQLite has a default VFS");
            let header = std::mem::size_of::<FaultFile>().next_multiple_of(16);
            let vfs = Box::leak(Box::new(ffi::sqlite3_vfs {
                iVersion: 2,
                szOsFile: (*real).szOsFile + header as c_int,
                mxPathname: (*real).mxPathname,
                pNext: ptr::null_mut(),
                zName: VFS_NAME.as_ptr(),
                pAppData: ptr::null_mut(),
                xOpen: Some(x_open),
                xDelete: Some(x_delete),
                xAccess: Some(x_access),
                xFullPathname: Some(x_full_pathname),
                xDlOpen: Some(x_dl_open),
                xDlError: Some(x_dl_error),
                xDlSym: Some(x_dl_sym),
                xDlClose: Some(x_dl_close),
                xRandomness: Some(x_randomness),
                xSleep: Some(x_sleep),
                xCurrentTime: Some(x_current_time),
                xGetLastError: Some(x_get_last_error),
                xCurrentTimeInt64: Some(x_current_time_int64),
                xSetSystemCall: None,
                xGetSystemCall: None,
                xNextSystemCall: None,
            }));
            let shim = Shim { real, header };
            let rc = ffi::sqlite3_vfs_register(vfs, 1);
            assert_eq!(rc, ffi::SQLITE_OK, "register the fault-injecting VFS");
            shim
        }
    });
}

fn shim() -> &'static Shim {
    // Only SQLite calls the functions below, and only after `install` registered them.
    SHIM.get().unwrap_or_else(|| std::process::abort())
}

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    // Version 2: shared memory for WAL, no memory-mapped I/O (every read goes through xRead).
    iVersion: 2,
    xClose: Some(f_close),
    xRead: Some(f_read),
    xWrite: Some(f_write),
    xTruncate: Some(f_truncate),
    xSync: Some(f_sync),
    xFileSize: Some(f_file_size),
    xLock: Some(f_lock),
    xUnlock: Some(f_unlock),
    xCheckReservedLock: Some(f_check_reserved_lock),
    xFileControl: Some(f_file_control),
    xSectorSize: Some(f_sector_size),
    xDeviceCharacteristics: Some(f_device_characteristics),
    xShmMap: Some(f_shm_map),
    xShmLock: Some(f_shm_lock),
    xShmBarrier: Some(f_shm_barrier),
    xShmUnmap: Some(f_shm_unmap),
    xFetch: None,
    xUnfetch: None,
};

unsafe fn c_path(name: *const c_char) -> Option<PathBuf> {
    (!name.is_null()).then(|| PathBuf::from(OsStr::from_bytes(CStr::from_ptr(name).to_bytes())))
}

unsafe extern "C" fn x_open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let shim = shim();
    let f = file.cast::<FaultFile>();
    let real = file.cast::<u8>().add(shim.header).cast::<ffi::sqlite3_file>();
    (*f).base.pMethods = ptr::null();
    (*f).real = real;
    (*f).path = ptr::null_mut();
    (*real).pMethods = ptr::null();
    let Some(open) = (*shim.real).xOpen else { return ffi::SQLITE_CANTOPEN };
    let rc = open(shim.real, name, real, flags, out_flags);
    if rc != ffi::SQLITE_OK {
        if let Some(close) = (*real).pMethods.as_ref().and_then(|m| m.xClose) {
            close(real);
        }
        return rc;
    }
    if let Some(path) = c_path(name) {
        (*f).path = Box::into_raw(Box::new(path));
    }
    (*f).base.pMethods = &METHODS;
    rc
}

unsafe extern "C" fn x_delete(_vfs: *mut ffi::sqlite3_vfs, name: *const c_char, sync_dir: c_int) -> c_int {
    let shim = shim();
    if let Some(path) = c_path(name) {
        if let Some(fault) = fault_for(&path) {
            let mut st = lock(&fault.state);
            if st.dead {
                st.injected += 1;
                return ffi::SQLITE_IOERR_DELETE;
            }
            st.unsynced.remove(&path);
        }
    }
    match (*shim.real).xDelete {
        Some(delete) => delete(shim.real, name, sync_dir),
        None => ffi::SQLITE_IOERR_DELETE,
    }
}

unsafe extern "C" fn x_access(_vfs: *mut ffi::sqlite3_vfs, name: *const c_char, flags: c_int, out: *mut c_int) -> c_int {
    let r = shim().real;
    (*r).xAccess.map_or(ffi::SQLITE_IOERR_ACCESS, |x| x(r, name, flags, out))
}

unsafe extern "C" fn x_full_pathname(_vfs: *mut ffi::sqlite3_vfs, name: *const c_char, n: c_int, out: *mut c_char) -> c_int {
    let r = shim().real;
    (*r).xFullPathname.map_or(ffi::SQLITE_CANTOPEN, |x| x(r, name, n, out))
}

unsafe extern "C" fn x_dl_open(_vfs: *mut ffi::sqlite3_vfs, name: *const c_char) -> *mut c_void {
    let r = shim().real;
    (*r).xDlOpen.map_or(ptr::null_mut(), |x| x(r, name))
}

unsafe extern "C" fn x_dl_error(_vfs: *mut ffi::sqlite3_vfs, n: c_int, out: *mut c_char) {
    let r = shim().real;
    if let Some(x) = (*r).xDlError {
        x(r, n, out);
    }
}

type DlSym = Option<unsafe extern "C" fn(*mut ffi::sqlite3_vfs, *mut c_void, *const c_char)>;

unsafe extern "C" fn x_dl_sym(_vfs: *mut ffi::sqlite3_vfs, handle: *mut c_void, symbol: *const c_char) -> DlSym {
    let r = shim().real;
    (*r).xDlSym.and_then(|x| x(r, handle, symbol))
}

unsafe extern "C" fn x_dl_close(_vfs: *mut ffi::sqlite3_vfs, handle: *mut c_void) {
    let r = shim().real;
    if let Some(x) = (*r).xDlClose {
        x(r, handle);
    }
}

unsafe extern "C" fn x_randomness(_vfs: *mut ffi::sqlite3_vfs, n: c_int, out: *mut c_char) -> c_int {
    let r = shim().real;
    (*r).xRandomness.map_or(0, |x| x(r, n, out))
}

unsafe extern "C" fn x_sleep(_vfs: *mut ffi::sqlite3_vfs, micros: c_int) -> c_int {
    let r = shim().real;
    (*r).xSleep.map_or(0, |x| x(r, micros))
}

unsafe extern "C" fn x_current_time(_vfs: *mut ffi::sqlite3_vfs, out: *mut f64) -> c_int {
    let r = shim().real;
    (*r).xCurrentTime.map_or(ffi::SQLITE_ERROR, |x| x(r, out))
}

unsafe extern "C" fn x_get_last_error(_vfs: *mut ffi::sqlite3_vfs, n: c_int, out: *mut c_char) -> c_int {
    let r = shim().real;
    (*r).xGetLastError.map_or(0, |x| x(r, n, out))
}

unsafe extern "C" fn x_current_time_int64(_vfs: *mut ffi::sqlite3_vfs, out: *mut ffi::sqlite3_int64) -> c_int {
    let r = shim().real;
    (*r).xCurrentTimeInt64.map_or(ffi::SQLITE_ERROR, |x| x(r, out))
}

// --- file methods -------------------------------------------------------------------------------

/// The unix VFS's file and its methods behind one of ours.
unsafe fn real(file: *mut ffi::sqlite3_file) -> (*mut ffi::sqlite3_file, &'static ffi::sqlite3_io_methods) {
    let real = (*file.cast::<FaultFile>()).real;
    match (*real).pMethods.as_ref() {
        Some(m) => (real, m),
        // A file we return from xOpen always has the unix VFS's methods behind it.
        None => std::process::abort(),
    }
}

/// The fault covering this file and its path, if its directory is armed.
unsafe fn armed(file: *mut ffi::sqlite3_file) -> Option<(Arc<Fault>, &'static Path)> {
    let path = (*file.cast::<FaultFile>()).path.as_ref()?;
    Some((fault_for(path)?, path.as_path()))
}

unsafe extern "C" fn f_close(file: *mut ffi::sqlite3_file) -> c_int {
    let (real, m) = real(file);
    let rc = m.xClose.map_or(ffi::SQLITE_OK, |x| x(real));
    let f = file.cast::<FaultFile>();
    if !(*f).path.is_null() {
        drop(Box::from_raw((*f).path));
        (*f).path = ptr::null_mut();
    }
    rc
}

unsafe fn read_real(file: *mut ffi::sqlite3_file, buf: *mut c_void, amt: c_int, off: i64) -> c_int {
    let (real, m) = real(file);
    m.xRead.map_or(ffi::SQLITE_IOERR_READ, |x| x(real, buf, amt, off))
}

unsafe fn file_size(file: *mut ffi::sqlite3_file) -> Option<u64> {
    let (real, m) = real(file);
    let mut size: ffi::sqlite3_int64 = 0;
    let rc = m.xFileSize.map_or(ffi::SQLITE_IOERR_FSTAT, |x| x(real, &mut size));
    (rc == ffi::SQLITE_OK).then_some(size as u64)
}

/// The bytes of `[offset, offset + len)` that exist in the file now (those past its end do not).
unsafe fn existing(file: *mut ffi::sqlite3_file, offset: u64, len: u64, file_len: u64) -> Option<Vec<u8>> {
    let end = (offset + len).min(file_len);
    let n = end.saturating_sub(offset) as usize;
    let mut old = vec![0u8; n];
    if n > 0 && read_real(file, old.as_mut_ptr().cast(), n as c_int, offset as i64) != ffi::SQLITE_OK {
        return None;
    }
    Some(old)
}

unsafe extern "C" fn f_read(file: *mut ffi::sqlite3_file, buf: *mut c_void, amt: c_int, off: ffi::sqlite3_int64) -> c_int {
    if let Some((fault, _)) = armed(file) {
        let mut st = lock(&fault.state);
        if st.dead {
            st.injected += 1;
            return ffi::SQLITE_IOERR_READ;
        }
        st.reads += 1;
        if let Some(Plan::ReadFails { nth, sticky }) = st.plan {
            if fires(st.reads, nth, sticky) {
                st.injected += 1;
                return ffi::SQLITE_IOERR_READ;
            }
        }
    }
    read_real(file, buf, amt, off)
}

unsafe extern "C" fn f_write(file: *mut ffi::sqlite3_file, buf: *const c_void, amt: c_int, off: ffi::sqlite3_int64) -> c_int {
    let (real, m) = real(file);
    let Some(write) = m.xWrite else { return ffi::SQLITE_IOERR_WRITE };
    let Some((fault, path)) = armed(file) else { return write(real, buf, amt, off) };
    let mut st = lock(&fault.state);
    if st.dead {
        st.injected += 1;
        return ffi::SQLITE_IOERR_WRITE;
    }
    st.writes += 1;
    let mut amount = amt.max(0) as u64;
    let mut outcome = ffi::SQLITE_OK;
    match st.plan {
        Some(Plan::WriteFails { nth, error, sticky }) if fires(st.writes, nth, sticky) => {
            st.injected += 1;
            return error.code();
        }
        Some(Plan::PowerCutAtWrite { nth }) if st.writes == nth => {
            st.injected += 1;
            st.dead = true;
            return ffi::SQLITE_IOERR_WRITE;
        }
        Some(Plan::WriteFailsAfter { bytes, error }) => {
            let room = bytes.saturating_sub(st.written);
            if amount > room {
                amount = room;
                outcome = error.code();
                st.injected += 1;
            }
        }
        _ => {}
    }
    if amount > 0 {
        let Some(len_before) = file_size(file) else { return ffi::SQLITE_IOERR_WRITE };
        let Some(old) = existing(file, off as u64, amount, len_before) else { return ffi::SQLITE_IOERR_WRITE };
        let rc = write(real, buf, amount as c_int, off);
        if rc != ffi::SQLITE_OK {
            return rc;
        }
        let new = std::slice::from_raw_parts(buf.cast::<u8>(), amount as usize).to_vec();
        st.unsynced.entry(path.to_path_buf()).or_default().push(Entry::Write { offset: off as u64, new, old, len_before });
        st.written += amount;
    }
    outcome
}

unsafe extern "C" fn f_truncate(file: *mut ffi::sqlite3_file, size: ffi::sqlite3_int64) -> c_int {
    let (real, m) = real(file);
    let Some(truncate) = m.xTruncate else { return ffi::SQLITE_IOERR_TRUNCATE };
    let Some((fault, path)) = armed(file) else { return truncate(real, size) };
    let mut st = lock(&fault.state);
    if st.dead {
        st.injected += 1;
        return ffi::SQLITE_IOERR_TRUNCATE;
    }
    let Some(len_before) = file_size(file) else { return ffi::SQLITE_IOERR_TRUNCATE };
    let size = size.max(0) as u64;
    let Some(old_tail) = existing(file, size, len_before.saturating_sub(size), len_before) else {
        return ffi::SQLITE_IOERR_TRUNCATE;
    };
    let rc = truncate(real, size as i64);
    if rc == ffi::SQLITE_OK {
        st.unsynced.entry(path.to_path_buf()).or_default().push(Entry::Truncate { size, old_tail, len_before });
    }
    rc
}

unsafe extern "C" fn f_sync(file: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    let (real, m) = real(file);
    let Some(sync) = m.xSync else { return ffi::SQLITE_IOERR_FSYNC };
    let Some((fault, path)) = armed(file) else { return sync(real, flags) };
    let mut st = lock(&fault.state);
    if st.dead {
        st.injected += 1;
        return ffi::SQLITE_IOERR_FSYNC;
    }
    st.syncs += 1;
    match st.plan {
        Some(Plan::SyncFails { nth, sticky }) if fires(st.syncs, nth, sticky) => {
            st.injected += 1;
            return ffi::SQLITE_IOERR_FSYNC;
        }
        Some(Plan::PowerCutAtSync { nth }) if st.syncs == nth => {
            st.injected += 1;
            st.dead = true;
            return ffi::SQLITE_IOERR_FSYNC;
        }
        _ => {}
    }
    let rc = sync(real, flags);
    if rc == ffi::SQLITE_OK {
        st.unsynced.remove(path);
    }
    rc
}

unsafe extern "C" fn f_file_size(file: *mut ffi::sqlite3_file, out: *mut ffi::sqlite3_int64) -> c_int {
    let (real, m) = real(file);
    m.xFileSize.map_or(ffi::SQLITE_IOERR_FSTAT, |x| x(real, out))
}

unsafe extern "C" fn f_lock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    let (real, m) = real(file);
    m.xLock.map_or(ffi::SQLITE_IOERR_LOCK, |x| x(real, level))
}

unsafe extern "C" fn f_unlock(file: *mut ffi::sqlite3_file, level: c_int) -> c_int {
    let (real, m) = real(file);
    m.xUnlock.map_or(ffi::SQLITE_IOERR_UNLOCK, |x| x(real, level))
}

unsafe extern "C" fn f_check_reserved_lock(file: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    let (real, m) = real(file);
    m.xCheckReservedLock.map_or(ffi::SQLITE_IOERR_CHECKRESERVEDLOCK, |x| x(real, out))
}

unsafe extern "C" fn f_file_control(file: *mut ffi::sqlite3_file, op: c_int, arg: *mut c_void) -> c_int {
    let (real, m) = real(file);
    m.xFileControl.map_or(ffi::SQLITE_NOTFOUND, |x| x(real, op, arg))
}

unsafe extern "C" fn f_sector_size(file: *mut ffi::sqlite3_file) -> c_int {
    let (real, m) = real(file);
    m.xSectorSize.map_or(SECTOR as c_int, |x| x(real))
}

unsafe extern "C" fn f_device_characteristics(file: *mut ffi::sqlite3_file) -> c_int {
    let (real, m) = real(file);
    m.xDeviceCharacteristics.map_or(0, |x| x(real))
}

unsafe extern "C" fn f_shm_map(file: *mut ffi::sqlite3_file, page: c_int, size: c_int, extend: c_int, out: *mut *mut c_void) -> c_int {
    let (real, m) = real(file);
    m.xShmMap.map_or(ffi::SQLITE_IOERR_SHMMAP, |x| x(real, page, size, extend, out))
}

unsafe extern "C" fn f_shm_lock(file: *mut ffi::sqlite3_file, offset: c_int, n: c_int, flags: c_int) -> c_int {
    let (real, m) = real(file);
    m.xShmLock.map_or(ffi::SQLITE_IOERR_SHMLOCK, |x| x(real, offset, n, flags))
}

unsafe extern "C" fn f_shm_barrier(file: *mut ffi::sqlite3_file) {
    let (real, m) = real(file);
    if let Some(x) = m.xShmBarrier {
        x(real);
    }
}

unsafe extern "C" fn f_shm_unmap(file: *mut ffi::sqlite3_file, delete: c_int) -> c_int {
    let (real, m) = real(file);
    m.xShmUnmap.map_or(ffi::SQLITE_OK, |x| x(real, delete))
}
