//! The one normalised view of Arabic text, with a byte-offset map back to the original text:
//! glossary matching runs on it, and the aligner compares words and phrases in it.
//!
//! Normalisation removes the marks of [`is_arabic_mark`] (harakat, tanween, shadda, sukun,
//! superscript alef, Quranic marks, tatweel) and invisible format characters; unifies the alef forms `أ إ آ ٱ` to `ا`,
//! `ى` to `ي` and `ة` to `ه` (and the Persian `ی ک` to `ي ك`); maps Arabic-Indic and Persian
//! digits to ASCII digits; lowercases ASCII letters; expands Arabic presentation forms (for
//! example the ligature `ﻻ`); and collapses every run of whitespace to one space. It never
//! reorders text, so every normalised character comes from exactly one original character and
//! [`Normalized::to_original`] maps a normalised byte offset back to the original.

use super::is_arabic_mark;

/// A normalised copy of a text plus the map back to the original byte offsets.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    map: OffsetMap,
}

/// What normalisation does with one character.
enum Action {
    Drop,
    Space,
    Keep(char),
}

fn classify(c: char) -> Action {
    match c {
        // Diacritics, Quranic marks and tatweel.
        c if is_arabic_mark(c) => Action::Drop,
        // Invisible format characters: ZWNJ, ZWJ, marks, embeddings, isolates, BOM.
        '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => Action::Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' => Action::Keep('ا'),
        'ى' | 'ی' => Action::Keep('ي'),
        'ة' => Action::Keep('ه'),
        'ک' => Action::Keep('ك'),
        '\u{0660}'..='\u{0669}' => Action::Keep(shift_digit(c, '\u{0660}')),
        '\u{06F0}'..='\u{06F9}' => Action::Keep(shift_digit(c, '\u{06F0}')),
        'A'..='Z' => Action::Keep(c.to_ascii_lowercase()),
        c if c.is_whitespace() => Action::Space,
        c => Action::Keep(c),
    }
}

fn shift_digit(c: char, zero: char) -> char {
    let value = u32::from(c) - u32::from(zero);
    char::from_digit(value, 10).unwrap_or(c)
}

/// Arabic presentation forms (Forms-A and Forms-B), which expand to the base letters.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Call `emit` with each normalised character and the original offset of the character it
/// comes from, in order.
fn walk(text: &str, mut emit: impl FnMut(char, usize)) {
    let mut last_space = false;
    for (offset, c) in text.char_indices() {
        if is_kept_as_is(c) {
            last_space = false;
            emit(c, offset);
        } else if is_presentation_form(c) {
            let mut expanded = Vec::with_capacity(4);
            unicode_normalization::char::decompose_compatible(c, |d| expanded.push(d));
            for d in expanded {
                apply(classify(d), offset, &mut last_space, &mut emit);
            }
        } else {
            apply(classify(c), offset, &mut last_space, &mut emit);
        }
    }
}

fn apply(action: Action, offset: usize, last_space: &mut bool, emit: &mut impl FnMut(char, usize)) {
    let c = match action {
        Action::Drop => return,
        Action::Space if *last_space => return,
        Action::Space => ' ',
        Action::Keep(c) => c,
    };
    *last_space = c == ' ';
    emit(c, offset);
}

/// The common characters that normalisation keeps unchanged (a fast path; [`classify`] gives
/// the same answer for them).
fn is_kept_as_is(c: char) -> bool {
    matches!(c,
        'a'..='z' | '0'..='9' | '!'..='/' | ':'..='@'
        | '\u{0621}' | '\u{0624}' | '\u{0626}'..='\u{0628}' | '\u{062A}'..='\u{063A}'
        | '\u{0641}'..='\u{0648}' | '\u{064A}' | '،')
}

/// Maps offsets in a derived text back to the original text.
#[derive(Debug, Clone)]
struct OffsetMap {
    /// `(derived offset, original offset)` at every point where the difference between the two
    /// changes; between two checkpoints both advance together.
    checkpoints: Vec<(usize, usize)>,
    original_len: usize,
}

impl OffsetMap {
    fn new(original_len: usize) -> OffsetMap {
        OffsetMap {
            checkpoints: vec![(0, 0)],
            original_len,
        }
    }

    /// Record that the derived text at `derived` comes from the original at `original`.
    fn note(&mut self, derived: usize, original: usize) {
        let expected = self.checkpoints.last().map(|&(n, o)| o + (derived - n));
        if expected != Some(original) {
            self.checkpoints.push((derived, original));
        }
    }

