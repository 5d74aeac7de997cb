"""Write tests/fixtures/documents/seed.docx: paragraphs of the seed article as a Word document.

Usage: python3 tests/interop/make_seed_docx.py [OUT]

The package is written by hand (Python's zipfile, fixed times), so that running the script
again gives the same bytes and every feature the reader handles is there, as Word writes it:
right-to-left paragraphs (w:bidi) and runs (w:rtl, w:lang w:bidi="ar-SY"), a heading style,
a bold name, a hyperlink around a name, an italic phrase, a sentence split over several runs
by revision ids and a proofing mark, a table, a header and a footnote.
"""

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "syria-homs-lavrov-2012.txt"

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
RTL = '<w:rFonts w:hint="cs"/><w:rtl/><w:lang w:bidi="ar-SY"/>'


def run(text, props="", rsid="00C21A5B"):
    """One right-to-left run; `props` come before the direction properties."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return (
        f'<w:r w:rsidR="{rsid}"><w:rPr>{props}{RTL}</w:rPr>'
        f"<w:t{space}>{escape(text)}</w:t></w:r>"
    )


def para(inner, style=None):
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (
        f'<w:p w:rsidR="00C21A5B" w:rsidRDefault="00C21A5B">'
        f'<w:pPr>{pstyle}<w:bidi/><w:jc w:val="both"/><w:rPr><w:rtl/></w:rPr></w:pPr>'
        f"{inner}</w:p>"
    )


def split(line, needle):
    """`line` cut around the first `needle`: (before, needle, after)."""
    at = line.index(needle)
    return line[:at], needle, line[at + len(needle) :]


def document(lines):
    one, three, five, heading, seven = lines[0], lines[2], lines[4], lines[5], lines[6]
    out = []
    # A bold name, and the first sentence split over runs by revision ids and a proofing mark.
    before, name, after = split(one, "سيرجي لافروف")
    words = before.split(" ")
    half = len(words) // 2
    out.append(
        para(
            run(" ".join(words[:half]) + " ", rsid="00A10001")
            + '<w:proofErr w:type="spellStart"/>'
            + run(" ".join(words[half:]), rsid="00A10002")
            + '<w:proofErr w:type="spellEnd"/>'
            + run(name, "<w:b/><w:bCs/>")
            + run(after, rsid="00A10003")
        )
    )
    # A hyperlink around a name.
    before, name, after = split(three, "سيرغي لافروف")
    out.append(
        para(
            run(before)
            + '<w:hyperlink r:id="rId5" w:history="1">'
            + run(name, '<w:rStyle w:val="Hyperlink"/>')
            + "</w:hyperlink>"
            + run(after)
        )
    )
    # An italic phrase and a footnote reference.
    before, phrase, after = split(five, "لجان التنسيق المحلية")
    first, rest = after.split(".", 1)
    out.append(
        para(
            run(before)
            + run(phrase, "<w:i/><w:iCs/>")
            + run(first + ".")
            + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:rtl/></w:rPr>'
            + '<w:footnoteReference w:id="1"/></w:r>'
            + run(rest)
        )
    )
    # A table of the toll the article gives.
    rows = [("المدينة", "القتلى"), ("حمص", "19"), ("مضايا والزبداني", "10"), ("إدلب", "2")]
    cells = "".join(
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>{para(run(c))}</w:tc>'
            for c in row
        )
        + "</w:tr>"
        for row in rows
    )
    out.append(
        '<w:tbl><w:tblPr><w:bidiVisual/><w:tblStyle w:val="TableGrid"/>'
        '<w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
        f"{cells}</w:tbl>"
    )
    out.append(para(run(heading), style="Heading1"))
    out.append(para(run(seven)))
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId6"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="708" w:footer="708" w:gutter="0"/><w:bidi/></w:sectPr>'
    )
    return f"{DECL}<w:document {NS}><w:body>{''.join(out)}{sect}</w:body></w:document>"


STYLES = (
    DECL
    + f"<w:styles {NS}>"
    + "<w:docDefaults><w:rPrDefault><w:rPr>"
    + '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'
    + '<w:sz w:val="24"/><w:szCs w:val="24"/>'
    + '<w:lang w:val="en-US" w:bidi="ar-SY"/></w:rPr></w:rPrDefault></w:docDefaults>'
    + '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    + '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    + '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
    + '<w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr>'
    + '<w:rPr><w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>'
    + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    + '<w:name w:val="Default Paragraph Font"/></w:style>'
    + '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    + '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
    + '<w:style w:type="character" w:styleId="FootnoteReference">'
    + '<w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    + '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
    + '<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>'
    + '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
    + "<w:tblPr><w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders></w:tblPr></w:style>"
    + "</w:styles>"
)

HEADER = (
    f"{DECL}<w:hdr {NS}>"
    + para(run("دمشق - وكالات الأنباء"))
    + "</w:hdr>"
)

FOOTNOTES = (
    f"{DECL}<w:footnotes {NS}>"
    + '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    + '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    + '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/><w:bidi/></w:pPr>'
    + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:rtl/></w:rPr><w:footnoteRef/></w:r>'
    + run(" بحسب بيان لجان التنسيق المحلية في سوريا.")
    + "</w:p></w:footnote></w:footnotes>"
)

CONTENT_TYPES = (
    DECL
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    + '<Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    + '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    + '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    + '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    + "</Types>"
)

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = (
    DECL
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    + "</Relationships>"
)
DOCUMENT_RELS = (
    DECL
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + f'<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    + f'<Relationship Id="rId4" Type="{REL}/footnotes" Target="footnotes.xml"/>'
    + f'<Relationship Id="rId5" Type="{REL}/hyperlink" Target="https://ar.wikipedia.org/wiki/%D8%B3%D9%8A%D8%B1%D8%AC%D9%8A_%D9%84%D8%A7%D9%81%D8%B1%D9%88%D9%81" TargetMode="External"/>'
    + f'<Relationship Id="rId6" Type="{REL}/header" Target="header1.xml"/>'
    + "</Relationships>"
)


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/fixtures/documents/seed.docx"
    lines = [l.strip() for l in SEED.read_text(encoding="utf-8").splitlines() if l.strip()]
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", document(lines)),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/header1.xml", HEADER),
        ("word/footnotes.xml", FOOTNOTES),
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2012, 2, 8, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
