/* mfc-ticket-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-ticket.h"
#include "mfc-ticket-timeline.h"

struct _MfcTimelineItem
{
  GObject          parent_instance;

  MfcTimelineKind  kind;
  GDateTime       *at;
  char            *who;
  char            *title;
  char            *text;
};

G_DEFINE_FINAL_TYPE (MfcTimelineItem, mfc_timeline_item, G_TYPE_OBJECT)

static void
mfc_timeline_item_finalize (GObject *object)
{
  MfcTimelineItem *self = MFC_TIMELINE_ITEM (object);

  g_clear_pointer (&self->at, g_date_time_unref);
  g_free (self->who);
  g_free (self->title);
  g_free (self->text);

  G_OBJECT_CLASS (mfc_timeline_item_parent_class)->finalize (object);
}

static void
mfc_timeline_item_class_init (MfcTimelineItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mfc_timeline_item_finalize;
}

static void
mfc_timeline_item_init (MfcTimelineItem *self)
{
}

static MfcTimelineItem *
item_new (MfcTimelineKind  kind,
          GDateTime       *at,
          const char      *who,
          char            *title,
          const char      *text)
{
  MfcTimelineItem *self = g_object_new (MFC_TYPE_TIMELINE_ITEM, NULL);

  self->kind = kind;
  self->at = g_date_time_ref (at);
  self->who = g_strdup (who);
  self->title = title;
  self->text = g_strdup (text);
  return self;
}

static void
append (GListStore      *store,
        MfcTimelineItem *item)
{
  g_list_store_append (store, item);
  g_object_unref (item);
}

static const char *
string_or_null (JsonObject *o,
                const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
ref_name (JsonObject *o,
          const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return string_or_null (json_node_get_object (node), "full_name");
}

static GDateTime *
time_of (JsonObject *o)
{
  const char *s = string_or_null (o, "at");

  return s != NULL ? g_date_time_new_from_iso8601 (s, NULL) : NULL;
}

static char *
format_when (GDateTime *at)
{
  return g_date_time_format (at, "%d.%m.%Y %H:%M");
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  MfcTimelineItem *x = (MfcTimelineItem *) a;
  MfcTimelineItem *y = (MfcTimelineItem *) b;
  int c = g_date_time_compare (x->at, y->at);

  /* At the same instant the move comes before the span it opens. */
  return c != 0 ? c : (int) x->kind - (int) y->kind;
}

MfcTimelineKind mfc_timeline_item_get_kind (MfcTimelineItem *self) { g_return_val_if_fail (MFC_IS_TIMELINE_ITEM (self), 0); return self->kind; }
GDateTime *mfc_timeline_item_get_at (MfcTimelineItem *self) { g_return_val_if_fail (MFC_IS_TIMELINE_ITEM (self), NULL); return self->at; }
const char *mfc_timeline_item_get_who (MfcTimelineItem *self) { g_return_val_if_fail (MFC_IS_TIMELINE_ITEM (self), NULL); return self->who; }
const char *mfc_timeline_item_get_title (MfcTimelineItem *self) { g_return_val_if_fail (MFC_IS_TIMELINE_ITEM (self), NULL); return self->title; }
const char *mfc_timeline_item_get_text (MfcTimelineItem *self) { g_return_val_if_fail (MFC_IS_TIMELINE_ITEM (self), NULL); return self->text; }

/* «23.11.2026 10:00», in the office's zone */
char *
mfc_timeline_item_dup_when (MfcTimelineItem *self)
{
  g_return_val_if_fail (MFC_IS_TIMELINE_ITEM (self), NULL);

  return format_when (self->at);
}

/**
 * mfc_ticket_timeline_new:
 * @detail: a `TicketDetail`
 *
 * Returns: (transfer full): a list of #MfcTimelineItem, oldest first;
 *   entries that cannot be read are left out
 */
GListModel *
mfc_ticket_timeline_new (JsonObject *detail)
{
  GListStore *store = g_list_store_new (MFC_TYPE_TIMELINE_ITEM);
  JsonArray *history = NULL, *comments = NULL;
  g_autoptr(GDateTime) paused_at = NULL;

  g_return_val_if_fail (detail != NULL, G_LIST_MODEL (store));

  if (json_object_has_member (detail, "history") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (detail, "history")))
    history = json_object_get_array_member (detail, "history");
  if (json_object_has_member (detail, "comments") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (detail, "comments")))
    comments = json_object_get_array_member (detail, "comments");

  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      JsonObject *h = json_array_get_object_element (history, i);
      g_autoptr(GDateTime) at = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      const char *from, *to, *comment, *reason;
      char *title;

      if (h == NULL || (at = time_of (h)) == NULL || (to = string_or_null (h, "to_status")) == NULL)
        continue;
      from = string_or_null (h, "from_status");
      comment = string_or_null (h, "comment");
      reason = string_or_null (h, "reason");

      if (g_strcmp0 (string_or_null (h, "kind"), "escalation") == 0)
        title = g_strdup (_("Deadline passed: escalated to the supervisor"));
      else if (g_strcmp0 (string_or_null (h, "kind"), "handover") == 0)
        title = g_strdup (_("Result handed over to the applicant"));
      else if (from == NULL)
        title = g_strdup_printf (_("Created: «%s»"), mfc_ticket_status_label (to));
      else
        title = g_strdup_printf ("%s → %s", mfc_ticket_status_label (from), mfc_ticket_status_label (to));
      if (comment != NULL)
        g_string_append (text, comment);
      if (reason != NULL)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Reason: %s"), reason);
        }
      append (store, item_new (g_strcmp0 (string_or_null (h, "kind"), "escalation") == 0
                               ? MFC_TIMELINE_ESCALATION : MFC_TIMELINE_TRANSITION, at, ref_name (h, "by"), title,
                                     text->len > 0 ? text->str : NULL));

      /* The deadline clock's pauses: into awaiting_documents and out */
      if (g_str_equal (to, "awaiting_documents") && paused_at == NULL)
        paused_at = g_date_time_ref (at);
      else if (paused_at != NULL && !g_str_equal (to, "awaiting_documents"))
        {
          g_autofree char *a = format_when (paused_at);
          g_autofree char *b = format_when (at);

          append (store, item_new (MFC_TIMELINE_PAUSE, paused_at, NULL,
                                                g_strdup_printf (_("Deadline paused from %s to %s"), a, b),
                                                NULL));
          g_clear_pointer (&paused_at, g_date_time_unref);
        }
    }
  if (paused_at != NULL)
    {
      g_autofree char *a = format_when (paused_at);

      append (store, item_new (MFC_TIMELINE_PAUSE, paused_at, NULL,
                                            g_strdup_printf (_("Deadline paused since %s"), a), NULL));
    }

  for (guint i = 0; comments != NULL && i < json_array_get_length (comments); i++)
    {
      JsonObject *c = json_array_get_object_element (comments, i);
      g_autoptr(GDateTime) at = NULL;
      gboolean escalation;

      if (c == NULL || (at = time_of (c)) == NULL)
        continue;
      escalation = g_strcmp0 (string_or_null (c, "kind"), "escalation") == 0;
      append (store, item_new (escalation ? MFC_TIMELINE_ESCALATION : MFC_TIMELINE_COMMENT,
                                            at, ref_name (c, "author"),
                                            g_strdup (escalation ? _("Escalation") : _("Comment")),
                                            string_or_null (c, "text")));
    }

  g_list_store_sort (store, compare_items, NULL);
  return G_LIST_MODEL (store);
}
