//! SRX 2.0: loading user rule files, and writing loaded rules back out.
//!
//! Loading follows the SRX 2.0 model: language maps (a regex on the language code) select
//! language rules, all matching ones in order when the header cascades, else the first.
//! Within them, the first rule (break or no-break) whose `beforebreak` matches up to a
//! position and whose `afterbreak` matches from it decides that position; a position where
//! no break rule matches does not break. Patterns are Java regexes: a few Java-only
//! constructs are rewritten (`\Q…\E`, `\h`, `\v`, `(?U)`, `\` before a non-ASCII letter,
//! `-` after a class escape in a class), then compiled with `regex`, or with `fancy-regex`
//! when they need look-around. A pattern neither can compile is an error naming the rule.

use crate::text::Location;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::Error;
use super::explain::{BuiltinRule, RuleRef, SrxRuleInfo};
use super::export::{document, push_rule};
use super::rules::is_line_break;

impl fmt::Display for SrxRuleInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rule {} of `{}` (line {}): before `{}` after `{}`",
            if self.is_break { "break" } else { "no-break" },
            self.index,
            self.language_rule,
            self.line,
            self.before,
            self.after
        )
    }
}

/// A compiled pattern: `regex` when it can, `fancy-regex` for look-around.
#[derive(Clone, Debug)]
enum Re {
    Plain(regex::Regex),
    Fancy(fancy_regex::Regex),
}

impl Re {
    fn compile(pattern: &str) -> Result<Re, String> {
        match regex::Regex::new(pattern) {
            Ok(re) => Ok(Re::Plain(re)),
            Err(plain) => match fancy_regex::Regex::new(pattern) {
                Ok(re) => Ok(Re::Fancy(re)),
                Err(fancy) => Err(format!(
                    "regex: {}; fancy-regex: {fancy}",
                    plain.to_string().lines().last().unwrap_or("")
                )),
            },
        }
    }

    /// End offsets of the (non-overlapping) matches in `text`.
    fn match_ends(&self, text: &str, out: &mut Vec<usize>) {
        match self {
            Re::Plain(re) => out.extend(re.find_iter(text).map(|m| m.end())),
            Re::Fancy(re) => {
                out.extend(re.find_iter(text).filter_map(Result::ok).map(|m| m.end()));
            }
        }
    }

    /// Whether the pattern (compiled anchored with `^`) matches at `pos`.
    fn matches_at(&self, text: &str, pos: usize) -> bool {
        let Some(tail) = text.get(pos..) else {
            return false;
        };
        match self {
            Re::Plain(re) => re.is_match(tail),
            Re::Fancy(re) => re.is_match(tail).unwrap_or(false),
        }
    }
}

#[derive(Clone, Debug)]
struct CompiledRule {
    info: Arc<SrxRuleInfo>,
    before: Re,
    /// `None` when `afterbreak` is empty or missing (matches anywhere).
    after: Option<Re>,
}

/// A language rule as read from the file.
#[derive(Clone, Debug, Default)]
struct RawLanguageRule {
    name: String,
    rules: Vec<SrxRuleInfo>,
}

