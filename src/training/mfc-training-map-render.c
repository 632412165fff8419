/* mfc-training-map-render.c — draws a 256×256 Web-Mercator tile of
 * «Учебная область» with cairo: the land beyond the border, the region,
 * forests and parks, towns' built-up areas, water and rivers, district
 * borders, the railway, roads by class, then labels (PangoCairo) at the
 * zooms where they fit.
 *
 * Everything is placed in global pixel coordinates of the zoom level, so
 * a label that crosses a tile edge is drawn, cut, by both tiles and the
 * halves meet.  The region is read-only and every tile gets its own
 * surface and Pango context, so tiles render in parallel on the server's
 * worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <string.h>

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>
#include <png.h>

#include "mfc-training-map.h"
#include "mfc-training-region.h"
#include "mfc-training-request.h"

/* Labels reach this far over a tile's edge. */
#define LABEL_MARGIN 160.0

typedef struct
{
  cairo_t      *cr;
  PangoContext *pango;
  int           z;
  double        scale;      /* world units → global pixels */
  double        ox, oy;     /* the tile's top-left, global pixels */
  double        mpp;        /* metres per pixel at the region's latitude */
} Tile;

typedef struct { double r, g, b; } Rgb;

#define RGB(hex) ((Rgb) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 })

static void
set_rgb (cairo_t *cr,
         Rgb      c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

static gboolean
visible (const Tile         *t,
         const MfcTrFeature *f,
         double              margin)
{
  return f->max_x * t->scale >= t->ox - margin && f->min_x * t->scale <= t->ox + MFC_TR_TILE_SIZE + margin &&
         f->max_y * t->scale >= t->oy - margin && f->min_y * t->scale <= t->oy + MFC_TR_TILE_SIZE + margin;
}

static void
to_px (const Tile *t,
       double      wx,
       double      wy,
       double     *px,
       double     *py)
{
  *px = wx * t->scale - t->ox;
  *py = wy * t->scale - t->oy;
}

static void
trace (const Tile         *t,
       const MfcTrFeature *f,
       gboolean            close)
{
  double px, py, lx = 0, ly = 0;

  for (guint i = 0; i < f->n; i++)
    {
      to_px (t, f->xy[2 * i], f->xy[2 * i + 1], &px, &py);
      if (i == 0)
        cairo_move_to (t->cr, px, py);
      else if (i + 1 == f->n || fabs (px - lx) + fabs (py - ly) >= 0.7)
        cairo_line_to (t->cr, px, py);
      else
        continue;
      lx = px;
      ly = py;
    }
  if (close)
    cairo_close_path (t->cr);
}

static void
fill_layer (const Tile        *t,
            const MfcTrRegion *region,
            MfcTrFeatureKind   kind,
            Rgb                fill,
            double             outline,
            Rgb                stroke)
{
  cairo_new_path (t->cr);
  for (guint i = 0; i < mfc_tr_region_count (region, kind); i++)
    {
      const MfcTrFeature *f = mfc_tr_region_feature (region, kind, i);

      if (visible (t, f, 2))
        trace (t, f, TRUE);
    }
  set_rgb (t->cr, fill);
  if (outline > 0)
    {
      cairo_fill_preserve (t->cr);
      cairo_set_line_width (t->cr, outline);
      set_rgb (t->cr, stroke);
      cairo_stroke (t->cr);
    }
  else
    cairo_fill (t->cr);
}

/* Road widths in pixels by zoom 6..16; 0 where the class is not drawn. */
static const double road_widths[4][11] = {
  /*                  6    7    8    9   10   11   12   13   14   15   16 */
  [MFC_TR_ROAD_MINOR]   = { 0,   0,   0,   0,   0,   0, 1.2, 2.0, 3.6, 6.0, 9.5 },
  [MFC_TR_ROAD_MAIN]    = { 0,   0,   0,   0,   0, 1.4, 2.8, 4.2, 6.5, 9.0, 13  },
  [MFC_TR_ROAD_RURAL]   = { 0, 0.7, 1.0, 1.4, 2.0, 2.6, 3.4, 4.4, 6.0, 8.5, 12  },
  [MFC_TR_ROAD_HIGHWAY] = { 1.1, 1.5, 2.0, 2.6, 3.2, 4.0, 5.0, 6.5, 8.0, 11, 15  },
};

static double
road_width (int klass,
            int z)
{
  return road_widths[klass][CLAMP (z, 6, 16) - 6];
}

static void
stroke_roads (const Tile        *t,
              const MfcTrRegion *region,
              int                klass,
              gboolean           casing)
{
  static const guint32 fills[4] = { 0xffffff, 0xfcd9a0, 0xfff3c4, 0xf5b46b };
  static const guint32 casings[4] = { 0xc9c1b5, 0xc49a63, 0xb9a98a, 0xb0773a };
  double w = road_width (klass, t->z);

  if (w <= 0)
    return;
  cairo_new_path (t->cr);
  for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_ROAD); i++)
    {
      const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_ROAD, i);

      if (f->klass == klass && visible (t, f, w + 2))
        trace (t, f, FALSE);
    }
  cairo_set_line_cap (t->cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (t->cr, CAIRO_LINE_JOIN_ROUND);
  if (casing)
    {
      cairo_set_line_width (t->cr, w + (t->z >= 12 ? 2.0 : 1.0));
      set_rgb (t->cr, RGB (casings[klass]));
    }
  else
    {
      cairo_set_line_width (t->cr, w);
      set_rgb (t->cr, RGB (fills[klass]));
    }
  cairo_stroke (t->cr);
}

