/* mfc-intake-page.h — the «Приём заявителя» section of the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-page.h"

G_BEGIN_DECLS

#define MFC_TYPE_INTAKE_PAGE (mfc_intake_page_get_type ())
G_DECLARE_FINAL_TYPE (MfcIntakePage, mfc_intake_page, MFC, INTAKE_PAGE, MfcPage)

G_END_DECLS
