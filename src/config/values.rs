//! Values checked while they are read, so that an error carries the value's own line and
//! column: numbers in range, optional values, addresses and language tags.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

use super::VERSION;

/// A number checked while it is read, so that an error carries the value's position.
struct NumberVisitor {
    expecting: &'static str,
    ok: fn(f64) -> bool,
}

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        if v.is_finite() && (self.ok)(v) {
            Ok(v)
        } else {
            Err(E::custom(format!(
                "{v} is out of range: expected {}",
                self.expecting
            )))
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }
}

pub(super) fn fraction<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(NumberVisitor {
        expecting: "a number from 0 to 1",
        ok: |v| (0.0..=1.0).contains(&v),
    })
}

pub(super) fn fuzzy_score<'de, D: Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    let v = d.deserialize_any(NumberVisitor {
        expecting: "a whole score from 50 to 99",
        ok: |v| v.fract() == 0.0 && (50.0..=99.0).contains(&v),
    })?;
    Ok(v as u8)
}

pub(super) fn examples<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let v = d.deserialize_any(NumberVisitor {
        expecting: "a whole number from 0 to 10",
        ok: |v| v.fract() == 0.0 && (0.0..=10.0).contains(&v),
    })?;
    Ok(v as usize)
}

pub(super) fn ratio<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(NumberVisitor {
        expecting: "a number above 1",
        ok: |v| v > 1.0,
    })
}

pub(super) fn version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = d.deserialize_any(NumberVisitor {
        expecting: "version 1 (the only one this build reads)",
        ok: |v| v == f64::from(VERSION),
    })?;
    Ok(v as u32)
}

/// A value that may be `~` (none).
struct OptionalVisitor<V> {
    inner: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionalVisitor<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)?;
        f.write_str(", or ~")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.inner.visit_f64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.inner.visit_u64(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.inner.visit_i64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.inner.visit_str(v).map(Some)
    }
}

pub(super) fn rate<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(OptionalVisitor {
        inner: NumberVisitor {
            expecting: "a number of requests per second above 0",
            ok: |v| v > 0.0,
        },
    })
}

pub(super) fn price<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(OptionalVisitor {
        inner: NumberVisitor {
            expecting: "a price per million, 0 or more",
            ok: |v| v >= 0.0,
        },
    })
}

/// A string checked while it is read.
struct TextVisitor {
    expecting: &'static str,
    ok: fn(&str) -> bool,
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        if (self.ok)(v) {
            Ok(v.to_owned())
        } else {
            Err(E::custom(format!("`{v}` is not {}", self.expecting)))
        }
    }
}

pub(super) fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptionalVisitor {
        inner: TextVisitor {
            expecting: "a name",
            ok: |v| !v.trim().is_empty(),
        },
    })
}

pub(super) fn url<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(OptionalVisitor {
        inner: TextVisitor {
            expecting: "an address starting with http:// or https://",
            ok: |v| {
                let rest = v
                    .strip_prefix("https://")
                    .or_else(|| v.strip_prefix("http://"));
                rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace))
            },
        },
    })
}

/// The source language: a language tag for Arabic (`ar`, `ar-SY`), the one source language
/// the segmenter, the glossary matcher and the engines' requests support.
pub(super) fn source_language<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    supported_language(d, "ar", "Arabic (`ar` or a regional tag such as `ar-SY`)")
}

/// The target language: a language tag for English (`en`, `en-GB`), the one target language
/// the engines are asked for.
pub(super) fn target_language<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    supported_language(d, "en", "English (`en` or a regional tag such as `en-GB`)")
}

/// A language tag whose language subtag is `primary`; `what` names the supported language.
fn supported_language<'de, D: Deserializer<'de>>(
    d: D,
    primary: &'static str,
    what: &'static str,
) -> Result<String, D::Error> {
    d.deserialize_any(LanguageVisitor { primary, what })
}

/// A language tag checked while it is read, so that an error carries the value's position.
struct LanguageVisitor {
    primary: &'static str,
    what: &'static str,
}

impl<'de> Visitor<'de> for LanguageVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a language tag such as `ar`, `en` or `en-GB`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        if !is_language_tag(v) {
            return Err(E::custom(format!(
                "`{v}` is not a language tag such as `ar`, `en` or `en-GB`"
            )));
        }
        let language = v.split('-').next().unwrap_or_default();
        if !language.eq_ignore_ascii_case(self.primary) {
            return Err(E::custom(format!(
                "`{v}` is not supported: workbench translates Arabic into English, so this must be {}",
                self.what
            )));
        }
        Ok(v.to_owned())
    }
}

/// A BCP 47 tag in its common shape: a 2–3 letter language, then 1–8 character subtags.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
