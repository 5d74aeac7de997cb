//! The word lists behind the built-in rules: abbreviations, era marks, words that start
//! or continue a sentence, and fast look-ups in them.
//!
//! Lists are sorted (a test checks it) so that the ASCII ones can be binary-searched; the
//! Arabic ones are looked up through hash sets built once.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::text::is_arabic_mark as is_mark;

/// Latin abbreviations that never end a sentence (titles, "e.g.", "No." ...), lowercase.
#[rustfmt::skip]
pub(crate) const LATIN_NEVER_END: &[&str] = &[
    "adm", "approx", "apr", "art", "aug", "ave", "blvd", "capt", "cf", "ch", "cmdr", "col",
    "dec", "dept", "dr", "e.g", "ed", "eds", "feb", "fig", "figs", "ft", "gen", "gov", "hon",
    "i.e", "jan", "lt", "maj", "mr", "mrs", "ms", "mt", "no", "nos", "nov", "oct", "op", "pp",
    "pres", "prof", "rep", "rev", "sec", "sen", "sep", "sept", "sgt", "st", "viz", "vol",
    "vols", "vs",
];

/// Latin abbreviations that may end a sentence, lowercase.
#[rustfmt::skip]
pub(crate) const LATIN_MAY_END: &[&str] = &[
    "a.m", "al", "bros", "co", "corp", "d.c", "e.u", "etc", "inc", "jr", "llc", "ltd", "p.m",
    "ph.d", "plc", "sr", "u.k", "u.n", "u.s", "u.s.a",
];

/// Arabic abbreviations written as a word (not a single letter) that may end a sentence.
#[rustfmt::skip]
pub(crate) const ARABIC_MAY_END: &[&str] = &[
    "إلخ", "الخ", "انتهى", "اهـ",
];

/// Marks after a number that may end a sentence: eras after a year (`م`, `هـ`, `ق.م`),
/// `ص`/`م` after a time (a.m./p.m.), and units (`كم`, `كغ`).
#[rustfmt::skip]
pub(crate) const ERA_MARKS: &[&str] = &[
    "ب.ق.م", "ب.م", "سم", "ص", "ق", "ق.م", "ق.ه", "ق.هـ", "كجم", "كغ", "كلغ", "كلم", "كم", "م",
    "مـ", "مل", "ملم", "مم", "ه", "هـ",
];

/// Words that show a new Arabic sentence starts (after an ellipsis, a year with an era
/// mark, or an abbreviation that may end a sentence).
#[rustfmt::skip]
pub(crate) const ARABIC_STARTERS: &[&str] = &[
    "أما", "أين", "إذ", "إلا", "بذلك", "بينما", "ثم", "غير", "فإن", "فإنه", "فقال", "فقد",
    "فكان", "فلا", "فلم", "فهو", "فهي", "قد", "كما", "كيف", "لا", "لذا", "لذلك", "لقد", "لكن",
    "لم", "لماذا", "ماذا", "متى", "هذا", "هذه", "هل", "وأما", "وبذلك", "وعليه", "ولقد", "ولكن",
    "ويأتي", "ويذكر", "ويشار", "يأتي", "يذكر", "يشار",
];

/// Nouns that start with و or ف but are not a conjunction and a word.
#[rustfmt::skip]
pub(crate) const WAW_FA_NOUNS: &[&str] = &[
    "فؤاد", "فئة", "فارس", "فاطمة", "فبراير", "فترة", "فرص", "فرصة", "فرع", "فرنسا", "فريق",
    "فصل", "فضلا", "فضلاً", "فقط", "فكر", "فكرة", "فلاديمير", "فلسطين", "فن", "فنان", "فندق",
    "فنزويلا", "فهد", "فهم", "فور", "فوز", "فوق", "في", "فيروس", "فيصل", "فيفري", "فيلم",
    "فيما", "فيه", "فيها", "فيينا", "وائل", "واحد", "واحدة", "وادي", "وارسو", "واشنطن", "واضح",
    "واضحة", "واقع", "واقعة", "والد", "والدة", "وثائق", "وثيقة", "وجه", "وجهة", "وجود", "وحدات",
    "وحدة", "ورشة", "ورقة", "وزارة", "وزراء", "وزن", "وزير", "وزيرة", "وسائل", "وسط", "وسيلة",
    "وصول", "وضع", "وطن", "وطني", "وطنية", "وظائف", "وظيفة", "وعد", "وعود", "وفاة", "وفد",
    "وفق", "وفقا", "وفقاً", "وقت", "وقف", "وقود", "وكالات", "وكالة", "ولادة", "ولايات", "ولاية",
    "ولد", "ولي", "وليام", "وليد", "ويليام",
];

