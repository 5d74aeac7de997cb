"""Read an exported file with translate-toolkit and print what it sees as JSON.

Usage: python3 read_with_translate_toolkit.py xliff2|xliff12|tmx FILE

Prints one object per unit: id, source, target and the state as the file carries it
(XLIFF 2: state and subState; XLIFF 1.2: state, state-qualifier and approved; TMX: the
x-workbench-state property), plus translate-toolkit's own reading (translated, approved).
Exits 3 when translate-toolkit is not installed.
"""

import json
import sys

try:
    from translate.storage import tmx, xliff, xliff2
except ImportError:
    sys.exit(3)

XLIFF12 = "{urn:oasis:names:tc:xliff:document:1.2}"


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
        }
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
