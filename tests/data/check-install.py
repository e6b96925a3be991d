#!/usr/bin/env python3
"""Builds and installs Redline the way flatpak-builder does for MANIFEST
(the redline module's buildsystem and config-opts) into a temporary
DESTDIR, checks the installed tree is what a desktop needs, then moves it
to its prefix (as a package manager or flatpak would) and runs it there:
the installed programs must find their data and translations.

flatpak-builder cannot fetch the GNOME runtime here; this runs the same
meson configuration on the host instead, with a temporary prefix in place
of /app.

Usage: check-install.py SOURCE_ROOT MANIFEST"""

import configparser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

from taplib import Tap

srcdir, manifest_path = sys.argv[1:3]
t = Tap()

with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)
app_id = manifest["id"]
module = manifest["modules"][-1]
config_opts = module.get("config-opts", [])

tmp = tempfile.mkdtemp(prefix="redline-install-")
build = os.path.join(tmp, "build")
destdir = os.path.join(tmp, "dest")
prefix = os.path.join(tmp, "app")

# What flatpak-builder passes to meson before the module's own options
# (--prefix=/app there).
args = ["--prefix=" + prefix, "--libdir=lib"]
if not any(o.startswith(("--buildtype", "-Dbuildtype")) for o in config_opts):
    args.append("--buildtype=release")
args += config_opts


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

    strays = []
    for dirpath, dirnames, filenames in os.walk(destdir):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not path.startswith(destdir + prefix + os.sep):
                strays.append(path)
    t.check(not strays, "everything is installed under the prefix", "\n".join(strays))
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

    # Deploy: the tree now sits at its prefix, as after a package install.
    os.rename(root, prefix)
    root = prefix
    share = os.path.join(root, "share")
    cli = os.path.join(root, "bin", "redline-cli")
    run_env = dict(os.environ)
    for var in ("REDLINE_DATADIR", "DESTDIR", "LANGUAGE", "LC_MESSAGES"):
        run_env.pop(var, None)
    run_env["LC_ALL"] = "C.UTF-8"
    # A project made by the installed CLI with its installed default pack.
    project = os.path.join(tmp, "check.redline")
    p = run([cli, "init", project], "installed redline-cli creates a project with the default pack", env=run_env)
    if p.returncode == 0:
        run([cli, "stats", project], "installed redline-cli reads it back", env=run_env)
    # The installed programs follow the user's language.
    for lang in linguas:
        zh_env = dict(run_env, LANGUAGE=lang)
        p = subprocess.run([cli, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env=zh_env)
        en = subprocess.run([cli, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=run_env)
        t.check(p.stdout != en.stdout and p.stdout.strip() != "",
                "installed redline-cli --help is translated with LANGUAGE=%s" % lang,
                p.stdout[:600])
        # The stats table's translated header lines up with its rows in a
        # terminal, where a CJK character takes two columns.
        p = subprocess.run([cli, "stats", project], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env=zh_env)
        blocks = p.stdout.split("\n\n")
        table = blocks[1].splitlines() if len(blocks) > 2 else []
        widths = {sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in row) for row in table}
        t.check(len(table) > 1 and len(widths) == 1,
                "installed redline-cli stats columns line up with LANGUAGE=%s" % lang, p.stdout[:1200])
    p = subprocess.run([os.path.join(root, "bin", "redline"), "--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=dict(run_env, LANGUAGE=linguas[0] if linguas else "C"))
    t.check(p.returncode == 0 and "--demo" in p.stdout,
            "installed redline --help lists --demo", p.stdout[-2000:])
finally:
    shutil.rmtree(tmp, ignore_errors=True)

t.done()
