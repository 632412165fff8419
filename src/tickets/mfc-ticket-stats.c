/* mfc-ticket-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mfc-ticket.h"
#include "mfc-ticket-stats.h"

struct _MfcTicketStats
{
  GObject     parent_instance;

  char       *from;
  char       *to;
  int         total;
  GHashTable *open;          /* status or type → count */
  int         overdue;
  int         due_this_week;
  int         decided;
  int         decided_on_time;
  double      on_time_share; /* NAN when nothing was decided */
  double      median_first;  /* hours, NAN when none */
  double      median_decision;
  GArray     *reasons;       /* MfcTicketStatsRow */
  GArray     *clerks;        /* MfcTicketStatsRow */
};

G_DEFINE_FINAL_TYPE (MfcTicketStats, mfc_ticket_stats, G_TYPE_OBJECT)

static void
row_clear (gpointer data)
{
  g_free (((MfcTicketStatsRow *) data)->label);
}

static void
mfc_ticket_stats_finalize (GObject *object)
{
  MfcTicketStats *self = MFC_TICKET_STATS (object);

  g_free (self->from);
  g_free (self->to);
  g_hash_table_unref (self->open);
  g_array_unref (self->reasons);
  g_array_unref (self->clerks);

  G_OBJECT_CLASS (mfc_ticket_stats_parent_class)->finalize (object);
}

static void
mfc_ticket_stats_class_init (MfcTicketStatsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mfc_ticket_stats_finalize;
}

static void
mfc_ticket_stats_init (MfcTicketStats *self)
{
  self->open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->reasons = g_array_new (FALSE, TRUE, sizeof (MfcTicketStatsRow));
  self->clerks = g_array_new (FALSE, TRUE, sizeof (MfcTicketStatsRow));
  g_array_set_clear_func (self->reasons, row_clear);
  g_array_set_clear_func (self->clerks, row_clear);
}

static double
number_or_nan (JsonObject *o,
               const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NAN;
  return json_node_get_double (node);
}

static void
read_counts (MfcTicketStats *self,
             JsonObject     *o,
             const char     *member)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autoptr(GList) names = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  names = json_object_get_members (json_node_get_object (node));
  for (GList *l = names; l != NULL; l = l->next)
    g_hash_table_insert (self->open, g_strdup (l->data),
                         GINT_TO_POINTER ((int) json_object_get_int_member_with_default (json_node_get_object (node),
                                                                                          l->data, 0)));
}

/**
 * mfc_ticket_stats_new_from_json:
 * @object: a `TicketStats`
 *
 * Returns: (transfer full) (nullable): the summary; %NULL with an
 *   MFC_CLIENT_ERROR_PROTOCOL error when @object is not one
 */
MfcTicketStats *
mfc_ticket_stats_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(MfcTicketStats) self = NULL;
  JsonArray *array;

  g_return_val_if_fail (object != NULL, NULL);

  if (!json_object_has_member (object, "total") || !json_object_has_member (object, "open_by_status") ||
      !json_object_has_member (object, "rejection_reasons") || !json_object_has_member (object, "load_per_clerk"))
    {
      g_set_error_literal (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL,
                           _("The service sent a summary that cannot be read"));
      return NULL;
    }

  self = g_object_new (MFC_TYPE_TICKET_STATS, NULL);
  self->from = g_strdup (json_object_get_string_member_with_default (object, "from", ""));
  self->to = g_strdup (json_object_get_string_member_with_default (object, "to", ""));
  self->total = json_object_get_int_member_with_default (object, "total", 0);
  read_counts (self, object, "open_by_status");
  read_counts (self, object, "open_by_type");
  self->overdue = json_object_get_int_member_with_default (object, "overdue", 0);
  self->due_this_week = json_object_get_int_member_with_default (object, "due_this_week", 0);
  self->decided = json_object_get_int_member_with_default (object, "decided", 0);
  self->decided_on_time = json_object_get_int_member_with_default (object, "decided_on_time", 0);
  self->on_time_share = number_or_nan (object, "decided_on_time_share");
  self->median_first = number_or_nan (object, "median_hours_to_first_action");
  self->median_decision = number_or_nan (object, "median_hours_to_decision");

  array = json_object_get_array_member (object, "rejection_reasons");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *r = json_array_get_object_element (array, i);
      MfcTicketStatsRow row = { 0 };

      if (r == NULL)
        continue;
      row.label = g_strdup (json_object_get_string_member_with_default (r, "reason", ""));
      row.count = json_object_get_int_member_with_default (r, "count", 0);
      g_array_append_val (self->reasons, row);
    }
  array = json_object_get_array_member (object, "load_per_clerk");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *r = json_array_get_object_element (array, i);
      JsonObject *user = r != NULL && json_object_has_member (r, "user") &&
                         JSON_NODE_HOLDS_OBJECT (json_object_get_member (r, "user"))
                         ? json_object_get_object_member (r, "user") : NULL;
      MfcTicketStatsRow row = { 0 };

      if (user == NULL)
        continue;
      row.label = g_strdup (json_object_get_string_member_with_default (user, "full_name", ""));
      row.count = json_object_get_int_member_with_default (r, "open", 0);
      row.overdue = json_object_get_int_member_with_default (r, "overdue", 0);
      g_array_append_val (self->clerks, row);
    }

  return g_steal_pointer (&self);
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(MfcClientResponse) response = NULL;
  GError *error = NULL;
  MfcTicketStats *stats;

  response = mfc_client_request_finish (MFC_CLIENT (object), result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  stats = mfc_client_response_get_object (response) != NULL
          ? mfc_ticket_stats_new_from_json (mfc_client_response_get_object (response), &error) : NULL;
  if (stats == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_PROTOCOL,
                                     _("The service sent a summary that cannot be read"));
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, stats, g_object_unref);
}

