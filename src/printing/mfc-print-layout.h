/* mfc-print-layout.h — a document laid out on pages of a given size,
 * drawn onto any cairo_t: a PDF surface or a GtkPrintContext's.
 *
 * Units are PostScript points (1/72 in), the origin the paper's top left
 * corner: a PDF surface is that already; a GtkPrintOperation needs
 * gtk_print_operation_set_unit (GTK_UNIT_POINTS) and
 * gtk_print_operation_set_use_full_page (TRUE) (mfc-print-operation does
 * it).  The layout measures its text with its own PangoContext at
 * 72 dpi with unhinted metrics, so a page breaks in the same place on
 * paper and in the PDF.  Use a layout on the thread that made it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "mfc-print-document.h"

G_BEGIN_DECLS

#define MFC_PRINT_A4_WIDTH  (210.0 / 25.4 * 72.0)
#define MFC_PRINT_A4_HEIGHT (297.0 / 25.4 * 72.0)

typedef struct _MfcPrintLayout MfcPrintLayout;

MfcPrintLayout *mfc_print_layout_new          (MfcPrintDocument *document,
                                               double            page_width,
                                               double            page_height);
void            mfc_print_layout_free         (MfcPrintLayout   *self);
guint           mfc_print_layout_get_n_pages  (MfcPrintLayout   *self);
void            mfc_print_layout_draw_page    (MfcPrintLayout   *self,
                                               cairo_t          *cr,
                                               guint             page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcPrintLayout, mfc_print_layout_free)

G_END_DECLS
