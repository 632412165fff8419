/* mfc-ticket.c
 *
 * Read strictly: a member of the wrong type is an error, so a page of the
 * list lands whole or not at all (MfcPagedModel).  The JSON is kept, for
 * the export and the ticket view's details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mfc-ticket.h"

struct _MfcTicket
{
  GObject     parent_instance;

  JsonObject *json;
  char       *id;
  char       *number;
  char       *kind;
  char       *status;
  char       *applicant_name;
  char       *service_id;
  char       *service_title;
  char       *office_id;
  char       *assignee_id;
  char       *assignee_name;
  char       *description;
  GDateTime  *created_at;
  GDateTime  *updated_at;
  char       *due_date;
  gboolean    paused;
  gboolean    has_days_left;
  int         working_days_left;
  gboolean    overdue;
  gint64      version;
  const char * const *allowed;  /* one of allowed_tables: shared */
  gboolean    at_risk;
  gboolean    escalated;
  char       *channel;
  char       *priority;
  gboolean    decided;
  GDateTime  *handed_over_at;
  char       *handed_over_by;
  char       *due_text;      /* formatted once per version: rows rebind often */
  char       *created_text;
};

G_DEFINE_FINAL_TYPE (MfcTicket, mfc_ticket, G_TYPE_OBJECT)
G_DEFINE_QUARK (mfc-ticket-error-quark, mfc_ticket_error)

enum {
  PROP_0,
  PROP_ID,
  PROP_NUMBER,
  PROP_KIND,
  PROP_STATUS,
  PROP_APPLICANT_NAME,
  PROP_SERVICE_TITLE,
  PROP_ASSIGNEE_NAME,
  PROP_DUE_TEXT,
  PROP_OVERDUE,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const statuses[] = {
  "accepted", "in_progress", "in_approval", "awaiting_documents", "approved", "rejected", NULL
};
/* Every set of allowed moves, in the order of statuses: a ticket points
 * at one instead of holding its own list. */
static const char *allowed_tables[64][7];

static const char * const *
allowed_table (GStrv allowed)
{
  guint mask = 0;

  for (guint i = 0; statuses[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) allowed, statuses[i]))
      mask |= 1u << i;
  return allowed_tables[mask];
}

static const char * const kinds[] = {
  "application", "request", "complaint", "suggestion", NULL
};

/* Helpers */

