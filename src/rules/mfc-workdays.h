/* mfc-workdays.h — the working-day calendar: deadlines of tickets are
 * counted in working days of the region's production calendar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MFC_WORKDAYS_ERROR (mfc_workdays_error_quark ())

typedef enum {
  MFC_WORKDAYS_ERROR_INVALID_DATE,
  MFC_WORKDAYS_ERROR_CONFLICT,
} MfcWorkdaysError;

#define MFC_TYPE_WORKDAYS (mfc_workdays_get_type ())

typedef struct _MfcWorkdays MfcWorkdays;

/**
 * MfcWorkdaysPause:
 * @start: the first day on which the clock stood still
 * @end: the day the clock ran again (not paused itself); a cleared date
 *   (g_date_clear()) while the pause is still going on
 *
 * A period in status "awaiting_documents", as dates in the office's zone.
 */
typedef struct {
  GDate start;
  GDate end;
} MfcWorkdaysPause;

GQuark              mfc_workdays_error_quark                    (void);
GType               mfc_workdays_get_type                       (void) G_GNUC_CONST;

MfcWorkdays        *mfc_workdays_new                            (const char * const      *holidays,
                                                                 const char * const      *extra_working_days,
                                                                 GError                 **error);
MfcWorkdays        *mfc_workdays_new_russia                     (void);
MfcWorkdays        *mfc_workdays_ref                            (MfcWorkdays             *self);
void                mfc_workdays_unref                          (MfcWorkdays             *self);

gboolean            mfc_workdays_is_working_day                 (MfcWorkdays             *self,
                                                                 const GDate             *date);
gboolean            mfc_workdays_is_holiday                     (MfcWorkdays             *self,
                                                                 const GDate             *date);
void                mfc_workdays_add_working_days               (MfcWorkdays             *self,
                                                                 const GDate             *start,
                                                                 guint                    n_days,
                                                                 GDate                   *due);
int                 mfc_workdays_working_days_between           (MfcWorkdays             *self,
                                                                 const GDate             *from,
                                                                 const GDate             *to);
gboolean            mfc_workdays_due_date                       (MfcWorkdays             *self,
                                                                 const GDate             *created,
                                                                 guint                    n_days,
                                                                 const MfcWorkdaysPause  *pauses,
                                                                 gsize                    n_pauses,
                                                                 GDate                   *due);
int                 mfc_workdays_days_left                      (MfcWorkdays             *self,
                                                                 const GDate             *created,
                                                                 guint                    n_days,
                                                                 const MfcWorkdaysPause  *pauses,
                                                                 gsize                    n_pauses,
                                                                 const GDate             *today);

const char * const *mfc_workdays_russia_holidays                (void);
const char * const *mfc_workdays_russia_extra_working_days      (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcWorkdays, mfc_workdays_unref)

G_END_DECLS
