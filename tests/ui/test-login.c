/* test-login.c — logging in, out, locking and training mode, through the
 * widgets, against the training server the application starts itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "mfc-application.h"
#include "mfc-test-ui.h"
#include "mfc-window.h"

static MfcApplication *app;

static MfcWindow *
main_window (void)
{
  return (MfcWindow *) mfc_test_ui_find_window (GTK_APPLICATION (app), MFC_TYPE_WINDOW);
}

typedef struct {
  MfcWindow  *window;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (mfc_window_get_page (wait->window), wait->page) == 0;
}

static void
wait_page (MfcWindow  *window,
           const char *page)
{
  PageWait wait = { window, page };

  if (!mfc_test_ui_wait_for (page_is, &wait, 60000))
    g_error ("The window shows “%s”, expected “%s”", mfc_window_get_page (window), page);
  mfc_test_ui_settle ();
}

static gpointer
login_child (MfcWindow  *window,
             const char *name)
{
  return mfc_test_ui_template_child (GTK_WIDGET (mfc_window_get_login_page (window)),
                                     MFC_TYPE_LOGIN_PAGE, name);
}

static gpointer
lock_child (MfcWindow  *window,
            const char *name)
{
  return mfc_test_ui_template_child (GTK_WIDGET (mfc_window_get_lock_screen (window)),
                                     MFC_TYPE_LOCK_SCREEN, name);
}

static gboolean
label_visible (gpointer data)
{
  return gtk_widget_get_visible (data) && gtk_label_get_text (data)[0] != '\0';
}

static void
wait_message (GtkLabel   *label,
              const char *expected)
{
  mfc_test_ui_wait_until (label_visible, label, 30000, "a message");
  if (expected != NULL)
    g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
}

static void
type_login (MfcWindow  *window,
            const char *server,
            const char *login,
            const char *password)
{
  if (server != NULL)
    gtk_editable_set_text (login_child (window, "server_row"), server);
  gtk_editable_set_text (login_child (window, "login_row"), login);
  gtk_editable_set_text (login_child (window, "password_row"), password);
}

static const char *
training_url (void)
{
  MfcTrainingMode *training = mfc_application_get_training_mode (app);

  g_assert_nonnull (training);
  return mfc_training_mode_get_base_url (training);
}

static MfcContext *
context (void)
{
  return mfc_application_get_context (app);
}

/* Each test sets up what it needs from these, so that any one runs alone
 * or in any order (-p). */

static MfcWindow *
show_window (void)
{
  MfcWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = main_window ();
  g_assert_nonnull (window);
  mfc_test_ui_wait_mapped (GTK_WIDGET (window));
  return window;
}

static void
logout (MfcWindow *window)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "logout", NULL);
  wait_page (window, "login");
}

/* The login page, logged out, with no code step or message left over. */
static MfcWindow *
show_login_page (void)
{
  MfcWindow *window = show_window ();

  if (g_strcmp0 (mfc_window_get_page (window), "login") != 0)
    logout (window);
  mfc_login_flow_cancel (mfc_context_get_login_flow (context ()));
  return window;
}

/* The training server runs and the context points at it. */
static MfcWindow *
ensure_training (void)
{
  MfcWindow *window = show_window ();
  MfcTrainingMode *training = mfc_application_get_training_mode (app);

  if (training == NULL || mfc_training_mode_get_base_url (training) == NULL ||
      !mfc_context_get_training (context ()))
    {
      if (g_strcmp0 (mfc_window_get_page (window), "login") != 0)
        logout (window);
      g_action_group_activate_action (G_ACTION_GROUP (app), "training", NULL);
      wait_page (window, "work");
    }
  return window;
}

/* Logged in to the training server through the login page. */
static MfcWindow *
login_as (const char *login)
{
  MfcWindow *window = ensure_training ();

  show_login_page ();
  type_login (window, training_url (), login, "demo");
  mfc_login_page_submit (mfc_window_get_login_page (window));
  wait_page (window, "work");
  return window;
}

static void
test_login_page_first (void)
{
  MfcWindow *window = show_login_page ();
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *path = NULL;

  /* Logged out (at the first start: no service set and nothing in the
   * keyring): the login page, and the sections cannot be reached by their
   * shortcuts. */
  g_assert_cmpstr (mfc_window_get_page (window), ==, "login");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "section"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "lock"));

  texts = mfc_test_ui_collect_texts (GTK_WIDGET (mfc_window_get_login_page (window)));
  mfc_test_ui_assert_russian (texts, NULL);
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "login");
  g_test_message ("screenshot: %s", path);
}