static gboolean
invalid (GError     **error,
         const char  *member)
{
  /* The member's name only: values may be personal data. */
  g_debug ("Ticket: member «%s» missing or of the wrong type", member);
  g_set_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_INVALID,
               _("The service sent a ticket that cannot be read"));
  return FALSE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gboolean     nullable,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node) && nullable)
    {
      *out = NULL;
      return TRUE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, member);

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* A reference object {id, full_name|title} or null */
static gboolean
read_ref (JsonObject  *object,
          const char  *member,
          const char  *name_member,
          gboolean     nullable,
          char       **id,
          char       **name,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *id = NULL;
  *name = NULL;
  if (node != NULL && JSON_NODE_HOLDS_NULL (node) && nullable)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, member);
  if (!read_string (json_node_get_object (node), "id", FALSE, id, error))
    return FALSE;
  if (!read_string (json_node_get_object (node), name_member, FALSE, name, error))
    {
      g_clear_pointer (id, g_free);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_time (JsonObject  *object,
           const char  *member,
           GDateTime  **out,
           GError     **error)
{
  g_autofree char *text = NULL;

  if (!read_string (object, member, FALSE, &text, error))
    return FALSE;
  /* The offset given is the office's: kept, so times show in its zone. */
  *out = g_date_time_new_from_iso8601 (text, NULL);
  if (*out == NULL)
    return invalid (error, member);
  return TRUE;
}

static gboolean
read_bool (JsonObject *object,
           const char *member,
           gboolean   *out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (error, member);
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
in_list (const char * const *list,
         const char         *value)
{
  return value != NULL && g_strv_contains (list, value);
}

typedef struct
{
  char      *id, *number, *kind, *status, *applicant_id, *applicant_name;
  char      *service_id, *service_title, *office_id, *assignee_id, *assignee_name;
  char      *description, *due_date;
  GDateTime *created_at, *updated_at;
  gboolean   paused, overdue, has_days_left;
  int        working_days_left;
  gint64     version;
  GStrv      allowed;
  gboolean   at_risk, escalated, decided;
  char      *channel, *priority, *handed_over_by;
  GDateTime *handed_over_at;
} Parsed;

static void
parsed_clear (Parsed *p)
{
  g_free (p->id); g_free (p->number); g_free (p->kind); g_free (p->status);
  g_free (p->applicant_id); g_free (p->applicant_name); g_free (p->service_id);
  g_free (p->service_title); g_free (p->office_id); g_free (p->assignee_id);
  g_free (p->assignee_name); g_free (p->description); g_free (p->due_date);
  g_clear_pointer (&p->created_at, g_date_time_unref);
  g_clear_pointer (&p->updated_at, g_date_time_unref);
  g_strfreev (p->allowed);
  g_free (p->channel); g_free (p->priority); g_free (p->handed_over_by);
  g_clear_pointer (&p->handed_over_at, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

static gboolean
parse (JsonObject *object,
       Parsed     *p,
       GError    **error)
{
  JsonNode *node;
  JsonArray *array;
  GDate date;

  if (!read_string (object, "id", FALSE, &p->id, error) ||
      !read_string (object, "number", FALSE, &p->number, error) ||
      !read_string (object, "type", FALSE, &p->kind, error) ||
      !read_string (object, "status", FALSE, &p->status, error) ||
      !read_ref (object, "applicant", "full_name", FALSE, &p->applicant_id, &p->applicant_name, error) ||
      !read_ref (object, "service", "title", TRUE, &p->service_id, &p->service_title, error) ||
      !read_string (object, "office_id", FALSE, &p->office_id, error) ||
      !read_ref (object, "assignee", "full_name", TRUE, &p->assignee_id, &p->assignee_name, error) ||
      !read_string (object, "description", TRUE, &p->description, error) ||
      !read_time (object, "created_at", &p->created_at, error) ||
      !read_time (object, "updated_at", &p->updated_at, error) ||
      !read_string (object, "due_date", FALSE, &p->due_date, error) ||
      !read_bool (object, "paused", &p->paused, error) ||
      !read_bool (object, "overdue", &p->overdue, error))
    return FALSE;

  if (!in_list (statuses, p->status))
    return invalid (error, "status");
  if (!in_list (kinds, p->kind))
    return invalid (error, "type");
  g_date_clear (&date, 1);
  g_date_set_parse (&date, p->due_date);
  if (strlen (p->due_date) != 10 || !g_date_valid (&date))
    return invalid (error, "due_date");

  node = json_object_get_member (object, "working_days_left");
  if (node == NULL)
    return invalid (error, "working_days_left");
  if (JSON_NODE_HOLDS_NULL (node))
    p->has_days_left = FALSE;
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      p->has_days_left = TRUE;
      p->working_days_left = (int) CLAMP (json_node_get_int (node), -100000, 100000);
    }
  else
    return invalid (error, "working_days_left");

  node = json_object_get_member (object, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1)
    return invalid (error, "version");
  p->version = json_node_get_int (node);

  node = json_object_get_member (object, "allowed_transitions");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "allowed_transitions");
  array = json_node_get_array (node);
  p->allowed = g_new0 (char *, json_array_get_length (array) + 1);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s = json_array_get_string_element (array, i);

      if (!in_list (statuses, s))
        return invalid (error, "allowed_transitions");
      p->allowed[i] = g_strdup (s);
    }

  /* Added to the contract later (channel, priority, risk, result): read
   * with defaults, so a service that does not send them yet still works. */
  node = json_object_get_member (object, "at_risk");
  p->at_risk = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
               json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
  node = json_object_get_member (object, "escalated");
  p->escalated = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                 json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
  p->channel = g_strdup (json_object_get_string_member_with_default (object, "channel", "in_person"));
  p->priority = g_strdup (json_object_get_string_member_with_default (object, "priority", "normal"));
  node = json_object_get_member (object, "result");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *result = json_node_get_object (node);
      JsonNode *at = json_object_get_member (result, "handed_over_at");
      JsonNode *by = json_object_get_member (result, "handed_over_by");

      p->decided = TRUE;
      if (at != NULL && JSON_NODE_HOLDS_VALUE (at) && json_node_get_value_type (at) == G_TYPE_STRING)
        p->handed_over_at = g_date_time_new_from_iso8601 (json_node_get_string (at), NULL);
      if (by != NULL && JSON_NODE_HOLDS_OBJECT (by))
        p->handed_over_by = g_strdup (json_object_get_string_member_with_default (json_node_get_object (by),
                                                                                   "full_name", NULL));
    }

  return TRUE;
}

