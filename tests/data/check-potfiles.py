#!/usr/bin/env python3
"""Fails when a file that marks strings for translation is missing from
po/POTFILES.in, when POTFILES.in lists a file that does not exist, or when
it is not sorted.  Usage: check-potfiles.py SOURCE_ROOT"""

import os
import re
import sys
import xml.etree.ElementTree as ET

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

# User-visible text in templates must be marked: a label, title or tooltip
# without translatable="yes" stays English in every language.
VISIBLE = {"label", "title", "subtitle", "tooltip-text", "tooltip-markup", "placeholder-text",
           "description", "heading", "body", "text", "secondary-text", "message"}


def visible_text(el):
    """The element's text if a user reads it, else None."""
    if el.tag == "property" and el.get("name") in VISIBLE:
        pass
    elif el.tag == "attribute" and el.get("name") == "label":   # menu items
        pass
    elif el.tag == "item":                                        # GtkStringList
        pass
    else:
        return None
    text = (el.text or "").strip()
    if len(el) or el.get("bind-source") or not re.search(r"[A-Za-z]{2}", text):
        return None
    return text


unmarked = []
for dirpath, dirnames, filenames in os.walk(os.path.join(srcdir, "ui")):
    for name in sorted(filenames):
        if not name.endswith(".ui"):
            continue
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, srcdir)
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError as e:
            t.check(False, "%s parses as XML" % rel, e)
            continue
        for el in root.iter():
            text = visible_text(el)
            if text is not None and el.get("translatable", "no").lower() not in ("yes", "true", "1"):
                unmarked.append("%s: <%s name=%r>%s" % (rel, el.tag, el.get("name"), text[:50]))
t.check(not unmarked, "every visible string in ui/*.ui is marked translatable", "\n".join(unmarked))

t.check(len(needed) > 0, "found files with translatable strings")
for rel, why in needed:
    t.check(rel in entries, "%s is in POTFILES.in" % rel, "it has translatable strings (%s)" % why)

t.done()
