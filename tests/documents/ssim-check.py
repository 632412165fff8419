#!/usr/bin/env python3
"""Compare pages rendered back from a PDF with their sources by SSIM.

usage: ssim-check.py RENDER_PREFIX SOURCE.png...

RENDER_PREFIX-N.png (pdftoppm's names, N from 1, maybe zero-padded) are
compared with the sources in order: both as greyscale, the source scaled
to the rendering's size, mean SSIM over 7x7 windows (Wang et al. 2004
constants).  Prints one line per page and the minimum; exit 0.
"""
import glob
import sys

import numpy as np
from PIL import Image


def box(a, r=3):
    """Mean over (2r+1)^2 windows (valid region), by cumulative sums."""
    c = np.cumsum(np.cumsum(np.pad(a, ((1, 0), (1, 0))), 0), 1)
    k = 2 * r + 1
    s = c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]
    return s / (k * k)


def ssim(x, y):
    x = x.astype(np.float64)
    y = y.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = box(x), box(y)
    vx = box(x * x) - mx * mx
    vy = box(y * y) - my * my
    cxy = box(x * y) - mx * my
    m = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(m.mean())


prefix, sources = sys.argv[1], sys.argv[2:]
renders = sorted(glob.glob(prefix + '-*.png'))
if len(renders) != len(sources):
    print(f'{len(renders)} rendered pages for {len(sources)} sources')
    print('min 0')
    sys.exit(0)
worst = 1.0
for r, s in zip(renders, sources):
    a = Image.open(r).convert('L')
    b = Image.open(s).convert('L').resize(a.size, Image.BOX)
    v = ssim(np.asarray(a), np.asarray(b))
    worst = min(worst, v)
    print(f'{s}: {v:.4f}')
print(f'min {worst:.4f}')
