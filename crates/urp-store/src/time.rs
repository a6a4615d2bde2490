//! The one canonical form of a timestamp in storage: milliseconds since the Unix epoch, UTC,
//! in a 64-bit integer column on both engines.

use crate::StoreError;
use chrono::{DateTime, Utc};

pub(crate) fn to_db(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_db(ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| StoreError::Corrupt(format!("timestamp {ms} out of range")))
}
