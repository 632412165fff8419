/* mfc-office-card.h — everything about one office: hours, zone, load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-office.h"
#include "mfc-service-catalog.h"

G_BEGIN_DECLS

#define MFC_TYPE_OFFICE_CARD (mfc_office_card_get_type ())
G_DECLARE_FINAL_TYPE (MfcOfficeCard, mfc_office_card, MFC, OFFICE_CARD, GtkBox)

void        mfc_office_card_set_office      (MfcOfficeCard     *self,
                                             MfcOffice         *office);
MfcOffice  *mfc_office_card_get_office      (MfcOfficeCard     *self);
void        mfc_office_card_set_catalog     (MfcOfficeCard     *self,
                                             MfcServiceCatalog *catalog);
void        mfc_office_card_set_next_slot   (MfcOfficeCard     *self,
                                             const char        *text);
const char *mfc_office_card_get_status_text (MfcOfficeCard     *self);
const char *mfc_office_card_get_load_text   (MfcOfficeCard     *self);
void        mfc_office_card_refresh         (MfcOfficeCard     *self);

G_END_DECLS
