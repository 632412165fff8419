/* mfc-outbox-indicator.c
 *
 * The indicator reads everything from the outbox's properties and lists
 * (mfc_outbox_list()), and rebuilds its popover whenever a count changes
 * or a write is sent or refused: the lists are short (what waits for one
 * clerk), and a rebuilt list is never out of date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-app"

#include "config.h"

#include <glib/gi18n.h>

#include "mfc-client-error.h"
#include "mfc-outbox-indicator.h"
#include "mfc-spinner.h"

struct _MfcOutboxIndicator
{
  GtkWidget      parent_instance;

  MfcOutbox     *outbox;

  /* Template widgets */
  GtkMenuButton *button;
  MfcSpinner    *spinner;
  GtkImage      *icon;
  GtkLabel      *label;
  GtkPopover    *popover;
  GtkLabel      *status_label;
  GtkWidget     *rejected_title;
  GtkWidget     *rejected_hint;
  GtkListBox    *rejected_list;
  GtkWidget     *pending_title;
  GtkListBox    *pending_list;
  GtkWidget     *send_now_button;
};

G_DEFINE_FINAL_TYPE (MfcOutboxIndicator, mfc_outbox_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_OUTBOX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a write is, in the clerk's words: one row per kind the features
 * queue; a kind not listed here still reads as a write. */
static const struct {
  const char *kind;
  const char *words;            /* translatable */
} kinds[] = {
  { "applicant.create",   N_("New applicant") },
  { "applicant.update",   N_("Changes to an applicant") },
  { "ticket.create",      N_("New application") },
  { "ticket.update",      N_("Changes to a ticket") },
  { "ticket.status",      N_("Ticket status change") },
  { "ticket.comment",     N_("Comment on a ticket") },
  { "appointment.create", N_("Appointment booking") },
  { "appointment.cancel", N_("Appointment cancellation") },
  { "document.upload",    N_("Scanned document") },
};

#define KEY_DATA "mfc-outbox-key"

static void update (MfcOutboxIndicator *self);

/* Static helpers */

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* "14:05" today, "23.11.2026 14:05" before */
static char *
format_queued_at (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");
  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, "%H:%M");
  return g_date_time_format (when, "%d.%m.%Y %H:%M");
}

static GtkWidget *
new_row (MfcOutboxEntry *entry,
         const char     *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 mfc_outbox_describe_kind (mfc_outbox_entry_get_kind (entry)));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), KEY_DATA,
                          g_strdup (mfc_outbox_entry_get_key (entry)), g_free);
  return row;
}

static GtkWidget *
new_wrapped_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  /* A natural width the popover can give, so the height fits it. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

/* The reason can be long (a message per field): it gets the row's whole
 * width, with the buttons below it. */
static GtkWidget *
new_rejected_row (MfcOutboxEntry *entry,
                  const char     *reason,
                  GtkWidget      *retry,
                  GtkWidget      *discard)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = new_wrapped_label (mfc_outbox_describe_kind (mfc_outbox_entry_get_kind (entry)));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), new_wrapped_label (reason));
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), retry);
  gtk_box_append (GTK_BOX (buttons), discard);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), KEY_DATA,
                          g_strdup (mfc_outbox_entry_get_key (entry)), g_free);
  return row;
}

static const char *
row_key (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? g_object_get_data (G_OBJECT (row), KEY_DATA) : NULL;
}

static void
show_status (MfcOutboxIndicator *self,
             const char         *message)
{
  gtk_label_set_text (self->status_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
}

static void
retry_clicked_cb (GtkButton          *button,
                  MfcOutboxIndicator *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  /* The same body again: the reason was dealt with elsewhere (the
   * applicant fixed on the server, the service back). */
  key = mfc_outbox_retry (self->outbox, row_key (GTK_WIDGET (button)), NULL, &error);
  if (key == NULL)
    show_status (self, error->message);
}

static void
discard_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     MfcOutboxIndicator *self)
{
  g_autoptr(GError) error = NULL;
  const char *key = g_object_get_data (G_OBJECT (dialog), KEY_DATA);

  if (g_strcmp0 (response, "discard") != 0)
    return;
  if (!mfc_outbox_discard (self->outbox, key, &error))
    show_status (self, error->message);
}

