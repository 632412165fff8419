#!/usr/bin/env python3
"""Checks the Flatpak manifest as far as a machine without the GNOME runtime
can: flatpak-builder parses it with no unknown property, the app id and
command are ours, the sandbox asks only for what the app needs, and every
downloaded source is pinned by sha256 or commit."""
import json
import subprocess
import sys

manifest_path = sys.argv[1]
failures = []

proc = subprocess.run(['flatpak-builder', '--show-manifest', manifest_path],
                      capture_output=True, text=True)
if proc.returncode != 0:
    failures.append('flatpak-builder cannot read the manifest: ' + proc.stderr.strip())
for line in proc.stderr.splitlines():
    if 'Unknown property' in line:
        failures.append('flatpak-builder: ' + line.strip())

manifest = json.load(open(manifest_path))
if manifest.get('id') != 'io.github.mfcdesk.MfcDesk':
    failures.append('app id is %r' % manifest.get('id'))
if manifest.get('command') != 'mfc-desk':
    failures.append('command is %r' % manifest.get('command'))
if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
    failures.append('not on the GNOME runtime')

allowed_args = {'--share=network', '--share=ipc', '--socket=fallback-x11',
                '--socket=wayland', '--device=dri',
                '--env=SANE_CONFIG_DIR=/app/etc/sane.d'}
for arg in manifest.get('finish-args', []):
    if arg not in allowed_args:
        failures.append('finish-arg not needed by the app: ' + arg)
if '--env=SANE_CONFIG_DIR=/app/etc/sane.d' not in manifest.get('finish-args', []):
    failures.append('SANE_CONFIG_DIR does not point at the bundled sane.d')


def check_sources(module):
    for source in module.get('sources', []):
        if isinstance(source, str):
            failures.append('%s: external source file %s' % (module['name'], source))
            continue
        kind = source.get('type')
        if kind in ('archive', 'file'):
            if len(source.get('sha256', '')) != 64:
                failures.append('%s: %s without sha256' % (module['name'], source.get('url')))
        elif kind == 'git':
            if len(source.get('commit', '')) != 40:
                failures.append('%s: git source without a commit' % module['name'])
        elif kind in ('inline', 'script', 'patch'):
            pass
        elif kind == 'dir' and module['name'] == 'mfc-desk':
            pass  # the checkout being built
        else:
            failures.append('%s: source of type %s is not pinned' % (module['name'], kind))
    for sub in module.get('modules', []):
        if isinstance(sub, dict):
            check_sources(sub)


names = []
for module in manifest.get('modules', []):
    if isinstance(module, str):
        failures.append('external module file %s' % module)
        continue
    names.append(module['name'])
    check_sources(module)
for needed in ('libdeflate', 'libqrencode', 'sane-backends', 'libshumate'):
    if needed not in names:
        failures.append('no module for %s, which the runtime lacks' % needed)
if not names or names[-1] != 'mfc-desk':
    failures.append('the app module must come last')

for failure in failures:
    print('not ok - ' + failure)
if not failures:
    print('ok - manifest parses, is pinned and asks only for what it needs')
sys.exit(1 if failures else 0)
