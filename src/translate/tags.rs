//! The inline codes of an answer, checked against their units: every backend's answers pass
//! through [`guard`] in the run loop before they are stored.
//!
//! A translation whose codes are lost, invented, repeated or crossed (any problem of
//! [`codes::check`] except a code moved out of its pair, which review reports as a warning)
//! is sent once more: all such units of a batch in one request, through
//! [`Translator::retranslate_codes`] (engines that take instructions are told what went
//! wrong). A translation that is still broken is stored with its codes re-attached around the
//! whole sentence ([`codes::reattach`]): nothing is lost, and review's `tags` check points the
//! reviewer at it. A failed retry request does not fail the batch: its units are re-attached
//! from the first answer.

use crate::codes::{self, Problem};

use super::control::Control;
use super::{Translation, Translator, Unit, match_ids};

/// Whether `target` breaks `source`'s codes badly enough to send the unit again: anything
/// but a code moved out of its pair.
pub fn broken(source: &str, target: &str) -> bool {
    codes::check(source, target)
        .iter()
        .any(|p| !matches!(p, Problem::Reordered(_)))
}

/// A batch's translations after the check, and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guarded {
    /// One translation per unit, in the batch's order.
    pub translations: Vec<Translation>,
    /// Units sent once more because their codes came back broken.
    pub retried: usize,
    /// Units stored with their codes re-attached around the whole sentence.
    pub reattached: usize,
    /// Requests made for the retry (0 or 1).
    pub requests: usize,
    /// Characters of source text sent in the retry.
    pub characters: usize,
    /// Texts sent in the retry.
    pub texts: usize,
}

