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

G_BEGIN_DECLS

/* MfcService */

#define MFC_TYPE_SERVICE (mfc_service_get_type ())
G_DECLARE_FINAL_TYPE (MfcService, mfc_service, MFC, SERVICE, GObject)

MfcService *mfc_service_new_from_json                 (JsonObject  *json,
                                                       GError     **error);
const char *mfc_service_get_id                        (MfcService  *self);
const char *mfc_service_get_title                     (MfcService  *self);
const char *mfc_service_get_category_id               (MfcService  *self);
const char *mfc_service_get_category_title            (MfcService  *self);
guint       mfc_service_get_deadline_working_days     (MfcService  *self);
gboolean    mfc_service_get_bookable                  (MfcService  *self);
guint       mfc_service_get_n_required_documents      (MfcService  *self);
const char *mfc_service_get_required_document_title   (MfcService  *self,
                                                       guint        index);
gboolean    mfc_service_get_required_document_mandatory (MfcService *self,
                                                       guint        index);
gboolean    mfc_service_matches                       (MfcService  *self,
                                                       const char  *search);

/* MfcServiceCategory */

#define MFC_TYPE_SERVICE_CATEGORY (mfc_service_category_get_type ())
G_DECLARE_FINAL_TYPE (MfcServiceCategory, mfc_service_category, MFC, SERVICE_CATEGORY, GObject)

const char *mfc_service_category_get_id    (MfcServiceCategory *self);
const char *mfc_service_category_get_title (MfcServiceCategory *self);

/* MfcRecentServices */

#define MFC_RECENT_SERVICES_MAX 10

#define MFC_TYPE_RECENT_SERVICES (mfc_recent_services_get_type ())
G_DECLARE_FINAL_TYPE (MfcRecentServices, mfc_recent_services, MFC, RECENT_SERVICES, GObject)

MfcRecentServices  *mfc_recent_services_new       (const char        *path);
void                mfc_recent_services_set_clerk (MfcRecentServices *self,
                                                   const char        *clerk_id);
void                mfc_recent_services_note      (MfcRecentServices *self,
                                                   const char        *service_id);
const char * const *mfc_recent_services_get_ids   (MfcRecentServices *self);

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
