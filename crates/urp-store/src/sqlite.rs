//! The embedded engine: one file, WAL journal, write transactions begun IMMEDIATE so a
//! read-then-write never fails with SQLITE_BUSY halfway, foreign keys enforced.

use crate::shared::impl_store;
use crate::{ConnectOptions, DatabaseKind, StoreError, StoreResult};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    /// The single writer that stores new cases in batches (group commit).
    pub(crate) intake: tokio::sync::mpsc::Sender<crate::group::Job>,
    pub(crate) cache: crate::cache::RefCache,
}

impl SqliteStore {
    const KIND: DatabaseKind = DatabaseKind::Sqlite;

    pub async fn open(opts: &ConnectOptions) -> StoreResult<Self> {
        let conn = SqliteConnectOptions::from_str(&opts.url)
            .map_err(|e| StoreError::Other(format!("invalid SQLite URL: {e}")))?;
        if let Some(dir) = conn.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Unavailable(format!("cannot create {}: {e}", dir.display())))?;
        }
        let conn = conn
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a case acknowledged to a citizen must survive a power cut.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(opts.max_connections.max(2))
            .acquire_timeout(opts.acquire_timeout.max(std::time::Duration::from_secs(5)))
            .connect_with(conn.clone())
            .await?;
        // The case writer has a connection of its own, so it never queues behind requests
        // for one: every case waiting in its batch would wait too.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(opts.acquire_timeout.max(std::time::Duration::from_secs(5)))
            .connect_with(conn)
            .await?;
        let store = SqliteStore { intake: Self::spawn_intake_writer(writer), pool, cache: Default::default() };
        if opts.migrate {
            store.run_migrations().await?;
        }
        Ok(store)
    }

    pub(crate) async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Self::begin_write_on(&self.pool).await
    }

    pub(crate) async fn begin_write_on(pool: &SqlitePool) -> StoreResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    async fn run_migrations(&self) -> StoreResult<()> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    async fn applied_migrations_current(&self) -> StoreResult<bool> {
        // A database never migrated has no table yet: then nothing is applied.
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = $1")
            .bind(true)
            .fetch_all(&self.pool)
            .await
            .or_else(|e| match e {
                sqlx::Error::Database(_) => Ok(Vec::new()),
                other => Err(other),
            })?;
        Ok(crate::shared::all_applied(&MIGRATOR, &applied))
    }
}

impl_store!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);
crate::cases::impl_case_store!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);
crate::catalogue::impl_catalogue_store!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);
crate::routing::impl_routing_store!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow, "");
