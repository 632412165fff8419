/* test-tickets.c — the «Обращения» section as a clerk uses it: in Russian,
 * by keyboard, against the real training server of --demo: the list and
 * its filters, a ticket found by a fragment of its number and opened
 * with Enter, a move by its shortcut, a rejection that needs a reason, a
 * comment with Ctrl+Enter, back with Alt+Left to the same row; the
 * «reconnecting» notice while the event stream is down, and the desktop
 * notification (to a stand-in notification server on the private bus)
 * when one of the clerk's own tickets changes status.
 * Screenshots go to build-test/screenshots/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mfc-application.h"
#include "mfc-context.h"
#include "mfc-events.h"
#include "mfc-memory.h"
#include "mfc-documents-page.h"
#include "mfc-test-ui.h"
#include "mfc-test-window.h"
#include "mfc-ticket-timeline.h"
#include "mfc-tickets-page.h"
#include "mfc-window.h"

static MfcApplication *app;

/* Latin that stays Latin in Russian text: ticket numbers, a file format */
static const char * const allowed[] = { "MFC-", "CSV", NULL };

static MfcWindow *
start_window (void)
{
  return mfc_test_ui_start_work_window (app, 60000);
}

static gboolean
list_loaded (gpointer data)
{
  MfcTicketList *list = data;

  return !mfc_ticket_list_get_loading (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) > 0;
}

static gboolean
list_idle (gpointer data)
{
  return !mfc_ticket_list_get_loading (data);
}

static MfcTicketsPage *
tickets_page (MfcWindow *window)
{
  MfcTicketsPage *page = MFC_TICKETS_PAGE (mfc_window_get_section_page (window, "tickets"));

  mfc_window_set_section (window, "tickets");
  mfc_test_ui_wait_until (list_loaded, mfc_tickets_page_get_list (page), 30000, "the first page of tickets");
  mfc_test_ui_settle ();
  return page;
}

typedef struct
{
  MfcTicketsPage *page;
  const char     *view;
} ViewWait;

static gboolean
view_is (gpointer data)
{
  ViewWait *w = data;

  return g_strcmp0 (mfc_tickets_page_get_view_name (w->page), w->view) == 0;
}

static void
wait_view (MfcTicketsPage *page,
           const char     *view)
{
  ViewWait w = { page, view };

  mfc_test_ui_wait_until (view_is, &w, 10000, view);
}

typedef struct
{
  MfcTicket  *ticket;
  const char *status;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *w = data;

  return g_strcmp0 (mfc_ticket_get_status (w->ticket), w->status) == 0;
}

typedef struct
{
  MfcTicketList *list;
  const char    *text;
} TextWait;

static gboolean
text_searched (gpointer data)
{
  TextWait *w = data;

  return g_strcmp0 (mfc_ticket_filter_get_text (mfc_ticket_list_get_filter (w->list)), w->text) == 0 &&
         !mfc_ticket_list_get_loading (w->list);
}

static void
wait_text (MfcTicketList *list,
           const char    *text)
{
  TextWait w = { list, text };

  mfc_test_ui_wait_until (text_searched, &w, 20000, text);
}

typedef struct
{
  MfcTicket     *ticket;
  MfcTicketView *view;
  gint64         version;
} VersionWait;

/* The comment is the newest entry of the ticket's history as loaded */
static gboolean
version_passed (gpointer data)
{
  VersionWait *w = data;
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(MfcTimelineItem) last = NULL;
  guint n;

  if (mfc_ticket_get_version (w->ticket) <= w->version || mfc_ticket_view_get_loading (w->view))
    return FALSE;
  timeline = mfc_ticket_timeline_new (mfc_ticket_get_json (w->ticket));
  n = g_list_model_get_n_items (timeline);
  if (n == 0)
    return FALSE;
  last = g_list_model_get_item (timeline, n - 1);
  return g_strcmp0 (mfc_timeline_item_get_text (last), "Заявитель позвонит завтра") == 0;
}

static gboolean
view_idle (gpointer data)
{
  return !mfc_ticket_view_get_loading (data);
}

