/* mfc-ticket-view.c
 *
 * The view shows the MfcTicket it is given at once (the list's copy) and
 * asks for the detail (history, comments, documents).  The list's object
 * is updated in place by every answer, so the list row follows too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-print-operation.h"
#include "mfc-spinner.h"
#include "mfc-ticket-actions.h"
#include "mfc-ticket-card.h"
#include "mfc-ticket-timeline.h"
#include "mfc-ticket-view.h"

struct _MfcTicketView
{
  GtkWidget      parent_instance;

  MfcContext    *context;
  MfcTicket     *ticket;
  GCancellable  *cancellable;    /* of the detail in flight */
  GCancellable  *users_cancellable;
  GHashTable    *keys;           /* Idempotency-Key → ticket id of our writes */
  GListStore    *users;          /* GtkStringObject of full names */
  GPtrArray     *user_ids;
  char          *users_office;
  char          *message;
  char          *stale_note;     /* said after the reload a 412 asked for */
  MfcTicket     *before_reload;  /* the ticket as the stale write saw it */

  /* Template widgets */
  GtkWidget     *header_box;
  GtkWidget     *scroller;
  GtkLabel      *number_label;
  GtkLabel      *status_label;
  MfcSpinner    *spinner;
  GtkLabel      *message_label;
  AdwActionRow  *kind_row;
  AdwActionRow  *service_row;
  AdwActionRow  *applicant_row;
  AdwActionRow  *created_row;
  AdwActionRow  *due_row;
  AdwActionRow  *assignee_row;
  AdwActionRow  *channel_row;
  AdwActionRow  *priority_row;
  GtkWidget     *result_group;
  AdwActionRow  *result_row;
  GtkWidget     *handover_button;
  GtkListBox    *notices_list;
  GtkWidget     *transitions_group;
  GtkFlowBox    *transitions_box;
  GtkWidget     *assign_group;
  GtkDropDown   *assignee_dropdown;
  GtkEntry      *escalation_entry;
  GtkTextView   *comment_view;
  GtkListBox    *timeline_list;
  GtkListBox    *documents_list;
};

G_DEFINE_FINAL_TYPE (MfcTicketView, mfc_ticket_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BACK,
  ADD_DOCUMENT,
  MOVING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static MfcOutbox *
outbox (MfcTicketView *self)
{
  return mfc_context_get_outbox (self->context);
}

static void
set_message (MfcTicketView *self,
             const char    *message,
             gboolean       error)
{
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
set_status_chip (GtkLabel   *label,
                 const char *status)
{
  static const char * const classes[] = {
    "status-accepted", "status-in_progress", "status-in_approval",
    "status-awaiting_documents", "status-approved", "status-rejected", NULL
  };
  g_autofree char *cls = g_strconcat ("status-", status, NULL);

  for (guint i = 0; classes[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), cls);
  gtk_label_set_text (label, mfc_ticket_status_label (status));
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
      else if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_widget_unparent (child);
    }
}

static const char *
transition_verb (const char *to)
{
  if (g_str_equal (to, "in_progress"))
    return _("Take into _Work");
  if (g_str_equal (to, "in_approval"))
    return _("Send for A_pproval");
  if (g_str_equal (to, "awaiting_documents"))
    return _("Request _Documents");
  if (g_str_equal (to, "approved"))
    return _("Appro_ve");
  if (g_str_equal (to, "rejected"))
    return _("_Reject…");
  return to;
}

static void
render_timeline (MfcTicketView *self)
{
  g_autoptr(GListModel) timeline = NULL;

  /* A list item or an event carries no history: the rows shown stay
   * until the detail (asked for at once) lands. */
  if (!json_object_has_member (mfc_ticket_get_json (self->ticket), "history") &&
      gtk_widget_get_first_child (GTK_WIDGET (self->timeline_list)) != NULL)
    return;
  timeline = mfc_ticket_timeline_new (mfc_ticket_get_json (self->ticket));
  clear_box (GTK_WIDGET (self->timeline_list));
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(MfcTimelineItem) it = g_list_model_get_item (timeline, i);
      g_autofree char *when = mfc_timeline_item_dup_when (it);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      const char *who = mfc_timeline_item_get_who (it);
      const char *text = mfc_timeline_item_get_text (it);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mfc_timeline_item_get_title (it));
      subtitle = g_strdup_printf ("%s%s%s%s%s", when, who != NULL ? " · " : "", who != NULL ? who : "",
                                  text != NULL ? "\n" : "", text != NULL ? text : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      if (mfc_timeline_item_get_kind (it) == MFC_TIMELINE_PAUSE)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("media-playback-pause-symbolic"));
      else if (mfc_timeline_item_get_kind (it) == MFC_TIMELINE_COMMENT)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("mail-unread-symbolic"));
      else if (mfc_timeline_item_get_kind (it) == MFC_TIMELINE_ESCALATION)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-up-symbolic"));
      else
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_append (self->timeline_list, row);
    }
}

