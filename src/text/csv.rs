//! CSV read by RFC 4180, strictly: fields separated by commas, records by LF or CRLF; a field
//! that starts with a quote runs to the matching quote (doubled quotes inside stand for one,
//! and it may hold commas and line breaks). The one reader of the translation tables
//! (`formats`) and the glossary tables (`glossary`).
//!
//! Why not the `csv` crate: it reads every input somehow (a stray quote becomes part of the
//! field, an unclosed quoted field runs silently to the end of the file, taking every later
//! row with it), and it reports positions per record, not per field. A translation table that
//! lost its rows to a stray quote must be refused with the place of the quote, so this reader
//! refuses what RFC 4180 does not allow and gives every field's byte offset, which callers turn
//! into `line:column` ([`super::LineIndex`]).

/// One field: its text (quotes removed, doubled quotes undone) and the byte offset where it
/// starts in the input (its opening quote, when quoted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub text: String,
    pub offset: usize,
    /// Whether it was written in quotes.
    pub quoted: bool,
}

/// One record: the byte offset where it starts and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub offset: usize,
    pub fields: Vec<Field>,
}

/// Why the input is not CSV, and the byte offset where that shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed {
    pub offset: usize,
    pub problem: Problem,
}

/// What is wrong with a CSV input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A quote inside a field that does not start with one (the offset is the quote's).
    QuoteInUnquotedField,
    /// Text between a closing quote and the next comma or line break.
    TextAfterClosingQuote,
    /// A quoted field with no closing quote (the offset is the opening quote's).
    UnclosedQuote,
}

impl Problem {
    /// The problem in words, for a message after `path:line:column:`.
    pub fn describe(self) -> &'static str {
        match self {
            Problem::QuoteInUnquotedField => {
                "a quote inside an unquoted field (quote the whole field, doubling the quote)"
            }
            Problem::TextAfterClosingQuote => "text after a closing quote",
            Problem::UnclosedQuote => "a quoted field is never closed",
        }
    }
}

/// The records of `text`. Blank lines (a record of one empty field) are left out; a final
/// line break is optional.
pub fn records(text: &str) -> Result<Vec<Record>, Malformed> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut record_start = 0;
    let mut i = 0;
    let fail = |offset, problem| Err(Malformed { offset, problem });
    loop {
        // One field, starting at `i`.
        let start = i;
        let mut value = String::new();
        let quoted = bytes.get(i) == Some(&b'"');
        if quoted {
            i += 1;
            loop {
                let Some(close) = text[i..].find('"').map(|k| i + k) else {
                    return fail(start, Problem::UnclosedQuote);
                };
                value.push_str(&text[i..close]);
                if bytes.get(close + 1) == Some(&b'"') {
                    value.push('"');
                    i = close + 2;
                } else {
                    i = close + 1;
                    break;
                }
            }
            match bytes.get(i) {
                None | Some(b',' | b'\n') => {}
                Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => {}
                Some(_) => return fail(i, Problem::TextAfterClosingQuote),
            }
        } else {
            let end = text[i..]
                .find([',', '\n', '"'])
                .map_or(text.len(), |k| i + k);
            if bytes.get(end) == Some(&b'"') {
                return fail(end, Problem::QuoteInUnquotedField);
            }
            let raw = &text[i..end];
            // A CR counts only as the first half of a CRLF.
            let raw = if bytes.get(end) == Some(&b'\n') {
                raw.strip_suffix('\r').unwrap_or(raw)
            } else {
                raw
            };
            value.push_str(raw);
            i = end;
        }
        fields.push(Field {
            text: value,
            offset: start,
            quoted,
        });
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(b'\r' | b'\n') => {
                // A CR reaches here only as the first half of a CRLF (checked above).
                if bytes.get(i) == Some(&b'\r') {
                    i += 1;
                }
                end_record(&mut out, &mut fields, &mut record_start, &mut i);
                if i >= bytes.len() {
                    return Ok(out);
                }
            }
            _ => {
                if !is_blank(&fields) {
                    out.push(Record {
                        offset: record_start,
                        fields,
                    });
                }
                return Ok(out);
            }
        }
    }
}

/// End the record at the line break at `*i`; the next starts after it.
fn end_record(
    out: &mut Vec<Record>,
    fields: &mut Vec<Field>,
    record_start: &mut usize,
    i: &mut usize,
) {
    let fields = std::mem::take(fields);
    if !is_blank(&fields) {
        out.push(Record {
            offset: *record_start,
            fields,
        });
    }
    *i += 1;
    *record_start = *i;
}

/// A blank line: one field, empty and unquoted.
fn is_blank(fields: &[Field]) -> bool {
    matches!(fields, [f] if f.text.is_empty() && !f.quoted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str) -> Vec<Vec<String>> {
        records(input)
            .expect("valid CSV")
            .into_iter()
            .map(|r| r.fields.into_iter().map(|f| f.text).collect())
            .collect()
    }

    #[test]
    fn fields_quotes_and_line_breaks() {
        assert_eq!(
            texts("id,source\r\n1,\"a, \"\"b\"\"\nc\"\n\n2,\n"),
            vec![
                vec!["id".to_owned(), "source".to_owned()],
                vec!["1".to_owned(), "a, \"b\"\nc".to_owned()],
                vec!["2".to_owned(), String::new()],
            ]
        );
        assert_eq!(texts("a,b"), vec![vec!["a".to_owned(), "b".to_owned()]]);
        assert_eq!(texts("a,"), vec![vec!["a".to_owned(), String::new()]]);
        assert_eq!(texts(""), Vec::<Vec<String>>::new());
        assert_eq!(texts("\"\"\n"), vec![vec![String::new()]]);
        assert_eq!(
            texts("a\rb,c\n"),
            vec![vec!["a\rb".to_owned(), "c".to_owned()]]
        );
    }

    #[test]
    fn offsets_of_records_and_fields() {
        let r = records("ab,\"c\"\nd,e").expect("valid");
        assert_eq!(r[0].offset, 0);
        assert_eq!(r[0].fields[1].offset, 3);
        assert_eq!(r[1].offset, 7);
        assert_eq!(r[1].fields[1].offset, 9);
    }

    #[test]
    fn what_rfc_4180_refuses_is_refused_with_its_place() {
        let bad = |input: &str| records(input).expect_err("malformed");
        assert_eq!(
            bad("a,b\"c\n"),
            Malformed {
                offset: 3,
                problem: Problem::QuoteInUnquotedField
            }
        );
        assert_eq!(
            bad("a,\"b\"c\n"),
            Malformed {
                offset: 5,
                problem: Problem::TextAfterClosingQuote
            }
        );
        assert_eq!(
            bad("a\n\"b,c\nd,e\n"),
            Malformed {
                offset: 2,
                problem: Problem::UnclosedQuote
            }
        );
    }
}
