/* test-window.c — the application shell, as a clerk meets it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-application.h"
#include "mfc-test-ui.h"
#include "mfc-test-window.h"
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

/* The sections are reached after login; training mode is the login a
 * trainer uses, against the real training server. */
static MfcWindow *
start_window (void)
{
  return mfc_test_ui_start_work_window (app, 60000);
}

static gboolean
section_is (gpointer data)
{
  SectionWait *wait = data;

  return g_strcmp0 (mfc_window_get_section (wait->window), wait->section) == 0;
}

/* The window's sections are exactly the table's, in its order. */
static const struct { const char *name, *title; } expected_sections[] = {
  { "intake", "Приём заявителя" },
  { "documents", "Документы" },
  { "booking", "Запись на приём" },
  { "tickets", "Обращения" },
};

static AdwViewStack *
sections_stack (MfcWindow *window)
{
  return ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), MFC_TYPE_WINDOW, "stack"));
}

static void
test_sections (void)
{
  MfcWindow *window = start_window ();
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (sections_stack (window));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (pages)), ==, G_N_ELEMENTS (expected_sections));
  for (guint i = 0; i < G_N_ELEMENTS (expected_sections); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, expected_sections[i].name);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, expected_sections[i].title);
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));

      /* Each section is a page built with the application's context. */
      g_assert_true (MFC_IS_PAGE (child));
      g_assert_true (mfc_page_get_context (MFC_PAGE (child)) == mfc_application_get_context (app));
      g_assert_true (mfc_window_get_section_page (window, expected_sections[i].name) == MFC_PAGE (child));
    }

  mfc_window_set_section (window, "intake");
  g_assert_cmpstr (mfc_window_get_section (window), ==, "intake");
}

typedef struct {
  MfcPage  *page;
  gboolean  active;
} ActiveWait;

static gboolean
active_is (gpointer data)
{
  ActiveWait *wait = data;

  return mfc_page_get_active (wait->page) == wait->active;
}

static void
wait_active (MfcPage  *page,
             gboolean  active)
{
  ActiveWait wait = { page, active };

  if (!mfc_test_ui_wait_for (active_is, &wait, 30000))
    g_error ("%s did not become %s", G_OBJECT_TYPE_NAME (page), active ? "active" : "inactive");
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* A page is told when the clerk starts and stops seeing it: on switching
 * sections and behind the lock screen. */
static void
test_page_told_when_shown (void)
{
  MfcWindow *window = start_window ();
  MfcSession *session = mfc_context_get_session (mfc_application_get_context (app));
  MfcPage *intake = mfc_window_get_section_page (window, "intake");
  MfcPage *tickets = mfc_window_get_section_page (window, "tickets");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint intake_changes = 0;
  guint tickets_changes = 0;

  mfc_window_set_section (window, "intake");
  wait_active (intake, TRUE);
  g_assert_false (mfc_page_get_active (tickets));
  g_signal_connect_swapped (intake, "notify::active", G_CALLBACK (count_cb), &intake_changes);
  g_signal_connect_swapped (tickets, "notify::active", G_CALLBACK (count_cb), &tickets_changes);

  mfc_window_set_section (window, "tickets");
  wait_active (tickets, TRUE);
  g_assert_false (mfc_page_get_active (intake));
  g_assert_cmpuint (intake_changes, ==, 1);
  g_assert_cmpuint (tickets_changes, ==, 1);

  /* Behind the lock screen no section is seen… */
  mfc_session_lock (session);
  wait_active (tickets, FALSE);
  g_assert_false (mfc_page_get_active (intake));

  /* …and the same one comes back after the unlock. */
  mfc_session_login_async (session, mfc_session_get_login (session), "demo", NULL, NULL,
                           mfc_test_ui_result_cb, &result);
  mfc_test_ui_wait_result (&result, "the unlock");
  g_assert_true (mfc_session_login_finish (session, result, &error));
  g_assert_no_error (error);
  wait_active (tickets, TRUE);
  g_assert_cmpuint (tickets_changes, ==, 3);
  g_assert_cmpuint (intake_changes, ==, 1);

  g_signal_handlers_disconnect_by_data (intake, &intake_changes);
  g_signal_handlers_disconnect_by_data (tickets, &tickets_changes);
  mfc_window_set_section (window, "intake");
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
  /* Ticket numbers (data, «MFC-2026-000123») are Latin in every language. */
  {
    static const char * const numbers[] = { "MFC-", NULL };

    mfc_test_ui_assert_russian (texts, numbers);
  }
  mfc_test_ui_assert_icon_buttons_described (GTK_WIDGET (window));

  /* Dark style follows the system: the app forces no colour scheme. */
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()),
                   ==, ADW_COLOR_SCHEME_DEFAULT);

  for (guint i = 0; i < G_N_ELEMENTS (expected_sections); i++)
    {
      g_autofree char *name = g_strconcat ("section-", expected_sections[i].name, NULL);
      g_autofree char *section_path = NULL;

      mfc_window_set_section (window, expected_sections[i].name);
      mfc_test_ui_settle ();
      mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));
      section_path = mfc_test_ui_screenshot (GTK_WIDGET (window), name);
      g_test_message ("screenshot: %s", section_path);
    }

  mfc_window_set_section (window, "intake");
  mfc_test_ui_settle ();
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "main-window");
  g_test_message ("screenshot: %s", path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *found)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_shortcuts (c, found);
}

