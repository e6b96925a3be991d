#!/usr/bin/env python3
"""Builds and installs Redline the way flatpak-builder does for MANIFEST
(the redline module's buildsystem and config-opts, prefix /app), into a
temporary DESTDIR, then checks the installed tree is what a desktop needs.

flatpak-builder cannot fetch the GNOME runtime here; this runs the same
meson configuration on the host instead.

Usage: check-install.py SOURCE_ROOT MANIFEST"""

import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from taplib import Tap

srcdir, manifest_path = sys.argv[1:3]
t = Tap()

with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)
app_id = manifest["id"]
module = manifest["modules"][-1]
config_opts = module.get("config-opts", [])

# What flatpak-builder passes to meson before the module's own options.
prefix = "/app"
args = ["--prefix=" + prefix, "--libdir=lib"]
if not any(o.startswith(("--buildtype", "-Dbuildtype")) for o in config_opts):
    args.append("--buildtype=release")
args += config_opts

tmp = tempfile.mkdtemp(prefix="redline-install-")
build = os.path.join(tmp, "build")
destdir = os.path.join(tmp, "dest")


def run(cmd, what, env=None, cwd=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=env, cwd=cwd)
    t.check(p.returncode == 0, what,
            "$ " + " ".join(cmd) + "\n" + p.stdout[-4000:])
    return p


try:
    env = dict(os.environ)
    env.pop("DESTDIR", None)
    t.diag("meson setup " + " ".join(args))
    p = run(["meson", "setup", build, srcdir, "--wrap-mode=nodownload"] + args,
            "meson setup with the manifest's options", env=env)
    if p.returncode != 0:
        t.done()
    # Only what gets installed: the tests, benchmarks and fuzzers are no
    # part of the package and would double the time this takes.
    p = subprocess.run(["meson", "introspect", "--targets", build],
                       stdout=subprocess.PIPE, text=True, env=env)
    outputs = [os.path.relpath(f, build) for tgt in json.loads(p.stdout or "[]")
               if tgt.get("installed") for f in tgt.get("filename", [])]
    t.check(len(outputs) > 0, "meson lists the installed targets")
    p = run(["ninja", "-C", build] + outputs, "build the installed targets", env=env)
    if p.returncode != 0:
        t.done()
    env["DESTDIR"] = destdir
    p = run(["meson", "install", "-C", build, "--no-rebuild"], "meson install into DESTDIR", env=env)
    if p.returncode != 0:
        t.done()

    t.equal(sorted(os.listdir(destdir)), ["app"], "everything is installed under /app")
    root = destdir + prefix
    share = os.path.join(root, "share")

    listing = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            listing.append(os.path.relpath(os.path.join(dirpath, name), root))
    listing.sort()
    t.diag("installed files:\n" + "\n".join(f for f in listing if not f.startswith("share/redline/samples/")))

    def exists(rel, what=None):
        return t.check(os.path.isfile(os.path.join(root, rel)), what or ("installs " + rel))

    for binary in ("redline", "redline-cli"):
        path = os.path.join(root, "bin", binary)
        t.check(os.path.isfile(path) and os.access(path, os.X_OK), "installs bin/" + binary)

    # Desktop file: launches the installed binary, shows the installed icon,
    # opens .redline projects, has a Chinese name and comment.
    desktop_rel = "share/applications/%s.desktop" % app_id
    if exists(desktop_rel):
        cp = configparser.RawConfigParser(strict=False, delimiters=("=",))
        cp.optionxform = str
        cp.read(os.path.join(root, desktop_rel), encoding="utf-8")
        entry = cp["Desktop Entry"]
        exe = entry.get("Exec", "").split()[0]
        t.check(os.path.isfile(os.path.join(root, "bin", exe)), "Exec=%s is an installed binary" % exe)
        t.equal(entry.get("Icon"), app_id, "Icon= is the application id")
        t.check("application/x-redline-project" in entry.get("MimeType", "").split(";"),
                "desktop file opens application/x-redline-project")
        for key in ("Name", "Comment", "GenericName", "Keywords"):
            t.check(key + "[zh_CN]" in entry, "desktop file has %s[zh_CN]" % key)
        run(["desktop-file-validate", os.path.join(root, desktop_rel)], "installed desktop file validates")

    metainfo_rel = "share/metainfo/%s.metainfo.xml" % app_id
    if exists(metainfo_rel):
        comp = ET.parse(os.path.join(root, metainfo_rel)).getroot()
        t.equal(comp.findtext("id"), app_id, "metainfo id is the application id")
        t.equal(comp.findtext("launchable"), app_id + ".desktop", "metainfo launches the installed desktop file")
        t.check(len(comp.findall("screenshots/screenshot")) >= 3, "metainfo has at least three screenshots")
        run(["appstreamcli", "validate", "--no-net", os.path.join(root, metainfo_rel)],
            "installed metainfo validates")

    exists("share/icons/hicolor/scalable/apps/%s.svg" % app_id)
    exists("share/icons/hicolor/symbolic/apps/%s-symbolic.svg" % app_id)

    # MIME: a database built from the installed package maps *.redline.
    mime_rel = "share/mime/packages/%s.xml" % app_id
    if exists(mime_rel):
        mimedir = os.path.join(tmp, "mime")
        os.makedirs(os.path.join(mimedir, "packages"))
        shutil.copy(os.path.join(root, mime_rel), os.path.join(mimedir, "packages"))
        run(["update-mime-database", mimedir], "update-mime-database accepts the MIME package")
        globs = open(os.path.join(mimedir, "globs2"), encoding="utf-8").read()
        t.check(":application/x-redline-project:*.redline" in globs,
                "*.redline is application/x-redline-project", globs)

    # GSettings schema: installed and compiles strictly.
    schemadir = os.path.join(share, "glib-2.0", "schemas")
    schemas = sorted(f for f in os.listdir(schemadir) if f.endswith(".gschema.xml")) \
        if os.path.isdir(schemadir) else []
    t.check("io.github.redlinedesk.Redline.gschema.xml" in schemas, "installs the GSettings schema", schemas)
    if schemas:
        run(["glib-compile-schemas", "--strict", "--targetdir=" + tmp, schemadir],
            "installed schemas compile with --strict")

    # The default pack is installed where the app looks (PKGDATADIR) and is valid.
    pack = os.path.join(share, "redline", "rules", "ai-red-lines.yaml")
    if exists(os.path.relpath(pack, root), "installs the default pack share/redline/rules/ai-red-lines.yaml"):
        run([os.path.join(root, "bin", "redline-cli"), "rules", "check", pack],
            "installed redline-cli accepts the installed default pack")
    samples = os.path.join(share, "redline", "samples")
    n_samples = sum(len(f) for _, _, f in os.walk(samples)) if os.path.isdir(samples) else 0
    t.check(n_samples > 0, "installs the demo samples under share/redline/samples (%d files)" % n_samples)

    # Translations: one catalog per language in LINGUAS, and it really translates.
    with open(os.path.join(srcdir, "po", "LINGUAS"), encoding="utf-8") as f:
        linguas = [w for line in f for w in line.split("#")[0].split()]
    for lang in linguas:
        mo = "share/locale/%s/LC_MESSAGES/redline.mo" % lang
        if exists(mo):
            p = subprocess.run(["msgunfmt", os.path.join(root, mo)], stdout=subprocess.PIPE, text=True)
            t.check('msgid "Redline project"' in p.stdout, "%s catalog has the app's strings" % lang)
finally:
    shutil.rmtree(tmp, ignore_errors=True)

t.done()