static void
draw_rivers (const Tile        *t,
             const MfcTrRegion *region)
{
  Rgb water = RGB (0xaad3df);

  for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_RIVER); i++)
    {
      const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_RIVER, i);
      gboolean big = f->width_m >= 300;
      double w = f->width_m / t->mpp;

      if (!big && t->z < 7)
        continue;
      w = MAX (w, big ? 1.6 + (t->z - 6) * 0.5 : 0.6 + (t->z - 7) * 0.3);
      if (!visible (t, f, w))
        continue;
      cairo_new_path (t->cr);
      trace (t, f, FALSE);
      cairo_set_line_cap (t->cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (t->cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_width (t->cr, w);
      set_rgb (t->cr, water);
      cairo_stroke (t->cr);
    }
}

static void
draw_borders (const Tile        *t,
              const MfcTrRegion *region)
{
  const MfcTrFeature *border = mfc_tr_region_feature (region, MFC_TR_FEATURE_BORDER, 0);
  const double dash[] = { 6, 3, 1.5, 3 };

  if (t->z >= 7)
    {
      /* District cells, clipped to the region. */
      cairo_save (t->cr);
      cairo_new_path (t->cr);
      trace (t, border, TRUE);
      cairo_clip (t->cr);
      cairo_new_path (t->cr);
      for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_DISTRICT); i++)
        {
          const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_DISTRICT, i);

          if (visible (t, f, 2))
            trace (t, f, TRUE);
        }
      cairo_set_source_rgba (t->cr, 0.56, 0.42, 0.66, 0.75);
      cairo_set_line_width (t->cr, t->z >= 11 ? 2.0 : 1.2);
      cairo_set_dash (t->cr, dash, 4, 0);
      cairo_stroke (t->cr);
      cairo_restore (t->cr);
    }
  if (t->z >= 11)
    {
      const MfcTrFeature *city = mfc_tr_region_feature (region, MFC_TR_FEATURE_CITY, 0);

      cairo_save (t->cr);
      cairo_new_path (t->cr);
      trace (t, city, TRUE);
      cairo_clip (t->cr);
      cairo_new_path (t->cr);
      for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_CITY_DISTRICT); i++)
        {
          const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_CITY_DISTRICT, i);

          if (visible (t, f, 2))
            trace (t, f, TRUE);
        }
      cairo_set_source_rgba (t->cr, 0.6, 0.48, 0.7, 0.6);
      cairo_set_line_width (t->cr, 1.2);
      cairo_set_dash (t->cr, dash, 4, 0);
      cairo_stroke (t->cr);
      cairo_restore (t->cr);
    }

  /* The region's own border: a broad soft band under a firm line. */
  cairo_new_path (t->cr);
  trace (t, border, TRUE);
  cairo_set_line_join (t->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (t->cr, 0.62, 0.4, 0.74, 0.25);
  cairo_set_line_width (t->cr, t->z >= 10 ? 9 : 6);
  cairo_stroke_preserve (t->cr);
  cairo_set_source_rgb (t->cr, 0.5, 0.3, 0.62);
  cairo_set_line_width (t->cr, t->z >= 10 ? 2.2 : 1.5);
  cairo_stroke (t->cr);
}