/* The list in Russian, with its filters; a fragment of a number typed
 * into the search (Ctrl+F) finds that ticket; Enter opens it. */
static void
test_find_and_open (void)
{
  MfcWindow *window = start_window ();
  MfcTicketsPage *page = tickets_page (window);
  MfcTicketList *list = mfc_tickets_page_get_list (page);
  g_autoptr(MfcTicket) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *path = NULL;
  g_autofree char *number = g_strdup (mfc_ticket_get_number (first));

  texts = mfc_test_ui_collect_texts (GTK_WIDGET (page));
  mfc_test_ui_assert_russian (texts, allowed);
  mfc_test_ui_assert_icon_buttons_described (GTK_WIDGET (page));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "tickets-list");
  g_test_message ("screenshot: %s", path);
  g_clear_pointer (&path, g_free);

  /* «MFC-2026-000123» → «123» */
  fragment = g_strdup_printf ("%d", atoi (number + 9));
  mfc_test_ui_press_keys ("ctrl+f");
  mfc_test_ui_settle ();
  mfc_test_ui_type_text (fragment);
  mfc_test_ui_wait_until (list_idle, list, 10000, "the search");
  wait_text (list, fragment);
  g_assert_nonnull (mfc_ticket_list_find (list, mfc_ticket_get_id (first), NULL));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "tickets-search");
  g_test_message ("screenshot: %s", path);
  g_clear_pointer (&path, g_free);

  /* The whole number: that one ticket; Enter in the search, then Enter */
  mfc_test_ui_press_keys ("ctrl+a");
  mfc_test_ui_type_text (number);
  wait_text (list, number);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  mfc_test_ui_press_keys ("Return");
  mfc_test_ui_settle ();
  mfc_test_ui_press_keys ("Return");
  wait_view (page, "ticket");
  mfc_test_ui_wait_until (view_idle, mfc_tickets_page_get_view (page), 10000, "the ticket's history");
  mfc_test_ui_settle ();
  g_assert_cmpstr (mfc_ticket_get_number (mfc_ticket_view_get_ticket (mfc_tickets_page_get_view (page))), ==, number);

  g_clear_pointer (&texts, g_ptr_array_unref);
  texts = mfc_test_ui_collect_texts (GTK_WIDGET (page));
  mfc_test_ui_assert_russian (texts, allowed);
  mfc_test_ui_assert_icon_buttons_described (GTK_WIDGET (page));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "tickets-ticket");
  g_test_message ("screenshot: %s", path);

  /* Alt+Left: the list again */
  mfc_test_ui_press_keys ("alt+Left");
  wait_view (page, "list");
  /* A click on «Срок» (what sort_by_column does): the service sorts by
   * due date, soonest first; again, latest first */
  {
    GtkColumnView *view = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE, "column_view");
    GListModel *columns = gtk_column_view_get_columns (view);
    GtkColumnViewColumn *due = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);

        if (g_strcmp0 (gtk_column_view_column_get_title (c), "Срок") == 0)
          due = c;
      }
    g_assert_nonnull (due);
    mfc_ticket_filter_set_text (mfc_ticket_list_get_filter (list), NULL);
    gtk_column_view_sort_by_column (view, due, GTK_SORT_ASCENDING);
    g_assert_cmpstr (mfc_ticket_filter_get_sort (mfc_ticket_list_get_filter (list)), ==, "due_date");
    mfc_test_ui_wait_until (list_loaded, list, 10000, "the list by due date");
    for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
      {
        g_autoptr(MfcTicket) a = g_list_model_get_item (G_LIST_MODEL (list), i - 1);
        g_autoptr(MfcTicket) b = g_list_model_get_item (G_LIST_MODEL (list), i);

        g_assert_cmpstr (mfc_ticket_get_due_date (a), <=, mfc_ticket_get_due_date (b));
      }
    gtk_column_view_sort_by_column (view, due, GTK_SORT_DESCENDING);
    g_assert_cmpstr (mfc_ticket_filter_get_sort (mfc_ticket_list_get_filter (list)), ==, "-due_date");
    mfc_test_ui_wait_until (list_loaded, list, 10000, "the list by due date, latest first");
  }

  mfc_tickets_page_apply_saved (page, "Ожидают документов");
  mfc_test_ui_wait_until (list_idle, list, 10000, "the preset");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MfcTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpstr (mfc_ticket_get_status (t), ==, "awaiting_documents");
    }
}

