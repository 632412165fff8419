/* mfc-ticket-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mfc-ticket-actions.h"

static gboolean
blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static MfcQuery *
ticket_query (MfcTicket  *ticket,
              const char *sub)
{
  MfcQuery *query = mfc_query_new ("/api/v1/tickets");

  mfc_query_add_segment (query, mfc_ticket_get_id (ticket));
  if (sub != NULL)
    mfc_query_add_segment (query, sub);
  return query;
}

/* A string member, left out when blank. */
static void
add_optional_string (JsonBuilder *b,
                     const char  *name,
                     const char  *value)
{
  if (blank (value))
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

/* The write of one of these actions: the ticket's path (+ @sub), the
 * body @b has built, If-Match the ticket's version where @if_match, and
 * marked personal (a comment or a reason may name the applicant). */
static MfcOutboxEntry *
ticket_write (MfcTicket   *ticket,
              const char  *kind,
              const char  *method,
              const char  *sub,
              JsonBuilder *b,
              gboolean     if_match)
{
  g_autoptr(MfcQuery) query = ticket_query (ticket, sub);
  g_autoptr(JsonNode) body = json_builder_get_root (b);
  MfcOutboxEntry *entry = mfc_outbox_entry_new (kind, method, query, body);

  if (if_match)
    {
      g_autofree char *etag = mfc_ticket_dup_etag (ticket);

      mfc_outbox_entry_set_if_match (entry, etag);
    }
  mfc_outbox_entry_set_personal (entry, TRUE);
  return entry;
}

/**
 * mfc_ticket_transition_entry:
 * @to: the status to move to
 * @comment: (nullable): what the clerk wrote
 * @reason: (nullable): why, required for `rejected`
 *
 * Returns: (transfer full) (nullable): the write, %NULL with
 *   %MFC_TICKET_ERROR_NOT_ALLOWED (the workflow does not allow it from
 *   the ticket's status) or %MFC_TICKET_ERROR_REASON
 */
MfcOutboxEntry *
mfc_ticket_transition_entry (MfcTicket   *ticket,
                             const char  *to,
                             const char  *comment,
                             const char  *reason,
                             GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (MFC_IS_TICKET (ticket), NULL);
  g_return_val_if_fail (to != NULL, NULL);

  if (!mfc_ticket_allows (ticket, to))
    {
      g_set_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_NOT_ALLOWED,
                   _("A ticket in status «%s» cannot be moved to «%s»"),
                   mfc_ticket_status_label (mfc_ticket_get_status (ticket)),
                   mfc_ticket_status_label (to));
      return NULL;
    }
  if (g_str_equal (to, "rejected") && blank (reason))
    {
      g_set_error_literal (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_REASON,
                           _("Give the reason for the rejection"));
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, to);
  add_optional_string (b, "comment", comment);
  add_optional_string (b, "reason", reason);
  json_builder_end_object (b);
  return ticket_write (ticket, MFC_TICKET_KIND_TRANSITION, "POST", "transitions", b, TRUE);
}

/**
 * mfc_ticket_comment_entry:
 *
 * Returns: (transfer full) (nullable): the write, %NULL with
 *   %MFC_TICKET_ERROR_INVALID for a blank or too long text
 */
MfcOutboxEntry *
mfc_ticket_comment_entry (MfcTicket   *ticket,
                          const char  *text,
                          GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (MFC_IS_TICKET (ticket), NULL);

  if (blank (text))
    {
      g_set_error_literal (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_INVALID,
                           _("Write the comment first"));
      return NULL;
    }
  stripped = g_strstrip (g_strdup (text));
  if (g_utf8_strlen (stripped, -1) > 4000)
    {
      g_set_error_literal (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_INVALID,
                           _("A comment can be at most 4000 characters long"));
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, stripped);
  json_builder_end_object (b);
  return ticket_write (ticket, MFC_TICKET_KIND_COMMENT, "POST", "comments", b, FALSE);
}

/**
 * mfc_ticket_assign_entry:
 * @assignee_id: (nullable): the user to give the ticket to, %NULL to
 *   unassign
 * @comment: (nullable): an escalation comment («Передаю…»)
 *
 * Returns: (transfer full) (nullable): the write (If-Match the ticket's
 *   version), %NULL with %MFC_TICKET_ERROR_NOT_ALLOWED for a final ticket
 */
