/* mfc-client-error.c
 *
 * The client's errors: one domain, one table from HTTP status to code,
 * clerk-readable messages, and the server's own details carried inside
 * the GError as extended-error private data (GLib ≥ 2.68).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <libsoup/soup.h>

#include "mfc-client-error.h"

typedef struct
{
  guint       status;
  char       *server_code;
  char       *server_message;
  GHashTable *fields;
  guint       retry_after;
  char       *etag;
} MfcClientErrorPrivate;

static void mfc_client_error_private_init  (MfcClientErrorPrivate       *priv);
static void mfc_client_error_private_copy  (const MfcClientErrorPrivate *src,
                                            MfcClientErrorPrivate       *dest);
static void mfc_client_error_private_clear (MfcClientErrorPrivate       *priv);

G_DEFINE_EXTENDED_ERROR (MfcClientError, mfc_client_error)

static void
mfc_client_error_private_init (MfcClientErrorPrivate *priv)
{
  memset (priv, 0, sizeof *priv);
}

static GHashTable *
copy_fields (GHashTable *fields)
{
  GHashTable *copy;
  GHashTableIter iter;
  gpointer key, value;

  if (fields == NULL)
    return NULL;

  copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));

  return copy;
}

static void
mfc_client_error_private_copy (const MfcClientErrorPrivate *src,
                               MfcClientErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->server_code = g_strdup (src->server_code);
  dest->server_message = g_strdup (src->server_message);
  dest->fields = copy_fields (src->fields);
  dest->retry_after = src->retry_after;
  dest->etag = g_strdup (src->etag);
}

static void
mfc_client_error_private_clear (MfcClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
  g_clear_pointer (&priv->server_message, g_free);
  g_clear_pointer (&priv->fields, g_hash_table_unref);
  g_clear_pointer (&priv->etag, g_free);
}

/* A few server codes deserve a more precise sentence than their status. */
static const char *
message_for_server_code (const char *server_code)
{
  if (server_code == NULL)
    return NULL;

  if (g_str_equal (server_code, "invalid_otp"))
    return _("The one-time code is wrong or has expired.");
  if (g_str_equal (server_code, "late_cancellation"))
    return _("Less than 24 hours remain before the visit; only a supervisor can change it now.");
  if (g_str_equal (server_code, "slot_taken"))
    return _("This time has just been booked by someone else. Please choose another time.");
  if (g_str_equal (server_code, "transition_not_allowed"))
    return _("This action is not allowed in the current status.");
  if (g_str_equal (server_code, "consent_required"))
    return _("The applicant’s consent to personal data processing is required.");
  if (g_str_equal (server_code, "reason_required"))
    return _("Please give a reason.");
  if (g_str_equal (server_code, "slot_unavailable"))
    return _("This time is not available for booking. Please choose another time.");
  if (g_str_equal (server_code, "precondition_required"))
    return _("The record could not be saved because its version is unknown. Open it again and repeat your changes.");

  return NULL;
}

