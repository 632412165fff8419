/* mfc-service-catalog.h — the service catalogue (услуги) for intake:
 * categories and services from the central service, searched by word or
 * code, with the applicant's earlier services and the clerk's recent
 * ones first.
 *
 * The catalogue is small (tens of services), so it is loaded whole once
 * and searched here: word prefixes in any order, case and ё/е aside, or
 * the service's id as its code.
 *
 * Recent services are kept per clerk in an MfcRecentServices, a key file
 * (mode 0600) whose path the caller chooses — the application passes one
 * under the user's data folder, tests a temporary one or none (memory
 * only).  No GSettings: the list is per clerk, not per desktop user, and
 * changes many times a day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-applicant.h"
#include "mfc-client.h"
#include "mfc-recent-services.h"
#include "mfc-service.h"

G_BEGIN_DECLS

/* MfcServiceCatalog */

#define MFC_TYPE_SERVICE_CATALOG (mfc_service_catalog_get_type ())
G_DECLARE_FINAL_TYPE (MfcServiceCatalog, mfc_service_catalog, MFC, SERVICE_CATALOG, GObject)

MfcServiceCatalog *mfc_service_catalog_new            (MfcClient          *client,
                                                       MfcRecentServices  *recents);
void               mfc_service_catalog_load_async     (MfcServiceCatalog  *self,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
gboolean           mfc_service_catalog_load_finish    (MfcServiceCatalog  *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);
GListModel        *mfc_service_catalog_get_categories (MfcServiceCatalog  *self);
MfcService        *mfc_service_catalog_lookup         (MfcServiceCatalog  *self,
                                                       const char         *service_id);
void               mfc_service_catalog_set_search     (MfcServiceCatalog  *self,
                                                       const char         *search);
const char        *mfc_service_catalog_get_search     (MfcServiceCatalog  *self);
void               mfc_service_catalog_set_category   (MfcServiceCatalog  *self,
                                                       const char         *category_id);
const char        *mfc_service_catalog_get_category   (MfcServiceCatalog  *self);
void               mfc_service_catalog_note_used      (MfcServiceCatalog  *self,
                                                       const char         *service_id);
void               mfc_service_catalog_set_preferred  (MfcServiceCatalog  *self,
                                                       const char * const *service_ids);
void               mfc_service_catalog_prefer_for_applicant_async  (MfcServiceCatalog  *self,
                                                       MfcApplicant       *applicant,
                                                       GCancellable       *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
GStrv              mfc_service_catalog_prefer_for_applicant_finish (MfcServiceCatalog  *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

G_END_DECLS
