//! Text primitives named by concept: which characters are Arabic letters and marks, where a
//! byte offset lies as a line and column, and a [`Location`] to name it in a message.
//!
//! The letter and mark classes follow the Unicode Character Database: a letter is a character
//! of general category `Lo` or `Lm` in the Arabic blocks (Arabic, Arabic Supplement, Arabic
//! Extended-A and -B, Arabic Presentation Forms-A and -B), except the tatweel, which only
//! stretches a word and counts as a mark here; a mark is a combining mark (`Mn`) of those blocks:
//! harakat, tanween, shadda, sukun, superscript alef and the Quranic annotation signs, with the
//! small letters written above others (`U+06E5`, `U+06E6`, `U+08C9`, of category `Lm`), which
//! the splitter and the normaliser have always treated as marks. Digits, punctuation, symbols
//! and format characters are neither.

pub mod csv;
pub mod names;
pub mod normalize;

use std::fmt;
use std::path::PathBuf;

/// A letter of the Arabic script, in any of the Arabic blocks, presentation forms included
/// (not the tatweel, not marks, digits, punctuation or symbols).
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        // Arabic.
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        // Arabic Supplement.
        | '\u{0750}'..='\u{077F}'
        // Arabic Extended-B.
        | '\u{0870}'..='\u{0887}' | '\u{0889}'..='\u{088E}'
        // Arabic Extended-A.
        | '\u{08A0}'..='\u{08C8}'
        // Arabic Presentation Forms-A.
        | '\u{FB50}'..='\u{FBB1}' | '\u{FBD3}'..='\u{FD3D}' | '\u{FD50}'..='\u{FD8F}'
        | '\u{FD92}'..='\u{FDC7}' | '\u{FDF0}'..='\u{FDFB}'
        // Arabic Presentation Forms-B.
        | '\u{FE70}'..='\u{FE74}' | '\u{FE76}'..='\u{FEFC}')
}

/// A mark that belongs to the Arabic letter before it: a combining mark of the Arabic blocks
/// (harakat, tanween, shadda, sukun, superscript alef, Quranic signs), a small letter written
/// above another (`U+06E5`, `U+06E6`, `U+08C9`) or the tatweel.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}' | '\u{0898}'..='\u{089F}' | '\u{08C9}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}')
}

/// Whether a text has any Arabic letter.
pub fn has_arabic(text: &str) -> bool {
    text.chars().any(is_arabic_letter)
}

/// 1-based line and column (in characters) of byte `at` of `bytes`; an offset past the end
/// means the end. Bytes that are not UTF-8 count as one character each run.
pub fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, column(&before[line_start..]))
}

/// The 1-based column after the given start of a line.
fn column(line_start: &[u8]) -> usize {
    String::from_utf8_lossy(line_start).chars().count() + 1
}

/// The line starts of a text, for many offset lookups in one text without scanning it each time.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Index the line starts of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset, as [`line_column`] gives; an
    /// offset inside a character means that character.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= end).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let bytes = self.text.as_bytes().get(start..end).unwrap_or_default();
        (line, column(bytes))
    }
}

/// A place in a file, shown as `path:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` of `text`, read from `path`.
    pub fn of_offset(path: impl Into<PathBuf>, text: &[u8], offset: usize) -> Location {
        let (line, column) = line_column(text, offset);
        Location {
            path: path.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_marks_are_apart() {
        for c in "اأإآبتثجحخدذرسشصضطظعغفقكلمنهويىةءئؤٱپچژگکی".chars()
        {
            assert!(is_arabic_letter(c), "{c:?} is a letter");
            assert!(!is_arabic_mark(c), "{c:?} is not a mark");
        }
        for c in [
            '\u{064B}', '\u{064E}', '\u{0651}', '\u{0652}', '\u{0670}', '\u{0640}',
        ] {
            assert!(is_arabic_mark(c), "{c:?} is a mark");
            assert!(!is_arabic_letter(c), "{c:?} is not a letter");
        }
        for c in [
            '٣', '۳', '،', '؛', '؟', '٪', '\u{061C}', '\u{FEFF}', '\u{FDFC}', 'a', ' ',
        ] {
            assert!(
                !is_arabic_letter(c) && !is_arabic_mark(c),
                "{c:?} is neither"
            );
        }
        // Presentation forms: the lam-alef ligature is a letter.
        assert!(is_arabic_letter('ﻻ'));
        assert!(has_arabic("a ب") && !has_arabic("abc ١٢"));
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "ab\nسلام x\n";
        assert_eq!(line_column(text.as_bytes(), 0), (1, 1));
        assert_eq!(line_column(text.as_bytes(), 3), (2, 1));
        assert_eq!(line_column(text.as_bytes(), 3 + 8 + 1), (2, 6));
        assert_eq!(line_column(text.as_bytes(), 1000), (3, 1));
        let index = LineIndex::new(text);
        for at in [0, 1, 2, 3, 5, 11, 12, 13, 1000] {
            assert_eq!(
                index.line_column(at),
                line_column(text.as_bytes(), at),
                "at {at}"
            );
        }
        // Inside a character: that character.
        assert_eq!(index.line_column(4), (2, 1));
        let here = Location::of_offset("a.txt", text.as_bytes(), 3);
        assert_eq!(here.to_string(), "a.txt:2:1");
    }
}
