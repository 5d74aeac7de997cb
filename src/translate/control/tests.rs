use std::time::Duration;

use super::*;

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        base: Duration::from_millis(1),
        cap: Duration::from_millis(5),
        retry_after_cap: Duration::from_secs(2),
        rate_limit_wait: Duration::from_secs(60),
        breaker: 3,
        rate_window: Duration::from_secs(1),
    }
}

#[tokio::test(start_paused = true)]
async fn a_rate_spaces_requests() {
    let control = Control::new(4, Some(50.0), policy());
    let start = Instant::now();
    for _ in 0..5 {
        control.acquire().await.unwrap().answered(true);
    }
    // Four gaps of 20 ms after the first, immediate, start.
    assert!(start.elapsed() >= Duration::from_millis(80));
}

#[tokio::test(start_paused = true)]
async fn no_more_than_jobs_in_flight() {
    let control = Control::new(2, None, policy());
    let a = control.acquire().await.unwrap();
    let _b = control.acquire().await.unwrap();
    let third = tokio::time::timeout(Duration::from_millis(10), control.acquire()).await;
    assert!(third.is_err(), "a third permit while two are in flight");
    drop(a);
    assert!(control.acquire().await.is_some());
}

#[tokio::test(start_paused = true)]
async fn a_rate_limit_halves_the_pool_once_per_round_and_pauses_it() {
    let control = Control::new(8, None, policy());
    let mut permits = Vec::new();
    for _ in 0..8 {
        permits.push(control.acquire().await.unwrap());
    }
    let start = Instant::now();
    for p in permits {
        let verdict = p.rate_limited(Some(Duration::from_secs(1)));
        assert!(
            matches!(verdict, Verdict::Retry(d) if d >= Duration::from_secs(1) && d <= Duration::from_millis(1500))
        );
    }
    let counts = control.counts();
    assert_eq!(counts.rate_limited, 8);
    assert_eq!(
        counts.slowdowns, 1,
        "the 429s of one round slow the pool once"
    );
    // 8 starts within the first second: half of that.
    assert_eq!(counts.rate, Some(4.0));
    control.acquire().await.unwrap().answered(true);
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "no start before Retry-After"
    );
    // Concurrency halved: 4 in flight at most.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(control.acquire().await.unwrap());
    }
    assert!(
        tokio::time::timeout(Duration::from_secs(5), control.acquire())
            .await
            .is_err()
    );
}

#[tokio::test(start_paused = true)]
async fn the_rate_recovers_up_to_the_ceiling() {
    let control = Control::new(2, Some(10.0), policy());
    control
        .acquire()
        .await
        .unwrap()
        .rate_limited(Some(Duration::ZERO));
    let slowed = control.counts().rate.unwrap();
    assert!(slowed < 10.0);
    // Back to twice the slowed rate in 64 answers (additive steps), then on to the ceiling.
    for _ in 0..64 {
        control.acquire().await.unwrap().answered(true);
    }
    let doubled = control.counts().rate.unwrap();
    assert!(
        (doubled - 2.0 * slowed).abs() < 1e-9,
        "{slowed} → {doubled}"
    );
    for _ in 0..2000 {
        control.acquire().await.unwrap().answered(true);
    }
    assert_eq!(control.counts().rate, Some(10.0));
}

#[tokio::test(start_paused = true)]
async fn rate_limits_give_up_after_the_wait_without_progress() {
    let policy = RetryPolicy {
        rate_limit_wait: Duration::from_secs(10),
        ..policy()
    };
    let control = Control::new(1, None, policy);
    let start = Instant::now();
    let mut verdicts = 0;
    loop {
        let permit = control.acquire().await.unwrap();
        match permit.rate_limited(Some(Duration::from_secs(1))) {
            Verdict::Retry(_) => verdicts += 1,
            Verdict::GiveUp => break,
        }
    }
    assert!(verdicts >= 2, "{verdicts}");
    assert!(start.elapsed() >= Duration::from_secs(10));
}

#[tokio::test(start_paused = true)]
async fn an_open_circuit_sends_one_probe_at_a_time_then_gives_up() {
    let control = Control::new(4, None, policy());
    let permits: Vec<_> = futures_permits(&control, 4).await;
    let mut verdicts: Vec<Verdict> = permits
        .into_iter()
        .map(|p| p.failed(Duration::from_millis(10)))
        .collect();
    assert_eq!(
        verdicts.pop(),
        Some(Verdict::Retry(Duration::from_millis(10)))
    );
    // Open: one probe, and no second permit while it is in flight.
    let probe = control.acquire().await.unwrap();
    assert!(
        tokio::time::timeout(Duration::from_secs(1), control.acquire())
            .await
            .is_err()
    );
    // 3 + 2 failures in a row: give up.
    assert_eq!(probe.failed(Duration::from_millis(10)), Verdict::GiveUp);
}

#[tokio::test(start_paused = true)]
async fn a_success_closes_the_circuit() {
    let control = Control::new(2, None, policy());
    for _ in 0..3 {
        control.acquire().await.unwrap().failed(Duration::ZERO);
    }
    control.acquire().await.unwrap().answered(true);
    let _a = control.acquire().await.unwrap();
    assert!(
        tokio::time::timeout(Duration::from_millis(10), control.acquire())
            .await
            .is_ok()
    );
}

#[tokio::test(start_paused = true)]
async fn nothing_is_sent_once_stopping() {
    let control = Control::new(1, None, policy());
    let held = control.acquire().await.unwrap();
    let waiting = control.acquire();
    control.stop();
    assert!(waiting.await.is_none());
    drop(held);
    assert!(control.acquire().await.is_none());
}

async fn futures_permits(control: &Control, n: usize) -> Vec<Permit<'_>> {
    let mut v = Vec::new();
    for _ in 0..n {
        v.push(control.acquire().await.unwrap());
    }
    v
}
