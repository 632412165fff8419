/* mfc-office-store.h — the offices the map and the list show: the ones in
 * view (bbox) that match the filters, fetched as the map moves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-client.h"
#include "mfc-office.h"

G_BEGIN_DECLS

typedef enum {
  MFC_OFFICE_SORT_NAME,
  MFC_OFFICE_SORT_DISTANCE,
  MFC_OFFICE_SORT_LOAD,
  MFC_OFFICE_SORT_FIRST_SLOT,
} MfcOfficeSort;

#define MFC_OFFICE_STORE_DEFAULT_DELAY_MS 200
/* Pages of 200 fetched for one view at most (the whole region zoomed out). */
#define MFC_OFFICE_STORE_MAX_PAGES 25

#define MFC_TYPE_OFFICE_STORE (mfc_office_store_get_type ())
G_DECLARE_FINAL_TYPE (MfcOfficeStore, mfc_office_store, MFC, OFFICE_STORE, GObject)

MfcOfficeStore *mfc_office_store_new             (MfcClient      *client);
void            mfc_office_store_set_delay       (MfcOfficeStore *self,
                                                  guint           delay_ms);
void            mfc_office_store_set_bbox        (MfcOfficeStore *self,
                                                  double          south,
                                                  double          west,
                                                  double          north,
                                                  double          east);
void            mfc_office_store_clear_bbox      (MfcOfficeStore *self);
void            mfc_office_store_set_search      (MfcOfficeStore *self,
                                                  const char     *text);
const char     *mfc_office_store_get_search      (MfcOfficeStore *self);
void            mfc_office_store_set_service     (MfcOfficeStore *self,
                                                  const char     *service_id);
const char     *mfc_office_store_get_service     (MfcOfficeStore *self);
void            mfc_office_store_set_open_now    (MfcOfficeStore *self,
                                                  gboolean        open_now);
gboolean        mfc_office_store_get_open_now    (MfcOfficeStore *self);
void            mfc_office_store_set_online_only (MfcOfficeStore *self,
                                                  gboolean        online_only);
gboolean        mfc_office_store_get_online_only (MfcOfficeStore *self);
void            mfc_office_store_set_max_waiting (MfcOfficeStore *self,
                                                  int             max_waiting);
int             mfc_office_store_get_max_waiting (MfcOfficeStore *self);
void            mfc_office_store_set_near        (MfcOfficeStore *self,
                                                  gboolean        enabled,
                                                  double          lat,
                                                  double          lon,
                                                  double          radius_km);
gboolean        mfc_office_store_get_near        (MfcOfficeStore *self);
void            mfc_office_store_set_sort        (MfcOfficeStore *self,
                                                  MfcOfficeSort   sort);
MfcOfficeSort   mfc_office_store_get_sort        (MfcOfficeStore *self);
gboolean        mfc_office_store_has_filters     (MfcOfficeStore *self);
void            mfc_office_store_clear_filters   (MfcOfficeStore *self);

void            mfc_office_store_reload          (MfcOfficeStore *self);
gboolean        mfc_office_store_get_loading     (MfcOfficeStore *self);
gboolean        mfc_office_store_get_truncated   (MfcOfficeStore *self);
const GError   *mfc_office_store_get_error       (MfcOfficeStore *self);
guint           mfc_office_store_get_generation  (MfcOfficeStore *self);
MfcOffice      *mfc_office_store_lookup          (MfcOfficeStore *self,
                                                  const char     *office_id);
int             mfc_office_store_find            (MfcOfficeStore *self,
                                                  MfcOffice      *office);
gboolean        mfc_office_store_apply_load      (MfcOfficeStore *self,
                                                  JsonObject     *load);

G_END_DECLS
