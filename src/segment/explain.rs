//! What `explain` reports: the built-in rules by name, the rule behind each decision
//! (built-in or from an SRX file), and the decision at each candidate position.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The rule that decided a candidate position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleRef {
    /// One of the built-in rules.
    Builtin(BuiltinRule),
    /// A rule from an SRX file.
    Srx(Arc<SrxRuleInfo>),
}

impl RuleRef {
    /// A short name: the built-in rule's name, or `srx:LINE:COL`.
    pub fn name(&self) -> Cow<'static, str> {
        match self {
            RuleRef::Builtin(r) => Cow::Borrowed(r.name()),
            RuleRef::Srx(info) => Cow::Owned(format!("srx:{}:{}", info.line, info.column)),
        }
    }

    /// What the rule does, in one line.
    pub fn description(&self) -> Cow<'static, str> {
        match self {
            RuleRef::Builtin(r) => Cow::Borrowed(r.description()),
            RuleRef::Srx(info) => Cow::Owned(info.to_string()),
        }
    }
}

impl fmt::Display for RuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.description())
    }
}

/// One candidate position and what happened there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Byte offset of the position in the text (a break falls before this byte).
    pub offset: usize,
    /// Whether the text broke here.
    pub broke: bool,
    /// The rule that decided.
    pub rule: RuleRef,
}

/// A built-in rule: the reason a candidate position broke or did not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BuiltinRule {
    /// A line break always ends a segment.
    LineBreak,
    /// A terminator at the end of a line.
    EndOfLine,
    /// `.` followed by a space (or a space before it) after an ordinary word.
    FullStop,
    /// `!`, `?`, `؟`, `۔` or a combination such as `؟!`.
    QuestionExclamation,
    /// `فقط.وهو`: a full stop or question mark glued to the next Arabic word.
    MissingSpace,
    /// `3.5`, `1.2.2012`: a full stop between digits.
    Number,
    /// `U.S.`, `www.example.com`, `report.pdf`, `a@b.org`: a dot inside a Latin token.
    InsideToken,
    /// The terminator is followed by a comma, colon, semicolon or a closing bracket.
    FollowedByPunctuation,
    /// The next word starts with a lowercase Latin letter.
    LowercaseNext,
    /// A single-letter initial: `جورج و. بوش`, `أ. محمود`, `J. K. Rowling`.
    Initial,
    /// An abbreviation that never ends a sentence: `د.`, `أ.د.`, `ص.ب.`, `Dr.`, `e.g.`.
    Abbreviation,
    /// An abbreviation that may end a sentence (`U.S.`, `etc.`, `إلخ.`), followed by a word
    /// that does not start a new sentence.
    AbbreviationContinues,
    /// An abbreviation that may end a sentence, followed by a word that starts one.
    AbbreviationEnds,
    /// A number with an era, time or unit mark (`15 هـ.`, `9 ص.`, `50 كم.`) followed by a word
    /// that does not start a sentence.
    YearEraContinues,
    /// A number with an era, time or unit mark followed by a word that starts a sentence.
    YearEraEnds,
    /// `1.` or `٣.` opening a line: a list number.
    Enumeration,
    /// A terminator and a closing quote or bracket, then a word that continues the sentence.
    QuoteContinues,
    /// A terminator and a closing quote or bracket, then a word that starts a new sentence.
    QuoteEnds,
    /// An ellipsis followed by a word that continues the sentence.
    EllipsisContinues,
    /// An ellipsis followed by a word that starts a new sentence.
    EllipsisEnds,
}

impl BuiltinRule {
    /// Every built-in rule, in the order the documentation lists them.
    pub const ALL: [BuiltinRule; 20] = [
        BuiltinRule::LineBreak,
        BuiltinRule::EndOfLine,
        BuiltinRule::FullStop,
        BuiltinRule::QuestionExclamation,
        BuiltinRule::MissingSpace,
        BuiltinRule::Number,
        BuiltinRule::InsideToken,
        BuiltinRule::FollowedByPunctuation,
        BuiltinRule::LowercaseNext,
        BuiltinRule::Initial,
        BuiltinRule::Abbreviation,
        BuiltinRule::AbbreviationContinues,
        BuiltinRule::AbbreviationEnds,
        BuiltinRule::YearEraContinues,
        BuiltinRule::YearEraEnds,
        BuiltinRule::Enumeration,
        BuiltinRule::QuoteContinues,
        BuiltinRule::QuoteEnds,
        BuiltinRule::EllipsisContinues,
        BuiltinRule::EllipsisEnds,
    ];

