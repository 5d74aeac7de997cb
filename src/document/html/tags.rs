//! The HTML elements the reader knows, with what the parsing rules and the extraction need to
//! know about each: void, special, formatting, inline or block, never translated, scope
//! boundaries, and the kind of block its text makes.

use super::super::BlockKind;

/// A void element: it has no end tag and no content.
pub(super) const VOID: u32 = 1;
/// A "special" element of the HTML parsing rules (it stops the search of several end tags).
pub(super) const SPECIAL: u32 = 1 << 1;
/// A formatting element: kept in the list of active formatting elements and reopened after a
/// block boundary that closed it.
pub(super) const FORMATTING: u32 = 1 << 2;
/// Inline: its tags are codes inside a block, not a block boundary.
pub(super) const INLINE: u32 = 1 << 3;
/// Its start tag closes an open `<p>`.
pub(super) const CLOSES_P: u32 = 1 << 4;
/// Never translated, with everything inside it.
pub(super) const EXCLUDED: u32 = 1 << 5;
/// A boundary of the default scope (and so of the list-item and button scopes).
pub(super) const SCOPE: u32 = 1 << 6;
/// Inserts a marker in the list of active formatting elements.
pub(super) const MARKER: u32 = 1 << 7;
/// A boundary of the table scope.
pub(super) const TABLE_SCOPE: u32 = 1 << 8;
/// A container whose text takes the block kind of the element around it.
pub(super) const GENERIC: u32 = 1 << 9;

const V: u32 = VOID;
const S: u32 = SPECIAL;
const F: u32 = FORMATTING;
const I: u32 = INLINE;
const P: u32 = CLOSES_P;
const X: u32 = EXCLUDED;
const B: u32 = SCOPE;
const M: u32 = MARKER;
const T: u32 = TABLE_SCOPE;
const G: u32 = GENERIC;

macro_rules! tags {
    ($($variant:ident = $name:literal, $flags:expr;)*) => {
        /// A known element name (lowercase, as the tokenizer gives it); `Other` for the rest.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u16)]
        pub(super) enum Tag {
            $($variant,)*
            Other,
        }

        impl Tag {
            pub(super) fn from_name(name: &[u8]) -> Tag {
                match name {
                    $($name => Tag::$variant,)*
                    _ => Tag::Other,
                }
            }

            /// The element's flags in the HTML namespace.
            pub(super) fn flags(self) -> u32 {
                match self {
                    $(Tag::$variant => $flags,)*
                    Tag::Other => INLINE,
                }
            }
        }
    };
}

tags! {
    A = b"a", F | I;
    Abbr = b"abbr", I;
    Acronym = b"acronym", I;
    Address = b"address", S | P | G;
    AnnotationXml = b"annotation-xml", I;
    Applet = b"applet", S | B | M | I;
    Area = b"area", S | V | I;
    Article = b"article", S | P | G;
    Aside = b"aside", S | P | G;
    Audio = b"audio", I;
    B_ = b"b", F | I;
    Base = b"base", S | V | I;
    Basefont = b"basefont", S | V | I;
    Bdi = b"bdi", I;
    Bdo = b"bdo", I;
    Bgsound = b"bgsound", S | V | I;
    Big = b"big", F | I;
    Blink = b"blink", I;
    Blockquote = b"blockquote", S | P | G;
    Body = b"body", S | G;
    Br = b"br", S | V | I;
    Button = b"button", S;
    Canvas = b"canvas", I;
    Caption = b"caption", S | B | M;
    Center = b"center", S | P | G;
    Cite = b"cite", I;
    Code = b"code", F | I | X;
    Col = b"col", S | V;
    Colgroup = b"colgroup", S;
    Data = b"data", I;
    Datalist = b"datalist", G;
    Dd = b"dd", S;
    Del = b"del", I;
    Desc = b"desc", I;
    Details = b"details", S | P | G;
    Dfn = b"dfn", I;
    Dialog = b"dialog", S | P | G;
    Dir = b"dir", S | P | G;
    Div = b"div", S | P | G;
    Dl = b"dl", S | P | G;
    Dt = b"dt", S;
    Em = b"em", F | I;
    Embed = b"embed", S | V | I;
    Fieldset = b"fieldset", S | P | G;
    Figcaption = b"figcaption", S | P;
    Figure = b"figure", S | P | G;
    Font = b"font", F | I;
    Footer = b"footer", S | P;
    ForeignObject = b"foreignobject", I;
    Form = b"form", S | P | G;
    Frame = b"frame", S | V;
    Frameset = b"frameset", S;
    H1 = b"h1", S | P;
    H2 = b"h2", S | P;
    H3 = b"h3", S | P;
    H4 = b"h4", S | P;
    H5 = b"h5", S | P;
    H6 = b"h6", S | P;
    Head = b"head", S;
    Header = b"header", S | P;
    Hgroup = b"hgroup", S | P | G;
    Hr = b"hr", S | V | P;
    Html = b"html", S | B | T | G;
    I_ = b"i", F | I;
    Iframe = b"iframe", S | I | X;
    Image = b"image", V | I;
    Img = b"img", S | V | I;
    Input = b"input", S | V | I;
    Ins = b"ins", I;
    Kbd = b"kbd", I | X;
    Keygen = b"keygen", S | V | I;
    Label = b"label", 0;
    Legend = b"legend", 0;
    Li = b"li", S;
    Link = b"link", S | V | I;
    Listing = b"listing", S | P | X;
    Main = b"main", S | P | G;
    Map = b"map", I;
    Mark = b"mark", I;
    Marquee = b"marquee", S | B | M | G;
    Math = b"math", I | X;
    Menu = b"menu", S | P | G;
    Meta = b"meta", S | V | I;
    Meter = b"meter", I;
    Mi = b"mi", I;
    Mn = b"mn", I;
    Mo = b"mo", I;
    Ms = b"ms", I;
    Mtext = b"mtext", I;
    Nav = b"nav", S | P | G;
    Nobr = b"nobr", F | I;
    Noembed = b"noembed", S | I | X;
    Noframes = b"noframes", S | I | X;
    Noscript = b"noscript", S | I | X;
    Object = b"object", S | B | M | I;
    Ol = b"ol", S | P | G;
    Optgroup = b"optgroup", 0;
    Option_ = b"option", 0;
    Output = b"output", I;
    P_ = b"p", S | P | G;
    Param = b"param", S | V | I;
    Picture = b"picture", I;
    Plaintext = b"plaintext", S | P | X;
    Pre = b"pre", S | P | X;
    Progress = b"progress", I;
    Q = b"q", I;
    Rb = b"rb", I;
    Rp = b"rp", I;
    Rt = b"rt", I;
    Rtc = b"rtc", I;
    Ruby = b"ruby", I;
    S_ = b"s", F | I;
    Samp = b"samp", I | X;
    Script = b"script", S | I | X;
    Search = b"search", S | P | G;
    Section = b"section", S | P | G;
    Select = b"select", S | G;
    Slot = b"slot", I;
    Small = b"small", F | I;
    Source = b"source", S | V | I;
    Span = b"span", I;
    Strike = b"strike", F | I;
    Strong = b"strong", F | I;
    Style = b"style", S | I | X;
    Sub = b"sub", I;
    Summary = b"summary", S | P;
    Sup = b"sup", I;
    Svg = b"svg", I | X;
    Table = b"table", S | B | T | P | G;
    Tbody = b"tbody", S | G;
    Td = b"td", S | B | M;
    Template = b"template", S | B | T | M | I | X;
    Textarea = b"textarea", S | I | X;
    Tfoot = b"tfoot", S | G;
    Th = b"th", S | B | M;
    Thead = b"thead", S | G;
    Time = b"time", I;
    Title = b"title", S;
    Tr = b"tr", S | G;
    Track = b"track", S | V | I;
    Tt = b"tt", F | I;
    U = b"u", F | I;
    Ul = b"ul", S | P | G;
    Var = b"var", I;
    Video = b"video", I;
    Wbr = b"wbr", S | V | I;
    Xmp = b"xmp", S | P | X;
}

