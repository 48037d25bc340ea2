//! A per-client rate limit: a token bucket per client address (IPv6 by its /64, which one
//! household or phone holds). The bucket holds `burst` receipts and refills at `per_second`;
//! the default burst (60) is three full outboxes (a visitor's outbox holds at most 20 receipts,
//! all sent as one page view starts), so a legitimate burst is never refused.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Receipts one client may send at once by default.
pub const DEFAULT_BURST: u32 = 60;
/// Receipts per second a client's bucket refills by default.
pub const DEFAULT_PER_SECOND: f64 = 2.0;
/// Clients tracked before full buckets are forgotten.
const MAX_CLIENTS: usize = 100_000;

/// The limiter; `burst` 0 turns it off.
pub struct RateLimit {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimit {
    /// A limiter of `burst` receipts refilled at `per_second`.
    #[must_use]
    pub fn new(burst: u32, per_second: f64) -> RateLimit {
        RateLimit {
            burst: f64::from(burst),
            per_second: per_second.max(0.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one receipt from `client`'s bucket: `Ok`, or `Err(seconds)` until one is there.
    ///
    /// # Errors
    /// The whole seconds until the client may send again.
    pub fn take(&self, client: IpAddr) -> Result<(), u64> {
        if self.burst <= 0.0 {
            return Ok(());
        }
        let key = bucket_key(client);
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&key) {
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < burst
            });
        }
        let (tokens, at) = buckets.entry(key).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else if self.per_second > 0.0 {
            let wait = ((1.0 - *tokens) / self.per_second).ceil();
            // At most 1/per_second seconds, so small and positive.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let wait = wait.clamp(1.0, 86_400.0) as u64;
            Err(wait)
        } else {
            Err(60)
        }
    }
}

/// The address a bucket belongs to: IPv4 whole, IPv6 by its /64.
fn bucket_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return IpAddr::V4(v4);
            }
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

/// The truncated address a site may choose to keep: IPv4 by its /24, IPv6 by its /48.
#[must_use]
pub fn ip_prefix(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return ip_prefix(IpAddr::V4(v4));
            }
            let s = v6.segments();
            let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0);
            format!("{net}/48")
        }
    }
}
