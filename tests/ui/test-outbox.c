/* test-outbox.c — the outbox as the clerk meets it: the header's
 * indicator, the toast of a refused write, «Повторить» and «Удалить»,
 * and the question before logout and quitting.  Against a real training
 * server process on loopback that the test stops and starts again (its
 * database and sessions survive a restart).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>

#include "mfc-application.h"
#include "mfc-test-ui.h"
#include "mfc-test-window.h"
#include "mfc-test-util.h"
#include "mfc-training-mode.h"
#include "mfc-window.h"

#ifndef MFC_TRAINING_SERVER_PATH
#define MFC_TRAINING_SERVER_PATH "mfc-training-server"
#endif

#define WAIT_MS 60000

static MfcApplication *app;

static struct {
  char        *db;
  char        *base_url;
  guint16      port;
  GSubprocess *proc;
} server;

/* ------------------------------------------------------------------ */
/* The server                                                          */


static gboolean
server_answers (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server.port, NULL, NULL);
  if (connection == NULL)
    g_usleep (20000);
  return connection != NULL;
}

/* The same database each time: the clerk's session survives a restart. */
static void
start_server (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *listen = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (server.proc != NULL)
    return;

  if (server.db == NULL)
    {
      server.db = g_build_filename (g_getenv ("MFC_TEST_TMPDIR"), "outbox-ui-server.sqlite", NULL);
      server.port = mfc_test_free_port ();
      server.base_url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  listen = g_strdup_printf ("127.0.0.1:%u", server.port);
  server.proc = g_subprocess_launcher_spawn (launcher, &error, MFC_TRAINING_SERVER_PATH,
                                             "--listen", listen, "--db", server.db,
                                             "--seed", "demo", NULL);
  g_assert_no_error (error);
  /* Polled: nothing on the main loop says when it listens. */
  deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  while (!server_answers ())
    if (g_get_monotonic_time () > deadline)
      g_error ("The training server does not listen on port %u", server.port);
}

static void
stop_server (void)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (server.proc == NULL)
    return;
  g_subprocess_send_signal (server.proc, SIGTERM);
  g_subprocess_wait_async (server.proc, NULL, mfc_test_ui_result_cb, &result);
  mfc_test_ui_wait_result (&result, "the training server to stop");
  g_clear_object (&server.proc);
}

/* ------------------------------------------------------------------ */
/* The window                                                          */

static MfcContext *
context (void)
{
  return mfc_application_get_context (app);
}

static MfcOutbox *
outbox (void)
{
  return mfc_context_get_outbox (context ());
}

static MfcWindow *
main_window (void)
{
  return (MfcWindow *) mfc_test_ui_find_window (GTK_APPLICATION (app), MFC_TYPE_WINDOW);
}

static gboolean
page_is_login (gpointer data)
{
  return g_strcmp0 (mfc_window_get_page (data), "login") == 0;
}

static gpointer
login_child (MfcWindow  *window,
             const char *name)
{
  return mfc_test_ui_template_child (GTK_WIDGET (mfc_window_get_login_page (window)),
                                     MFC_TYPE_LOGIN_PAGE, name);
}

static gpointer
indicator_child (MfcWindow  *window,
                 const char *name)
{
  return mfc_test_ui_template_child (GTK_WIDGET (mfc_window_get_outbox_indicator (window)),
                                     MFC_TYPE_OUTBOX_INDICATOR, name);
}

/* The clerk logged in, through the login page, at the running server */
static MfcWindow *
logged_in_window (void)
{
  MfcWindow *window;

  start_server ();
  g_application_activate (G_APPLICATION (app));
  window = main_window ();
  g_assert_nonnull (window);
  mfc_test_ui_wait_mapped (GTK_WIDGET (window));

  /* Another test may have left training mode logged in. */
  if (mfc_test_ui_window_is_working (window) && g_strcmp0 (mfc_context_get_server (context ()), server.base_url) != 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (window), "logout", NULL);
      mfc_test_ui_wait_until (page_is_login, window, WAIT_MS, "the logout from another service");
    }
  if (!mfc_test_ui_window_is_working (window))
    {
      gtk_editable_set_text (login_child (window, "server_row"), server.base_url);
      gtk_editable_set_text (login_child (window, "login_row"), "clerk");
      gtk_editable_set_text (login_child (window, "password_row"), "demo");
      mfc_login_page_submit (mfc_window_get_login_page (window));
      mfc_test_ui_wait_until (mfc_test_ui_window_is_working, window, WAIT_MS, "the login");
      mfc_test_ui_settle ();
    }

  /* Retries come quickly here; the back-off itself is the outbox's test. */
  mfc_client_set_retry_delay (mfc_context_get_client (context ()), 10, 50);
  mfc_outbox_set_retry_delay (outbox (), 50, 200);
  return window;
}