static char *
message_for_code (MfcClientError code,
                  guint          status,
                  guint          retry_after)
{
  switch (code)
    {
    case MFC_CLIENT_ERROR_NETWORK:
      return g_strdup (_("No connection to the central service. Check the network and try again."));

    case MFC_CLIENT_ERROR_TIMEOUT:
      return g_strdup (_("The central service did not answer in time. Please try again."));

    case MFC_CLIENT_ERROR_TLS:
      return g_strdup (_("The central service’s security certificate is not trusted, so the connection was refused. Contact your administrator."));

    case MFC_CLIENT_ERROR_UNAUTHORIZED:
      return g_strdup (_("Wrong login or password, or your session has expired. Please sign in again."));

    case MFC_CLIENT_ERROR_FORBIDDEN:
      return g_strdup (_("You do not have permission to do this."));

    case MFC_CLIENT_ERROR_NOT_FOUND:
      return g_strdup (_("The record was not found. It may have been deleted."));

    case MFC_CLIENT_ERROR_CONFLICT:
      return g_strdup (_("The action could not be completed because the data has changed. Refresh and try again."));

    case MFC_CLIENT_ERROR_PRECONDITION:
      return g_strdup (_("Someone else has changed this record meanwhile. Open it again and repeat your changes."));

    case MFC_CLIENT_ERROR_VALIDATION:
      if (status == 400)
        return g_strdup (_("The central service could not accept the request. Check the entered data and try again."));
      return g_strdup (_("Some fields are filled in incorrectly. Please check them."));

    case MFC_CLIENT_ERROR_TOO_LARGE:
      return g_strdup (_("The file is too large to upload."));

    case MFC_CLIENT_ERROR_UNSUPPORTED:
      return g_strdup (_("This type of file is not accepted. Use PDF, JPEG, PNG or DOCX."));

    case MFC_CLIENT_ERROR_LOCKED:
      if (retry_after > 0)
        {
          guint minutes = (retry_after + 59) / 60;

          return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The account is temporarily locked after several failed sign-in attempts. Try again in %u minute.",
                                               "The account is temporarily locked after several failed sign-in attempts. Try again in %u minutes.",
                                               minutes),
                                  minutes);
        }
      return g_strdup (_("The account is temporarily locked after several failed sign-in attempts. Try again later."));

    case MFC_CLIENT_ERROR_OTP_REQUIRED:
      return g_strdup (_("Enter the one-time code to sign in."));

    case MFC_CLIENT_ERROR_SERVER:
      if (status == 429)
        return g_strdup (_("The central service is busy. Wait a moment and try again."));
      return g_strdup (_("The central service is temporarily unavailable. Try again in a few minutes."));

    case MFC_CLIENT_ERROR_PROTOCOL:
      return g_strdup (_("The central service sent an answer that could not be understood. Try again; if this repeats, contact your administrator."));

    case MFC_CLIENT_ERROR_CANCELLED:
      return g_strdup (_("The operation was cancelled."));

    case MFC_CLIENT_ERROR_NO_SERVER:
      return g_strdup (_("The address of the central service is not set. Enter it on the login page or in Preferences."));

    default:
      g_assert_not_reached ();
    }
}

static MfcClientErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != MFC_CLIENT_ERROR)
    return NULL;

  return mfc_client_error_get_private (error);
}

/**
 * mfc_client_error_code_for_status:
 * @status: an HTTP status that is not 2xx
 * @server_code: (nullable): the `error.code` of the answer
 *
 * The one place that maps HTTP statuses to error codes.
 */
MfcClientError
mfc_client_error_code_for_status (guint       status,
                                  const char *server_code)
{
  switch (status)
    {
    case 400:
    case 422:
      return MFC_CLIENT_ERROR_VALIDATION;
    case 401:
      return MFC_CLIENT_ERROR_UNAUTHORIZED;
    case 403:
      return MFC_CLIENT_ERROR_FORBIDDEN;
    case 404:
    case 410:
      return MFC_CLIENT_ERROR_NOT_FOUND;
    case 408:
      return MFC_CLIENT_ERROR_TIMEOUT;
    case 409:
      return MFC_CLIENT_ERROR_CONFLICT;
    case 412:
      return MFC_CLIENT_ERROR_PRECONDITION;
    case 413:
      return MFC_CLIENT_ERROR_TOO_LARGE;
    case 415:
      return MFC_CLIENT_ERROR_UNSUPPORTED;
    case 423:
      return MFC_CLIENT_ERROR_LOCKED;
    case 428:
      if (g_strcmp0 (server_code, "otp_required") == 0)
        return MFC_CLIENT_ERROR_OTP_REQUIRED;
      return MFC_CLIENT_ERROR_PRECONDITION;
    case 429:
      return MFC_CLIENT_ERROR_SERVER;
    default:
      break;
    }

  if (status >= 500 && status <= 599)
    return MFC_CLIENT_ERROR_SERVER;

  /* 1xx, 3xx (redirects are not followed) and unknown 4xx */
  return MFC_CLIENT_ERROR_PROTOCOL;
}

/**
 * mfc_client_error_new_for_status:
 * @status: the HTTP status
 * @server_code: (nullable): `error.code` from the body
 * @server_message: (nullable): `error.message` from the body (Russian)
 * @fields: (nullable): `error.fields`, string → string; copied
 * @retry_after: seconds from Retry-After, 0 if none
 * @etag: (nullable): the ETag of the answer (the current one on a 412)
 *
 * Returns: (transfer full): a #MFC_CLIENT_ERROR with a translated message
 *   and the server's details attached.
 */
