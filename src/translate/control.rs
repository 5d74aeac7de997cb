//! The pool-wide request controller: every request of a run asks it for a [`Permit`] before it
//! is sent and tells it how the request ended, so that what one request learns about the
//! server changes what all of them do.
//!
//! - **Rate limits** (HTTP 429): the whole pool slows down, AIMD-style. The first 429 of a
//!   round halves the requests allowed in flight and sets a request rate at half the rate the
//!   run was starting requests at; later ones cut the rate to 70 % of itself, and to 90 % of
//!   the rate the server has been answering at lately; the 429s of requests that were already
//!   in flight when it did so change nothing more. No request starts until the
//!   server's `Retry-After` (plus a random share of it, so that the pool does not wake in
//!   lockstep) or a backoff has passed. Each answered request then lets the concurrency and
//!   the rate grow back by a small step, never above `--jobs` and `--rate`. A 429 is retried
//!   until the run has gone [`RetryPolicy::rate_limit_wait`] without storing anything.
//! - **Outages** (connection failures, timeouts, 5xx): a circuit breaker. After
//!   [`RetryPolicy::breaker`] failures in a row across the pool, only one request is in
//!   flight at a time (a probe), spaced by the backoff; a success closes the circuit, and
//!   [`RetryPolicy::max_retries`] failed probes more stop the run.
//! - **Stopping**: once the run has decided to stop ([`Control::stop`]), no permit is given:
//!   nothing more is sent.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::retry::RetryPolicy;

/// The lowest request rate the controller slows down to, in requests per second.
pub const MIN_RATE: f64 = 0.05;

/// Each answer lets the rate grow by this share of the rate set at the last slow-down: it
/// takes this many answers to double.
const GROWTH_ANSWERS: f64 = 64.0;

/// A slow-down once a rate is known keeps this share of it (or of the rate the server let
/// through, whichever is lower).
const DECREASE: f64 = 0.7;

/// The rate set after a slow-down stays this far under the rate the server let through.
const MARGIN: f64 = 0.9;

/// The share of `Retry-After` added at random, so that the pool does not wake in lockstep.
const JITTER: f64 = 0.25;

/// What a request that failed does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Ask for a permit again after waiting this long (the pool-wide pause is already set).
    Retry(Duration),
    /// Give up: rate limited for too long without progress, or the outage outlasted the probes.
    GiveUp,
}

/// The shared state of a run's requests.
#[derive(Debug)]
pub struct Control {
    jobs: usize,
    ceiling: Option<f64>,
    policy: RetryPolicy,
    state: Mutex<State>,
    wake: Notify,
}

#[derive(Debug)]
struct State {
    /// Requests allowed in flight; fractional so that it grows by `1 / window` per answer.
    window: f64,
    /// The current request rate; `None`: no limit.
    rate: Option<f64>,
    /// The rate right after the last decrease: each answer adds a share of it.
    rate_step: f64,
    in_flight: usize,
    next_slot: Option<Instant>,
    /// No request starts before this.
    paused_until: Option<Instant>,
    last_decrease: Option<Instant>,
    /// When a request last got an answer that was kept (or the run started).
    last_progress: Instant,
    /// Request starts within the last two [`RetryPolicy::rate_window`]s.
    starts: VecDeque<Instant>,
    /// The starts of the requests the server answered, within the same window.
    answered: VecDeque<Instant>,
    begun: Instant,
    /// Failures in a row across the pool (429s not counted).
    failures: u32,
    /// 429s since the last answered request, for the backoff when the server gives no delay.
    limited: u32,
    probe_in_flight: bool,
    stopping: bool,
    /// Requests refused with 429, and the pool-wide slow-downs.
    rate_limited: usize,
    slowdowns: usize,
}

/// What the controller counted, for the run's statistics.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub rate_limited: usize,
    pub slowdowns: usize,
    /// The rate at the end of the run, when a 429 set one.
    pub rate: Option<f64>,
}

/// The right to send one request; tell the controller how it ended, or drop it.
#[derive(Debug)]
pub struct Permit<'a> {
    control: &'a Control,
    started: Instant,
    probe: bool,
}