static void
draw_railways (const Tile        *t,
               const MfcTrRegion *region)
{
  if (t->z < 7)
    return;
  for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_RAILWAY); i++)
    {
      const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_RAILWAY, i);

      if (!visible (t, f, 4))
        continue;
      cairo_new_path (t->cr);
      trace (t, f, FALSE);
      cairo_set_line_join (t->cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_source_rgb (t->cr, 0.45, 0.45, 0.45);
      cairo_set_line_width (t->cr, t->z >= 10 ? 3.0 : 1.4);
      if (t->z >= 10)
        {
          const double dash[] = { 8, 8 };

          cairo_stroke_preserve (t->cr);
          cairo_set_source_rgb (t->cr, 1, 1, 1);
          cairo_set_line_width (t->cr, 1.5);
          cairo_set_dash (t->cr, dash, 2, 0);
        }
      cairo_stroke (t->cr);
      cairo_set_dash (t->cr, NULL, 0, 0);
    }
}

/* Labels */

typedef enum
{
  STYLE_CITY,
  STYLE_TOWN,
  STYLE_VILLAGE,
  STYLE_DISTRICT,
  STYLE_CITY_DISTRICT,
  STYLE_WATER,
  STYLE_RIVER,
  STYLE_FOREST,
  STYLE_PARK,
  STYLE_STREET,
  STYLE_ROAD,
} LabelStyle;

