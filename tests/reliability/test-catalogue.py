#!/usr/bin/env python3
"""The catalogue of hostile input, end to end through the real redline-cli.

One row per bad-input class: what to make, which command to run, the exit
code and the part of the message a user must see.  Every row then checks
that the project is still whole (SQLite integrity, every document with its
text and metadata, nothing stored twice) and that no review was lost.  A
regression shows up by the class's name.  Known gaps are TAP TODO rows:
they fail as expected until fixed, and turn red when they start passing
so the row can be promoted.

Usage: test-catalogue.py REDLINE_CLI   (REL_BIG_MB sets the size of the
single-line file, default 100)."""

import codecs
import csv
import os
import shutil
import socket
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rlhelp import Cli, Skip, check_project, query, reviews, run_tap, tmpdir  # noqa: E402

cli = Cli(sys.argv[1])
SEEDS = os.environ.get("REDLINE_SEEDS", "")
BIG_MB = int(os.environ.get("REL_BIG_MB", "100"))
ROOT = tmpdir("redline-catalogue-")
AS_ROOT = os.geteuid() == 0
NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]

# ---------------------------------------------------------------- fixtures

BASE = os.path.join(ROOT, "base.redline")


def make_base():
    """A real project: the seeds, scanned, with two decisions on record."""
    r = cli.run("init", BASE)
    assert r.returncode == 0, r.describe()
    r = cli.run("import", BASE, SEEDS)
    assert r.returncode == 0, r.describe()
    r = cli.run("scan", BASE)
    assert r.returncode == 0, r.describe()
    ids = [row[0] for row in query(BASE, "SELECT id FROM clauses ORDER BY id LIMIT 2")]
    assert len(ids) == 2, "the seeds gave fewer than two clauses"
    assert cli.run("review", BASE, ids[0], "--status", "confirmed", "--note", "kept").returncode == 0
    assert cli.run("review", BASE, ids[1], "--status", "dismissed").returncode == 0


def fresh(case_dir):
    p = os.path.join(case_dir, "p.redline")
    shutil.copy(BASE, p)
    return p


PACK_HEAD = """pack: hostile
version: 1
name: Hostile
categories:
  - id: boom
    name: Boom
    color: "#c0392b"
    severity: high
  - id: calm
    name: Calm
    color: "#2980b9"
    severity: low
rules:
  - id: lawful
    category: calm
    message: Any lawful use
    pattern: 'lawful use'
"""


def pack_with(rule_yaml):
    return PACK_HEAD + rule_yaml


def write(path, data):
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# ------------------------------------------------------------ case helpers

class Case:
    def __init__(self, cls, name, make, expect_exit, expect, *, post=None, timeout=120,
                 max_mb=1024, imported=0, todo=None, project=True):
        self.cls = cls
        self.name = name
        self.make = make                # (case_dir, project) -> argv after redline-cli
        self.expect_exit = expect_exit
        self.expect = expect            # substrings of stdout+stderr, in any order
        self.post = post                # (case_dir, project, result) -> None, asserts
        self.timeout = timeout          # seconds: past this it is a hang
        self.max_mb = max_mb            # peak memory bound
        self.imported = imported        # documents the run may add
        self.todo = todo                # a known gap: reason
        self.project = project          # whether to prepare and check a project

    def __call__(self):
        case_dir = tmpdir(os.path.join(ROOT, "case-"))
        project = fresh(case_dir) if self.project else None
        before_docs = check_project(project) if project else 0
        before_reviews = reviews(project) if project else {}
        args = self.make(case_dir, project)
        r = cli.run(*args, timeout=self.timeout)
        assert not r.timed_out, f"hung (killed after {self.timeout * cli.scale} s)\n" + r.describe()
        assert r.returncode in (0, 1, 2), f"crashed\n" + r.describe()
        assert r.returncode == self.expect_exit, f"exit {r.returncode}, expected {self.expect_exit}\n" + r.describe()
        for text in ([self.expect] if isinstance(self.expect, str) else self.expect):
            assert text in r.output, f"message lacks “{text}”\n" + r.describe()
        assert r.maxrss_kb < self.max_mb * 1024 * cli.scale, \
            f"peak memory {r.maxrss_kb // 1024} MB over {self.max_mb * cli.scale} MB\n" + r.describe()
        if project and os.path.exists(project):
            after_docs = check_project(project)
            assert after_docs == before_docs + self.imported, \
                f"{after_docs - before_docs} documents added, expected {self.imported}\n" + r.describe()
            after = reviews(project)
            for k, v in before_reviews.items():
                assert after.get(k) == v, f"review lost or changed: {k}: {v} -> {after.get(k)}"
        if self.post:
            self.post(case_dir, project, r)


