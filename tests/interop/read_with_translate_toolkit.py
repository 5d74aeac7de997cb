"""Read an exported file with translate-toolkit and print what it sees as JSON.

Usage: python3 read_with_translate_toolkit.py xliff2|xliff12|tmx FILE

Prints one object per unit: id, source, target and the state as the file carries it
(XLIFF 2: state and subState; XLIFF 1.2: state, state-qualifier and approved; TMX: the
x-workbench-state property), plus translate-toolkit's own reading (translated, approved).

Inline codes: translate-toolkit's plain `source` and `target` leave XLIFF codes out (the words
inside a pair stay, the codes go) and give TMX codes as their native markup, inline. Its rich
reading keeps XLIFF codes as elements with their ids; `marked_source` and `marked_target`
write that reading in workbench's text form (a pair `<gN>...</gN>`, an opening or closing code
alone `<gN>` or `</gN>`, a standalone code `<xN/>`), so that a test can compare it with the
store. TMX's rich reading is plain text, so for TMX they are null.

Exits 3 when translate-toolkit is not installed.
"""

import json
import sys

try:
    from translate.storage import tmx, xliff, xliff2
except ImportError:
    sys.exit(3)

XLIFF12 = "{urn:oasis:names:tc:xliff:document:1.2}"


def code_of(elem):
    """What a rich element is: (kind, number) with kind pair, open, close or alone; or None."""
    name = type(elem).__name__
    if name == "UnknownXML":
        node = elem.xml_node
        tag = node.tag.rsplit("}", 1)[-1]
        isolated = node.get("isolated") == "yes"
        if tag == "pc":
            return ("pair", node.get("id"))
        if tag == "ph" or (tag in ("sc", "ec") and isolated):
            return ("alone", node.get("id"))
        if tag == "sc":
            return ("open", node.get("id"))
        if tag == "ec":
            return ("close", node.get("startRef"))
        return None
    if name == "G":
        return ("pair", elem.id)
    if name in ("X", "Ph", "It"):
        return ("alone", elem.id)
    if name in ("Bx", "Bpt"):
        return ("open", elem.rid or elem.id)
    if name in ("Ex", "Ept"):
        return ("close", elem.rid or elem.id)
    return None


def marked(rich):
    """translate-toolkit's rich reading of a source or target in the text form."""
    out = []

    def walk(elem):
        if isinstance(elem, str):
            out.append(elem)
            return
        code = code_of(elem)
        if code is None:
            for sub in elem.sub:
                walk(sub)
            return
        kind, number = code
        if kind == "pair":
            out.append(f"<g{number}>")
            for sub in elem.sub:
                walk(sub)
            out.append(f"</g{number}>")
        elif kind == "open":
            out.append(f"<g{number}>")
        elif kind == "close":
            out.append(f"</g{number}>")
        else:
            out.append(f"<x{number}/>")

    for elem in rich or []:
        walk(elem)
    return "".join(out)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "xliff2":
        store = xliff2.Xliff2File.parsefile(path)
    elif kind == "xliff12":
        store = xliff.xlifffile.parsefile(path)
    elif kind == "tmx":
        store = tmx.tmxfile.parsefile(path)
    else:
        sys.exit(f"unknown kind {kind}")
    out = []
    for unit in store.units:
        el = unit.xmlelement
        row = {
            "source": str(unit.source or ""),
            "target": str(unit.target or ""),
            "translated": bool(unit.istranslated()),
            "marked_source": None,
            "marked_target": None,
        }
        if kind != "tmx":
            row["marked_source"] = marked(unit.rich_source)
            row["marked_target"] = marked(unit.rich_target) if unit.target else ""
        if kind == "xliff2":
            row["id"] = unit.getid()
            row["state"] = el.get("state")
            row["substate"] = el.get("subState")
            row["approved"] = bool(unit.isapproved())
        elif kind == "xliff12":
            row["id"] = el.get("id")
            target = el.find(XLIFF12 + "target")
            row["state"] = None if target is None else target.get("state")
            row["substate"] = None if target is None else target.get("state-qualifier")
            row["approved"] = bool(unit.isapproved())
        else:
            row["id"] = unit.getid()
            props = {p.get("type"): p.text for p in el.findall("prop")}
            row["state"] = props.get("x-workbench-state")
            row["substate"] = None
            row["approved"] = False
        out.append(row)
    json.dump(out, sys.stdout, ensure_ascii=False)


main()
