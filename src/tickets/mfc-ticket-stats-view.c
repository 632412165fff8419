/* mfc-ticket-stats-view.c
 *
 * The groups are built anew for every summary: a handful of rows, no
 * model worth keeping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "mfc-spinner.h"
#include "mfc-ticket-stats-view.h"
#include "mfc-ticket.h"

struct _MfcTicketStatsView
{
  GtkWidget       parent_instance;

  MfcContext     *context;
  MfcTicketStats *stats;
  GCancellable   *cancellable;
  GPtrArray      *groups;       /* the groups shown, to remove */

  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  MfcSpinner     *spinner;
  GtkBox         *content;
  GtkLabel       *message_label;
};

G_DEFINE_FINAL_TYPE (MfcTicketStatsView, mfc_ticket_stats_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* «дд.мм.гггг» → «гггг-мм-дд»; NULL for empty, "" for a bad date */
static char *
parse_day (const char *text)
{
  unsigned d, m, y;
  char tail;

  if (text == NULL || text[0] == '\0')
    return NULL;
  if (sscanf (text, "%u.%u.%u%c", &d, &m, &y, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    return g_strdup ("");
  return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
}

static char *
show_day (const char *iso)
{
  unsigned d, m, y;

  if (iso == NULL || sscanf (iso, "%u-%u-%u", &y, &m, &d) != 3)
    return g_strdup ("");
  return g_strdup_printf ("%02u.%02u.%04u", d, m, y);
}

static GtkWidget *
add_group (MfcTicketStatsView *self,
           const char         *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (self->content, group);
  g_ptr_array_add (self->groups, group);
  return group;
}

static void
add_row (GtkWidget  *group,
         const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_int_row (GtkWidget  *group,
             const char *title,
             int         value)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  add_row (group, title, text);
}

static void
render (MfcTicketStatsView *self)
{
  static const char * const open_statuses[] = { "accepted", "in_progress", "in_approval", "awaiting_documents", NULL };
  GtkWidget *group;
  GArray *rows;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *title = NULL;

  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->content, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  if (self->stats == NULL)
    return;

  from = show_day (mfc_ticket_stats_get_from (self->stats));
  to = show_day (mfc_ticket_stats_get_to (self->stats));
  title = g_strdup_printf (_("Created from %s to %s"), from, to);
  group = add_group (self, title);
  add_int_row (group, _("Tickets created"), mfc_ticket_stats_get_total (self->stats));
  add_int_row (group, _("Overdue now"), mfc_ticket_stats_get_overdue (self->stats));
  add_int_row (group, _("Due this week"), mfc_ticket_stats_get_due_this_week (self->stats));
  add_int_row (group, _("Decided"), mfc_ticket_stats_get_decided (self->stats));
  {
    double share = mfc_ticket_stats_get_on_time_share (self->stats);
    g_autofree char *text = isnan (share)
      ? g_strdup ("—")
      : g_strdup_printf ("%d (%.0f %%)", mfc_ticket_stats_get_decided_on_time (self->stats), share * 100);

    add_row (group, _("Decided on time"), text);
  }
  {
    g_autofree char *first = mfc_ticket_stats_format_hours (mfc_ticket_stats_get_median_first_action (self->stats));
    g_autofree char *decision = mfc_ticket_stats_format_hours (mfc_ticket_stats_get_median_decision (self->stats));

    add_row (group, _("Median time to the first action"), first);
    add_row (group, _("Median time to the decision"), decision);
  }

  group = add_group (self, _("Open by Status"));
  for (guint i = 0; open_statuses[i] != NULL; i++)
    add_int_row (group, mfc_ticket_status_label (open_statuses[i]),
                 mfc_ticket_stats_get_open (self->stats, open_statuses[i]));

  group = add_group (self, _("Open by Type"));
  for (guint i = 0; mfc_ticket_kinds ()[i] != NULL; i++)
    add_int_row (group, mfc_ticket_kind_label (mfc_ticket_kinds ()[i]),
                 mfc_ticket_stats_get_open (self->stats, mfc_ticket_kinds ()[i]));

  group = add_group (self, _("Load per Clerk"));
  rows = mfc_ticket_stats_get_load_per_clerk (self->stats);
  if (rows->len == 0)
    add_row (group, _("Nobody has open tickets"), "");
  for (guint i = 0; i < rows->len; i++)
    {
      MfcTicketStatsRow *r = &g_array_index (rows, MfcTicketStatsRow, i);
      g_autofree char *text = g_strdup_printf (_("%d open, %d overdue"), r->count, r->overdue);

      add_row (group, r->label, text);
    }

  group = add_group (self, _("Rejection Reasons"));
  rows = mfc_ticket_stats_get_rejection_reasons (self->stats);
  if (rows->len == 0)
    add_row (group, _("No rejections in the period"), "");
  for (guint i = 0; i < rows->len; i++)
    {
      MfcTicketStatsRow *r = &g_array_index (rows, MfcTicketStatsRow, i);

      add_int_row (group, r->label, r->count);
    }
}

static void
set_message (MfcTicketStatsView *self,
             const char         *text)
{
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MfcTicketStatsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcTicketStats) stats = NULL;

  stats = mfc_ticket_stats_load_finish (MFC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  mfc_spinner_stop (self->spinner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (stats == NULL)
    {
      if (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_FORBIDDEN))
        set_message (self, _("The summary is for supervisors"));
      else
        set_message (self, error->message);
      return;
    }
  set_message (self, NULL);
  g_set_object (&self->stats, stats);
  render (self);
}

static void
back_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
load_action (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  mfc_ticket_stats_view_load (MFC_TICKET_STATS_VIEW (widget));
}

static void
mfc_ticket_stats_view_dispose (GObject *object)
{
  MfcTicketStatsView *self = MFC_TICKET_STATS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_TICKET_STATS_VIEW);
  /* The template's unnamed top-level children too */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->stats);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mfc_ticket_stats_view_parent_class)->dispose (object);
}

