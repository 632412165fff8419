/* mfc-ticket-stats.h — the supervisor's summary of an office's tickets
 * over a period (`GET /api/v1/stats/tickets`), read into plain values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-client.h"

G_BEGIN_DECLS

#define MFC_TYPE_TICKET_STATS (mfc_ticket_stats_get_type ())
G_DECLARE_FINAL_TYPE (MfcTicketStats, mfc_ticket_stats, MFC, TICKET_STATS, GObject)

typedef struct
{
  char *label;   /* a reason, or a clerk's name */
  int   count;   /* how many rejections, or open tickets */
  int   overdue; /* of a clerk's open tickets, overdue (0 for reasons) */
} MfcTicketStatsRow;

void            mfc_ticket_stats_load_async      (MfcClient           *client,
                                                  const char          *office_id,
                                                  const char          *from,
                                                  const char          *to,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
MfcTicketStats *mfc_ticket_stats_load_finish     (MfcClient           *client,
                                                  GAsyncResult        *result,
                                                  GError             **error);
MfcTicketStats *mfc_ticket_stats_new_from_json   (JsonObject          *object,
                                                  GError             **error);

const char     *mfc_ticket_stats_get_from        (MfcTicketStats      *self);
const char     *mfc_ticket_stats_get_to          (MfcTicketStats      *self);
int             mfc_ticket_stats_get_total       (MfcTicketStats      *self);
int             mfc_ticket_stats_get_open        (MfcTicketStats      *self,
                                                  const char          *status_or_type);
int             mfc_ticket_stats_get_overdue     (MfcTicketStats      *self);
int             mfc_ticket_stats_get_due_this_week (MfcTicketStats    *self);
int             mfc_ticket_stats_get_decided     (MfcTicketStats      *self);
int             mfc_ticket_stats_get_decided_on_time (MfcTicketStats  *self);
double          mfc_ticket_stats_get_on_time_share (MfcTicketStats    *self);
double          mfc_ticket_stats_get_median_first_action (MfcTicketStats *self);
double          mfc_ticket_stats_get_median_decision (MfcTicketStats  *self);
GArray         *mfc_ticket_stats_get_rejection_reasons (MfcTicketStats *self);
GArray         *mfc_ticket_stats_get_load_per_clerk (MfcTicketStats  *self);
char           *mfc_ticket_stats_format_hours    (double               hours);

G_END_DECLS