def doc_text(project, file_name):
    rows = query(project, "SELECT t.text FROM documents d JOIN texts t ON t.doc_id = d.id "
                          "WHERE d.file_name = ?", file_name)
    assert len(rows) == 1, f"{file_name}: {len(rows)} documents"
    return rows[0][0]


def import_file(name, data):
    """A case maker: write one file, import it by name."""
    def make(d, p):
        path = os.path.join(d, name)
        write(path, data() if callable(data) else data)
        return ["import", p, path]
    return make


def rules_check(name, data):
    def make(d, p):
        return ["rules", "check", write(os.path.join(d, name), data() if callable(data) else data)]
    return make


# ------------------------------------------------------------- documents

def big_single_line():
    unit = "lorem ipsum dolor sit amet 中文文本 consectetur adipiscing elit, "
    n = BIG_MB * 1024 * 1024 // len(unit.encode())
    return unit * n + "END"   # no trailing blank: the importer trims those


def post_big(d, p, r):
    n = len(big_single_line())
    got = query(p, "SELECT n_chars FROM documents WHERE file_name = 'one-line.txt'")
    assert got == [(n,)], f"stored {got}, expected {n} characters"


def post_deep_html(d, p, r):
    text = doc_text(p, "deep.html")
    assert "deep text inside" in text and "After the nest." in text, text[:200]


def post_big_html(d, p, r):
    text = doc_text(p, "big-node.html")
    assert text.endswith("END"), text[-50:]
    assert len(text) > 20_000_000, len(text)


def post_malformed_html(d, p, r):
    text = doc_text(p, "malformed.html")
    title = query(p, "SELECT title FROM documents WHERE file_name = 'malformed.html'")[0][0]
    assert title == "Bad & broken", title
    for gone in ("<", "alert(", "p{color"):
        assert gone not in text, f"{gone!r} left in {text!r}"
    for kept in ("Para one bold both italic", "cell", "tail text"):
        assert kept in text, f"{kept!r} missing from {text!r}"


def post_fm_not_yaml(d, p, r):
    text = doc_text(p, "fm-bad.txt")
    assert "body text here" in text, text


def post_fm_bomb(d, p, r):
    text = doc_text(p, "fm-bomb.txt")
    assert text.strip() == "The body survives.", text
    meta = query(p, "SELECT length(coalesce(metadata, '')) FROM documents WHERE file_name = 'fm-bomb.txt'")[0][0]
    assert meta < 100_000, f"front matter expanded to {meta} bytes of metadata"


def run_unreadable():
    """chmod 000: refused by name with the system's reason.  As root chmod
    000 stops nothing, so the CLI runs as nobody (setpriv) instead; without
    setpriv that is a SKIP, not a pass."""
    import subprocess
    case_dir = tmpdir(os.path.join(ROOT, "case-"))
    p = fresh(case_dir)
    before = check_project(p)
    path = write(os.path.join(case_dir, "secret.txt"), "secret text\n")
    os.chmod(path, 0)
    prefix = []
    if AS_ROOT:
        if shutil.which("setpriv") is None:
            raise Skip("running as root and setpriv is missing: cannot make a file unreadable")
        os.chmod(case_dir, 0o777)
        for f in (p, p + "-wal", p + "-shm"):   # check_project's reader made these as root
            if os.path.exists(f):
                os.chmod(f, 0o666)
        prefix = NOBODY
    r = subprocess.run(prefix + [cli.path, "import", p, path], capture_output=True, text=True,
                       timeout=60 * cli.scale)
    out = r.stdout + r.stderr
    assert r.returncode == 1, f"exit {r.returncode}: {out}"
    assert "secret.txt" in out and "Permission denied" in out, out
    assert check_project(p) == before