#define TAKE(field) do { g_free (self->field); self->field = g_steal_pointer (&p.field); } while (0)
#define INTERN(field) do { self->field = (char *) g_intern_string (p.field); } while (0)

static void
apply (MfcTicket  *self,
       JsonObject *object,
       Parsed     *parsed)
{
  Parsed p = *parsed;

  TAKE (id); TAKE (number); TAKE (applicant_name); TAKE (description);
  /* Values many tickets share (statuses, services, clerks, dates) are
   * interned: 10 000 rows hold one copy of each. */
  INTERN (kind); INTERN (status); INTERN (service_id); INTERN (service_title);
  INTERN (office_id); INTERN (assignee_id); INTERN (assignee_name); INTERN (due_date);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  self->created_at = g_steal_pointer (&p.created_at);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = g_steal_pointer (&p.updated_at);
  self->allowed = allowed_table (p.allowed);
  self->paused = p.paused;
  self->overdue = p.overdue;
  self->has_days_left = p.has_days_left;
  self->working_days_left = p.working_days_left;
  self->version = p.version;
  self->at_risk = p.at_risk;
  self->escalated = p.escalated;
  self->decided = p.decided;
  INTERN (channel); INTERN (priority); INTERN (handed_over_by);
  g_clear_pointer (&self->handed_over_at, g_date_time_unref);
  self->handed_over_at = g_steal_pointer (&p.handed_over_at);

  /* Only a detail (with its history) is kept whole: a list of 10 000
   * tickets keeps just the fields above. */
  g_clear_pointer (&self->json, json_object_unref);
  if (json_object_has_member (object, "history"))
    self->json = json_object_ref (object);

  {
    g_autofree char *due = mfc_ticket_days_text (self->paused,
                                                 g_str_equal (self->status, "approved") || g_str_equal (self->status, "rejected"),
                                                 self->has_days_left, self->working_days_left);

    self->due_text = (char *) g_intern_string (due);
  }
  g_free (self->created_text);
  self->created_text = g_date_time_format (self->created_at, "%d.%m.%Y %H:%M");

  /* What was taken is NULL in @parsed now; the rest is freed there. */
  *parsed = p;
}

/* GObject */

static void
mfc_ticket_finalize (GObject *object)
{
  MfcTicket *self = MFC_TICKET (object);

  g_clear_pointer (&self->json, json_object_unref);
  g_free (self->id); g_free (self->number);
  g_free (self->applicant_name); g_free (self->description);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->handed_over_at, g_date_time_unref);
  g_free (self->created_text);

  G_OBJECT_CLASS (mfc_ticket_parent_class)->finalize (object);
}

