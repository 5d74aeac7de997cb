//! Interim glossary (replaced by the real module).
use std::ops::Range;
use std::path::Path;
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}:{line}:{column}: {message}")]
    Parse { path: String, line: usize, column: usize, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize)]
pub struct Term { pub arabic: Vec<String>, pub english: String }
#[derive(Debug, Clone, Default)]
pub struct Glossary { terms: Vec<Term> }
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proclitic { Wa, Fa, Bi, Ka, Li, Al }
#[derive(Debug, Clone)]
pub struct TermMatch { pub range: Range<usize>, pub term_range: Range<usize>, pub proclitics: Vec<Proclitic>, pub term: usize }
#[derive(Debug, Clone, serde::Serialize)]
pub struct Violation { pub term: usize, pub message: String }
impl Glossary {
    pub fn parse(yaml: &str, path: &Path) -> Result<Glossary, Error> {
        #[derive(serde::Deserialize)] struct F { terms: Vec<Term> }
        let f: F = serde_yaml::from_str(yaml).map_err(|e| Error::Parse { path: path.display().to_string(), line: e.location().map(|l| l.line()).unwrap_or(0), column: e.location().map(|l| l.column()).unwrap_or(0), message: e.to_string() })?;
        Ok(Glossary { terms: f.terms })
    }
    pub fn load(path: &Path) -> Result<Glossary, Error> { Self::parse(&std::fs::read_to_string(path)?, path) }
    pub fn terms(&self) -> &[Term] { &self.terms }
}
pub struct Matcher { forms: Vec<(String, usize)> }
impl Matcher {
    pub fn new(g: &Glossary) -> Matcher { let mut forms: Vec<(String, usize)> = g.terms.iter().enumerate().flat_map(|(i, t)| t.arabic.iter().map(move |a| (a.clone(), i))).collect(); forms.sort_by_key(|f| std::cmp::Reverse(f.0.len())); Matcher { forms } }
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let mut out: Vec<TermMatch> = Vec::new();
        for (f, i) in &self.forms { for (p, _) in text.match_indices(f.as_str()) { let r = p..p + f.len(); if out.iter().all(|m| m.range.end <= r.start || m.range.start >= r.end) { out.push(TermMatch { range: r.clone(), term_range: r, proclitics: vec![], term: *i }); } } }
        out.sort_by_key(|m| m.range.start); out
    }
}
pub fn check(g: &Glossary, matches: &[TermMatch], target: &str) -> Vec<Violation> {
    matches.iter().filter(|m| !target.contains(&g.terms[m.term].english)).map(|m| Violation { term: m.term, message: format!("missing `{}`", g.terms[m.term].english) }).collect()
}
