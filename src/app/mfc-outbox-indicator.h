/* mfc-outbox-indicator.h — the header bar's button for the outbox: how
 * many writes wait, whether they are being sent, and a popover listing
 * them, with «Повторить» and «Удалить» for the ones the service refused.
 * Hidden while nothing waits and nothing was refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mfc-outbox.h"

G_BEGIN_DECLS

#define MFC_TYPE_OUTBOX_INDICATOR (mfc_outbox_indicator_get_type ())
G_DECLARE_FINAL_TYPE (MfcOutboxIndicator, mfc_outbox_indicator, MFC, OUTBOX_INDICATOR, GtkWidget)

GtkWidget  *mfc_outbox_indicator_new          (MfcOutbox          *outbox);
MfcOutbox  *mfc_outbox_indicator_get_outbox   (MfcOutboxIndicator *self);
void        mfc_outbox_indicator_popup        (MfcOutboxIndicator *self);
void        mfc_outbox_indicator_popdown      (MfcOutboxIndicator *self);

const char *mfc_outbox_describe_kind          (const char         *kind);
char       *mfc_outbox_describe_reason        (const GError       *error);

G_END_DECLS
