/* printing-test-util.h — what the printing tests share: the Russian
 * catalogue, a receipt-like document, and poppler-utils / zbar-tools run
 * on a written PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-print-document.h"

G_BEGIN_DECLS

#define TEST_TICKET   "2026-000123"
#define TEST_DUE      "15 января 2027 г."
#define TEST_MISSING_1 "Технический паспорт объекта недвижимости — не представлен"
#define TEST_MISSING_2 "Справка об отсутствии задолженности — не представлена"

/* A temporary folder and a PDF path in it, for g_test_add () */
typedef struct
{
  char *dir;
  char *pdf;
} PrintingFixture;

void              printing_fixture_set_up       (PrintingFixture *f,
                                                 gconstpointer    data);
void              printing_fixture_tear_down    (PrintingFixture *f,
                                                 gconstpointer    data);
#define PRINTING_TEST_ADD(path, func) \
  g_test_add (path, PrintingFixture, NULL, printing_fixture_set_up, func, \
              printing_fixture_tear_down)

void              printing_test_use_russian     (void);
char             *printing_test_make_dir        (void);
void              printing_test_remove_dir      (const char *dir);

MfcPrintDocument *printing_test_receipt         (gboolean    training);
void              printing_test_add_clauses     (MfcPrintDocument *doc,
                                                 guint       n);

char             *printing_test_run             (const char * const *argv);
char             *printing_test_pdf_text        (const char *pdf,
                                                 int         page);
char             *printing_test_squeeze         (const char *text);
guint             printing_test_pdf_pages       (const char *pdf);
char             *printing_test_pdf_page_size   (const char *pdf);
char             *printing_test_decode_qr       (const char *pdf,
                                                 const char *dir);

G_END_DECLS