def make_symlink_loop(d, p):
    folder = os.path.join(d, "folder")
    os.makedirs(os.path.join(folder, "sub"))
    write(os.path.join(folder, "a.txt"), "A document in a folder with a symlink loop.\n")
    os.symlink("..", os.path.join(folder, "sub", "up"))
    os.symlink(folder, os.path.join(folder, "sub", "again"))
    return ["import", p, folder]


def make_self_link(d, p):
    folder = os.path.join(d, "folder")
    os.makedirs(folder)
    write(os.path.join(folder, "ok.txt"), "The good file next to a self-referential link.\n")
    os.symlink("self.txt", os.path.join(folder, "self.txt"))
    return ["import", p, folder]


def make_deep_folders(d, p):
    folder = os.path.join(d, "deep")
    leaf = os.path.join(folder, *["d"] * 70)
    os.makedirs(leaf)
    write(os.path.join(folder, "top.txt"), "The file at the top of a very deep folder.\n")
    write(os.path.join(leaf, "bottom.txt"), "The file at the bottom of a very deep folder.\n")
    return ["import", p, folder]


class OpenWatch:
    """Reports whether anything opened a file (inotify IN_OPEN): stat does
    not count, open does, even one that would not block."""
    IN_OPEN = 0x20

    def __init__(self, path):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        assert self.fd >= 0, os.strerror(ctypes.get_errno())
        assert libc.inotify_add_watch(self.fd, os.fsencode(path), self.IN_OPEN) >= 0, \
            os.strerror(ctypes.get_errno())

    def opened(self):
        try:
            return len(os.read(self.fd, 4096)) > 0
        except BlockingIOError:
            return False
        finally:
            os.close(self.fd)


FIFO_WATCH = {}


def post_fifo_not_opened(d, p, r):
    assert not FIFO_WATCH.pop(d).opened(), "the named pipe was opened"


def make_fifo_named(d, p):
    path = os.path.join(d, "pipe.txt")
    os.mkfifo(path)
    FIFO_WATCH[d] = OpenWatch(path)
    return ["import", p, path]


def make_fifo_in_folder(d, p):
    folder = os.path.join(d, "folder")
    os.makedirs(folder)
    os.mkfifo(os.path.join(folder, "pipe.txt"))
    FIFO_WATCH[d] = OpenWatch(os.path.join(folder, "pipe.txt"))
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(os.path.join(folder, "sock.txt"))
    sock.close()
    os.symlink("/dev/null", os.path.join(folder, "null.txt"))
    write(os.path.join(folder, "ok.txt"), "The good file next to a pipe, a socket and a device.\n")
    return ["import", p, folder]


def make_sparse(d, p):
    path = os.path.join(d, "huge.txt")
    with open(path, "wb") as f:
        f.truncate(300 * 1024 * 1024)   # sparse: costs no disk
    return ["import", p, path]


def make_odd_names(d, p):
    folder = os.path.join(d, "names")
    os.makedirs(folder)
    for name, text in ((b"bad\xffname.txt", "A file name that is not UTF-8, about lawful use.\n"),
                       (b"line\nbreak.txt", "A file name with a line break in it.\n"),
                       (b"=cmd|calc.txt", "A file name that starts like a formula.\n")):
        with open(os.path.join(folder.encode(), name), "wb") as f:
            f.write(text.encode())
    return ["import", p, folder]