impl Control {
    /// A controller for `jobs` requests in flight, at most `rate` a second.
    pub fn new(jobs: usize, rate: Option<f64>, policy: RetryPolicy) -> Control {
        let ceiling = rate.filter(|r| r.is_finite() && *r > 0.0);
        let jobs = jobs.max(1);
        let now = Instant::now();
        Control {
            jobs,
            ceiling,
            policy,
            state: Mutex::new(State {
                window: jobs as f64,
                rate: ceiling,
                rate_step: ceiling.unwrap_or(1.0),
                in_flight: 0,
                next_slot: None,
                paused_until: None,
                last_decrease: None,
                last_progress: now,
                starts: VecDeque::new(),
                answered: VecDeque::new(),
                begun: now,
                failures: 0,
                limited: 0,
                probe_in_flight: false,
                stopping: false,
                rate_limited: 0,
                slowdowns: 0,
            }),
            wake: Notify::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Decide that the run stops: every waiting request gives up, none is sent any more.
    pub fn stop(&self) {
        self.lock().stopping = true;
        self.wake.notify_waiters();
    }

    pub fn stopping(&self) -> bool {
        self.lock().stopping
    }

    /// What the controller counted so far.
    pub fn counts(&self) -> Counts {
        let s = self.lock();
        Counts {
            rate_limited: s.rate_limited,
            slowdowns: s.slowdowns,
            rate: if s.slowdowns > 0 { s.rate } else { None },
        }
    }

    /// Wait for the right to send a request; `None` once the run stops.
    pub async fn acquire(&self) -> Option<Permit<'_>> {
        loop {
            let notified = self.wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let until = {
                let mut s = self.lock();
                if s.stopping {
                    return None;
                }
                let now = Instant::now();
                let open = s.failures >= self.policy.breaker;
                let allowed = if open {
                    1
                } else {
                    (s.window.floor() as usize).clamp(1, self.jobs)
                };
                if let Some(t) = s.paused_until.filter(|t| *t > now) {
                    Some(t)
                } else if s.in_flight >= allowed || (open && s.probe_in_flight) {
                    None
                } else {
                    match s.next_slot.filter(|t| *t > now) {
                        Some(t) => Some(t),
                        None => {
                            s.in_flight += 1;
                            if let Some(rate) = s.rate {
                                s.next_slot = Some(now + Duration::from_secs_f64(1.0 / rate));
                            }
                            s.starts.push_back(now);
                            let window = self.policy.rate_window * 2;
                            while s
                                .starts
                                .front()
                                .is_some_and(|t| now.duration_since(*t) > window)
                            {
                                s.starts.pop_front();
                            }
                            if open {
                                s.probe_in_flight = true;
                            }
                            return Some(Permit {
                                control: self,
                                started: now,
                                probe: open,
                            });
                        }
                    }
                }
            };
            match until {
                Some(t) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(t) => {}
                        () = &mut notified => {}
                    }
                }
                None => notified.await,
            }
        }
    }
}

impl Permit<'_> {
    /// The server answered (whether or not the answer fits): the circuit closes, the window
    /// and the rate grow a step; `progress` when something of the answer is kept.
    pub fn answered(self, progress: bool) {
        let control = self.control;
        {
            let mut s = control.lock();
            let now = Instant::now();
            s.failures = 0;
            s.limited = 0;
            s.answered.push_back(self.started);
            let window = control.policy.rate_window * 2;
            while s
                .answered
                .front()
                .is_some_and(|t| now.duration_since(*t) > window)
            {
                s.answered.pop_front();
            }
            if progress {
                s.last_progress = now;
            }
            let jobs = control.jobs as f64;
            s.window = (s.window + 1.0 / s.window.max(1.0)).min(jobs);
            if let Some(rate) = s.rate {
                let grown = rate + s.rate_step / GROWTH_ANSWERS;
                s.rate = Some(match control.ceiling {
                    Some(c) => grown.min(c),
                    None => grown,
                });
            }
        }
    }

    /// The server refused the request for its rate (HTTP 429), asking to wait `retry_after`.
    pub fn rate_limited(self, retry_after: Option<Duration>) -> Verdict {
        let control = self.control;
        let policy = control.policy;
        let mut s = control.lock();
        let now = Instant::now();
        s.rate_limited += 1;
        s.limited += 1;
        if now.duration_since(s.last_progress) >= policy.rate_limit_wait {
            return Verdict::GiveUp;
        }
        // Only the first 429 of the requests started since the last decrease slows the pool.
        if s.last_decrease.is_none_or(|t| self.started > t) {
            s.slowdowns += 1;
            s.last_decrease = Some(now);
            s.window = (s.window / 2.0).max(1.0);
            let span = now
                .duration_since(s.begun)
                .clamp(policy.rate_window, policy.rate_window * 2);
            let secs = span.as_secs_f64();
            let started = s.starts.len() as f64 / secs;
            // What the server let through lately: the requests it answered.
            let let_through = s.answered.len() as f64 / secs;
            let rate = match s.rate {
                // The first slow-down: half the rate requests were starting at.
                None => started / 2.0,
                Some(r) if let_through > 0.0 => {
                    (r.min(started) * DECREASE).min(let_through * MARGIN)
                }
                Some(r) => r.min(started) * DECREASE,
            }
            .max(MIN_RATE);
            s.rate = Some(rate);
            s.rate_step = rate;
        }
        let wait = match retry_after {
            Some(after) => after + after.mul_f64(fastrand::f64() * JITTER),
            None => policy.backoff(s.limited.saturating_sub(1)),
        };
        let until = now + wait;
        s.paused_until = Some(s.paused_until.map_or(until, |t| t.max(until)));
        Verdict::Retry(wait)
    }

    /// The request failed (no answer, a timeout, a server error): counts towards the circuit
    /// breaker. `backoff` is the wait the caller's own policy gives.
    pub fn failed(self, backoff: Duration) -> Verdict {
        let control = self.control;
        let policy = control.policy;
        let mut s = control.lock();
        s.failures += 1;
        if s.failures >= policy.breaker.saturating_add(policy.max_retries) {
            return Verdict::GiveUp;
        }
        if s.failures >= policy.breaker {
            // Open: probes one at a time, spaced by the backoff.
            let until = Instant::now() + backoff;
            s.paused_until = Some(s.paused_until.map_or(until, |t| t.max(until)));
        }
        Verdict::Retry(backoff)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        {
            let mut s = self.control.lock();
            s.in_flight = s.in_flight.saturating_sub(1);
            if self.probe {
                s.probe_in_flight = false;
            }
        }
        self.control.wake.notify_waiters();
    }
}

#[cfg(test)]
mod tests;
