/* documents-test-util.h — what the documents tests share: temporary
 * folders, running a tool and reading its output, synthetic pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-document.h"

G_BEGIN_DECLS

char         *doc_test_make_dir     (void);
void          doc_test_remove_dir   (const char          *dir);
char         *doc_test_run          (const char * const  *argv,
                                     int                 *status);
MfcPageImage *doc_test_noise_image  (MfcPixelFormat       format,
                                     int                  width,
                                     int                  height,
                                     double               dpi,
                                     guint32              seed);
MfcPageImage *doc_test_text_image   (gboolean             bilevel,
                                     int                  width,
                                     int                  height,
                                     double               dpi);
MfcDocPage   *doc_test_scan_page    (MfcPageImage        *image,
                                     const char          *dir,
                                     const char          *name);

G_END_DECLS

G_BEGIN_DECLS

void          doc_test_use_russian      (void);
char         *doc_test_use_sane_test    (void);

G_END_DECLS