static PangoLayout *
label_layout (const Tile *t,
              const char *text,
              LabelStyle  style)
{
  PangoLayout *layout = pango_layout_new (t->pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("DejaVu Sans, Sans");
  double size = 9;

  switch (style)
    {
    case STYLE_CITY:
      size = t->z <= 7 ? 11 : t->z <= 9 ? 13 : 16;
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;
    case STYLE_TOWN:
      size = t->z <= 8 ? 8.5 : t->z <= 10 ? 10 : 12;
      pango_font_description_set_weight (font, PANGO_WEIGHT_SEMIBOLD);
      break;
    case STYLE_VILLAGE:
      size = t->z <= 10 ? 7.5 : 9;
      break;
    case STYLE_DISTRICT:
    case STYLE_CITY_DISTRICT:
      size = style == STYLE_DISTRICT ? 8 : 9;
      pango_font_description_set_variant (font, PANGO_VARIANT_SMALL_CAPS);
      pango_font_description_set_weight (font, PANGO_WEIGHT_SEMIBOLD);
      break;
    case STYLE_WATER:
    case STYLE_RIVER:
    case STYLE_FOREST:
    case STYLE_PARK:
      size = style == STYLE_PARK ? 8 : 8.5;
      pango_font_description_set_style (font, PANGO_STYLE_ITALIC);
      break;
    case STYLE_STREET:
      size = t->z >= 16 ? 8.5 : 7.5;
      break;
    case STYLE_ROAD:
      size = 7.5;
      break;
    default:
      break;
    }
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static Rgb
label_colour (LabelStyle style)
{
  switch (style)
    {
    case STYLE_DISTRICT:
    case STYLE_CITY_DISTRICT:
      return RGB (0x7a4f94);
    case STYLE_WATER:
    case STYLE_RIVER:
      return RGB (0x2f6b9a);
    case STYLE_FOREST:
    case STYLE_PARK:
      return RGB (0x2f6b2a);
    case STYLE_VILLAGE:
    case STYLE_STREET:
    case STYLE_ROAD:
      return RGB (0x3d3d3d);
    case STYLE_CITY:
    case STYLE_TOWN:
    default:
      return RGB (0x1f1f1f);
    }
}

/* Draws @text centred at tile pixel (px, py), rotated by @angle, with a
 * white halo. */
static void
draw_label (const Tile *t,
            const char *text,
            LabelStyle  style,
            double      px,
            double      py,
            double      angle,
            double      dy)
{
  g_autoptr(PangoLayout) layout = label_layout (t, text, style);
  PangoRectangle ink, logical;
  double reach;

  pango_layout_get_pixel_extents (layout, &ink, &logical);
  reach = MAX (logical.width, logical.height) / 2.0 + 4;
  if (px + reach < 0 || px - reach > MFC_TR_TILE_SIZE || py + dy + reach < 0 || py + dy - reach > MFC_TR_TILE_SIZE)
    return;

  cairo_save (t->cr);
  cairo_translate (t->cr, px, py);
  cairo_rotate (t->cr, angle);
  cairo_move_to (t->cr, -logical.width / 2.0, dy - logical.height / 2.0);
  pango_cairo_layout_path (t->cr, layout);
  cairo_set_source_rgba (t->cr, 1, 1, 1, 0.85);
  cairo_set_line_width (t->cr, style == STYLE_CITY ? 4 : 3);
  cairo_set_line_join (t->cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (t->cr);
  set_rgb (t->cr, label_colour (style));
  cairo_fill (t->cr);
  cairo_restore (t->cr);
}

static double
label_width (const Tile *t,
             const char *text,
             LabelStyle  style)
{
  g_autoptr(PangoLayout) layout = label_layout (t, text, style);
  int w = 0, h = 0;

  pango_layout_get_pixel_size (layout, &w, &h);

  return w;
}

/* Labels along a line every @spacing pixels (the first at half of it),
 * where the line is straight enough for the text. */
static void
label_line (const Tile         *t,
            const MfcTrFeature *f,
            LabelStyle          style,
            double              spacing)
{
  double total = 0, next, width;
  g_autofree double *len = NULL;

  if (f->name == NULL || !visible (t, f, LABEL_MARGIN))
    return;
  len = g_new (double, f->n);
  len[0] = 0;
  for (guint i = 1; i < f->n; i++)
    {
      double dx = (f->xy[2 * i] - f->xy[2 * i - 2]) * t->scale;
      double dy = (f->xy[2 * i + 1] - f->xy[2 * i - 1]) * t->scale;

      total += hypot (dx, dy);
      len[i] = total;
    }
  width = label_width (t, f->name, style);
  if (total < width + 24)
    return;
  spacing = MAX (spacing, width + 80);
  /* With fewer than two spacings, one label in the middle. */
  next = total < 2 * spacing ? total / 2 : spacing / 2;
  for (guint i = 1; i < f->n && next < total - width / 2; i++)
    {
      while (next <= len[i] && next < total - width / 2)
        {
          double a = (next - len[i - 1]) / MAX (1e-9, len[i] - len[i - 1]);
          double wx = f->xy[2 * i - 2] + a * (f->xy[2 * i] - f->xy[2 * i - 2]);
          double wy = f->xy[2 * i - 1] + a * (f->xy[2 * i + 1] - f->xy[2 * i - 1]);
          double angle, px, py;
          guint i0 = i, i1 = i;

          /* The direction over the label's length, not one short segment. */
          while (i0 > 1 && next - len[i0 - 1] < width / 2)
            i0--;
          while (i1 + 1 < f->n && len[i1] - next < width / 2)
            i1++;
          angle = atan2 (f->xy[2 * i1 + 1] - f->xy[2 * i0 - 1], f->xy[2 * i1] - f->xy[2 * i0 - 2]);
          if (angle > G_PI / 2)
            angle -= G_PI;
          else if (angle < -G_PI / 2)
            angle += G_PI;
          to_px (t, wx, wy, &px, &py);
          if (px > -LABEL_MARGIN && px < MFC_TR_TILE_SIZE + LABEL_MARGIN &&
              py > -LABEL_MARGIN && py < MFC_TR_TILE_SIZE + LABEL_MARGIN)
            draw_label (t, f->name, style, px, py, angle, 0);
          next += spacing;
        }
    }
}

/* The mean of a polygon's points (good enough for round shapes). */
static void
centre_of (const MfcTrFeature *f,
           double             *wx,
           double             *wy,
           double             *lon,
           double             *lat)
{
  double sx = 0, sy = 0, so = 0, sa = 0;

  for (guint i = 0; i < f->n; i++)
    {
      sx += f->xy[2 * i];
      sy += f->xy[2 * i + 1];
      so += f->lonlat[2 * i];
      sa += f->lonlat[2 * i + 1];
    }
  *wx = sx / f->n;
  *wy = sy / f->n;
  *lon = so / f->n;
  *lat = sa / f->n;
}

static void
label_areas (const Tile        *t,
             const MfcTrRegion *region,
             MfcTrFeatureKind   kind,
             LabelStyle         style,
             double             min_px)
{
  for (guint i = 0; i < mfc_tr_region_count (region, kind); i++)
    {
      const MfcTrFeature *f = mfc_tr_region_feature (region, kind, i);
      double wx, wy, lon, lat, px, py;

      if (f->name == NULL || !visible (t, f, LABEL_MARGIN))
        continue;
      if ((f->max_x - f->min_x) * t->scale < min_px)
        continue;
      centre_of (f, &wx, &wy, &lon, &lat);
      if (!mfc_tr_region_in_polygon (f, lon, lat))
        continue;
      to_px (t, wx, wy, &px, &py);
      draw_label (t, f->name, style, px, py, 0, 0);
    }
}

static gboolean
place_shown (const Tile         *t,
             const MfcTrFeature *f)
{
  switch (f->klass)
    {
    case MFC_TR_PLACE_CITY:
      return t->z <= 12;
    case MFC_TR_PLACE_TOWN:
      return t->z >= 7 && t->z <= 14;
    case MFC_TR_PLACE_VILLAGE:
    default:
      return t->z >= 9 && t->z <= 14;
    }
}

/* A rough label width, the same on every tile (unlike a layout's, it
 * needs no font), for deciding collisions globally. */
static double
rough_width (const Tile         *t,
             const MfcTrFeature *f)
{
  double em = f->klass == MFC_TR_PLACE_CITY ? 14 : t->z <= 8 ? 8.5 : 10;

  return g_utf8_strlen (f->name, -1) * em * 0.62;
}

/* Hidden when a place that ranks higher (the city, then towns, then
 * villages; earlier first) would overlap its label at this zoom.  Decided
 * in global pixels, so neighbouring tiles agree. */
static gboolean
place_crowded (const Tile        *t,
               const MfcTrRegion *region,
               guint              index)
{
  const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_PLACE, index);
  double w = rough_width (t, f);

  for (guint j = 0; j < mfc_tr_region_count (region, MFC_TR_FEATURE_PLACE); j++)
    {
      const MfcTrFeature *o = mfc_tr_region_feature (region, MFC_TR_FEATURE_PLACE, j);
      double dx, dy;

      if (j == index || !place_shown (t, o) || o->klass < f->klass || (o->klass == f->klass && j > index))
        continue;
      dx = fabs (o->xy[0] - f->xy[0]) * t->scale;
      dy = fabs (o->xy[1] - f->xy[1]) * t->scale;
      if (dx < (w + rough_width (t, o)) / 2 + 6 && dy < 18)
        return TRUE;
    }

  return FALSE;
}

static void
draw_places (const Tile        *t,
             const MfcTrRegion *region)
{
  for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_PLACE); i++)
    {
      const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_PLACE, i);
      LabelStyle style;
      double px, py, r;

      switch (f->klass)
        {
        case MFC_TR_PLACE_CITY:
          if (t->z > 12)
            continue;
          style = STYLE_CITY;
          r = t->z <= 9 ? 4.5 : 0;
          break;
        case MFC_TR_PLACE_TOWN:
          if (t->z < 7 || t->z > 14)
            continue;
          style = STYLE_TOWN;
          r = t->z <= 10 ? 3 : 0;
          break;
        case MFC_TR_PLACE_VILLAGE:
        default:
          if (t->z < 9 || t->z > 14)
            continue;
          style = STYLE_VILLAGE;
          r = 2;
          break;
        }
      to_px (t, f->xy[0], f->xy[1], &px, &py);
      if (px < -LABEL_MARGIN || px > MFC_TR_TILE_SIZE + LABEL_MARGIN ||
          py < -LABEL_MARGIN || py > MFC_TR_TILE_SIZE + LABEL_MARGIN)
        continue;
      if (place_crowded (t, region, i))
        continue;
      if (r > 0)
        {
          cairo_new_path (t->cr);
          cairo_arc (t->cr, px, py, r, 0, 2 * G_PI);
          cairo_set_source_rgb (t->cr, 1, 1, 1);
          cairo_fill_preserve (t->cr);
          cairo_set_source_rgb (t->cr, 0.2, 0.2, 0.2);
          cairo_set_line_width (t->cr, 1.2);
          cairo_stroke (t->cr);
        }
      draw_label (t, f->name, style, px, py, 0, r > 0 ? -(r + 8) : 0);
    }
}