/* A new ticket taken into work by its shortcut (Alt+1), commented with
 * Ctrl+Enter, and a rejection refused until the reason is typed. */
static void
moving_cb (MfcTicketView *view,
           const char    *ticket_id,
           const char    *to,
           GPtrArray     *moves)
{
  g_ptr_array_add (moves, g_strdup_printf ("%s %s", ticket_id, to));
}

static void
test_work_a_ticket (void)
{
  MfcWindow *window = start_window ();
  MfcTicketsPage *page = tickets_page (window);
  MfcTicketList *list = mfc_tickets_page_get_list (page);
  MfcTicketView *view = mfc_tickets_page_get_view (page);
  MfcTicketFilter *filter = mfc_ticket_list_get_filter (list);
  const char *accepted[] = { "accepted", NULL };
  g_autoptr(MfcTicket) ticket = NULL;
  StatusWait w = { NULL, "in_progress" };
  g_autoptr(GPtrArray) moves = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  gint64 version;

  mfc_ticket_filter_set_text (filter, NULL);
  mfc_ticket_filter_set_statuses (filter, accepted);
  mfc_test_ui_wait_until (list_loaded, list, 10000, "the accepted tickets");
  ticket = g_list_model_get_item (G_LIST_MODEL (list), 0);
  mfc_tickets_page_open (page, 0);
  wait_view (page, "ticket");
  mfc_test_ui_wait_until (view_idle, view, 10000, "the ticket's history");
  mfc_test_ui_settle ();

  /* Only «В работу» is offered from «Принято»; Alt+4 (approve) does nothing */
  g_assert_false (mfc_ticket_view_move (view, "approved"));
  g_assert_nonnull (strstr (mfc_ticket_view_get_message (view), "Одобрено"));
  g_signal_connect (view, "moving", G_CALLBACK (moving_cb), moves);
  mfc_test_ui_press_keys ("alt+1");
  w.ticket = ticket;
  mfc_test_ui_wait_until (status_is, &w, 20000, "the move into work");
  g_signal_handlers_disconnect_by_func (view, moving_cb, moves);
  {
    g_autofree char *expected = g_strdup_printf ("%s in_progress", mfc_ticket_get_id (ticket));

    /* Once, as the move is queued. */
    g_assert_cmpuint (moves->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (moves, 0), ==, expected);
  }

  /* A comment with Ctrl+Enter */
  mfc_test_ui_wait_until (view_idle, view, 10000, "the reload");
  version = mfc_ticket_get_version (ticket);
  mfc_ticket_view_focus_comment (view);
  mfc_test_ui_settle ();
  mfc_test_ui_type_text ("Заявитель позвонит завтра");
  mfc_test_ui_press_keys ("ctrl+Return");
  {
    VersionWait vw = { ticket, view, version };

    mfc_test_ui_wait_until (version_passed, &vw, 20000, "the comment");
  }

  /* Alt+5: the reason dialog; «Отказать» is off until a reason is typed */
  mfc_test_ui_press_keys ("alt+5");
  mfc_test_ui_settle ();
  {
    GtkWindow *dialog = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GtkWindow) t = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (t) && gtk_widget_get_visible (GTK_WIDGET (t)))
          dialog = t;
      }
    g_assert_nonnull (dialog);
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject"));
    mfc_test_ui_type_text ("   ");
    mfc_test_ui_settle ();
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject"));
    mfc_test_ui_type_text ("Нет паспорта");
    mfc_test_ui_settle ();
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject"));
    path = mfc_test_ui_screenshot (GTK_WIDGET (dialog), "tickets-reject");
    g_test_message ("screenshot: %s", path);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reject");
    gtk_window_close (dialog);
  }
  w.status = "rejected";
  mfc_test_ui_wait_until (status_is, &w, 20000, "the rejection");
  g_assert_true (mfc_ticket_get_final (ticket));

  /* Back: the row is still the one shown at the top */
  mfc_test_ui_press_keys ("alt+Left");
  wait_view (page, "list");
  {
    guint position = G_MAXUINT;

    g_assert_true (mfc_ticket_list_find (list, mfc_ticket_get_id (ticket), &position) == ticket);
    g_assert_cmpuint (position, ==, 0);
  }
}

