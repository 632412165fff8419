/* mfc-booking-page.h — the «Запись на приём» section of the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_BOOKING_PAGE (mfc_booking_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcBookingPage, mfc_booking_page, MFC, BOOKING_PAGE, MfcPage)

G_END_DECLS
