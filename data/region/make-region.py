#!/usr/bin/env python3
# make-region.py — writes uchebnaya-oblast.json, the vector map of the
# fictional «Учебная область» that the training server draws its tiles from.
#
# Deterministic (a fixed random seed): run it again after editing and commit
# both files.  Coordinates are [lon, lat] (WGS 84), rounded to 5 decimals
# (about a metre).  The towns stand where the training seed has always put
# them (seed_offices: GRand seeded 1000 + town index); the city Новоучебск is
# at 55.03 N 82.92 E on the river Обь.
#
# Usage: python3 data/region/make-region.py [OUTPUT]
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import math
import os
import random
import sys

R = random.Random(20261123)

BOUNDS = {"south": 53.2, "west": 75.5, "north": 56.2, "east": 85.3}
CITY = (82.92, 55.03)   # lon, lat

# (name, district, lat, lon) — positions from the seed's GRand
TOWNS = [
    ("Учебинск", "Учебинский район", 53.9344, 81.4934),
    ("Бердоучинск", "Бердоучинский район", 54.3868, 80.9628),
    ("Искитимск", "Искитимский район", 53.5113, 76.9678),
    ("Обьград", "Обьградский район", 53.4126, 82.2929),
    ("Колыванск", "Колыванский район", 54.4907, 79.4420),
    ("Тогучинск", "Тогучинский район", 53.8712, 76.9554),
    ("Карасукск", "Карасукский район", 53.8390, 83.1784),
    ("Барабинск", "Барабинский район", 55.9698, 77.2284),
    ("Куйбышевск", "Куйбышевский район", 55.7675, 82.5625),
    ("Татарск", "Татарский район", 53.6994, 78.5796),
    ("Купинск", "Купинский район", 55.5214, 81.7522),
    ("Каргатск", "Каргатский район", 53.8471, 77.0128),
    ("Черепаново", "Черепановский район", 53.5567, 76.8678),
    ("Сузунск", "Сузунский район", 54.0787, 84.4712),
    ("Маслянино", "Маслянинский район", 53.8132, 76.6530),
    ("Ордынск", "Ордынский район", 54.8697, 78.6800),
    ("Краснозёрск", "Краснозёрский район", 55.0186, 81.7543),
    ("Кочки", "Кочковский район", 54.8495, 76.1799),
    ("Чулым", "Чулымский район", 53.5472, 84.8849),
    ("Болотное", "Болотнинский район", 53.9662, 83.8551),
    ("Мошково", "Мошковский район", 54.8894, 81.7363),
    ("Коченёво", "Коченёвский район", 55.8388, 83.5993),
    ("Чаны", "Чановский район", 55.5256, 82.3230),
    ("Здвинск", "Здвинский район", 55.6388, 84.5912),
    ("Венгерово", "Венгеровский район", 54.5049, 82.3256),
    ("Северное", "Северный район", 53.8072, 84.2200),
    ("Убинск", "Убинский район", 54.2219, 78.8243),
    ("Довольное", "Доволенский район", 55.7010, 84.3866),
    ("Баган", "Баганский район", 54.1290, 76.6568),
    ("Кыштовка", "Кыштовский район", 53.6624, 76.3193),
]