/* «Добавить документ…» in a ticket: the documents section opens with the
 * ticket's number as the upload's target. */
static void
test_add_document (void)
{
  MfcWindow *window = start_window ();
  MfcTicketsPage *page = tickets_page (window);
  MfcTicketList *list = mfc_tickets_page_get_list (page);
  MfcTicketView *view;
  MfcTicketFilter *filter = mfc_ticket_list_get_filter (list);
  GtkWidget *documents = GTK_WIDGET (mfc_window_get_section_page (window, "documents"));
  GtkWidget *entry = mfc_test_ui_template_child (documents, MFC_TYPE_DOCUMENTS_PAGE, "ticket_entry");
  g_autoptr(MfcTicket) ticket = NULL;

  mfc_ticket_filter_set_text (filter, NULL);
  mfc_ticket_filter_set_statuses (filter, NULL);
  mfc_test_ui_wait_until (list_loaded, list, 10000, "the tickets");
  ticket = g_list_model_get_item (G_LIST_MODEL (list), 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  mfc_tickets_page_open (page, 0);
  wait_view (page, "ticket");
  view = mfc_tickets_page_get_view (page);
  mfc_test_ui_wait_until (view_idle, view, 10000, "the ticket");

  {
    GtkScrolledWindow *scroller = mfc_test_ui_template_child (GTK_WIDGET (view), MFC_TYPE_TICKET_VIEW, "scroller");
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);
    g_autofree char *shot = NULL;

    /* The documents group at the bottom, with its button */
    for (int i = 0; i < 3; i++)   /* the history's rows still allocating */
      {
        gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
        mfc_test_ui_settle ();
      }
    shot = mfc_test_ui_screenshot (GTK_WIDGET (window), "tickets-documents");
    g_test_message ("screenshot: %s", shot);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "ticket.add-document", NULL));
  g_assert_cmpstr (mfc_window_get_section (window), ==, "documents");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, mfc_ticket_get_number (ticket));

  mfc_window_set_section (window, "tickets");
  mfc_test_ui_press_keys ("alt+Left");
  wait_view (page, "list");
}

static gboolean
logged_out (gpointer data)
{
  return mfc_session_get_state (data) == MFC_SESSION_LOGGED_OUT;
}

static gboolean
stats_idle (gpointer data)
{
  return !mfc_ticket_stats_view_get_loading (data);
}

/* A stand-in notification server on the private session bus: what the
 * app's GNotification reaches (GLib's freedesktop backend). */
typedef struct
{
  GPtrArray *summaries;
  GPtrArray *bodies;
} Notices;

