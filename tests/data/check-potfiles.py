#!/usr/bin/env python3
"""Fails when a file that marks strings for translation is missing from
po/POTFILES.in, when POTFILES.in lists a file that does not exist, or when
it is not sorted.  Usage: check-potfiles.py SOURCE_ROOT"""

import os
import re
import sys

from taplib import Tap

srcdir = sys.argv[1]
t = Tap()

# gettext calls in C (the glib preset's keywords) and GtkBuilder's marker.
C_MARK = re.compile(r"(?<![\w.>])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|g_dpgettext2|ngettext)\s*\(")
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.I)
# Files that are translated as a whole by their type.
ALWAYS = (".desktop.in", ".metainfo.xml.in", ".gschema.xml", ".mime.xml")

with open(os.path.join(srcdir, "po", "POTFILES.in"), encoding="utf-8") as f:
    entries = [line.strip() for line in f if line.strip() and not line.startswith("#")]

t.equal(entries, sorted(entries), "POTFILES.in is sorted")
t.equal(len(entries), len(set(entries)), "POTFILES.in has no duplicates")
for e in entries:
    t.check(os.path.isfile(os.path.join(srcdir, e)), "listed file %s exists" % e)

needed = []
for top in ("src", "ui", "data"):
    for dirpath, dirnames, filenames in os.walk(os.path.join(srcdir, top)):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, srcdir)
            if name.endswith(ALWAYS):
                needed.append((rel, "translated by type"))
                continue
            if name.endswith((".c", ".h")):
                mark = C_MARK
            elif name.endswith(".ui"):
                mark = UI_MARK
            else:
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            # Comments mention _() in prose; strip them before looking.
            if mark is C_MARK:
                text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
                text = re.sub(r"//[^\n]*", "", text)
            m = mark.search(text)
            if m:
                line = text.count("\n", 0, m.start()) + 1
                needed.append((rel, "line %d: %s" % (line, m.group(0))))

t.check(len(needed) > 0, "found files with translatable strings")
for rel, why in needed:
    t.check(rel in entries, "%s is in POTFILES.in" % rel, "it has translatable strings (%s)" % why)

t.done()