/// Rules loaded from an SRX file for one language code.
#[derive(Clone, Debug)]
pub(crate) struct SrxRules {
    rules: Vec<CompiledRule>,
    cascade: bool,
    code: String,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .filter_map(Result::ok)
        .find(|a| a.key.local_name().as_ref() == name.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

struct Parsed {
    cascade: bool,
    language_rules: Vec<RawLanguageRule>,
    /// (pattern, language rule name, line, column)
    maps: Vec<(String, String, usize, usize)>,
}

fn parse(xml: &str, path: &Path) -> Result<Parsed, Error> {
    let lines = crate::text::LineIndex::new(xml);
    let line_col = |pos: usize| lines.line_column(pos);
    let err = |pos: usize, message: String| {
        let (line, column) = line_col(pos);
        Error::Srx {
            at: Location {
                path: path.to_path_buf(),
                line,
                column,
            },
            message,
        }
    };
    let mut reader = Reader::from_str(xml);
    let mut parsed = Parsed {
        cascade: false,
        language_rules: Vec::new(),
        maps: Vec::new(),
    };
    let mut saw_root = false;
    let mut current: Option<RawLanguageRule> = None;
    let mut rule: Option<SrxRuleInfo> = None;
    // Which pattern element we are inside: 1 = beforebreak, 2 = afterbreak.
    let mut inside = 0u8;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            err(
                reader.error_position() as usize,
                format!("malformed XML: {e}"),
            )
        })?;
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"srx" => {
                        saw_root = true;
                        if let Some(v) = attr(&e, "version").filter(|v| !v.starts_with(['1', '2']))
                        {
                            return Err(err(pos, format!("unsupported SRX version `{v}`")));
                        }
                    }
                    b"header" => {
                        parsed.cascade = attr(&e, "cascade").is_some_and(|v| v == "yes");
                    }
                    b"languagerule" => {
                        current = Some(RawLanguageRule {
                            name: attr(&e, "languagerulename").unwrap_or_default(),
                            rules: Vec::new(),
                        });
                    }
                    b"rule" => {
                        let (line, column) = line_col(pos);
                        let index = current.as_ref().map_or(0, |c| c.rules.len()) + 1;
                        rule = Some(SrxRuleInfo {
                            language_rule: current
                                .as_ref()
                                .map_or(String::new(), |c| c.name.clone()),
                            index,
                            line,
                            column,
                            is_break: attr(&e, "break").is_none_or(|v| v != "no"),
                            before: String::new(),
                            after: String::new(),
                        });
                    }
                    b"beforebreak" => inside = 1,
                    b"afterbreak" => inside = 2,
                    b"languagemap" => {
                        let (line, column) = line_col(pos);
                        let pattern = attr(&e, "languagepattern").unwrap_or_default();
                        let target = attr(&e, "languagerulename").unwrap_or_default();
                        parsed.maps.push((pattern, target, line, column));
                    }
                    _ => {}
                }
                if is_empty {
                    match name.as_ref() {
                        b"beforebreak" | b"afterbreak" => inside = 0,
                        b"rule" => {
                            if let (Some(r), Some(c)) = (rule.take(), current.as_mut()) {
                                c.rules.push(r);
                            }
                        }
                        b"languagerule" => {
                            if let Some(c) = current.take() {
                                parsed.language_rules.push(c);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::Text(t) if inside > 0 => {
                let text = t
                    .unescape()
                    .map_err(|e| err(pos, format!("bad text: {e}")))?;
                push_pattern(rule.as_mut(), inside, &text);
            }
            Event::CData(t) if inside > 0 => {
                push_pattern(rule.as_mut(), inside, &String::from_utf8_lossy(&t));
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"beforebreak" | b"afterbreak" => inside = 0,
                b"rule" => {
                    if let (Some(r), Some(c)) = (rule.take(), current.as_mut()) {
                        c.rules.push(r);
                    }
                }
                b"languagerule" => {
                    if let Some(c) = current.take() {
                        parsed.language_rules.push(c);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(err(0, "not an SRX document: no <srx> element".to_string()));
    }
    Ok(parsed)
}

/// Appends pattern text to the `beforebreak` (1) or `afterbreak` (2) of `rule`.
fn push_pattern(rule: Option<&mut SrxRuleInfo>, inside: u8, text: &str) {
    if let Some(r) = rule {
        if inside == 1 {
            r.before.push_str(text);
        } else {
            r.after.push_str(text);
        }
    }
}

/// Rewrites Java-only regex constructs into what `regex`/`fancy-regex` read the same way.
pub(crate) fn java_to_rust(p: &str) -> String {
    const H: &str = r"\t \x{A0}\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}";
    const V: &str = r"\n\x0B\x0C\r\x{85}\x{2028}\x{2029}";
    let p = p.replace("(?U)", "");
    let mut out = String::with_capacity(p.len() + 8);
    let mut chars = p.chars().peekable();
    let mut in_class = false;
    let mut after_class_escape = false;
    while let Some(c) = chars.next() {
        let was_class_escape = after_class_escape;
        after_class_escape = false;
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push_str(r"\\");
                    break;
                };
                match n {
                    'Q' => {
                        let mut lit = String::new();
                        while let Some(q) = chars.next() {
                            if q == '\\' && chars.peek() == Some(&'E') {
                                chars.next();
                                break;
                            }
                            lit.push(q);
                        }
                        out.push_str(&regex::escape(&lit));
                    }
                    'h' | 'v' => {
                        let set = if n == 'h' { H } else { V };
                        if in_class {
                            out.push_str(set);
                        } else {
                            let _ = write!(out, "[{set}]");
                        }
                        after_class_escape = in_class;
                    }
                    'p' | 'P' => {
                        out.push('\\');
                        out.push(n);
                        if chars.peek() == Some(&'{') {
                            for q in chars.by_ref() {
                                out.push(q);
                                if q == '}' {
                                    break;
                                }
                            }
                        } else if let Some(q) = chars.next() {
                            out.push(q);
                        }
                        after_class_escape = in_class;
                    }
                    'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                        out.push('\\');
                        out.push(n);
                        after_class_escape = in_class;
                    }
                    _ if !n.is_ascii() => out.push(n),
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push_str(r"\]");
                    chars.next();
                }
            }
            '[' if in_class => out.push_str(r"\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '-' if in_class && was_class_escape => out.push_str(r"\-"),
            '&' if in_class && chars.peek() == Some(&'&') => out.push_str(r"\&"),
            '~' | '-' if in_class && chars.peek() == Some(&c) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

impl SrxRules {
    pub(crate) fn load(xml: &str, path: &Path, code: &str) -> Result<SrxRules, Error> {
        let parsed = parse(xml, path)?;
        let mut selected: Vec<&RawLanguageRule> = Vec::new();
        for (pattern, target, line, column) in &parsed.maps {
            let re = Re::compile(&format!("(?i)^(?:{})$", java_to_rust(pattern))).map_err(
                |message| Error::Srx {
                    at: Location {
                        path: path.to_path_buf(),
                        line: *line,
                        column: *column,
                    },
                    message: format!("language pattern `{pattern}` cannot run: {message}"),
                },
            )?;
            if !re.matches_at(code, 0) {
                continue;
            }
            let Some(lr) = parsed.language_rules.iter().find(|l| &l.name == target) else {
                return Err(Error::Srx {
                    at: Location {
                        path: path.to_path_buf(),
                        line: *line,
                        column: *column,
                    },
                    message: format!("language map names an unknown language rule `{target}`"),
                });
            };
            selected.push(lr);
            if !parsed.cascade {
                break;
            }
        }
        if selected.is_empty() {
            return Err(Error::SrxNoLanguage {
                path: path.to_path_buf(),
                code: code.to_string(),
            });
        }
        let mut rules = Vec::new();
        for lr in selected {
            for info in &lr.rules {
                rules.push(compile_rule(info, path)?);
            }
        }
        Ok(SrxRules {
            rules,
            cascade: parsed.cascade,
            code: code.to_string(),
        })
    }

    /// Calls `sink` for every candidate at or after `from`: every position where a break
    /// rule matches, decided by the first rule in order that matches there, plus line breaks.
    pub(crate) fn scan(&self, text: &str, from: usize, sink: &mut dyn FnMut(usize, bool, RuleRef)) {
        let mut start = 0;
        for (k, c) in text.char_indices() {
            if is_line_break(c) {
                self.scan_line(text, start, k, from, sink);
                if k >= from {
                    sink(k, true, RuleRef::Builtin(BuiltinRule::LineBreak));
                }
                start = k + c.len_utf8();
            }
        }
        self.scan_line(text, start, text.len(), from, sink);
    }

    fn scan_line(
        &self,
        text: &str,
        lo: usize,
        hi: usize,
        from: usize,
        sink: &mut dyn FnMut(usize, bool, RuleRef),
    ) {
        let Some(line) = text.get(lo..hi) else {
            return;
        };
        if line.trim().is_empty() {
            return;
        }
        let matches_of = |r: &CompiledRule, ends: &mut Vec<usize>| {
            ends.clear();
            r.before.match_ends(line, ends);
            ends.retain(|&p| {
                p > 0 && p < line.len() && r.after.as_ref().is_none_or(|a| a.matches_at(line, p))
            });
        };
        let mut ends = Vec::new();
        let mut candidates = BTreeSet::new();
        for r in self.rules.iter().filter(|r| r.info.is_break) {
            matches_of(r, &mut ends);
            candidates.extend(ends.iter().copied());
        }
        if candidates.is_empty() {
            return;
        }
        let mut decided: BTreeMap<usize, &CompiledRule> = BTreeMap::new();
        for r in &self.rules {
            matches_of(r, &mut ends);
            for &p in &ends {
                if candidates.contains(&p) {
                    decided.entry(p).or_insert(r);
                }
            }
            if decided.len() == candidates.len() {
                break;
            }
        }
        for (p, r) in decided {
            if lo + p >= from {
                sink(lo + p, r.info.is_break, RuleRef::Srx(Arc::clone(&r.info)));
            }
        }
    }

    /// The selected rules written back as one SRX 2.0 language rule.
    pub(crate) fn to_srx(&self) -> String {
        let mut rules = String::new();
        for r in &self.rules {
            push_rule(&mut rules, r.info.is_break, &r.info.before, &r.info.after);
        }
        let name = format!("Loaded-{}", self.code);
        document(
            self.cascade,
            &[(name.as_str(), rules)],
            &[(".*".to_string(), name.clone())],
        )
    }
}

fn compile_rule(info: &SrxRuleInfo, path: &Path) -> Result<CompiledRule, Error> {
    let fail = |pattern: &str, message: String| Error::SrxRule {
        at: Location {
            path: path.to_path_buf(),
            line: info.line,
            column: info.column,
        },
        language_rule: info.language_rule.clone(),
        rule: info.index,
        pattern: pattern.to_string(),
        message: message.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    let before = Re::compile(&java_to_rust(&info.before)).map_err(|m| fail(&info.before, m))?;
    let after = if info.after.is_empty() {
        None
    } else {
        Some(
            Re::compile(&format!("^(?:{})", java_to_rust(&info.after)))
                .map_err(|m| fail(&info.after, m))?,
        )
    };
    Ok(CompiledRule {
        info: Arc::new(info.clone()),
        before,
        after,
    })
}