/* ------------------------------------------------------------------ */
/* Writes                                                              */

static MfcOutboxEntry *
comment_entry (const char *ticket,
               const char *text)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");
  g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (), json_object_new ());

  mfc_query_add_segment (query, ticket);
  mfc_query_add_segment (query, "comments");
  json_object_set_string_member (json_node_get_object (body), "text", text);
  return mfc_outbox_entry_new ("ticket.comment", "POST", query, body);
}

static void
enqueue (MfcOutboxEntry *entry)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  mfc_outbox_enqueue_async (outbox (), entry, mfc_test_ui_result_cb, &result);
  g_assert_true (mfc_outbox_enqueue_finish (outbox (), mfc_test_ui_wait_result (&result, "the write to be queued"),
                                            &error));
  g_assert_no_error (error);
}

static void
sync_outbox (void)
{
  g_autoptr(GAsyncResult) result = NULL;

  mfc_outbox_sync_async (outbox (), mfc_test_ui_result_cb, &result);
  g_assert_true (mfc_outbox_sync_finish (outbox (), mfc_test_ui_wait_result (&result, "the outbox to reach the disk"),
                                         NULL));
}

/* How often each comment with @prefix is on ticket 3 */
static GHashTable *
comments_on_server (const char *prefix)
{
  MfcClient *client = mfc_context_get_client (context ());
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets/3");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *comments;

  mfc_client_get_async (client, query, NULL, mfc_test_ui_result_cb, &result);
  response = mfc_client_request_finish (client, mfc_test_ui_wait_result (&result, "the ticket"), &error);
  g_assert_no_error (error);
  comments = json_object_get_array_member (mfc_client_response_get_object (response), "comments");
  for (guint i = 0; i < json_array_get_length (comments); i++)
    {
      const char *text = json_object_get_string_member (json_array_get_object_element (comments, i), "text");

      if (g_str_has_prefix (text, prefix))
        g_hash_table_insert (counts, g_strdup (text),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, text)) + 1));
    }
  return counts;
}

/* ------------------------------------------------------------------ */
/* Conditions                                                          */

typedef struct {
  MfcWindow  *window;
  const char *text;
} LabelWait;

static gboolean
indicator_says (gpointer data)
{
  LabelWait *wait = data;
  GtkWidget *indicator = GTK_WIDGET (mfc_window_get_outbox_indicator (wait->window));

  return gtk_widget_get_mapped (indicator) &&
         g_strcmp0 (gtk_label_get_text (indicator_child (wait->window, "label")), wait->text) == 0;
}

static void
wait_indicator_says (MfcWindow  *window,
                     const char *text)
{
  LabelWait wait = { window, text };

  if (!mfc_test_ui_wait_for (indicator_says, &wait, WAIT_MS))
    g_error ("The indicator says “%s” (%s), expected “%s”",
             gtk_label_get_text (indicator_child (window, "label")),
             gtk_widget_get_mapped (GTK_WIDGET (mfc_window_get_outbox_indicator (window))) ? "shown" : "hidden",
             text);
}

static gboolean
indicator_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (mfc_window_get_outbox_indicator (data)));
}

static gboolean
outbox_offline (gpointer data)
{
  return !mfc_outbox_get_online (outbox ()) && !mfc_outbox_get_sending (outbox ());
}

static gboolean
popover_shown (gpointer data)
{
  return gtk_widget_get_mapped (indicator_child (data, "popover"));
}

static gboolean
popover_hidden (gpointer data)
{
  return !gtk_widget_get_visible (indicator_child (data, "popover"));
}