static const char *
notice_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "documents_missing") == 0)
    return _("Documents missing");
  if (g_strcmp0 (kind, "result_ready") == 0)
    return _("Result ready");
  return _("Status changed");
}

/* What the service told the applicant, and when, newest last */
static void
render_notices (MfcTicketView *self)
{
  JsonObject *json = mfc_ticket_get_json (self->ticket);
  JsonArray *notices;

  if (!json_object_has_member (json, "notices") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json, "notices")))
    {
      if (gtk_widget_get_first_child (GTK_WIDGET (self->notices_list)) == NULL)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Loading…"));
          gtk_list_box_append (self->notices_list, row);
        }
      return;
    }
  notices = json_object_get_array_member (json, "notices");
  clear_box (GTK_WIDGET (self->notices_list));
  if (json_array_get_length (notices) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No notices were sent"));
      gtk_list_box_append (self->notices_list, row);
      return;
    }
  for (guint i = 0; i < json_array_get_length (notices); i++)
    {
      JsonObject *n = json_array_get_object_element (notices, i);
      const char *sent = json_object_get_string_member_with_default (n, "sent_at", NULL);
      const char *channel = json_object_get_string_member_with_default (n, "channel", "");
      g_autoptr(GDateTime) at = sent != NULL ? g_date_time_new_from_iso8601 (sent, NULL) : NULL;
      g_autofree char *when = at != NULL ? g_date_time_format (at, "%d.%m.%Y %H:%M") : g_strdup ("");
      g_autofree char *title = g_strdup_printf ("%s · %s", notice_kind_label (json_object_get_string_member_with_default (n, "kind", NULL)),
                                                g_str_equal (channel, "email") ? _("e-mail") : _("SMS"));
      g_autofree char *subtitle = g_strdup_printf ("%s\n%s", when, json_object_get_string_member_with_default (n, "text", ""));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->notices_list, row);
    }
}

static void save_document_cb (GtkButton *button, MfcTicketView *self);

static void
render_documents (MfcTicketView *self)
{
  JsonObject *json = mfc_ticket_get_json (self->ticket);
  JsonArray *docs = NULL;

  clear_box (GTK_WIDGET (self->documents_list));
  if (json_object_has_member (json, "documents") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (json, "documents")))
    docs = json_object_get_array_member (json, "documents");

  if (docs == NULL || json_array_get_length (docs) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     docs == NULL ? _("Loading…") : _("No documents attached"));
      gtk_list_box_append (self->documents_list, row);
      return;
    }

  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *d = json_array_get_object_element (docs, i);
      const char *title = json_object_get_string_member_with_default (d, "title", NULL);
      const char *filename = json_object_get_string_member_with_default (d, "filename", "document");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("document-save-symbolic");
      g_autofree char *size = g_format_size (json_object_get_int_member_with_default (d, "size", 0));
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", filename, size);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : filename);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Save to a file"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Save to a file"), -1);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data_full (G_OBJECT (button), "document-id",
                              g_strdup (json_object_get_string_member_with_default (d, "id", "")), g_free);
      g_object_set_data_full (G_OBJECT (button), "filename", g_strdup (filename), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (save_document_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->documents_list, row);
    }
}

