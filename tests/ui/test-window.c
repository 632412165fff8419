/* test-window.c — the application shell, as a clerk meets it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-application.h"
#include "mfc-test-ui.h"
#include "mfc-window.h"

typedef struct {
  MfcWindow  *window;
  const char *section;
} SectionWait;

static MfcApplication *app;

static MfcWindow *
main_window (void)
{
  return (MfcWindow *) mfc_test_ui_find_window (GTK_APPLICATION (app), MFC_TYPE_WINDOW);
}

static gboolean
page_is_work (gpointer data)
{
  return g_strcmp0 (mfc_window_get_page (data), "work") == 0;
}

/* The sections are reached after login; training mode is the login a
 * trainer uses, against the real training server. */
static MfcWindow *
start_window (void)
{
  MfcWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = main_window ();
  g_assert_nonnull (window);
  mfc_test_ui_wait_mapped (GTK_WIDGET (window));

  if (!page_is_work (window))
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "training", NULL);
      g_assert_true (mfc_test_ui_wait_for (page_is_work, window, 60000));
      mfc_test_ui_settle ();
    }
  return window;
}

static gboolean
section_is (gpointer data)
{
  SectionWait *wait = data;

  return g_strcmp0 (mfc_window_get_section (wait->window), wait->section) == 0;
}

static void
test_sections (void)
{
  static const struct { const char *name, *title; } expected[] = {
    { "intake", "Приём заявителя" },
    { "documents", "Документы" },
    { "booking", "Запись на приём" },
    { "tickets", "Обращения" },
  };
  MfcWindow *window = start_window ();
  AdwViewStack *stack;

  stack = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), MFC_TYPE_WINDOW, "stack"));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, expected[i].name);
      AdwViewStackPage *page;

      g_assert_nonnull (child);
      page = adw_view_stack_get_page (stack, child);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, expected[i].title);
    }
  g_assert_cmpstr (mfc_window_get_section (window), ==, "intake");
}

static void
test_shortcuts_switch_sections (void)
{
  static const struct { const char *keys, *section; } presses[] = {
    { "ctrl+2", "documents" },
    { "ctrl+3", "booking" },
    { "ctrl+4", "tickets" },
    { "ctrl+1", "intake" },
    { "ctrl+4", "tickets" },
  };
  MfcWindow *window = start_window ();

  for (guint i = 0; i < G_N_ELEMENTS (presses); i++)
    {
      SectionWait wait = { window, presses[i].section };

      mfc_test_ui_press_keys (presses[i].keys);
      if (!mfc_test_ui_wait_for (section_is, &wait, 5000))
        g_error ("%s showed “%s”, expected “%s”", presses[i].keys,
                 mfc_window_get_section (window), presses[i].section);
    }

  /* The action's state follows the visible section, so the shortcuts
   * window and menus agree with what is shown. */
  {
    g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), "section");
    g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "tickets");
  }
  mfc_window_set_section (window, "intake");
}

static void
test_russian_and_not_clipped (void)
{
  MfcWindow *window = start_window ();
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *path = NULL;

  /* Training mode is always announced, in the clerk's words. */
  {
    GtkWidget *banner = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), MFC_TYPE_WINDOW, "training_banner"));
    g_autoptr(GPtrArray) banner_texts = mfc_test_ui_collect_texts (banner);
    gboolean found = FALSE;

    g_assert_true (gtk_widget_get_mapped (banner));
    for (guint i = 0; i < banner_texts->len; i++)
      found |= g_strcmp0 (g_ptr_array_index (banner_texts, i), "Учебный режим — данные вымышленные") == 0;
    g_assert_true (found);
  }

  texts = mfc_test_ui_collect_texts (GTK_WIDGET (window));
  mfc_test_ui_assert_russian (texts, NULL);
  mfc_test_ui_assert_icon_buttons_described (GTK_WIDGET (window));

  /* Dark style follows the system: the app forces no colour scheme. */
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()),
                   ==, ADW_COLOR_SCHEME_DEFAULT);

  for (guint i = 0; i < 4; i++)
    {
      static const char *names[] = { "intake", "documents", "booking", "tickets" };

      mfc_window_set_section (window, names[i]);
      mfc_test_ui_settle ();
      mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));
    }

  mfc_window_set_section (window, "intake");
  mfc_test_ui_settle ();
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "main-window");
  g_test_message ("screenshot: %s", path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_help_overlay_lists_shortcuts (void)
{
  MfcWindow *window = start_window ();
  GtkShortcutsWindow *overlay;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);

  /* Every accelerator the application sets is listed in the shortcuts
   * window; a new shortcut without an entry there fails here. */
  {
    g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
    GtkBuilder *builder = gtk_builder_new_from_resource (RESOURCE_BASE "/gtk/help-overlay.ui");
    g_autoptr(GString) listed = g_string_new (NULL);
    GObject *root = gtk_builder_get_object (builder, "help_overlay");
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, root);
    while (stack->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

        if (GTK_IS_SHORTCUTS_SHORTCUT (w))
          {
            g_autofree char *action = NULL;
            g_object_get (w, "action-name", &action, NULL);
            if (action != NULL)
              {
                g_autofree char *name = NULL;
                g_autoptr(GVariant) target = NULL;
                g_autofree char *canonical = NULL;

                g_assert_true (g_action_parse_detailed_name (action, &name, &target, NULL));
                canonical = g_action_print_detailed_name (name, target);
                g_string_append_printf (listed, "|%s|", canonical);
              }
          }
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (stack, c);
      }

    for (guint i = 0; actions[i]; i++)
      {
        g_autofree char *needle = g_strdup_printf ("|%s|", actions[i]);
        if (strstr (listed->str, needle) == NULL)
          g_error ("Shortcut for %s is not in the shortcuts window", actions[i]);
      }
    g_assert_cmpuint (g_strv_length (actions), >=, 7);
    gtk_window_destroy (GTK_WINDOW (root));
    g_object_unref (builder);
  }
}

static void
test_window_size_comes_back (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  MfcWindow *window;
  int width, height;

  /* Close the window of earlier tests: a new one reads the settings. */
  window = main_window ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));

  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 640);

  window = start_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  gtk_window_set_default_size (GTK_WINDOW (window), 1010, 700);
  mfc_test_ui_settle ();
  gtk_window_close (GTK_WINDOW (window));
  mfc_test_ui_settle ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1010);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  mfc_test_ui_init_russian (&argc, &argv);

  app = mfc_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/window/sections", test_sections);
  g_test_add_func ("/window/shortcuts-switch-sections", test_shortcuts_switch_sections);
  g_test_add_func ("/window/russian-and-not-clipped", test_russian_and_not_clipped);
  g_test_add_func ("/window/help-overlay-lists-shortcuts", test_help_overlay_lists_shortcuts);
  g_test_add_func ("/window/size-comes-back", test_window_size_comes_back);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
