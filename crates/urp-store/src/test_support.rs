//! A fresh, migrated database per test, on the engine `TEST_DATABASE_URL` names:
//! unset means a new SQLite file in a temporary directory; `postgres://…/db` means a new
//! PostgreSQL database created through that server (and dropped when the `TestDb` is dropped).

use crate::{ConnectOptions, DatabaseKind, Store, StoreError, StoreResult};
use sqlx::Connection;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub struct TestDb {
    pub url: String,
    pub store: Arc<dyn Store>,
    _guard: TestDbGuard,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    pub fn engine() -> DatabaseKind {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(u) if DatabaseKind::of(&u) == Some(DatabaseKind::Postgres) => DatabaseKind::Postgres,
            _ => DatabaseKind::Sqlite,
        }
    }

    /// Creates an empty database and returns its URL, without opening a store on it.
    pub async fn empty() -> StoreResult<(String, TestDbGuard)> {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin) if DatabaseKind::of(&admin) == Some(DatabaseKind::Postgres) => {
                let name = format!(
                    "urp_t_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    chrono::Utc::now().timestamp_micros() % 1_000_000_000
                );
                let mut conn = sqlx::PgConnection::connect(&admin).await?;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await?;
                conn.close().await?;
                let mut url = url::Url::parse(&admin).map_err(|e| StoreError::Other(e.to_string()))?;
                url.set_path(&format!("/{name}"));
                Ok((url.to_string(), TestDbGuard { admin_url: Some(admin), name: Some(name), dir: None }))
            }
            _ => {
                let dir = tempfile::tempdir().map_err(|e| StoreError::Other(e.to_string()))?;
                let url = format!("sqlite://{}/urp.db?mode=rwc", dir.path().display());
                Ok((url, TestDbGuard { admin_url: None, name: None, dir: Some(dir) }))
            }
        }
    }

    pub async fn new() -> StoreResult<TestDb> {
        let (url, guard) = Self::empty().await?;
        let mut opts = ConnectOptions::new(url.clone());
        opts.max_connections = 4;
        let store = crate::connect(&opts).await?;
        Ok(TestDb { url, store, _guard: guard })
    }
}

/// Drops the PostgreSQL test database (or removes the SQLite directory) when it goes away.
pub struct TestDbGuard {
    admin_url: Option<String>,
    name: Option<String>,
    // Held only so the SQLite directory lives as long as the database.
    #[allow(dead_code)]
    dir: Option<tempfile::TempDir>,
}

fn drop_database(admin_url: String, name: String) {
    // Drop may run inside or outside a runtime; a short-lived thread with its own runtime works in both.
    let _ = std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        rt.block_on(async move {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                    .execute(&mut conn)
                    .await;
            }
        });
    })
    .join();
}

impl Drop for TestDbGuard {
    fn drop(&mut self) {
        if let (Some(a), Some(n)) = (self.admin_url.take(), self.name.take()) {
            drop_database(a, n);
        }
    }
}
