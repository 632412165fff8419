/* mfc-service.h — one service of the catalogue (услуга) and its
 * category: title, deadline in working days, the required documents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

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

MfcServiceCategory *mfc_service_category_new_from_json (JsonObject  *json,
                                                        GError     **error);
const char *mfc_service_category_get_id    (MfcServiceCategory *self);
const char *mfc_service_category_get_title (MfcServiceCategory *self);

G_END_DECLS