static gboolean
focus_in_indicator (MfcWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL &&
         gtk_widget_is_ancestor (focus, GTK_WIDGET (mfc_window_get_outbox_indicator (window)));
}

/* Real Tab presses until the focus is on the indicator */
static void
tab_to_indicator (MfcWindow *window)
{
  for (guint i = 0; i < 60 && !focus_in_indicator (window); i++)
    mfc_test_ui_press_keys_moving_focus (GTK_WINDOW (window), "Tab");
  if (!focus_in_indicator (window))
    g_error ("Tab never reaches the outbox indicator");
}

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *prefix;
} TextWait;

static gboolean
text_shown (gpointer data)
{
  TextWait *wait = data;

  return find_label (wait->root, wait->prefix) != NULL;
}

static void
wait_text (GtkWidget  *root,
           const char *prefix)
{
  TextWait wait = { root, prefix };

  if (!mfc_test_ui_wait_for (text_shown, &wait, WAIT_MS))
    g_error ("Nothing says “%s…”", prefix);
}

/* The button whose mnemonic label is @label, among @root's */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return message_dialog () != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return message_dialog () == NULL;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

/* The service goes away: the writes wait, the header says how many in
 * good Russian, and the popover lists them; back, they go, and the
 * indicator with them. */
static void
test_waiting_writes (void)
{
  MfcWindow *window = logged_in_window ();
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *path = NULL;
  GtkWidget *popover;
  const char *tooltip;

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (mfc_window_get_outbox_indicator (window))));

  /* One failed attempt, then a long wait: the state holds still to be
   * read.  Coming back, the flush below does not wait for it. */
  mfc_outbox_set_retry_delay (outbox (), 60000, 60000);
  stop_server ();
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("waiting-%u", i);
      g_autoptr(MfcOutboxEntry) entry = comment_entry ("3", text);

      enqueue (entry);
      if (i == 0)
        wait_indicator_says (window, "1 ждёт отправки");
      else if (i == 2)
        wait_indicator_says (window, "3 ждут отправки");
    }
  wait_indicator_says (window, "5 ждут отправки");
  mfc_test_ui_settle ();
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "outbox-indicator");
  g_test_message ("screenshot: %s", path);
  g_clear_pointer (&path, g_free);

  /* Offline: the tooltip says why, and what happens next. */
  mfc_test_ui_wait_until (outbox_offline, NULL, WAIT_MS, "a failed attempt");
  tooltip = gtk_widget_get_tooltip_text (indicator_child (window, "button"));
  g_test_message ("tooltip: %s", tooltip);
  g_assert_true (g_str_has_prefix (tooltip, mfc_outbox_get_last_error (outbox ())));
  g_assert_true (g_str_has_suffix (tooltip, " Записи будут отправлены, когда сервис снова ответит."));

  /* By keyboard: Tab to it, Enter opens the list. */
  tab_to_indicator (window);
  mfc_test_ui_press_keys ("Return");
  mfc_test_ui_wait_until (popover_shown, window, 10000, "the popover to open");
  mfc_test_ui_settle ();
  popover = indicator_child (window, "popover");
  wait_text (popover, "Комментарий к обращению");
  wait_text (popover, "В очереди с ");
  wait_text (popover, tooltip);
  texts = mfc_test_ui_collect_texts (popover);
  mfc_test_ui_assert_russian (texts, NULL);
  mfc_test_ui_assert_no_ellipsized_labels (popover);
  path = mfc_test_ui_screenshot (popover, "outbox-popover");
  g_test_message ("screenshot: %s", path);
  mfc_test_ui_press_keys ("Escape");
  mfc_test_ui_wait_until (popover_hidden, window, 10000, "the popover to close");

  /* Back: every write once, and nothing left to show. */
  start_server ();
  mfc_outbox_flush (outbox ());
  mfc_test_ui_wait_until (indicator_hidden, window, WAIT_MS, "the indicator to go once all is sent");
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox ()), ==, 0);
  counts = comments_on_server ("waiting-");
  g_assert_cmpuint (g_hash_table_size (counts), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("waiting-%u", i);

      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, text)), ==, 1);
    }
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

typedef struct {
  guint *count;
  guint  expected;
} CountWait;

