/* mfc-memory.h — freed heap memory handed back to the system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void   mfc_memory_trim          (void);
void   mfc_memory_trim_soon     (void);
guint  mfc_memory_get_n_trims   (void);

G_END_DECLS
