//! When to try a request again and how long to wait: full-jitter exponential backoff, the
//! server's `Retry-After` honoured up to a cap, and a pacer that keeps the whole run under a
//! requests-per-second rate.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// How failed requests are retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: never retry).
    pub max_retries: u32,
    /// The first backoff ceiling; it doubles on every retry.
    pub base: Duration,
    /// The largest backoff ceiling.
    pub cap: Duration,
    /// The longest `Retry-After` waited for; a longer one stops the run.
    pub retry_after_cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 4,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
            retry_after_cap: Duration::from_secs(60),
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delay {
    /// Wait this long, then try again.
    Wait(Duration),
    /// The server asks for a wait longer than the cap.
    TooLong(Duration),
}

impl RetryPolicy {
    /// The delay before retry number `retry` (0 for the first retry): the server's
    /// `Retry-After` when it gave one, else a uniform random wait in
    /// `0..=min(cap, base * 2^retry)` (full jitter).
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Delay {
        if let Some(after) = retry_after {
            if after > self.retry_after_cap {
                return Delay::TooLong(after);
            }
            return Delay::Wait(after);
        }
        let ceiling = self
            .base
            .saturating_mul(2u32.saturating_pow(retry.min(30)))
            .min(self.cap);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Delay::Wait(Duration::from_nanos(fastrand::u64(0..=nanos)))
    }
}

/// Spaces request starts at least `1 / rate` seconds apart across every task of a run.
#[derive(Debug)]
pub struct Pacer {
    interval: Option<Duration>,
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    /// `rate` in requests per second; `None` (or a non-positive rate) means no limit.
    pub fn new(rate: Option<f64>) -> Pacer {
        let interval = rate
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| Duration::from_secs_f64(1.0 / r));
        Pacer {
            interval,
            next: Mutex::new(None),
        }
    }

    /// Wait for the next free slot.
    pub async fn wait(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let slot = {
            let mut next = match self.next.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_under_the_exponential_ceiling() {
        let p = RetryPolicy::default();
        for retry in 0..8 {
            let ceiling = (p.base * 2u32.pow(retry)).min(p.cap);
            for _ in 0..50 {
                match p.delay(retry, None) {
                    Delay::Wait(d) => assert!(d <= ceiling, "{d:?} > {ceiling:?}"),
                    Delay::TooLong(_) => panic!("no Retry-After given"),
                }
            }
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(2))),
            Delay::Wait(Duration::from_secs(2))
        );
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(600))),
            Delay::TooLong(Duration::from_secs(600))
        );
    }

    #[tokio::test]
    async fn pacer_spaces_requests() {
        let pacer = Pacer::new(Some(50.0));
        let start = Instant::now();
        for _ in 0..5 {
            pacer.wait().await;
        }
        // Four gaps of 20 ms after the first, immediate, slot.
        assert!(start.elapsed() >= Duration::from_millis(80));
    }
}