static void
test_help_overlay_lists_shortcuts (void)
{
  MfcWindow *window = start_window ();
  GtkShortcutsWindow *overlay;
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  g_autoptr(GString) listed = g_string_new (NULL);
  guint section = 0;

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  collect_shortcuts (GTK_WIDGET (overlay), shortcuts);

  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *title = NULL;
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autofree char *canonical = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i), "action-name", &action, "title", &title, NULL);
      if (action == NULL)
        continue;
      g_assert_true (g_action_parse_detailed_name (action, &name, &target, NULL));
      canonical = g_action_print_detailed_name (name, target);
      g_string_append_printf (listed, "|%s|", canonical);

      /* The sections are listed in the table's order, by their titles. */
      if (g_strcmp0 (name, "win.section") == 0)
        {
          g_assert_cmpuint (section, <, G_N_ELEMENTS (expected_sections));
          g_assert_cmpstr (g_variant_get_string (target, NULL), ==, expected_sections[section].name);
          g_assert_cmpstr (title, ==, expected_sections[section].title);
          section++;
        }
    }
  g_assert_cmpuint (section, ==, G_N_ELEMENTS (expected_sections));

  /* The shortcuts window as the clerk opens it: Russian, nothing clipped. */
  {
    g_autoptr(GPtrArray) texts = NULL;
    g_autofree char *path = NULL;

    g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
    mfc_test_ui_wait_mapped (GTK_WIDGET (overlay));
    texts = mfc_test_ui_collect_texts (GTK_WIDGET (overlay));
    mfc_test_ui_assert_russian (texts, NULL);
    mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (overlay));
    path = mfc_test_ui_screenshot (GTK_WIDGET (overlay), "shortcuts");
    g_test_message ("screenshot: %s", path);
    gtk_widget_set_visible (GTK_WIDGET (overlay), FALSE);
  }

  /* Every accelerator the application sets is listed in the shortcuts
   * window; a new shortcut without an entry there fails here. */
  for (guint i = 0; actions[i]; i++)
    {
      g_autofree char *needle = g_strdup_printf ("|%s|", actions[i]);
      if (strstr (listed->str, needle) == NULL)
        g_error ("Shortcut for %s is not in the shortcuts window", actions[i]);
    }
  g_assert_cmpuint (g_strv_length (actions), >=, 7);

  /* Ctrl+1… follow the table. */
  for (guint i = 0; i < G_N_ELEMENTS (expected_sections); i++)
    {
      g_autofree char *action = g_strdup_printf ("win.section('%s')", expected_sections[i].name);
      g_autofree char *accel = g_strdup_printf ("<Control>%u", i + 1);
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

      g_assert_cmpuint (g_strv_length (accels), ==, 1);
      g_assert_cmpstr (accels[0], ==, accel);
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
  g_test_add_func ("/window/page-told-when-shown", test_page_told_when_shown);
  g_test_add_func ("/window/shortcuts-switch-sections", test_shortcuts_switch_sections);
  g_test_add_func ("/window/russian-and-not-clipped", test_russian_and_not_clipped);
  g_test_add_func ("/window/help-overlay-lists-shortcuts", test_help_overlay_lists_shortcuts);
  g_test_add_func ("/window/size-comes-back", test_window_size_comes_back);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
