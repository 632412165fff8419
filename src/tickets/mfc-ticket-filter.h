/* mfc-ticket-filter.h — what the clerk asks the ticket list for: the
 * filters of `GET /api/v1/tickets`, turned into a query, and stored
 * (as a GVariant) under a name in the saved filters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-query.h"

G_BEGIN_DECLS

typedef enum {
  MFC_TICKET_ASSIGNEE_ANYONE,
  MFC_TICKET_ASSIGNEE_ME,
  MFC_TICKET_ASSIGNEE_OFFICE,   /* tickets of the clerk's office */
} MfcTicketAssignee;

#define MFC_TYPE_TICKET_FILTER (mfc_ticket_filter_get_type ())
G_DECLARE_FINAL_TYPE (MfcTicketFilter, mfc_ticket_filter, MFC, TICKET_FILTER, GObject)

MfcTicketFilter    *mfc_ticket_filter_new           (void);
MfcTicketFilter    *mfc_ticket_filter_copy          (MfcTicketFilter   *self);
gboolean            mfc_ticket_filter_equal         (MfcTicketFilter   *self,
                                                     MfcTicketFilter   *other);

const char * const *mfc_ticket_filter_get_statuses  (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_statuses  (MfcTicketFilter   *self,
                                                     const char * const *statuses);
gboolean            mfc_ticket_filter_has_status    (MfcTicketFilter   *self,
                                                     const char        *status);
void                mfc_ticket_filter_toggle_status (MfcTicketFilter   *self,
                                                     const char        *status,
                                                     gboolean           on);
const char         *mfc_ticket_filter_get_kind      (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_kind      (MfcTicketFilter   *self,
                                                     const char        *kind);
const char         *mfc_ticket_filter_get_service   (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_service   (MfcTicketFilter   *self,
                                                     const char        *service_id);
MfcTicketAssignee   mfc_ticket_filter_get_assignee  (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_assignee  (MfcTicketFilter   *self,
                                                     MfcTicketAssignee  assignee);
const char         *mfc_ticket_filter_get_from      (MfcTicketFilter   *self);
const char         *mfc_ticket_filter_get_to        (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_dates     (MfcTicketFilter   *self,
                                                     const char        *from,
                                                     const char        *to);
gboolean            mfc_ticket_filter_get_overdue   (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_overdue   (MfcTicketFilter   *self,
                                                     gboolean           overdue);
gboolean            mfc_ticket_filter_get_at_risk   (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_at_risk   (MfcTicketFilter   *self,
                                                     gboolean           at_risk);
const char         *mfc_ticket_filter_get_text      (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_text      (MfcTicketFilter   *self,
                                                     const char        *text);
const char         *mfc_ticket_filter_get_sort      (MfcTicketFilter   *self);
void                mfc_ticket_filter_set_sort      (MfcTicketFilter   *self,
                                                     const char        *sort);

MfcQuery           *mfc_ticket_filter_to_query      (MfcTicketFilter   *self,
                                                     const char        *office_id,
                                                     guint              limit);
MfcQuery           *mfc_ticket_filter_to_counts_query (MfcTicketFilter *self,
                                                     const char        *office_id);
GVariant           *mfc_ticket_filter_to_variant    (MfcTicketFilter   *self);
MfcTicketFilter    *mfc_ticket_filter_new_from_variant (GVariant       *variant);

G_END_DECLS
