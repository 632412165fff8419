/* intake-test-util.h — what the intake step's tests share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-service-catalog.h"

#define PASSPORT_SERVICE "Замена паспорта гражданина РФ"

/* The service of that title among those the catalogue lists now */
G_GNUC_UNUSED static MfcService *
intake_test_find_service (MfcServiceCatalog *catalog,
                          const char        *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(MfcService) service = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      if (g_str_equal (mfc_service_get_title (service), title))
        return service;   /* the catalogue keeps its own reference */
    }

  g_error ("No service «%s» in the catalogue", title);
}
