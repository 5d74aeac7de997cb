//! What a run costs: what each engine bills for ([`Billing`]), the tokens an
//! OpenAI-compatible engine reports ([`Tokens`]), the estimate of a run before anything is
//! sent ([`estimate`], `--dry-run`), and prices that turn either into money ([`Price`]).

use std::sync::atomic::Ordering;

use super::{Translator, Unit};

/// What an engine bills for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Billing {
    /// Nothing (the stub).
    Free,
    /// Characters of source text, every answered request counted (DeepL, Google,
    /// LibreTranslate).
    Characters,
    /// Prompt and completion tokens, as the answers report them (OpenAI-compatible).
    Tokens,
}

/// Tokens reported by an engine's answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tokens {
    pub prompt: u64,
    pub completion: u64,
}

impl Tokens {
    pub fn total(self) -> u64 {
        self.prompt + self.completion
    }

    /// The tokens counted since `before`.
    pub fn since(self, before: Tokens) -> Tokens {
        Tokens {
            prompt: self.prompt.saturating_sub(before.prompt),
            completion: self.completion.saturating_sub(before.completion),
        }
    }

    pub fn plus(self, other: Tokens) -> Tokens {
        Tokens {
            prompt: self.prompt + other.prompt,
            completion: self.completion + other.completion,
        }
    }
}

/// A running count of tokens an engine shares between its requests.
#[derive(Debug, Default)]
pub struct TokenCounter {
    prompt: std::sync::atomic::AtomicU64,
    completion: std::sync::atomic::AtomicU64,
}

impl TokenCounter {
    pub fn add(&self, tokens: Tokens) {
        self.prompt.fetch_add(tokens.prompt, Ordering::Relaxed);
        self.completion
            .fetch_add(tokens.completion, Ordering::Relaxed);
    }

    pub fn get(&self) -> Tokens {
        Tokens {
            prompt: self.prompt.load(Ordering::Relaxed),
            completion: self.completion.load(Ordering::Relaxed),
        }
    }
}

/// An engine's prices, per million units billed, in the user's currency.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Price {
    /// Per million characters of source text.
    pub characters: Option<f64>,
    /// Per million prompt tokens.
    pub input_tokens: Option<f64>,
    /// Per million completion tokens.
    pub output_tokens: Option<f64>,
}

impl Price {
    /// What `characters` (billed per character) or `tokens` (billed per token) cost; `None`
    /// when the price for what the engine bills is not set.
    pub fn cost(&self, billing: Billing, characters: u64, tokens: Tokens) -> Option<f64> {
        let per = |price: f64, n: u64| price * n as f64 / 1_000_000.0;
        match billing {
            Billing::Free => Some(0.0),
            Billing::Characters => self.characters.map(|p| per(p, characters)),
            Billing::Tokens => match (self.input_tokens, self.output_tokens) {
                (None, None) => None,
                (i, o) => Some(
                    per(i.unwrap_or(0.0), tokens.prompt) + per(o.unwrap_or(0.0), tokens.completion),
                ),
            },
        }
    }
}

/// What a run would send and be billed for, before anything is sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Estimate {
    pub requests: usize,
    pub segments: usize,
    /// Characters of source text sent.
    pub characters: u64,
    /// Tokens, for engines billed per token: the request's messages at about
    /// [`CHARS_PER_PROMPT_TOKEN`] characters a token, the answer at about
    /// [`COMPLETION_TOKENS_PER_CHAR`] tokens per source character and
    /// [`COMPLETION_TOKENS_PER_ITEM`] per segment for its JSON.
    pub tokens: Tokens,
}

/// Characters of a chat request's messages per prompt token (Arabic and JSON together; a
/// rough average of tokenizers, on the high side of cost).
pub const CHARS_PER_PROMPT_TOKEN: f64 = 2.5;
/// Completion tokens per character of Arabic source: English of about 1.2 times the
/// characters, about 4 characters a token.
pub const COMPLETION_TOKENS_PER_CHAR: f64 = 0.3;
/// Completion tokens per segment for its JSON item (`{"id": "17", "text": …}`).
pub const COMPLETION_TOKENS_PER_ITEM: u64 = 12;

/// Estimate what sending `batches` to `engine` sends and costs, without sending anything:
/// the characters of their texts, and for an engine billed per token, the tokens of the
/// requests it would send ([`Translator::preview`]) and of their answers.
pub fn estimate<T: Translator + ?Sized>(engine: &T, batches: &[Vec<Unit>]) -> Estimate {
    let mut e = Estimate::default();
    for batch in batches {
        let chars: u64 = batch.iter().map(|u| u.text.chars().count() as u64).sum();
        e.requests += 1;
        e.segments += batch.len();
        e.characters += chars;
        if engine.billing() != Billing::Tokens {
            continue;
        }
        let prompt_chars: usize = match engine.preview(batch) {
            Ok(Some(request)) => request
                .pointer("/body/messages")
                .and_then(serde_json::Value::as_array)
                .map(|messages| {
                    messages
                        .iter()
                        .filter_map(|m| m["content"].as_str())
                        .map(|c| c.chars().count())
                        .sum()
                })
                .unwrap_or(0),
            _ => 0,
        };
        e.tokens.prompt += (prompt_chars as f64 / CHARS_PER_PROMPT_TOKEN).ceil() as u64;
        e.tokens.completion += (chars as f64 * COMPLETION_TOKENS_PER_CHAR).ceil() as u64
            + COMPLETION_TOKENS_PER_ITEM * batch.len() as u64;
    }
    e
}