def post_odd_names(d, p, r):
    import json
    import subprocess
    out = subprocess.run([cli.path, "docs", p, "--json"], capture_output=True, timeout=60 * cli.scale).stdout
    docs = json.loads(out.decode("utf-8"))          # strict: must be UTF-8
    files = {x["file"] for x in docs}
    assert {"bad\ufffdname.txt", "line\nbreak.txt", "=cmd|calc.txt"} <= files, files
    csv_path = os.path.join(d, "names.csv")
    r2 = cli.run("export", p, "--csv", csv_path)
    assert r2.returncode == 0, r2.describe()
    with open(csv_path, encoding="utf-8", newline="") as f:
        cells = {row["document_file"] for row in csv.DictReader(f)}
    assert "=cmd|calc.txt" not in cells, "a file name reached the CSV as a formula"


DEEP = 100_000
MIXED = "mixed encodings: part of the file is UTF-8 and part is not (GB18030 perhaps); save it as UTF-8 and import it again"
MALFORMED = ('<html><head><title>Bad &amp; broken</title><body><p>Para one <b>bold <i>both</b> italic</i>'
             '<table><tr><td>cell<td>cell2</table><p>unclosed <a href="javascript:alert(1)">link'
             '<script>alert(1)</script><style>p{color:red}</style>&#xD800; &#0; tail text</p>'
             '<div><div><span></div></p></b><!-- unterminated')
FM_BOMB = ("---\ntitle: &t [x, x, x, x, x, x, x, x, x]\n"
           "a: &a [*t, *t, *t, *t, *t, *t, *t, *t, *t]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
           "---\nThe body survives.\n")