static gboolean
focus_within (GPtrArray *focused,
              GtkWidget *target)
{
  for (guint i = 0; i < focused->len; i++)
    if (g_ptr_array_index (focused, i) == target ||
        gtk_widget_is_ancestor (g_ptr_array_index (focused, i), target))
      return TRUE;
  return FALSE;
}

/* The main menu's button (F10), not the outbox's */
static GtkWidget *
find_main_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_main_menu (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
flow_idle (gpointer data)
{
  return !mfc_login_flow_get_busy (data);
}

/* The login page as at the first start: a new window (a GtkListBox enters
 * at the row focused last), nothing typed, the cursor in the first field. */
static MfcWindow *
fresh_login_page (void)
{
  MfcWindow *window = show_login_page ();

  gtk_window_destroy (GTK_WINDOW (window));
  window = show_login_page ();
  mfc_test_ui_wait_until (flow_idle, mfc_context_get_login_flow (context ()), 60000,
                          "the login page to stop being busy");
  type_login (window, "", "", "");
  gtk_widget_grab_focus (GTK_WIDGET (mfc_window_get_login_page (window)));
  mfc_test_ui_settle ();
  return window;
}

/* Real presses of @keys round the whole window; each one moves the
 * focus.  Every field and button of the login page and the main menu
 * are reached. */
static void
assert_keys_reach_everything (MfcWindow  *window,
                              const char *keys)
{
  g_autoptr(GPtrArray) focused = g_ptr_array_new ();
  const char *targets[] = { "server_row", "login_row", "password_row",
                            "login_button", "training_button" };
  GtkWidget *menu_button;

  for (guint i = 0; i < 24; i++)
    {
      mfc_test_ui_press_keys_moving_focus (GTK_WINDOW (window), keys);
      g_ptr_array_add (focused, gtk_root_get_focus (GTK_ROOT (window)));
    }

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (!focus_within (focused, login_child (window, targets[i])))
      g_error ("%s never reaches %s", keys, targets[i]);

  menu_button = find_main_menu (GTK_WIDGET (window));
  g_assert_nonnull (menu_button);
  g_assert_true (focus_within (focused, menu_button));
}

static void
test_keyboard_reaches_everything (void)
{
  MfcWindow *window = fresh_login_page ();

  assert_keys_reach_everything (window, "Tab");
}

/* The address and login kept from last time: the cursor starts in the
 * password, and Tab (not only Shift+Tab) still comes round to the
 * address and the login; the list of fields used to take the focus back
 * to the password each time. */
static void
test_keyboard_with_filled_fields (void)
{
  MfcWindow *window = fresh_login_page ();
  GtkWidget *password = login_child (window, "password_row");

  type_login (window, "http://127.0.0.1:9", "clerk", "");
  gtk_widget_grab_focus (GTK_WIDGET (mfc_window_get_login_page (window)));
  mfc_test_ui_settle ();
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), password));

  assert_keys_reach_everything (window, "Tab");

  gtk_widget_grab_focus (GTK_WIDGET (mfc_window_get_login_page (window)));
  mfc_test_ui_settle ();
  assert_keys_reach_everything (window, "shift+Tab");
  type_login (window, "", "", "");
}

/* The application reports through the context's login flow; the page
 * shows whatever the flow says. */
static void
test_page_shows_the_flow (void)
{
  MfcWindow *window = show_login_page ();
  MfcLoginFlow *flow = mfc_context_get_login_flow (context ());

  mfc_login_flow_begin (flow);
  g_assert_false (gtk_widget_get_sensitive (login_child (window, "login_button")));
  g_assert_false (gtk_widget_get_sensitive (login_child (window, "training_button")));
  g_assert_true (gtk_widget_get_visible (login_child (window, "spinner")));

  mfc_login_flow_end (flow, "Учебный режим не запустился: нет места на диске");
  g_assert_true (gtk_widget_get_sensitive (login_child (window, "login_button")));
  g_assert_false (gtk_widget_get_visible (login_child (window, "spinner")));
  wait_message (login_child (window, "message_label"), "Учебный режим не запустился: нет места на диске");
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));

  mfc_login_flow_cancel (flow);
  g_assert_false (gtk_widget_get_visible (login_child (window, "message_label")));
}

static void
test_training_button (void)
{
  MfcWindow *window = show_login_page ();
  GtkWidget *banner;

  g_signal_emit_by_name (login_child (window, "training_button"), "clicked");
  wait_page (window, "work");

  banner = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), MFC_TYPE_WINDOW, "training_banner"));
  g_assert_true (gtk_widget_get_mapped (banner));
  g_assert_true (mfc_context_get_training (mfc_application_get_context (app)));
  g_assert_cmpstr (mfc_session_get_login (mfc_context_get_session (mfc_application_get_context (app))), ==, "clerk");
  g_assert_nonnull (training_url ());
}