static void
discard_clicked_cb (GtkButton          *button,
                    MfcOutboxIndicator *self)
{
  const char *key = row_key (GTK_WIDGET (button));
  g_autoptr(MfcOutboxEntry) entry = mfc_outbox_lookup (self->outbox, key);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (entry == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Delete the Write?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("“%s” will not be sent to the central service. This cannot be undone."),
                                  mfc_outbox_describe_kind (mfc_outbox_entry_get_kind (entry)));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), KEY_DATA, g_strdup (key), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);

  gtk_popover_popdown (self->popover);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
new_row_button (MfcOutboxIndicator *self,
                const char         *label,
                GCallback           callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static void
fill_rejected (MfcOutboxIndicator *self)
{
  g_autoptr(GPtrArray) rejected = mfc_outbox_list (self->outbox, MFC_OUTBOX_STATE_REJECTED);

  remove_rows (self->rejected_list);
  for (guint i = 0; i < rejected->len; i++)
    {
      MfcOutboxEntry *entry = rejected->pdata[i];
      g_autofree char *reason = mfc_outbox_describe_reason (mfc_outbox_entry_get_error (entry));
      GtkWidget *retry = new_row_button (self, _("_Retry"), G_CALLBACK (retry_clicked_cb));
      GtkWidget *discard = new_row_button (self, _("_Delete"), G_CALLBACK (discard_clicked_cb));

      gtk_widget_add_css_class (discard, "destructive-action");
      gtk_list_box_append (self->rejected_list, new_rejected_row (entry, reason, retry, discard));
    }

  gtk_widget_set_visible (self->rejected_title, rejected->len > 0);
  gtk_widget_set_visible (self->rejected_hint, rejected->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_list), rejected->len > 0);
}

static void
fill_pending (MfcOutboxIndicator *self)
{
  g_autoptr(GPtrArray) pending = mfc_outbox_list (self->outbox, MFC_OUTBOX_STATE_PENDING);

  remove_rows (self->pending_list);
  for (guint i = 0; i < pending->len; i++)
    {
      MfcOutboxEntry *entry = pending->pdata[i];
      g_autofree char *at = format_queued_at (mfc_outbox_entry_get_created_at (entry));
      /* Translators: %s is a time, "14:05", or a date and time */
      g_autofree char *subtitle = g_strdup_printf (_("Queued since %s"), at);

      gtk_list_box_append (self->pending_list, new_row (entry, subtitle));
    }

  gtk_widget_set_visible (self->pending_title, pending->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pending_list), pending->len > 0);
  gtk_widget_set_visible (self->send_now_button, pending->len > 0);
}

/* @full: «5 записей ждут отправки» for a screen reader; else the short
 * «5 ждут отправки» of the button, which leaves the header bar room for
 * the section tabs. */
static char *
describe_counts (guint    n_pending,
                 guint    n_rejected,
                 gboolean full)
{
  g_autofree char *pending = NULL;
  g_autofree char *rejected = NULL;

  if (n_pending > 0 && full)
    pending = g_strdup_printf (ngettext ("%u write waiting to be sent",
                                         "%u writes waiting to be sent", n_pending),
                               n_pending);
  else if (n_pending > 0)
    /* Translators: on the header's button, short; the subject is the writes */
    pending = g_strdup_printf (ngettext ("%u waiting to be sent",
                                         "%u waiting to be sent", n_pending),
                               n_pending);
  if (n_rejected > 0)
    rejected = g_strdup_printf (ngettext ("%u not accepted",
                                          "%u not accepted", n_rejected),
                                n_rejected);

  if (pending != NULL && rejected != NULL)
    /* Translators: the two counts of the outbox, e.g. "3 writes waiting to be sent, 1 not accepted" */
    return g_strdup_printf (_("%s, %s"), pending, rejected);
  return g_strdup (pending != NULL ? pending : rejected != NULL ? rejected : "");
}

