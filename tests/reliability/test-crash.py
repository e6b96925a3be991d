#!/usr/bin/env python3
"""Crash safety: SIGKILL redline-cli import and scan at many points of a
large import, and check after every kill that

  - the project passes SQLite's PRAGMA integrity_check,
  - it holds only whole documents (each with its text, of the recorded
    length, and its metadata; no file twice; no clause or hit without its
    document),
  - no review decision recorded before was lost or changed,
  - running the interrupted command again completes the work, and the
    result equals a project built without interruption.

Usage: test-crash.py REDLINE_CLI
Environment: REL_KILLS (kill points, default 30), REL_FILES (generated
documents, default 300), REL_SEED (random seed, default 1)."""

import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rlhelp import Cli, check_project, query, reviews, run_tap, tmpdir  # noqa: E402

cli = Cli(sys.argv[1])
SEEDS = os.environ.get("REDLINE_SEEDS", "")
KILLS = int(os.environ.get("REL_KILLS", "30"))
FILES = int(os.environ.get("REL_FILES", "300"))
rng = random.Random(int(os.environ.get("REL_SEED", "1")))
ROOT = tmpdir("redline-crash-")
CORPUS = os.path.join(ROOT, "corpus")
BASE = os.path.join(ROOT, "base.redline")
REFERENCE = os.path.join(ROOT, "reference.redline")
N_BASE_FILES = 20   # imported, scanned and reviewed before any kill


def sentences():
    """Real sentences from the seeds, so the generated documents have hits."""
    out = []
    for name in sorted(os.listdir(SEEDS)):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
            text = f.read()
        for part in text.replace("。", "。\n").replace(". ", ".\n").splitlines():
            part = part.strip()
            if len(part) > 20 and not part.startswith(("---", "<", "#")) and ":" not in part[:12]:
                out.append(part)
    return out


