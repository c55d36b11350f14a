//! Numbered, embedded, forward-only schema migrations, tracked in `PRAGMA user_version`.

use rusqlite::Connection;

use super::{Result, StoreError};

/// Migration N (1-based) is `MIGRATIONS[N - 1]`. Append only; never edit a released one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_milestones.sql"),
    include_str!("migrations/0003_rooms.sql"),
];

pub fn latest() -> u32 {
    MIGRATIONS.len() as u32
}

pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > latest() {
        return Err(StoreError::TooNew { found: current, known: latest() });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as u32 + 1;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
        tracing::info!(version, "store migrated");
    }
    Ok(())
}