static gboolean
count_reached (gpointer data)
{
  CountWait *wait = data;

  return *wait->count >= wait->expected;
}

static guint
n_rejected (void)
{
  return mfc_outbox_get_n_rejected (outbox ());
}

static gboolean
none_rejected (gpointer data)
{
  return n_rejected () == 0;
}

static gboolean
count_is_one_rejected (gpointer data)
{
  return n_rejected () == 1;
}

/* A refused write comes back: a toast with the service's reason, its
 * button opens the list, where the reason stands under the write;
 * «Повторить» sends it again, «Удалить» asks first. */
static void
test_rejected_write (void)
{
  MfcWindow *window = logged_in_window ();
  g_autoptr(MfcOutboxEntry) entry = comment_entry ("3", "   ");
  g_autoptr(MfcOutboxEntry) snapshot = NULL;
  const char *reason = "Проверьте поля: Текст комментария от 1 до 4000 символов";
  GtkWidget *popover = indicator_child (window, "popover");
  GtkWidget *show;
  GtkWidget *button;
  guint rejections = 0;
  CountWait wait = { &rejections, 1 };
  g_autofree char *toast = g_strconcat ("Не принято сервисом: ", reason, NULL);
  g_autofree char *path = NULL;

  g_signal_connect_swapped (outbox (), "rejected", G_CALLBACK (count_cb), &rejections);
  enqueue (entry);
  mfc_test_ui_wait_until (count_reached, &wait, WAIT_MS, "the rejection");
  wait_indicator_says (window, "1 не принята");
  wait_text (GTK_WIDGET (window), toast);
  mfc_test_ui_settle ();
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "outbox-rejected-toast");
  g_test_message ("screenshot: %s", path);
  g_clear_pointer (&path, g_free);

  /* «Показать» on the toast opens the list with the reason. */
  show = find_button (GTK_WIDGET (window), "_Показать");
  g_assert_nonnull (show);
  gtk_widget_grab_focus (show);
  mfc_test_ui_press_keys ("Return");
  mfc_test_ui_wait_until (popover_shown, window, 10000, "the popover to open from the toast");
  wait_text (popover, "Не приняты сервисом");
  wait_text (popover, reason);
  mfc_test_ui_settle ();
  mfc_test_ui_assert_no_ellipsized_labels (popover);
  path = mfc_test_ui_screenshot (popover, "outbox-rejected-popover");
  g_test_message ("screenshot: %s", path);

  /* «Повторить»: sent again with the same key; refused again. */
  button = find_button (popover, "_Повторить");
  g_assert_nonnull (button);
  gtk_widget_grab_focus (button);
  mfc_test_ui_press_keys ("Return");
  wait.expected = 2;
  mfc_test_ui_wait_until (count_reached, &wait, WAIT_MS, "the second rejection");
  snapshot = mfc_outbox_lookup (outbox (), mfc_outbox_entry_get_key (entry));
  g_assert_nonnull (snapshot);
  g_assert_cmpint (mfc_outbox_entry_get_state (snapshot), ==, MFC_OUTBOX_STATE_REJECTED);
  g_assert_cmpuint (mfc_outbox_entry_get_attempts (snapshot), ==, 2);

  /* «Удалить» asks; Escape keeps the write. */
  if (!popover_shown (window))
    {
      mfc_outbox_indicator_popup (mfc_window_get_outbox_indicator (window));
      mfc_test_ui_wait_until (popover_shown, window, 10000, "the popover to open again");
    }
  wait_text (popover, reason);
  button = find_button (popover, "_Удалить");
  g_assert_nonnull (button);
  gtk_widget_grab_focus (button);
  mfc_test_ui_press_keys ("Return");
  mfc_test_ui_wait_until (dialog_shown, NULL, 10000, "the question before deleting");
  mfc_test_ui_settle ();
  g_assert_cmpstr (adw_message_dialog_get_heading (message_dialog ()), ==, "Удалить запись?");
  g_assert_cmpstr (adw_message_dialog_get_body (message_dialog ()), ==,
                   "Запись «Комментарий к обращению» не будет отправлена в центральный сервис. Это нельзя отменить.");
  mfc_test_ui_press_keys ("Escape");
  mfc_test_ui_wait_until (dialog_gone, NULL, 10000, "the question to close");
  g_assert_cmpuint (n_rejected (), ==, 1);

  /* Again, and Tab to «Удалить», Enter: gone. */
  mfc_outbox_indicator_popup (mfc_window_get_outbox_indicator (window));
  mfc_test_ui_wait_until (popover_shown, window, 10000, "the popover to open again");
  wait_text (popover, reason);
  button = find_button (popover, "_Удалить");
  gtk_widget_grab_focus (button);
  mfc_test_ui_press_keys ("Return");
  mfc_test_ui_wait_until (dialog_shown, NULL, 10000, "the question before deleting");
  mfc_test_ui_settle ();
  mfc_test_ui_press_keys_moving_focus (GTK_WINDOW (message_dialog ()), "Tab");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_root_get_focus (GTK_ROOT (message_dialog ())))),
                   ==, "_Удалить");
  mfc_test_ui_press_keys ("Return");
  mfc_test_ui_wait_until (none_rejected, NULL, 10000, "the write to be deleted");
  mfc_test_ui_wait_until (indicator_hidden, window, 10000, "the indicator to go");
  g_assert_null (mfc_outbox_lookup (outbox (), mfc_outbox_entry_get_key (entry)));

  g_signal_handlers_disconnect_by_data (outbox (), &rejections);
}