/// Split `total` into shares proportional to `weights`, by largest remainder: the shares add
/// up to `total` (when any weight is positive; all zero when none is).
pub fn split(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().filter(|w| **w > 0.0).sum();
    if sum <= 0.0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| total as f64 * w.max(0.0) / sum)
        .collect();
    let mut shares: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let mut left = total.saturating_sub(shares.iter().sum());
    let mut order: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0.0).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for i in order.into_iter().cycle() {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares
}

/// Each document's share of what a run was billed (`characters` of source text, or
/// `tokens`), split in proportion to `weights` (the characters of source text each document
/// took from the answered batches), with its cost when `price` sets it. `None` for a
/// document of weight zero, and for every document when the engine is free or reported no
/// usage.
pub fn shares(
    billing: Billing,
    characters: u64,
    tokens: Tokens,
    weights: &[f64],
    price: &Price,
    currency: Option<&str>,
) -> Vec<Option<crate::store::Usage>> {
    let none = || vec![None; weights.len()];
    let billed = match billing {
        Billing::Free => return none(),
        Billing::Characters => characters,
        Billing::Tokens => tokens.total(),
    };
    if billed == 0 {
        return none();
    }
    let chars = split(characters, weights);
    let prompt = split(tokens.prompt, weights);
    let completion = split(tokens.completion, weights);
    (0..weights.len())
        .map(|i| {
            if weights[i] <= 0.0 {
                return None;
            }
            let t = Tokens {
                prompt: prompt[i],
                completion: completion[i],
            };
            let per_tokens = billing == Billing::Tokens;
            let cost = price.cost(billing, chars[i], t);
            Some(crate::store::Usage {
                characters: (!per_tokens).then_some(chars[i]),
                input_tokens: per_tokens.then_some(t.prompt),
                output_tokens: per_tokens.then_some(t.completion),
                cost,
                currency: cost.and(currency.map(str::to_owned)),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_adds_up_to_the_total() {
        assert_eq!(split(10, &[1.0, 1.0, 1.0]), vec![4, 3, 3]);
        assert_eq!(split(7, &[0.0, 2.0, 5.0]), vec![0, 2, 5]);
        assert_eq!(split(5, &[0.0, 0.0]), vec![0, 0]);
        assert_eq!(split(0, &[1.0]), vec![0]);
        let s = split(1001, &[0.3, 12.5, 7.25, 0.01]);
        assert_eq!(s.iter().sum::<u64>(), 1001);
    }

    #[test]
    fn shares_per_document() {
        let price = Price {
            characters: Some(20.0),
            input_tokens: Some(1.0),
            output_tokens: Some(2.0),
        };
        let tokens = Tokens {
            prompt: 300,
            completion: 100,
        };
        let s = shares(
            Billing::Tokens,
            90,
            tokens,
            &[2.0, 0.0, 1.0],
            &price,
            Some("EUR"),
        );
        let first = s[0].clone().unwrap();
        assert_eq!(first.characters, None);
        assert_eq!(
            (first.input_tokens, first.output_tokens),
            (Some(200), Some(67))
        );
        assert_eq!(first.currency.as_deref(), Some("EUR"));
        assert!((first.cost.unwrap() - 0.000_334).abs() < 1e-12);
        assert_eq!(s[1], None);
        assert_eq!(s[2].clone().unwrap().output_tokens, Some(33));
        let c = shares(
            Billing::Characters,
            90,
            Tokens::default(),
            &[1.0, 2.0],
            &Price::default(),
            Some("EUR"),
        );
        let second = c[1].clone().unwrap();
        assert_eq!((second.characters, second.input_tokens), (Some(60), None));
        assert_eq!((second.cost, second.currency), (None, None));
        assert_eq!(
            shares(Billing::Free, 90, tokens, &[1.0], &price, None),
            vec![None]
        );
        assert_eq!(
            shares(Billing::Tokens, 90, Tokens::default(), &[1.0], &price, None),
            vec![None]
        );
    }

    #[test]
    fn prices_per_million() {
        let price = Price {
            characters: Some(20.0),
            input_tokens: Some(0.15),
            output_tokens: Some(0.6),
        };
        let tokens = Tokens {
            prompt: 2_000_000,
            completion: 1_000_000,
        };
        assert_eq!(price.cost(Billing::Characters, 500_000, tokens), Some(10.0));
        let t = price.cost(Billing::Tokens, 0, tokens).unwrap();
        assert!((t - 0.9).abs() < 1e-9, "{t}");
        assert_eq!(Price::default().cost(Billing::Characters, 5, tokens), None);
        assert_eq!(Price::default().cost(Billing::Free, 5, tokens), Some(0.0));
    }
}