# The seed's street names first (offices' addresses use them), then more.
SEED_STREETS = [
    "ул. Ленина", "пр. Мира", "ул. Советская", "ул. Гагарина", "ул. Кирова", "Красный пр.",
    "ул. Октябрьская", "ул. Садовая", "ул. Школьная", "ул. Молодёжная", "ул. Лесная",
    "ул. Пушкина", "ул. Чехова", "ул. Горького", "ул. Строителей", "ул. Победы",
    "ул. Комсомольская", "ул. Набережная", "ул. Учебная", "ул. Зелёная",
]
MORE_STREETS = [
    "ул. Фрунзе", "ул. Некрасова", "ул. Толстого", "ул. Лермонтова", "ул. Гоголя",
    "ул. Крылова", "ул. Чапаева", "ул. Дзержинского", "ул. Свердлова", "ул. Маяковского",
    "ул. Есенина", "ул. Тургенева", "ул. Островского", "ул. Жуковского", "ул. Шевченко",
    "ул. Королёва", "ул. Титова", "ул. Циолковского", "ул. Менделеева", "ул. Ломоносова",
    "ул. Попова", "ул. Сибирская", "ул. Обская", "ул. Береговая", "ул. Речная",
    "ул. Полевая", "ул. Луговая", "ул. Степная", "ул. Кедровая", "ул. Сосновая",
    "ул. Берёзовая", "ул. Рябиновая", "ул. Черёмуховая", "ул. Тополиная", "ул. Липовая",
    "ул. Вокзальная", "ул. Железнодорожная", "ул. Заводская", "ул. Фабричная", "ул. Рабочая",
    "ул. Трудовая", "ул. Мичурина", "ул. Тимирязева", "ул. Докучаева", "ул. Станционная",
    "ул. Северная", "ул. Южная", "ул. Восточная", "ул. Западная", "ул. Центральная",
    "ул. Новая", "ул. Мирная", "ул. Солнечная", "ул. Весенняя", "ул. Летняя",
    "ул. Осенняя", "ул. Зимняя", "ул. Университетская", "ул. Студенческая", "ул. Академическая",
    "ул. Институтская", "ул. Театральная", "ул. Музейная", "ул. Библиотечная", "ул. Почтовая",
    "ул. Каменская", "ул. Инская", "ул. Бердская", "ул. Алтайская", "ул. Томская",
    "ул. Омская", "ул. Барнаульская", "ул. Кемеровская", "ул. Уральская", "ул. Енисейская",
    "ул. Байкальская", "ул. Амурская", "ул. Камчатская", "ул. Сахалинская", "ул. Приморская",
    "ул. Дачная", "ул. Садоводческая", "ул. Огородная", "ул. Пасечная", "ул. Медовая",
    "ул. Ягодная", "ул. Грибная", "ул. Ореховая", "ул. Кленовая", "ул. Ясеневая",
]
SURNAMES = [
    "Белинского", "Добролюбова", "Чернышевского", "Герцена", "Радищева", "Грибоедова", "Кутузова",
    "Суворова", "Нахимова", "Ушакова", "Жукова", "Матросова", "Гастелло", "Покрышкина", "Курчатова",
    "Вавилова", "Павлова", "Сеченова", "Пирогова", "Боткина", "Лобачевского", "Ковалевской",
    "Чайковского", "Глинки", "Мусоргского", "Шишкина", "Репина", "Левитана", "Сурикова", "Васнецова",
    "Ермака", "Пржевальского", "Беринга", "Дежнёва", "Хабарова", "Чкалова", "Громова", "Леонова",
    "Терешковой", "Комарова", "Фрунзе", "Некрасова", "Толстого", "Лермонтова", "Гоголя", "Крылова",
    "Чапаева", "Свердлова", "Маяковского", "Есенина", "Тургенева", "Островского", "Жуковского",
    "Королёва", "Титова", "Циолковского", "Менделеева", "Ломоносова", "Попова", "Мичурина",
    "Тимирязева", "Докучаева", "Достоевского", "Бунина", "Куприна", "Блока", "Ахматовой", "Цветаевой",
    "Пастернака", "Шукшина", "Распутина", "Астафьева", "Вернадского", "Капицы", "Ландау", "Келдыша",
]
AVENUES = ["Красный пр.", "пр. Мира", "ул. Ленина", "ул. Советская", "ул. Кирова", "ул. Гагарина"]


def rnd(x):
    return round(x, 5)


def pt(lon, lat):
    return [rnd(lon), rnd(lat)]


def blob(cx, cy, rx, ry, n=28, wobble=0.25, rot=0.0):
    """An irregular closed shape around (cx, cy), radii in degrees."""
    phases = [R.uniform(0, 2 * math.pi) for _ in range(3)]
    amps = [R.uniform(0, wobble) for _ in range(3)]
    out = []
    for i in range(n):
        a = 2 * math.pi * i / n
        r = 1 + sum(amps[k] * math.sin((k + 2) * a + phases[k]) for k in range(3))
        x, y = rx * r * math.cos(a), ry * r * math.sin(a)
        x, y = x * math.cos(rot) - y * math.sin(rot), x * math.sin(rot) + y * math.cos(rot)
        out.append(pt(cx + x, cy + y))
    return out


def inside(poly, lon, lat):
    c = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            c = not c
        j = i
    return c