static gboolean
entry_gone (gpointer data)
{
  g_autoptr(MfcOutboxEntry) entry = mfc_outbox_lookup (outbox (), data);

  return entry == NULL;
}

/* Logging out with nothing unsent asks nothing and wipes the personal
 * data of sent writes; with a write unsent it asks, and «Отмена» keeps
 * the clerk at work.  Quitting asks the same. */
static void
test_logout_question (void)
{
  MfcWindow *window = logged_in_window ();
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets/3/comments");
  g_autoptr(JsonNode) body = json_from_string ("{\"text\":\"personal-0\"}", NULL);
  g_autoptr(MfcOutboxEntry) personal = mfc_outbox_entry_new ("ticket.comment", "POST", query, body);
  g_autoptr(MfcOutboxEntry) unsent = comment_entry ("3", "unsent-0");
  g_autoptr(MfcOutboxEntry) sent = NULL;
  g_autofree char *path = NULL;
  AdwMessageDialog *dialog;

  /* Sent, with personal data: no question, and wiped at logout. */
  mfc_outbox_entry_set_personal (personal, TRUE);
  enqueue (personal);
  mfc_test_ui_wait_until (indicator_hidden, window, WAIT_MS, "the write to be sent");
  sent = mfc_outbox_lookup (outbox (), mfc_outbox_entry_get_key (personal));
  g_assert_nonnull (sent);
  g_assert_cmpint (mfc_outbox_entry_get_state (sent), ==, MFC_OUTBOX_STATE_SENT);
  g_action_group_activate_action (G_ACTION_GROUP (window), "logout", NULL);
  mfc_test_ui_wait_until (page_is_login, window, WAIT_MS, "the logout without a question");
  g_assert_null (message_dialog ());
  mfc_test_ui_wait_until (entry_gone, (gpointer) mfc_outbox_entry_get_key (personal), WAIT_MS,
                          "the sent write's personal data to be wiped");
  sync_outbox ();

  /* Unsent: the question, and Cancel keeps the session. */
  window = logged_in_window ();
  stop_server ();
  enqueue (unsent);
  wait_indicator_says (window, "1 ждёт отправки");
  g_action_group_activate_action (G_ACTION_GROUP (window), "logout", NULL);
  mfc_test_ui_wait_until (dialog_shown, NULL, 10000, "the question before logout");
  mfc_test_ui_settle ();
  dialog = message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Есть неотправленные записи (1)");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "Они останутся в очереди на этом компьютере и будут отправлены, когда вы снова войдёте."));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "leave"), ==, "_Выйти");
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (dialog));
  path = mfc_test_ui_screenshot (GTK_WIDGET (dialog), "logout-question");
  g_test_message ("screenshot: %s", path);
  mfc_test_ui_press_keys ("Escape");
  mfc_test_ui_wait_until (dialog_gone, NULL, 10000, "the question to close");
  g_assert_cmpstr (mfc_window_get_page (window), ==, "work");
  g_assert_cmpint (mfc_session_get_state (mfc_context_get_session (context ())), ==, MFC_SESSION_LOGGED_IN);

  /* Ctrl+Q asks too, and says when they go. */
  gtk_widget_grab_focus (GTK_WIDGET (mfc_window_get_section_page (window, "intake")));
  mfc_test_ui_press_keys ("ctrl+q");
  mfc_test_ui_wait_until (dialog_shown, NULL, 10000, "the question before quitting");
  mfc_test_ui_settle ();
  dialog = message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Есть неотправленные записи (1)");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog),
                                   "Они останутся в очереди на этом компьютере и будут отправлены при следующем входе."));
  mfc_test_ui_press_keys ("Escape");
  mfc_test_ui_wait_until (dialog_gone, NULL, 10000, "the question to close");
  g_assert_true (main_window () == window);
  g_assert_cmpstr (mfc_window_get_page (window), ==, "work");

  /* The write goes once the service is back; then no question. */
  start_server ();
  mfc_outbox_flush (outbox ());
  mfc_test_ui_wait_until (indicator_hidden, window, WAIT_MS, "the unsent write to go");
  g_action_group_activate_action (G_ACTION_GROUP (window), "logout", NULL);
  mfc_test_ui_wait_until (page_is_login, window, WAIT_MS, "the logout");
  g_assert_null (message_dialog ());
}