static void
notify_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               data)
{
  Notices *notices = data;

  if (g_str_equal (method, "Notify"))
    {
      const char *summary = NULL, *body = NULL;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notices->summaries, g_strdup (summary));
      g_ptr_array_add (notices->bodies, g_strdup (body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notices->summaries->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "</interface></node>";

static void
count_cb (gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
notified (gpointer data)
{
  return ((Notices *) data)->summaries->len > 0;
}

static gboolean
events_connected (gpointer data)
{
  return mfc_events_get_connected (data);
}

static gboolean
widget_shown (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
widget_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static gboolean
me_known (gpointer data)
{
  return mfc_ticket_list_get_me (data) != NULL;
}

/* The service's event for @ticket, once it is the clerk's and has moved
 * to @status. */
static JsonNode *
my_ticket_event (MfcTicketList *list,
                 MfcTicket     *ticket,
                 const char    *status)
{
  JsonObject *o = json_object_new ();
  JsonObject *assignee = json_object_new ();
  JsonNode *event;

  json_object_set_string_member (o, "id", mfc_ticket_get_id (ticket));
  json_object_set_string_member (o, "number", mfc_ticket_get_number (ticket));
  json_object_set_string_member (o, "status", status);
  json_object_set_string_member (assignee, "id", mfc_ticket_list_get_me (list));
  json_object_set_string_member (assignee, "name", "Учебный оператор");
  json_object_set_object_member (o, "assignee", assignee);
  event = json_node_init_object (json_node_alloc (), o);
  json_object_unref (o);
  return event;
}

/* Live updates: while the event stream is down the list says so, and a
 * status change of one of the clerk's own tickets is a desktop
 * notification with the number and the new status, no applicant. */
static void
test_live_updates (void)
{
  MfcWindow *window = start_window ();
  MfcContext *context = mfc_application_get_context (app);
  MfcEvents *events = mfc_context_get_events (context);
  MfcTicketsPage *page = tickets_page (window);
  MfcTicketList *list = mfc_tickets_page_get_list (page);
  GtkWidget *live = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE, "live_label");
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  Notices notices = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free) };
  GDBusInterfaceVTable vtable = { notify_call_cb, NULL, NULL, { 0 } };
  g_autoptr(MfcTicket) ticket = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  const char *status;
  guint object, owner, mine = 0;

  mfc_test_ui_wait_until (events_connected, events, 20000, "the event stream");
  mfc_test_ui_settle ();
  g_assert_false (gtk_widget_get_visible (live));
  mfc_events_stop (events);
  mfc_test_ui_wait_until (widget_shown, live, 5000, "the reconnecting notice");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (live)), ==, "Живые обновления переподключаются…");
  mfc_events_start (events);
  mfc_test_ui_wait_until (events_connected, events, 20000, "the event stream again");
  mfc_test_ui_wait_until (widget_hidden, live, 5000, "the notice gone");

  g_assert_nonnull (bus);
  object = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                              &vtable, &notices, NULL, &error);
  g_assert_no_error (error);
  owner = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                        NULL, NULL, NULL, NULL);
  mfc_test_ui_wait_until (me_known, list, 10000, "who the clerk is");

  /* The first ticket shown, as the service would announce it once it is
   * the clerk's and has moved on. */
  ticket = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_nonnull (ticket);
  status = g_str_equal (mfc_ticket_get_status (ticket), "in_progress") ? "in_approval" : "in_progress";
  event = my_ticket_event (list, ticket, status);
  name = g_strdup (mfc_ticket_get_applicant_name (ticket));
  number = g_strdup (mfc_ticket_get_number (ticket));
  g_signal_connect_swapped (list, "mine-status-changed", G_CALLBACK (count_cb), &mine);
  mfc_ticket_list_take_event (list, "ticket.updated", event);
  g_signal_handlers_disconnect_by_func (list, count_cb, &mine);
  g_assert_cmpuint (mine, ==, 1);
  mfc_test_ui_wait_until (notified, &notices, 10000, "the desktop notification");
  g_assert_cmpuint (notices.summaries->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notices.summaries, 0), number));
  g_assert_nonnull (strstr (g_ptr_array_index (notices.summaries, 0), mfc_ticket_status_label (status)));
  g_assert_cmpstr (g_ptr_array_index (notices.bodies, 0), ==, "Одно из ваших обращений сменило статус.");
  if (name != NULL)
    {
      g_assert_null (strstr (g_ptr_array_index (notices.summaries, 0), name));
      g_assert_null (strstr (g_ptr_array_index (notices.bodies, 0), name));
    }

  /* The clerk's own move (as the ticket view announces it to the page)
   * coming back from the event stream is not news. */
  g_signal_emit_by_name (mfc_tickets_page_get_view (page), "moving", mfc_ticket_get_id (ticket),
                         "awaiting_documents");
  g_clear_pointer (&event, json_node_unref);
  event = my_ticket_event (list, ticket, "awaiting_documents");
  g_signal_connect_swapped (list, "mine-status-changed", G_CALLBACK (count_cb), &mine);
  mfc_ticket_list_take_event (list, "ticket.updated", event);
  g_signal_handlers_disconnect_by_func (list, count_cb, &mine);
  g_assert_cmpuint (mine, ==, 1);

  g_bus_unown_name (owner);
  g_dbus_connection_unregister_object (bus, object);
  g_ptr_array_unref (notices.summaries);
  g_ptr_array_unref (notices.bodies);
}