static void
transition_clicked_cb (GtkButton     *button,
                       MfcTicketView *self)
{
  mfc_ticket_view_move (self, g_object_get_data (G_OBJECT (button), "to"));
}

static void
render (MfcTicketView *self)
{
  g_autofree char *created = NULL;
  g_autofree char *due = NULL;
  g_autofree char *due_line = NULL;
  const char * const *allowed;
  gboolean final;

  if (self->ticket == NULL)
    return;

  final = mfc_ticket_get_final (self->ticket);
  gtk_label_set_text (self->number_label, mfc_ticket_get_number (self->ticket));
  set_status_chip (self->status_label, mfc_ticket_get_status (self->ticket));
  adw_action_row_set_subtitle (self->kind_row, mfc_ticket_kind_label (mfc_ticket_get_kind (self->ticket)));
  adw_action_row_set_subtitle (self->service_row,
                               mfc_ticket_get_service_title (self->ticket) != NULL
                               ? mfc_ticket_get_service_title (self->ticket) : _("No particular service"));
  adw_action_row_set_subtitle (self->applicant_row, mfc_ticket_get_applicant_name (self->ticket));
  created = mfc_ticket_dup_created_text (self->ticket);
  adw_action_row_set_subtitle (self->created_row, created);
  due = mfc_ticket_dup_due_text (self->ticket);
  {
    GDate date;
    char buf[32];

    g_date_clear (&date, 1);
    g_date_set_parse (&date, mfc_ticket_get_due_date (self->ticket));
    g_date_strftime (buf, sizeof buf, "%d.%m.%Y", &date);
    due_line = final ? g_strdup (buf) : g_strdup_printf ("%s — %s", buf, due);
  }
  adw_action_row_set_subtitle (self->due_row, due_line);
  if (mfc_ticket_get_at_risk (self->ticket))
    {
      g_autofree char *risk = g_strdup_printf (_("%s (at risk)"), due_line);

      g_free (due_line);
      due_line = g_steal_pointer (&risk);
      adw_action_row_set_subtitle (self->due_row, due_line);
    }
  if (mfc_ticket_get_overdue (self->ticket) || mfc_ticket_get_at_risk (self->ticket))
    gtk_widget_add_css_class (GTK_WIDGET (self->due_row), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_row), "overdue");
  adw_action_row_set_subtitle (self->assignee_row,
                               mfc_ticket_get_assignee_name (self->ticket) != NULL
                               ? mfc_ticket_get_assignee_name (self->ticket) : _("nobody"));

  adw_action_row_set_subtitle (self->channel_row, mfc_ticket_channel_label (mfc_ticket_get_channel (self->ticket)));
  adw_action_row_set_subtitle (self->priority_row, mfc_ticket_priority_label (mfc_ticket_get_priority (self->ticket)));
  if (mfc_ticket_get_priority (self->ticket) != NULL && !g_str_equal (mfc_ticket_get_priority (self->ticket), "normal"))
    gtk_widget_add_css_class (GTK_WIDGET (self->priority_row), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->priority_row), "overdue");

  /* The decision: waiting to be handed over, or handed over */
  gtk_widget_set_visible (self->result_group, final);
  if (final && mfc_ticket_get_result_ready (self->ticket))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), _("The result is ready to be handed over"));
      adw_action_row_set_subtitle (self->result_row, mfc_ticket_status_label (mfc_ticket_get_status (self->ticket)));
      gtk_widget_set_visible (self->handover_button, TRUE);
    }
  else if (final && mfc_ticket_get_handed_over_at (self->ticket) != NULL)
    {
      g_autofree char *when = g_date_time_format (mfc_ticket_get_handed_over_at (self->ticket), "%d.%m.%Y %H:%M");
      g_autofree char *line = g_strdup_printf ("%s · %s", when,
                                               mfc_ticket_get_handed_over_by (self->ticket) != NULL
                                               ? mfc_ticket_get_handed_over_by (self->ticket) : "");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), _("The result was handed over"));
      adw_action_row_set_subtitle (self->result_row, line);
      gtk_widget_set_visible (self->handover_button, FALSE);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result_row), mfc_ticket_status_label (mfc_ticket_get_status (self->ticket)));
      gtk_widget_set_visible (self->handover_button, FALSE);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ticket.handover", mfc_ticket_get_result_ready (self->ticket));

  /* Only the moves the workflow allows from this status */
  clear_box (GTK_WIDGET (self->transitions_box));
  allowed = mfc_ticket_get_allowed_transitions (self->ticket);
  for (guint i = 0; allowed[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (transition_verb (allowed[i]));

      g_object_set_data_full (G_OBJECT (button), "to", g_strdup (allowed[i]), g_free);
      if (g_str_equal (allowed[i], "rejected"))
        gtk_widget_add_css_class (button, "destructive-action");
      else if (g_str_equal (allowed[i], "approved"))
        gtk_widget_add_css_class (button, "suggested-action");
      g_signal_connect (button, "clicked", G_CALLBACK (transition_clicked_cb), self);
      gtk_flow_box_append (self->transitions_box, button);
    }
  gtk_widget_set_visible (self->transitions_group, allowed[0] != NULL);
  gtk_widget_set_visible (self->assign_group, !final);

  render_timeline (self);
  render_documents (self);
  render_notices (self);
}

