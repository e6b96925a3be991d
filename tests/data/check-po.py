#!/usr/bin/env python3
"""Checks that po/LANG.po translates every string the sources mark today:
extracts a fresh template the way meson's i18n 'glib' preset does, merges,
and fails on any untranslated or fuzzy entry.  Also catches a few mistakes
msgfmt --check does not (mnemonics, desktop keyword lists, English left as is).

Usage: check-po.py SOURCE_ROOT LANG"""

import os
import re
import subprocess
import sys
import tempfile

from taplib import Tap

srcdir, lang = sys.argv[1:3]
t = Tap()
po = os.path.join(srcdir, "po", lang + ".po")

# The keywords of meson's i18n.gettext(preset: 'glib').
XGETTEXT = [
    "xgettext", "--package-name=redline", "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format",
    "--flag=g_printf:1:c-format", "--flag=g_fprintf:2:c-format",
    "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]


def entries(path):
    """Parses a .po file into dicts (msgctxt, msgid, msgstr, fuzzy, obsolete)."""
    out, cur, field = [], None, None

    def flush():
        if cur is not None and "msgid" in cur:
            out.append(cur)

    def unq(s):
        return bytes(s.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
            if not line:
                flush()
                cur, field = None, None
                continue
            if cur is None:
                cur = {"fuzzy": False, "obsolete": False, "msgctxt": None, "refs": []}
            if obsolete:
                cur["obsolete"] = True
            if line.startswith("#,"):
                cur["fuzzy"] = "fuzzy" in line
            elif line.startswith("#:"):
                cur["refs"] += line[2:].split()
            elif line.startswith("#"):
                pass
            else:
                m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
                if m:
                    field = m.group(1)
                    cur[field] = unq(m.group(2))
                elif line.startswith('"') and field:
                    cur[field] += unq(line)
    flush()
    return [e for e in out if e["msgid"] != ""]


def translations(e):
    return [v for k, v in e.items() if k.startswith("msgstr")]


with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "redline.pot")
    p = subprocess.run(XGETTEXT + ["--files-from=" + os.path.join(srcdir, "po", "POTFILES.in"),
                                   "--directory=" + srcdir, "--output=" + pot],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not t.check(p.returncode == 0, "xgettext extracts a fresh template", p.stdout):
        t.done()
    merged = os.path.join(tmp, "merged.po")
    p = subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--output-file=" + merged, po, pot],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not t.check(p.returncode == 0, "msgmerge %s.po with the fresh template" % lang, p.stdout):
        t.done()

    current = [e for e in entries(merged) if not e["obsolete"]]
    t.diag("%d strings in the sources" % len(current))
    t.check(len(current) > 0, "the template has strings")

    # _("id %" G_GINT64_FORMAT) reaches xgettext as "id %": the catalog can
    # never hold the string the program looks up.  PRId64 (<inttypes.h>) is
    # the spelling gettext understands.
    cut = [e for e in current if re.search(r"(?<!%)%$", e["msgid"])]
    t.check(not cut, "no message is cut short by a format macro",
            "\n".join("%s: %r (use PRId64, not G_GINT64_FORMAT)" % (" ".join(e["refs"][:2]), e["msgid"])
                      for e in cut))

    # (A cut message is reported above; translating it would not help.)
    missing = [e for e in current if not all(translations(e)) and e not in cut]
    t.check(not missing, "every string is translated",
            "\n".join("untranslated: %r (%s)" % (e["msgid"], " ".join(e["refs"][:2])) for e in missing))
    fuzzy = [e for e in current if e["fuzzy"]]
    t.check(not fuzzy, "no fuzzy entries",
            "\n".join("fuzzy: %r" % e["msgid"] for e in fuzzy))

    stale = [e for e in entries(po) if not e["obsolete"]
             and (e["msgctxt"], e["msgid"]) not in {(c["msgctxt"], c["msgid"]) for c in current}]
    if stale:
        t.diag("%d entries no longer in the sources (run: meson compile -C BUILD redline-update-po):\n%s"
               % (len(stale), "\n".join(repr(e["msgid"]) for e in stale[:20])))

    done = [e for e in current if all(translations(e))]
    bad = []
    for e in done:
        msgid = e["msgid"]
        for s in translations(e):
            if re.search(r"(?:^|[\s(])_[A-Za-z]", msgid) and "_" not in s:
                bad.append("mnemonic lost: %r -> %r" % (msgid, s))
            if msgid.endswith(";") and not s.endswith(";"):
                bad.append("keyword list must end with ';': %r" % s)
            if s == msgid and re.search(r"[A-Za-z]{2,}[ -]+[A-Za-z]{2,}", msgid):
                bad.append("left in English: %r" % s)
            if msgid.count("%") != s.count("%"):
                bad.append("placeholders differ: %r -> %r" % (msgid, s))
            if msgid.startswith("\n") != s.startswith("\n") or msgid.endswith("\n") != s.endswith("\n"):
                bad.append("leading/trailing newline differs: %r -> %r" % (msgid, s))
    t.check(not bad, "translations keep mnemonics, placeholders, newlines and keyword lists", "\n".join(bad))

t.done()
