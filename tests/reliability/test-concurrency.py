#!/usr/bin/env python3
"""Two processes on one project, read-only and full disks.

  - a long import while reviews are recorded: every review either lands or
    says the project is busy; none is lost silently, the import completes;
  - two imports of the same folder at once: no document twice;
  - a rescan (after a rule edit) while reviews are recorded on the clauses
    it rewrites: every review that said it was recorded is still there;
  - another process holding the write lock: a short hold is waited out, a
    long one gives "the project is busy" and changes nothing;
  - a full disk (a 2 MB tmpfs when we may mount one, and a file-size limit,
    ulimit -f, always): the error is reported, the project is as it was, and
    work succeeds once there is room again.

Usage: test-concurrency.py REDLINE_CLI"""

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rlhelp import Cli, Skip, check_project, query, reviews, run_tap, tmpdir  # noqa: E402

cli = Cli(sys.argv[1])
SEEDS = os.environ.get("REDLINE_SEEDS", "")
ROOT = tmpdir("redline-concurrency-")
CORPUS = os.path.join(ROOT, "corpus")
FILES = int(os.environ.get("REL_FILES", "300"))

PACK = """pack: concurrency
version: 1
name: Concurrency
categories:
  - id: calm
    name: Calm
    color: "#2980b9"
    severity: low
rules:
  - id: lawful
    category: calm
    message: Lawful or surveillance
    pattern: '{pattern}'
"""


def ok(*args, **kw):
    r = cli.run(*args, timeout=600, **kw)
    assert r.returncode == 0, r.describe()
    return r


def make_corpus():
    pool = []
    for name in sorted(os.listdir(SEEDS)):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
            pool += [s.strip() + "。" for s in f.read().split("。") if len(s.strip()) > 10 and "---" not in s]
    os.makedirs(CORPUS)
    # A few large documents make import and scan last long enough for the
    # other process to run beside them.
    for i in range(3):
        with open(os.path.join(CORPUS, f"large{i}.txt"), "w", encoding="utf-8") as f:
            f.write(f"Large concurrency document {i}\n")
            for j in range(12000):
                f.write(pool[(i * 13 + j) % len(pool)] + ("\n" if j % 5 == 0 else ""))
    for i in range(FILES):
        with open(os.path.join(CORPUS, f"doc{i:04d}.txt"), "w", encoding="utf-8") as f:
            f.write(f"Concurrency document {i}\n" + "\n".join(pool[(i * 7 + j) % len(pool)] for j in range(60)) + "\n")


def project(name, pattern="合法|lawful"):
    d = tmpdir(os.path.join(ROOT, name + "-"))
    pack = os.path.join(d, "pack.yaml")
    with open(pack, "w", encoding="utf-8") as f:
        f.write(PACK.format(pattern=pattern))
    p = os.path.join(d, "p.redline")
    ok("init", p, "--pack", pack)
    return p


def clause_keys(p, limit):
    return query(p, "SELECT c.id, d.path, c.category, c.key FROM clauses c JOIN documents d ON d.id = c.doc_id "
                    "WHERE c.present = 1 ORDER BY c.id LIMIT ?", limit)


def review_loop(p, ids, results, other, stop_early=False):
    """Reviews each clause id in turn; records (id, note, outcome).
    Returns how many finished while the other process still ran."""
    during = 0
    for n, cid in enumerate(ids):
        note = f"concurrent decision {n}"
        r = cli.run("review", p, cid, "--status", "confirmed", "--note", note, timeout=120)
        results.append((cid, note, r))
        if other.poll() is None:
            during += 1
        elif stop_early:
            break
    return during


def assert_reviews_landed(p, keyed, results):
    """Every review that reported success is on record; every failure said
    why (busy), never a silent loss."""
    now = reviews(p)
    landed = busy = 0
    for cid, note, r in results:
        key = keyed[cid]
        if r.returncode == 0:
            assert f"Clause {cid}: confirmed" in r.stdout, r.describe()
            assert now.get(key) == (1, note), f"review of clause {cid} reported success but is {now.get(key)}"
            landed += 1
        else:
            assert r.returncode == 1 and "the project is busy" in r.stderr, r.describe()
            busy += 1
    return landed, busy


