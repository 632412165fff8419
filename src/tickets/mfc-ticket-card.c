/* mfc-ticket-card.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-tickets"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mfc-ticket-card.h"
#include "mfc-ticket-timeline.h"

/**
 * mfc_ticket_card_new:
 * @ticket: the ticket, best with its history (a `TicketDetail`)
 * @clerk: (nullable): who prints it
 * @training: print the «ОБРАЗЕЦ» watermark
 *
 * Returns: (transfer full): the card
 */
MfcPrintDocument *
mfc_ticket_card_new (MfcTicket  *ticket,
                     const char *clerk,
                     gboolean    training)
{
  g_autoptr(MfcPrintDocument) doc = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autofree char *title = NULL;
  g_autofree char *created = NULL;
  g_autofree char *due = NULL;
  g_autofree char *deadline = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_val_if_fail (MFC_IS_TICKET (ticket), NULL);

  title = g_strdup_printf (_("Ticket %s"), mfc_ticket_get_number (ticket));
  doc = mfc_print_document_new (title);
  mfc_print_document_set_subtitle (doc, mfc_ticket_kind_label (mfc_ticket_get_kind (ticket)));
  mfc_print_document_set_training (doc, training);
  if (clerk != NULL)
    mfc_print_document_set_clerk (doc, clerk);
  /* Printed at the office's time: the zone the ticket's times came in */
  {
    g_autoptr(GTimeZone) zone = g_time_zone_new_offset (g_date_time_get_utc_offset (mfc_ticket_get_created_at (ticket)) / G_TIME_SPAN_SECOND);

    mfc_print_document_set_time (doc, now, zone);
  }

  created = mfc_ticket_dup_created_text (ticket);
  due = mfc_ticket_dup_due_text (ticket);
  deadline = g_strdup_printf ("%s (%s)", mfc_ticket_get_due_date (ticket), due);

  mfc_print_document_add_row (doc, _("Number"), mfc_ticket_get_number (ticket));
  mfc_print_document_add_row (doc, _("Type"), mfc_ticket_kind_label (mfc_ticket_get_kind (ticket)));
  if (mfc_ticket_get_service_title (ticket) != NULL)
    mfc_print_document_add_row (doc, _("Service"), mfc_ticket_get_service_title (ticket));
  mfc_print_document_add_row (doc, _("Applicant"), mfc_ticket_get_applicant_name (ticket));
  mfc_print_document_add_row (doc, _("Status"), mfc_ticket_status_label (mfc_ticket_get_status (ticket)));
  mfc_print_document_add_row (doc, _("Created"), created);
  mfc_print_document_add_row (doc, _("Deadline"), deadline);
  mfc_print_document_add_row (doc, _("Assignee"),
                              mfc_ticket_get_assignee_name (ticket) != NULL ? mfc_ticket_get_assignee_name (ticket) : _("nobody"));

  timeline = mfc_ticket_timeline_new (mfc_ticket_get_json (ticket));
  if (g_list_model_get_n_items (timeline) > 0)
    {
      mfc_print_document_add_heading (doc, _("History"));
      for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
        {
          g_autoptr(MfcTimelineItem) it = g_list_model_get_item (timeline, i);
          g_autofree char *when = mfc_timeline_item_dup_when (it);
          g_autofree char *line = g_strdup_printf ("%s — %s%s%s%s%s", when, mfc_timeline_item_get_title (it),
                                                   mfc_timeline_item_get_who (it) != NULL ? ", " : "",
                                                   mfc_timeline_item_get_who (it) != NULL ? mfc_timeline_item_get_who (it) : "",
                                                   mfc_timeline_item_get_text (it) != NULL ? ": " : "",
                                                   mfc_timeline_item_get_text (it) != NULL ? mfc_timeline_item_get_text (it) : "");

          mfc_print_document_add_paragraph (doc, line);
        }
    }

  return g_steal_pointer (&doc);
}

/**
 * mfc_ticket_report_new:
 * @tickets: (element-type MfcTicket): the tickets shown (the list as
 *   loaded: the view, not the whole filter)
 * @filter_text: (nullable): what the list shows, e.g. «В работе, жалобы»
 * @clerk: (nullable): who prints it
 * @training: print the «ОБРАЗЕЦ» watermark
 *
 * Returns: (transfer full): a report of the view, one line a ticket
 */
MfcPrintDocument *
mfc_ticket_report_new (GListModel *tickets,
                       const char *filter_text,
                       const char *clerk,
                       gboolean    training)
{
  g_autoptr(MfcPrintDocument) doc = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  guint n;
  g_autofree char *count = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (tickets), NULL);

  n = g_list_model_get_n_items (tickets);
  doc = mfc_print_document_new (_("Tickets"));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket", "%u tickets", n), n);
  mfc_print_document_set_subtitle (doc, filter_text != NULL && filter_text[0] != '\0' ? filter_text : count);
  mfc_print_document_set_training (doc, training);
  if (clerk != NULL)
    mfc_print_document_set_clerk (doc, clerk);
  mfc_print_document_set_time (doc, now, zone);
  mfc_print_document_add_row (doc, _("Shown"), count);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MfcTicket) t = g_list_model_get_item (tickets, i);
      g_autofree char *line = g_strdup_printf ("%s · %s · %s · %s · %s · %s",
                                               mfc_ticket_get_number (t),
                                               mfc_ticket_kind_label (mfc_ticket_get_kind (t)),
                                               mfc_ticket_status_label (mfc_ticket_get_status (t)),
                                               mfc_ticket_get_due_text (t),
                                               mfc_ticket_get_applicant_name (t),
                                               mfc_ticket_get_assignee_name (t) != NULL ? mfc_ticket_get_assignee_name (t) : _("nobody"));

      mfc_print_document_add_paragraph (doc, line);
    }

  return g_steal_pointer (&doc);
}
