//! Vietnam's civil time, in which every date and time is shown and entered.

use chrono::FixedOffset;

/// Returns Vietnam's offset: UTC+7 all year, with no daylight saving time.
pub fn offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}