    fn to_original(&self, derived: usize, derived_len: usize) -> usize {
        if derived >= derived_len {
            return self.original_len;
        }
        let index = self.checkpoints.partition_point(|&(n, _)| n <= derived);
        match index.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
            Some(&(n, o)) => o + (derived - n),
            None => derived,
        }
    }
}

impl Normalized {
    /// Normalise `text`.
    pub fn new(text: &str) -> Normalized {
        let mut out = String::with_capacity(text.len());
        let mut map = OffsetMap::new(text.len());
        walk(text, |c, offset| {
            map.note(out.len(), offset);
            out.push(c);
        });
        Normalized { text: out, map }
    }

    /// The original byte offset of the character that starts at normalised offset `norm`, or
    /// the original length for the end of the text. At the end of a match this offset includes
    /// the diacritics and tatweel that followed its last letter.
    pub fn to_original(&self, norm: usize) -> usize {
        self.map.to_original(norm, self.text.len())
    }
}

/// The normalised text with one byte per character, which halves the work of the matching
/// automaton on Arabic (two bytes per letter in UTF-8). ASCII stays ASCII; the Arabic letters,
/// a few extended letters and the Arabic punctuation get their own bytes; any other character
/// becomes [`OTHER_WORD`] or [`OTHER`], so a pattern holding such a character must be verified
/// against the normalised text (see [`compact_pattern`]).
#[derive(Debug, Clone)]
pub(crate) struct Compact {
    pub(crate) bytes: Vec<u8>,
    /// The original offset of the character behind each byte (almost every Arabic letter
    /// changes the offset difference, so a checkpoint map would be no smaller).
    origins: Vec<usize>,
    original_len: usize,
}

/// The byte of a letter or digit that has no byte of its own.
pub(crate) const OTHER_WORD: u8 = 0xFE;
/// The byte of any other character that has no byte of its own.
pub(crate) const OTHER: u8 = 0xFF;

/// Extended Arabic letters with a byte of their own, after the basic letters.
const EXTENDED: [char; 6] = ['پ', 'چ', 'ژ', 'ڤ', 'ڨ', 'گ'];

/// The compact byte of a normalised character.
pub(crate) fn compact_byte(c: char) -> u8 {
    match c {
        '\0'..='\x7F' => c as u8,
        '\u{0621}'..='\u{064A}' => 0x80 + (u32::from(c) - 0x0621) as u8,
        '،' => 0xB0,
        '؛' => 0xB1,
        '؟' => 0xB2,
        c => match EXTENDED.iter().position(|&e| e == c) {
            Some(i) => 0xAA + i as u8,
            None if is_word_char(c) => OTHER_WORD,
            None => OTHER,
        },
    }
}

/// Whether a compact byte stands for a word character.
pub(crate) fn is_compact_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || (0x80..=0xAF).contains(&b) || b == OTHER_WORD
}

/// The compact form of a normalised string, and whether it is exact (every character has its
/// own byte, so a byte match is a character match).
pub(crate) fn compact_pattern(normalized: &str) -> (Vec<u8>, bool) {
    let bytes: Vec<u8> = normalized.chars().map(compact_byte).collect();
    let exact = !bytes.iter().any(|&b| b == OTHER_WORD || b == OTHER);
    (bytes, exact)
}

impl Compact {
    /// Normalise `text` straight into the compact form.
    pub(crate) fn new(text: &str) -> Compact {
        let mut bytes = Vec::with_capacity(text.len() / 2 + 16);
        let mut origins = Vec::with_capacity(text.len() / 2 + 16);
        walk(text, |c, offset| {
            origins.push(offset);
            bytes.push(compact_byte(c));
        });
        Compact {
            bytes,
            origins,
            original_len: text.len(),
        }
    }

    /// The original byte offset of the character at compact offset `position` (see
    /// [`Normalized::to_original`]).
    pub(crate) fn to_original(&self, position: usize) -> usize {
        self.origins
            .get(position)
            .copied()
            .unwrap_or(self.original_len)
    }
}

/// Normalise a glossary form or a short text: the same rules, trimmed, without the offset map.
pub fn normalize(text: &str) -> String {
    Normalized::new(text.trim()).text.trim().to_string()
}