DOCUMENTS = [
    Case("document", "binary file", import_file("bin.txt", bytes(range(256)) * 64),
         1, ["bin.txt: looks like a binary file", "1 refused"]),
    Case("document", "NUL bytes in text", import_file("nul.txt", b"text with\x00a NUL byte\n" * 10),
         1, "nul.txt: looks like a binary file"),
    Case("document", "invalid UTF-8", import_file("bad-utf8.txt", b"bad \xff\xfe bytes \xc3 here " * 20),
         1, "bad-utf8.txt: not UTF-8, UTF-16 or GB18030 text"),
    Case("document", "mixed UTF-8 and Latin-1", import_file("mixed.txt", "café ".encode() + b"caf\xe9 \x80\x81 end\n"),
         1, "mixed.txt: not UTF-8, UTF-16 or GB18030 text"),
    Case("document", "mixed UTF-8 and GB18030",
         import_file("mixed-gb.txt", "前一半是 UTF-8 编码的中文。".encode() + "后一半是 GB18030 编码。".encode("gb18030")),
         1, "mixed-gb.txt: " + MIXED),
    Case("document", "mixed UTF-8 and GB18030 that GB18030 happens to decode",
         import_file("mixed-gb2.txt", "中文 UTF-8 部分".encode() + "和 GB18030 部分".encode("gb18030")),
         1, "mixed-gb2.txt: " + MIXED),
    Case("document", "truncated UTF-16 (odd byte count)",
         import_file("trunc16.txt", codecs.BOM_UTF16_LE + "Whole units kept".encode("utf-16-le") + b"\x41"),
         1, "trunc16.txt: truncated UTF-16: odd number of bytes, the file was cut off"),
    Case("document", "truncated UTF-16 (cut inside a surrogate pair)",
         import_file("trunc16b.txt", codecs.BOM_UTF16_BE + "Cut 😀".encode("utf-16-be")[:-2]),
         1, "trunc16b.txt: truncated UTF-16: the file ends in the middle of a character"),
    Case("document", "UTF-16 with a lone surrogate",
         import_file("surrogate.txt", codecs.BOM_UTF16_LE + "ok ".encode("utf-16-le") + b"\x3d\xd8" + "x".encode("utf-16-le")),
         1, "surrogate.txt: not valid UTF-16 text"),
    Case("document", "zero-byte file", import_file("zero.txt", b""), 1, "zero.txt: file is empty"),
    Case("document", "white space only", import_file("blank.txt", " \n\t\r\n\u3000\n"), 1,
         "blank.txt: file holds nothing but white space"),
    Case("document", f"{BIG_MB} MB on a single line", import_file("one-line.txt", big_single_line),
         0, "imported", imported=1, post=post_big, timeout=300, max_mb=2048),
    Case("document", "HTML nested 100,000 deep",
         import_file("deep.html", "<html><body><p>Before.</p>" + "<div>" * DEEP + "deep text inside" + "</div>" * DEEP
                     + "<p>After the nest.</p></body></html>"),
         0, "imported", imported=1, post=post_deep_html),
    Case("document", "HTML with a 20 MB text node",
         import_file("big-node.html", "<html><body><p>" + "word " * 4_000_000 + "</p><p>END</p></body></html>"),
         0, "imported", imported=1, post=post_big_html),
    Case("document", "malformed HTML", import_file("malformed.html", MALFORMED),
         0, "imported", imported=1, post=post_malformed_html),
    Case("document", "front matter that is not YAML",
         import_file("fm-bad.txt", "---\n: : [ {\n\tnot: yaml: at all\n---\nbody text here\n"),
         0, "imported", imported=1, post=post_fm_not_yaml),
    Case("document", "front matter YAML alias bomb", import_file("fm-bomb.txt", FM_BOMB),
         0, "imported", imported=1, post=post_fm_bomb),
    Case("document", "front matter nested 10,000 deep",
         import_file("fm-deep.txt", "---\ntitle: " + "[" * 10000 + "]" * 10000 + "\n---\nDeep front matter body.\n"),
         0, "imported", imported=1),
    Case("document", "over the size limit (sparse 300 MB)", make_sparse, 1, ["huge.txt: file is too large", "1 refused"]),
    Case("document", "symlink loop in an imported folder", make_symlink_loop, 1,
         ["a.txt", "sub/again: symbolic link loop (leads back to ", "sub/up: symbolic link loop (leads back to ",
          "1 imported, 0 updated, 0 unchanged, 2 refused"], imported=1),
    Case("document", "folders nested 70 deep", make_deep_folders, 1,
         ["top.txt", "folders nested more than 64 deep; not imported", "1 imported, 0 updated, 0 unchanged, 1 refused"],
         imported=1),
    Case("document", "self-referential symlink in a folder", make_self_link, 1,
         ["self.txt: Too many levels of symbolic links", "1 imported", "1 refused"], imported=1),
    Case("document", "named pipe named on the command line (never opened)", make_fifo_named, 1,
         "pipe.txt: not a regular file (a named pipe); not opened", timeout=30, post=post_fifo_not_opened),
    Case("document", "named pipe, socket and device in a folder (never opened)", make_fifo_in_folder, 1,
         ["pipe.txt: not a regular file (a named pipe); not opened", "sock.txt: not a regular file (a socket)",
          "null.txt: not a regular file (a device); not opened", "1 imported, 0 updated, 0 unchanged, 3 refused"],
         imported=1, timeout=30, post=post_fifo_not_opened),
    Case("document", "file names not UTF-8, with a line break, starting like a formula", make_odd_names, 0,
         "3 imported, 0 updated, 0 unchanged, 0 refused", imported=3, post=post_odd_names),
    Case("document", "unsupported file type named", import_file("report.pdf", b"%PDF-1.7\n"), 1,
         "report.pdf: not a supported file type"),
    Case("document", "missing path", lambda d, p: ["import", p, os.path.join(d, "nowhere.txt")], 1,
         ["nowhere.txt", "No such file or directory"]),
]

# ------------------------------------------------------------- rule packs

CATASTROPHIC = pack_with("""  - id: runaway
    category: boom
    message: Catastrophic backtracking
    pattern: '(a+)+$'
""")


def make_runaway_scan(d, p):
    pack = write(os.path.join(d, "runaway.yaml"), CATASTROPHIC)
    p = os.path.join(d, "runaway.redline")
    assert cli.run("init", p, "--pack", pack).returncode == 0
    folder = os.path.join(d, "docs")
    os.makedirs(folder)
    write(os.path.join(folder, "runaway.txt"),
          "Runaway document with any lawful use in it.\n" + "a" * 20000 + "b\nAnd lawful use again.\n")
    write(os.path.join(folder, "calm.txt"), "Calm document: only lawful use here.\n")
    assert cli.run("import", p, folder).returncode == 0
    return ["scan", p]