/// Words after a closing quote that show the quoted sentence is part of a longer one.
#[rustfmt::skip]
pub(crate) const QUOTE_CONTINUATIONS: &[&str] = &[
    "أجاب", "أجابت", "أشار", "أشارت", "أضاف", "أضافت", "أكد", "أكدت", "أو", "أوضح", "أوضحت",
    "أي", "إلى", "التي", "الذي", "الذين", "بحسب", "بدلا", "بدلاً", "بعد", "بل", "بين", "بينما",
    "تحت", "تساءل", "تساءلت", "تضيف", "تقول", "ثم", "حسب", "حسبما", "حيث", "حين", "خلال", "ذكر",
    "ذكرت", "رد", "ردت", "ردّ", "سأل", "سألت", "صاح", "صاحت", "صرح", "صرحت", "صرّح", "ضمن",
    "عبر", "علق", "علقت", "على", "علّق", "عن", "عندما", "فوق", "في", "قائلا", "قائلاً", "قال",
    "قالت", "قالها", "قبل", "كتب", "كتبت", "كما", "لأن", "لدى", "ليس", "مؤكدا", "مؤكداً",
    "متسائلا", "متسائلاً", "مشيرا", "مشيراً", "مضيفا", "مضيفاً", "مع", "من", "منذ", "نقلا",
    "نقلاً", "هتف", "هتفت", "هكذا", "هو", "هي", "وتضيف", "وتقول", "وذلك", "وفق", "وفقا",
    "وفقاً", "ونقل", "وهم", "وهو", "وهي", "ويضيف", "ويقول", "يتساءل", "يضيف", "يقول", "يقولون",
];

/// English words that start sentences (used after an abbreviation or a closing quote that may
/// end one), with the auxiliaries that open a question (`Will the council act?`).
#[rustfmt::skip]
pub(crate) const ENGLISH_STARTERS: &[&str] = &[
    "A", "According", "After", "All", "Also", "An", "And", "Are", "As", "At", "Before", "Both",
    "But", "Can", "Could", "Did", "Do", "Does", "Each", "Earlier", "For", "Has", "Have", "He",
    "Her", "His", "How", "However", "I", "If", "In", "Is", "It", "Its", "Last", "Later", "Many",
    "May", "Meanwhile", "Might", "Most", "Must", "My", "Next", "No", "Not", "Now", "Officials",
    "On", "Or", "Other", "Our", "Police", "Shall", "She", "Should", "So", "Some", "Still", "Such",
    "That", "The", "Their", "Then", "There", "These", "They", "This", "Those", "Thus", "Was", "We",
    "Were", "What", "When", "Where", "While", "Who", "Why", "Will", "Would", "Yet", "You",
];

/// Whether `w` is in the sorted lowercase `list`, ignoring ASCII case.
pub(crate) fn in_list_ci(w: &str, list: &[&str]) -> bool {
    let mut buf = [0u8; 16];
    let Some(dst) = buf.get_mut(..w.len()) else {
        return false;
    };
    if !w.is_ascii() {
        return false;
    }
    dst.copy_from_slice(w.as_bytes());
    dst.make_ascii_lowercase();
    list.binary_search_by(|x| x.as_bytes().cmp(dst)).is_ok()
}

/// FNV-1a: a fast hash for the short words of the look-up lists.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A word list as a hash set, with the byte lengths of its shortest and longest word so
/// that most look-ups are answered without hashing.
pub(crate) struct WordSet {
    words: HashSet<&'static str, BuildHasherDefault<Fnv>>,
    min_len: usize,
    max_len: usize,
}

impl WordSet {
    fn new(list: &[&'static str]) -> WordSet {
        WordSet {
            words: list.iter().copied().collect(),
            min_len: list.iter().map(|w| w.len()).min().unwrap_or(0),
            max_len: list.iter().map(|w| w.len()).max().unwrap_or(0),
        }
    }
}

/// The look-up lists as hash sets, built once.
pub(crate) struct Sets {
    pub(crate) era: WordSet,
    pub(crate) arabic_may_end: WordSet,
    pub(crate) starters: WordSet,
    pub(crate) waw_fa_nouns: WordSet,
    pub(crate) continuations: WordSet,
}

pub(crate) static SETS: LazyLock<Sets> = LazyLock::new(|| {
    let set = WordSet::new;
    Sets {
        era: set(ERA_MARKS),
        arabic_may_end: set(ARABIC_MAY_END),
        starters: set(ARABIC_STARTERS),
        waw_fa_nouns: set(WAW_FA_NOUNS),
        continuations: set(QUOTE_CONTINUATIONS),
    }
});

/// Whether `w` is in `set` (exact, after removing harakat).
pub(crate) fn in_list(w: &str, set: &WordSet) -> bool {
    // Marks only make a word longer, so a word shorter than the shortest entry is out.
    if w.len() < set.min_len {
        return false;
    }
    let b = bare(w);
    (set.min_len..=set.max_len).contains(&b.len()) && set.words.contains(b.as_ref())
}

/// Whether `w` holds a mark other than tatweel (checked on bytes: this runs per candidate).
fn has_marks(w: &str) -> bool {
    w.as_bytes().windows(2).any(|p| match p[0] {
        0xD8 => (0x90..=0x9A).contains(&p[1]),
        0xD9 => (0x8B..=0x9F).contains(&p[1]) || p[1] == 0xB0,
        0xDB => (0x96..=0xAD).contains(&p[1]),
        _ => false,
    })
}

/// Letters of a word without harakat (tatweel is kept: `هـ`), for list look-ups.
pub(crate) fn bare(w: &str) -> Cow<'_, str> {
    if has_marks(w) {
        Cow::Owned(
            w.chars()
                .filter(|&c| !is_mark(c) || c == '\u{0640}')
                .collect(),
        )
    } else {
        Cow::Borrowed(w)
    }
}
