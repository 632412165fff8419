/* mfc-training-map.c — GET /api/v1/map/tiles/{z}/{x}/{y}.png: the demo
 * region's tiles, drawn from its vector map (mfc-training-map-render.c),
 * cached, with a strong ETag and 304 on If-None-Match.  A real region
 * points config.map.tile_url_template at its own tile server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <string.h>

#include "mfc-training-handlers.h"
#include "mfc-training-map.h"
#include "mfc-training-query.h"
#include "mfc-training-response.h"

/* If-None-Match: "*" or a comma-separated list of entity tags (weak ones
 * compare weakly, RFC 9110 § 13.1.2). */
static gboolean
etag_listed (const char *header,
             const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }

  return FALSE;
}

void
mfc_tr_map_tile (MfcTrainingRequest *req)
{
  guint64 z = 0, x = 0, y = 0;
  g_autofree char *y_text = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) error = NULL;
  const char *if_none_match;

  if (req->params[2] != NULL && g_str_has_suffix (req->params[2], ".png"))
    y_text = g_strndup (req->params[2], strlen (req->params[2]) - 4);

  if (y_text == NULL ||
      !g_ascii_string_to_unsigned (req->params[0], 10, MFC_TRAINING_MAP_MIN_ZOOM,
                                   MFC_TRAINING_MAP_MAX_ZOOM, &z, NULL) ||
      !g_ascii_string_to_unsigned (req->params[1], 10, 0, (1u << z) - 1, &x, NULL) ||
      !g_ascii_string_to_unsigned (y_text, 10, 0, (1u << z) - 1, &y, NULL) ||
      !mfc_tr_map_tile_in_region ((int) z, (int) x, (int) y))
    {
      mfc_tr_not_found (req);
      return;
    }

  png = mfc_tr_map_tile_png ((int) z, (int) x, (int) y, &etag, &error);
  if (png == NULL)
    {
      g_warning ("Map tile %d/%d/%d: %s", (int) z, (int) x, (int) y, error->message);
      mfc_tr_internal_error (req);
      return;
    }

  mfc_tr_add_header (req, "Cache-Control", "public, max-age=86400");
  req->etag = g_steal_pointer (&etag);
  if_none_match = soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                "If-None-Match");
  if (etag_listed (if_none_match, req->etag))
    {
      req->status = 304;
      return;
    }
  req->status = 200;
  req->response = g_steal_pointer (&png);
  req->content_type = g_strdup ("image/png");
}