/// Whether `c` belongs to a word (a letter or digit of any script) for boundary tests.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::{Normalized, normalize};

    #[test]
    fn normalize_removes_diacritics_and_tatweel() {
        assert_eq!(normalize("حِمْصُ"), "حمص");
        assert_eq!(normalize("مُحَمَّدٌ"), "محمد");
        assert_eq!(normalize("الأســـد"), "الاسد");
    }

    #[test]
    fn normalize_unifies_alef_forms() {
        for form in ["أردوغان", "إردوغان", "آردوغان", "ٱردوغان", "اردوغان"]
        {
            assert_eq!(normalize(form), "اردوغان", "{form}");
        }
        // A decomposed hamza (alef + combining hamza above) gives the same result.
        assert_eq!(normalize("ا\u{0654}ردوغان"), "اردوغان");
    }

    #[test]
    fn normalize_unifies_yeh_and_teh_marbuta() {
        assert_eq!(normalize("حتى"), normalize("حتي"));
        assert_eq!(normalize("سورية"), normalize("سوريه"));
        assert_eq!(normalize("ی"), "ي");
    }

    #[test]
    fn normalize_unifies_digits() {
        assert_eq!(normalize("٢٠١٢"), "2012");
        assert_eq!(normalize("۲۰۱۲"), "2012");
        assert_eq!(normalize("2012"), "2012");
    }

    #[test]
    fn normalize_collapses_whitespace_and_lowercases_ascii() {
        assert_eq!(normalize("  بابا \t\n عمرو  "), "بابا عمرو");
        assert_eq!(normalize("SANA"), "sana");
        assert_eq!(normalize("بابا\u{00A0}عمرو"), "بابا عمرو");
    }

    #[test]
    fn normalize_expands_presentation_forms() {
        // U+FEFB is the lam-alef ligature; U+FE8D..U+FEF4 are contextual letter forms.
        assert_eq!(normalize("\u{FEFB}"), "لا");
        assert_eq!(normalize("\u{FEA3}\u{FEE4}\u{FEBA}"), "حمص");
    }

    #[test]
    fn normalize_removes_invisible_format_characters() {
        assert_eq!(normalize("حم\u{200C}ص\u{200F}"), "حمص");
    }

    #[test]
    fn normalize_maps_offsets_back() {
        let text = "في حِمْصَ، و٢٠";
        let n = Normalized::new(text);
        assert_eq!(n.text, "في حمص، و20");
        let start = n.text.find("حمص").unwrap();
        let end = start + "حمص".len();
        let range = n.to_original(start)..n.to_original(end);
        // The end includes the trailing fatha of the last letter.
        assert_eq!(&text[range], "حِمْصَ");
        let digits = n.text.find("20").unwrap();
        assert_eq!(
            &text[n.to_original(digits)..n.to_original(digits + 2)],
            "٢٠"
        );
        assert_eq!(n.to_original(n.text.len()), text.len());
    }

    #[test]
    fn normalize_maps_ligature_offsets_to_char_boundaries() {
        let text = "x \u{FEFB}فروف";
        let n = Normalized::new(text);
        assert_eq!(n.text, "x لافروف");
        for (i, _) in n.text.char_indices() {
            assert!(text.is_char_boundary(n.to_original(i)));
        }
    }

    #[test]
    fn normalize_fast_path_agrees_with_classify() {
        use super::{Action, classify, is_kept_as_is};
        for c in (0..0x700).filter_map(char::from_u32) {
            if is_kept_as_is(c) {
                assert!(matches!(classify(c), Action::Keep(k) if k == c), "{c:?}");
            }
        }
    }

    #[test]
    fn compact_matches_normalized_character_for_character() {
        use super::{Compact, compact_byte};
        let text = "في حِمْصَ، وپ é ٢٠ ﻻ";
        let n = Normalized::new(text);
        let c = Compact::new(text);
        let expected: Vec<u8> = n.text.chars().map(compact_byte).collect();
        assert_eq!(c.bytes, expected);
        for (i, (offset, _)) in n.text.char_indices().enumerate() {
            assert_eq!(c.to_original(i), n.to_original(offset));
        }
        assert_eq!(c.to_original(c.bytes.len()), text.len());
    }

    proptest::proptest! {
        #[test]
        fn normalize_offsets_are_monotonic_char_boundaries(text in "[\\x{0600}-\\x{06FF}\\x{FE70}-\\x{FEFF}\\x{200C}-\\x{200F} a-zA-Z0-9\\t\\n،.]{0,40}") {
            let n = Normalized::new(&text);
            let mut last = 0;
            for (i, _) in n.text.char_indices().chain(std::iter::once((n.text.len(), ' '))) {
                let o = n.to_original(i);
                proptest::prop_assert!(text.is_char_boundary(o), "{o} in {text:?}");
                proptest::prop_assert!(o >= last);
                last = o;
            }
        }
    }
}
