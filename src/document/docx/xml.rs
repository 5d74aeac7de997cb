//! What the readers of Word XML parts share: the prefix of WordprocessingML's namespace,
//! attributes, positions as line and column.

use quick_xml::events::BytesStart;

/// WordprocessingML's namespaces: transitional (what Word writes) and strict.
const W_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// Markup compatibility (`mc:AlternateContent`, `mc:Fallback`).
const MC_NAMESPACE: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The prefixes a part gives the namespaces it uses, read from its root element (`w` and
/// `mc` unless it says otherwise).
#[derive(Debug, Clone)]
pub(super) struct Names {
    w: Vec<u8>,
    mc: Vec<u8>,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            w: b"w".to_vec(),
            mc: b"mc".to_vec(),
        }
    }
}

impl Names {
    /// Learn the prefixes from the namespace declarations of `root`.
    pub(super) fn learn(&mut self, root: &BytesStart<'_>) {
        for attr in root.attributes().flatten() {
            let key = attr.key.as_ref();
            let prefix = if key == b"xmlns" {
                &b""[..]
            } else if let Some(p) = key.strip_prefix(b"xmlns:") {
                p
            } else {
                continue;
            };
            let value = attr.value.as_ref();
            if W_NAMESPACES.contains(&value) {
                self.w = prefix.to_vec();
            } else if value == MC_NAMESPACE {
                self.mc = prefix.to_vec();
            }
        }
    }

    /// The local name of `qname` when it is in WordprocessingML's namespace.
    pub(super) fn w<'a>(&self, qname: &'a [u8]) -> Option<&'a [u8]> {
        local_in(&self.w, qname)
    }

    /// Whether `qname` is `local` in the markup-compatibility namespace.
    pub(super) fn is_mc(&self, qname: &[u8], local: &[u8]) -> bool {
        local_in(&self.mc, qname) == Some(local)
    }

    /// The value of the WordprocessingML attribute `local` (`w:val`), unescaped.
    pub(super) fn attr(&self, e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
        e.attributes().flatten().find_map(|a| {
            (local_in(&self.w, a.key.as_ref()) == Some(local)).then(|| {
                a.unescape_value()
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
            })
        })
    }

    /// The qualified name of WordprocessingML's `local` in this part (`w:bidi`).
    pub(super) fn qualified(&self, local: &str) -> String {
        if self.w.is_empty() {
            local.to_owned()
        } else {
            format!("{}:{local}", String::from_utf8_lossy(&self.w))
        }
    }
}

fn local_in<'a>(prefix: &[u8], qname: &'a [u8]) -> Option<&'a [u8]> {
    if prefix.is_empty() {
        return (!qname.contains(&b':')).then_some(qname);
    }
    let rest = qname.strip_prefix(prefix)?;
    rest.strip_prefix(b":")
}

/// Whether an on/off property's value (`w:val` of `<w:b/>`, `<w:bidi/>`) says on: absent,
/// `1`, `true`, `on`.
pub(super) fn on(value: Option<&str>) -> bool {
    !matches!(value, Some("0" | "false" | "off"))
}
