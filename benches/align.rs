//! Speed and peak memory of the aligner and the Gale-Church baseline on a long synthetic
//! document (4,000 x 4,000 sentences by default; pass another size as the first argument).
//!
//! The document is built from a few hand-written Arabic-English sentence pairs with varying
//! numbers and names, with merges (1:2, 2:1, 1:3), untranslated lines and boilerplate inserted
//! by a fixed pseudo-random sequence. Peak memory is the process's VmHWM, reset before each
//! run where the kernel allows it.

use std::io::Write;
use std::time::Instant;

use workbench::align::{Bead, Options, align, gale_church};

/// Hand-written pairs; `{n}` is replaced by a number (Arabic-Indic digits on some Arabic lines).
const PAIRS: &[(&str, &str)] = &[
    (
        "قال وزير المالية إن الحكومة ستخصص {n} مليون دولار لإصلاح الطرق في الشمال.",
        "The finance minister said the government would set aside {n} million dollars to repair roads in the north.",
    ),
    (
        "وأضاف أن العمل سيبدأ في الربيع المقبل.",
        "He added that work would begin next spring.",
    ),
    ("هل ستكفي هذه الأموال؟", "Will the money be enough?"),
    (
        "وذكرت وكالة رويترز أن {n} شخصاً على الأقل قتلوا في الفيضانات.",
        "Reuters reported that at least {n} people were killed in the floods.",
    ),
    (
        "وصرح المتحدث باسم حلف NATO بأن الاجتماع سيعقد في بروكسل يوم الاثنين.",
        "A NATO spokesman said the meeting would be held in Brussels on Monday.",
    ),
    (
        "ارتفعت الأسعار بنسبة {n}٪ خلال العام الماضي، وفقاً لمكتب الإحصاء.",
        "Prices rose by {n}% over the past year, according to the statistics office.",
    ),
    (
        "وقال كارلوس مندوزا، رئيس النقابة: \"لن نتراجع\".",
        "\"We will not back down,\" said Carlos Mendoza, the head of the union.",
    ),
    (
        "وتعد هذه أكبر موجة احتجاجات تشهدها البلاد منذ عام {n}، حين خرج آلاف العمال إلى الشوارع للمطالبة برفع الأجور.",
        "It is the largest wave of protests the country has seen since {n}, when thousands of workers took to the streets to demand higher wages.",
    ),
    (
        "ولم يرد مكتب الرئيس على طلب للتعليق.",
        "The president's office did not respond to a request for comment.",
    ),
    (
        "وأكدت الشرطة أن التحقيق لا يزال جارياً.",
        "Police confirmed that the investigation was still ongoing.",
    ),
];

/// Lines that have no counterpart on the other side.
const ARABIC_ONLY: &[&str] = &[
    "المصدر: وكالات",
    "اقرأ أيضاً",
    "وشهدت المدينة أمطاراً غزيرة طوال الأسبوع الماضي أدت إلى إغلاق عدد من المدارس.",
];
const ENGLISH_ONLY: &[&str] = &[
    "This story has been updated.",
    "Officials in the capital declined to say when the bridge would reopen to traffic.",
];

/// A small linear congruential generator: the same document on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn arabic_indic(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x0660 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Build a document of about `size` lines per side.
fn document(size: usize) -> (Vec<String>, Vec<String>) {
    let mut rng = Lcg(2024);
    let (mut ar, mut en) = (Vec::new(), Vec::new());
    let mut k = 0;
    while ar.len() < size || en.len() < size {
        let (a, e) = PAIRS[k % PAIRS.len()];
        let n = (rng.next() % 5000).to_string();
        let mut a = a.replace("{n}", &n);
        if rng.next() % 4 == 0 {
            a = arabic_indic(&a);
        }
        let e = e.replace("{n}", &n);
        match rng.next() % 40 {
            0 if !en.is_empty() => {
                // 1:2 (an English line split in two against one Arabic line): merge Arabic.
                let (a2, e2) = PAIRS[(k + 1) % PAIRS.len()];
                ar.push(format!("{a} {}", a2.replace("{n}", &n)));
                en.push(e);
                en.push(e2.replace("{n}", &n));
                k += 1;
            }
            1 => {
                let (a2, e2) = PAIRS[(k + 1) % PAIRS.len()];
                ar.push(a);
                ar.push(a2.replace("{n}", &n));
                en.push(format!("{e} {}", e2.replace("{n}", &n)));
                k += 1;
            }
            2 => {
                ar.push(ARABIC_ONLY[k % ARABIC_ONLY.len()].to_owned());
                ar.push(a);
                en.push(e);
            }
            3 => {
                en.push(ENGLISH_ONLY[k % ENGLISH_ONLY.len()].to_owned());
                ar.push(a);
                en.push(e);
            }
            _ => {
                ar.push(a);
                en.push(e);
            }
        }
        k += 1;
    }
    ar.truncate(size);
    en.truncate(size);
    (ar, en)
}

/// Peak resident memory of this process in KiB (Linux), if known.
fn peak_kib() -> Option<u64> {
    let status = fs_err::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reset the peak to the current resident size (Linux 4.0 and later); false where unsupported.
fn reset_peak() -> bool {
    fs_err::write("/proc/self/clear_refs", "5").is_ok()
}

fn measure(
    name: &str,
    run: impl FnOnce() -> Vec<Bead>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let reset = reset_peak();
    let before = peak_kib();
    let start = Instant::now();
    let beads = run();
    let secs = start.elapsed().as_secs_f64();
    let peak = peak_kib();
    let fmt = |k: Option<u64>| k.map_or("?".to_owned(), |k| format!("{:.1} MB", k as f64 / 1024.0));
    writeln!(
        out,
        "{name:<12} {secs:>8.3} s   peak RSS {}{}   (before: {})   {} beads",
        fmt(peak),
        if reset { "" } else { " (not reset)" },
        fmt(before),
        beads.len()
    )
}

fn main() -> std::io::Result<()> {
    let size = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(4000);
    let (ar, en) = document(size);
    let ar: Vec<&str> = ar.iter().map(String::as_str).collect();
    let en: Vec<&str> = en.iter().map(String::as_str).collect();
    let mut out = std::io::stdout().lock();
    writeln!(out, "document: {} x {} sentences", ar.len(), en.len())?;
    let options = Options::default();
    measure("gale-church", || gale_church(&ar, &en), &mut out)?;
    measure("align", || align(&ar, &en, &options), &mut out)?;
    Ok(())
}
