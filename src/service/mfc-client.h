/* mfc-client.h — the one HTTP path to the central service.
 *
 * One MfcClient owns one SoupSession.  Every call is async (GTask +
 * GCancellable) and ends in an MfcClientResponse or a GError in
 * MFC_CLIENT_ERROR (see mfc-client-error.h for the server's details:
 * error code, field messages, Retry-After).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-client-error.h"
#include "mfc-query.h"

G_BEGIN_DECLS

/* MfcClientResponse: a successful (2xx) answer. */
#define MFC_TYPE_CLIENT_RESPONSE (mfc_client_response_get_type ())

typedef struct _MfcClientResponse MfcClientResponse;

GType               mfc_client_response_get_type         (void) G_GNUC_CONST;
MfcClientResponse  *mfc_client_response_ref              (MfcClientResponse *self);
void                mfc_client_response_unref            (MfcClientResponse *self);
guint               mfc_client_response_get_status       (MfcClientResponse *self);
JsonNode           *mfc_client_response_get_root         (MfcClientResponse *self);
JsonObject         *mfc_client_response_get_object       (MfcClientResponse *self);
const char         *mfc_client_response_get_etag         (MfcClientResponse *self);
gboolean            mfc_client_response_get_replayed     (MfcClientResponse *self);
GBytes             *mfc_client_response_get_bytes        (MfcClientResponse *self);
const char         *mfc_client_response_get_content_type (MfcClientResponse *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcClientResponse, mfc_client_response_unref)

/* MfcClient */
#define MFC_TYPE_CLIENT (mfc_client_get_type ())
G_DECLARE_FINAL_TYPE (MfcClient, mfc_client, MFC, CLIENT, GObject)

typedef enum {
  MFC_CLIENT_REQUEST_NONE     = 0,
  /* Send no token; a 401 does not emit ::unauthorized.  For login. */
  MFC_CLIENT_REQUEST_NO_AUTH  = 1 << 0,
  /* Never retry, not even a GET. */
  MFC_CLIENT_REQUEST_NO_RETRY = 1 << 1,
  /* Accept any Content-Type on success and keep the body as bytes
   * (mfc_client_response_get_bytes()) instead of parsing JSON. */
  MFC_CLIENT_REQUEST_RAW      = 1 << 2,
} MfcClientRequestFlags;

typedef void (*MfcClientProgressFunc) (guint64  sent,
                                       guint64  total,
                                       gpointer user_data);

#define MFC_CLIENT_DEFAULT_TIMEOUT            15
#define MFC_CLIENT_DEFAULT_MAX_ATTEMPTS       3
#define MFC_CLIENT_DEFAULT_MAX_RESPONSE_SIZE  (16 * 1024 * 1024)

MfcClient          *mfc_client_new                (const char             *base_url,
                                                   GError                **error);

const char         *mfc_client_get_base_url       (MfcClient              *self);
gboolean            mfc_client_set_base_url       (MfcClient              *self,
                                                   const char             *base_url,
                                                   GError                **error);
const char         *mfc_client_get_token          (MfcClient              *self);
void                mfc_client_set_token          (MfcClient              *self,
                                                   const char             *token);
const char         *mfc_client_get_ca_file        (MfcClient              *self);
gboolean            mfc_client_set_ca_file        (MfcClient              *self,
                                                   const char             *ca_file,
                                                   GError                **error);
guint               mfc_client_get_timeout        (MfcClient              *self);
void                mfc_client_set_timeout        (MfcClient              *self,
                                                   guint                   seconds);
guint               mfc_client_get_max_attempts   (MfcClient              *self);
void                mfc_client_set_max_attempts   (MfcClient              *self,
                                                   guint                   max_attempts);
void                mfc_client_set_retry_delay    (MfcClient              *self,
                                                   guint                   base_ms,
                                                   guint                   max_ms);
gsize               mfc_client_get_max_response_size (MfcClient           *self);
void                mfc_client_set_max_response_size (MfcClient           *self,
                                                   gsize                   max_bytes);

void                mfc_client_request_async      (MfcClient              *self,
                                                   const char             *method,
                                                   MfcQuery               *query,
                                                   JsonNode               *body,
                                                   const char             *if_match,
                                                   const char             *idempotency_key,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
void                mfc_client_request_full_async (MfcClient              *self,
                                                   const char             *method,
                                                   MfcQuery               *query,
                                                   JsonNode               *body,
                                                   const char             *if_match,
                                                   const char             *idempotency_key,
                                                   MfcClientRequestFlags   flags,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
void                mfc_client_get_async          (MfcClient              *self,
                                                   MfcQuery               *query,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
void                mfc_client_upload_async       (MfcClient              *self,
                                                   MfcQuery               *query,
                                                   const char             *title,
                                                   const char             *filename,
                                                   const char             *content_type,
                                                   GBytes                 *data,
                                                   const char             *idempotency_key,
                                                   MfcClientProgressFunc   progress,
                                                   gpointer                progress_data,
                                                   GDestroyNotify          progress_destroy,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
void                mfc_client_upload_file_async  (MfcClient              *self,
                                                   MfcQuery               *query,
                                                   const char             *title,
                                                   const char             *filename,
                                                   const char             *content_type,
                                                   GFile                  *file,
                                                   const char             *idempotency_key,
                                                   MfcClientProgressFunc   progress,
                                                   gpointer                progress_data,
                                                   GDestroyNotify          progress_destroy,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
MfcClientResponse  *mfc_client_request_finish     (MfcClient              *self,
                                                   GAsyncResult           *result,
                                                   GError                **error);

void                mfc_client_get_page_async     (MfcClient              *self,
                                                   MfcQuery               *query,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
JsonArray          *mfc_client_get_page_finish    (MfcClient              *self,
                                                   GAsyncResult           *result,
                                                   char                  **next_cursor,
                                                   GError                **error);

G_END_DECLS