/* Callbacks: the detail */

static void
detail_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MfcTicketView) self = user_data;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  mfc_spinner_stop (self->spinner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (response == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  if (self->ticket != NULL)
    mfc_ticket_update_from_json (self->ticket, mfc_client_response_get_object (response), NULL);

  if (self->stale_note != NULL)
    {
      set_message (self, self->stale_note, TRUE);
      g_clear_pointer (&self->stale_note, g_free);
    }
  if (self->before_reload != NULL)
    {
      g_autofree char *change = mfc_ticket_describe_change (self->before_reload,
                                                            mfc_client_response_get_object (response));

      set_message (self, change, TRUE);
      g_clear_object (&self->before_reload);
    }
  render (self);
}

static void
load_detail (MfcTicketView *self)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  mfc_query_add_segment (query, mfc_ticket_get_id (self->ticket));
  mfc_spinner_start (self->spinner);
  mfc_client_get_async (mfc_context_get_client (self->context), query, self->cancellable,
                        detail_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Callbacks: the assignee picker */

static void
users_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MfcTicketView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, NULL, &error);
  if (items == NULL)
    return;

  g_list_store_remove_all (self->users);
  g_ptr_array_set_size (self->user_ids, 0);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *u = json_array_get_object_element (items, i);
      const char *id = json_object_get_string_member_with_default (u, "id", NULL);
      const char *name = json_object_get_string_member_with_default (u, "full_name", NULL);
      const char *role = json_object_get_string_member_with_default (u, "role", "");
      g_autofree char *label = NULL;

      if (id == NULL || name == NULL)
        continue;
      label = g_str_equal (role, "supervisor") ? g_strdup_printf (_("%s (supervisor)"), name) : g_strdup (name);
      {
        g_autoptr(GtkStringObject) o = gtk_string_object_new (label);

        g_list_store_append (self->users, o);
      }
      g_ptr_array_add (self->user_ids, g_strdup (id));
    }
}

static void
load_users (MfcTicketView *self)
{
  g_autoptr(MfcQuery) query = NULL;
  const char *office = mfc_ticket_get_office_id (self->ticket);

  if (g_strcmp0 (office, self->users_office) == 0)
    return;
  g_free (self->users_office);
  self->users_office = g_strdup (office);
  g_cancellable_cancel (self->users_cancellable);
  g_clear_object (&self->users_cancellable);
  self->users_cancellable = g_cancellable_new ();

  query = mfc_query_new ("/api/v1/users");
  mfc_query_add (query, "office", office);
  mfc_query_add_int (query, "limit", 200);
  mfc_client_get_page_async (mfc_context_get_client (self->context), query, self->users_cancellable,
                             users_cb, g_object_ref (self));
}

/* Callbacks: writes */

static void
enqueue_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MfcTicketView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mfc_outbox_enqueue_finish (MFC_OUTBOX (object), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The change could not be saved: %s"), error->message);

      set_message (self, text, TRUE);
    }
}

