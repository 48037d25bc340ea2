//! How long receipts are kept. A decision lasts `expiryDays` (the embed's default: 182 days;
//! the receipt does not say, so it is a setting here), and its receipt is kept a further
//! retention period after that (default 365 days, "12 months after the decision's expiry",
//! as the commercial CMPs keep them). Age is counted from when the service received the
//! receipt (the server's clock, which a visitor cannot set), so a receipt is deleted once
//! `expiry + retention` days have passed since then. Pruning deletes a prefix of the chain
//! and keeps the last deleted row's hash as the checkpoint, so `verify` still passes.

use consent_gate::core::time::{DAY_MS, Timestamp};

/// The embed's default `expiryDays`.
pub const DEFAULT_EXPIRY_DAYS: u32 = 182;
/// Kept this long after the decision's expiry by default (12 months).
pub const DEFAULT_RETENTION_DAYS: u32 = 365;

/// The retention settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// How long a decision lasts (the site's `expiryDays`).
    pub expiry_days: u32,
    /// How long its receipt is kept after that.
    pub retention_days: u32,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            expiry_days: DEFAULT_EXPIRY_DAYS,
            retention_days: DEFAULT_RETENTION_DAYS,
        }
    }
}

impl Retention {
    /// Receipts received before this instant are due for deletion at `now`.
    #[must_use]
    pub fn cutoff(self, now: Timestamp) -> Timestamp {
        let days = u64::from(self.expiry_days) + u64::from(self.retention_days);
        Timestamp(now.0.saturating_sub(days.saturating_mul(DAY_MS)))
    }
}
