/* mfc-tickets-page.h — the «Обращения» section of the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_TICKETS_PAGE (mfc_tickets_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcTicketsPage, mfc_tickets_page, MFC, TICKETS_PAGE, MfcPage)

G_END_DECLS
