/* mfc-booking-page.h — the «Запись на приём» section of the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mfc-applicant.h"
#include "mfc-office-card.h"
#include "mfc-office-map.h"
#include "mfc-office-store.h"
#include "mfc-page.h"
#include "mfc-print-document.h"
#include "mfc-slot-picker.h"

G_BEGIN_DECLS

#define MFC_TYPE_BOOKING_PAGE (mfc_booking_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcBookingPage, mfc_booking_page, MFC, BOOKING_PAGE, MfcPage)

const char       *mfc_booking_page_get_view          (MfcBookingPage *self);
MfcOfficeStore   *mfc_booking_page_get_store         (MfcBookingPage *self);
MfcOfficeMap     *mfc_booking_page_get_map           (MfcBookingPage *self);
MfcOfficeCard    *mfc_booking_page_get_card          (MfcBookingPage *self);
MfcSlotPicker    *mfc_booking_page_get_slot_picker   (MfcBookingPage *self);
gboolean          mfc_booking_page_get_ready         (MfcBookingPage *self);
void              mfc_booking_page_set_service       (MfcBookingPage *self,
                                                      const char     *service_id);
const char       *mfc_booking_page_get_service       (MfcBookingPage *self);
void              mfc_booking_page_open_office       (MfcBookingPage *self,
                                                      MfcOffice      *office);
JsonObject       *mfc_booking_page_get_appointment   (MfcBookingPage *self);
const char       *mfc_booking_page_get_applicant_id  (MfcBookingPage *self);
const char       *mfc_booking_page_get_message       (MfcBookingPage *self);
guint             mfc_booking_page_get_n_alternatives (MfcBookingPage *self);
MfcPrintDocument *mfc_booking_page_build_talon       (MfcBookingPage *self);
void              mfc_booking_page_cancel_visit      (MfcBookingPage *self,
                                                      const char     *reason);
guint             mfc_booking_page_get_n_today       (MfcBookingPage *self);
void              mfc_booking_page_set_applicant     (MfcBookingPage *self,
                                                      MfcApplicant   *applicant);

G_END_DECLS
