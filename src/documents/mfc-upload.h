/* mfc-upload.h — one file sent to the central service, and attached.
 *
 * An MfcUpload streams one file from disk (`POST /api/v1/documents`,
 * through MfcClient: never loaded whole), reports progress with speed
 * and time left, can be cancelled and started again, and checks that the
 * SHA-256 the service computed is the one of the file on disk.  Its
 * Idempotency-Keys are made once, when the upload is created, and kept
 * across the client's own retries and the clerk's: a second start after a
 * dropped connection cannot make a second document.  With a ticket set,
 * the document is then attached to it (`POST /tickets/{id}/documents`).
 *
 * No GTK: the «Документы» page observes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-client.h"
#include "mfc-outbox.h"

G_BEGIN_DECLS

#define MFC_UPLOAD_ERROR (mfc_upload_error_quark ())

typedef enum {
  MFC_UPLOAD_ERROR_FILE,         /* the file cannot be read */
  MFC_UPLOAD_ERROR_TOO_LARGE,    /* 413: over the service's limit */
  MFC_UPLOAD_ERROR_UNSUPPORTED,  /* 415: not PDF, JPEG, PNG or DOCX by content */
  MFC_UPLOAD_ERROR_CHECKSUM,     /* the service stored other bytes than ours */
  MFC_UPLOAD_ERROR_CANCELLED,
  MFC_UPLOAD_ERROR_OFFLINE,      /* no connection to the service: it can wait in the outbox */
  MFC_UPLOAD_ERROR_SERVICE,      /* anything else the service said */
} MfcUploadError;

GQuark mfc_upload_error_quark (void);

typedef enum {
  MFC_UPLOAD_STATE_READY,
  MFC_UPLOAD_STATE_CHECKING,     /* computing the file's SHA-256 */
  MFC_UPLOAD_STATE_SENDING,
  MFC_UPLOAD_STATE_ATTACHING,
  MFC_UPLOAD_STATE_DONE,
  MFC_UPLOAD_STATE_FAILED,
} MfcUploadState;

GType mfc_upload_state_get_type (void) G_GNUC_CONST;
#define MFC_TYPE_UPLOAD_STATE (mfc_upload_state_get_type ())

#define MFC_TYPE_UPLOAD (mfc_upload_get_type ())
G_DECLARE_FINAL_TYPE (MfcUpload, mfc_upload, MFC, UPLOAD, GObject)

MfcUpload      *mfc_upload_new                (MfcClient           *client,
                                               GFile               *file,
                                               const char          *filename,
                                               const char          *content_type,
                                               const char          *title);

void            mfc_upload_set_ticket         (MfcUpload           *self,
                                               const char          *ticket_id);
const char     *mfc_upload_get_ticket         (MfcUpload           *self);

GFile          *mfc_upload_get_file           (MfcUpload           *self);
const char     *mfc_upload_get_filename       (MfcUpload           *self);
const char     *mfc_upload_get_key            (MfcUpload           *self);
MfcUploadState  mfc_upload_get_state          (MfcUpload           *self);
guint64         mfc_upload_get_sent           (MfcUpload           *self);
guint64         mfc_upload_get_total          (MfcUpload           *self);
double          mfc_upload_get_fraction       (MfcUpload           *self);
double          mfc_upload_get_speed          (MfcUpload           *self);
int             mfc_upload_get_seconds_left   (MfcUpload           *self);
const char     *mfc_upload_get_sha256         (MfcUpload           *self);
const char     *mfc_upload_get_document_id    (MfcUpload           *self);
JsonObject     *mfc_upload_get_document       (MfcUpload           *self);
const GError   *mfc_upload_get_error          (MfcUpload           *self);
char           *mfc_upload_format_progress    (MfcUpload           *self);

void            mfc_upload_start_async        (MfcUpload           *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        mfc_upload_start_finish       (MfcUpload           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

void            mfc_upload_queue_async        (MfcUpload           *self,
                                               MfcOutbox           *outbox,
                                               const char          *dir,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        mfc_upload_queue_finish       (MfcUpload           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

char           *mfc_upload_format_size        (guint64              bytes);

G_END_DECLS