/// Check `translations` (one per unit of `batch`, in its order) against their units; send the
/// broken ones once more (when `control` gives a permit: none once the run stops) and
/// re-attach the codes of those still broken.
pub async fn guard<T: Translator + ?Sized>(
    engine: &T,
    batch: &[Unit],
    mut translations: Vec<Translation>,
    control: &Control,
) -> Guarded {
    let bad: Vec<usize> = batch
        .iter()
        .zip(&translations)
        .enumerate()
        .filter(|(_, (unit, t))| broken(&unit.text, &t.text))
        .map(|(i, _)| i)
        .collect();
    let mut guarded = Guarded {
        translations: Vec::new(),
        retried: bad.len(),
        reattached: 0,
        requests: 0,
        characters: 0,
        texts: 0,
    };
    if bad.is_empty() {
        guarded.translations = translations;
        return guarded;
    }
    let again: Vec<Unit> = bad.iter().filter_map(|&i| batch.get(i).cloned()).collect();
    let second: Vec<Translation> = match control.acquire().await {
        Some(permit) => {
            guarded.requests = 1;
            guarded.texts = again.len();
            guarded.characters = again.iter().map(|u| u.text.chars().count()).sum();
            let answer = engine.retranslate_codes(&again).await;
            if answer.is_ok() {
                permit.answered(true);
            }
            answer
                .and_then(|answer| match_ids(engine.name(), &again, answer))
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    for (k, unit) in again.iter().enumerate() {
        let Some(slot) = translations.iter_mut().find(|t| t.id == unit.id) else {
            continue;
        };
        match second.get(k) {
            Some(t) if !broken(&unit.text, &t.text) => slot.text.clone_from(&t.text),
            other => {
                let reply = other.map_or(slot.text.as_str(), |t| t.text.as_str());
                slot.text = codes::reattach(&unit.text, reply);
                guarded.reattached += 1;
            }
        }
    }
    guarded.translations = translations;
    guarded
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::translate::retry::RetryPolicy;
    use crate::translate::tests::unit;
    use crate::translate::{Error, Limits};

    fn control() -> Control {
        Control::new(1, None, RetryPolicy::default())
    }

    /// Answers each call from a list of scripted texts per unit id; records the batches.
    struct Scripted {
        answers: Vec<Box<dyn Fn(u64) -> Option<String> + Send + Sync>>,
        calls: Mutex<Vec<Vec<u64>>>,
    }

    impl Scripted {
        fn new(answers: Vec<Box<dyn Fn(u64) -> Option<String> + Send + Sync>>) -> Scripted {
            Scripted {
                answers,
                calls: Mutex::new(Vec::new()),
            }
        }
    }

    impl Translator for Scripted {
        fn name(&self) -> &'static str {
            "scripted"
        }
        fn model(&self) -> Option<String> {
            None
        }
        fn limits(&self) -> Limits {
            Limits {
                max_units: 10,
                max_bytes: 1 << 20,
            }
        }
        async fn translate(&self, batch: &[Unit]) -> Result<Vec<Translation>, Error> {
            let n = {
                let mut calls = self.calls.lock().unwrap();
                calls.push(batch.iter().map(|u| u.id).collect());
                calls.len() - 1
            };
            let Some(answer) = self.answers.get(n) else {
                return Err(Error::Transient {
                    backend: "scripted",
                    status: 503,
                    message: "no more answers".into(),
                    retry_after: None,
                });
            };
            Ok(batch
                .iter()
                .map(|u| Translation {
                    id: u.id,
                    text: answer(u.id).unwrap_or_else(|| format!("en {}", u.id)),
                })
                .collect())
        }
    }

    fn t(id: u64, text: &str) -> Translation {
        Translation {
            id,
            text: text.into(),
        }
    }

    fn batch() -> Vec<Unit> {
        vec![
            unit(1, "قال <g1>لافروف</g1> في حمص<x2/>"),
            unit(2, "بلا رموز"),
            unit(3, "<g1>أ</g1> <g2>ب</g2>"),
        ]
    }

    #[tokio::test]
    async fn faithful_answers_pass_without_a_request() {
        let engine = Scripted::new(vec![]);
        let first = vec![
            t(1, "<g1>Lavrov</g1> said in Homs<x2/>"),
            t(2, "no codes"),
            t(3, "<g2>b</g2> <g1>a</g1>"),
        ];
        let got = guard(&engine, &batch(), first.clone(), &control()).await;
        assert_eq!(got.translations, first);
        assert_eq!((got.retried, got.reattached, got.requests), (0, 0, 0));
        assert!(engine.calls.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn broken_codes_are_sent_once_more_together() {
        let engine = Scripted::new(vec![Box::new(|id| match id {
            1 => Some("<g1>Lavrov</g1> said in Homs<x2/>".into()),
            _ => Some("<g1>a</g1> <g2>b</g2>".into()),
        })]);
        let first = vec![
            t(1, "Lavrov said in Homs<x2/>"),
            t(2, "no codes"),
            t(3, "<g1>a <g2>b</g1></g2>"),
        ];
        let got = guard(&engine, &batch(), first, &control()).await;
        assert_eq!(*engine.calls.lock().unwrap(), [vec![1, 3]]);
        assert_eq!(
            got.translations,
            [
                t(1, "<g1>Lavrov</g1> said in Homs<x2/>"),
                t(2, "no codes"),
                t(3, "<g1>a</g1> <g2>b</g2>"),
            ]
        );
        assert_eq!((got.retried, got.reattached, got.requests), (2, 0, 1));
        assert_eq!(
            got.characters,
            batch()[0].text.chars().count() + batch()[2].text.chars().count()
        );
    }

    #[tokio::test]
    async fn still_broken_answers_get_their_codes_reattached() {
        let engine = Scripted::new(vec![Box::new(|id| match id {
            1 => Some("Lavrov <g1>said</g1></g1> in Homs".into()),
            _ => None,
        })]);
        let first = vec![t(1, "Lavrov said in Homs"), t(2, "fine")];
        let got = guard(&engine, &batch()[..2], first, &control()).await;
        assert_eq!(
            got.translations[0].text,
            "<x2/><g1>Lavrov said in Homs</g1>"
        );
        assert!(codes::check(&batch()[0].text, &got.translations[0].text).is_empty());
        assert!(codes::reattached(
            &batch()[0].text,
            &got.translations[0].text
        ));
        assert_eq!((got.retried, got.reattached, got.requests), (1, 1, 1));
    }

    #[tokio::test]
    async fn a_failed_retry_reattaches_the_first_answer() {
        let engine = Scripted::new(vec![]);
        let first = vec![t(1, "Lavrov said in Homs<x2/><x2/>")];
        let got = guard(&engine, &batch()[..1], first, &control()).await;
        assert_eq!(
            got.translations[0].text,
            "<x2/><g1>Lavrov said in Homs</g1>"
        );
        assert_eq!((got.retried, got.reattached, got.requests), (1, 1, 1));
    }

    #[test]
    fn a_moved_code_is_not_broken() {
        let src = "<g1>a</g1> <g2>b <x3/></g2>";
        assert!(!broken(src, "<g1>a</g1> <g2>b</g2> <x3/>"));
        assert!(broken(src, "<g1>a</g1> <g2>b</g2>"));
        assert!(broken("plain", "<x1/>plain"));
        assert!(!broken("plain", "plain"));
    }
}
