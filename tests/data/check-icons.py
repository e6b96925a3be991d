#!/usr/bin/env python3
"""Checks the application icons: a 128 px scalable icon and a 16 px
monochrome symbolic one, self-contained (no text, no external images).
Usage: check-icons.py SCALABLE.svg SYMBOLIC.svg"""

import re
import sys
import xml.etree.ElementTree as ET

from taplib import Tap

scalable, symbolic = sys.argv[1:3]
t = Tap()
SVG = "{http://www.w3.org/2000/svg}"


def load(path):
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        t.check(False, "%s parses" % path, e)
        t.done()


for path, size in ((scalable, 128), (symbolic, 16)):
    root = load(path)
    t.equal(root.tag, SVG + "svg", "%s is SVG" % path)
    t.equal((root.get("width"), root.get("height"), root.get("viewBox")),
            (str(size), str(size), "0 0 %d %d" % (size, size)), "%s is %d px" % (path, size))
    tags = {el.tag.replace(SVG, "") for el in root.iter()}
    t.check(not tags & {"text", "image", "script", "foreignObject"},
            "%s has no text, images or scripts" % path, tags)
    hrefs = [v for el in root.iter() for k, v in el.attrib.items() if k.endswith("href")]
    t.check(all(h.startswith("#") for h in hrefs), "%s links nothing outside itself" % path, hrefs)

# Symbolic icons are recoloured by the theme: one grey, opacity for shades.
colours = set()
for el in load(symbolic).iter():
    for attr in ("fill", "stroke"):
        v = el.get(attr)
        if v and v != "none":
            colours.add(v.lower())
    for m in re.finditer(r"(?:fill|stroke)\s*:\s*([^;]+)", el.get("style", "")):
        colours.add(m.group(1).strip().lower())
t.check(colours <= {"#222222", "#222", "currentcolor"}, "symbolic icon uses one foreground colour", colours)

t.done()