def smooth_line(points, steps=6, jitter=0.0):
    """Catmull-Rom through the points, with a little sideways noise."""
    out = []
    pts = [points[0]] + points + [points[-1]]
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            x = 0.5 * ((2 * p1[0]) + (-p0[0] + p2[0]) * t + (2 * p0[0] - 5 * p1[0] + 4 * p2[0] - p3[0]) * t2
                       + (-p0[0] + 3 * p1[0] - 3 * p2[0] + p3[0]) * t3)
            y = 0.5 * ((2 * p1[1]) + (-p0[1] + p2[1]) * t + (2 * p0[1] - 5 * p1[1] + 4 * p2[1] - p3[1]) * t2
                       + (-p0[1] + 3 * p1[1] - 3 * p2[1] + p3[1]) * t3)
            if jitter and 0 < i:
                x += R.uniform(-jitter, jitter)
                y += R.uniform(-jitter, jitter) * 0.6
            out.append(pt(x, y))
    out.append(pt(*points[-1]))
    return out


# ---- the region's border: a boxy wobbly shape that holds every town ----------

def region_border():
    cx, cy = 80.4, 54.7
    rx, ry = 4.85, 1.42
    n = 320
    phases = [R.uniform(0, 2 * math.pi) for _ in range(5)]
    amps = [0.035, 0.025, 0.018, 0.012, 0.008]
    # a random walk for the small bends of a border drawn along rivers and fields
    fine, v = [], 0.0
    for i in range(n):
        v = 0.85 * v + R.uniform(-0.006, 0.006)
        fine.append(v)
    out = []
    for i in range(n):
        a = 2 * math.pi * i / n
        c, s = math.cos(a), math.sin(a)
        # superellipse, power 6
        r = (abs(c) ** 6 + abs(s) ** 6) ** (-1 / 6)
        r *= 1 + sum(amps[k] * math.sin((k * 2 + 3) * a + phases[k]) for k in range(5))
        r *= 1 + fine[i]
        lon = cx + rx * r * c
        lat = cy + ry * r * s
        lon = min(max(lon, BOUNDS["west"] + 0.02), BOUNDS["east"] - 0.02)
        lat = min(max(lat, BOUNDS["south"] + 0.02), BOUNDS["north"] - 0.02)
        out.append(pt(lon, lat))
    return out


BORDER = region_border()
for name, _, lat, lon in TOWNS:
    assert inside(BORDER, lon, lat), name
assert inside(BORDER, *CITY)

# ---- water ---------------------------------------------------------------------

OB = smooth_line([
    [84.55, 53.18], [84.05, 53.55], [83.62, 53.95], [83.35, 54.3], [83.18, 54.52],
    [83.05, 54.68], [82.97, 54.86], [82.905, 54.95], [82.895, 55.03], [82.88, 55.1],
    [82.8, 55.25], [82.62, 55.42], [82.45, 55.6], [82.3, 55.8], [82.05, 56.0], [81.8, 56.22],
], steps=8, jitter=0.004)

RIVERS = [
    {"name": "р. Обь", "width_m": 700, "line": OB},
    {"name": "р. Иня", "width_m": 90, "line": smooth_line(
        [[84.2, 55.95], [83.85, 55.62], [83.5, 55.38], [83.2, 55.15], [83.02, 55.0], [82.925, 54.985]], jitter=0.006)},
    {"name": "р. Бердь", "width_m": 110, "line": smooth_line(
        [[85.2, 54.32], [84.8, 54.36], [84.2, 54.5], [83.7, 54.62], [83.3, 54.7], [83.1, 54.74]], jitter=0.006)},
    {"name": "р. Омь", "width_m": 80, "line": smooth_line(
        [[81.05, 55.3], [80.4, 55.38], [79.7, 55.5], [78.95, 55.52], [78.2, 55.42], [77.5, 55.35],
         [76.6, 55.25], [75.55, 55.18]], jitter=0.008)},
    {"name": "р. Каргат", "width_m": 50, "line": smooth_line(
        [[81.3, 54.75], [80.6, 54.78], [79.9, 54.92], [79.3, 55.05], [78.5, 55.02], [78.1, 54.98]], jitter=0.008)},
    {"name": "р. Чулым", "width_m": 40, "line": smooth_line(
        [[84.0, 53.25], [83.6, 53.4], [83.1, 53.6], [82.6, 53.75], [82.0, 53.7], [81.2, 53.62], [80.5, 53.5]],
        jitter=0.008)},
]

