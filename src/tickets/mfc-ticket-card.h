/* mfc-ticket-card.h — a ticket's card on paper (MfcPrintDocument): its
 * number, type, service, applicant, status, deadline and history; and
 * a report of the list as shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-print-document.h"
#include "mfc-ticket.h"

G_BEGIN_DECLS

MfcPrintDocument *mfc_ticket_card_new (MfcTicket  *ticket,
                                       const char *clerk,
                                       gboolean    training);

MfcPrintDocument *mfc_ticket_report_new (GListModel *tickets,
                                         const char *filter_text,
                                         const char *clerk,
                                         gboolean    training);

G_END_DECLS
