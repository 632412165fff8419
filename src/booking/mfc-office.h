/* mfc-office.h — one office of the region: where it is, its hours in its
 * own time zone, its services and its live queue load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The federal waiting standard (ПП РФ № 1376, п. 18 б): at most 15 minutes. */
#define MFC_OFFICE_WAIT_STANDARD_MINUTES 15

typedef enum {
  MFC_OFFICE_LOAD_LOW,     /* green: well within the standard */
  MFC_OFFICE_LOAD_MEDIUM,  /* amber: close to it */
  MFC_OFFICE_LOAD_HIGH,    /* red: over the 15-minute standard */
} MfcOfficeLoad;

#define MFC_TYPE_OFFICE (mfc_office_get_type ())
G_DECLARE_FINAL_TYPE (MfcOffice, mfc_office, MFC, OFFICE, GObject)

MfcOffice     *mfc_office_new_from_json          (JsonObject  *json,
                                                  GError     **error);
gboolean       mfc_office_update_from_json       (MfcOffice   *self,
                                                  JsonObject  *json,
                                                  GError     **error);
gboolean       mfc_office_apply_load             (MfcOffice   *self,
                                                  JsonObject  *load);

const char    *mfc_office_get_id                 (MfcOffice   *self);
const char    *mfc_office_get_name               (MfcOffice   *self);
const char    *mfc_office_get_address            (MfcOffice   *self);
const char    *mfc_office_get_phone              (MfcOffice   *self);
double         mfc_office_get_latitude           (MfcOffice   *self);
double         mfc_office_get_longitude          (MfcOffice   *self);
const char    *mfc_office_get_timezone_id        (MfcOffice   *self);
GTimeZone     *mfc_office_get_timezone           (MfcOffice   *self);
guint          mfc_office_get_windows_open       (MfcOffice   *self);
guint          mfc_office_get_windows_total      (MfcOffice   *self);
guint          mfc_office_get_waiting            (MfcOffice   *self);
guint          mfc_office_get_average_wait       (MfcOffice   *self);
gboolean       mfc_office_get_online_booking     (MfcOffice   *self);
double         mfc_office_get_distance_km        (MfcOffice   *self);
const char    *mfc_office_get_next_free_slot     (MfcOffice   *self);
const char    *mfc_office_get_district           (MfcOffice   *self);
gboolean       mfc_office_has_service            (MfcOffice   *self,
                                                  const char  *service_id);
const char * const *mfc_office_get_services      (MfcOffice   *self);
MfcOfficeLoad  mfc_office_get_load               (MfcOffice   *self);
gboolean       mfc_office_get_over_standard      (MfcOffice   *self);

gboolean       mfc_office_get_hours              (MfcOffice   *self,
                                                  guint        weekday,
                                                  int         *open_min,
                                                  int         *close_min,
                                                  int         *break_start_min,
                                                  int         *break_end_min);
gboolean       mfc_office_is_open_at             (MfcOffice   *self,
                                                  GDateTime   *instant);
char          *mfc_office_describe_status        (MfcOffice   *self,
                                                  GDateTime   *instant);
char          *mfc_office_describe_hours         (MfcOffice   *self,
                                                  guint        weekday);
gboolean       mfc_office_zone_differs           (MfcOffice   *self,
                                                  GTimeZone   *zone,
                                                  GDateTime   *instant);
char          *mfc_office_describe_zone          (MfcOffice   *self,
                                                  GDateTime   *instant);

char          *mfc_format_clock                  (int          minutes);
char          *mfc_format_utc_offset             (GDateTime   *local);

G_END_DECLS