    /// A short kebab-case name, stable for scripts.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinRule::LineBreak => "line-break",
            BuiltinRule::EndOfLine => "end-of-line",
            BuiltinRule::FullStop => "full-stop",
            BuiltinRule::QuestionExclamation => "question-exclamation",
            BuiltinRule::MissingSpace => "missing-space",
            BuiltinRule::Number => "number",
            BuiltinRule::InsideToken => "inside-token",
            BuiltinRule::FollowedByPunctuation => "followed-by-punctuation",
            BuiltinRule::LowercaseNext => "lowercase-next",
            BuiltinRule::Initial => "initial",
            BuiltinRule::Abbreviation => "abbreviation",
            BuiltinRule::AbbreviationContinues => "abbreviation-continues",
            BuiltinRule::AbbreviationEnds => "abbreviation-ends",
            BuiltinRule::YearEraContinues => "year-era-continues",
            BuiltinRule::YearEraEnds => "year-era-ends",
            BuiltinRule::Enumeration => "enumeration",
            BuiltinRule::QuoteContinues => "quote-continues",
            BuiltinRule::QuoteEnds => "quote-ends",
            BuiltinRule::EllipsisContinues => "ellipsis-continues",
            BuiltinRule::EllipsisEnds => "ellipsis-ends",
        }
    }

    /// One sentence saying what the rule does.
    pub fn description(self) -> &'static str {
        match self {
            BuiltinRule::LineBreak => "a line break always ends a segment",
            BuiltinRule::EndOfLine => "a terminator at the end of a line ends the sentence",
            BuiltinRule::FullStop => "a full stop after an ordinary word ends the sentence",
            BuiltinRule::QuestionExclamation => "a question or exclamation mark ends the sentence",
            BuiltinRule::MissingSpace => {
                "a terminator glued to the next Arabic word still ends the sentence"
            }
            BuiltinRule::Number => "a dot between digits is part of a number or date",
            BuiltinRule::InsideToken => {
                "a dot inside a Latin token (abbreviation, URL, e-mail, file name) does not break"
            }
            BuiltinRule::FollowedByPunctuation => {
                "a terminator followed by a comma, colon, semicolon or closing bracket does not break"
            }
            BuiltinRule::LowercaseNext => "the next word starts with a lowercase letter",
            BuiltinRule::Initial => "a single letter before the dot is an initial",
            BuiltinRule::Abbreviation => "an abbreviation or title that never ends a sentence",
            BuiltinRule::AbbreviationContinues => {
                "an abbreviation followed by a word that does not start a sentence"
            }
            BuiltinRule::AbbreviationEnds => {
                "an abbreviation followed by a word that starts a sentence"
            }
            BuiltinRule::YearEraContinues => {
                "a number with an era, time or unit mark (م, هـ, ق.م, ص, كم) followed by a word that continues the sentence"
            }
            BuiltinRule::YearEraEnds => {
                "a number with an era, time or unit mark (م, هـ, ق.م, ص, كم) followed by a word that starts a sentence"
            }
            BuiltinRule::Enumeration => "a number opening a line is a list number",
            BuiltinRule::QuoteContinues => {
                "a terminator inside a quote or bracket, followed by a word that continues the sentence"
            }
            BuiltinRule::QuoteEnds => {
                "a terminator inside a quote or bracket, followed by a word that starts a sentence"
            }
            BuiltinRule::EllipsisContinues => {
                "an ellipsis followed by a word that continues the sentence"
            }
            BuiltinRule::EllipsisEnds => "an ellipsis followed by a word that starts a sentence",
        }
    }
}

/// Where an SRX rule came from and what it says (shown by `explain`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SrxRuleInfo {
    /// The `languagerulename` of the language rule holding it.
    pub language_rule: String,
    /// 1-based position of the rule inside its language rule.
    pub index: usize,
    /// 1-based line and column of the `<rule>` element.
    pub line: usize,
    pub column: usize,
    /// `break="yes"` (the default) or `break="no"`.
    pub is_break: bool,
    /// The `beforebreak` pattern as written in the file.
    pub before: String,
    /// The `afterbreak` pattern as written in the file.
    pub after: String,
}
