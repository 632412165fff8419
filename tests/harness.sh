#!/bin/bash
# Runs one test in its own sandbox: temporary XDG folders and HOME, an Xvfb
# display, a private D-Bus session and a throwaway gnome-keyring unlocked
# with a non-empty password (an empty one makes the daemon ask a prompter).
# Nothing a test does reaches the real home, display, bus or keyring.
set -u

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mfc-test.XXXXXX")
xvfb_pid=
cleanup () {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -m 700 "$tmp/runtime"
mkdir "$tmp/cache" "$tmp/config" "$tmp/data" "$tmp/home"
export XDG_RUNTIME_DIR="$tmp/runtime" XDG_CACHE_HOME="$tmp/cache" \
       XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" HOME="$tmp/home"
export MFC_TEST_TMPDIR="$tmp"
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS SESSION_MANAGER
export GDK_BACKEND=x11 GSK_RENDERER="${GSK_RENDERER:-cairo}" LIBGL_ALWAYS_SOFTWARE=1
export GTK_A11Y="${GTK_A11Y:-none}" NO_AT_BRIDGE="${NO_AT_BRIDGE:-1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

# Xvfb picks a free display itself and tells us which on a pipe.
mkfifo "$tmp/displayfd"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
     -auth /dev/null 3>"$tmp/displayfd" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
if ! read -t 20 display <"$tmp/displayfd"; then
  echo "harness: Xvfb did not start" >&2
  cat "$tmp/xvfb.log" >&2
  exit 99
fi
export DISPLAY=":$display"

dbus-run-session -- bash -c '
  eval "$(printf %s mfc-test-keyring | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  exec "$@"' harness "$@"
