/* test-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-preferences-window.h"
#include "mfc-test-ui.h"

static MfcContext *context;

static GtkWindow *
open_preferences (void)
{
  GtkWindow *prefs = mfc_preferences_window_new (context);

  gtk_window_present (prefs);
  mfc_test_ui_wait_mapped (GTK_WIDGET (prefs));
  return prefs;
}

static gpointer
child (GtkWindow  *prefs,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                   MFC_TYPE_PREFERENCES_WINDOW,
                                                   name);
  g_assert_nonnull (object);
  return object;
}

static void
test_server_address (void)
{
  GSettings *settings = mfc_context_get_settings (context);
  GtkWindow *prefs = open_preferences ();
  GtkWidget *row = child (prefs, "server_row");

  gtk_editable_set_text (GTK_EDITABLE (row), "  MFC.Region.RU/ ");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "server-url"), ==, "https://mfc.region.ru");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://mfc.region.ru");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* A wrong address is refused and the saved one stays. */
  gtk_editable_set_text (GTK_EDITABLE (row), "ftp://mfc.region.ru");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (g_settings_get_string (settings, "server-url"), ==, "https://mfc.region.ru");
  g_assert_true (gtk_widget_has_css_class (row, "error"));

  /* Typing again clears the error mark. */
  gtk_editable_set_text (GTK_EDITABLE (row), "mfc.region.ru");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  gtk_window_destroy (prefs);
}

static void
test_lock_timeout (void)
{
  GSettings *settings = mfc_context_get_settings (context);
  GtkWindow *prefs;
  GtkSpinButton *spin;

  /* From the default, whatever ran before. */
  g_settings_reset (settings, "lock-timeout-minutes");
  prefs = open_preferences ();
  spin = child (prefs, "lock_spin");

  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 10);
  gtk_spin_button_set_value (spin, 25);
  g_assert_cmpuint (g_settings_get_uint (settings, "lock-timeout-minutes"), ==, 25);

  g_settings_set_uint (settings, "lock-timeout-minutes", 7);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 7);

  /* The spin button cannot go outside the schema's range. */
  gtk_spin_button_set_value (spin, 500);
  g_assert_cmpuint (g_settings_get_uint (settings, "lock-timeout-minutes"), ==, 120);

  gtk_window_destroy (prefs);
}

static void
test_ca_file (void)
{
  GSettings *settings = mfc_context_get_settings (context);
  GtkWindow *prefs = open_preferences ();
  g_autoptr(GFile) good = g_file_new_build_filename (TEST_SOURCE_DIR, "tests", "data", "test-ca.pem", NULL);
  g_autoptr(GFile) bad = g_file_new_build_filename (TEST_SOURCE_DIR, "tests", "data", "not-a-certificate.pem", NULL);
  AdwActionRow *row = child (prefs, "ca_row");
  GtkWidget *clear = child (prefs, "ca_clear_button");

  g_assert_false (gtk_widget_get_sensitive (clear));

  g_assert_false (mfc_preferences_window_use_ca_file (MFC_PREFERENCES_WINDOW (prefs), bad));
  g_assert_cmpstr (g_settings_get_string (settings, "ca-file"), ==, "");

  g_assert_true (mfc_preferences_window_use_ca_file (MFC_PREFERENCES_WINDOW (prefs), good));
  g_assert_cmpstr (g_settings_get_string (settings, "ca-file"), ==, g_file_peek_path (good));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, g_file_peek_path (good));
  g_assert_true (gtk_widget_get_sensitive (clear));

  g_signal_emit_by_name (clear, "clicked");
  g_assert_cmpstr (g_settings_get_string (settings, "ca-file"), ==, "");
  g_assert_false (gtk_widget_get_sensitive (clear));

  gtk_window_destroy (prefs);
}

static void
test_russian (void)
{
  GtkWindow *prefs = open_preferences ();
  g_autoptr(GPtrArray) texts = mfc_test_ui_collect_texts (GTK_WIDGET (prefs));
  g_autofree char *path = NULL;

  mfc_test_ui_assert_russian (texts, NULL);
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (prefs));
  mfc_test_ui_assert_icon_buttons_described (GTK_WIDGET (prefs));
  path = mfc_test_ui_screenshot (GTK_WIDGET (prefs), "preferences");
  g_test_message ("screenshot: %s", path);

  gtk_window_destroy (prefs);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  int ret;

  mfc_test_ui_init_russian (&argc, &argv);

  settings = g_settings_new (APP_ID);
  context = mfc_context_new (settings);

  g_test_add_func ("/preferences/server-address", test_server_address);
  g_test_add_func ("/preferences/lock-timeout", test_lock_timeout);
  g_test_add_func ("/preferences/ca-file", test_ca_file);
  g_test_add_func ("/preferences/russian", test_russian);

  ret = g_test_run ();
  g_clear_object (&context);
  return ret;
}
