#!/usr/bin/env python3
"""Export safety.

  - Cells that begin with = + - @ TAB or CR (from document titles, clause
    text and review notes, all of which come from outside) are neutralised:
    LibreOffice Calc, converting the export headless, makes no formula of
    them, while the same cells written unprotected do become formulas (the
    control: it proves the check can fail).  Without LibreOffice that test
    is a SKIP, not a pass.
  - Embedded quotes, commas, line breaks, CR and Chinese round-trip exactly
    through Python's csv module (a real RFC 4180 parser).
  - The export goes to a temporary file renamed into place: an existing
    export is replaced whole (new inode), nothing is left beside it, and an
    export that fails (a full disk) leaves the previous file untouched.

Usage: test-export.py REDLINE_CLI"""

import csv
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rlhelp import Cli, Skip, check_project, query, run_tap, tmpdir  # noqa: E402

cli = Cli(sys.argv[1])
ROOT = tmpdir("redline-export-")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

PACK = """pack: export
version: 1
name: Export
categories:
  - id: lawful
    name: {en: '=Lawful, "use"', zh_CN: 合法用途}
    color: "#2980b9"
    severity: low
rules:
  - id: lawful
    category: lawful
    message: '-Any lawful use, "quoted"'
    pattern: 'lawful use|合法用途'
"""

DOC = """---
title: '=HYPERLINK("http://evil.example/x","click") title'
source: '+source'
url: '@https://example.com/a,b'
---
=HYPERLINK("http://evil.example/leak","any lawful use")

+cmd|' /C calc'|A0 lawful use here

-2+3 lawful use

@SUM(1+1) lawful use

Quotes "lawful use", with, commas, and ""doubled"" quotes

中文：合法用途，含逗号, and “curly quotes”

Filler clause one with lawful use.

Filler clause two with lawful use.

Filler clause three with lawful use.

Filler clause four with lawful use.
"""

NOTES = [
    "=1+1",
    "+41 plus",
    "-2+3",
    "@SUM(A1:A2)",
    "\tstarts with a tab",
    "\rstarts with CR",
    'say "hi", then\nleave\r\nagain',
    "中文，注释；“引号”",
    "=cmd|' /C calc'!A0",
    "plain note",
]

state = {}


def ok(*args):
    r = cli.run(*args)
    assert r.returncode == 0, r.describe()
    return r


def expected_cell(value):
    value = value or ""
    return "'" + value if value.startswith(FORMULA_START) else value


def setup():
    d = tmpdir(os.path.join(ROOT, "p-"))
    pack = os.path.join(d, "pack.yaml")
    with open(pack, "w", encoding="utf-8") as f:
        f.write(PACK)
    docs = os.path.join(d, "docs")
    os.makedirs(docs)
    with open(os.path.join(docs, "hostile.txt"), "w", encoding="utf-8") as f:
        f.write(DOC)
    p = os.path.join(d, "p.redline")
    ok("init", p, "--pack", pack)
    ok("import", p, docs)
    ok("scan", p)
    ids = [r[0] for r in query(p, "SELECT id FROM clauses ORDER BY id")]
    assert len(ids) >= len(NOTES), f"expected a clause per paragraph, got {len(ids)}"
    for n, cid in enumerate(ids):
        ok("review", p, cid, "--status", "confirmed", "--note", NOTES[n % len(NOTES)])
    state["p"] = p
    state["dir"] = d


def export(path, *extra):
    r = cli.run("export", state["p"], "--csv", path, *extra)
    return r


def test_round_trip():
    out = os.path.join(state["dir"], "out.csv")
    r = export(out)
    assert r.returncode == 0, r.describe()
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    db = {row[0]: row for row in query(
        state["p"], "SELECT c.id, d.title, d.source, d.url, c.text, c.note FROM clauses c "
                    "JOIN documents d ON d.id = c.doc_id")}
    assert len(rows) == len(db), (len(rows), len(db))
    starts = set()
    for row in rows:
        cid, title, source, url, text, note = db[int(row["clause_id"])]
        for column, value in (("document_title", title), ("document_source", source),
                              ("document_url", url), ("clause", text), ("note", note)):
            assert row[column] == expected_cell(value), f"{column}: {row[column]!r} != {expected_cell(value)!r}"
            if value and value[0] in FORMULA_START:
                starts.add(value[0])
        assert row["category_name"] == "'=Lawful, \"use\"", row["category_name"]
        assert row["messages"] == "'-Any lawful use, \"quoted\"", row["messages"]
        for cell in row.values():
            assert not cell.startswith(FORMULA_START), f"formula-looking cell {cell!r}"
    assert starts == set(FORMULA_START), f"the fixture lacks cells starting with {set(FORMULA_START) - starts}"
    notes = {row["note"] for row in rows}
    assert 'say "hi", then\nleave\r\nagain' in notes and "中文，注释；“引号”" in notes, notes
    assert any("中文：合法用途，含逗号, and “curly quotes”" in row["clause"] for row in rows)
    state["csv"] = out


