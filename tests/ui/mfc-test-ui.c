/* mfc-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "mfc-test-ui.h"

/* Runs the test under the Russian locale with the build tree's catalogue,
 * the way a clerk's desktop runs the installed application. */
void
mfc_test_ui_init_russian (int    *argc,
                          char ***argv)
{
  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @condition holds; FALSE if it did not
 * within @timeout_ms (a guard against hanging, not a speed check). */
gboolean
mfc_test_ui_wait_for (MfcTestCondition condition,
                      gpointer         data,
                      guint            timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return condition (data);
}

/* As mfc_test_ui_wait_for(), but a timeout fails the test, saying what
 * was awaited. */
void
mfc_test_ui_wait_until (MfcTestCondition  condition,
                        gpointer          data,
                        guint             timeout_ms,
                        const char       *what)
{
  if (!mfc_test_ui_wait_for (condition, data, timeout_ms))
    g_error ("Waited %u ms in vain for %s", timeout_ms, what);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

void
mfc_test_ui_wait_mapped (GtkWidget *widget)
{
  mfc_test_ui_wait_until (is_mapped, widget, 10000, G_OBJECT_TYPE_NAME (widget));
  mfc_test_ui_settle ();
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

/* Runs the main loop for @ms, whatever happens meanwhile. */
void
mfc_test_ui_run_for (guint ms)
{
  mfc_test_ui_wait_for (never, NULL, ms);
}

/* Lets layout, frame clock and pending X events run for a moment; never
 * a proof that something did not happen. */
void
mfc_test_ui_settle (void)
{
  mfc_test_ui_run_for (300);
}

/* Real key presses through the X server (XTest), so accelerators are
 * tested the way a clerk triggers them. */
void
mfc_test_ui_press_keys (const char *keys)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  int status = 0;

  /* Without a window manager, keyboard focus follows the pointer. */
  command = g_strdup_printf ("xdotool mousemove 200 200 key --clearmodifiers %s", keys);
  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

typedef struct {
  GtkWindow *window;
  GtkWidget *before;
} FocusWait;

static gboolean
focus_moved (gpointer data)
{
  FocusWait *wait = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (wait->window));

  return focus != NULL && focus != wait->before;
}

/* Presses @keys in @window and waits for the focus to move (Tab,
 * Shift+Tab), failing if it does not. */
void
mfc_test_ui_press_keys_moving_focus (GtkWindow  *window,
                                     const char *keys)
{
  FocusWait wait = { window, gtk_root_get_focus (GTK_ROOT (window)) };
  g_autofree char *what = g_strdup_printf ("%s to move the focus", keys);

  mfc_test_ui_press_keys (keys);
  mfc_test_ui_wait_until (focus_moved, &wait, 5000, what);
}

/* Keeps the result of an async call in the GAsyncResult * @user_data
 * points at. */
void
mfc_test_ui_result_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Waits for mfc_test_ui_result_cb() to fill @slot; the result stays
 * owned by @slot. */
GAsyncResult *
mfc_test_ui_wait_result (GAsyncResult **slot,
                         const char    *what)
{
  mfc_test_ui_wait_until (has_result, slot, 60000, what);
  return *slot;
}

/* A named object of @widget's template for @type; fails if none. */
gpointer
mfc_test_ui_template_child (GtkWidget  *widget,
                            GType       type,
                            const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  if (object == NULL)
    g_error ("%s has no template child “%s”", g_type_name (type), name);
  return object;
}

static void
run (const char *command)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Real key presses for @text.  Letters outside the US keymap go as
 * keysyms (xdotool maps a spare keycode for each); xdotool's "type"
 * loses them under Xvfb. */
void
mfc_test_ui_type_text (const char *text)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autofree char *quoted = NULL;
  g_autofree char *command = NULL;

  if (!g_str_is_ascii (text))
    {
      /* The Russian layout, as at a real desk; GTK reads the new keymap
       * before the keys come. */
      run ("setxkbmap -layout ru");
      mfc_test_ui_settle ();
      for (const char *p = text; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_string_append_printf (keys, "%s%s", keys->len ? " " : "",
                                  c == ' ' ? "space" : gdk_keyval_name (gdk_unicode_to_keyval (c)));
        }
      mfc_test_ui_press_keys (keys->str);
      mfc_test_ui_settle ();
      run ("setxkbmap -layout us");
      mfc_test_ui_settle ();
      return;
    }

  quoted = g_shell_quote (text);
  command = g_strdup_printf ("xdotool mousemove 200 200 type --clearmodifiers --delay 15 %s", quoted);
  run (command);
  mfc_test_ui_settle ();
}

typedef struct {
  const char *path;
  const char *needle;
} FileWait;

static gboolean
file_contains (gpointer data)
{
  FileWait *wait = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (wait->path, &contents, NULL, NULL) &&
         strstr (contents, wait->needle) != NULL;
}

/* Waits until the file at @path exists and holds @needle (a file another
 * part writes in its own time, a draft say). */
void
mfc_test_ui_wait_file_contains (const char *path,
                                const char *needle,
                                guint       timeout_ms,
                                const char *what)
{
  FileWait wait = { path, needle };

  mfc_test_ui_wait_until (file_contains, &wait, timeout_ms, what);
}

static void
add_text (GPtrArray  *texts,
          const char *text)
{
  if (text != NULL && text[0] != '\0')
    g_ptr_array_add (texts, g_strdup (text));
}

static void
collect_menu_texts (GPtrArray  *texts,
                    GMenuModel *model)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuLinkIter) iter = NULL;
      const char *link_name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        add_text (texts, label);

      iter = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_get_next (iter, &link_name, &link))
        {
          collect_menu_texts (texts, link);
          g_object_unref (link);
        }
    }
}