static void
mfc_ticket_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MfcTicket *self = MFC_TICKET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_APPLICANT_NAME:
      g_value_set_string (value, self->applicant_name);
      break;
    case PROP_SERVICE_TITLE:
      g_value_set_string (value, self->service_title);
      break;
    case PROP_ASSIGNEE_NAME:
      g_value_set_string (value, self->assignee_name);
      break;
    case PROP_DUE_TEXT:
      g_value_take_string (value, mfc_ticket_dup_due_text (self));
      break;
    case PROP_OVERDUE:
      g_value_set_boolean (value, self->overdue);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mfc_ticket_class_init (MfcTicketClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mfc_ticket_finalize;
  object_class->get_property = mfc_ticket_get_property;

  for (guint mask = 0; mask < G_N_ELEMENTS (allowed_tables); mask++)
    for (guint i = 0, n = 0; statuses[i] != NULL; i++)
      if (mask & (1u << i))
        allowed_tables[mask][n++] = statuses[i];

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_APPLICANT_NAME] = g_param_spec_string ("applicant-name", NULL, NULL, NULL, flags);
  properties[PROP_SERVICE_TITLE] = g_param_spec_string ("service-title", NULL, NULL, NULL, flags);
  properties[PROP_ASSIGNEE_NAME] = g_param_spec_string ("assignee-name", NULL, NULL, NULL, flags);
  /* «осталось N раб. дн.», «просрочено на N раб. дн.», «приостановлено» */
  properties[PROP_DUE_TEXT] = g_param_spec_string ("due-text", NULL, NULL, NULL, flags);
  properties[PROP_OVERDUE] = g_param_spec_boolean ("overdue", NULL, NULL, FALSE, flags);
  /* Notified on every update: one signal for a row to redraw on. */
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mfc_ticket_init (MfcTicket *self)
{
}

/* Public API */

/**
 * mfc_ticket_new_from_json:
 * @object: a `Ticket` or `TicketDetail`
 *
 * Returns: (transfer full) (nullable): the ticket, %NULL with
 *   %MFC_TICKET_ERROR_INVALID when @object is not one
 */
MfcTicket *
mfc_ticket_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_auto(Parsed) p = { 0 };
  MfcTicket *self;

  g_return_val_if_fail (object != NULL, NULL);

  if (!parse (object, &p, error))
    return NULL;

  self = g_object_new (MFC_TYPE_TICKET, NULL);
  apply (self, object, &p);
  return self;
}

/**
 * mfc_ticket_update_from_json:
 * @object: the same ticket, as the service has it now
 *
 * Takes a newer version in place (an older or equal one is ignored, so a
 * late event cannot undo a write's answer).  Returns whether anything
 * changed; FALSE with @error for an unreadable or other ticket.
 */
