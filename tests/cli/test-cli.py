#!/usr/bin/env python3
"""End-to-end tests of the real redline-cli binary (TAP output).

Runs init/import/scan/review/export on the real seed documents and on
fixtures written here, and reads the CSV back with Python's csv module."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

CLI = sys.argv[1]
SEEDS = os.environ.get("REDLINE_SEEDS", "")
CATEGORIES = ["surveillance", "autonomous-weapons", "automated-decisions", "lawful-use",
              "human-oversight", "safeguards", "coercion", "termination"]
COLUMNS = ["clause_id", "document_id", "document_title", "document_file", "document_date",
           "document_source", "document_url", "category", "category_name", "severity",
           "rules", "messages", "match", "clause", "start", "end", "status", "note",
           "reviewed_at"]

tmp = tempfile.mkdtemp(prefix="redline-cli-test-")
tests = []


def test(fn):
    tests.append(fn)
    return fn


def run(*args, expect=0):
    p = subprocess.run([CLI, *args], capture_output=True, text=True, timeout=300)
    if expect is not None and p.returncode != expect:
        raise AssertionError(f"redline-cli {' '.join(args)} exited {p.returncode}, expected {expect}\n"
                             f"stdout: {p.stdout}\nstderr: {p.stderr}")
    return p


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def seeded_project(name):
    p = os.path.join(tmp, name)
    run("init", p)
    run("import", p, SEEDS)
    run("scan", p)
    return p


@test
def seeds_end_to_end():
    p = seeded_project("seeds.redline")
    out = os.path.join(tmp, "out.csv")
    r = run("export", p, "--csv", out)
    rows = read_csv(out)
    assert rows, "no clauses exported"
    with open(out, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert header == COLUMNS, header
    found = {r["category"] for r in rows}
    missing = set(CATEGORIES) - found
    assert not missing, f"categories without hits on the seeds: {missing}"
    assert f"Wrote {len(rows)} clauses" in r.stdout, r.stdout
    titles = {r["document_file"]: r["document_title"] for r in rows}
    expected = {
        "000_30e1f67600504d35.txt": "OpenAI 与美国国防部合作协议说明",
        "002_96ab56dd2c9f8e9f.txt": "Dario Amodei 关于我们与战争部讨论的声明",
        "004_187dd3f74430c8b6.txt": "美国政府发布首份关于人工智能的国家安全备忘录",
    }
    for f, t in expected.items():
        assert titles.get(f) == t, (f, titles.get(f))
    for r in rows:
        assert int(r["start"]) < int(r["end"])
        assert r["status"] == "unreviewed"
        assert r["match"] and r["clause"]


@test
def reimport_is_noop():
    p = seeded_project("again.redline")
    r = run("import", p, SEEDS)
    assert "0 imported, 0 updated, 5 unchanged, 0 refused" in r.stdout, r.stdout
    r = run("scan", p)
    assert r.stdout.startswith("Scanned 0 of 5"), r.stdout


@test
def refused_files_leave_nothing():
    d = os.path.join(tmp, "mixed")
    os.makedirs(d)
    with open(os.path.join(d, "good.md"), "w", encoding="utf-8") as f:
        f.write("# 良好文档\n\n不得使用该技术进行大规模国内监控。\n")
    with open(os.path.join(d, "bad.txt"), "wb") as f:
        f.write(b"\x00\x01\x02\x03binary\x00\xff\xfe" * 100)
    with open(os.path.join(d, "empty.txt"), "wb") as f:
        pass
    p = os.path.join(tmp, "mixed.redline")
    run("init", p)
    r = run("import", p, d, expect=1)
    assert "bad.txt" in r.stdout and "refused" in r.stdout, r.stdout
    assert "1 imported, 0 updated, 0 unchanged, 2 refused" in r.stdout, r.stdout
    docs = json.loads(run("docs", p, "--json").stdout)
    assert [d["title"] for d in docs] == ["良好文档"], docs


@test
def review_and_filtered_export():
    p = seeded_project("review.redline")
    hits = json.loads(run("hits", p, "--json").stdout)
    assert len(hits) >= 8
    first, second = hits[0]["id"], hits[1]["id"]
    note = '=cmd|"/c calc"!A1, 逗号，"quotes"\nsecond line'
    run("review", p, str(first), "--status", "confirmed", "--note", note)
    run("review", p, str(second), "--status", "dismissed")
    confirmed = json.loads(run("hits", p, "--status", "confirmed", "--json").stdout)
    assert [h["id"] for h in confirmed] == [first]
    assert confirmed[0]["note"] == note

    out = os.path.join(tmp, "confirmed.csv")
    run("export", p, "--csv", out, "--status", "confirmed", "--excel")
    with open(out, "rb") as f:
        assert f.read(3) == b"\xef\xbb\xbf", "no BOM with --excel"
    rows = read_csv(out)
    assert len(rows) == 1
    # Round trip: the note comes back exactly, with the formula neutralised.
    assert rows[0]["note"] == "'" + note, rows[0]["note"]
    assert rows[0]["status"] == "confirmed"
    assert rows[0]["reviewed_at"].endswith("Z")

    stats = json.loads(run("stats", p, "--json").stdout)
    assert stats["status"]["confirmed"] == 1 and stats["status"]["dismissed"] == 1
    assert stats["documents"] == 5
    assert sum(c["clauses"] for c in stats["categories"].values()) == stats["clauses"]


@test
def usage_errors():
    assert run(expect=2).returncode == 2
    run("frobnicate", "x", expect=2)
    p = seeded_project("usage.redline")
    run("review", p, "1", expect=2)
    run("review", p, "abc", "--status", "confirmed", expect=2)
    run("review", p, "1", "--status", "maybe", expect=2)
    run("export", p, expect=2)
    run("hits", p, "--category", "no-such-category", expect=2)
    r = run("review", p, "99999", "--status", "confirmed", expect=1)
    assert r.stderr.startswith("redline-cli: "), r.stderr
    for cmd in ["init", "import", "scan", "docs", "hits", "review", "export", "pack", "rules", "stats"]:
        r = run(cmd, "--help")
        assert "Usage:" in r.stdout, cmd


@test
def utf8_output_in_any_locale():
    p = seeded_project("locale.redline")
    env = dict(os.environ, LC_ALL="C", LANG="C")
    r = subprocess.run([CLI, "docs", p, "--json"], capture_output=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    docs = json.loads(r.stdout.decode("utf-8"))
    assert "OpenAI 与美国国防部合作协议说明" in [d["title"] for d in docs], docs


@test
def not_a_project():
    bogus = os.path.join(tmp, "bogus.redline")
    with open(bogus, "w") as f:
        f.write("hello")
    r = run("docs", bogus, expect=1)
    assert "bogus.redline" in r.stderr and "not a Redline project" in r.stderr, r.stderr
    r = run("init", bogus, expect=1)
    assert "exists" in r.stderr, r.stderr


@test
def rules_check_and_test():
    pack = os.path.join(os.environ["REDLINE_DATADIR"], "rules", "ai-red-lines.yaml")
    run("rules", "check", pack)
    run("rules", "test", pack)
    bad = os.path.join(tmp, "bad.yaml")
    with open(bad, "w") as f:
        f.write("pack: x\nversion: 1\nname: X\ncategories:\n  - {id: a, name: A, color: '#ff0000', severity: high}\n"
                "rules:\n  - id: r\n    category: a\n    message: M\n    pattern: '(unclosed'\n    colour: red\n")
    r = run("rules", "check", bad, expect=1)
    assert "bad.yaml:10:" in r.stderr and "bad.yaml:11:" in r.stderr, r.stderr
    r = run("rules", "test", bad, expect=1)


@test
def pack_replacement_keeps_reviews():
    p = seeded_project("pack.redline")
    hits = json.loads(run("hits", p, "--json").stdout)
    target = hits[0]
    run("review", p, str(target["id"]), "--status", "confirmed", "--note", "keep me")
    pack = os.path.join(os.environ["REDLINE_DATADIR"], "rules", "ai-red-lines.yaml")
    # Same rules, new pack text: every document is rescanned.
    edited = os.path.join(tmp, "edited.yaml")
    with open(pack, encoding="utf-8") as f:
        text = f.read()
    with open(edited, "w", encoding="utf-8") as f:
        f.write(text + "\n# edited\n")
    run("pack", p, edited)
    r = run("scan", p)
    assert r.stdout.startswith("Scanned 5 of 5"), r.stdout
    after = [h for h in json.loads(run("hits", p, "--json").stdout) if h["id"] == target["id"]]
    assert after and after[0]["status"] == "confirmed" and after[0]["note"] == "keep me", after


def main():
    print(f"1..{len(tests)}")
    failed = 0
    for i, t in enumerate(tests, 1):
        try:
            t()
            print(f"ok {i} {t.__name__}")
        except Exception:
            failed += 1
            print(f"not ok {i} {t.__name__}")
            for line in traceback.format_exc().splitlines():
                print(f"# {line}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