/* A district's name gives way to the towns' names near it (decided in
 * global pixels, like place_crowded()). */
static gboolean
district_crowded (const Tile         *t,
                  const MfcTrRegion  *region,
                  const MfcTrFeature *district,
                  double              wx,
                  double              wy)
{
  double w = g_utf8_strlen (district->name, -1) * 8 * 0.62;

  for (guint j = 0; j < mfc_tr_region_count (region, MFC_TR_FEATURE_PLACE); j++)
    {
      const MfcTrFeature *o = mfc_tr_region_feature (region, MFC_TR_FEATURE_PLACE, j);
      double dx, dy;

      if (!place_shown (t, o))
        continue;
      dx = fabs (o->xy[0] - wx) * t->scale;
      /* the place's label sits above its dot */
      dy = fabs (o->xy[1] * t->scale - 11 - wy * t->scale);
      if (dx < (w + rough_width (t, o)) / 2 + 4 && dy < 22)
        return TRUE;
    }

  return FALSE;
}

static void
draw_labels (const Tile        *t,
             const MfcTrRegion *region)
{
  if (t->z >= 8)
    label_areas (t, region, MFC_TR_FEATURE_WATER, STYLE_WATER, 36);
  if (t->z >= 9 && t->z <= 13)
    label_areas (t, region, MFC_TR_FEATURE_FOREST, STYLE_FOREST, 70);
  if (t->z >= 14)
    label_areas (t, region, MFC_TR_FEATURE_PARK, STYLE_PARK, 50);
  if (t->z == 8 || t->z == 9)
    {
      /* District names at their town, a little below, where the cell is big. */
      for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_DISTRICT); i++)
        {
          const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_DISTRICT, i);
          double wx, wy, lon, lat, px, py;

          if (f->name == NULL || g_str_has_prefix (f->name, "г. ") || !visible (t, f, LABEL_MARGIN))
            continue;
          centre_of (f, &wx, &wy, &lon, &lat);
          if (!mfc_tr_region_in_polygon (mfc_tr_region_feature (region, MFC_TR_FEATURE_BORDER, 0), lon, lat))
            continue;
          if (district_crowded (t, region, f, wx, wy + 14 / t->scale))
            continue;
          to_px (t, wx, wy, &px, &py);
          draw_label (t, f->name, STYLE_DISTRICT, px, py, 0, 14);
        }
    }
  if (t->z >= 12 && t->z <= 14)
    for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_CITY_DISTRICT); i++)
      {
        const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_CITY_DISTRICT, i);
        double wx, wy, lon, lat, px, py;

        if (!visible (t, f, LABEL_MARGIN))
          continue;
        centre_of (f, &wx, &wy, &lon, &lat);
        to_px (t, wx, wy, &px, &py);
        draw_label (t, f->name, STYLE_CITY_DISTRICT, px, py, 0, 0);
      }
  if (t->z >= 9)
    for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_RIVER); i++)
      label_line (t, mfc_tr_region_feature (region, MFC_TR_FEATURE_RIVER, i), STYLE_RIVER, 700);
  for (guint i = 0; i < mfc_tr_region_count (region, MFC_TR_FEATURE_ROAD); i++)
    {
      const MfcTrFeature *f = mfc_tr_region_feature (region, MFC_TR_FEATURE_ROAD, i);

      if ((f->klass == MFC_TR_ROAD_MAIN && t->z >= 14) || (f->klass == MFC_TR_ROAD_MINOR && t->z >= 15))
        label_line (t, f, STYLE_STREET, 420);
      else if ((f->klass == MFC_TR_ROAD_HIGHWAY || f->klass == MFC_TR_ROAD_RURAL) && t->z >= 11)
        label_line (t, f, STYLE_ROAD, 900);
    }
  draw_places (t, region);
}