static void
test_wrong_password (void)
{
  MfcWindow *window = ensure_training ();
  g_autofree char *path = NULL;

  show_login_page ();
  type_login (window, training_url (), "clerk", "not-the-password");

  /* Enter in the password field logs in, as a clerk would press it. */
  gtk_widget_grab_focus (login_child (window, "password_row"));
  mfc_test_ui_settle ();
  mfc_test_ui_press_keys ("Return");

  wait_message (login_child (window, "message_label"), "Неверный логин, пароль или одноразовый код.");
  g_assert_cmpstr (mfc_window_get_page (window), ==, "login");
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "login-wrong-password");
  g_test_message ("screenshot: %s", path);
}

static void
test_one_time_code (void)
{
  MfcWindow *window = ensure_training ();
  GtkWidget *otp_row = login_child (window, "otp_row");

  show_login_page ();
  g_assert_false (gtk_widget_get_visible (otp_row));
  type_login (window, training_url (), "clerk2fa", "demo");
  mfc_login_page_submit (mfc_window_get_login_page (window));
  wait_message (login_child (window, "message_label"), "Введите одноразовый код для этой учётной записи.");
  g_assert_true (gtk_widget_get_visible (otp_row));

  gtk_editable_set_text (GTK_EDITABLE (otp_row), "000000");
  mfc_login_page_submit (mfc_window_get_login_page (window));
  wait_page (window, "work");

  /* The password and code are not kept in the widgets. */
  g_assert_cmpstr (gtk_editable_get_text (login_child (window, "password_row")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (otp_row)), ==, "");
}

static void
test_training_accounts (void)
{
  static const char *accounts[] = { "clerk", "supervisor", "trainer" };
  MfcSession *session = mfc_context_get_session (context ());

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      login_as (accounts[i]);
      g_assert_cmpstr (mfc_session_get_login (session), ==, accounts[i]);
      g_assert_cmpstr (mfc_session_get_role (session), ==, accounts[i]);
    }
}

static void
test_lock_and_unlock (void)
{
  MfcWindow *window = login_as ("clerk");
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *path = NULL;

  mfc_test_ui_press_keys ("ctrl+l");
  wait_page (window, "lock");

  /* The clerk can type the password straight away. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_nonnull (focus);
    g_assert_true (GTK_IS_TEXT (focus));
    g_assert_true (gtk_widget_is_ancestor (focus, lock_child (window, "password_row")));
  }
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "section"));

  /* Nothing of the work page shows, and the lock screen is Russian. */
  texts = mfc_test_ui_collect_texts (GTK_WIDGET (mfc_window_get_lock_screen (window)));
  mfc_test_ui_assert_russian (texts, NULL);
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "lock");
  g_test_message ("screenshot: %s", path);

  gtk_editable_set_text (lock_child (window, "password_row"), "wrong");
  mfc_lock_screen_submit (mfc_window_get_lock_screen (window));
  wait_message (lock_child (window, "message_label"), "Неверный логин, пароль или одноразовый код.");
  g_assert_cmpstr (mfc_window_get_page (window), ==, "lock");

  gtk_editable_set_text (lock_child (window, "password_row"), "demo");
  mfc_lock_screen_submit (mfc_window_get_lock_screen (window));
  wait_page (window, "work");
}

static void
test_expired_session_keeps_work (void)
{
  MfcWindow *window = login_as ("clerk");
  MfcClient *client = mfc_context_get_client (context ());
  g_autoptr(SoupSession) soup = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcQuery) services = NULL;

  mfc_window_set_section (window, "tickets");

  /* The service ends the session behind the clerk's back. */
  url = g_strconcat (training_url (), "/api/v1/session", NULL);
  auth = g_strconcat ("Bearer ", mfc_client_get_token (client), NULL);
  msg = soup_message_new ("DELETE", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  /* Asynchronously: the training server answers on this main loop. */
  soup_session_send_and_read_async (soup, msg, G_PRIORITY_DEFAULT, NULL, mfc_test_ui_result_cb, &result);
  mfc_test_ui_wait_result (&result, "the service to end the session");
  body = soup_session_send_and_read_finish (soup, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg) / 100, ==, 2);

  /* The next call of any feature meets the 401. */
  services = mfc_query_new ("/api/v1/services");
  mfc_client_get_async (client, services, NULL, NULL, NULL);
  wait_page (window, "login");
  wait_message (login_child (window, "message_label"),
                "Центральный сервис завершил сеанс. Войдите снова — введённые данные сохранены.");
  g_assert_cmpstr (gtk_editable_get_text (login_child (window, "login_row")), ==, "clerk");

  gtk_editable_set_text (login_child (window, "password_row"), "demo");
  mfc_login_page_submit (mfc_window_get_login_page (window));
  wait_page (window, "work");

  /* The work page is the same one, where the clerk left it. */
  g_assert_cmpstr (mfc_window_get_section (window), ==, "tickets");
}