/* In training mode the writes are not kept for later: the question on
 * quitting says so instead of promising them for the next login. */
static void
test_training_quit_question (void)
{
  MfcWindow *window = logged_in_window ();
  g_autoptr(MfcOutboxEntry) refused = comment_entry ("3", "   ");
  AdwMessageDialog *dialog;
  g_autoptr(GError) error = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (window), "logout", NULL);
  mfc_test_ui_wait_until (page_is_login, window, WAIT_MS, "the logout");
  g_action_group_activate_action (G_ACTION_GROUP (app), "training", NULL);
  mfc_test_ui_wait_until (mfc_test_ui_window_is_working, window, WAIT_MS, "the training login");
  g_assert_true (mfc_context_get_training (context ()));

  /* A refused write is unsent too. */
  enqueue (refused);
  mfc_test_ui_wait_until (count_is_one_rejected, NULL, WAIT_MS, "the rejection");
  gtk_widget_grab_focus (GTK_WIDGET (mfc_window_get_section_page (window, "intake")));
  mfc_test_ui_press_keys ("ctrl+q");
  mfc_test_ui_wait_until (dialog_shown, NULL, 10000, "the question before quitting");
  dialog = message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Есть неотправленные записи (1)");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Это учебные записи: после закрытия программы они не будут отправлены никуда — "
                   "ни в учебный, ни в центральный сервис.");
  mfc_test_ui_press_keys ("Escape");
  mfc_test_ui_wait_until (dialog_gone, NULL, 10000, "the question to close");
  g_assert_true (main_window () == window);

  g_assert_true (mfc_outbox_discard (outbox (), mfc_outbox_entry_get_key (refused), &error));
  g_assert_no_error (error);
}

/* Rows of @path queued for @server (the file read directly) */
static int
rows_for_server (const char *path,
                 const char *owner)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM entries WHERE owner_server = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, owner, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
logout_leaving_unsent (MfcWindow *window)
{
  g_action_group_activate_action (G_ACTION_GROUP (window), "logout", NULL);
  mfc_test_ui_wait_until (dialog_shown, NULL, 10000, "the question before logout");
  adw_message_dialog_response (message_dialog (), "leave");
  mfc_test_ui_wait_until (page_is_login, window, WAIT_MS, "the logout");
}

static gboolean
outbox_path_is_not (gpointer data)
{
  return g_strcmp0 (mfc_outbox_get_path (outbox ()), data) != 0;
}

/* Training writes live in a file of their own, in the training folder:
 * a real write waiting for the real service is neither seen nor sent in
 * training mode, a training write never enters the real file nor reaches
 * the real service, a reset drops the training writes, and stopping
 * training mode deletes their file. */