static gboolean
enqueue (MfcTicketView  *self,
         MfcOutboxEntry *entry)
{
  if (outbox (self) == NULL)
    {
      set_message (self, _("Changes cannot be sent: the queue of writes is not available"), TRUE);
      return FALSE;
    }
  g_hash_table_insert (self->keys, g_strdup (mfc_outbox_entry_get_key (entry)),
                       g_strdup (mfc_ticket_get_id (self->ticket)));
  set_message (self, _("Sending…"), FALSE);
  mfc_outbox_enqueue_async (outbox (self), entry, enqueue_cb, g_object_ref (self));
  return TRUE;
}

static void
outbox_sent_cb (MfcOutbox     *box,
                const char    *key,
                const char    *kind,
                JsonObject    *answer,
                MfcTicketView *self)
{
  g_autofree char *ticket_id = NULL;

  if (!g_hash_table_steal_extended (self->keys, key, NULL, (gpointer *) &ticket_id))
    return;
  if (self->ticket == NULL || !g_str_equal (ticket_id, mfc_ticket_get_id (self->ticket)))
    return;

  set_message (self, NULL, FALSE);
  if (answer != NULL && g_strcmp0 (kind, MFC_TICKET_KIND_COMMENT) != 0 &&
      mfc_ticket_update_from_json (self->ticket, answer, NULL))
    render (self);
  else
    load_detail (self);
}

static void
outbox_rejected_cb (MfcOutbox     *box,
                    const char    *key,
                    const char    *kind,
                    const GError  *error,
                    MfcTicketView *self)
{
  g_autofree char *ticket_id = NULL;
  const char *server_message;

  if (!g_hash_table_steal_extended (self->keys, key, NULL, (gpointer *) &ticket_id))
    return;

  if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PRECONDITION))
    {
      /* Stale: the ticket changed meanwhile.  The write is dropped (it
       * was meant for the old state); the clerk sees what changed and
       * decides again. */
      mfc_outbox_discard (box, key, NULL);
      if (self->ticket != NULL && g_str_equal (ticket_id, mfc_ticket_get_id (self->ticket)))
        {
          /* A copy: the reload updates self->ticket in place. */
          g_clear_object (&self->before_reload);
          self->before_reload = mfc_ticket_copy (self->ticket);
          load_detail (self);
        }
      return;
    }

  if (self->ticket == NULL || !g_str_equal (ticket_id, mfc_ticket_get_id (self->ticket)))
    return;
  server_message = mfc_client_error_get_server_message (error);
  {
    g_autofree char *text = g_strdup_printf (_("The service refused the change: %s"),
                                             server_message != NULL ? server_message : error->message);

    set_message (self, text, TRUE);
  }
}

/* Callbacks: the reason dialog */

static void
reason_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MfcTicketView    *self)
{
  GtkEntry *entry = g_object_get_data (G_OBJECT (dialog), "reason-entry");
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcOutboxEntry) write = NULL;

  if (!g_str_equal (response, "reject") || self->ticket == NULL)
    return;

  write = mfc_ticket_transition_entry (self->ticket, "rejected", NULL,
                                       gtk_editable_get_text (GTK_EDITABLE (entry)), &error);
  if (write == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  if (enqueue (self, write))
    g_signal_emit (self, signals[MOVING], 0, mfc_ticket_get_id (self->ticket), "rejected");
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reject", text[0] != '\0');
}

