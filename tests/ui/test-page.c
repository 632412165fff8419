/* test-page.c — MfcPage, the type every section is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mfc-page.h"
#include "mfc-spinner.h"
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

/* The spinner as drawn now: its pixels (RGBA, premultiplied), and how
 * many of them are not transparent. */
static GBytes *
draw_spinner (GtkWidget *spinner,
              guint     *painted)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (spinner);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (spinner);
  int height = gtk_widget_get_height (spinner);
  guchar *pixels = g_malloc0 ((gsize) width * height * 4);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  *painted = 0;
  if (node != NULL)
    {
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (spinner)), node,
                                             &GRAPHENE_RECT_INIT (0, 0, width, height));
      gdk_texture_download (texture, pixels, (gsize) width * 4);
    }
  for (int i = 0; i < width * height; i++)
    if (pixels[i * 4 + 3] > 0)
      (*painted)++;

  return g_bytes_new_take (pixels, (gsize) width * height * 4);
}

static gboolean
librsvg_loaded (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, "librsvg") != NULL;
}


/* MfcSpinner draws nothing while stopped, a turning arc while spinning
 * (a still one with animations off), and no icon: drawing it does not
 * load librsvg, as GtkSpinner's SVG icon does. */
static void
test_spinner (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *spinner = mfc_spinner_new ();
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) later = NULL;
  g_autoptr(GBytes) still = NULL;
  g_autoptr(GBytes) still_later = NULL;
  guint painted;

  g_assert_false (librsvg_loaded ());
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_window_set_child (GTK_WINDOW (window), spinner);
  gtk_window_present (GTK_WINDOW (window));
  mfc_test_ui_wait_mapped (spinner);
  mfc_test_ui_settle ();

  first = draw_spinner (spinner, &painted);
  g_assert_cmpuint (painted, ==, 0);

  mfc_spinner_start (MFC_SPINNER (spinner));
  g_assert_true (mfc_spinner_get_spinning (MFC_SPINNER (spinner)));
  mfc_test_ui_run_for (100);
  g_clear_pointer (&first, g_bytes_unref);
  first = draw_spinner (spinner, &painted);
  g_assert_cmpuint (painted, >, 32);
  mfc_test_ui_run_for (250);
  later = draw_spinner (spinner, &painted);
  g_assert_cmpuint (painted, >, 32);
  g_assert_false (g_bytes_equal (first, later));

  g_object_set (gtk_widget_get_settings (spinner), "gtk-enable-animations", FALSE, NULL);
  mfc_test_ui_run_for (50);
  still = draw_spinner (spinner, &painted);
  mfc_test_ui_run_for (250);
  still_later = draw_spinner (spinner, &painted);
  g_assert_cmpuint (painted, >, 32);
  g_assert_true (g_bytes_equal (still, still_later));
  g_object_set (gtk_widget_get_settings (spinner), "gtk-enable-animations", TRUE, NULL);

  g_object_set (spinner, "spinning", FALSE, NULL);
  g_clear_pointer (&later, g_bytes_unref);
  later = draw_spinner (spinner, &painted);
  g_assert_cmpuint (painted, ==, 0);

  g_assert_false (librsvg_loaded ());
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  mfc_test_ui_init_russian (&argc, &argv);

  g_test_add_func ("/page/context-and-active", test_context_and_active);
  g_test_add_func ("/page/actions-and-shortcuts", test_actions_and_shortcuts);
  g_test_add_func ("/page/spinner", test_spinner);

  return g_test_run ();
}