static void
test_training_own_file (void)
{
  MfcWindow *window = logged_in_window ();
  g_autoptr(MfcOutboxEntry) real = comment_entry ("3", "own-file-real");
  g_autoptr(MfcOutboxEntry) sent = comment_entry ("3", "own-file-training");
  g_autoptr(MfcOutboxEntry) refused = comment_entry ("3", "   ");
  g_autoptr(MfcOutboxEntry) refused_after_reset = comment_entry ("3", "  ");
  g_autoptr(GHashTable) counts = NULL;
  g_autofree char *real_path = g_strdup (mfc_outbox_get_path (outbox ()));
  g_autofree char *training_path = NULL;
  g_autofree char *training_url = NULL;

  /* A real write waits: the real service is down. */
  mfc_outbox_set_retry_delay (outbox (), 60000, 60000);
  stop_server ();
  enqueue (real);
  wait_indicator_says (window, "1 ждёт отправки");
  sync_outbox ();
  logout_leaving_unsent (window);

  /* Training: another file, and the real write is not in it. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "training", NULL);
  mfc_test_ui_wait_until (mfc_test_ui_window_is_working, window, WAIT_MS, "the training login");
  g_assert_true (mfc_context_get_training (context ()));
  training_url = g_strdup (mfc_context_get_server (context ()));
  training_path = g_strdup (mfc_outbox_get_path (outbox ()));
  g_assert_cmpstr (training_path, !=, real_path);
  g_assert_null (mfc_outbox_lookup (outbox (), mfc_outbox_entry_get_key (real)));
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox ()), ==, 0);
  mfc_outbox_set_retry_delay (outbox (), 50, 200);

  /* Training writes: one sent to the training server, one refused (it
   * stays unsent); neither touches the real file. */
  enqueue (sent);
  enqueue (refused);
  mfc_test_ui_wait_until (count_is_one_rejected, NULL, WAIT_MS, "the training rejection");
  g_assert_cmpuint (mfc_outbox_get_n_pending (outbox ()), ==, 0);
  counts = comments_on_server ("own-file-");
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "own-file-training")), ==, 1);
  g_clear_pointer (&counts, g_hash_table_unref);
  sync_outbox ();
  g_assert_cmpint (rows_for_server (real_path, training_url), ==, 0);
  g_assert_cmpint (rows_for_server (training_path, training_url), ==, 2);

  /* A reset drops the training writes with the training data. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "reset-training", NULL);
  mfc_test_ui_wait_until (outbox_path_is_not, training_path, WAIT_MS, "the reset's fresh outbox");
  mfc_test_ui_wait_until (mfc_test_ui_window_is_working, window, WAIT_MS, "the login after the reset");
  g_assert_false (g_file_test (training_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox ()), ==, 0);
  g_clear_pointer (&training_path, g_free);
  training_path = g_strdup (mfc_outbox_get_path (outbox ()));
  g_assert_cmpstr (training_path, !=, real_path);
  enqueue (refused_after_reset);
  mfc_test_ui_wait_until (count_is_one_rejected, NULL, WAIT_MS, "the training rejection after the reset");

  /* Back at the real service: the real file, the real write sent once,
   * and nothing of training there. */
  logout_leaving_unsent (window);
  window = logged_in_window ();
  g_assert_false (mfc_context_get_training (context ()));
  g_assert_cmpstr (mfc_outbox_get_path (outbox ()), ==, real_path);
  mfc_outbox_flush (outbox ());
  mfc_test_ui_wait_until (indicator_hidden, window, WAIT_MS, "the real write to go");
  g_assert_cmpuint (mfc_outbox_get_n_rejected (outbox ()), ==, 0);
  counts = comments_on_server ("own-file-");
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "own-file-real")), ==, 1);
  sync_outbox ();
  g_assert_cmpint (rows_for_server (real_path, training_url), ==, 0);

  /* Stopping training mode deletes the training writes' file. */
  g_assert_true (g_file_test (training_path, G_FILE_TEST_EXISTS));
  mfc_training_mode_stop (mfc_application_get_training_mode (app));
  g_assert_false (g_file_test (training_path, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (mfc_outbox_get_path (outbox ()), ==, real_path);
}

/* What a write is, in words, from one table; any other kind still reads
 * as a write, and a refusal without a reason says so. */
static void
test_kind_words (void)
{
  static const struct { const char *kind, *words; } expected[] = {
    { "ticket.create",      "Новое обращение" },
    { "applicant.create",   "Новый заявитель" },
    { "applicant.update",   "Изменение данных заявителя" },
    { "ticket.comment",     "Комментарий к обращению" },
    { "appointment.create", "Запись на приём" },
    { "bench.comment",      "Запись в центральный сервис" },
    { NULL,                 "Запись в центральный сервис" },
  };
  g_autofree char *no_reason = mfc_outbox_describe_reason (NULL);
  g_autoptr(GError) dependency = g_error_new_literal (MFC_OUTBOX_ERROR, MFC_OUTBOX_ERROR_DEPENDENCY_REJECTED,
                                                      "Не отправлено: предыдущая запись не принята.");
  g_autofree char *dependency_reason = mfc_outbox_describe_reason (dependency);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (mfc_outbox_describe_kind (expected[i].kind), ==, expected[i].words);
  g_assert_cmpstr (no_reason, ==, "Сервис не указал причину.");
  g_assert_cmpstr (dependency_reason, ==, dependency->message);
}

/* The queue's file was made by a newer version: the window says so, on
 * every page, for as long as it runs.  In a child process with a data
 * folder of its own (see main()). */
static void
test_unavailable (void)
{
  MfcWindow *window;
  GtkWidget *warning;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_nonnull (mfc_outbox_get_storage_error (outbox ()));
  g_application_activate (G_APPLICATION (app));
  window = main_window ();
  mfc_test_ui_wait_mapped (GTK_WIDGET (window));
  warning = mfc_test_ui_template_child (GTK_WIDGET (window), MFC_TYPE_WINDOW, "outbox_warning");
  g_assert_true (gtk_widget_get_mapped (warning));
  texts = mfc_test_ui_collect_texts (warning);
  g_assert_cmpuint (texts->len, ==, 2);
  g_assert_cmpstr (texts->pdata[0], ==, "Очередь неотправленных записей недоступна");
  g_assert_cmpstr (texts->pdata[1], ==,
                   "Очередь неотправленных записей создана более новой версией программы. "
                   "Обращения и другие записи нельзя сохранить, пока это не исправлено.");
  mfc_test_ui_assert_no_ellipsized_labels (GTK_WIDGET (window));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "outbox-unavailable");
  g_test_message ("screenshot: %s", path);

  /* Still there after logging in. */
  window = logged_in_window ();
  g_assert_true (gtk_widget_get_mapped (warning));
  stop_server ();
}

