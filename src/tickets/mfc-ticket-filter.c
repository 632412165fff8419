/* mfc-ticket-filter.c
 *
 * Every setter emits ::changed only when the value really changes, so a
 * list that follows the filter asks the service once per real change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <string.h>

#include "mfc-ticket.h"
#include "mfc-ticket-filter.h"

struct _MfcTicketFilter
{
  GObject            parent_instance;

  GStrv              statuses;   /* in the order of mfc_ticket_statuses() */
  char              *kind;
  char              *service;
  MfcTicketAssignee  assignee;
  char              *from;
  char              *to;
  gboolean           overdue;
  gboolean           at_risk;
  char              *text;
  char              *sort;
};

G_DEFINE_FINAL_TYPE (MfcTicketFilter, mfc_ticket_filter, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (MfcTicketFilter *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* NULL for an empty or blank string */
static char *
dup_nonblank (const char *s)
{
  g_autofree char *stripped = s != NULL ? g_strstrip (g_strdup (s)) : NULL;

  return stripped != NULL && stripped[0] != '\0' ? g_steal_pointer (&stripped) : NULL;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  g_autofree char *v = dup_nonblank (value);

  if (g_strcmp0 (*field, v) == 0)
    return FALSE;
  g_free (*field);
  *field = g_steal_pointer (&v);
  return TRUE;
}

static gboolean
valid_date (const char *s)
{
  GDate date;

  if (s == NULL || strlen (s) != 10)
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, s);
  return g_date_valid (&date) && s[4] == '-' && s[7] == '-';
}

static void
mfc_ticket_filter_finalize (GObject *object)
{
  MfcTicketFilter *self = MFC_TICKET_FILTER (object);

  g_strfreev (self->statuses);
  g_free (self->kind);
  g_free (self->service);
  g_free (self->from);
  g_free (self->to);
  g_free (self->text);
  g_free (self->sort);

  G_OBJECT_CLASS (mfc_ticket_filter_parent_class)->finalize (object);
}

static void
mfc_ticket_filter_class_init (MfcTicketFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mfc_ticket_filter_finalize;

  /**
   * MfcTicketFilter::changed:
   *
   * Something of the filter changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mfc_ticket_filter_init (MfcTicketFilter *self)
{
  self->statuses = g_new0 (char *, 1);
  self->sort = g_strdup ("-created_at");
}

/* Public API */

MfcTicketFilter *
mfc_ticket_filter_new (void)
{
  return g_object_new (MFC_TYPE_TICKET_FILTER, NULL);
}

MfcTicketFilter *
mfc_ticket_filter_copy (MfcTicketFilter *self)
{
  g_autoptr(GVariant) v = NULL;

  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  v = g_variant_ref_sink (mfc_ticket_filter_to_variant (self));
  return mfc_ticket_filter_new_from_variant (v);
}

gboolean
mfc_ticket_filter_equal (MfcTicketFilter *self,
                         MfcTicketFilter *other)
{
  g_autoptr(GVariant) a = NULL;
  g_autoptr(GVariant) b = NULL;

  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), FALSE);
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (other), FALSE);

  a = g_variant_ref_sink (mfc_ticket_filter_to_variant (self));
  b = g_variant_ref_sink (mfc_ticket_filter_to_variant (other));
  return g_variant_equal (a, b);
}

const char * const *
mfc_ticket_filter_get_statuses (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  return (const char * const *) self->statuses;
}

/**
 * mfc_ticket_filter_set_statuses:
 * @statuses: (nullable): statuses of the contract; empty or %NULL for any.
 *   Unknown ones are left out.
 */
void
mfc_ticket_filter_set_statuses (MfcTicketFilter    *self,
                                const char * const *statuses)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  for (const char * const *s = mfc_ticket_statuses (); *s != NULL; s++)
    if (statuses != NULL && g_strv_contains (statuses, *s))
      g_strv_builder_add (builder, *s);
  list = g_strv_builder_end (builder);

  if (g_strv_equal ((const char * const *) list, (const char * const *) self->statuses))
    return;
  g_strfreev (self->statuses);
  self->statuses = g_steal_pointer (&list);
  changed (self);
}