static void
mfc_ticket_stats_view_finalize (GObject *object)
{
  g_ptr_array_unref (MFC_TICKET_STATS_VIEW (object)->groups);

  G_OBJECT_CLASS (mfc_ticket_stats_view_parent_class)->finalize (object);
}

static void
mfc_ticket_stats_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MfcTicketStatsView *self = MFC_TICKET_STATS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_ticket_stats_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MfcTicketStatsView *self = MFC_TICKET_STATS_VIEW (object);

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
mfc_ticket_stats_view_class_init (MfcTicketStatsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mfc_ticket_stats_view_dispose;
  object_class->finalize = mfc_ticket_stats_view_finalize;
  object_class->get_property = mfc_ticket_stats_view_get_property;
  object_class->set_property = mfc_ticket_stats_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MFC_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MfcTicketStatsView::back:
   *
   * The supervisor asks for the list again.
   */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MFC_TYPE_SPINNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/tickets/mfc-ticket-stats-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketStatsView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketStatsView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketStatsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketStatsView, content);
  gtk_widget_class_bind_template_child (widget_class, MfcTicketStatsView, message_label);
  gtk_widget_class_install_action (widget_class, "stats.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "stats.load", NULL, load_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "stats.back", NULL);
}

static void
mfc_ticket_stats_view_init (MfcTicketStatsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->groups = g_ptr_array_new ();
  g_signal_connect_swapped (self->from_entry, "activate", G_CALLBACK (mfc_ticket_stats_view_load), self);
  g_signal_connect_swapped (self->to_entry, "activate", G_CALLBACK (mfc_ticket_stats_view_load), self);
}

MfcTicketStatsView *
mfc_ticket_stats_view_new (MfcContext *context)
{
  g_return_val_if_fail (MFC_IS_CONTEXT (context), NULL);

  return g_object_new (MFC_TYPE_TICKET_STATS_VIEW, "context", context, NULL);
}

/* Loads the summary for the period typed (default: the last 30 days) */
void
mfc_ticket_stats_view_load (MfcTicketStatsView *self)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_if_fail (MFC_IS_TICKET_STATS_VIEW (self));

  from = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)));
  to = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)));
  if ((from != NULL && from[0] == '\0') || (to != NULL && to[0] == '\0'))
    {
      set_message (self, _("Type the date as DD.MM.YYYY, e.g. 01.11.2026"));
      return;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  mfc_spinner_start (self->spinner);
  mfc_ticket_stats_load_async (mfc_context_get_client (self->context), NULL, from, to, self->cancellable,
                               loaded_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * mfc_ticket_stats_view_get_stats:
 *
 * Returns: (transfer none) (nullable): the summary shown
 */
MfcTicketStats *
mfc_ticket_stats_view_get_stats (MfcTicketStatsView *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_STATS_VIEW (self), NULL);

  return self->stats;
}

gboolean
mfc_ticket_stats_view_get_loading (MfcTicketStatsView *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_STATS_VIEW (self), FALSE);

  return self->cancellable != NULL;
}
