/* mfc-talon.h — the printed talon of a booked visit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mfc-print-document.h"

G_BEGIN_DECLS

MfcPrintDocument *mfc_talon_build               (JsonObject         *appointment,
                                                 const char * const *documents,
                                                 const char         *clerk,
                                                 gboolean            training);
char             *mfc_talon_qr_payload          (JsonObject         *appointment);
char             *mfc_talon_suggest_file_name   (JsonObject         *appointment);

G_END_DECLS