MfcOutboxEntry *
mfc_ticket_assign_entry (MfcTicket   *ticket,
                         const char  *assignee_id,
                         const char  *comment,
                         GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (MFC_IS_TICKET (ticket), NULL);

  if (mfc_ticket_get_final (ticket))
    {
      g_set_error (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_NOT_ALLOWED,
                   _("A ticket in status «%s» cannot be given to anyone else"),
                   mfc_ticket_status_label (mfc_ticket_get_status (ticket)));
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "assignee_id");
  if (assignee_id != NULL)
    json_builder_add_string_value (b, assignee_id);
  else
    json_builder_add_null_value (b);
  add_optional_string (b, "escalation_comment", comment);
  json_builder_end_object (b);
  return ticket_write (ticket, MFC_TICKET_KIND_ASSIGN, "PATCH", NULL, b, TRUE);
}

/**
 * mfc_ticket_handover_entry:
 * @comment: (nullable): e.g. «Выдан паспорт, заявитель расписался»
 *
 * «Выдать результат»: records who handed the decided ticket's result to
 * the applicant, and when.
 *
 * Returns: (transfer full) (nullable): the write, %NULL with
 *   %MFC_TICKET_ERROR_NOT_ALLOWED while there is no result to hand over
 */
MfcOutboxEntry *
mfc_ticket_handover_entry (MfcTicket   *ticket,
                           const char  *comment,
                           GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (MFC_IS_TICKET (ticket), NULL);

  if (!mfc_ticket_get_result_ready (ticket))
    {
      g_set_error_literal (error, MFC_TICKET_ERROR, MFC_TICKET_ERROR_NOT_ALLOWED,
                           mfc_ticket_get_final (ticket) ? _("The result has already been handed over")
                                                         : _("The result is not ready: the ticket is not decided yet"));
      return NULL;
    }

  json_builder_begin_object (b);
  add_optional_string (b, "comment", comment);
  json_builder_end_object (b);
  return ticket_write (ticket, MFC_TICKET_KIND_HANDOVER, "POST", "handover", b, TRUE);
}

/**
 * mfc_ticket_describe_change:
 * @before: the ticket as the clerk saw it
 * @now: the same ticket as the service has it
 *
 * What someone else changed meanwhile, for a write refused as stale (412).
 *
 * Returns: (transfer full): one sentence
 */
char *
mfc_ticket_describe_change (MfcTicket  *before,
                            JsonObject *now)
{
  g_autoptr(MfcTicket) after = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (MFC_IS_TICKET (before), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  after = mfc_ticket_new_from_json (now, NULL);
  g_string_append (text, _("Someone else changed the ticket meanwhile; it is shown as it is now."));
  if (after == NULL)
    return g_string_free (g_steal_pointer (&text), FALSE);

  if (!g_str_equal (mfc_ticket_get_status (before), mfc_ticket_get_status (after)))
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Status: «%s» → «%s»."),
                              mfc_ticket_status_label (mfc_ticket_get_status (before)),
                              mfc_ticket_status_label (mfc_ticket_get_status (after)));
    }
  if (g_strcmp0 (mfc_ticket_get_assignee_id (before), mfc_ticket_get_assignee_id (after)) != 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Assignee: %s → %s."),
                              mfc_ticket_get_assignee_name (before) != NULL ? mfc_ticket_get_assignee_name (before) : _("nobody"),
                              mfc_ticket_get_assignee_name (after) != NULL ? mfc_ticket_get_assignee_name (after) : _("nobody"));
    }
  if (g_strcmp0 (mfc_ticket_get_due_date (before), mfc_ticket_get_due_date (after)) != 0)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Due date: %s → %s."),
                              mfc_ticket_get_due_date (before), mfc_ticket_get_due_date (after));
    }
  if (text->len > 0 && mfc_ticket_get_status (before) != NULL &&
      g_str_equal (mfc_ticket_get_status (before), mfc_ticket_get_status (after)) &&
      g_strcmp0 (mfc_ticket_get_assignee_id (before), mfc_ticket_get_assignee_id (after)) == 0 &&
      g_strcmp0 (mfc_ticket_get_due_date (before), mfc_ticket_get_due_date (after)) == 0)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _("A comment or a document was added."));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The ticket id of a write built here (from its path), or NULL */
char *
mfc_ticket_entry_ticket_id (MfcOutboxEntry *entry)
{
  const char *path = mfc_outbox_entry_get_path (entry);
  const char *prefix = "/api/v1/tickets/";
  const char *end;

  if (path == NULL || !g_str_has_prefix (path, prefix))
    return NULL;
  path += strlen (prefix);
  end = strchr (path, '/');
  if (end == NULL)
    end = strchr (path, '?');
  return end != NULL ? g_strndup (path, end - path) : g_strdup (path);
}
