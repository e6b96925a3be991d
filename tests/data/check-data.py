#!/usr/bin/env python3
"""Checks the built (translated) desktop file, metainfo and MIME entry:
that they agree with each other, that every visible string carries each
language of po/LINGUAS, and that a MIME database built from the entry maps
*.redline to the project type.

Usage: check-data.py SOURCE_ROOT APP_ID DESKTOP METAINFO MIME"""

import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from taplib import Tap

srcdir, app_id, desktop, metainfo, mime = sys.argv[1:6]
t = Tap()
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
MIME_TYPE = "application/x-redline-project"

with open(os.path.join(srcdir, "po", "LINGUAS"), encoding="utf-8") as f:
    linguas = [w for line in f for w in line.split("#")[0].split()]
t.check(len(linguas) > 0, "po/LINGUAS names languages", linguas)

# Desktop file
cp = configparser.RawConfigParser(strict=False, delimiters=("=",))
cp.optionxform = str
cp.read(desktop, encoding="utf-8")
entry = cp["Desktop Entry"]
t.equal(os.path.basename(desktop), app_id + ".desktop", "desktop file is named after the application id")
t.equal(entry.get("Icon"), app_id, "desktop Icon= is the application id")
t.equal(entry.get("Exec", "").split()[0], "redline", "desktop file starts the window")
t.check(MIME_TYPE in entry.get("MimeType", "").split(";"), "desktop file handles " + MIME_TYPE)
for lang in linguas:
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        t.check(entry.get("%s[%s]" % (key, lang), "").strip() != "", "desktop %s[%s] is present" % (key, lang))
    kw = entry.get("Keywords[%s]" % lang, "")
    t.check(kw.endswith(";") and ";;" not in kw, "desktop Keywords[%s] is a ;-list" % lang, kw)

# Metainfo: each translatable element is followed by its translations.
comp = ET.parse(metainfo).getroot()
t.equal(comp.findtext("id"), app_id, "metainfo id")
t.equal(comp.findtext("launchable"), app_id + ".desktop", "metainfo launchable is the desktop file")
t.check(MIME_TYPE in [m.text for m in comp.findall("provides/mediatype")], "metainfo provides " + MIME_TYPE)
t.equal(comp.find("content_rating").get("type"), "oars-1.1", "metainfo has an OARS 1.1 rating")
t.check(comp.find("developer") is not None and comp.findtext("developer/name", "").strip() != "",
        "metainfo names the developer")
t.check(len(comp.findall("releases/release")) >= 1, "metainfo has release notes")
shots = comp.findall("screenshots/screenshot")
t.check(len(shots) >= 3, "metainfo has at least three screenshots", len(shots))
for s in shots:
    url = s.findtext("image", "")
    name = url.rsplit("/", 1)[-1]
    t.check(url.startswith("https://raw.githubusercontent.com/redlinedesk/redline/main/data/screenshots/"),
            "screenshot %s points into the repository" % name, url)
    png = os.path.join(srcdir, "data", "screenshots", name)
    if t.check(os.path.isfile(png), "screenshot data/screenshots/%s is committed" % name):
        with open(png, "rb") as f:
            head = f.read(24)
        size = (int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big"))
        img = s.find("image")
        t.check(head[:8] == b"\x89PNG\r\n\x1a\n", "%s is a PNG" % name)
        t.equal(size, (int(img.get("width", 0)), int(img.get("height", 0))),
                "%s is as large as the metainfo says" % name)


def translated(parent, tag):
    """[(english, {lang: text})] for every child TAG of PARENT."""
    out, last = [], None
    for child in parent:
        if child.tag != tag:
            continue
        lang = child.get(XML_LANG)
        if lang is None:
            last = ("".join(child.itertext()).strip(), {})
            out.append(last)
        elif last is not None:
            last[1][lang] = "".join(child.itertext()).strip()
    return out


groups = [(comp, "summary")]
groups += [(d, tag) for d in comp.iter("description") for tag in ("p",)]
groups += [(ul, "li") for ul in comp.iter("ul")]
groups += [(s, "caption") for s in shots]
for parent, tag in groups:
    for english, langs in translated(parent, tag):
        for lang in linguas:
            t.check(langs.get(lang, "") not in ("", english),
                    "metainfo <%s> %r has %s" % (tag, english[:40], lang))

# MIME entry
root = ET.parse(mime).getroot()
types = root.findall(MIME_NS + "mime-type")
t.equal([m.get("type") for m in types], [MIME_TYPE], "MIME entry defines " + MIME_TYPE)
comments = {c.get(XML_LANG): c.text for c in types[0].findall(MIME_NS + "comment")}
for lang in linguas:
    t.check(comments.get(lang) not in (None, comments.get(None)), "MIME comment has %s" % lang, comments)
with tempfile.TemporaryDirectory() as tmp:
    os.makedirs(os.path.join(tmp, "packages"))
    shutil.copy(mime, os.path.join(tmp, "packages"))
    p = subprocess.run(["update-mime-database", tmp], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if t.check(p.returncode == 0 and "Error" not in p.stdout, "update-mime-database accepts the entry", p.stdout):
        globs = open(os.path.join(tmp, "globs2"), encoding="utf-8").read()
        t.check(":%s:*.redline" % MIME_TYPE in globs, "*.redline maps to " + MIME_TYPE, globs)
        subclasses = open(os.path.join(tmp, "subclasses"), encoding="utf-8").read()
        t.check("%s application/vnd.sqlite3" % MIME_TYPE in subclasses,
                "a project is a kind of SQLite database", subclasses)

t.done()
