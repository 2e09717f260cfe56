//! Online backup and restore of the database file.
//!
//! A backup is `VACUUM INTO`: a consistent, compact copy taken while the database stays in
//! use. A restore replaces the file atomically: the backup is checked to be a Pendulum
//! database, copied beside the target, flushed, and renamed over it, so a crash leaves
//! either the old database or the new one, never half of each.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use pendulum_store::sql::db;
use pendulum_store::{Result, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection};

use crate::SqliteStore;

impl SqliteStore {
    /// Writes a consistent copy of the database to `path`, which must not exist, without
    /// stopping writers for longer than the copy's read transaction.
    pub async fn backup_to(&self, path: &Path) -> Result<()> {
        if path.exists() {
            return Err(StoreError::Invalid(format!(
                "{} exists already; back up to a new file",
                path.display()
            )));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(path.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }
}

/// The file a `sqlite:` URL names.
pub fn file_of(url: &str) -> Result<PathBuf> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Invalid(format!("{url:?} is not a SQLite database URL: {e}")))?;
    Ok(options.get_filename().to_path_buf())
}

/// Checks that `path` is a Pendulum database (it opens read-only, passes SQLite's quick
/// check and has Pendulum's migrations and tables) and returns how many migrations it has.
pub async fn check_backup(path: &Path) -> Result<i64> {
    let not_ours = |why: String| {
        StoreError::Invalid(format!(
            "{} is not a Pendulum database: {why}",
            path.display()
        ))
    };
    if !path.is_file() {
        return Err(not_ours("no such file".into()));
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| not_ours(e.to_string()))?;
    let check: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| not_ours(e.to_string()))?;
    if check != "ok" {
        return Err(not_ours(format!("SQLite's quick check says {check:?}")));
    }
    let migrations: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| not_ours(format!("it has no migrations table ({e})")))?;
    sqlx::query("SELECT count(*) FROM organisations")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| not_ours(format!("it has no organisations ({e})")))?;
    conn.close().await.map_err(db)?;
    if migrations == 0 {
        return Err(not_ours("no migration was ever applied to it".into()));
    }
    Ok(migrations)
}

/// Replaces the database at `target` with the backup at `backup`. Whatever the old file's
/// write-ahead log holds is checkpointed first, and the stale `-wal` and `-shm` files are
/// removed before the rename, so that no frame of the old database is ever applied to the
/// new one. Nothing may use the database meanwhile: stop servers before restoring.
pub async fn restore(backup: &Path, target: &Path) -> Result<()> {
    check_backup(backup).await?;
    let io = |what: &str, path: &Path, e: std::io::Error| {
        StoreError::Invalid(format!("cannot {what} {}: {e}", path.display()))
    };
    if target.exists() {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(SqliteConnectOptions::new().filename(target))
            .await
            .map_err(db)?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&pool)
            .await
            .map_err(db)?;
        pool.close().await;
    }
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pendulum.db".into());
    let temp = dir.join(format!(".{name}.restore-{}", uuid::Uuid::new_v4().simple()));
    let copied = std::fs::copy(backup, &temp)
        .and_then(|_| std::fs::File::open(&temp)?.sync_all())
        .map_err(|e| io("copy the backup to", &temp, e));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    for suffix in ["-wal", "-shm"] {
        let stale = PathBuf::from(format!("{}{suffix}", target.display()));
        match std::fs::remove_file(&stale) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("remove", &stale, e)),
        }
    }
    std::fs::rename(&temp, target).map_err(|e| io("replace", target, e))?;
    // The rename is durable once the directory is.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
