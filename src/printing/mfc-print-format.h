/* mfc-print-format.h — how values appear on paper: dates in words with
 * the office's time, and personal data masked as far as the law allows
 * on a receipt handed to the applicant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *mfc_print_format_date       (const GDate *date);
char *mfc_print_format_date_time  (GDateTime   *instant,
                                   GTimeZone   *zone);

char *mfc_print_mask_snils        (const char  *snils);
char *mfc_print_mask_passport     (const char  *passport);
char *mfc_print_mask_phone        (const char  *phone);

G_END_DECLS
