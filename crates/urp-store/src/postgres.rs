//! The scaling engine: several stateless app servers share one PostgreSQL. sqlx's migrator
//! takes a PostgreSQL advisory lock, so servers that start together migrate one at a time.

use crate::shared::impl_store;
use crate::{ConnectOptions, DatabaseKind, StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

pub struct PgStore {
    pub(crate) pool: PgPool,
    /// The single writer that stores new cases in batches (group commit).
    pub(crate) intake: tokio::sync::mpsc::Sender<crate::group::Job>,
    pub(crate) cache: crate::cache::RefCache,
}

impl PgStore {
    const KIND: DatabaseKind = DatabaseKind::Postgres;

    pub async fn open(opts: &ConnectOptions) -> StoreResult<Self> {
        let conn = PgConnectOptions::from_str(&opts.url)
            .map_err(|e| StoreError::Other(format!("invalid PostgreSQL URL: {e}")))?;
        // One direct connection first: its error says why (refused, bad password, no such
        // database) where the pool would only report a time-out.
        sqlx::Connection::close(<sqlx::PgConnection as sqlx::Connection>::connect_with(&conn).await?).await?;
        let pool = PgPoolOptions::new()
            .max_connections(opts.max_connections)
            .acquire_timeout(opts.acquire_timeout)
            // A connection that died while the server was away is detected before use,
            // so service resumes by itself when the database returns.
            .test_before_acquire(true)
            .connect_with(conn.clone())
            .await?;
        // The case writer has a connection of its own, so it never queues behind requests
        // for one: every case waiting in its batch would wait too.
        let writer = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(opts.acquire_timeout)
            .test_before_acquire(true)
            .connect_with(conn)
            .await?;
        let store = PgStore { intake: Self::spawn_intake_writer(writer), pool, cache: Default::default() };
        if opts.migrate {
            store.run_migrations().await?;
        }
        Ok(store)
    }

    pub(crate) async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Postgres>> {
        Self::begin_write_on(&self.pool).await
    }

    pub(crate) async fn begin_write_on(pool: &PgPool) -> StoreResult<sqlx::Transaction<'static, sqlx::Postgres>> {
        Ok(pool.begin().await?)
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

impl_store!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
crate::cases::impl_case_store!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
crate::catalogue::impl_catalogue_store!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
crate::routing::impl_routing_store!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow, " FOR UPDATE SKIP LOCKED");
