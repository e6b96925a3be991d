#!/bin/sh
# Takes the AppStream screenshots (data/screenshots/*.png, listed in the
# metainfo) of the real window on the demo project, under Xvfb, through
# the window's own GTK snapshot: no window manager or desktop needed.
#
# Usage: data/screenshots/take-screenshots.sh [BUILD_DIR]
#   BUILD_DIR: a configured meson build directory (default: build)
#
# Needs xvfb-run and a CJK font (fonts-wqy-microhei), see .ci/deps.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "$here/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$srcdir/$build ;; esac

ninja -C "$build" data/screenshots/take-screenshots po/zh_CN/LC_MESSAGES/redline.mo >/dev/null

shoot ()
{
  lang=$1 scene=$2 out=$here/$3
  # LANGUAGE picks the translation; LC_ALL must name a real locale for
  # gettext to honour it.
  env LC_ALL=C.UTF-8 LANGUAGE="$lang" \
      GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" \
      REDLINE_DATADIR="$srcdir/data" \
      GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 ADW_DISABLE_PORTAL=1 \
      xvfb-run -a -s "-screen 0 1600x1000x24" \
      "$build/data/screenshots/take-screenshots" "$scene" "$out"
}

shoot en reader reader.png
shoot en review review.png
shoot zh_CN review zh-cn.png
