/* mfc-ticket-saved-filters.h — the clerk's named ticket filters, in the
 * GSettings key `ticket-filters`, after the two presets every desk has:
 * «Мои просроченные» and «Ожидают документов».
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-ticket-filter.h"

G_BEGIN_DECLS

#define MFC_TICKET_FILTERS_KEY "ticket-filters"

GStrv            mfc_ticket_saved_filters_names  (GSettings       *settings);
gboolean         mfc_ticket_saved_filters_is_preset (const char   *name);
MfcTicketFilter *mfc_ticket_saved_filters_lookup (GSettings       *settings,
                                                  const char      *name);
gboolean         mfc_ticket_saved_filters_save   (GSettings       *settings,
                                                  const char      *name,
                                                  MfcTicketFilter *filter,
                                                  GError         **error);
gboolean         mfc_ticket_saved_filters_remove (GSettings       *settings,
                                                  const char      *name);

G_END_DECLS
