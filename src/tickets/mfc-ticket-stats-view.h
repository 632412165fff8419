/* mfc-ticket-stats-view.h — the supervisor's summary of the office's
 * tickets over a chosen period.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-context.h"
#include "mfc-ticket-stats.h"

G_BEGIN_DECLS

#define MFC_TYPE_TICKET_STATS_VIEW (mfc_ticket_stats_view_get_type ())
G_DECLARE_FINAL_TYPE (MfcTicketStatsView, mfc_ticket_stats_view, MFC, TICKET_STATS_VIEW, GtkWidget)

MfcTicketStatsView *mfc_ticket_stats_view_new       (MfcContext         *context);
void                mfc_ticket_stats_view_load      (MfcTicketStatsView *self);
MfcTicketStats     *mfc_ticket_stats_view_get_stats (MfcTicketStatsView *self);
gboolean            mfc_ticket_stats_view_get_loading (MfcTicketStatsView *self);

G_END_DECLS
