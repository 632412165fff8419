#!/usr/bin/env python3
"""Splits two processes' RSS by mapping: smaps-summary.py A.smaps B.smaps

Prints, per mapped file (or [heap], [anon], SysV segment), the RSS in
KiB of A, of B and A − B, largest difference first: where a process's
resident memory goes beyond the other's.  The smaps come from
bench-tickets with BENCH_SMAPS_DIR set."""
import collections
import re
import sys

HEADER = re.compile(r'^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$')


def read(path):
    # A process reading its own smaps reads it in pieces, and a mapping
    # that changed between two pieces comes twice: the last one counts.
    by_start = {}
    start = None
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = HEADER.match(line)
            if m:
                start = m.group(1)
                name = m.group(2).strip() or '[anon]'
                name = re.sub(r' \(deleted\)$', '', name)
                if name.startswith('/SYSV'):
                    name = '[SysV shm]'
                by_start[start] = [name, 0]
                continue
            if line.startswith('Rss:') and start is not None:
                by_start[start][1] = int(line.split()[1])
    rss = collections.Counter()
    for name, kib in by_start.values():
        rss[name] += kib
    return rss


def main():
    a, b = read(sys.argv[1]), read(sys.argv[2])
    rows = sorted(set(a) | set(b), key=lambda k: a[k] - b[k], reverse=True)
    print(f'{"KiB A":>9} {"KiB B":>9} {"A - B":>9}  mapping')
    for k in rows:
        if abs(a[k] - b[k]) >= 256:
            print(f'{a[k]:9d} {b[k]:9d} {a[k] - b[k]:9d}  {k}')
    print(f'{sum(a.values()):9d} {sum(b.values()):9d} {sum(a.values()) - sum(b.values()):9d}  total')


if __name__ == '__main__':
    main()