typedef struct
{
  MfcTicket  *ticket;
  const char *assignee;
} AssigneeWait;

static gboolean
assignee_is (gpointer data)
{
  AssigneeWait *w = data;

  return g_strcmp0 (mfc_ticket_get_assignee_id (w->ticket), w->assignee) == 0;
}

/* Selects exactly @tickets in the list's rows. */
static void
select_tickets (MfcTicketList     *list,
                GtkSelectionModel *selection,
                GPtrArray         *tickets)
{
  gtk_selection_model_unselect_all (selection);
  for (guint i = 0; i < tickets->len; i++)
    {
      guint position;

      g_assert_nonnull (mfc_ticket_list_find (list, mfc_ticket_get_id (g_ptr_array_index (tickets, i)), &position));
      gtk_selection_model_select_item (selection, position, FALSE);
    }
  mfc_test_ui_settle ();
}

/* Three rows selected at once: the bar offers only the moves all three
 * allow, one click moves them all on the server, and «Взять себе» gives
 * them all to the clerk. */
static void
test_bulk (void)
{
  MfcWindow *window = start_window ();
  MfcTicketsPage *page = tickets_page (window);
  MfcTicketList *list = mfc_tickets_page_get_list (page);
  GtkColumnView *view = GTK_COLUMN_VIEW (mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE,
                                                                     "column_view"));
  GtkSelectionModel *selection = gtk_column_view_get_model (view);
  GtkWidget *bar = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE, "bulk_box");
  GtkWidget *label = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE, "bulk_label");
  GtkWidget *moves = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE, "bulk_moves_box");
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *to = NULL;
  GtkWidget *button;

  mfc_test_ui_wait_until (me_known, list, 10000, "who the clerk is");
  g_assert_false (gtk_widget_get_visible (bar));
  /* The first three still open (a decided ticket allows no move). */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)) && tickets->len < 3; i++)
    {
      g_autoptr(MfcTicket) t = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (!mfc_ticket_get_final (t))
        g_ptr_array_add (tickets, g_steal_pointer (&t));
    }
  g_assert_cmpuint (tickets->len, ==, 3);
  select_tickets (list, selection, tickets);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "выбрано 3:");
  {
    g_autofree char *shot = mfc_test_ui_screenshot (GTK_WIDGET (window), "tickets-bulk");

    g_test_message ("screenshot: %s", shot);
  }

  /* Every move offered is allowed for each of the three; rejection (a
   * reason per ticket) never is. */
  button = gtk_widget_get_first_child (moves);
  g_assert_nonnull (button);
  for (GtkWidget *b = button; b != NULL; b = gtk_widget_get_next_sibling (b))
    {
      const char *s = g_object_get_data (G_OBJECT (b), "to");

      g_assert_cmpstr (s, !=, "rejected");
      for (guint i = 0; i < tickets->len; i++)
        g_assert_true (mfc_ticket_allows (g_ptr_array_index (tickets, i), s));
    }
  /* A move that keeps them open, so that they can be taken next. */
  for (GtkWidget *b = button; b != NULL; b = gtk_widget_get_next_sibling (b))
    if (!g_str_equal (g_object_get_data (G_OBJECT (b), "to"), "approved"))
      {
        button = b;
        break;
      }
  to = g_strdup (g_object_get_data (G_OBJECT (button), "to"));
  g_assert_cmpstr (to, !=, "approved");
  g_signal_emit_by_name (button, "clicked");
  mfc_test_ui_settle ();
  g_assert_false (gtk_widget_get_visible (bar));
  for (guint i = 0; i < tickets->len; i++)
    {
      StatusWait w = { g_ptr_array_index (tickets, i), to };

      mfc_test_ui_wait_until (status_is, &w, 15000, "a ticket moved in bulk");
    }

  select_tickets (list, selection, tickets);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "tickets.bulk-assign", NULL));
  for (guint i = 0; i < tickets->len; i++)
    {
      AssigneeWait w = { g_ptr_array_index (tickets, i), mfc_ticket_list_get_me (list) };

      mfc_test_ui_wait_until (assignee_is, &w, 15000, "a ticket taken in bulk");
    }
}