WATER = [
    {"name": "Учебное водохранилище", "kind": "reservoir", "polygon": [
        pt(83.32, 54.52), pt(83.26, 54.5), pt(83.16, 54.56), pt(83.08, 54.64), pt(83.0, 54.72),
        pt(82.96, 54.79), pt(82.93, 54.85), pt(82.955, 54.872), pt(83.01, 54.84), pt(83.06, 54.8),
        pt(83.12, 54.75), pt(83.2, 54.68), pt(83.27, 54.62), pt(83.33, 54.57)]},
    {"name": "оз. Учебное", "kind": "lake", "polygon": blob(77.85, 55.05, 0.42, 0.2, n=40, wobble=0.18)},
    {"name": "оз. Убинское", "kind": "lake", "polygon": blob(79.65, 55.27, 0.2, 0.09, n=30)},
    {"name": "оз. Карачи", "kind": "lake", "polygon": blob(76.95, 55.45, 0.12, 0.06, n=24)},
    {"name": "оз. Светлое", "kind": "lake", "polygon": blob(80.95, 53.75, 0.09, 0.05, n=24)},
    {"name": "оз. Сартлан", "kind": "lake", "polygon": blob(78.2, 54.45, 0.16, 0.07, n=26, rot=0.3)},
    {"name": "оз. Тенис", "kind": "lake", "polygon": blob(76.0, 55.7, 0.1, 0.06, n=24)},
    {"name": "оз. Кротово", "kind": "lake", "polygon": blob(84.75, 55.15, 0.06, 0.035, n=20)},
]


def seg_dist_km(lon, lat, a, b):
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57
    ax, ay = (a[0] - lon) * kx, (a[1] - lat) * ky
    bx, by = (b[0] - lon) * kx, (b[1] - lat) * ky
    dx, dy = bx - ax, by - ay
    L = dx * dx + dy * dy
    t = 0 if L == 0 else max(0, min(1, -(ax * dx + ay * dy) / L))
    x, y = ax + t * dx, ay + t * dy
    return math.hypot(x, y)


def near_water(lon, lat, km):
    for w in WATER:
        if inside(w["polygon"], lon, lat):
            return True
    for r in RIVERS:
        line = r["line"]
        for i in range(len(line) - 1):
            if seg_dist_km(lon, lat, line[i], line[i + 1]) < km + r["width_m"] / 2000:
                return True
    return False


def near_river(lon, lat, km, river):
    line = river["line"]
    return any(seg_dist_km(lon, lat, line[i], line[i + 1]) < km for i in range(len(line) - 1))


for name, _, lat, lon in TOWNS:
    assert not near_water(lon, lat, 2.5), name

# ---- districts: the cell of each district town (nearest town), the city's
# own cells inside its area --------------------------------------------------------


def clip(poly, a, b, c):
    """Keeps the part of the convex polygon where a*x + b*y <= c."""
    out = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        fp = a * p[0] + b * p[1] - c
        fq = a * q[0] + b * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0) != (fq < 0) and fp != fq:
            t = fp / (fp - fq)
            out.append([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])])
    return out


def voronoi(sites, box, kx):
    """Cells of sites [(lon, lat)] inside box, distances with lon scaled by kx."""
    cells = []
    for i, (x, y) in enumerate(sites):
        cell = [list(p) for p in box]
        for j, (u, v) in enumerate(sites):
            if i == j:
                continue
            # |P - S_i| <= |P - S_j|, in scaled space
            a = 2 * (u - x) * kx * kx
            b = 2 * (v - y)
            c = (u * u - x * x) * kx * kx + (v * v - y * y)
            cell = clip(cell, a, b, c)
        cells.append([pt(*p) for p in cell])
    return cells


KX = math.cos(math.radians(54.7))
box = [[BOUNDS["west"], BOUNDS["south"]], [BOUNDS["east"], BOUNDS["south"]],
       [BOUNDS["east"], BOUNDS["north"]], [BOUNDS["west"], BOUNDS["north"]]]
sites = [(lon, lat) for _, _, lat, lon in TOWNS] + [CITY]
cells = voronoi(sites, box, KX)
DISTRICTS = [{"name": d, "town": t, "polygon": cells[i]} for i, (t, d, _, _) in enumerate(TOWNS)]
DISTRICTS.append({"name": "г. Новоучебск", "town": "Новоучебск", "polygon": cells[-1]})