static void
draw (Tile              *t,
      const MfcTrRegion *region)
{
  const MfcTrFeature *border = mfc_tr_region_feature (region, MFC_TR_FEATURE_BORDER, 0);

  /* Beyond the border: the neighbours, greyer. */
  cairo_set_source_rgb (t->cr, 0.87, 0.86, 0.83);
  cairo_paint (t->cr);
  cairo_new_path (t->cr);
  trace (t, border, TRUE);
  set_rgb (t->cr, RGB (0xf2efe9));
  cairo_fill (t->cr);

  fill_layer (t, region, MFC_TR_FEATURE_FOREST, RGB (0xb7d6a4), 0, RGB (0));
  if (t->z >= 9)
    fill_layer (t, region, MFC_TR_FEATURE_TOWN, RGB (0xe4dccf), 0, RGB (0));
  fill_layer (t, region, MFC_TR_FEATURE_CITY, RGB (0xe4dccf), 0, RGB (0));
  if (t->z >= 11)
    fill_layer (t, region, MFC_TR_FEATURE_PARK, RGB (0xc6e8b4), 0.8, RGB (0x9fcc8c));
  fill_layer (t, region, MFC_TR_FEATURE_WATER, RGB (0xaad3df), 0.8, RGB (0x8fbfd0));
  draw_rivers (t, region);
  draw_borders (t, region);
  draw_railways (t, region);
  for (int pass = 0; pass < 2; pass++)
    {
      stroke_roads (t, region, MFC_TR_ROAD_MINOR, pass == 0);
      stroke_roads (t, region, MFC_TR_ROAD_RURAL, pass == 0);
      stroke_roads (t, region, MFC_TR_ROAD_MAIN, pass == 0);
      stroke_roads (t, region, MFC_TR_ROAD_HIGHWAY, pass == 0);
    }
  draw_labels (t, region);
}

