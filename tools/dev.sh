#!/bin/bash
# MFC Desk developer entry point for a Debian 12 machine.
#
#   bash tools/dev.sh run    install what is missing, build, start the app
#                            in training mode
#   bash tools/dev.sh test   install what is missing, build with -Werror,
#                            run the whole suite (Xvfb, private D-Bus, keyring)
#   bash tools/dev.sh asan   the same suite built with ASan and UBSan
#
# Works as root or as a user with sudo; asks nothing (safe with no stdin).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

packages=(
  build-essential pkg-config meson ninja-build gettext git
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsecret-1-dev libshumate-dev libsqlite3-dev libsane-dev sane-utils
  libqrencode-dev libcairo2-dev libcrypt-dev
  adwaita-icon-theme fonts-cantarell fonts-dejavu-core
  appstream desktop-file-utils flatpak-builder
  xvfb xauth xdotool dbus dbus-x11 gnome-keyring at-spi2-core
  imagemagick locales iproute2
  poppler-utils zbar-tools
  libpoppler-glib-dev libjpeg-dev libpng-dev libdeflate-dev libgdk-pixbuf-2.0-dev qpdf img2pdf time
  python3-numpy python3-pil
)

as_root () {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

install_missing () {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$p")
  done
  # The contract lint runs on node; any node ≥ 18 will do (Debian 12 has 18).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    missing+=(nodejs npm)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends "${missing[@]}" </dev/null
  fi
  if ! locale -a 2>/dev/null | grep -qix 'ru_RU.utf8'; then
    as_root sed -i 's/^# *ru_RU.UTF-8 UTF-8/ru_RU.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^ru_RU.UTF-8 UTF-8' /etc/locale.gen ||
      echo 'ru_RU.UTF-8 UTF-8' | as_root tee -a /etc/locale.gen >/dev/null
    as_root locale-gen
  fi
}

setup () {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

run_tests () {
  local dir=$1; shift
  setup "$dir" -Dwerror=true "$@"
  ninja -C "$dir"
  (cd tests/contract && npm ci --no-audit --no-fund --loglevel=error)
  local status=0
  meson test -C "$dir" --print-errorlogs --num-processes 2 || status=$?
  # One plain closing line for whoever reads the end of the log.
  python3 - "$dir/meson-logs/testlog.json" <<'EOF' || true
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for line in open(sys.argv[1], encoding="utf-8"):
    result = json.loads(line).get("result")
    key = {"OK": "passed", "EXPECTEDFAIL": "passed", "SKIP": "skipped"}.get(result, "failed")
    counts[key] += 1
print("{passed} passed, {failed} failed, {skipped} skipped".format(**counts))
EOF
  return "$status"
}

case "${1:-}" in
  run)
    install_missing
    setup build --prefix="$top/build/install"
    ninja -C build
    meson install -C build --quiet
    export XDG_DATA_DIRS="$top/build/install/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    # Training mode: the built-in training server with fictional data.
    exec "$top/build/install/bin/mfc-desk" --demo "${@:2}"
    ;;
  test)
    install_missing
    run_tests build-test
    ;;
  asan)
    install_missing
    run_tests build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
    ;;
  *)
    echo "usage: bash tools/dev.sh run|test|asan" >&2
    exit 2
    ;;
esac
