/* mfc-ticket.h — one ticket (обращение) as the list and the ticket view
 * show it, read from the contract's `Ticket` (or `TicketDetail`).
 *
 * A ticket is updated in place (mfc_ticket_update_from_json()) when a
 * live event or a write brings a newer version, so a list row bound to
 * it follows without the list changing: scroll and selection stay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-workdays.h"

G_BEGIN_DECLS

#define MFC_TICKET_ERROR (mfc_ticket_error_quark ())
GQuark mfc_ticket_error_quark (void);

typedef enum {
  MFC_TICKET_ERROR_INVALID,       /* not a ticket of the contract */
  MFC_TICKET_ERROR_NOT_ALLOWED,   /* a move the workflow does not allow from here */
  MFC_TICKET_ERROR_REASON,        /* a rejection without a reason */
} MfcTicketError;

#define MFC_TYPE_TICKET (mfc_ticket_get_type ())
G_DECLARE_FINAL_TYPE (MfcTicket, mfc_ticket, MFC, TICKET, GObject)

MfcTicket          *mfc_ticket_new_from_json        (JsonObject   *object,
                                                     GError      **error);
gboolean            mfc_ticket_update_from_json     (MfcTicket    *self,
                                                     JsonObject   *object,
                                                     GError      **error);

const char         *mfc_ticket_get_id               (MfcTicket    *self);
const char         *mfc_ticket_get_number           (MfcTicket    *self);
const char         *mfc_ticket_get_kind             (MfcTicket    *self);
const char         *mfc_ticket_get_status           (MfcTicket    *self);
const char         *mfc_ticket_get_applicant_name   (MfcTicket    *self);
const char         *mfc_ticket_get_service_title    (MfcTicket    *self);
const char         *mfc_ticket_get_service_id       (MfcTicket    *self);
const char         *mfc_ticket_get_office_id        (MfcTicket    *self);
const char         *mfc_ticket_get_assignee_id      (MfcTicket    *self);
const char         *mfc_ticket_get_assignee_name    (MfcTicket    *self);
const char         *mfc_ticket_get_description      (MfcTicket    *self);
GDateTime          *mfc_ticket_get_created_at       (MfcTicket    *self);
GDateTime          *mfc_ticket_get_updated_at       (MfcTicket    *self);
const char         *mfc_ticket_get_due_date         (MfcTicket    *self);
gboolean            mfc_ticket_get_paused           (MfcTicket    *self);
gboolean            mfc_ticket_get_final            (MfcTicket    *self);
gboolean            mfc_ticket_get_has_days_left    (MfcTicket    *self);
int                 mfc_ticket_get_working_days_left (MfcTicket   *self);
gboolean            mfc_ticket_get_overdue          (MfcTicket    *self);
gint64              mfc_ticket_get_version          (MfcTicket    *self);
char               *mfc_ticket_dup_etag             (MfcTicket    *self);
const char * const *mfc_ticket_get_allowed_transitions (MfcTicket *self);
gboolean            mfc_ticket_allows               (MfcTicket    *self,
                                                     const char   *status);
gboolean            mfc_ticket_get_at_risk          (MfcTicket    *self);
gboolean            mfc_ticket_get_escalated        (MfcTicket    *self);
const char         *mfc_ticket_get_channel          (MfcTicket    *self);
const char         *mfc_ticket_get_priority         (MfcTicket    *self);
gboolean            mfc_ticket_get_result_ready     (MfcTicket    *self);
GDateTime          *mfc_ticket_get_handed_over_at   (MfcTicket    *self);
const char         *mfc_ticket_get_handed_over_by   (MfcTicket    *self);
JsonObject         *mfc_ticket_get_json             (MfcTicket    *self);
MfcTicket          *mfc_ticket_copy                 (MfcTicket    *self);
const char         *mfc_ticket_get_due_text         (MfcTicket    *self);
const char         *mfc_ticket_get_created_text     (MfcTicket    *self);

char               *mfc_ticket_dup_due_text         (MfcTicket    *self);
char               *mfc_ticket_dup_created_text     (MfcTicket    *self);

/* Words for the codes on the wire (translated) */
const char * const *mfc_ticket_statuses             (void);
const char * const *mfc_ticket_kinds                (void);
const char         *mfc_ticket_status_label         (const char   *status);
const char         *mfc_ticket_kind_label           (const char   *kind);
const char         *mfc_ticket_channel_label        (const char   *channel);
const char         *mfc_ticket_priority_label       (const char   *priority);
char               *mfc_ticket_days_text            (gboolean      paused,
                                                     gboolean      final,
                                                     gboolean      has_days,
                                                     int           days_left);

G_END_DECLS