static void
ask_reason (MfcTicketView *self)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Reject the ticket?"),
                                   _("The reason is recorded in the history and sent to the applicant."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reject", _("_Reject"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reject",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reject", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason for the rejection (required)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for the rejection"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "reason-entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reason_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Callbacks: documents */

typedef struct
{
  MfcTicketView *self;
  GFile         *file;
} SaveDocument;

static void
content_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SaveDocument *data = user_data;
  g_autoptr(MfcClientResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response != NULL)
    {
      GBytes *bytes = mfc_client_response_get_bytes (response);

      /* Small (≤ 5 MB by the contract): one replace, atomically. */
      if (!g_file_replace_contents (data->file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
        set_message (data->self, error->message, TRUE);
      else
        set_message (data->self, _("The document is saved"), FALSE);
    }
  else
    set_message (data->self, error->message, TRUE);

  g_object_unref (data->self);
  g_object_unref (data->file);
  g_free (data);
}

static void
save_chosen_cb (GtkNativeDialog *dialog,
                int              response,
                gpointer         user_data)
{
  MfcTicketView *self = MFC_TICKET_VIEW (user_data);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/documents");
      SaveDocument *data = g_new0 (SaveDocument, 1);

      mfc_query_add_segment (query, g_object_get_data (G_OBJECT (dialog), "document-id"));
      mfc_query_add_segment (query, "content");
      data->self = g_object_ref (self);
      data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      mfc_client_request_full_async (mfc_context_get_client (self->context), "GET", query, NULL, NULL, NULL,
                                     MFC_CLIENT_REQUEST_RAW, NULL, content_cb, data);
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_document_cb (GtkButton     *button,
                  MfcTicketView *self)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Document"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), g_object_get_data (G_OBJECT (button), "filename"));
  g_object_set_data_full (G_OBJECT (chooser), "document-id",
                          g_strdup (g_object_get_data (G_OBJECT (button), "document-id")), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (save_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Actions */

static void
back_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
add_document_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *parameter)
{
  MfcTicketView *self = MFC_TICKET_VIEW (widget);

  if (self->ticket != NULL)
    g_signal_emit (self, signals[ADD_DOCUMENT], 0, mfc_ticket_get_number (self->ticket));
}

static void
comment_action (GtkWidget  *widget,
                const char *name,
                GVariant   *parameter)
{
  MfcTicketView *self = MFC_TICKET_VIEW (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  g_autofree char *text = NULL;
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;

  if (self->ticket == NULL)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  entry = mfc_ticket_comment_entry (self->ticket, text, &error);
  if (entry == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  /* Cleared once queued on disk: nothing typed is lost. */
  if (enqueue (self, entry))
    gtk_text_buffer_set_text (buffer, "", -1);
}

static void
assign_action (GtkWidget  *widget,
               const char *name,
               GVariant   *parameter)
{
  MfcTicketView *self = MFC_TICKET_VIEW (widget);
  guint selected = gtk_drop_down_get_selected (self->assignee_dropdown);
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (self->ticket == NULL)
    return;
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->user_ids->len)
    {
      set_message (self, _("Choose the specialist first"), TRUE);
      return;
    }
  entry = mfc_ticket_assign_entry (self->ticket, g_ptr_array_index (self->user_ids, selected),
                                   gtk_editable_get_text (GTK_EDITABLE (self->escalation_entry)), &error);
  if (entry == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  if (enqueue (self, entry))
    gtk_editable_set_text (GTK_EDITABLE (self->escalation_entry), "");
}

static void
print_action (GtkWidget  *widget,
              const char *name,
              GVariant   *parameter)
{
  MfcTicketView *self = MFC_TICKET_VIEW (widget);
  g_autoptr(MfcPrintDocument) card = NULL;

  if (self->ticket == NULL)
    return;
  card = mfc_ticket_card_new (self->ticket,
                              mfc_session_get_full_name (mfc_context_get_session (self->context)),
                              mfc_context_get_training (self->context));
  mfc_print_document_print (card, GTK_WINDOW (gtk_widget_get_root (widget)));
}

static void
handover_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *parameter)
{
  MfcTicketView *self = MFC_TICKET_VIEW (widget);
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  if (self->ticket == NULL)
    return;
  entry = mfc_ticket_handover_entry (self->ticket, NULL, &error);
  if (entry == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  enqueue (self, entry);
}

static void
move_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  mfc_ticket_view_move (MFC_TICKET_VIEW (widget), g_variant_get_string (parameter, NULL));
}

/* GObject */

static void
mfc_ticket_view_constructed (GObject *object)
{
  MfcTicketView *self = MFC_TICKET_VIEW (object);

  G_OBJECT_CLASS (mfc_ticket_view_parent_class)->constructed (object);

  if (outbox (self) != NULL)
    {
      g_signal_connect_object (outbox (self), "sent", G_CALLBACK (outbox_sent_cb), self, 0);
      g_signal_connect_object (outbox (self), "rejected", G_CALLBACK (outbox_rejected_cb), self, 0);
    }
}

static void
mfc_ticket_view_dispose (GObject *object)
{
  MfcTicketView *self = MFC_TICKET_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->users_cancellable);
  g_clear_object (&self->users_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_TICKET_VIEW);
  g_clear_object (&self->ticket);
  g_clear_object (&self->before_reload);
  g_clear_object (&self->context);
  g_clear_object (&self->users);

  G_OBJECT_CLASS (mfc_ticket_view_parent_class)->dispose (object);
}

static void
mfc_ticket_view_finalize (GObject *object)
{
  MfcTicketView *self = MFC_TICKET_VIEW (object);

  g_hash_table_unref (self->keys);
  g_ptr_array_unref (self->user_ids);
  g_free (self->users_office);
  g_free (self->message);
  g_free (self->stale_note);

  G_OBJECT_CLASS (mfc_ticket_view_parent_class)->finalize (object);
}

static void
mfc_ticket_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MfcTicketView *self = MFC_TICKET_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, mfc_ticket_view_get_loading (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_ticket_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MfcTicketView *self = MFC_TICKET_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_ticket_view_class_init (MfcTicketViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mfc_ticket_view_constructed;
  object_class->dispose = mfc_ticket_view_dispose;
  object_class->finalize = mfc_ticket_view_finalize;
  object_class->get_property = mfc_ticket_view_get_property;
  object_class->set_property = mfc_ticket_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MFC_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the view says above the ticket: a stale write, a refusal… */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcTicketView::back:
   *
   * The clerk asks for the list again (the back button, Alt+Left).
   */
  signals[BACK] =
    g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * MfcTicketView::add-document:
   * @number: the ticket's number
   *
   * The clerk asks to scan or add a document for this ticket (the
   * documents section does it: the window passes the number on).
   */
  signals[ADD_DOCUMENT] =
    g_signal_new ("add-document", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * MfcTicketView::moving:
   * @ticket_id: the ticket's id
   * @to: the status the clerk is moving it to
   *
   * The clerk's move is in the outbox (so that its echo from the event
   * stream is not announced to the same clerk as news).
   */
  signals[MOVING] =
    g_signal_new ("moving", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (MFC_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/tickets/mfc-ticket-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, header_box);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, scroller);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, number_label);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, status_label);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, spinner);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, message_label);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, service_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, applicant_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, created_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, due_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, channel_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, priority_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, result_group);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, result_row);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, handover_button);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, notices_list);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, transitions_group);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, transitions_box);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, assign_group);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, assignee_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, escalation_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, comment_view);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketView, documents_list);

  gtk_widget_class_install_action (widget_class, "ticket.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "ticket.add-document", NULL, add_document_action);
  gtk_widget_class_install_action (widget_class, "ticket.comment", NULL, comment_action);
  gtk_widget_class_install_action (widget_class, "ticket.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "ticket.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "ticket.handover", NULL, handover_action);
  gtk_widget_class_install_action (widget_class, "ticket.move", "s", move_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "ticket.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "ticket.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "ticket.move", "s", "in_progress");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "ticket.move", "s", "in_approval");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "ticket.move", "s", "awaiting_documents");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK, "ticket.move", "s", "approved");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_ALT_MASK, "ticket.move", "s", "rejected");
}

