#!/usr/bin/env python3
"""Redline's benchmark harness: one command, one table.

    tests/bench/bench.py [--build DIR] [--generate N] [--corpus DIR ...] [--runs R]

Measures, on the same files in the same run: import (MB/s, documents/s),
scan with the default pack (MB/s), the matching engine alone in memory,
export (rows/s), a rescan after editing one rule, peak RSS of each step;
and the baselines `rg -P -c -f PATTERNS` (ripgrep, with the pack's own
patterns) and a bare SQLite bulk insert of the same bytes.  Also counts the
files where Redline finds a hit and `rg -P` (line by line) finds none.

Default corpora: a generated one (--generate, default 1000 documents) and the
two real ones in ../shared/corpora taken together.  Needs ripgrep and
/usr/bin/time (Debian packages ripgrep and time).  Not a test: it measures
and prints; it never fails on a figure."""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def timed(cmd, stdin=None, env=None):
    """Runs cmd under /usr/bin/time; returns (seconds, peak RSS MB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf.name, *cmd],
                           input=stdin, capture_output=True, text=True, env=env)
        fields = open(tf.name).read().split()
        if p.returncode not in (0, 1) or len(fields) < 2:
            sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
        return float(fields[-2]), int(fields[-1]) / 1024, p.stdout


def files_of(dirs):
    out = []
    for d in dirs:
        for root, subdirs, names in os.walk(d):
            subdirs[:] = sorted(s for s in subdirs if not s.startswith("."))
            for n in sorted(names):
                if n.lower().endswith(SUFFIXES) and n != "README.md" and not n.startswith("."):
                    out.append(os.path.join(root, n))
    return out


def median_of(runs, fn):
    results = [fn() for _ in range(runs)]
    return sorted(results, key=lambda r: r[0])[len(results) // 2]


def edit_one_rule(pack_text):
    """Adds an alternative that never matches to the first pattern."""
    m = re.search(r"^(\s+(?:pattern:\s*|-\s*))'", pack_text[pack_text.index("\nrules:"):], re.M)
    start = pack_text.index("\nrules:") + m.end()
    return pack_text[:start] + "(?:qqzzxx窃窃私语)|" + pack_text[start:]


def bench(label, dirs, build, runs, env, work):
    cli = os.path.join(build, "src", "cli", "redline-cli")
    engine = os.path.join(build, "tests", "bench", "bench-engine")
    pack = os.path.join(ROOT, "data", "rules", "ai-red-lines.yaml")
    files = files_of(dirs)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    row = {"corpus": label, "files": len(files), "MB": round(mb, 1)}
    project = os.path.join(work, label + ".redline")

    def fresh_import():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(project + suffix):
                os.unlink(project + suffix)
        subprocess.run([cli, "init", project], check=True, capture_output=True, env=env)
        return timed([cli, "import", project, *dirs], env=env)

    t, rss, _ = median_of(runs, fresh_import)
    row.update(import_s=t, import_MBps=mb / t, import_docs_per_s=len(files) / t, import_rss_MB=rss)

    def full_scan():
        subprocess.run(["sqlite3", project, "UPDATE documents SET scanned_hash = NULL"], check=True)
        return timed([cli, "scan", project], env=env)

    t, rss, _ = median_of(runs, full_scan)
    row.update(scan_s=t, scan_MBps=mb / t, scan_rss_MB=rss)

    t, rss, out = median_of(runs, lambda: timed([engine, "scan", project], env=env))
    e = json.loads(out)
    row.update(engine_MBps=e["mb_per_s"], engine_hits=e["hits"], engine_rss_MB=rss)

    csv = os.path.join(work, label + ".csv")
    t, rss, out = median_of(runs, lambda: timed([cli, "export", project, "--csv", csv], env=env))
    rows = int(re.search(r"Wrote (\d+)", out).group(1))
    row.update(export_s=t, export_rows=rows, export_rows_per_s=rows / t if t else float("inf"),
               export_rss_MB=rss)

    # Rescan after editing one rule (nothing else changed).
    edited = os.path.join(work, "edited.yaml")
    with open(pack, encoding="utf-8") as f:
        original = f.read()
    with open(edited, "w", encoding="utf-8") as f:
        f.write(edit_one_rule(original))
    orig_copy = os.path.join(work, "original.yaml")
    shutil.copy(pack, orig_copy)

    def rescan():
        subprocess.run([cli, "pack", project, edited], check=True, capture_output=True, env=env)
        r = timed([cli, "scan", project], env=env)
        subprocess.run([cli, "pack", project, orig_copy], check=True, capture_output=True, env=env)
        subprocess.run([cli, "scan", project], check=True, capture_output=True, env=env)
        return r

    t, rss, _ = median_of(runs, rescan)
    row.update(rescan_s=t, rescan_s_per_100MB=t / mb * 100, rescan_rss_MB=rss)

    # Baselines, same files, same run.
    patterns = os.path.join(work, "patterns.txt")
    with open(patterns, "w", encoding="utf-8") as f:
        f.write(subprocess.run([engine, "patterns", pack], check=True, capture_output=True,
                               text=True).stdout)
    listing = "\n".join(files) + "\n"
    t, rss, rg_out = median_of(runs, lambda: timed(["rg", "-P", "-c", "--no-messages", "-f", patterns,
                                                   "--", *dirs]))
    row.update(rg_s=t, rg_MBps=mb / t, rg_rss_MB=rss)
    db = os.path.join(work, "baseline.db")

    def sqlite_insert():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
        return timed([engine, "sqlite-insert", db], stdin=listing)

    t, rss, _ = median_of(runs, sqlite_insert)
    row.update(sqlite_s=t, sqlite_MBps=mb / t)

    # What rg -P misses: files with a Redline hit and no rg match at all.
    rg_files = {line.rsplit(":", 1)[0] for line in rg_out.splitlines() if not line.endswith(":0")}
    docs = json.loads(subprocess.run([cli, "docs", project, "--json"], check=True,
                                     capture_output=True, text=True, env=env).stdout)
    ours = {d["path"] for d in docs if d["clauses"]}
    row.update(redline_files=len(ours), rg_files=len(rg_files),
               rg_misses=len({p for p in ours if p not in rg_files}))

    row["scan_vs_rg"] = row["scan_MBps"] / row["rg_MBps"]
    row["import_vs_sqlite"] = row["import_MBps"] / row["sqlite_MBps"]
    return row


def table(rows):
    lines = []
    cols = [("corpus", "corpus", "{}"), ("files", "files", "{}"), ("MB", "MB", "{:.1f}"),
            ("import_MBps", "import MB/s", "{:.1f}"), ("import_docs_per_s", "import docs/s", "{:.0f}"),
            ("sqlite_MBps", "SQLite insert MB/s", "{:.1f}"), ("import_vs_sqlite", "import/SQLite", "{:.2f}x"),
            ("scan_MBps", "scan MB/s", "{:.1f}"), ("rg_MBps", "rg -P MB/s", "{:.1f}"),
            ("scan_vs_rg", "scan/rg", "{:.2f}x"), ("engine_MBps", "engine MB/s (in memory)", "{:.1f}"),
            ("export_rows_per_s", "export rows/s", "{:.0f}"),
            ("rescan_s_per_100MB", "rescan after 1 rule edit, s/100 MB", "{:.2f}"),
            ("import_rss_MB", "peak RSS import MB", "{:.0f}"), ("scan_rss_MB", "peak RSS scan MB", "{:.0f}"),
            ("engine_rss_MB", "peak RSS engine MB", "{:.0f}"), ("export_rss_MB", "peak RSS export MB", "{:.0f}"),
            ("redline_files", "files with hits (Redline)", "{}"), ("rg_misses", "of those, missed by rg -P", "{}")]
    lines.append("| figure | " + " | ".join(r["corpus"] for r in rows) + " |")
    lines.append("| --- |" + " --- |" * len(rows))
    for key, name, fmt in cols[1:]:
        lines.append(f"| {name} | " + " | ".join(fmt.format(r[key]) for r in rows) + " |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--generate", type=int, default=1000, help="generated documents (0: none)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", action="append", help="a folder to bench (repeatable; default: both real corpora)")
    ap.add_argument("--runs", type=int, default=3, help="runs per figure; the median is reported")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    env = dict(os.environ, REDLINE_DATADIR=os.path.join(ROOT, "data"))
    work = tempfile.mkdtemp(prefix="redline-bench-")
    rows = []
    try:
        if args.generate:
            gen = os.path.join(work, "generated")
            subprocess.run([sys.executable, os.path.join(HERE, "gen-corpus.py"), gen,
                            "--docs", str(args.generate), "--seed", str(args.seed)], check=True)
            rows.append(bench("generated", [gen], args.build, args.runs, env, work))
        corpora = args.corpus or [os.path.join(ROOT, "..", "shared", "corpora", c)
                                  for c in ("wh-briefings", "lawrefbook-laws")]
        # Canonical paths: the project stores them so, and rg prints what it is given.
        corpora = [os.path.realpath(c) for c in corpora if os.path.isdir(c)]
        if corpora:
            rows.append(bench("real" if not args.corpus else "folders", corpora, args.build, args.runs, env, work))
        cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"],
                             capture_output=True, text=True).stdout.strip()
        print(f"Machine: {os.cpu_count()} cores, {cpu}; medians of {args.runs} runs\n")
        print(json.dumps(rows, indent=1) if args.json else table(rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
