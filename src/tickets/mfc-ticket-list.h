/* mfc-ticket-list.h — the ticket list the section shows: a GListModel of
 * MfcTicket over the keyset-paged `GET /api/v1/tickets` (MfcPagedModel),
 * following an MfcTicketFilter, kept live by the service's events.
 *
 * Live: `ticket.updated` updates the ticket in place (rows follow, the
 * list does not move); `ticket.created` puts a ticket the filter matches
 * at the top while the list is sorted newest first (the service says
 * whether it matches: the filter is asked again for that number).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-client.h"
#include "mfc-paged-model.h"
#include "mfc-ticket.h"
#include "mfc-ticket-filter.h"

G_BEGIN_DECLS

#define MFC_TYPE_TICKET_LIST (mfc_ticket_list_get_type ())
G_DECLARE_FINAL_TYPE (MfcTicketList, mfc_ticket_list, MFC, TICKET_LIST, GObject)

MfcTicketList   *mfc_ticket_list_new            (MfcClient       *client);
MfcTicketFilter *mfc_ticket_list_get_filter     (MfcTicketList   *self);
void             mfc_ticket_list_set_office     (MfcTicketList   *self,
                                                 const char      *office_id);
void             mfc_ticket_list_set_me         (MfcTicketList   *self,
                                                 const char      *user_id);
const char      *mfc_ticket_list_get_me         (MfcTicketList   *self);
void             mfc_ticket_list_expect_status  (MfcTicketList   *self,
                                                 const char      *ticket_id,
                                                 const char      *status);
void             mfc_ticket_list_set_page_size  (MfcTicketList   *self,
                                                 guint            limit);
void             mfc_ticket_list_start          (MfcTicketList   *self);
void             mfc_ticket_list_refresh        (MfcTicketList   *self);
void             mfc_ticket_list_load_more      (MfcTicketList   *self);
void             mfc_ticket_list_retry          (MfcTicketList   *self);
gboolean         mfc_ticket_list_get_loading    (MfcTicketList   *self);
gboolean         mfc_ticket_list_get_at_end     (MfcTicketList   *self);
const GError    *mfc_ticket_list_get_error      (MfcTicketList   *self);
MfcQuery        *mfc_ticket_list_dup_query      (MfcTicketList   *self);
MfcTicket       *mfc_ticket_list_find           (MfcTicketList   *self,
                                                 const char      *id,
                                                 guint           *position);
MfcTicket       *mfc_ticket_list_take_event     (MfcTicketList   *self,
                                                 const char      *type,
                                                 JsonNode        *data);
guint            mfc_ticket_list_get_generation (MfcTicketList   *self);
int              mfc_ticket_list_get_count      (MfcTicketList   *self,
                                                 const char      *status);
gboolean         mfc_ticket_list_get_counts_loading (MfcTicketList *self);

G_END_DECLS