/* The child of test_unavailable() gets its own data folder, holding a
 * queue file of a newer schema, before anything reads the folder. */
static gboolean
prepare_unavailable_child (int    argc,
                           char **argv)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  sqlite3 *db = NULL;
  gboolean child = FALSE;

  for (int i = 1; i < argc; i++)
    child |= g_strcmp0 (argv[i], "--GTestSubprocess") == 0;
  if (!child)
    return FALSE;

  data = g_build_filename (g_getenv ("MFC_TEST_TMPDIR"), "unavailable-data", NULL);
  dir = g_build_filename (data, "mfc-desk", NULL);
  file = g_build_filename (dir, "outbox.sqlite", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (file, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                                     " applied_at INTEGER NOT NULL);"
                                     "INSERT OR REPLACE INTO schema_version VALUES (999, 0);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gboolean child;
  int ret;

  child = prepare_unavailable_child (argc, argv);
  mfc_test_ui_init_russian (&argc, &argv);

  app = mfc_application_new ();
  /* The parent, waiting for the child, cannot answer on the bus. */
  if (child)
    g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/outbox/waiting-writes", test_waiting_writes);
  g_test_add_func ("/outbox/rejected-write", test_rejected_write);
  g_test_add_func ("/outbox/logout-question", test_logout_question);
  g_test_add_func ("/outbox/unavailable", test_unavailable);
  g_test_add_func ("/outbox/kind-words", test_kind_words);
  g_test_add_func ("/outbox/training-quit-question", test_training_quit_question);
  g_test_add_func ("/outbox/training-own-file", test_training_own_file);

  ret = g_test_run ();

  stop_server ();
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