gboolean
mfc_ticket_filter_has_status (MfcTicketFilter *self,
                              const char      *status)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), FALSE);

  return status != NULL && g_strv_contains ((const char * const *) self->statuses, status);
}

void
mfc_ticket_filter_toggle_status (MfcTicketFilter *self,
                                 const char      *status,
                                 gboolean         on)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();

  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  for (char **s = self->statuses; *s != NULL; s++)
    if (!g_str_equal (*s, status))
      g_ptr_array_add (list, *s);
  if (on)
    g_ptr_array_add (list, (gpointer) status);
  g_ptr_array_add (list, NULL);
  mfc_ticket_filter_set_statuses (self, (const char * const *) list->pdata);
}

const char *
mfc_ticket_filter_get_kind (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  return self->kind;
}

/* @kind: (nullable): a ticket type, %NULL for any */
void
mfc_ticket_filter_set_kind (MfcTicketFilter *self,
                            const char      *kind)
{
  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  if (kind != NULL && !g_strv_contains (mfc_ticket_kinds (), kind))
    kind = NULL;
  if (set_string (&self->kind, kind))
    changed (self);
}

const char *
mfc_ticket_filter_get_service (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  return self->service;
}

void
mfc_ticket_filter_set_service (MfcTicketFilter *self,
                               const char      *service_id)
{
  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  if (set_string (&self->service, service_id))
    changed (self);
}

MfcTicketAssignee
mfc_ticket_filter_get_assignee (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), MFC_TICKET_ASSIGNEE_ANYONE);

  return self->assignee;
}

void
mfc_ticket_filter_set_assignee (MfcTicketFilter   *self,
                                MfcTicketAssignee  assignee)
{
  g_return_if_fail (MFC_IS_TICKET_FILTER (self));
  g_return_if_fail (assignee <= MFC_TICKET_ASSIGNEE_OFFICE);

  if (self->assignee == assignee)
    return;
  self->assignee = assignee;
  changed (self);
}

const char *
mfc_ticket_filter_get_from (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  return self->from;
}

const char *
mfc_ticket_filter_get_to (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  return self->to;
}

/**
 * mfc_ticket_filter_set_dates:
 * @from: (nullable): created on or after, YYYY-MM-DD; %NULL for no limit
 * @to: (nullable): created on or before
 *
 * A value that is not a date is taken as no limit.
 */
void
mfc_ticket_filter_set_dates (MfcTicketFilter *self,
                             const char      *from,
                             const char      *to)
{
  gboolean c;

  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  c = set_string (&self->from, valid_date (from) ? from : NULL);
  c = set_string (&self->to, valid_date (to) ? to : NULL) || c;
  if (c)
    changed (self);
}

gboolean
mfc_ticket_filter_get_overdue (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), FALSE);

  return self->overdue;
}

void
mfc_ticket_filter_set_overdue (MfcTicketFilter *self,
                               gboolean         overdue)
{
  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  if (self->overdue == !!overdue)
    return;
  self->overdue = !!overdue;
  changed (self);
}

gboolean
mfc_ticket_filter_get_at_risk (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), FALSE);

  return self->at_risk;
}

/* Only tickets with at most 2 working days left (not overdue, not paused) */
void
mfc_ticket_filter_set_at_risk (MfcTicketFilter *self,
                               gboolean         at_risk)
{
  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  if (self->at_risk == !!at_risk)
    return;
  self->at_risk = !!at_risk;
  changed (self);
}

const char *
mfc_ticket_filter_get_text (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  return self->text;
}

/* @text: a fragment of the number («MFC-2026-000123», «123») or of the
 * applicant's name */