impl Tag {
    /// Whether the flags include all of `flags`.
    pub(super) fn is(self, flags: u32) -> bool {
        self.flags() & flags == flags
    }

    /// `h1` to `h6`.
    pub(super) fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }

    /// The kind of block the element's own text makes; `None` for a generic container (its
    /// text takes the kind of the element around it).
    pub(super) fn block_kind(self) -> Option<BlockKind> {
        if self.is(GENERIC) {
            return None;
        }
        Some(match self {
            Tag::Title => BlockKind::Title,
            t if t.is_heading() => BlockKind::Heading,
            Tag::Li | Tag::Dd | Tag::Dt | Tag::Option_ | Tag::Optgroup => BlockKind::Item,
            Tag::Td | Tag::Th => BlockKind::Cell,
            Tag::Caption
            | Tag::Figcaption
            | Tag::Footer
            | Tag::Header
            | Tag::Legend
            | Tag::Summary
            | Tag::Label
            | Tag::Button => BlockKind::Note,
            _ => BlockKind::Paragraph,
        })
    }

    /// The tokenizer state after the element's start tag (in the HTML namespace).
    pub(super) fn text_state(self) -> Option<html5gum::State> {
        use html5gum::State;
        match self {
            Tag::Title | Tag::Textarea => Some(State::RcData),
            Tag::Script => Some(State::ScriptData),
            Tag::Style | Tag::Xmp | Tag::Iframe | Tag::Noembed | Tag::Noframes | Tag::Noscript => {
                Some(State::RawText)
            }
            Tag::Plaintext => Some(State::PlainText),
            _ => None,
        }
    }

    /// Whether a start tag of this name inside SVG or MathML leaves it (the parsing rules'
    /// "breakout" tags; `font` only with `color`, `face` or `size`, checked by the caller).
    pub(super) fn breaks_out_of_foreign(self) -> bool {
        matches!(
            self,
            Tag::B_
                | Tag::Big
                | Tag::Blockquote
                | Tag::Body
                | Tag::Br
                | Tag::Center
                | Tag::Code
                | Tag::Dd
                | Tag::Div
                | Tag::Dl
                | Tag::Dt
                | Tag::Em
                | Tag::Embed
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Head
                | Tag::Hr
                | Tag::I_
                | Tag::Img
                | Tag::Li
                | Tag::Listing
                | Tag::Menu
                | Tag::Meta
                | Tag::Nobr
                | Tag::Ol
                | Tag::P_
                | Tag::Pre
                | Tag::Ruby
                | Tag::S_
                | Tag::Small
                | Tag::Span
                | Tag::Strong
                | Tag::Strike
                | Tag::Sub
                | Tag::Sup
                | Tag::Table
                | Tag::Tt
                | Tag::U
                | Tag::Ul
                | Tag::Var
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_tags() {
        assert_eq!(Tag::from_name(b"p"), Tag::P_);
        assert_eq!(Tag::from_name(b"annotation-xml"), Tag::AnnotationXml);
        assert_eq!(Tag::from_name(b"my-widget"), Tag::Other);
        assert!(Tag::Other.is(INLINE));
        assert!(Tag::Code.is(FORMATTING | EXCLUDED));
        assert_eq!(Tag::Td.block_kind(), Some(BlockKind::Cell));
        assert_eq!(Tag::Div.block_kind(), None);
    }
}