gboolean
mfc_ticket_update_from_json (MfcTicket   *self,
                             JsonObject  *object,
                             GError     **error)
{
  g_auto(Parsed) p = { 0 };

  g_return_val_if_fail (MFC_IS_TICKET (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  if (!parse (object, &p, error))
    return FALSE;
  if (!g_str_equal (p.id, self->id))
    return invalid (error, "id");
  if (p.version < self->version)
    return FALSE;
  /* Same version: a detail (with history) may replace a list item, not
   * the other way round. */
  if (p.version == self->version && (self->json != NULL || !json_object_has_member (object, "history")))
    return FALSE;

  apply (self, object, &p);
  for (guint i = PROP_ID + 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  return TRUE;
}

const char *mfc_ticket_get_id (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->id; }
const char *mfc_ticket_get_number (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->number; }
const char *mfc_ticket_get_kind (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->kind; }
const char *mfc_ticket_get_status (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->status; }
const char *mfc_ticket_get_applicant_name (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->applicant_name; }
const char *mfc_ticket_get_service_title (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->service_title; }
const char *mfc_ticket_get_service_id (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->service_id; }
const char *mfc_ticket_get_office_id (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->office_id; }
const char *mfc_ticket_get_assignee_id (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->assignee_id; }
const char *mfc_ticket_get_assignee_name (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->assignee_name; }
const char *mfc_ticket_get_description (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->description; }
GDateTime *mfc_ticket_get_created_at (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->created_at; }
GDateTime *mfc_ticket_get_updated_at (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->updated_at; }
const char *mfc_ticket_get_due_date (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->due_date; }
gboolean mfc_ticket_get_paused (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), FALSE); return self->paused; }
gboolean mfc_ticket_get_has_days_left (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), FALSE); return self->has_days_left; }
int mfc_ticket_get_working_days_left (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), 0); return self->working_days_left; }
gboolean mfc_ticket_get_overdue (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), FALSE); return self->overdue; }
gint64 mfc_ticket_get_version (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), 0); return self->version; }
gboolean mfc_ticket_get_at_risk (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), FALSE); return self->at_risk; }
gboolean mfc_ticket_get_escalated (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), FALSE); return self->escalated; }
const char *mfc_ticket_get_channel (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->channel; }
const char *mfc_ticket_get_priority (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->priority; }
GDateTime *mfc_ticket_get_handed_over_at (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->handed_over_at; }
const char *mfc_ticket_get_handed_over_by (MfcTicket *self) { g_return_val_if_fail (MFC_IS_TICKET (self), NULL); return self->handed_over_by; }

/* Decided, and the result not handed to the applicant yet: «Результат
 * готов к выдаче» */
gboolean
mfc_ticket_get_result_ready (MfcTicket *self)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), FALSE);

  return self->decided && self->handed_over_at == NULL;
}

/**
 * mfc_ticket_get_json:
 *
 * Returns: (transfer none): the `TicketDetail` last read, or an empty
 *   object while only the list's fields are known
 */
JsonObject *
mfc_ticket_get_json (MfcTicket *self)
{
  static JsonObject *empty;

  g_return_val_if_fail (MFC_IS_TICKET (self), NULL);

  if (self->json != NULL)
    return self->json;
  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, json_object_new ());
  return empty;
}

/* The texts a list row shows, formatted once per version */
const char *
mfc_ticket_get_due_text (MfcTicket *self)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), NULL);

  return self->due_text;
}

const char *
mfc_ticket_get_created_text (MfcTicket *self)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), NULL);

  return self->created_text;
}

/**
 * mfc_ticket_copy:
 *
 * Returns: (transfer full): a ticket with the same fields, not updated
 *   when @self is (to compare a later version with)
 */
MfcTicket *
mfc_ticket_copy (MfcTicket *self)
{
  MfcTicket *copy;

  g_return_val_if_fail (MFC_IS_TICKET (self), NULL);

  copy = g_object_new (MFC_TYPE_TICKET, NULL);
#define DUP(f) copy->f = g_strdup (self->f)
  DUP (id); DUP (number); DUP (applicant_name); DUP (description); DUP (created_text);
#define SAME(f) copy->f = self->f
  SAME (kind); SAME (status); SAME (service_id); SAME (service_title); SAME (office_id);
  SAME (assignee_id); SAME (assignee_name); SAME (due_date); SAME (channel); SAME (priority);
  SAME (handed_over_by); SAME (due_text);
#undef SAME
#undef DUP
  copy->json = self->json != NULL ? json_object_ref (self->json) : NULL;
  copy->created_at = g_date_time_ref (self->created_at);
  copy->updated_at = g_date_time_ref (self->updated_at);
  copy->handed_over_at = self->handed_over_at != NULL ? g_date_time_ref (self->handed_over_at) : NULL;
  copy->paused = self->paused;
  copy->has_days_left = self->has_days_left;
  copy->working_days_left = self->working_days_left;
  copy->overdue = self->overdue;
  copy->version = self->version;
  copy->allowed = self->allowed;
  copy->at_risk = self->at_risk;
  copy->escalated = self->escalated;
  copy->decided = self->decided;
  return copy;
}

