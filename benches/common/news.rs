//! Words of the seed article's kind, Arabic and English, and a small deterministic generator:
//! the material the benchmarks build their synthetic documents from.

#![allow(dead_code, reason = "each benchmark uses the part it needs")]

pub(crate) const ARABIC: &[&str] = &[
    "قال",
    "نشطاء",
    "إن",
    "قوات",
    "مدرعة",
    "موالية",
    "للرئيس",
    "توغلت",
    "في",
    "مدينة",
    "حمص",
    "بوسط",
    "سوريا",
    "اليوم",
    "وهي",
    "تطلق",
    "قذائف",
    "صاروخية",
    "الهاون",
    "الأحياء",
    "دبابات",
    "دخلت",
    "حي",
    "واقتربت",
    "من",
    "الذي",
    "كان",
    "هدفا",
    "لأشد",
    "هجمات",
    "القوات",
    "الموالية",
    "أكثر",
    "شخص",
    "اليومين",
    "الماضيين",
    "وزير",
    "الخارجية",
    "الروسي",
    "لافروف",
    "دمشق",
];
pub(crate) const ENGLISH: &[&str] = &[
    "said",
    "activists",
    "that",
    "forces",
    "armoured",
    "loyal",
    "to",
    "the",
    "president",
    "entered",
    "in",
    "city",
    "Homs",
    "central",
    "Syria",
    "today",
    "firing",
    "rockets",
    "mortars",
    "districts",
    "tanks",
    "near",
    "which",
    "was",
    "a",
    "target",
    "of",
    "heaviest",
    "attacks",
    "more",
    "than",
    "people",
    "past",
    "two",
    "days",
    "minister",
    "foreign",
    "Russian",
    "Lavrov",
    "Damascus",
];

/// A small deterministic generator (xorshift).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}
