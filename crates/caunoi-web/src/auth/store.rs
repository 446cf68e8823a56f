//! The session store: tower-sessions records kept in the `sessions` table, so that
//! several app instances share them.

use async_trait::async_trait;
use caunoi_db::{Db, security};
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
}

impl DbSessionStore {
    pub fn new(db: Db) -> DbSessionStore {
        DbSessionStore { db }
    }
}

fn backend(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

fn expiry_ms(record: &Record) -> i64 {
    (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let data = serde_json::to_string(record).map_err(backend)?;
            if security::create_session(&self.db, &record.id.to_string(), &data, expiry_ms(record))
                .await
                .map_err(backend)?
            {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = serde_json::to_string(record).map_err(backend)?;
        security::save_session(&self.db, &record.id.to_string(), &data, expiry_ms(record)).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(data) = security::load_session(&self.db, &id.to_string()).await.map_err(backend)? else {
            return Ok(None);
        };
        let record: Record = serde_json::from_str(&data).map_err(backend)?;
        Ok((record.expiry_date > OffsetDateTime::now_utc()).then_some(record))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        security::delete_session(&self.db, &id.to_string()).await.map_err(backend)
    }
}
