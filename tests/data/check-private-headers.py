#!/usr/bin/env python3
"""A folder's *-private.h headers are its own.

meson gives each folder of src/ only the include paths of the folders it
may use (src/meson.build, `layers`), so a header of any other folder does
not compile.  A folder that may use another still must not reach into its
private headers: this checks that every `#include "…-private.h"` names a
header that sits in the including file's own folder.  Prints TAP.
"""
import os
import re
import sys

src = os.path.join(sys.argv[1], 'src')
include = re.compile(r'^\s*#\s*include\s+"([^"]+-private\.h)"', re.M)

headers = {}
for folder in sorted(os.listdir(src)):
    path = os.path.join(src, folder)
    if os.path.isdir(path):
        for name in os.listdir(path):
            if name.endswith('-private.h'):
                headers.setdefault(name, []).append(folder)

checks = []
for folder in sorted(os.listdir(src)):
    path = os.path.join(src, folder)
    if not os.path.isdir(path):
        continue
    for name in sorted(os.listdir(path)):
        if not name.endswith(('.c', '.h')):
            continue
        with open(os.path.join(path, name), encoding='utf-8') as f:
            text = f.read()
        for header in include.findall(text):
            owners = headers.get(header, [])
            ok = folder in owners
            why = '' if ok else ' (it belongs to %s)' % (', '.join(owners) or 'no folder')
            checks.append((ok, 'src/%s/%s includes %s%s' % (folder, name, header, why)))

if not checks:
    print('1..0 # no private headers are included anywhere')
    sys.exit(0)
print('1..%d' % len(checks))
for i, (ok, what) in enumerate(checks, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, what))
sys.exit(0 if all(ok for ok, _ in checks) else 1)
