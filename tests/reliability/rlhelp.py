"""Shared helpers for the reliability tests: a TAP runner, running the real
redline-cli with a time limit and its peak memory, and the checks every test
makes on a project file afterwards (SQLite integrity, whole documents, no
duplicates)."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback


class Skip(Exception):
    """The test cannot run here; reported as SKIP, never as a pass."""


class Result:
    def __init__(self, args, returncode, stdout, stderr, maxrss_kb, timed_out):
        self.args = args
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr
        self.maxrss_kb = maxrss_kb
        self.timed_out = timed_out

    def describe(self):
        return (f"redline-cli {' '.join(map(str, self.args))}\n"
                f"exit {self.returncode}{' (timed out)' if self.timed_out else ''}, "
                f"peak memory {self.maxrss_kb // 1024} MB\n"
                f"stdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-2000:]}")


def is_sanitized(binary):
    """ASan builds use several times the memory and time: limits scale."""
    try:
        with open(binary, "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:
        return False


class Cli:
    def __init__(self, path):
        self.path = path
        self.sanitized = is_sanitized(path)
        # Generous bounds that still catch a hang or a runaway allocation.
        self.scale = 4 if self.sanitized else 1

    def run(self, *args, timeout=120, env=None, cwd=None, preexec_fn=None):
        """Runs redline-cli; returns a Result with its own peak RSS (wait4).
        A run that exceeds timeout is killed and reported as timed out: a
        hang.  Output goes through files so a flood cannot block it."""
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            p = subprocess.Popen([self.path, *map(str, args)], stdout=out, stderr=err,
                                 env=full_env, cwd=cwd, preexec_fn=preexec_fn,
                                 start_new_session=True)
            timed_out = []

            def kill():
                timed_out.append(True)
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

            timer = threading.Timer(timeout * self.scale, kill)
            timer.start()
            try:
                _, status, usage = os.wait4(p.pid, 0)
            finally:
                timer.cancel()
            p.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            return Result(args, p.returncode, out.read().decode("utf-8", "replace"),
                          err.read().decode("utf-8", "replace"), usage.ru_maxrss, bool(timed_out))

    def start(self, *args, env=None, **kwargs):
        """Starts redline-cli in the background (for kill and lock tests)."""
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        return subprocess.Popen([self.path, *map(str, args)], env=full_env,
                                start_new_session=True, **kwargs)


def check_project(path, allow_missing=False):
    """What must hold after anything, even a kill: SQLite's own integrity
    check passes, every document has its text and the text has the length
    recorded for it, no file is in twice, every clause and hit belongs to a
    document that exists.  Returns the number of documents."""
    if allow_missing and not os.path.exists(path):
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
        assert rows == [("ok",)], f"integrity_check: {rows[:5]}"
        missing = db.execute("SELECT count(*) FROM documents d LEFT JOIN texts t ON t.doc_id = d.id "
                             "WHERE t.doc_id IS NULL").fetchone()[0]
        assert missing == 0, f"{missing} documents without their text"
        orphan_texts = db.execute("SELECT count(*) FROM texts t LEFT JOIN documents d ON d.id = t.doc_id "
                                  "WHERE d.id IS NULL").fetchone()[0]
        assert orphan_texts == 0, f"{orphan_texts} texts without a document"
        bad_len = db.execute("SELECT count(*) FROM documents d JOIN texts t ON t.doc_id = d.id "
                             "WHERE length(t.text) != d.n_chars").fetchone()[0]
        assert bad_len == 0, f"{bad_len} documents whose text is not the length recorded"
        no_meta = db.execute("SELECT count(*) FROM documents WHERE title IS NULL OR title = '' "
                             "OR format IS NULL OR encoding IS NULL OR hash IS NULL").fetchone()[0]
        assert no_meta == 0, f"{no_meta} documents without their metadata"
        dup = db.execute("SELECT count(*) FROM (SELECT path FROM documents WHERE path IS NOT NULL "
                         "GROUP BY path HAVING count(*) > 1)").fetchone()[0]
        assert dup == 0, f"{dup} files stored twice"
        dangling = db.execute("SELECT count(*) FROM clauses c LEFT JOIN documents d ON d.id = c.doc_id "
                              "WHERE d.id IS NULL").fetchone()[0]
        assert dangling == 0, f"{dangling} clauses of missing documents"
        dangling = db.execute("SELECT count(*) FROM hits h LEFT JOIN clauses c ON c.id = h.clause_id "
                              "WHERE c.id IS NULL").fetchone()[0]
        assert dangling == 0, f"{dangling} hits of missing clauses"
        return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        db.close()


def query(path, sql, *params):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def reviews(path):
    """Every recorded decision, keyed the way the store files them."""
    return {(doc, cat, key): (status, note)
            for doc, cat, key, status, note in query(
                path, "SELECT d.path, c.category, c.key, c.status, c.note FROM clauses c "
                      "JOIN documents d ON d.id = c.doc_id WHERE c.status != 0 OR c.note != ''")}


def tmpdir(prefix):
    d = tempfile.mkdtemp(prefix=prefix)
    os.chmod(d, 0o755)
    return d


def run_tap(tests):
    """tests: list of (name, callable) or (name, callable, todo_reason).
    Prints TAP; a TODO row is a known gap: "not ok # TODO" while it fails
    (meson: expected fail), "ok # TODO" once it passes (unexpected pass,
    a failure: promote the row).  Exits 1 on any other failure."""
    print(f"1..{len(tests)}", flush=True)
    failed = 0
    for i, (name, fn, *todo) in enumerate(tests, 1):
        started = time.monotonic()
        suffix = f" # TODO {todo[0]}" if todo else ""
        try:
            fn()
        except Skip as e:
            print(f"ok {i} - {name} # SKIP {e}", flush=True)
            continue
        except Exception:  # noqa: BLE001 - every failure is a test result
            if not todo:
                failed += 1
            print(f"not ok {i} - {name}{suffix}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
            continue
        print(f"ok {i} - {name} ({time.monotonic() - started:.1f} s){suffix}", flush=True)
    sys.exit(1 if failed else 0)