/* Why nothing goes now, or %NULL */
static char *
describe_stop (MfcOutbox *outbox)
{
  const char *last_error = mfc_outbox_get_last_error (outbox);

  if (!mfc_outbox_get_online (outbox) && last_error != NULL)
    /* Translators: %s is why the last attempt failed, a sentence */
    return g_strdup_printf (_("%s The writes will be sent once the service answers again."),
                            last_error);
  if (mfc_outbox_get_paused (outbox))
    return g_strdup (_("Sending is paused until you log in again."));
  return NULL;
}

static char *
describe_state (MfcOutbox *outbox)
{
  g_autofree char *stop = NULL;

  if (mfc_outbox_get_sending (outbox))
    return g_strdup (_("Sending…"));
  stop = describe_stop (outbox);
  if (stop != NULL)
    return g_steal_pointer (&stop);
  return g_strdup (_("Writes not yet sent to the central service"));
}

static void
update (MfcOutboxIndicator *self)
{
  guint n_pending = mfc_outbox_get_n_pending (self->outbox);
  guint n_rejected = mfc_outbox_get_n_rejected (self->outbox);
  gboolean sending = mfc_outbox_get_sending (self->outbox);
  g_autofree char *counts = describe_counts (n_pending, n_rejected, FALSE);
  g_autofree char *full_counts = describe_counts (n_pending, n_rejected, TRUE);
  g_autofree char *state = describe_state (self->outbox);
  g_autofree char *stop = describe_stop (self->outbox);
  g_autofree char *accessible = g_strdup_printf ("%s. %s", full_counts, state);
  const char *icon_name = "document-send-symbolic";

  if (n_rejected > 0)
    icon_name = "dialog-warning-symbolic";
  else if (!mfc_outbox_get_online (self->outbox))
    icon_name = "network-offline-symbolic";

  gtk_label_set_text (self->label, counts);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), !sending);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), sending);
  mfc_spinner_set_spinning (self->spinner, sending);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  /* Why nothing goes, in the popover too (also while a retry runs). */
  show_status (self, stop);
  fill_rejected (self);
  fill_pending (self);

  gtk_widget_set_visible (GTK_WIDGET (self), n_pending + n_rejected > 0);
}

/* Callbacks */

static void
outbox_changed_cb (MfcOutboxIndicator *self)
{
  update (self);
}

static void
send_now_clicked_cb (MfcOutboxIndicator *self)
{
  show_status (self, NULL);
  mfc_outbox_flush (self->outbox);
}

/* GObject */

static gboolean
mfc_outbox_indicator_grab_focus (GtkWidget *widget)
{
  MfcOutboxIndicator *self = MFC_OUTBOX_INDICATOR (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->button));
}