def post_runaway_scan(d, p, r):
    p = os.path.join(d, "runaway.redline")
    check_project(p)
    hits = query(p, "SELECT d.file_name, count(*) FROM hits h JOIN documents d ON d.id = h.doc_id "
                    "WHERE h.rule = 'lawful' GROUP BY d.file_name ORDER BY 1")
    assert hits == [("calm.txt", 1), ("runaway.txt", 2)], f"other hits lost: {hits}"
    assert r.stderr.count("runaway: ") == 1, r.stderr


def make_alternation(n):
    words = "|".join(f"w{i:05d}x" for i in range(n))
    return pack_with(f"""  - id: alternation
    category: boom
    message: Huge alternation
    pattern: '(?:{words})'
""")


def pack_in_project(d, p):
    pack = write(os.path.join(d, "bad.yaml"), pack_with("    colour: red\n"))
    return ["pack", p, pack]


def post_pack_kept(d, p, r):
    got = query(p, "SELECT source FROM pack")[0][0]
    assert "ai-red-lines" in got, "the project's pack changed after a refused replacement"


RULES = [
    Case("rules", "catastrophic backtracking (a+)+$ during a scan", make_runaway_scan, 0,
         ["runaway.txt: runaway: the pattern at line 21 gave up on this text: match limit exceeded (other hits kept)"],
         post=post_runaway_scan, project=False),
    Case("rules", "alternation of 1,000 branches compiles",
         rules_check("alternation.yaml", make_alternation(1000)), 0, "valid (2 categories, 2 rules)", project=False),
    Case("rules", "huge alternation (4,000 branches) is too large to compile",
         rules_check("alternation-4k.yaml", make_alternation(4000)), 1,
         'alternation-4k.yaml:21:14: rule alternation: "pattern" does not compile: regular expression is too large',
         project=False),
    Case("rules", "alternation over the string limit", rules_check("alternation-big.yaml", make_alternation(20000)),
         1, ["alternation-big.yaml:21:14: ", "longer than the limit of 65536 bytes"], project=False),
    Case("rules", "nested quantifiers too large to compile",
         rules_check("quant.yaml", pack_with("""  - id: quant
    category: boom
    message: Too large
    pattern: '(?:(?:(?:a{1,65535}){1,65535}){1,65535}){1,65535}'
""")), 1, ["quant.yaml:21:14: rule quant: \"pattern\" does not compile"], project=False),
    Case("rules", "YAML alias bomb",
         rules_check("bomb.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\npack: [*c, *c, *c, *c, *c]\n"),
         1, ["bomb.yaml:1:4: YAML anchors (&a) are not allowed in a rule pack",
             "bomb.yaml:2:8: YAML aliases (*a) are not allowed in a rule pack"], project=False),
    Case("rules", "deeply nested YAML", rules_check("deep.yaml", "pack: " + "[" * 100000 + "]" * 100000 + "\n"),
         1, "deep.yaml:1:70: nested deeper than 64 levels", project=False),
    Case("rules", "very long string (1 MB message)",
         rules_check("long.yaml", pack_with("  - id: long\n    category: boom\n    message: '" + "m" * 1_000_000
                                            + "'\n    pattern: 'x'\n")),
         1, ["long.yaml:20:14: string of 1000000 bytes is longer than the limit of 65536 bytes"], project=False),
    Case("rules", "file over the size limit (5 MB)", rules_check("huge.yaml", "# " + "x" * (5 * 1024 * 1024) + "\n"),
         1, ["huge.yaml: file is larger than the limit of 4194304 bytes"], project=False),
    Case("rules", "invalid UTF-8", rules_check("bad-utf8.yaml", PACK_HEAD.encode().replace(b"name: Hostile", b"name: Hos\xfftile")),
         1, "bad-utf8.yaml:3:10: invalid UTF-8 (byte 0xff): a rule pack is UTF-8 text", project=False),
    Case("rules", "NUL byte", rules_check("nul.yaml", PACK_HEAD.replace("name: Hostile", "name: Hos\0tile")),
         1, "nul.yaml:3:10: NUL byte: a rule pack is UTF-8 text", project=False),
    Case("rules", "unknown key", rules_check("unknown.yaml", pack_with("    colour: red\n")),
         1, 'unknown.yaml:18:5: unknown key "colour" in a rule', project=False),
    Case("rules", "wrong type", rules_check("type.yaml", PACK_HEAD.replace("version: 1", "version: [1]")),
         1, 'type.yaml:2:10: "version" must be an integer from 0 to 2147483647, found a list', project=False),
    Case("rules", "wrong type: short string for a number",
         rules_check("short.yaml", PACK_HEAD.replace("version: 1", "version: x")),
         1, 'short.yaml:2:10: "version" must be an integer from 0 to 2147483647, found "x"', project=False),
    Case("rules", "pattern that does not compile", rules_check("regex.yaml", pack_with(
        "  - id: broken\n    category: boom\n    message: Broken\n    pattern: '(unclosed'\n")),
         1, 'regex.yaml:21:14: rule broken: "pattern" does not compile: missing closing parenthesis', project=False),
    Case("rules", "not a rule pack at all", rules_check("list.yaml", "- a\n- list\n"),
         1, "list.yaml:1:1: a rule pack must be a mapping", project=False),
    Case("rules", "a bad pack given to a project leaves its pack as it was", pack_in_project,
         1, 'bad.yaml:18:5: unknown key "colour" in a rule', post=post_pack_kept),
]

