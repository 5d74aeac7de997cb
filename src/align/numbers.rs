//! Numbers as evidence: digits in any script made Latin (Arabic-Indic `٠`-`٩`, `٫`, `٬`, `٪`),
//! normalised, and spelled-out number words of both languages.

/// Map Arabic-Indic and Extended Arabic-Indic digits and the Arabic decimal, thousands and
/// percent signs to their Latin forms; other characters pass through.
pub(crate) fn latinise_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{066B}' => '.',
        '\u{066C}' => ',',
        '\u{066A}' => '%',
        _ => c,
    }
}

/// The numbers written with digits in `text`, normalised: Arabic-Indic digits made Latin,
/// thousands separators removed, a decimal point kept, leading zeros and a trailing `.0` dropped.
pub(crate) fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().map(latinise_digit).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if !chars[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let mut num = String::new();
        while k < chars.len() {
            let c = chars[k];
            if c.is_ascii_digit() {
                num.push(c);
                k += 1;
            } else if (c == ',' || c == '.') && chars.get(k + 1).is_some_and(char::is_ascii_digit) {
                // A comma followed by exactly three digits is a thousands separator.
                let run = chars[k + 1..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .count();
                if c == ',' && run != 3 {
                    break;
                }
                if c == '.' {
                    num.push('.');
                }
                k += 1;
            } else {
                break;
            }
        }
        let trimmed = num.trim_start_matches('0');
        let mut norm = if trimmed.is_empty() || trimmed.starts_with('.') {
            format!("0{trimmed}")
        } else {
            trimmed.to_owned()
        };
        if norm.contains('.') {
            while norm.ends_with('0') {
                norm.pop();
            }
            if norm.ends_with('.') {
                norm.pop();
            }
        }
        out.push(norm);
    }
    out
}

/// English number words and their values.
pub(crate) const ENGLISH_NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("sixty", "60"),
    ("seventy", "70"),
    ("eighty", "80"),
    ("ninety", "90"),
    ("hundred", "100"),
    ("thousand", "1000"),
    ("first", "1"),
    ("second", "2"),
    ("third", "3"),
    ("twice", "2"),
    ("dozen", "12"),
    ("decade", "10"),
];

/// Values of hyphenated English number words such as `thirty-two` (lower-case input).
pub(crate) fn compound_number_words(lower: &str) -> Vec<String> {
    let value = |w: &str| {
        ENGLISH_NUMBER_WORDS
            .iter()
            .find(|(x, _)| *x == w)
            .and_then(|(_, v)| v.parse::<u32>().ok())
    };
    lower
        .split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
        .filter_map(|tok| {
            let (tens, unit) = tok.split_once('-')?;
            let (t, u) = (value(tens)?, value(unit)?);
            (t >= 20 && t % 10 == 0 && u < 10).then(|| (t + u).to_string())
        })
        .collect()
}

/// Arabic number words (normalised spelling, see `text::normalize`) and their values.
pub(crate) const ARABIC_NUMBER_WORDS: &[(&str, &str)] = &[
    ("واحد", "1"),
    ("واحده", "1"),
    ("اثنان", "2"),
    ("اثنين", "2"),
    ("اثنتين", "2"),
    ("اثنتان", "2"),
    ("ثلاث", "3"),
    ("ثلاثه", "3"),
    ("اربع", "4"),
    ("اربعه", "4"),
    ("خمس", "5"),
    ("خمسه", "5"),
    ("سته", "6"),
    ("سبع", "7"),
    ("سبعه", "7"),
    ("ثماني", "8"),
    ("ثمانيه", "8"),
    ("ثمان", "8"),
    ("تسع", "9"),
    ("تسعه", "9"),
    ("عشر", "10"),
    ("عشره", "10"),
    ("عشرين", "20"),
    ("عشرون", "20"),
    ("ثلاثين", "30"),
    ("مائه", "100"),
    ("مئه", "100"),
    ("الف", "1000"),
    ("عام", "1"),
    ("عامين", "2"),
    ("مرتين", "2"),
];
