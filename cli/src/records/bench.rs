//! Load on a receipt service: `senders` threads each post receipts one after the other for a
//! fixed time, to 127.0.0.1 only. `records bench` reports receipts per second; the tests use
//! the same load and then check that every receipt answered 2xx is stored, once.

use std::time::{Duration, Instant};

use consent_gate::core::receipt::sha256_hex;

use super::audit::sample;

/// A load to run.
#[derive(Clone, Debug)]
pub struct Load {
    /// The service's URL (`http://127.0.0.1:PORT/`).
    pub url: String,
    /// The `Origin` to send (one of the service's).
    pub origin: String,
    /// Concurrent senders.
    pub senders: usize,
    /// How long they send.
    pub duration: Duration,
    /// What makes this run's consent ids unique.
    pub seed: String,
}

/// What a load saw.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The consent ids answered 2xx.
    pub acknowledged: Vec<String>,
    /// Answers that were not 2xx (503 while the database is away, …), by status.
    pub refused: Vec<u16>,
    /// Requests that got no answer (connection refused or reset).
    pub unanswered: u64,
    /// Each acknowledged request's time, in microseconds, sorted.
    pub latencies_us: Vec<u64>,
    /// How long the load ran.
    pub elapsed: Duration,
}

impl Outcome {
    /// Acknowledged receipts per second.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn per_second(&self) -> f64 {
        self.acknowledged.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The latency at quantile `q` (0..1), in milliseconds.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn latency_ms(&self, q: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return 0.0;
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = ((self.latencies_us.len() - 1) as f64 * q).round() as usize;
        self.latencies_us[i] as f64 / 1000.0
    }
}

/// A UUID v4 made from `seed` and `n` (distinct for distinct inputs, for tests and loads).
#[must_use]
pub fn uuid_from(seed: &str, n: u64) -> String {
    let h = sha256_hex(format!("{seed}/{n}").as_bytes());
    let variant = ["8", "9", "a", "b"][usize::from(h.as_bytes()[16] % 4)];
    format!(
        "{}-{}-4{}-{variant}{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// Runs `load` on `senders` threads until its time is up.
#[must_use]
pub fn run(load: &Load) -> Outcome {
    let started = Instant::now();
    let threads: Vec<_> = (0..load.senders)
        .map(|t| {
            let load = load.clone();
            std::thread::spawn(move || send_for(&load, t, started))
        })
        .collect();
    let mut total = Outcome::default();
    for handle in threads {
        if let Ok(part) = handle.join() {
            total.acknowledged.extend(part.acknowledged);
            total.refused.extend(part.refused);
            total.unanswered += part.unanswered;
            total.latencies_us.extend(part.latencies_us);
        }
    }
    total.elapsed = started.elapsed();
    total.latencies_us.sort_unstable();
    total
}

fn send_for(load: &Load, thread: usize, started: Instant) -> Outcome {
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut out = Outcome::default();
    let mut n: u64 = 0;
    while started.elapsed() < load.duration {
        n += 1;
        let id = uuid_from(&format!("{}/{thread}", load.seed), n);
        let body = sample(&id, None, "2026-11-25T09:00:00.000Z", "accept-all").to_json();
        let sent = Instant::now();
        let answer = agent
            .post(&load.url)
            .header("origin", &load.origin)
            .content_type("text/plain;charset=UTF-8")
            .send(body.as_str());
        match answer {
            Ok(r) if r.status().is_success() => {
                out.latencies_us
                    .push(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX));
                out.acknowledged.push(id);
            }
            Ok(r) => {
                out.refused.push(r.status().as_u16());
                // A refusal is quick: pause as a browser's outbox would before trying more.
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(_) => {
                out.unanswered += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    out
}
