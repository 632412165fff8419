/* mfc-ticket-view.h — one ticket: its header and deadline, the moves the
 * workflow allows from its status, the transfer to a specialist, the
 * comment box, the history and the documents.  Writes go through the
 * outbox; a write refused as stale (412) reloads and says what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-context.h"
#include "mfc-ticket.h"

G_BEGIN_DECLS

#define MFC_TYPE_TICKET_VIEW (mfc_ticket_view_get_type ())
G_DECLARE_FINAL_TYPE (MfcTicketView, mfc_ticket_view, MFC, TICKET_VIEW, GtkWidget)

MfcTicketView *mfc_ticket_view_new           (MfcContext    *context);
void           mfc_ticket_view_open          (MfcTicketView *self,
                                              MfcTicket     *ticket);
MfcTicket     *mfc_ticket_view_get_ticket    (MfcTicketView *self);
gboolean       mfc_ticket_view_get_loading   (MfcTicketView *self);
void           mfc_ticket_view_take_event    (MfcTicketView *self,
                                              JsonObject    *ticket);
void           mfc_ticket_view_reload        (MfcTicketView *self);
gboolean       mfc_ticket_view_move          (MfcTicketView *self,
                                              const char    *to);
const char    *mfc_ticket_view_get_message   (MfcTicketView *self);
void           mfc_ticket_view_focus_comment (MfcTicketView *self);

G_END_DECLS
