/* mfc-tickets-page.h — the «Обращения» section of the window: the ticket
 * list with its filters, and the ticket view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-page.h"
#include "mfc-ticket-list.h"
#include "mfc-ticket-stats-view.h"
#include "mfc-ticket-view.h"

G_BEGIN_DECLS

#define MFC_TYPE_TICKETS_PAGE (mfc_tickets_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcTicketsPage, mfc_tickets_page, MFC, TICKETS_PAGE, MfcPage)

MfcTicketList *mfc_tickets_page_get_list       (MfcTicketsPage *self);
MfcTicketView *mfc_tickets_page_get_view       (MfcTicketsPage *self);
const char    *mfc_tickets_page_get_view_name  (MfcTicketsPage *self);
void           mfc_tickets_page_open           (MfcTicketsPage *self,
                                                guint           position);
void           mfc_tickets_page_back           (MfcTicketsPage *self);
void           mfc_tickets_page_show_summary   (MfcTicketsPage *self);
MfcTicketStatsView *mfc_tickets_page_get_summary (MfcTicketsPage *self);
void           mfc_tickets_page_apply_saved    (MfcTicketsPage *self,
                                                const char     *name);
void           mfc_tickets_page_export_to_file (MfcTicketsPage *self,
                                                GFile          *file);

G_END_DECLS
