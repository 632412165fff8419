/* mfc-receipt.h — the receipt (расписка) handed to the applicant once an
 * application has its number: office, clerk, date and time in the
 * office's zone, the applicant (masked as far as the law allows), the
 * service, number and due date, the documents received and missing, a
 * QR code of the number, signature lines, «ОБРАЗЕЦ» in training mode.
 *
 * Built from the server's answer (the `TicketDetail` of the created
 * ticket), never from what the clerk typed alone: a receipt exists only
 * for a registered application.  Printed and saved with the printing
 * module (mfc-print-operation.h, mfc-print-pdf.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mfc-applicant.h"
#include "mfc-checklist.h"
#include "mfc-print-document.h"
#include "mfc-service.h"

G_BEGIN_DECLS

MfcPrintDocument *mfc_receipt_build (JsonObject   *ticket,
                                     MfcApplicant *applicant,
                                     MfcService   *service,
                                     MfcChecklist *checklist,
                                     const char   *office_name,
                                     const char   *office_address,
                                     const char   *clerk,
                                     GTimeZone    *office_zone,
                                     gboolean      training);

char             *mfc_receipt_suggest_file_name (JsonObject *ticket);
char             *mfc_receipt_format_due_date   (JsonObject *ticket);

G_END_DECLS