# ---------------------------------------------------------- project files


def project_file(name, data):
    def make(d, p):
        path = os.path.join(d, name)
        if callable(data):
            data(path)
        else:
            write(path, data)
        return ["stats", path]
    return make


def damaged(path):
    shutil.copy(BASE, path)
    with open(path, "r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\xde\xad" * 3000)


def other_sqlite(path):
    import sqlite3
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()


def too_new(path):
    import sqlite3
    shutil.copy(BASE, path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 999")
    db.commit()
    db.close()


def make_trigger(d, p):
    import sqlite3
    db = sqlite3.connect(p)
    db.execute("CREATE TABLE pwned (x)")
    db.execute("CREATE TRIGGER evil AFTER UPDATE ON clauses BEGIN INSERT INTO pwned VALUES ('ran'); END")
    db.commit()
    db.close()
    cid = query(p, "SELECT id FROM clauses ORDER BY id DESC LIMIT 1")[0][0]
    return ["review", p, cid, "--status", "confirmed"]


def post_trigger(d, p, r):
    assert query(p, "SELECT count(*) FROM pwned") == [(0,)], "a trigger planted in the project file ran"


def run_readonly():
    """A read-only project file in a read-only folder: read commands work,
    writes say read-only, nothing changes."""
    import subprocess
    case_dir = tmpdir(os.path.join(ROOT, "case-"))
    p = fresh(case_dir)
    before = reviews(p)
    os.chmod(p, 0o444)
    os.chmod(case_dir, 0o555)
    prefix = []
    if AS_ROOT:
        if shutil.which("setpriv") is None:
            raise Skip("running as root and setpriv is missing: root writes a 0444 file anyway")
        prefix = NOBODY
    try:
        def run(*args):
            return subprocess.run(prefix + [cli.path, *map(str, args)], capture_output=True, text=True,
                                  timeout=120 * cli.scale)
        for args in (["docs", p], ["stats", p], ["hits", p], ["docs", p, "--json"]):
            r = run(*args)
            assert r.returncode == 0, f"{args}: exit {r.returncode}: {r.stderr}"
            assert r.stdout.strip(), f"{args}: printed nothing"
        cid = query(p, "SELECT id FROM clauses ORDER BY id DESC LIMIT 1")[0][0]
        for args in (["review", p, cid, "--status", "confirmed"], ["scan", p], ["import", p, SEEDS],
                     ["pack", p, os.path.join(os.environ["REDLINE_DATADIR"], "rules", "ai-red-lines.yaml")]):
            r = run(*args)
            assert r.returncode == 1, f"{args}: exit {r.returncode}: {r.stdout} {r.stderr}"
            assert "read-only" in r.stderr, f"{args}: {r.stderr}"
    finally:
        os.chmod(case_dir, 0o755)
    assert reviews(p) == before
    check_project(p)


def make_damaged_text(d, p):
    import sqlite3
    p = os.path.join(d, "damaged-text.redline")
    shutil.copy(BASE, p)
    db = sqlite3.connect(p)
    ids = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]
    db.execute("UPDATE texts SET text = CAST(X'E4BD' || CAST(text AS BLOB) AS TEXT) WHERE doc_id = ?", (ids[0],))
    db.execute("UPDATE texts SET text = CAST(CAST(text AS BLOB) || X'00FF' AS TEXT) WHERE doc_id = ?", (ids[1],))
    db.execute("UPDATE documents SET scanned_hash = NULL")
    db.commit()
    db.close()
    return ["scan", p]


