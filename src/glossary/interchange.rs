//! Glossary import and export as CSV and TSV tables, for spreadsheets, OmegaT and Okapi.
//!
//! One row per term, columns in this order (the first three are what OmegaT reads: source,
//! target, comment): `arabic`, `english`, `note`, `kind`, `forbidden`, `do_not_translate`.
//! Several Arabic forms or forbidden renderings share one cell, separated by `|`. CSV follows
//! RFC 4180 (quoted cells may hold commas, quotes and line breaks) with a header row; TSV has
//! no quoting, so tabs and line breaks inside cells become spaces, and its header row starts
//! with `#`. On import a header row is optional, lines starting with `#` and blank lines are
//! skipped, missing trailing columns are empty and extra columns are ignored.

use crate::text::Location;
use std::path::Path;

use super::{Error, Glossary, Term, TermKind};

/// The two table flavours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Csv,
    Tsv,
}

const COLUMNS: [&str; 6] = [
    "arabic",
    "english",
    "note",
    "kind",
    "forbidden",
    "do_not_translate",
];

/// The glossary as a table of the given flavour.
pub fn to_table(glossary: &Glossary, table: Table) -> String {
    write_table(glossary, table)
}

/// Read a table of the given flavour; `path` is only used in errors.
pub fn from_table(text: &str, path: &Path, table: Table) -> Result<Glossary, Error> {
    read_table(text, path, table)
}

/// The glossary as CSV.
pub fn to_csv(glossary: &Glossary) -> String {
    write_table(glossary, Table::Csv)
}

/// The glossary as TSV.
pub fn to_tsv(glossary: &Glossary) -> String {
    write_table(glossary, Table::Tsv)
}

/// Read a CSV glossary; `path` is only used in errors.
pub fn from_csv(text: &str, path: &Path) -> Result<Glossary, Error> {
    read_table(text, path, Table::Csv)
}

/// Read a TSV glossary; `path` is only used in errors.
pub fn from_tsv(text: &str, path: &Path) -> Result<Glossary, Error> {
    read_table(text, path, Table::Tsv)
}

fn write_table(glossary: &Glossary, table: Table) -> String {
    let mut out = String::new();
    let header: Vec<String> = COLUMNS.iter().map(|c| (*c).to_string()).collect();
    match table {
        Table::Csv => write_row(&mut out, &header, table),
        Table::Tsv => {
            out.push('#');
            write_row(&mut out, &header, table);
        }
    }
    for term in glossary.terms() {
        let row = vec![
            term.arabic.join("|"),
            term.english.clone(),
            term.note.clone().unwrap_or_default(),
            term.kind
                .map(|k| k.as_str().to_string())
                .unwrap_or_default(),
            term.forbidden.join("|"),
            if term.do_not_translate { "true" } else { "" }.to_string(),
        ];
        write_row(&mut out, &row, table);
    }
    out
}

fn write_row(out: &mut String, cells: &[String], table: Table) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(if table == Table::Csv { ',' } else { '\t' });
        }
        match table {
            Table::Csv => {
                if cell.contains([',', '"', '\n', '\r'])
                    || cell.starts_with(' ')
                    || cell.ends_with(' ')
                {
                    out.push('"');
                    out.push_str(&cell.replace('"', "\"\""));
                    out.push('"');
                } else {
                    out.push_str(cell);
                }
            }
            Table::Tsv => out.push_str(&cell.replace(['\t', '\n', '\r'], " ")),
        }
    }
    out.push('\n');
}

/// A cell with its 1-based position.
struct Cell {
    text: String,
    line: usize,
    column: usize,
}

fn read_table(text: &str, path: &Path, table: Table) -> Result<Glossary, Error> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let rows = match table {
        Table::Csv => parse_csv(text, path)?,
        Table::Tsv => parse_tsv(text),
    };
    let mut glossary = Glossary::new();
    let mut first = true;
    for row in rows {
        let is_blank = row.iter().all(|c| c.text.trim().is_empty());
        let is_comment = row.first().is_some_and(|c| c.text.starts_with('#'));
        let is_header = first
            && row
                .first()
                .is_some_and(|c| c.text.trim().eq_ignore_ascii_case("arabic"));
        first = false;
        if is_blank || is_comment || is_header {
            continue;
        }
        let (line, column) = row.first().map_or((1, 1), |c| (c.line, c.column));
        let cell = |i: usize| row.get(i).map(|c| c.text.trim()).unwrap_or("");
        let at = |i: usize| row.get(i).map_or((line, column), |c| (c.line, c.column));
        let invalid = |(line, column): (usize, usize), message: String| Error::Invalid {
            at: Location {
                path: path.to_path_buf(),
                line,
                column,
            },
            message,
        };
        let kind = match cell(3) {
            "" => None,
            k => Some(TermKind::parse(k).ok_or_else(|| {
                invalid(
                    at(3),
                    format!(
                        "unknown kind `{k}` (expected person, place, organisation, title or term)"
                    ),
                )
            })?),
        };
        let do_not_translate = match cell(5).to_ascii_lowercase().as_str() {
            "" | "false" | "no" | "0" => false,
            "true" | "yes" | "1" => true,
            other => {
                return Err(invalid(
                    at(5),
                    format!("`do_not_translate` must be true or false, not `{other}`"),
                ));
            }
        };
        let term = Term {
            arabic: split_list(cell(0)),
            english: cell(1).to_string(),
            note: Some(cell(2).to_string()).filter(|n| !n.is_empty()),
            kind,
            forbidden: split_list(cell(4)),
            do_not_translate,
        };
        glossary.add(term).map_err(|err| match err {
            Error::Term { message } => invalid((line, column), message),
            other => other,
        })?;
    }
    Ok(glossary)
}