typedef struct {
  MfcSession *session;
  const char *token_before;
} TokenWait;

static gboolean
logged_in_anew (gpointer data)
{
  TokenWait *wait = data;

  return g_strcmp0 (mfc_client_get_token (mfc_session_get_client (wait->session)), wait->token_before) != 0 &&
         mfc_session_get_state (wait->session) == MFC_SESSION_LOGGED_IN;
}

static void
test_reset_training_data (void)
{
  MfcWindow *window = login_as ("clerk");
  MfcSession *session = mfc_context_get_session (context ());
  g_autofree char *token_before = g_strdup (mfc_client_get_token (mfc_session_get_client (session)));
  TokenWait wait = { session, token_before };

  g_action_group_activate_action (G_ACTION_GROUP (app), "reset-training", NULL);

  /* The trainee is logged in again with a new token on fresh data. */
  mfc_test_ui_wait_until (logged_in_anew, &wait, 60000, "the trainee to be logged in again after the reset");
  wait_page (window, "work");
}

static void
test_other_service_leaves_training (void)
{
  MfcWindow *window = ensure_training ();
  MfcContext *context = mfc_application_get_context (app);
  GtkWidget *banner = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), MFC_TYPE_WINDOW,
                                                                 "training_banner"));
  g_autofree char *url = g_strdup (training_url ());

  show_login_page ();
  g_assert_true (mfc_context_get_training (context));

  /* A real service's address: no banner, the token would be kept. */
  type_login (window, "http://127.0.0.1:9", "clerk", "demo");
  mfc_login_page_submit (mfc_window_get_login_page (window));
  g_assert_false (mfc_context_get_training (context));
  g_assert_false (gtk_widget_get_visible (banner));
  g_assert_true (mfc_session_get_remember (mfc_context_get_session (context)));
  wait_message (login_child (window, "message_label"), NULL);

  /* The «Учебный режим» button brings the class back. */
  g_signal_emit_by_name (login_child (window, "training_button"), "clicked");
  wait_page (window, "work");
  g_assert_true (mfc_context_get_training (context));
  g_assert_true (gtk_widget_get_visible (banner));
  g_assert_false (mfc_session_get_remember (mfc_context_get_session (context)));
  g_assert_cmpstr (training_url (), ==, url);
}

static void
test_service_gone (void)
{
  MfcWindow *window = ensure_training ();
  g_autofree char *url = g_strdup (training_url ());
  GtkLabel *message;

  show_login_page ();

  /* The service dies: logging in says so, and the window stays alive. */
  mfc_training_mode_stop (mfc_application_get_training_mode (app));
  type_login (window, url, "clerk", "demo");
  mfc_login_page_submit (mfc_window_get_login_page (window));
  message = login_child (window, "message_label");
  wait_message (message, NULL);
  g_test_message ("message: %s", gtk_label_get_text (message));
  g_assert_nonnull (strstr (gtk_label_get_text (message), "центральн"));
  g_assert_cmpstr (mfc_window_get_page (window), ==, "login");
  g_assert_true (gtk_widget_get_sensitive (login_child (window, "login_button")));
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

  g_test_add_func ("/login/login-page-first", test_login_page_first);
  g_test_add_func ("/login/keyboard-reaches-everything", test_keyboard_reaches_everything);
  g_test_add_func ("/login/keyboard-with-filled-fields", test_keyboard_with_filled_fields);
  g_test_add_func ("/login/page-shows-the-flow", test_page_shows_the_flow);
  g_test_add_func ("/login/training-button", test_training_button);
  g_test_add_func ("/login/wrong-password", test_wrong_password);
  g_test_add_func ("/login/one-time-code", test_one_time_code);
  g_test_add_func ("/login/training-accounts", test_training_accounts);
  g_test_add_func ("/login/lock-and-unlock", test_lock_and_unlock);
  g_test_add_func ("/login/expired-session-keeps-work", test_expired_session_keeps_work);
  g_test_add_func ("/login/reset-training-data", test_reset_training_data);
  g_test_add_func ("/login/other-service-leaves-training", test_other_service_leaves_training);
  g_test_add_func ("/login/service-gone", test_service_gone);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