static double
tile_x (double lon,
        int    z)
{
  return (lon + 180.0) / 360.0 * (1 << z);
}

static double
tile_y (double lat,
        int    z)
{
  double r = lat * G_PI / 180.0;

  return (1.0 - log (tan (r) + 1.0 / cos (r)) / G_PI) / 2.0 * (1 << z);
}

/**
 * mfc_tr_map_tile_in_region:
 *
 * Whether z/x/y is within config.map's zoom range and bounds.
 */
gboolean
mfc_tr_map_tile_in_region (int z,
                           int x,
                           int y)
{
  return z >= MFC_TRAINING_MAP_MIN_ZOOM && z <= MFC_TRAINING_MAP_MAX_ZOOM &&
         x >= floor (tile_x (MFC_TRAINING_MAP_WEST, z)) && x <= floor (tile_x (MFC_TRAINING_MAP_EAST, z)) &&
         y >= floor (tile_y (MFC_TRAINING_MAP_NORTH, z)) && y <= floor (tile_y (MFC_TRAINING_MAP_SOUTH, z));
}

static void
png_append_cb (png_structp  png,
               png_bytep    data,
               png_size_t   length)
{
  g_byte_array_append (png_get_io_ptr (png), data, length);
}

static void
png_flush_cb (png_structp png)
{
}

/* RGB24 → an 8-bit RGB PNG.  With libpng itself rather than
 * cairo_surface_write_to_png_stream(): one row filter and a middle zlib
 * level halve the encoding, which was half of a tile's time, for a few
 * per cent more bytes (tiles are cached, so a tile is encoded once). */
