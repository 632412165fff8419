/* mfc-client-error.h — what can go wrong talking to the central service.
 *
 * One GError domain for every call made through MfcClient.  The GError
 * message is always a translated sentence a clerk can read.  What the
 * server said besides (its own Russian message, its `error.code` such as
 * "slot_taken", the per-field validation messages, Retry-After, the
 * current ETag of a 412) travels *inside* the GError: the domain is a
 * GLib "extended error" (G_DEFINE_EXTENDED_ERROR), so it survives
 * g_task_return_error(), g_error_copy() and g_propagate_error() and is
 * freed with the error.  Read it with the accessors below; each accepts
 * any GError and returns 0/%NULL when the error is not from this domain
 * or the server did not say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MFC_CLIENT_ERROR (mfc_client_error_quark ())

typedef enum {
  MFC_CLIENT_ERROR_NETWORK,       /* no connection: refused, DNS, reset */
  MFC_CLIENT_ERROR_TIMEOUT,       /* no answer in time (or 408) */
  MFC_CLIENT_ERROR_TLS,           /* untrusted/bad certificate, TLS failure */
  MFC_CLIENT_ERROR_UNAUTHORIZED,  /* 401: token gone, wrong password, wrong code */
  MFC_CLIENT_ERROR_FORBIDDEN,     /* 403 */
  MFC_CLIENT_ERROR_NOT_FOUND,     /* 404, 410 */
  MFC_CLIENT_ERROR_CONFLICT,      /* 409: slot_taken, transition_not_allowed */
  MFC_CLIENT_ERROR_PRECONDITION,  /* 412 stale ETag, 428 If-Match missing */
  MFC_CLIENT_ERROR_VALIDATION,    /* 400, 422: see the fields */
  MFC_CLIENT_ERROR_TOO_LARGE,     /* 413 */
  MFC_CLIENT_ERROR_UNSUPPORTED,   /* 415 */
  MFC_CLIENT_ERROR_LOCKED,        /* 423: see the Retry-After seconds */
  MFC_CLIENT_ERROR_OTP_REQUIRED,  /* 428 otp_required at login */
  MFC_CLIENT_ERROR_SERVER,        /* 5xx, 429 after the retries */
  MFC_CLIENT_ERROR_PROTOCOL,      /* an answer that breaks the contract */
  MFC_CLIENT_ERROR_CANCELLED,     /* the GCancellable was cancelled */
  MFC_CLIENT_ERROR_NO_SERVER,     /* no service address set yet: nothing was sent */
} MfcClientError;

GQuark          mfc_client_error_quark             (void);

MfcClientError  mfc_client_error_code_for_status   (guint         status,
                                                    const char   *server_code);

GError         *mfc_client_error_new_for_status    (guint         status,
                                                    const char   *server_code,
                                                    const char   *server_message,
                                                    GHashTable   *fields,
                                                    guint         retry_after,
                                                    const char   *etag);
GError         *mfc_client_error_new_from_gerror   (const GError *transport_error);
GError         *mfc_client_error_new               (MfcClientError code);

guint           mfc_client_error_get_status        (const GError *error);
const char     *mfc_client_error_get_server_code   (const GError *error);
const char     *mfc_client_error_get_server_message (const GError *error);
GHashTable     *mfc_client_error_get_fields        (const GError *error);
const char     *mfc_client_error_get_field_message (const GError *error,
                                                    const char   *field);
guint           mfc_client_error_get_retry_after   (const GError *error);
const char     *mfc_client_error_get_etag          (const GError *error);

G_END_DECLS
