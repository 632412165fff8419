/* mfc-training-calendar.h — the training server's dates and times: the
 * region's production calendar, the offices' time zones, the contract's
 * date and time texts.  Not installed, not for other features.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MFC_TRAINING_REGION_TZ "Asia/Novosibirsk"

/* The time zones by IANA identifier, each read once.  Not thread-safe:
 * one per server, used on the server's thread. */
typedef struct _MfcTrainingZones MfcTrainingZones;

MfcTrainingZones *mfc_training_zones_new  (void);
void              mfc_training_zones_free (MfcTrainingZones *zones);
GTimeZone        *mfc_training_zones_get  (MfcTrainingZones *zones,
                                           const char       *identifier);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcTrainingZones, mfc_training_zones_free)

/* Times: "2026-11-23T10:00:00+07:00" in @zone (the region's when NULL) */
char       *mfc_tr_format_time   (MfcTrainingZones   *zones,
                                  gint64              unix_seconds,
                                  const char         *zone);
char       *mfc_tr_local_date    (MfcTrainingZones   *zones,
                                  gint64              unix_seconds,
                                  const char         *zone);
gboolean    mfc_tr_parse_time    (const char         *text,
                                  gint64             *unix_seconds);

/* The production calendar: Julian day numbers (GDate's) */
gboolean    mfc_tr_parse_date    (const char         *text,
                                  guint32            *julian);
char       *mfc_tr_format_date   (guint32             julian);
guint32     mfc_tr_add_working_days (guint32           julian,
                                     int               days);
int         mfc_tr_working_days_between (guint32       after,
                                         guint32       up_to);
gboolean    mfc_tr_is_holiday    (guint32             julian);
JsonArray  *mfc_tr_holidays_json (void);
JsonArray  *mfc_tr_extra_working_days_json (void);

G_END_DECLS