def test_import_and_review():
    p = project("import-review")
    first = os.path.join(ROOT, "first")
    os.makedirs(first)
    for name in sorted(os.listdir(CORPUS))[:20]:   # doc0000..doc0019
        shutil.copy(os.path.join(CORPUS, name), first)
    ok("import", p, first)
    ok("scan", p)
    rows = clause_keys(p, 40)
    assert len(rows) >= 20, rows
    keyed = {cid: (path, cat, key) for cid, path, cat, key in rows}
    importer = cli.start("import", p, CORPUS, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = []
    during = review_loop(p, [r[0] for r in rows], results, importer)
    out, err = importer.communicate(timeout=600 * cli.scale)
    assert importer.returncode == 0, f"import failed beside reviews: {out[-500:]} {err[-500:]}"
    assert f"{FILES + 3 - 20} imported, 0 updated, 20 unchanged, 0 refused" in out, out[-300:]
    check_project(p)
    assert query(p, "SELECT count(*) FROM documents") == [(FILES + 3,)]
    landed, busy = assert_reviews_landed(p, keyed, results)
    print(f"# {landed} reviews recorded, {during} of them while the import ran; {busy} said busy", flush=True)
    assert landed > 0


def test_two_imports():
    p = project("two-imports")
    a = cli.start("import", p, CORPUS, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    b = cli.start("import", p, CORPUS, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outs = [x.communicate(timeout=600 * cli.scale) for x in (a, b)]
    for x, (out, err) in zip((a, b), outs):
        assert x.returncode == 0 or "the project is busy" in err, f"exit {x.returncode}: {out[-300:]} {err[-300:]}"
    check_project(p)
    assert query(p, "SELECT count(*), count(DISTINCT hash), count(DISTINCT path) FROM documents") == [(FILES + 3,) * 3]
    ok("import", p, CORPUS)
    assert query(p, "SELECT count(*) FROM documents") == [(FILES + 3,)]


def test_rescan_and_review():
    p = project("rescan-review")
    ok("import", p, CORPUS)
    ok("scan", p)
    rows = clause_keys(p, 400)
    keyed = {cid: (path, cat, key) for cid, path, cat, key in rows}
    # A rule edit: the next scan rewrites every clause of the category.
    pack2 = os.path.join(os.path.dirname(p), "pack2.yaml")
    with open(pack2, "w", encoding="utf-8") as f:
        f.write(PACK.format(pattern="合法|lawful|监控").replace("version: 1", "version: 2"))
    ok("pack", p, pack2)
    scanner = cli.start("scan", p, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = []
    during = review_loop(p, [r[0] for r in rows][::10], results, scanner, stop_early=True)
    out, err = scanner.communicate(timeout=600 * cli.scale)
    assert scanner.returncode == 0, f"scan failed beside reviews: {out} {err}"
    check_project(p)
    landed, busy = assert_reviews_landed(p, keyed, results)
    print(f"# {landed} reviews recorded, {during} of them while the rescan ran; {busy} said busy", flush=True)
    assert landed + busy == len(results)


def hold_lock(p, seconds, ready):
    db = sqlite3.connect(p, timeout=0, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    db.execute("UPDATE clauses SET note = note")
    ready.set()
    time.sleep(seconds)
    db.execute("COMMIT")
    db.close()


def test_lock_waited_out():
    p = project("lock-short")
    ok("import", p, SEEDS)
    ok("scan", p)
    cid = clause_keys(p, 1)[0][0]
    ready = threading.Event()
    t = threading.Thread(target=hold_lock, args=(p, 2, ready))
    t.start()
    ready.wait()
    r = cli.run("review", p, cid, "--status", "dismissed", "--note", "waited", timeout=60)
    t.join()
    assert r.returncode == 0, r.describe()
    assert query(p, "SELECT status, note FROM clauses WHERE id = ?", cid) == [(2, "waited")]


def test_lock_busy():
    p = project("lock-long")
    ok("import", p, SEEDS)
    ok("scan", p)
    cid = clause_keys(p, 1)[0][0]
    before = reviews(p)
    ready = threading.Event()
    # Longer than the store's 10 s busy timeout.
    t = threading.Thread(target=hold_lock, args=(p, 13, ready))
    t.start()
    ready.wait()
    r = cli.run("review", p, cid, "--status", "dismissed", timeout=60)
    t.join()
    assert r.returncode == 1, r.describe()
    assert "the project is busy: another Redline window or command is writing to it" in r.stderr, r.describe()
    assert reviews(p) == before
    check_project(p)


def big_file(d):
    path = os.path.join(d, "big.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("A lawful use clause that fills the disk. " * 120_000)
    return path


def full_disk_case(p, big, run_kw, expect):
    before_docs = query(p, "SELECT file_name, n_chars FROM documents ORDER BY 1")
    before = reviews(p)
    r = cli.run("import", p, big, timeout=120, **run_kw)
    assert r.returncode == 1, r.describe()
    assert any(e in r.stderr for e in expect), r.describe()
    check_project(p)
    assert query(p, "SELECT file_name, n_chars FROM documents ORDER BY 1") == before_docs, "documents changed"
    assert reviews(p) == before, "reviews changed"


def test_full_disk_tmpfs():
    if os.geteuid() != 0 or shutil.which("mount") is None:
        raise Skip("needs root to mount a small tmpfs")
    mnt = tmpdir(os.path.join(ROOT, "tmpfs-"))
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt], capture_output=True, text=True)
    if r.returncode != 0:
        raise Skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        src = project("tmpfs-src")
        ok("import", src, SEEDS)
        ok("scan", src)
        cid = clause_keys(src, 1)[0][0]
        ok("review", src, cid, "--status", "confirmed", "--note", "before the disk filled")
        p = os.path.join(mnt, "p.redline")
        shutil.copy(src, p)
        big = big_file(ROOT)
        full_disk_case(p, big, {}, ["database or disk is full"])
        # A small write on the full disk: recorded or refused, never damage.
        r = cli.run("review", p, cid, "--status", "dismissed", "--note", "after the disk filled")
        assert r.returncode in (0, 1), r.describe()
        check_project(p)
        # Room again: the same import succeeds.
        shutil.move(p, os.path.join(ROOT, "moved.redline"))
        for f in os.listdir(mnt):
            os.remove(os.path.join(mnt, f))
        moved = os.path.join(ROOT, "moved.redline")
        ok("import", moved, big)
        check_project(moved)
    finally:
        subprocess.run(["umount", mnt])


def test_file_size_limit():
    p = project("fsize")
    ok("import", p, SEEDS)
    ok("scan", p)
    cid = clause_keys(p, 1)[0][0]
    ok("review", p, cid, "--status", "confirmed", "--note", "before the limit")
    limit = os.path.getsize(p) + 256 * 1024

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # write() fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    big = big_file(os.path.dirname(p))
    full_disk_case(p, big, {"preexec_fn": limited}, ["disk I/O error", "database or disk is full"])
    ok("import", p, big)
    check_project(p)


if __name__ == "__main__":
    make_corpus()
    run_tap([
        ("a long import while reviews are recorded", test_import_and_review),
        ("two imports of the same folder at once", test_two_imports),
        ("a rescan after a rule edit while its clauses are reviewed", test_rescan_and_review),
        ("write lock held 2 s by another process: waited out", test_lock_waited_out),
        ("write lock held 13 s by another process: “the project is busy”, nothing changed", test_lock_busy),
        ("full disk (2 MB tmpfs): reported, project as it was, works again with room", test_full_disk_tmpfs),
        ("file size limit (ulimit -f): reported, project as it was, works again without it", test_file_size_limit),
    ])