static void
collect (GPtrArray *texts,
         GtkWidget *widget)
{
  /* Keycaps in the shortcuts window read as printed on the keys. */
  if (GTK_IS_SHORTCUT_LABEL (widget))
    return;

  add_text (texts, gtk_widget_get_tooltip_text (widget));

  /* Accelerators read "Ctrl+Q" in every language. */
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_widget_get_css_name (widget), "accelerator") != 0)
    add_text (texts, gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_WINDOW (widget))
    add_text (texts, gtk_window_get_title (GTK_WINDOW (widget)));
  else if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    collect_menu_texts (texts, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));
  else if (ADW_IS_VIEW_STACK (widget))
    {
      g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (ADW_VIEW_STACK (widget));

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
        {
          g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
          add_text (texts, adw_view_stack_page_get_title (page));
        }
    }
  else if (ADW_IS_STATUS_PAGE (widget))
    {
      add_text (texts, adw_status_page_get_title (ADW_STATUS_PAGE (widget)));
      add_text (texts, adw_status_page_get_description (ADW_STATUS_PAGE (widget)));
    }
  else if (ADW_IS_PREFERENCES_ROW (widget))
    add_text (texts, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));

  if (ADW_IS_ACTION_ROW (widget))
    add_text (texts, adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      add_text (texts, adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)));
      add_text (texts, adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (texts, child);
}

/* Every text a clerk can read in @root: labels, titles, tooltips, menus,
 * including pages of stacks that are not showing now. */
GPtrArray *
mfc_test_ui_collect_texts (GtkWidget *root)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect (texts, root);
  return texts;
}

static gboolean
has_latin_letter (const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isalpha (*p))
      return TRUE;
  return FALSE;
}

/* A text is Russian if it has no Latin letters at all, apart from the
 * @allowed fragments (addresses, file names, ГОСТ codes). */
static void
blank_out (char       *text,
           const char *fragment)
{
  char *found;

  while ((found = strstr (text, fragment)) != NULL)
    memset (found, ' ', strlen (fragment));
}

void
mfc_test_ui_assert_russian (GPtrArray          *texts,
                            const char * const *allowed)
{
  /* What stays Latin in Russian text too: key names, as printed on the
   * keys, and the names of file formats. */
  static const char * const key_names[] = { "Caps Lock", "Enter", "Delete", "PDF", "JPEG", "PNG", "DOCX", NULL };

  /* Accelerators ("Ctrl+P", "Ctrl+Shift+Enter") read so in every language. */
  g_autoptr(GRegex) accelerator = g_regex_new ("\\b(Ctrl|Shift|Alt)(\\+[^\\s+()]+)+", 0, 0, NULL);
  guint checked = 0;

  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *text = g_regex_replace_literal (accelerator, g_ptr_array_index (texts, i),
                                                       -1, 0, " ", 0, NULL);

      for (guint j = 0; key_names[j] != NULL; j++)
        blank_out (text, key_names[j]);
      for (guint j = 0; allowed != NULL && allowed[j] != NULL; j++)
        blank_out (text, allowed[j]);

      if (has_latin_letter (text))
        g_error ("Not translated into Russian: “%s”", (char *) g_ptr_array_index (texts, i));
      checked++;
    }

  g_assert_cmpuint (checked, >, 0);
}

static void
check_ellipsized (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (widget));

      if (pango_layout_is_ellipsized (layout))
        g_error ("Label clipped: “%s”", gtk_label_get_text (GTK_LABEL (widget)));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_ellipsized (child);
}

void
mfc_test_ui_assert_no_ellipsized_labels (GtkWidget *root)
{
  check_ellipsized (root);
}

static guint
check_icon_buttons (GtkWidget *widget)
{
  guint checked = 0;

  /* Our own buttons are the ones named in our templates. */
  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)) &&
      GTK_IS_BUILDABLE (widget) &&
      gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) != NULL)
    {
      g_autofree char *icon = NULL;
      g_autofree char *label = NULL;

      g_object_get (widget, "icon-name", &icon, "label", &label, NULL);
      if (icon != NULL && (label == NULL || label[0] == '\0'))
        {
          const char *tooltip = gtk_widget_get_tooltip_text (widget);

          if (tooltip == NULL || tooltip[0] == '\0')
            g_error ("Icon-only button “%s” has no tooltip",
                     gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)));
          checked++;
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    checked += check_icon_buttons (child);

  return checked;
}

/* Every icon-only button says what it does: a tooltip for the eye, and
 * the accessible label set next to it in the template for screen
 * readers (GTK 4.8 cannot read that one back). */
void
mfc_test_ui_assert_icon_buttons_described (GtkWidget *root)
{
  g_assert_cmpuint (check_icon_buttons (root), >, 0);
}

/* The application's window of @type, or %NULL. */
GtkWindow *
mfc_test_ui_find_window (GtkApplication *app,
                         GType           type)
{
  for (GList *l = gtk_application_get_windows (app); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

/* Renders @window as the clerk sees it into
 * TEST_BUILD_DIR/screenshots/NAME.png and returns the path. */
char *
mfc_test_ui_screenshot (GtkWidget  *window,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (TEST_BUILD_DIR, "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  GskRenderer *renderer;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* The paintable shows the last frame drawn: wait for one. */
  for (guint i = 0; i < 50 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) attempt = gtk_snapshot_new ();

      gtk_widget_queue_draw (window);
      mfc_test_ui_run_for (50);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (attempt), width, height);
      node = gtk_snapshot_to_node (attempt);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (gdk_texture_save_to_png (texture, path));

  return path;
}
