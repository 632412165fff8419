/* test-page.c — MfcPage, the type every section is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-page.h"
#include "mfc-test-ui.h"

/* A section as a feature folder would write it. */
#define TEST_TYPE_PAGE (test_page_get_type ())
G_DECLARE_FINAL_TYPE (TestPage, test_page, TEST, PAGE, MfcPage)

struct _TestPage
{
  MfcPage parent_instance;
  guint   shown;
  guint   hidden;
  guint   pinged;
};

G_DEFINE_FINAL_TYPE (TestPage, test_page, MFC_TYPE_PAGE)

static void
test_page_shown (MfcPage *page)
{
  TEST_PAGE (page)->shown++;
}

static void
test_page_hidden (MfcPage *page)
{
  TEST_PAGE (page)->hidden++;
}

static void
ping_cb (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  TEST_PAGE (user_data)->pinged++;
}

static void
test_page_add_actions (MfcPage               *page,
                       GActionMap            *actions,
                       GtkShortcutController *shortcuts)
{
  static const GActionEntry entries[] = { { "test-ping", ping_cb } };
  static const MfcPageShortcut keys[] = { { "<Control>t", "win.test-ping" } };

  mfc_page_install_actions (page, actions, shortcuts,
                            entries, G_N_ELEMENTS (entries), keys, G_N_ELEMENTS (keys));
}

static void
test_page_class_init (TestPageClass *klass)
{
  MfcPageClass *page_class = MFC_PAGE_CLASS (klass);

  page_class->shown = test_page_shown;
  page_class->hidden = test_page_hidden;
  page_class->add_actions = test_page_add_actions;
}

static void
test_page_init (TestPage *self)
{
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_context_and_active (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  TestPage *page = g_object_ref_sink (g_object_new (TEST_TYPE_PAGE, "context", context, NULL));
  guint notified = 0;

  /* The context comes from the base class, once. */
  g_assert_true (mfc_page_get_context (MFC_PAGE (page)) == context);
  g_assert_false (mfc_page_get_active (MFC_PAGE (page)));

  g_signal_connect_swapped (page, "notify::active", G_CALLBACK (count_cb), &notified);
  mfc_page_set_active (MFC_PAGE (page), TRUE);
  mfc_page_set_active (MFC_PAGE (page), TRUE);
  g_assert_true (mfc_page_get_active (MFC_PAGE (page)));
  g_assert_cmpuint (page->shown, ==, 1);
  g_assert_cmpuint (page->hidden, ==, 0);
  g_assert_cmpuint (notified, ==, 1);

  mfc_page_set_active (MFC_PAGE (page), FALSE);
  g_assert_cmpuint (page->shown, ==, 1);
  g_assert_cmpuint (page->hidden, ==, 1);
  g_assert_cmpuint (notified, ==, 2);

  g_object_unref (page);
}

static gboolean
pinged (gpointer data)
{
  return TEST_PAGE (data)->pinged > 0;
}

/* A page's actions and shortcuts join the window's, working only while
 * the page is seen: a real Ctrl+T in the window runs the page's action. */
static void
test_actions_and_shortcuts (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MfcContext) context = mfc_context_new (settings);
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.mfcdesk.MfcDesk.TestPage",
                                                        G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  GtkWidget *window;
  TestPage *page;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = gtk_application_window_new (app);
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));
  page = g_object_new (TEST_TYPE_PAGE, "context", context, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));

  mfc_page_add_actions (MFC_PAGE (page), G_ACTION_MAP (window), shortcuts);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "test-ping"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shortcuts)), ==, 1);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "test-ping"));

  mfc_page_set_active (MFC_PAGE (page), TRUE);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "test-ping"));
  gtk_window_present (GTK_WINDOW (window));
  mfc_test_ui_wait_mapped (window);
  mfc_test_ui_press_keys ("ctrl+t");
  mfc_test_ui_wait_until (pinged, page, 10000, "Ctrl+T to run the page's action");

  mfc_page_set_active (MFC_PAGE (page), FALSE);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "test-ping"));
  mfc_page_set_action_enabled (MFC_PAGE (page), "test-ping", TRUE);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "test-ping"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  mfc_test_ui_init_russian (&argc, &argv);

  g_test_add_func ("/page/context-and-active", test_context_and_active);
  g_test_add_func ("/page/actions-and-shortcuts", test_actions_and_shortcuts);

  return g_test_run ();
}