def post_damaged_text(d, p, r):
    p = os.path.join(d, "damaged-text.redline")
    left = query(p, "SELECT count(*) FROM documents WHERE scanned_hash IS NULL")[0][0]
    assert left == 2, f"{left} documents left unscanned, expected only the 2 damaged ones"
    assert r.stderr.count("holds invalid text") == 2, r.stderr


def hostile_stored_pack(path):
    import sqlite3
    shutil.copy(BASE, path)
    db = sqlite3.connect(path)
    db.execute("UPDATE pack SET source = ?", ("a: &a [x, x, x]\nb: [*a, *a, *a]\n",))
    db.commit()
    db.close()


PROJECTS = [
    Case("project", "not an SQLite file", project_file("junk.redline", os.urandom(8192)), 1,
         "junk.redline: not a Redline project (not an SQLite database)", project=False),
    Case("project", "an SQLite file of another program", project_file("other.redline", other_sqlite), 1,
         "other.redline: not a Redline project", project=False),
    Case("project", "damaged pages", project_file("damaged.redline", damaged), 1,
         "damaged.redline: the project file is damaged", project=False),
    Case("project", "written by a newer Redline", project_file("new.redline", too_new), 1,
         "new.redline: the project was written by a newer version of Redline (format 999", project=False),
    Case("project", "empty file", project_file("empty.redline", b""), 1, "empty.redline: not a Redline project",
         project=False),
    Case("project", "document texts damaged outside Redline (invalid UTF-8, NUL inside)", make_damaged_text, 0,
         ["document 1 holds invalid text", "document 2 holds invalid text", "Scanned 3 of 5 documents"],
         post=post_damaged_text, project=False),
    Case("project", "a hostile rule pack stored in the project file", project_file("pack.redline", hostile_stored_pack), 1,
         ["pack.redline: the project's rule pack does not load", "YAML aliases (*a) are not allowed"], project=False),
    Case("project", "a trigger planted in the file never runs", make_trigger, 0, "confirmed", post=post_trigger),
    Case("project", "missing project", lambda d, p: ["docs", os.path.join(d, "none.redline")], 1,
         "none.redline: no such file", project=False),
    Case("project", "a folder where the project should be", lambda d, p: ["docs", d], 1,
         "not a Redline project (not a regular file)", project=False),
    Case("export", "export into a folder that does not exist",
         lambda d, p: ["export", p, "--csv", os.path.join(d, "no", "such", "out.csv")], 1,
         ["out.csv", "No such file or directory"]),
]


def main():
    make_base()
    tests = []
    for case in DOCUMENTS + RULES + PROJECTS:
        name = f"{case.cls}: {case.name}"
        if case.todo:
            tests.append((name, case, case.todo))
        else:
            tests.append((name, case))
    tests.insert(len(DOCUMENTS) - 2, ("document: unreadable file (chmod 000)", run_unreadable))
    tests.append(("project: read-only file in a read-only folder", run_readonly))
    run_tap(tests)


if __name__ == "__main__":
    main()