def make_corpus():
    pool = sentences()
    assert len(pool) > 50, "too few sentences in the seeds"
    for i in range(FILES):
        sub = os.path.join(CORPUS, f"batch{i // 100:02d}")
        os.makedirs(sub, exist_ok=True)
        body = "\n".join(rng.choice(pool) for _ in range(rng.randint(20, 80)))
        with open(os.path.join(sub, f"doc{i:04d}.txt"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: Generated document {i}\ndate: 2026-03-{1 + i % 28:02d}\n"
                    f"source: crash test\n---\n{body}\nDocument number {i}.\n")


def ok(*args):
    r = cli.run(*args, timeout=600)
    assert r.returncode == 0, r.describe()
    return r


def make_base():
    """A project with the first files imported, scanned and reviewed."""
    first = os.path.join(ROOT, "first")
    os.makedirs(first)
    for name in sorted(os.listdir(os.path.join(CORPUS, "batch00")))[:N_BASE_FILES]:
        shutil.copy(os.path.join(CORPUS, "batch00", name), first)
    ok("init", BASE)
    ok("import", BASE, first)
    ok("scan", BASE)
    ids = [r[0] for r in query(BASE, "SELECT id FROM clauses ORDER BY id")]
    assert len(ids) >= 10, f"only {len(ids)} clauses in the base project"
    for n, cid in enumerate(ids[::max(1, len(ids) // 12)][:12]):
        status = "confirmed" if n % 2 else "dismissed"
        ok("review", BASE, cid, "--status", status, "--note", f"decision {n}: 保留 “quoted”, note")
    decided = reviews(BASE)
    assert len(decided) >= 10, decided
    return decided


def snapshot(path):
    """What a completed project holds, independent of ids and timestamps."""
    docs = sorted(query(path, "SELECT file_name, title, n_chars, hash FROM documents"))
    clauses = sorted(query(path, "SELECT d.file_name, c.category, c.key, c.start, c.end, c.present "
                                 "FROM clauses c JOIN documents d ON d.id = c.doc_id"))
    hits = sorted(query(path, "SELECT d.file_name, h.rule, h.match_start, h.match_end "
                              "FROM hits h JOIN documents d ON d.id = h.doc_id"))
    return docs, clauses, hits


def unscanned(path):
    return query(path, "SELECT count(*) FROM documents WHERE scanned_hash IS NULL")[0][0]


class Killer:
    """Runs a command and kills it with SIGKILL after delay seconds."""

    def __init__(self):
        self.interrupted = 0
        self.finished_first = 0

    def run(self, delay, *args):
        p = cli.start(*args, stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
        time.sleep(delay)
        if p.poll() is None:
            p.kill()
            self.interrupted += 1
        else:
            self.finished_first += 1
        p.wait()


def timed(*args):
    started = time.monotonic()
    ok(*args)
    return time.monotonic() - started


state = {}


def test_setup():
    make_corpus()
    state["decided"] = make_base()
    # The reference: the same work, never interrupted.
    shutil.copy(BASE, REFERENCE)
    state["import_time"] = timed("import", REFERENCE, CORPUS)
    state["scan_time"] = timed("scan", REFERENCE)
    check_project(REFERENCE)
    state["reference"] = snapshot(REFERENCE)
    assert len(state["reference"][0]) == FILES, len(state["reference"][0])
    print(f"# reference: {FILES} files, import {state['import_time']:.2f} s, scan {state['scan_time']:.2f} s, "
          f"{len(state['reference'][1])} clauses", flush=True)


def check_after_kill(path, what, k):
    try:
        check_project(path)
        now = reviews(path)
        for key, value in state["decided"].items():
            assert now.get(key) == value, f"review lost: {key}: {value} -> {now.get(key)}"
    except AssertionError as e:
        keep = os.path.join(ROOT, f"failed-{what}-{k}.redline")
        shutil.copy(path, keep)
        raise AssertionError(f"after kill {k} of {what}: {e} (project kept as {keep})") from None


def kill_points(total, n):
    """n delays spread over the command's measured run time, jittered; the
    measurement includes start-up and exit, hence a little less of it."""
    return [0.85 * total * (i + rng.random()) / n for i in range(n)]


def test_kill_import():
    """Kill import at spread points; check; finish it; compare."""
    killer = Killer()
    n = (KILLS + 1) // 2
    work = os.path.join(ROOT, "import.redline")
    shutil.copy(BASE, work)
    for k, delay in enumerate(kill_points(state["import_time"], n)):
        # Each kill starts from the base again so every point of the run is
        # hit, not only the tail of an almost finished import.
        if k % 3 == 0:
            for f in os.listdir(ROOT):
                if f.startswith("import.redline"):
                    os.remove(os.path.join(ROOT, f))
            shutil.copy(BASE, work)
        killer.run(delay, "import", work, CORPUS)
        check_after_kill(work, "import", k)
    print(f"# import: {n} kill points, {killer.interrupted} interrupted a running import, "
          f"{killer.finished_first} came after it had finished", flush=True)
    assert killer.interrupted > 0, "no kill landed while import was running"
    ok("import", work, CORPUS)
    ok("scan", work)
    check_after_kill(work, "import", "final")
    docs, clauses, hits = snapshot(work)
    ref_docs, ref_clauses, ref_hits = state["reference"]
    assert docs == ref_docs, f"documents differ from the uninterrupted import: {len(docs)} vs {len(ref_docs)}"
    assert clauses == ref_clauses, f"clauses differ: {len(clauses)} vs {len(ref_clauses)}"
    assert hits == ref_hits, f"hits differ: {len(hits)} vs {len(ref_hits)}"


def test_kill_scan():
    """Kill scan at spread points of a scan over every document; check;
    finish it; compare."""
    killer = Killer()
    n = KILLS // 2
    work = os.path.join(ROOT, "scan.redline")
    shutil.copy(BASE, work)
    ok("import", work, CORPUS)
    imported = os.path.join(ROOT, "imported.redline")
    shutil.copy(work, imported)
    for k, delay in enumerate(kill_points(state["scan_time"], n)):
        if k % 3 == 0:
            for f in os.listdir(ROOT):
                if f.startswith("scan.redline"):
                    os.remove(os.path.join(ROOT, f))
            shutil.copy(imported, work)
        killer.run(delay, "scan", work)
        check_after_kill(work, "scan", k)
    print(f"# scan: {n} kill points, {killer.interrupted} interrupted a running scan, "
          f"{killer.finished_first} came after it had finished; {unscanned(work)} documents left unscanned",
          flush=True)
    assert killer.interrupted > 0, "no kill landed while scan was running"
    ok("scan", work)
    assert unscanned(work) == 0
    check_after_kill(work, "scan", "final")
    assert snapshot(work) == state["reference"], "the finished scan differs from the uninterrupted one"


if __name__ == "__main__":
    run_tap([
        ("setup: generated corpus, reviewed base project, uninterrupted reference", test_setup),
        (f"SIGKILL during import at {(KILLS + 1) // 2} points, then import completes", test_kill_import),
        (f"SIGKILL during scan at {KILLS // 2} points, then scan completes", test_kill_scan),
    ])