# The city: its urban area and ten districts
CITY_AREA = blob(CITY[0] + 0.005, CITY[1], 0.215, 0.125, n=48, wobble=0.08)
CITY_DISTRICT_CENTRES = [
    ("Центральный район", 82.935, 55.035), ("Ленинский район", 82.82, 55.005),
    ("Кировский район", 82.83, 54.955), ("Октябрьский район", 82.99, 55.0),
    ("Заельцовский район", 82.91, 55.1), ("Калининский район", 82.98, 55.095),
    ("Дзержинский район", 83.06, 55.05), ("Железнодорожный район", 82.895, 55.055),
    ("Первомайский район", 83.06, 54.97), ("Советский район", 82.8, 55.07),
]
ccells = voronoi([(x, y) for _, x, y in CITY_DISTRICT_CENTRES],
                 [[82.6, 54.85], [83.25, 54.85], [83.25, 55.2], [82.6, 55.2]], KX)
CITY_DISTRICTS = [{"name": n, "centre": pt(x, y), "polygon": ccells[i]}
                  for i, (n, x, y) in enumerate(CITY_DISTRICT_CENTRES)]

# ---- forests and parks -------------------------------------------------------------

FORESTS = []
FOREST_NAMES = ["Учебный бор", "Бердский бор", "Кудряшовский бор", "Барабинский лес", "Каргатская роща",
                "Сосновый бор", "Чулымская тайга", "Берёзовый колок"]
named = 0
tries = 0
while len(FORESTS) < 70 and tries < 4000:
    tries += 1
    lon = R.uniform(BOUNDS["west"] + 0.2, BOUNDS["east"] - 0.2)
    lat = R.uniform(BOUNDS["south"] + 0.15, BOUNDS["north"] - 0.15)
    big = len(FORESTS) < 14
    rx = R.uniform(0.18, 0.42) if big else R.uniform(0.03, 0.12)
    ry = rx * R.uniform(0.35, 0.6)
    if not inside(BORDER, lon, lat):
        continue
    if any(math.hypot((lon - tl) * KX, lat - ta) < rx * KX + 0.06 for _, _, ta, tl in TOWNS):
        continue
    if math.hypot((lon - CITY[0]) * KX, lat - CITY[1]) < rx * KX + 0.2:
        continue
    if near_water(lon, lat, rx * 60):
        continue
    name = FOREST_NAMES[named] if big and named < len(FOREST_NAMES) else None
    if name:
        named += 1
    FORESTS.append({"name": name, "polygon": blob(lon, lat, rx, ry, n=36 if big else 20, wobble=0.3,
                                                   rot=R.uniform(-0.5, 0.5))})
# the pine forest along the reservoir's right bank, by the city
FORESTS.append({"name": "Заобский бор", "polygon": [
    pt(83.36, 54.56), pt(83.4, 54.62), pt(83.3, 54.72), pt(83.2, 54.8), pt(83.1, 54.87), pt(83.04, 54.9),
    pt(83.01, 54.87), pt(83.07, 54.81), pt(83.14, 54.76), pt(83.22, 54.69), pt(83.29, 54.62)]})

# ---- streets of the city ----------------------------------------------------------------

ROADS = []
name_pool = [n for n in MORE_STREETS if n not in SEED_STREETS]
for kind in ("ул.", "пер.", "проезд", "бульвар"):
    name_pool += ["%s %s" % (kind, n) for n in SURNAMES if "%s %s" % (kind, n) not in name_pool]
R.shuffle(name_pool)
pool_i = 0


