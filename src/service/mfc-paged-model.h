/* mfc-paged-model.h — a GListModel over a keyset-paged list call.
 *
 * Generic over the item type: a parse callback turns each JSON item into
 * a GObject of that type.  Pages are fetched when asked (a view calls
 * mfc_paged_model_load_more() near its end), one at a time; a new filter
 * (mfc_paged_model_set_query()) drops the items and the page in flight.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mfc-client.h"
#include "mfc-query.h"

G_BEGIN_DECLS

/**
 * MfcPagedModelParseFunc:
 * @item: one element of the page's `items`
 * @user_data: as given to mfc_paged_model_new()
 * @error: set when @item cannot be read
 *
 * Returns: (transfer full) (nullable): an instance of the model's item
 *   type, %NULL with @error set for a malformed item
 */
typedef GObject *(*MfcPagedModelParseFunc) (JsonObject  *item,
                                            gpointer     user_data,
                                            GError     **error);

#define MFC_TYPE_PAGED_MODEL (mfc_paged_model_get_type ())
G_DECLARE_FINAL_TYPE (MfcPagedModel, mfc_paged_model, MFC, PAGED_MODEL, GObject)

MfcPagedModel *mfc_paged_model_new         (MfcClient              *client,
                                            GType                   item_type,
                                            MfcPagedModelParseFunc  parse,
                                            gpointer                user_data,
                                            GDestroyNotify          user_data_destroy);
MfcClient     *mfc_paged_model_get_client  (MfcPagedModel          *self);
MfcQuery      *mfc_paged_model_get_query   (MfcPagedModel          *self);
void           mfc_paged_model_set_query   (MfcPagedModel          *self,
                                            MfcQuery               *query);
void           mfc_paged_model_load_more   (MfcPagedModel          *self);
void           mfc_paged_model_retry       (MfcPagedModel          *self);
void           mfc_paged_model_refresh     (MfcPagedModel          *self);
gboolean       mfc_paged_model_get_loading (MfcPagedModel          *self);
const GError  *mfc_paged_model_get_error   (MfcPagedModel          *self);
gboolean       mfc_paged_model_get_at_end  (MfcPagedModel          *self);

G_END_DECLS