static void
mfc_outbox_indicator_constructed (GObject *object)
{
  MfcOutboxIndicator *self = MFC_OUTBOX_INDICATOR (object);
  static const char * const notifications[] = {
    "notify::n-pending", "notify::n-rejected", "notify::sending",
    "notify::online", "notify::paused", "notify::last-error", "notify::path",
    "sent", "rejected",
  };

  G_OBJECT_CLASS (mfc_outbox_indicator_parent_class)->constructed (object);

  g_assert (MFC_IS_OUTBOX (self->outbox));
  for (guint i = 0; i < G_N_ELEMENTS (notifications); i++)
    g_signal_connect_object (self->outbox, notifications[i],
                             G_CALLBACK (outbox_changed_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
mfc_outbox_indicator_dispose (GObject *object)
{
  MfcOutboxIndicator *self = MFC_OUTBOX_INDICATOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_OUTBOX_INDICATOR);
  g_clear_object (&self->outbox);

  G_OBJECT_CLASS (mfc_outbox_indicator_parent_class)->dispose (object);
}

static void
mfc_outbox_indicator_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MfcOutboxIndicator *self = MFC_OUTBOX_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      g_value_set_object (value, self->outbox);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_outbox_indicator_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MfcOutboxIndicator *self = MFC_OUTBOX_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_OUTBOX:
      self->outbox = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_outbox_indicator_class_init (MfcOutboxIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mfc_outbox_indicator_constructed;
  object_class->dispose = mfc_outbox_indicator_dispose;
  object_class->get_property = mfc_outbox_indicator_get_property;
  object_class->set_property = mfc_outbox_indicator_set_property;

  widget_class->grab_focus = mfc_outbox_indicator_grab_focus;

  properties[PROP_OUTBOX] =
    g_param_spec_object ("outbox", NULL, NULL,
                         MFC_TYPE_OUTBOX,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (MFC_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/app/mfc-outbox-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, spinner);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, status_label);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, rejected_title);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, rejected_hint);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, rejected_list);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, pending_title);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, pending_list);
  gtk_widget_class_bind_template_child (widget_class, MfcOutboxIndicator, send_now_button);
  gtk_widget_class_bind_template_callback (widget_class, send_now_clicked_cb);
}

static void
mfc_outbox_indicator_init (MfcOutboxIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
mfc_outbox_indicator_new (MfcOutbox *outbox)
{
  g_return_val_if_fail (MFC_IS_OUTBOX (outbox), NULL);

  return g_object_new (MFC_TYPE_OUTBOX_INDICATOR, "outbox", outbox, NULL);
}

MfcOutbox *
mfc_outbox_indicator_get_outbox (MfcOutboxIndicator *self)
{
  g_return_val_if_fail (MFC_IS_OUTBOX_INDICATOR (self), NULL);

  return self->outbox;
}

/**
 * mfc_outbox_indicator_popup:
 *
 * Opens the list of waiting and refused writes (the «Показать» of a
 * rejection's toast); does nothing while the indicator is hidden.
 */
void
mfc_outbox_indicator_popup (MfcOutboxIndicator *self)
{
  g_return_if_fail (MFC_IS_OUTBOX_INDICATOR (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_menu_button_popup (self->button);
}

void
mfc_outbox_indicator_popdown (MfcOutboxIndicator *self)
{
  g_return_if_fail (MFC_IS_OUTBOX_INDICATOR (self));

  gtk_menu_button_popdown (self->button);
}

/**
 * mfc_outbox_describe_kind:
 * @kind: a write's kind, e.g. "ticket.create"
 *
 * Returns: what the write is, translated («Новое обращение»); «Запись»
 *   for a kind the table does not know
 */
const char *
mfc_outbox_describe_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return _(kinds[i].words);

  return _("Write to the central service");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * mfc_outbox_describe_reason:
 * @error: (nullable): why a write was refused (mfc_outbox_entry_get_error())
 *
 * Returns: (transfer full): the service's own message and its messages
 *   for fields ("Проверьте поля: Текст комментария от 1 до 4000
 *   символов"), or the outbox's reason for a dependant
 */
char *
mfc_outbox_describe_reason (const GError *error)
{
  const char *message;
  GHashTable *fields;
  g_autoptr(GPtrArray) parts = NULL;
  g_autofree char *joined = NULL;

  if (error == NULL)
    return g_strdup (_("The service did not say why."));
  if (error->domain != MFC_CLIENT_ERROR)
    return g_strdup (error->message);

  message = mfc_client_error_get_server_message (error);
  if (message == NULL || message[0] == '\0')
    message = error->message;

  fields = mfc_client_error_get_fields (error);
  if (fields == NULL || g_hash_table_size (fields) == 0)
    return g_strdup (message);

  /* In a stable order: the same write reads the same each time. */
  parts = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, fields);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_ptr_array_add (parts, value);
  }
  g_ptr_array_sort (parts, compare_strings);
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv ("; ", (char **) parts->pdata);

  /* Translators: the service's message, then its messages for fields */
  return g_strdup_printf (_("%s: %s"), message, joined);
}