fn split_list(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_tsv(text: &str) -> Vec<Vec<Cell>> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let mut column = 1;
            line.split('\t')
                .map(|cell| {
                    let c = Cell {
                        text: cell.to_string(),
                        line: i + 1,
                        column,
                    };
                    column += cell.chars().count() + 1;
                    c
                })
                .collect()
        })
        .collect()
}

/// CSV by RFC 4180 (the one strict reader, [`crate::text::csv`]), each cell with its line
/// and column.
fn parse_csv(text: &str, path: &Path) -> Result<Vec<Vec<Cell>>, Error> {
    let lines = crate::text::LineIndex::new(text);
    let records = crate::text::csv::records(text).map_err(|m| {
        let (line, column) = lines.line_column(m.offset);
        Error::Syntax {
            at: Location {
                path: path.to_path_buf(),
                line,
                column,
            },
            message: m.problem.describe().to_owned(),
        }
    })?;
    Ok(records
        .into_iter()
        .map(|record| {
            record
                .fields
                .into_iter()
                .map(|field| {
                    let (line, column) = lines.line_column(field.offset);
                    Cell {
                        text: field.text,
                        line,
                        column,
                    }
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{from_csv, from_tsv, to_csv, to_tsv};
    use crate::glossary::{Error, Glossary, Term, TermKind};

    fn sample() -> Glossary {
        let mut g = Glossary::new();
        let mut t = Term::new(vec!["سيرجي لافروف", "سيرغي لافروف"], "Sergei Lavrov");
        t.kind = Some(TermKind::Person);
        t.forbidden = vec!["Sergey Lavrov".into()];
        t.note = Some("Russian foreign minister, \"quoted\", with a comma".into());
        g.add(t).unwrap();
        let mut t = Term::new(vec!["حمص", "حمس"], "Homs");
        t.kind = Some(TermKind::Place);
        g.add(t).unwrap();
        let mut t = Term::new(vec!["سانا"], "");
        t.do_not_translate = true;
        g.add(t).unwrap();
        g
    }

    #[test]
    fn csv_round_trip() {
        let g = sample();
        let text = to_csv(&g);
        assert!(text.starts_with("arabic,english,note,kind,forbidden,do_not_translate\n"));
        assert_eq!(
            from_csv(&text, Path::new("g.csv")).unwrap().terms(),
            g.terms()
        );
    }

    #[test]
    fn tsv_round_trip() {
        let g = sample();
        let text = to_tsv(&g);
        assert!(text.starts_with("#arabic\tenglish\t"));
        assert_eq!(
            from_tsv(&text, Path::new("g.tsv")).unwrap().terms(),
            g.terms()
        );
    }

    #[test]
    fn tsv_reads_omegat_three_columns() {
        let g = from_tsv(
            "حمص\tHoms\tcity in Syria\nدرعا\tDaraa\n",
            Path::new("g.txt"),
        )
        .unwrap();
        assert_eq!(g.terms().len(), 2);
        assert_eq!(g.terms()[0].note.as_deref(), Some("city in Syria"));
        assert_eq!(g.terms()[1].english, "Daraa");
    }

    #[test]
    fn csv_multiline_quoted_cell_and_crlf() {
        let text = "arabic,english,note\r\nحمص,Homs,\"two\r\nlines\"\r\nدرعا,Daraa,\r\n";
        let g = from_csv(text, Path::new("g.csv")).unwrap();
        assert_eq!(g.terms().len(), 2);
    }

    fn err(result: Result<Glossary, Error>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn csv_errors_carry_line_and_column() {
        assert_eq!(
            err(from_csv("arabic,english\nحمص,\"Homs\n", Path::new("g.csv"))),
            "g.csv:2:5: a quoted field is never closed"
        );
        assert_eq!(
            err(from_csv("حمص,Ho\"ms\n", Path::new("g.csv"))),
            "g.csv:1:7: a quote inside an unquoted field (quote the whole field, doubling the \
             quote)"
        );
        assert_eq!(
            err(from_csv("حمص,Homs,,city\n", Path::new("g.csv"))),
            "g.csv:1:11: unknown kind `city` (expected person, place, organisation, title or term)"
        );
        assert_eq!(
            err(from_csv("حمص,Homs\nحمص,Hims\n", Path::new("g.csv"))),
            "g.csv:2:1: conflicting entry: `حمص` is rendered `Hims` here and `Homs` (term 1)"
        );
        assert_eq!(
            err(from_tsv("حمص\t\n", Path::new("g.tsv"))),
            "g.tsv:1:1: empty English rendering (set `do_not_translate: true` to keep the Arabic)"
        );
    }
}
