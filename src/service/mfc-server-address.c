/* mfc-server-address.c
 *
 * A clerk or an administrator types the central service's address by hand,
 * often as just a host name.  One function decides what that means, so the
 * login page and Preferences agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-server-address.h"

G_DEFINE_QUARK (mfc-server-address-error-quark, mfc_server_address_error)

/**
 * mfc_server_address_normalize:
 * @text: what was typed, e.g. "mfc.region.ru", "http://10.0.0.5:8080/"
 * @error: return location for a translated, clerk-readable error
 *
 * Returns: (transfer full) (nullable): the address as "scheme://host[:port][/path]"
 *   with no trailing slash, https when no scheme was typed; %NULL on error.
 */
char *
mfc_server_address_normalize (const char  *text,
                              GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *path;
  g_autofree char *clean_path = NULL;
  gsize len;

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, MFC_SERVER_ADDRESS_ERROR,
                           MFC_SERVER_ADDRESS_ERROR_EMPTY,
                           _("Enter the address of the central service"));
      return NULL;
    }

  if (strstr (trimmed, "://") == NULL)
    with_scheme = g_strconcat ("https://", trimmed, NULL);
  else
    with_scheme = g_strdup (trimmed);

  uri = g_uri_parse (with_scheme, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL ||
      g_uri_get_host (uri) == NULL ||
      g_uri_get_host (uri)[0] == '\0' ||
      g_uri_get_userinfo (uri) != NULL ||
      g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL ||
      strpbrk (trimmed, " \t\r\n") != NULL)
    {
      g_set_error_literal (error, MFC_SERVER_ADDRESS_ERROR,
                           MFC_SERVER_ADDRESS_ERROR_INVALID,
                           _("This is not a valid service address. Example: https://mfc.example.ru"));
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") != 0 &&
      g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error_literal (error, MFC_SERVER_ADDRESS_ERROR,
                           MFC_SERVER_ADDRESS_ERROR_SCHEME,
                           _("The service address must start with https:// or http://"));
      return NULL;
    }

  path = g_uri_get_path (uri);
  clean_path = g_strdup (path != NULL ? path : "");
  len = strlen (clean_path);
  while (len > 0 && clean_path[len - 1] == '/')
    clean_path[--len] = '\0';

  {
    g_autofree char *scheme_lower = g_ascii_strdown (scheme, -1);
    g_autofree char *host_lower = g_ascii_strdown (g_uri_get_host (uri), -1);
    gboolean ipv6 = strchr (host_lower, ':') != NULL;
    int port = g_uri_get_port (uri);

    if (port > 0)
      return g_strdup_printf ("%s://%s%s%s:%d%s", scheme_lower,
                              ipv6 ? "[" : "", host_lower, ipv6 ? "]" : "",
                              port, clean_path);
    return g_strdup_printf ("%s://%s%s%s%s", scheme_lower,
                            ipv6 ? "[" : "", host_lower, ipv6 ? "]" : "",
                            clean_path);
  }
}
