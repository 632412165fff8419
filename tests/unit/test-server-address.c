/* test-server-address.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-server-address.h"

static void
test_accepts (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "mfc.example.ru", "https://mfc.example.ru" },
    { "  mfc.example.ru/  ", "https://mfc.example.ru" },
    { "HTTPS://MFC.Example.RU", "https://mfc.example.ru" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
    { "https://gw.region.ru/mfc/api//", "https://gw.region.ru/mfc/api" },
    { "10.0.0.5:8443", "https://10.0.0.5:8443" },
    { "http://[::1]:9000", "http://[::1]:9000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = mfc_server_address_normalize (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (address, ==, cases[i].out);
    }
}

static void
test_rejects (void)
{
  static const struct { const char *in; int code; } cases[] = {
    { "", MFC_SERVER_ADDRESS_ERROR_EMPTY },
    { "   ", MFC_SERVER_ADDRESS_ERROR_EMPTY },
    { NULL, MFC_SERVER_ADDRESS_ERROR_EMPTY },
    { "ftp://mfc.example.ru", MFC_SERVER_ADDRESS_ERROR_SCHEME },
    { "file:///etc/passwd", MFC_SERVER_ADDRESS_ERROR_INVALID },
    { "mfc example.ru", MFC_SERVER_ADDRESS_ERROR_INVALID },
    { "https://user:pw@mfc.example.ru", MFC_SERVER_ADDRESS_ERROR_INVALID },
    { "https://mfc.example.ru/?a=b", MFC_SERVER_ADDRESS_ERROR_INVALID },
    { "https://", MFC_SERVER_ADDRESS_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *address = mfc_server_address_normalize (cases[i].in, &error);

      g_assert_null (address);
      g_assert_error (error, MFC_SERVER_ADDRESS_ERROR, cases[i].code);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-address/accepts", test_accepts);
  g_test_add_func ("/server-address/rejects", test_rejects);

  return g_test_run ();
}