/* The supervisor's summary, in Russian: only a supervisor has the button */
static void
test_summary (void)
{
  MfcWindow *window = start_window ();
  MfcContext *context = mfc_application_get_context (app);
  MfcSession *session = mfc_context_get_session (context);
  MfcTicketsPage *page = tickets_page (window);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autofree char *path = NULL;
  MfcTicketStatsView *summary;
  GtkWidget *button = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE, "summary_button");

  g_assert_false (gtk_widget_get_visible (button));
  mfc_session_logout_async (session, NULL, mfc_test_ui_result_cb, &result);
  g_assert_true (mfc_session_logout_finish (session, mfc_test_ui_wait_result (&result, "the logout"), &error));
  g_assert_no_error (error);
  mfc_test_ui_wait_until (logged_out, session, 10000, "the logout");
  g_clear_object (&result);
  mfc_session_login_async (session, "supervisor", "demo", NULL, NULL, mfc_test_ui_result_cb, &result);
  g_assert_true (mfc_session_login_finish (session, mfc_test_ui_wait_result (&result, "the login"), &error));
  g_assert_no_error (error);
  mfc_test_ui_wait_until (mfc_test_ui_window_is_working, window, 10000, "the supervisor's work page");
  page = tickets_page (window);
  g_assert_true (gtk_widget_get_visible (button));

  mfc_tickets_page_show_summary (page);
  summary = mfc_tickets_page_get_summary (page);
  mfc_test_ui_wait_until (stats_idle, summary, 20000, "the summary");
  g_assert_nonnull (mfc_ticket_stats_view_get_stats (summary));
  mfc_test_ui_settle ();
  texts = mfc_test_ui_collect_texts (GTK_WIDGET (summary));
  mfc_test_ui_assert_russian (texts, allowed);
  mfc_test_ui_assert_icon_buttons_described (GTK_WIDGET (summary));
  path = mfc_test_ui_screenshot (GTK_WIDGET (window), "tickets-summary");
  g_test_message ("screenshot: %s", path);
  mfc_test_ui_press_keys ("alt+Left");
  {
    ViewWait w = { page, "list" };

    mfc_test_ui_wait_until (view_is, &w, 10000, "the list");
  }
}

static gboolean
trimmed_since (gpointer data)
{
  return mfc_memory_get_n_trims () > *(guint *) data;
}

/* A scroll through the list is followed by a trim of the heap (the rows'
 * old texts), once it is over. */
static void
test_scroll_trims (void)
{
  MfcWindow *window = start_window ();
  MfcTicketsPage *page = tickets_page (window);
  MfcTicketList *list = mfc_tickets_page_get_list (page);
  GtkColumnView *view = mfc_test_ui_template_child (GTK_WIDGET (page), MFC_TYPE_TICKETS_PAGE, "column_view");
  GtkScrolledWindow *scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (view),
                                                                              GTK_TYPE_SCROLLED_WINDOW));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (scroller);
  guint trims, n_items;

  mfc_test_ui_wait_until (list_loaded, list, 10000, "the tickets");
  mfc_test_ui_settle ();
  mfc_test_ui_wait_until (list_loaded, list, 10000, "the pages ahead");
  trims = mfc_memory_get_n_trims ();
  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  /* A few rows down, far from the end: no page is fetched (its landing
   * would trim as well). */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + 40);
  mfc_test_ui_wait_until (trimmed_since, &trims, 10000, "the trim after the scroll");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_items);
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

  g_test_add_func ("/tickets/find-and-open", test_find_and_open);
  g_test_add_func ("/tickets/work-a-ticket", test_work_a_ticket);
  g_test_add_func ("/tickets/add-document", test_add_document);
  g_test_add_func ("/tickets/live-updates", test_live_updates);
  g_test_add_func ("/tickets/bulk", test_bulk);
  g_test_add_func ("/tickets/summary", test_summary);
  g_test_add_func ("/tickets/scroll-trims", test_scroll_trims);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  return ret;
}
