/* mfc-print-document-private.h — the document's contents, read by the
 * layout.  Only src/printing includes this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-print-document.h"

G_BEGIN_DECLS

typedef enum {
  MFC_PRINT_BLOCK_HEADING,
  MFC_PRINT_BLOCK_ROW,
  MFC_PRINT_BLOCK_ITEM,
  MFC_PRINT_BLOCK_PARAGRAPH,
  MFC_PRINT_BLOCK_SIGNATURE,
  MFC_PRINT_BLOCK_NOTICE,
} MfcPrintBlockKind;

typedef struct
{
  MfcPrintBlockKind kind;
  char             *text;    /* heading, row label, item, paragraph, notice, signer's name */
  char             *value;   /* row value */
  MfcPrintMark      mark;    /* item */
  MfcPrintSigner    signer;  /* signature */
} MfcPrintBlock;

struct _MfcPrintDocument
{
  gatomicrefcount  ref_count;

  char            *title;
  char            *subtitle;
  char            *office_name;
  char            *office_address;
  char            *clerk;
  GDateTime       *instant;
  GTimeZone       *zone;          /* the office's */
  char            *qr_payload;
  char            *qr_caption;
  char            *footer;
  gboolean         training;

  GArray          *blocks;        /* MfcPrintBlock, in reading order */
};

G_END_DECLS
