//! Names across scripts: a consonant skeleton of Latin and Arabic words (`Saipov` and `سايبوف`
//! both give `SBF`), and the Arabic clitics stripped before comparing.

/// Consonant class of a Latin letter for the transliteration skeleton, `None` for letters that
/// are dropped (vowels, `h`, `w`, `y`). `next` lets `c` read as `s` before e/i/y.
fn latin_class(c: char, next: Option<char>) -> Option<char> {
    Some(match c {
        'b' | 'p' => 'B',
        'f' | 'v' => 'F',
        't' | 'd' => 'T',
        's' | 'z' => 'S',
        'c' => {
            if matches!(next, Some('e' | 'i' | 'y')) {
                'S'
            } else {
                'K'
            }
        }
        'k' | 'q' | 'g' | 'j' | 'x' => 'K',
        'l' => 'L',
        'r' => 'R',
        'm' => 'M',
        'n' => 'N',
        _ => return None,
    })
}

/// Consonant class of an Arabic letter (after `text::normalize`), `None` for long vowels,
/// glides, hamza, ayn and the h sounds.
fn arabic_class(c: char) -> Option<char> {
    Some(match c {
        'ب' | 'پ' => 'B',
        'ف' | 'ڤ' => 'F',
        'ت' | 'ط' | 'د' | 'ض' | 'ث' | 'ذ' | 'ظ' => 'T',
        'س' | 'ص' | 'ز' | 'ش' => 'S',
        'ك' | 'ق' | 'ج' | 'غ' | 'خ' | 'گ' => 'K',
        'ل' => 'L',
        'ر' => 'R',
        'م' => 'M',
        'ن' => 'N',
        _ => return None,
    })
}

fn collapse(classes: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    for c in classes {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Transliteration skeleton of a Latin-script name: `Saipov` -> `SBF`.
pub(crate) fn latin_skeleton(word: &str) -> String {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut classes = Vec::new();
    let mut k = 0;
    while k < lower.len() {
        let c = lower[k];
        let next = lower.get(k + 1).copied();
        // Digraphs: ph -> f, sh/ch -> s, ck -> k.
        let class = match (c, next) {
            ('p', Some('h')) => {
                k += 1;
                Some('F')
            }
            ('s' | 'c', Some('h')) => {
                k += 1;
                Some('S')
            }
            ('c', Some('k')) => {
                k += 1;
                Some('K')
            }
            _ => latin_class(c, next),
        };
        if let Some(cl) = class {
            classes.push(cl);
        }
        k += 1;
    }
    collapse(classes.into_iter())
}

/// Transliteration skeleton of an Arabic word (normalised): `سايبوف` -> `SBF`.
pub(crate) fn arabic_skeleton(word: &str) -> String {
    collapse(word.chars().filter_map(arabic_class))
}

/// The word itself and, where it starts with clitics (`و`, `ف`, `ب`, `ل`, `ك`, the article
/// `ال`), the word without them.
pub(crate) fn arabic_stems(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    let mut rest = word;
    for _ in 0..2 {
        let stripped = ["وال", "بال", "فال", "كال", "لل", "ال"]
            .iter()
            .find_map(|p| rest.strip_prefix(p))
            .or_else(|| {
                ["و", "ف", "ب", "ل", "ك"]
                    .iter()
                    .find_map(|p| rest.strip_prefix(p))
            });
        match stripped {
            Some(s) if s.chars().count() >= 3 => {
                out.push(s);
                rest = s;
            }
            _ => break,
        }
    }
    out
}