gboolean
mfc_ticket_get_final (MfcTicket *self)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), FALSE);

  return g_str_equal (self->status, "approved") || g_str_equal (self->status, "rejected");
}

/* The If-Match value of this version (the service's ETag is the quoted
 * version). */
char *
mfc_ticket_dup_etag (MfcTicket *self)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), NULL);

  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", self->version);
}

const char * const *
mfc_ticket_get_allowed_transitions (MfcTicket *self)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), NULL);

  return self->allowed;
}

gboolean
mfc_ticket_allows (MfcTicket  *self,
                   const char *status)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), FALSE);

  return status != NULL && g_strv_contains (self->allowed, status);
}

char *
mfc_ticket_days_text (gboolean paused,
                      gboolean final,
                      gboolean has_days,
                      int      days_left)
{
  if (final || !has_days)
    return g_strdup ("—");
  if (paused)
    return g_strdup (_("paused"));
  if (days_left < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "overdue by %d working day",
                                         "overdue by %d working days", (gulong) -days_left),
                            -days_left);
  if (days_left == 0)
    return g_strdup (_("due today"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day left",
                                       "%d working days left", (gulong) days_left),
                          days_left);
}

char *
mfc_ticket_dup_due_text (MfcTicket *self)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), NULL);

  return g_strdup (self->due_text);
}

/* The creation time in the office's zone (the offset it came with) */
char *
mfc_ticket_dup_created_text (MfcTicket *self)
{
  g_return_val_if_fail (MFC_IS_TICKET (self), NULL);

  return g_strdup (self->created_text);
}

const char * const *
mfc_ticket_statuses (void)
{
  return statuses;
}

const char * const *
mfc_ticket_kinds (void)
{
  return kinds;
}

const char *
mfc_ticket_status_label (const char *status)
{
  if (g_strcmp0 (status, "accepted") == 0)
    return C_("ticket status", "Accepted");
  if (g_strcmp0 (status, "in_progress") == 0)
    return C_("ticket status", "In progress");
  if (g_strcmp0 (status, "in_approval") == 0)
    return C_("ticket status", "In approval");
  if (g_strcmp0 (status, "awaiting_documents") == 0)
    return C_("ticket status", "Awaiting documents");
  if (g_strcmp0 (status, "approved") == 0)
    return C_("ticket status", "Approved");
  if (g_strcmp0 (status, "rejected") == 0)
    return C_("ticket status", "Rejected");
  return status;
}

const char *
mfc_ticket_channel_label (const char *channel)
{
  if (g_strcmp0 (channel, "in_person") == 0)
    return C_("ticket channel", "At the office");
  if (g_strcmp0 (channel, "phone") == 0)
    return C_("ticket channel", "By phone");
  if (g_strcmp0 (channel, "portal") == 0)
    return C_("ticket channel", "Through the portal");
  if (g_strcmp0 (channel, "mail") == 0)
    return C_("ticket channel", "By post");
  return channel;
}

const char *
mfc_ticket_priority_label (const char *priority)
{
  if (g_strcmp0 (priority, "normal") == 0)
    return C_("ticket priority", "Normal");
  if (g_strcmp0 (priority, "high") == 0)
    return C_("ticket priority", "High");
  if (g_strcmp0 (priority, "urgent") == 0)
    return C_("ticket priority", "Urgent");
  return priority;
}

const char *
mfc_ticket_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "application") == 0)
    return C_("ticket type", "Application");
  if (g_strcmp0 (kind, "request") == 0)
    return C_("ticket type", "Request");
  if (g_strcmp0 (kind, "complaint") == 0)
    return C_("ticket type", "Complaint");
  if (g_strcmp0 (kind, "suggestion") == 0)
    return C_("ticket type", "Suggestion");
  return kind;
}
