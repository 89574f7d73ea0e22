#!/usr/bin/env python3
"""Reads .docx files with python-docx, as a recipient's script would, and prints what it
finds as JSON (one object per file, in the order given): the headings whose paragraph style
is Heading 1-6, the tables with their row and header-row counts, the footnotes, the core
properties, and any style reference it cannot resolve. tests/testsuite/docx.rs compares that
with the report's document model. (scripts/setup.sh installs python-docx.)"""

import json
import sys

import docx
from docx.oxml.ns import qn


def footnote_count(document):
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/footnotes.xml":
            from lxml import etree

            root = etree.fromstring(part.blob)
            return sum(
                1
                for f in root.iter(qn("w:footnote"))
                if int(f.get(qn("w:id"))) > 0
            )
    return 0


def style_problems(document):
    """What a reader cannot resolve: a paragraph or run naming a style id that styles.xml does
    not define (in the body, notes, headers and footers), a paragraph whose style python-docx
    cannot give, and a missing default paragraph style."""
    from lxml import etree
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    defined = {s.style_id: s.type for s in styles}
    problems = []
    if styles.default(WD_STYLE_TYPE.PARAGRAPH) is None:
        problems.append("no default paragraph style")
    wants = {"pStyle": WD_STYLE_TYPE.PARAGRAPH, "rStyle": WD_STYLE_TYPE.CHARACTER,
             "tblStyle": WD_STYLE_TYPE.TABLE}
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if not name.startswith("/word/") or not name.endswith(".xml") or name == "/word/styles.xml":
            continue
        root = etree.fromstring(part.blob)
        for tag, kind in wants.items():
            for el in root.iter(qn("w:" + tag)):
                sid = el.get(qn("w:val"))
                if defined.get(sid) != kind:
                    problems.append(f"{name}: {tag} {sid!r} is not a defined {kind} style")
    for i, p in enumerate(document.paragraphs):
        if p.style is None:
            problems.append(f"paragraph {i} ({p.text[:20]!r}) has no style")
    return sorted(set(problems))


def read(path):
    document = docx.Document(path)
    headings = []
    for p in document.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading ") and name[8:].isdigit():
            headings.append([int(name[8:]), p.text])
    tables = []
    for t in document.tables:
        header_rows = sum(
            1
            for r in t.rows
            if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None
        )
        tables.append({"rows": len(t.rows), "columns": len(t.columns), "header_rows": header_rows})
    cp = document.core_properties
    return {
        "path": path,
        "headings": headings,
        "tables": tables,
        "footnotes": footnote_count(document),
        "core": {
            "title": cp.title,
            "subject": cp.subject,
            "author": cp.author,
            "keywords": cp.keywords,
            "language": cp.language,
            "revision": cp.revision,
            "created": cp.created.strftime("%Y-%m-%dT%H:%M:%SZ") if cp.created else None,
            "modified": cp.modified.strftime("%Y-%m-%dT%H:%M:%SZ") if cp.modified else None,
        },
        "styles": sorted({p.style.name for p in document.paragraphs if p.style is not None}),
        "style_problems": style_problems(document),
    }


if __name__ == "__main__":
    json.dump([read(p) for p in sys.argv[1:]], sys.stdout, ensure_ascii=False)