/**
 * mfc_ticket_stats_load_async:
 * @office_id: (nullable): the office, %NULL for the user's own
 * @from: (nullable): first day, YYYY-MM-DD (default: 30 days ago)
 * @to: (nullable): last day (default: today)
 */
void
mfc_ticket_stats_load_async (MfcClient           *client,
                             const char          *office_id,
                             const char          *from,
                             const char          *to,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/stats/tickets");
  GTask *task;

  g_return_if_fail (MFC_IS_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_ticket_stats_load_async);
  if (office_id != NULL)
    mfc_query_add (query, "office", office_id);
  if (from != NULL)
    mfc_query_add (query, "from", from);
  if (to != NULL)
    mfc_query_add (query, "to", to);
  mfc_client_get_async (client, query, cancellable, stats_cb, task);
}

/**
 * mfc_ticket_stats_load_finish:
 *
 * Returns: (transfer full) (nullable): the summary; a clerk gets
 *   MFC_CLIENT_ERROR_FORBIDDEN
 */
MfcTicketStats *
mfc_ticket_stats_load_finish (MfcClient     *client,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *mfc_ticket_stats_get_from (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), NULL); return self->from; }
const char *mfc_ticket_stats_get_to (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), NULL); return self->to; }
int mfc_ticket_stats_get_total (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), 0); return self->total; }
int mfc_ticket_stats_get_overdue (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), 0); return self->overdue; }
int mfc_ticket_stats_get_due_this_week (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), 0); return self->due_this_week; }
int mfc_ticket_stats_get_decided (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), 0); return self->decided; }
int mfc_ticket_stats_get_decided_on_time (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), 0); return self->decided_on_time; }
double mfc_ticket_stats_get_on_time_share (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), NAN); return self->on_time_share; }
double mfc_ticket_stats_get_median_first_action (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), NAN); return self->median_first; }
double mfc_ticket_stats_get_median_decision (MfcTicketStats *self) { g_return_val_if_fail (MFC_IS_TICKET_STATS (self), NAN); return self->median_decision; }

/* Open tickets of a status (accepted…awaiting_documents) or a type */
int
mfc_ticket_stats_get_open (MfcTicketStats *self,
                           const char     *status_or_type)
{
  g_return_val_if_fail (MFC_IS_TICKET_STATS (self), 0);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->open, status_or_type));
}

/**
 * mfc_ticket_stats_get_rejection_reasons:
 *
 * Returns: (transfer none) (element-type MfcTicketStatsRow): most frequent first
 */
GArray *
mfc_ticket_stats_get_rejection_reasons (MfcTicketStats *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_STATS (self), NULL);

  return self->reasons;
}

/**
 * mfc_ticket_stats_get_load_per_clerk:
 *
 * Returns: (transfer none) (element-type MfcTicketStatsRow): busiest first
 */
GArray *
mfc_ticket_stats_get_load_per_clerk (MfcTicketStats *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_STATS (self), NULL);

  return self->clerks;
}

/* «20,5 ч», «4 дн. 3 ч»; «—» when unknown */
char *
mfc_ticket_stats_format_hours (double hours)
{
  if (isnan (hours))
    return g_strdup ("—");
  if (hours < 48)
    return g_strdup_printf (_("%.1f h"), hours);
  return g_strdup_printf (_("%d d %d h"), (int) (hours / 24), (int) fmod (hours, 24));
}