static void
mfc_ticket_view_init (MfcTicketView *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+Enter before the text view takes Enter for a new line */
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                            gtk_named_action_new ("ticket.comment")));
    gtk_widget_add_controller (GTK_WIDGET (self->comment_view), keys);
  }
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->user_ids = g_ptr_array_new_with_free_func (g_free);
  self->users = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  gtk_drop_down_set_expression (self->assignee_dropdown, expression);
  gtk_drop_down_set_model (self->assignee_dropdown, G_LIST_MODEL (self->users));
  gtk_drop_down_set_enable_search (self->assignee_dropdown, TRUE);
}

/* Public API */

MfcTicketView *
mfc_ticket_view_new (MfcContext *context)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  return g_object_new (MFC_TYPE_TICKET_VIEW, "context", context, NULL);
}

/**
 * mfc_ticket_view_open:
 * @ticket: the ticket (the list's object, updated in place)
 *
 * Shows @ticket at once and loads its history, comments and documents.
 */
void
mfc_ticket_view_open (MfcTicketView *self,
                      MfcTicket     *ticket)
{
  g_return_if_fail (MFC_IS_TICKET_VIEW (self));
  g_return_if_fail (MFC_IS_TICKET (ticket));

  if (self->ticket != ticket)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);

      g_set_object (&self->ticket, ticket);
      clear_box (GTK_WIDGET (self->timeline_list));
      clear_box (GTK_WIDGET (self->notices_list));
      gtk_text_buffer_set_text (buffer, "", -1);
      gtk_editable_set_text (GTK_EDITABLE (self->escalation_entry), "");
    }
  set_message (self, NULL, FALSE);
  render (self);
  load_detail (self);
  load_users (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
}

