#!/bin/bash
# Installs the build into a scratch DESTDIR and checks that every file sits
# where a Flatpak export (and a distribution package) expects it.
set -eu
build=$1
dest=$(mktemp -d "${TMPDIR:-/tmp}/mfc-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT

DESTDIR="$dest" meson install -C "$build" --no-rebuild --quiet >/dev/null
prefix=$(meson introspect "$build" --buildoptions |
         python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root="$dest$prefix"
id=io.github.mfcdesk.MfcDesk
status=0
expect () {
  if [ -e "$root/$1" ]; then
    echo "ok - $1"
  else
    echo "not ok - $1 is missing"
    status=1
  fi
}
expect bin/mfc-desk
expect share/applications/$id.desktop
expect share/metainfo/$id.metainfo.xml
expect share/icons/hicolor/scalable/apps/$id.svg
expect share/icons/hicolor/symbolic/apps/$id-symbolic.svg
expect share/glib-2.0/schemas/$id.gschema.xml
expect share/locale/ru/LC_MESSAGES/mfc-desk.mo
expect share/mfc-desk/region/uchebnaya-oblast.json

# The desktop file launches the installed binary and names the icon by id.
grep -qx "Exec=mfc-desk" "$root/share/applications/$id.desktop" || { echo "not ok - Exec"; status=1; }
grep -qx "Icon=$id" "$root/share/applications/$id.desktop" || { echo "not ok - Icon"; status=1; }
# The merged desktop file and metainfo carry the Russian translation.
grep -q '^Name\[ru\]=' "$root/share/applications/$id.desktop" || { echo "not ok - desktop file not translated"; status=1; }
grep -q 'xml:lang="ru"' "$root/share/metainfo/$id.metainfo.xml" || { echo "not ok - metainfo not translated"; status=1; }
exit $status
