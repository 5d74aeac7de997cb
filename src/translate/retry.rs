//! When to try a request again and how long to wait: full-jitter exponential backoff, the
//! server's `Retry-After` honoured up to a cap, and the limits of the pool-wide controller
//! ([`super::control`]): how long rate limits are borne without progress, and after how many
//! failures in a row the circuit opens.

use std::time::Duration;

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
    /// Rate limits (HTTP 429) are retried until the run has gone this long without storing
    /// anything.
    pub rate_limit_wait: Duration,
    /// Failures in a row across the pool (429s not counted) after which only one request is
    /// in flight at a time, a probe; `max_retries` failed probes more stop the run.
    pub breaker: u32,
    /// At the first rate limit of a run, the rate requests were starting at is measured over
    /// at least this long (and at most twice as long).
    pub rate_window: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 4,
            base: Duration::from_millis(500),
            cap: Duration::from_secs(30),
            retry_after_cap: Duration::from_secs(60),
            rate_limit_wait: Duration::from_secs(300),
            breaker: 3,
            rate_window: Duration::from_secs(1),
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
        Delay::Wait(self.backoff(retry))
    }

    /// A uniform random wait in `0..=min(cap, base * 2^retry)` (full jitter).
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .base
            .saturating_mul(2u32.saturating_pow(retry.min(30)))
            .min(self.cap);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
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
}