def test_excel_bom():
    out = os.path.join(state["dir"], "excel.csv")
    assert export(out, "--excel").returncode == 0
    with open(out, "rb") as f:
        data = f.read()
    assert data.startswith(b"\xef\xbb\xbf"), data[:8]
    with open(state["csv"], "rb") as f:
        assert data[3:] == f.read(), "--excel changed more than the BOM"


def test_rename_into_place():
    out = os.path.join(state["dir"], "replace.csv")
    with open(out, "w") as f:
        f.write("an older export\n")
    before = os.stat(out).st_ino
    assert export(out).returncode == 0
    assert os.stat(out).st_ino != before, "the export rewrote the file in place instead of renaming a new one"
    left = [f for f in os.listdir(state["dir"]) if f.startswith("replace.csv") and f != "replace.csv"]
    assert not left, f"left behind: {left}"


def test_failed_export_keeps_old_file():
    if os.geteuid() != 0:
        raise Skip("needs root to mount a full tmpfs")
    mnt = tmpdir(os.path.join(ROOT, "tmpfs-"))
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt], capture_output=True, text=True)
    if r.returncode != 0:
        raise Skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        out = os.path.join(mnt, "out.csv")
        with open(out, "w") as f:
            f.write("the previous export\n")
        # Fill the rest of the disk.
        fd = os.open(os.path.join(mnt, "filler"), os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while os.write(fd, b"x" * 4096) > 0:
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        r = export(out)
        assert r.returncode == 1, r.describe()
        assert "out.csv" in r.stderr and "No space left on device" in r.stderr, r.describe()
        with open(out) as f:
            assert f.read() == "the previous export\n", "a failed export damaged the previous file"
        left = sorted(set(os.listdir(mnt)) - {"out.csv", "filler"})
        assert not left, f"left behind: {left}"
    finally:
        subprocess.run(["umount", mnt])


def libreoffice():
    for name in ("libreoffice", "soffice"):
        path = shutil.which(name)
        if path:
            return path
    raise Skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui): "
               "formula neutralisation not checked by a spreadsheet")


def formulas_in(csv_path):
    """Converts csv_path with LibreOffice Calc (headless) to .fods and
    returns (formulas, cell texts): every table:formula attribute found."""
    lo = libreoffice()
    outdir = tmpdir(os.path.join(ROOT, "lo-"))
    profile = tmpdir(os.path.join(ROOT, "lo-profile-"))
    # Comma separated, double quotes, UTF-8 (76), first line 1, and the
    # default of Calc for formula evaluation: whatever a user opening it gets.
    r = subprocess.run([lo, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--infilter=CSV:44,34,76,1", "--convert-to", "fods", "--outdir", outdir, csv_path],
                       capture_output=True, text=True, timeout=300)
    out = os.path.join(outdir, os.path.splitext(os.path.basename(csv_path))[0] + ".fods")
    assert os.path.exists(out), f"LibreOffice did not convert: {r.stdout} {r.stderr}"
    with open(out, encoding="utf-8") as f:
        xml = f.read()
    formulas = re.findall(r'table:formula="([^"]*)"', xml)
    texts = re.findall(r"<text:p>(.*?)</text:p>", xml, re.S)
    return formulas, texts


def test_libreoffice_control():
    """The same cells unprotected: LibreOffice does make formulas of them,
    so the next test's "no formula" means something."""
    raw = os.path.join(ROOT, "unprotected.csv")
    with open(raw, "w", encoding="utf-8", newline="") as f:
        f.write('a,b\r\n=1+1,"=HYPERLINK(""http://evil.example/"",""x"")"\r\n+2+3,@SUM(1+1)\r\n')
    formulas, _ = formulas_in(raw)
    assert formulas, "LibreOffice made no formula even of unprotected cells: the check below would prove nothing"
    print(f"# control: unprotected cells became {len(formulas)} formulas: {formulas}", flush=True)


def test_libreoffice_no_formula():
    formulas, texts = formulas_in(state["csv"])
    assert not formulas, f"LibreOffice made formulas of exported cells: {formulas}"
    joined = "\n".join(texts)
    for visible in ("=1+1", "=HYPERLINK(", "@SUM(A1:A2)", "-2+3"):
        assert visible in joined, f"{visible!r} is not shown as text: {joined[:500]}"


if __name__ == "__main__":
    run_tap([
        ("setup: a project whose titles, clauses and notes start like formulas", setup),
        ("quotes, commas, line breaks, CR and Chinese round-trip through a CSV parser", test_round_trip),
        ("--excel adds the BOM and nothing else", test_excel_bom),
        ("export replaces an existing file by rename, leaves nothing behind", test_rename_into_place),
        ("an export that fails on a full disk keeps the previous file", test_failed_export_keeps_old_file),
        ("LibreOffice control: unprotected cells do become formulas", test_libreoffice_control),
        ("LibreOffice Calc opens the export without a single formula", test_libreoffice_no_formula),
    ])
