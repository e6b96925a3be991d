#!/usr/bin/env python3
"""Checks a Flatpak manifest: what flatpak-builder would build and what the
sandbox may do.  Usage: check-flatpak-manifest.py MANIFEST APP_ID PROFILE"""

import json
import re
import sys

from taplib import Tap

MINIMAL_FINISH_ARGS = [
    "--socket=wayland",
    "--socket=fallback-x11",
    "--share=ipc",
    "--device=dri",
]

path, app_id, profile = sys.argv[1:4]
t = Tap()

try:
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
except (OSError, ValueError) as e:
    t.check(False, "%s is valid JSON" % path, e)
    t.done()
t.check(True, "%s is valid JSON" % path)

t.equal(m.get("id"), app_id, "application id")
t.equal(m.get("runtime"), "org.gnome.Platform", "runtime")
t.equal(m.get("sdk"), "org.gnome.Sdk", "sdk")
version = str(m.get("runtime-version", ""))
t.check(re.fullmatch(r"\d+", version) is not None and int(version) >= 47,
        "runtime-version is a stable GNOME release >= 47", version)
t.equal(m.get("command"), "redline", "command is the window")

args = m.get("finish-args", [])
t.equal(sorted(args), sorted(MINIMAL_FINISH_ARGS), "finish-args are exactly the minimal set")
t.check(not any(a.startswith(("--filesystem", "--share=network", "--socket=session-bus",
                               "--socket=system-bus", "--talk-name", "--device=all"))
                for a in args),
        "no filesystem, network or bus permissions", args)

modules = m.get("modules", [])
t.check(len(modules) >= 2, "libyaml and redline modules present", modules)
last = modules[-1] if modules else {}
t.equal(last.get("name"), "redline", "last module is redline")
t.equal(last.get("buildsystem"), "meson", "redline builds with meson")
opts = last.get("config-opts", [])
t.check("-Dprofile=%s" % profile in opts, "redline is configured with -Dprofile=%s" % profile, opts)
t.check(all(o.startswith("-") for o in opts), "config-opts are all options", opts)

yaml_mods = [mod for mod in modules if isinstance(mod, dict) and mod.get("name") == "libyaml"]
t.equal(len(yaml_mods), 1, "one libyaml module (the GNOME runtime lacks it)")
if yaml_mods:
    srcs = yaml_mods[0].get("sources", [])
    archives = [s for s in srcs if s.get("type") == "archive"]
    t.equal(len(archives), 1, "libyaml comes from one release archive")
    if archives:
        a = archives[0]
        t.check(a.get("url", "").startswith("https://")
                and a.get("url", "").endswith("yaml-0.2.5.tar.gz"),
                "libyaml source is the 0.2.5 release tarball over https", a.get("url"))
        t.check(re.fullmatch(r"[0-9a-f]{64}", a.get("sha256", "")) is not None,
                "libyaml archive has a sha256", a.get("sha256"))
    t.check(modules.index(yaml_mods[0]) < len(modules) - 1, "libyaml is built before redline")

# Nothing else may come from the network unpinned.
for mod in modules:
    if not isinstance(mod, dict):
        t.check(False, "module is inline, not a file reference", mod)
        continue
    for s in mod.get("sources", []):
        if s.get("type") in ("archive", "file"):
            t.check("sha256" in s, "%s: %s is pinned by sha256" % (mod.get("name"), s.get("url")))
        elif s.get("type") == "git":
            t.check("commit" in s or "tag" in s, "%s: git source is pinned" % mod.get("name"))

t.done()