void
mfc_ticket_filter_set_text (MfcTicketFilter *self,
                            const char      *text)
{
  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  if (text != NULL && g_utf8_strlen (text, -1) > 200)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, 200);

      if (set_string (&self->text, cut))
        changed (self);
      return;
    }
  if (set_string (&self->text, text))
    changed (self);
}

const char *
mfc_ticket_filter_get_sort (MfcTicketFilter *self)
{
  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  return self->sort;
}

/* @sort: created_at, due_date or number, with «-» for descending; anything
 * else is the default, -created_at */
void
mfc_ticket_filter_set_sort (MfcTicketFilter *self,
                            const char      *sort)
{
  static const char * const sorts[] = {
    "created_at", "-created_at", "due_date", "-due_date", "number", "-number", NULL
  };

  g_return_if_fail (MFC_IS_TICKET_FILTER (self));

  if (sort == NULL || !g_strv_contains (sorts, sort))
    sort = "-created_at";
  if (set_string (&self->sort, sort))
    changed (self);
}

/**
 * mfc_ticket_filter_to_query:
 * @office_id: (nullable): the clerk's office, for %MFC_TICKET_ASSIGNEE_OFFICE;
 *   %NULL: `assignee=office`, the service knows the clerk's office
 * @limit: page size, 0 for the service's default
 *
 * Returns: (transfer full): `GET /api/v1/tickets` with this filter
 */
/* Everything but the statuses, the sort and the page size */
static void
add_filters (MfcTicketFilter *self,
             MfcQuery        *query,
             const char      *office_id)
{
  if (self->kind != NULL)
    mfc_query_add (query, "type", self->kind);
  if (self->service != NULL)
    mfc_query_add (query, "service", self->service);
  if (self->assignee == MFC_TICKET_ASSIGNEE_ME)
    mfc_query_add (query, "assignee", "me");
  else if (self->assignee == MFC_TICKET_ASSIGNEE_OFFICE && office_id != NULL)
    mfc_query_add (query, "office", office_id);
  else if (self->assignee == MFC_TICKET_ASSIGNEE_OFFICE)
    mfc_query_add (query, "assignee", "office");
  if (self->from != NULL)
    mfc_query_add (query, "from", self->from);
  if (self->to != NULL)
    mfc_query_add (query, "to", self->to);
  if (self->overdue)
    mfc_query_add_bool (query, "overdue", TRUE);
  if (self->at_risk)
    mfc_query_add_bool (query, "at_risk", TRUE);
  if (self->text != NULL)
    mfc_query_add (query, "q", self->text);
}