def next_name():
    global pool_i
    n = name_pool[pool_i % len(name_pool)]
    if pool_i >= len(name_pool):
        n = "%d-й пер. %s" % (pool_i // len(name_pool) + 1, SURNAMES[pool_i % len(SURNAMES)])
    pool_i += 1
    return n


def river_x(lat):
    """The Ob's centre line's longitude at a latitude near the city."""
    best = None
    for i in range(len(OB) - 1):
        (x1, y1), (x2, y2) = OB[i], OB[i + 1]
        if min(y1, y2) <= lat <= max(y1, y2) and y1 != y2:
            x = x1 + (lat - y1) / (y2 - y1) * (x2 - x1)
            if best is None or abs(x - CITY[0]) < abs(best - CITY[0]):
                best = x
    return best


def split_line(line, keep):
    """Pieces of a dense line where keep(point) holds."""
    pieces, cur = [], []
    for p in line:
        if keep(p):
            cur.append(p)
        else:
            if len(cur) >= 2:
                pieces.append(cur)
            cur = []
    if len(cur) >= 2:
        pieces.append(cur)
    return pieces


def densify(a, b, step):
    n = max(1, int(math.hypot((b[0] - a[0]) * KX, b[1] - a[1]) / step))
    return [[a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n] for k in range(n + 1)]


PARKS = []
park_defs = [("Центральный парк", 82.925, 55.04, 0.007, 0.004), ("парк «Берёзовая роща»", 82.99, 55.06, 0.01, 0.006),
             ("Заельцовский парк", 82.9, 55.11, 0.014, 0.008), ("сквер Учителей", 82.945, 55.025, 0.003, 0.002),
             ("парк Победы", 82.84, 55.0, 0.008, 0.005), ("Первомайский сквер", 83.04, 54.975, 0.005, 0.003),
             ("Ботанический сад", 83.08, 55.09, 0.012, 0.007), ("Кировский парк", 82.85, 54.955, 0.006, 0.004),
             ("набережная Оби", 82.885, 55.015, 0.004, 0.006)]
for n, x, y, rx, ry in park_defs:
    PARKS.append({"name": n, "polygon": blob(x, y, rx, ry, n=20, wobble=0.12)})


def in_park(p):
    return any(inside(k["polygon"], p[0], p[1]) for k in PARKS[:3])


def on_land_in_city(p):
    return inside(CITY_AREA, p[0], p[1]) and not near_water(p[0], p[1], 0.12) and not in_park(p)


# N–S streets, spaced about 260 m, gently bent; E–W streets about 280 m
lon_step = 0.005
lat_step = 0.003
w, e = 82.69, 83.15
s, n = 54.89, 55.17
ns_lons = [w + i * lon_step for i in range(int((e - w) / lon_step) + 1)]
ew_lats = [s + i * lat_step for i in range(int((n - s) / lat_step) + 1)]
# lanes halfway between the streets of the centre: smaller blocks there
lane_lons = [x + lon_step / 2 for x in ns_lons if abs(x + lon_step / 2 - CITY[0]) < 0.05]
lane_lats = [y + lat_step / 2 for y in ew_lats if abs(y + lat_step / 2 - CITY[1]) < 0.03]
# avenues: every 5th line is a main street; the seed's names go first, spread out
main_ns = set(range(3, len(ns_lons), 6))
main_ew = set(range(2, len(ew_lats), 5))
seed_names = list(SEED_STREETS)
R.shuffle(seed_names)
# the avenues through the centre keep their names
centre_ns = min(range(len(ns_lons)), key=lambda i: abs(ns_lons[i] - 82.93))
centre_ew = min(range(len(ew_lats)), key=lambda i: abs(ew_lats[i] - 55.035))
fixed = {("ns", centre_ns): "Красный пр.", ("ew", centre_ew): "ул. Ленина"}
main_ns.add(centre_ns)
main_ew.add(centre_ew)
for k in ("Красный пр.", "ул. Ленина"):
    seed_names.remove(k)
seed_i = 0
bend = [R.uniform(-0.0012, 0.0012) for _ in range(8)]


def city_street(kind, i, pos):
    global seed_i
    key = (kind, i)
    if i < 0:
        name = next_name()
        cls = "minor"
        if kind == "ns":
            a, b = [pos, CITY[1] - 0.03], [pos, CITY[1] + 0.03]
        else:
            a, b = [CITY[0] - 0.05, pos], [CITY[0] + 0.05, pos]
        return name, cls, densify(a, b, 0.0008)
    if key in fixed:
        name = fixed[key]
    elif ((kind == "ns" and i in main_ns) or (kind == "ew" and i in main_ew)) and seed_i < len(seed_names):
        name = seed_names[seed_i]
        seed_i += 1
    else:
        name = next_name()
    cls = "main" if (kind == "ns" and i in main_ns) or (kind == "ew" and i in main_ew) else "minor"
    if kind == "ns":
        a, b = [pos, s], [pos, n]
    else:
        a, b = [w, pos], [e, pos]
    line = densify(a, b, 0.0008)
    # a slow bend so the grid does not look ruled
    for p in line:
        if kind == "ns":
            p[0] += bend[i % 8] * math.sin((p[1] - s) / (n - s) * math.pi * 2)
        else:
            p[1] += bend[i % 8] * 0.6 * math.sin((p[0] - w) / (e - w) * math.pi * 2)
    return name, cls, line


def bridge_ok(kind, i):
    return kind == "ew" and i in (centre_ew, min(main_ew, key=lambda j: abs(ew_lats[j] - 54.99)),
                                  min(main_ew, key=lambda j: abs(ew_lats[j] - 55.09)))


for kind, positions in (("ns", list(enumerate(ns_lons)) + [(-1, x) for x in lane_lons]),
                        ("ew", list(enumerate(ew_lats)) + [(-1, y) for y in lane_lats])):
    for i, pos in positions:
        name, cls, line = city_street(kind, i, pos)
        if cls == "minor" and R.random() < 0.12:
            continue
        if bridge_ok(kind, i):
            keep = lambda p: inside(CITY_AREA, p[0], p[1]) and not in_park(p)
        else:
            keep = on_land_in_city
        pieces = split_line(line, keep)
        # one street per name: the longest piece keeps the name; the rest get their own names
        pieces.sort(key=len, reverse=True)
        for k, piece in enumerate(pieces):
            if len(piece) < 3:
                continue
            nm = name if k == 0 else next_name()
            ROADS.append({"name": nm, "class": cls, "town": "Новоучебск",
                          "line": [pt(*p) for p in piece[::2] + ([piece[-1]] if len(piece) % 2 == 0 else [])]})

# the embankment along the river's right bank
emb = []
for lat in [55.0 + k * 0.002 for k in range(45)]:
    x = river_x(lat)
    if x is not None:
        emb.append([x + 0.0085, lat])
for piece in split_line(emb, lambda p: inside(CITY_AREA, p[0], p[1]) and not near_water(p[0], p[1], 0.05)):
    ROADS.append({"name": "ул. Набережная" if "ул. Набережная" not in [r["name"] for r in ROADS] else "Обская наб.",
                  "class": "main", "town": "Новоучебск", "line": [pt(*p) for p in piece]})

# Every street name of the seed (applicants' addresses) is a street of the
# city: the ones no avenue took go to the longest unnamed-by-seed lanes.
taken = set(r["name"] for r in ROADS)
spare = sorted((r for r in ROADS if r["class"] == "minor" and r["name"] not in SEED_STREETS),
               key=lambda r: -len(r["line"]))
for name in SEED_STREETS:
    if name not in taken:
        spare.pop(0)["name"] = name

# ---- towns: an urban area, a small grid of streets --------------------------------------


def town_streets(town, lat, lon, size):
    names = list(SEED_STREETS[:12]) + R.sample(MORE_STREETS, 10)
    R.shuffle(names)
    names.remove("ул. Ленина")
    names.insert(0, "ул. Ленина")
    k = 0
    out = []
    rx, ry = 0.03 * size, 0.017 * size
    ang = R.uniform(-0.35, 0.35)
    ca, sa = math.cos(ang), math.sin(ang)
    area = blob(lon, lat, rx * 1.15, ry * 1.15, n=26, wobble=0.12)
    nx, ny = int(4 + 3 * size), int(3 + 3 * size)
    for kind, count in (("ns", nx), ("ew", ny)):
        for i in range(count):
            f = (i + 0.5) / count * 2 - 1
            if kind == "ns":
                a, b = [f * rx, -ry * 1.3], [f * rx, ry * 1.3]
            else:
                a, b = [-rx * 1.3, f * ry], [rx * 1.3, f * ry]
            line = []
            for p in densify(a, b, 0.0009):
                x, y = p
                line.append([lon + x * ca - y * sa * 1.6, lat + x * sa / 1.6 + y * ca])
            for piece in split_line(line, lambda p: inside(area, p[0], p[1]) and not near_water(p[0], p[1], 0.1)):
                if len(piece) < 3:
                    continue
                nm = names[k % len(names)]
                k += 1
                cls = "main" if (kind == "ns" and i == count // 2) or (kind == "ew" and i == count // 2) else "minor"
                out.append({"name": nm, "class": cls, "town": town, "line": [pt(*p) for p in piece[::2] + [piece[-1]]]})
    return area, out


TOWN_AREAS = []
for t, (name, dist, lat, lon) in enumerate(TOWNS):
    size = 1.0 + 0.6 * R.random()
    area, streets = town_streets(name, lat, lon, size)
    TOWN_AREAS.append({"name": name, "polygon": area})
    ROADS.extend(streets)

# ---- highways between the towns (a spanning tree plus a few extra links) ------------

nodes = [("Новоучебск", CITY[0], CITY[1])] + [(n, lon, lat) for n, _, lat, lon in TOWNS]


def dist(a, b):
    return math.hypot((a[1] - b[1]) * KX, a[2] - b[2])


in_tree = {0}
edges = []
while len(in_tree) < len(nodes):
    best = None
    for i in in_tree:
        for j in range(len(nodes)):
            if j in in_tree:
                continue
            d = dist(nodes[i], nodes[j])
            if best is None or d < best[0]:
                best = (d, i, j)
    edges.append((best[1], best[2]))
    in_tree.add(best[2])
# radial links from the city to the far towns, and some loops
for j in sorted(range(1, len(nodes)), key=lambda j: dist(nodes[0], nodes[j]))[:7]:
    if (0, j) not in edges and (j, 0) not in edges:
        edges.append((0, j))
for _ in range(8):
    i, j = R.sample(range(1, len(nodes)), 2)
    if dist(nodes[i], nodes[j]) < 1.4 and (i, j) not in edges and (j, i) not in edges:
        edges.append((i, j))

FED = {frozenset((0, 8)): "трасса Р-254 «Иртыш»", frozenset((8, 1 + 7)): "трасса Р-254 «Иртыш»"}
for k, (i, j) in enumerate(edges):
    a, b = nodes[i], nodes[j]
    mid = [(a[1] + b[1]) / 2 + R.uniform(-0.08, 0.08), (a[2] + b[2]) / 2 + R.uniform(-0.05, 0.05)]
    line = smooth_line([[a[1], a[2]], mid, [b[1], b[2]]], steps=16, jitter=0.003)
    if i == 0 or j == 0:
        # from the city's edge, where its avenues take over
        line = max(split_line(line, lambda p: not inside(CITY_AREA, p[0], p[1])), key=len)
    cls = "highway" if i == 0 or j == 0 else "road"
    name = "а/д %s — %s" % (a[0], b[0])
    ROADS.append({"name": name, "class": cls, "town": None, "line": line})

# the railway across the region, west to east through the city
RAIL = [{"name": "Транссибирская магистраль", "line": smooth_line(
    [[75.5, 55.95], [77.23, 55.955], [78.6, 55.8], [80.3, 55.55], [81.75, 55.515], [82.3, 55.2],
     [82.7, 55.06], [82.9, 55.045], [83.1, 55.05], [83.6, 55.2], [84.6, 55.5], [85.3, 55.62]], steps=10)}]

# ---- places -------------------------------------------------------------------------------

PLACES = [{"name": "Новоучебск", "kind": "city", "lon": CITY[0], "lat": CITY[1], "district": None}]
for name, dist_name, lat, lon in TOWNS:
    PLACES.append({"name": name, "kind": "town", "lon": lon, "lat": lat, "district": dist_name})
VILLAGES = ["Берёзовка", "Сосновка", "Каменка", "Ключи", "Ивановка", "Покровка", "Михайловка", "Никольское",
            "Успенка", "Вознесенка", "Троицкое", "Заречное", "Луговое", "Озёрное", "Новосёлово", "Красный Яр",
            "Верх-Ирмень", "Боровое", "Раздольное", "Степное", "Лесной", "Кедровка", "Ягодное", "Садовое"]
for vname in VILLAGES:
    for _ in range(200):
        lon = R.uniform(BOUNDS["west"] + 0.3, BOUNDS["east"] - 0.3)
        lat = R.uniform(BOUNDS["south"] + 0.2, BOUNDS["north"] - 0.2)
        if (inside(BORDER, lon, lat) and not near_water(lon, lat, 3)
                and all(math.hypot((lon - p["lon"]) * KX, lat - p["lat"]) > 0.2 for p in PLACES)
                and not any(inside(f["polygon"], lon, lat) for f in FORESTS)):
            PLACES.append({"name": vname, "kind": "village", "lon": rnd(lon), "lat": rnd(lat), "district": None})
            break

region = {
    "format": "mfc-region/1",
    "name": "Учебная область",
    "note": "A fictional region for MFC Desk's training mode, generated by make-region.py.",
    "bounds": BOUNDS,
    "border": BORDER,
    "districts": DISTRICTS,
    "city": {"name": "Новоучебск", "polygon": CITY_AREA, "districts": CITY_DISTRICTS},
    "towns": TOWN_AREAS,
    "water": WATER,
    "rivers": RIVERS,
    "forests": FORESTS,
    "parks": PARKS,
    "railways": RAIL,
    "roads": ROADS,
    "places": PLACES,
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                           "uchebnaya-oblast.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(region, f, ensure_ascii=False, separators=(",", ":"))
    f.write("\n")
print("%s: %d roads, %d forests, %d places, %d bytes" % (out, len(ROADS), len(FORESTS), len(PLACES),
                                                        os.path.getsize(out)), file=sys.stderr)
