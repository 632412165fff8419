/* mfc-ticket-export.h — the tickets of a filter written to a CSV file
 * that a Russian-locale spreadsheet opens directly: UTF-8 with a BOM,
 * «;» between fields, CRLF line ends.  Streamed page by page (never the
 * whole set in memory), with progress and cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-client.h"
#include "mfc-ticket.h"

G_BEGIN_DECLS

typedef void (*MfcTicketExportProgress) (guint    n_rows,
                                         gpointer user_data);

void     mfc_ticket_export_csv_async  (MfcClient               *client,
                                       MfcQuery                *query,
                                       GFile                   *file,
                                       MfcTicketExportProgress  progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data);
gboolean mfc_ticket_export_csv_finish (MfcClient               *client,
                                       GAsyncResult            *result,
                                       guint                   *n_rows,
                                       GError                 **error);
char    *mfc_ticket_export_csv_row    (MfcTicket               *ticket);
char    *mfc_ticket_export_csv_header (void);

G_END_DECLS