/**
 * mfc_ticket_view_get_ticket:
 *
 * Returns: (transfer none) (nullable): the ticket shown
 */
MfcTicket *
mfc_ticket_view_get_ticket (MfcTicketView *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_VIEW (self), NULL);

  return self->ticket;
}

gboolean
mfc_ticket_view_get_loading (MfcTicketView *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_VIEW (self), FALSE);

  return self->cancellable != NULL;
}

const char *
mfc_ticket_view_get_message (MfcTicketView *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_VIEW (self), NULL);

  return self->message;
}

/**
 * mfc_ticket_view_take_event:
 * @ticket: a `Ticket` from a live event
 *
 * If it is the ticket shown, a newer version: the history is loaded again.
 */
void
mfc_ticket_view_take_event (MfcTicketView *self,
                            JsonObject    *ticket)
{
  g_return_if_fail (MFC_IS_TICKET_VIEW (self));

  if (self->ticket == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (ticket, "id", NULL),
                 mfc_ticket_get_id (self->ticket)) != 0)
    return;
  if (json_object_get_int_member_with_default (ticket, "version", 0) < mfc_ticket_get_version (self->ticket))
    return;
  /* The event has no history: ask for it */
  load_detail (self);
}

void
mfc_ticket_view_reload (MfcTicketView *self)
{
  g_return_if_fail (MFC_IS_TICKET_VIEW (self));

  if (self->ticket != NULL)
    load_detail (self);
}

/**
 * mfc_ticket_view_move:
 * @to: the status
 *
 * Moves the ticket, if the workflow allows it from its status; a
 * rejection asks for its reason first.  Returns whether the move is
 * allowed.
 */
gboolean
mfc_ticket_view_move (MfcTicketView *self,
                      const char    *to)
{
  g_autoptr(MfcOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MFC_IS_TICKET_VIEW (self), FALSE);

  if (self->ticket == NULL)
    return FALSE;
  if (!mfc_ticket_allows (self->ticket, to))
    {
      g_autofree char *text = g_strdup_printf (_("A ticket in status «%s» cannot be moved to «%s»"),
                                               mfc_ticket_status_label (mfc_ticket_get_status (self->ticket)),
                                               mfc_ticket_status_label (to));

      set_message (self, text, TRUE);
      return FALSE;
    }
  if (g_str_equal (to, "rejected"))
    {
      ask_reason (self);
      return TRUE;
    }
  entry = mfc_ticket_transition_entry (self->ticket, to, NULL, NULL, &error);
  if (entry == NULL)
    {
      set_message (self, error->message, TRUE);
      return FALSE;
    }
  if (enqueue (self, entry))
    g_signal_emit (self, signals[MOVING], 0, mfc_ticket_get_id (self->ticket), to);
  return TRUE;
}

void
mfc_ticket_view_focus_comment (MfcTicketView *self)
{
  g_return_if_fail (MFC_IS_TICKET_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->comment_view));
}
