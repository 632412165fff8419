/* mfc-training-request.h — the request a training-server handler works
 * on: everything it needs is passed in (the store, the time zones, the
 * request's "now", the cursor secret), and everything it answers is set on
 * it (status, body, headers, events to send after the commit), so no
 * handler calls back into the server.  Not installed, not for other
 * features.
 *
 * THE THREADING RULE.  GET handlers run on worker threads, several at
 * once, each with its own read-only connection in req->store / req->db
 * (mfc-training-server.c); every other method runs on the server's main
 * loop, one at a time, on the one read-write connection inside a write
 * transaction.  So a handler:
 *   - touches only what is on @req (its store and connection are its own
 *     for the request) and its own locals;
 *   - keeps no mutable static or global state; a cache shared between
 *     requests (e.g. of map tiles) takes a GMutex around every access, or
 *     is per connection (mfc_training_store_cached());
 *   - uses the shared read-only things freely: zones (locked inside),
 *     cursor_secret, the calendar (built once, g_once);
 *   - never writes from a GET (the connection is read-only: it would fail);
 *   - leaves no statement stepping when it returns (the server resets the
 *     cached ones; finalize your own), so no read snapshot stays open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mfc-training-calendar.h"
#include "mfc-training-store.h"

G_BEGIN_DECLS

#define MFC_TRAINING_MAX_UPLOAD 5242880
#define MFC_TRAINING_SESSION_SECONDS (12 * 3600)
#define MFC_TRAINING_LOCK_SECONDS 900
#define MFC_TRAINING_MAX_FAILURES 5
/* The demo region's map (config.map) */
#define MFC_TRAINING_MAP_SOUTH 53.2
#define MFC_TRAINING_MAP_WEST 75.5
#define MFC_TRAINING_MAP_NORTH 56.2
#define MFC_TRAINING_MAP_EAST 85.3
#define MFC_TRAINING_MAP_MIN_ZOOM 6
#define MFC_TRAINING_MAP_MAX_ZOOM 16
/* The one-time code of every account that needs one (openapi.yaml). */
#define MFC_TRAINING_OTP "000000"

typedef struct
{
  /* What the handler needs, given by the server */
  MfcTrainingStore  *store;          /* this request's connection (see above) */
  sqlite3           *db;             /* the store's connection */
  MfcTrainingZones  *zones;
  const char        *cursor_secret;  /* keys the cursors' tags */
  gint64             now;            /* Unix seconds, the server's clock */

  /* The request */
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  GHashTable        *query;          /* never NULL */
  char              *params[4];      /* {…} segments of the path template */
  GBytes            *body;           /* never NULL */

  /* The authenticated user (0 when the route is public) */
  gint64             user_id;
  char              *user_role;
  gint64             user_office_id; /* 0 when none */
  char              *token_sha256;

  /* The response */
  guint              status;
  GBytes            *response;
  char              *content_type;
  char              *etag;
  GPtrArray         *headers;        /* name, value, name, value… */
  GPtrArray         *events;         /* char* JSON texts, sent after commit */
  gboolean           commit_always;  /* keep the transaction on errors too */
  gboolean           sessions_ended; /* the server closes their event sockets */
} MfcTrainingRequest;

typedef void (*MfcTrainingHandler) (MfcTrainingRequest *req);

/* Builds the JSON of one resource by id (NULL when there is none) and
 * gives its version */
typedef JsonObject *(*MfcTrainingLoadFunc) (MfcTrainingRequest *req,
                                            gint64              id,
                                            gint64             *version);

G_END_DECLS
