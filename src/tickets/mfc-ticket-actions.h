/* mfc-ticket-actions.h — the writes a clerk makes on a ticket, built as
 * outbox entries (each with its own Idempotency-Key, the ticket's version
 * as If-Match where the contract takes one), after the checks the
 * workflow makes: only an allowed move, a reason for a rejection, no
 * blank comment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-outbox.h"
#include "mfc-ticket.h"

G_BEGIN_DECLS

#define MFC_TICKET_KIND_TRANSITION "ticket.transition"
#define MFC_TICKET_KIND_COMMENT    "ticket.comment"
#define MFC_TICKET_KIND_ASSIGN     "ticket.assign"
#define MFC_TICKET_KIND_HANDOVER   "ticket.handover"

MfcOutboxEntry *mfc_ticket_transition_entry (MfcTicket    *ticket,
                                             const char   *to,
                                             const char   *comment,
                                             const char   *reason,
                                             GError      **error);
MfcOutboxEntry *mfc_ticket_comment_entry    (MfcTicket    *ticket,
                                             const char   *text,
                                             GError      **error);
MfcOutboxEntry *mfc_ticket_assign_entry     (MfcTicket    *ticket,
                                             const char   *assignee_id,
                                             const char   *comment,
                                             GError      **error);
MfcOutboxEntry *mfc_ticket_handover_entry   (MfcTicket    *ticket,
                                             const char   *comment,
                                             GError      **error);
char           *mfc_ticket_describe_change  (MfcTicket    *before,
                                             JsonObject   *now);
char           *mfc_ticket_entry_ticket_id  (MfcOutboxEntry *entry);

G_END_DECLS