MfcQuery *
mfc_ticket_filter_to_query (MfcTicketFilter *self,
                            const char      *office_id,
                            guint            limit)
{
  MfcQuery *query;

  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  query = mfc_query_new ("/api/v1/tickets");
  if (self->statuses[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (",", self->statuses);

      mfc_query_add (query, "status", list);
    }
  add_filters (self, query, office_id);
  mfc_query_add (query, "sort", self->sort);
  if (limit > 0)
    mfc_query_add_int (query, "limit", limit);

  return query;
}

/**
 * mfc_ticket_filter_to_counts_query:
 *
 * Returns: (transfer full): `GET /api/v1/tickets/counts` with every filter
 *   but the statuses: how many of each status the other filters leave
 *   (the numbers on the status chips)
 */
MfcQuery *
mfc_ticket_filter_to_counts_query (MfcTicketFilter *self,
                                   const char      *office_id)
{
  MfcQuery *query;

  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  query = mfc_query_new ("/api/v1/tickets/counts");
  add_filters (self, query, office_id);
  return query;
}

/**
 * mfc_ticket_filter_to_variant:
 *
 * Returns: (transfer floating): the filter as `a{sv}`, only what is set
 */
GVariant *
mfc_ticket_filter_to_variant (MfcTicketFilter *self)
{
  GVariantBuilder b;

  g_return_val_if_fail (MFC_IS_TICKET_FILTER (self), NULL);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  if (self->statuses[0] != NULL)
    g_variant_builder_add (&b, "{sv}", "statuses",
                           g_variant_new_strv ((const char * const *) self->statuses, -1));
  if (self->kind != NULL)
    g_variant_builder_add (&b, "{sv}", "type", g_variant_new_string (self->kind));
  if (self->service != NULL)
    g_variant_builder_add (&b, "{sv}", "service", g_variant_new_string (self->service));
  if (self->assignee == MFC_TICKET_ASSIGNEE_ME)
    g_variant_builder_add (&b, "{sv}", "assignee", g_variant_new_string ("me"));
  else if (self->assignee == MFC_TICKET_ASSIGNEE_OFFICE)
    g_variant_builder_add (&b, "{sv}", "assignee", g_variant_new_string ("office"));
  if (self->from != NULL)
    g_variant_builder_add (&b, "{sv}", "from", g_variant_new_string (self->from));
  if (self->to != NULL)
    g_variant_builder_add (&b, "{sv}", "to", g_variant_new_string (self->to));
  if (self->overdue)
    g_variant_builder_add (&b, "{sv}", "overdue", g_variant_new_boolean (TRUE));
  if (self->at_risk)
    g_variant_builder_add (&b, "{sv}", "at_risk", g_variant_new_boolean (TRUE));
  if (self->text != NULL)
    g_variant_builder_add (&b, "{sv}", "q", g_variant_new_string (self->text));
  if (!g_str_equal (self->sort, "-created_at"))
    g_variant_builder_add (&b, "{sv}", "sort", g_variant_new_string (self->sort));

  return g_variant_builder_end (&b);
}

/**
 * mfc_ticket_filter_new_from_variant:
 * @variant: `a{sv}` as mfc_ticket_filter_to_variant() makes; what is
 *   unknown or of the wrong type is ignored
 *
 * Returns: (transfer full): the filter
 */
MfcTicketFilter *
mfc_ticket_filter_new_from_variant (GVariant *variant)
{
  MfcTicketFilter *self = mfc_ticket_filter_new ();
  g_autofree const char **statuses = NULL;
  const char *s;

  g_return_val_if_fail (variant != NULL, self);

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE_VARDICT))
    return self;

  if (g_variant_lookup (variant, "statuses", "^a&s", &statuses))
    mfc_ticket_filter_set_statuses (self, statuses);
  if (g_variant_lookup (variant, "type", "&s", &s))
    mfc_ticket_filter_set_kind (self, s);
  if (g_variant_lookup (variant, "service", "&s", &s))
    mfc_ticket_filter_set_service (self, s);
  if (g_variant_lookup (variant, "assignee", "&s", &s))
    mfc_ticket_filter_set_assignee (self, g_str_equal (s, "me") ? MFC_TICKET_ASSIGNEE_ME :
                                          g_str_equal (s, "office") ? MFC_TICKET_ASSIGNEE_OFFICE :
                                          MFC_TICKET_ASSIGNEE_ANYONE);
  {
    const char *from = NULL, *to = NULL;

    g_variant_lookup (variant, "from", "&s", &from);
    g_variant_lookup (variant, "to", "&s", &to);
    mfc_ticket_filter_set_dates (self, from, to);
  }
  {
    gboolean overdue = FALSE;

    if (g_variant_lookup (variant, "overdue", "b", &overdue))
      mfc_ticket_filter_set_overdue (self, overdue);
    overdue = FALSE;
    if (g_variant_lookup (variant, "at_risk", "b", &overdue))
      mfc_ticket_filter_set_at_risk (self, overdue);
  }
  if (g_variant_lookup (variant, "q", "&s", &s))
    mfc_ticket_filter_set_text (self, s);
  if (g_variant_lookup (variant, "sort", "&s", &s))
    mfc_ticket_filter_set_sort (self, s);

  return self;
}