GError *
mfc_client_error_new_for_status (guint       status,
                                 const char *server_code,
                                 const char *server_message,
                                 GHashTable *fields,
                                 guint       retry_after,
                                 const char *etag)
{
  MfcClientError code = mfc_client_error_code_for_status (status, server_code);
  MfcClientErrorPrivate *priv;
  g_autofree char *message = NULL;
  const char *special;
  GError *error;

  special = message_for_server_code (server_code);
  if (special != NULL)
    message = g_strdup (special);
  else
    message = message_for_code (code, status, retry_after);

  error = g_error_new_literal (MFC_CLIENT_ERROR, code, message);
  priv = mfc_client_error_get_private (error);
  priv->status = status;
  priv->server_code = g_strdup (server_code);
  priv->server_message = g_strdup (server_message);
  priv->fields = copy_fields (fields);
  priv->retry_after = retry_after;
  priv->etag = g_strdup (etag);

  return error;
}

/**
 * mfc_client_error_new:
 * @code: the code
 *
 * Returns: (transfer full): an error with the standard message of @code.
 */
GError *
mfc_client_error_new (MfcClientError code)
{
  g_autofree char *message = message_for_code (code, 0, 0);

  return g_error_new_literal (MFC_CLIENT_ERROR, code, message);
}

/**
 * mfc_client_error_new_from_gerror:
 * @transport_error: an error from GIO, GTLS or libsoup
 *
 * Translates a transport failure into the client's domain.  An error
 * already in #MFC_CLIENT_ERROR is copied.
 *
 * Returns: (transfer full): the new error
 */
GError *
mfc_client_error_new_from_gerror (const GError *transport_error)
{
  MfcClientError code = MFC_CLIENT_ERROR_NETWORK;

  g_return_val_if_fail (transport_error != NULL, NULL);

  if (transport_error->domain == MFC_CLIENT_ERROR)
    return g_error_copy (transport_error);

  if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    code = MFC_CLIENT_ERROR_CANCELLED;
  else if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    code = MFC_CLIENT_ERROR_TIMEOUT;
  else if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    code = MFC_CLIENT_ERROR_PROTOCOL;
  else if (transport_error->domain == G_TLS_ERROR)
    code = MFC_CLIENT_ERROR_TLS;
  else if (transport_error->domain == SOUP_SESSION_ERROR)
    code = MFC_CLIENT_ERROR_PROTOCOL;
  else if (transport_error->domain == G_IO_ERROR &&
           (transport_error->code == G_IO_ERROR_INVALID_DATA ||
            transport_error->code == G_IO_ERROR_MESSAGE_TOO_LARGE))
    code = MFC_CLIENT_ERROR_PROTOCOL;

  return mfc_client_error_new (code);
}

/**
 * mfc_client_error_get_status:
 *
 * Returns: the HTTP status of the answer, or 0 (no answer, or not ours)
 */
guint
mfc_client_error_get_status (const GError *error)
{
  MfcClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->status : 0;
}

/**
 * mfc_client_error_get_server_code:
 *
 * Returns: (nullable): the server's `error.code` ("slot_taken",
 *   "transition_not_allowed", "account_locked", …)
 */
const char *
mfc_client_error_get_server_code (const GError *error)
{
  MfcClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->server_code : NULL;
}

/**
 * mfc_client_error_get_server_message:
 *
 * Returns: (nullable): the server's `error.message`, Russian text that may
 *   be shown to the clerk next to (or instead of) the GError message
 */
const char *
mfc_client_error_get_server_message (const GError *error)
{
  MfcClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->server_message : NULL;
}

/**
 * mfc_client_error_get_fields:
 *
 * Returns: (transfer none) (nullable) (element-type utf8 utf8): field name
 *   (dotted for nested properties, e.g. "passport.division_code") →
 *   message, owned by @error; %NULL when the server sent none
 */
GHashTable *
mfc_client_error_get_fields (const GError *error)
{
  MfcClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->fields : NULL;
}

/**
 * mfc_client_error_get_field_message:
 *
 * Returns: (nullable): the server's message for @field, if any
 */
const char *
mfc_client_error_get_field_message (const GError *error,
                                    const char   *field)
{
  GHashTable *fields = mfc_client_error_get_fields (error);

  g_return_val_if_fail (field != NULL, NULL);

  return fields != NULL ? g_hash_table_lookup (fields, field) : NULL;
}

/**
 * mfc_client_error_get_retry_after:
 *
 * Returns: seconds the server asked to wait (423, 429, 503), or 0
 */
guint
mfc_client_error_get_retry_after (const GError *error)
{
  MfcClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->retry_after : 0;
}

/**
 * mfc_client_error_get_etag:
 *
 * Returns: (nullable): the ETag of the failed answer; on a 412 it is the
 *   record's current version
 */
const char *
mfc_client_error_get_etag (const GError *error)
{
  MfcClientErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->etag : NULL;
}