static GBytes *
encode_png (cairo_surface_t  *surface,
            GError          **error)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (16384);
  const guchar *pixels = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  png_structp png;
  png_infop info;
  guchar row[3 * MFC_TR_TILE_SIZE];

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot encode a map tile: no memory");
      return NULL;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot encode a map tile");
      return NULL;
    }
  png_set_write_fn (png, out, png_append_cb, png_flush_cb);
  png_set_IHDR (png, info, MFC_TR_TILE_SIZE, MFC_TR_TILE_SIZE, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_set_compression_level (png, 4);
  png_write_info (png, info);
  cairo_surface_flush (surface);
  for (int y = 0; y < MFC_TR_TILE_SIZE; y++)
    {
      const guint32 *src = (const guint32 *) (const void *) (pixels + y * stride);

      for (int x = 0; x < MFC_TR_TILE_SIZE; x++)
        {
          row[3 * x] = (src[x] >> 16) & 0xff;
          row[3 * x + 1] = (src[x] >> 8) & 0xff;
          row[3 * x + 2] = src[x] & 0xff;
        }
      png_write_row (png, row);
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * mfc_tr_map_render_png:
 * @z: @x: @y: the tile (see mfc_tr_map_tile_in_region())
 * @error: return location for an error
 *
 * Draws the tile afresh (no cache).
 *
 * Returns: (transfer full) (nullable): the PNG
 */
GBytes *
mfc_tr_map_render_png (int      z,
                       int      x,
                       int      y,
                       GError **error)
{
  const MfcTrRegion *region = mfc_tr_region_get (error);
  cairo_surface_t *surface;
  PangoFontMap *fonts;
  GBytes *png;
  Tile t = { 0 };

  if (region == NULL)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MFC_TR_TILE_SIZE, MFC_TR_TILE_SIZE);
  t.cr = cairo_create (surface);
  /* The default font map is per thread (Pango ≥ 1.32), so this is safe on
   * any worker thread. */
  fonts = pango_cairo_font_map_get_default ();
  t.pango = pango_font_map_create_context (fonts);
  pango_cairo_update_context (t.cr, t.pango);
  {
    /* Grey-scale antialiasing, no hinting: the same pixels whatever the
     * desktop's font settings. */
    cairo_font_options_t *options = cairo_font_options_create ();

    cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options (t.pango, options);
    cairo_font_options_destroy (options);
  }
  pango_cairo_context_set_resolution (t.pango, 96);
  t.z = z;
  t.scale = (double) MFC_TR_TILE_SIZE * (1 << z);
  t.ox = (double) x * MFC_TR_TILE_SIZE;
  t.oy = (double) y * MFC_TR_TILE_SIZE;
  t.mpp = 40075016.686 * cos (54.7 * G_PI / 180.0) / t.scale;

  draw (&t, region);

  g_object_unref (t.pango);
  cairo_destroy (t.cr);
  png = encode_png (surface, error);
  cairo_surface_destroy (surface);

  return png;
}

/* The cache: tiles never change while the process runs (the region is
 * read once), so entries are only dropped to bound the memory. */

#define CACHE_MAX_TILES 4096

typedef struct
{
  GBytes *png;
  char   *etag;
} CachedTile;

static void
cached_tile_free (CachedTile *tile)
{
  g_bytes_unref (tile->png);
  g_free (tile->etag);
  g_free (tile);
}

static GMutex cache_lock;
static GHashTable *cache;   /* guint64 key → CachedTile, under cache_lock */

static guint64
cache_key (int z,
           int x,
           int y)
{
  return ((guint64) z << 48) | ((guint64) x << 24) | (guint64) y;
}

/**
 * mfc_tr_map_tile_png:
 * @etag: (out) (transfer full): the tile's strong entity tag, quoted
 *
 * The tile, drawn once and then served from a process-wide cache.
 * Thread-safe.
 *
 * Returns: (transfer full) (nullable): the PNG
 */
GBytes *
mfc_tr_map_tile_png (int      z,
                     int      x,
                     int      y,
                     char   **etag,
                     GError **error)
{
  guint64 key = cache_key (z, x, y);
  g_autofree char *digest = NULL;
  CachedTile *tile;
  GBytes *png;

  g_mutex_lock (&cache_lock);
  if (cache != NULL && (tile = g_hash_table_lookup (cache, &key)) != NULL)
    {
      png = g_bytes_ref (tile->png);
      *etag = g_strdup (tile->etag);
      g_mutex_unlock (&cache_lock);
      return png;
    }
  g_mutex_unlock (&cache_lock);

  /* Drawn outside the lock, so other tiles are served meanwhile; two
   * threads drawing the same tile draw the same bytes. */
  png = mfc_tr_map_render_png (z, x, y, error);
  if (png == NULL)
    return NULL;
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, png);
  tile = g_new0 (CachedTile, 1);
  tile->png = g_bytes_ref (png);
  tile->etag = g_strdup_printf ("\"%.24s\"", digest);
  *etag = g_strdup (tile->etag);

  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) cached_tile_free);
  if (g_hash_table_size (cache) >= CACHE_MAX_TILES)
    g_hash_table_remove_all (cache);
  g_hash_table_replace (cache, g_memdup2 (&key, sizeof key), tile);
  g_mutex_unlock (&cache_lock);

  return png;
}

/* Forgets every cached tile (benchmarks measure drawing with it). */
void
mfc_tr_map_cache_clear (void)
{
  g_mutex_lock (&cache_lock);
  if (cache != NULL)
    g_hash_table_remove_all (cache);
  g_mutex_unlock (&cache_lock);
}
