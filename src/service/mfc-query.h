/* mfc-query.h — the path and query of one call to the central service,
 * built rather than concatenated.
 *
 * Every path segment and every value is percent-encoded here, so that a
 * phone's "+" or an "&" typed into a search box cannot change the query.
 * Parameter names are literals from the code ([a-z_0-9]+).
 *
 *   g_autoptr(MfcQuery) q = mfc_query_new ("/api/v1/tickets");
 *   mfc_query_add (q, "q", text);
 *   mfc_query_add_int (q, "limit", 50);
 *   mfc_client_get_page_async (client, q, …);
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MFC_QUERY_ERROR (mfc_query_error_quark ())
GQuark mfc_query_error_quark (void);

typedef enum {
  /* mfc_query_new_from_string(): not an encoded path and query */
  MFC_QUERY_ERROR_INVALID,
} MfcQueryError;

#define MFC_TYPE_QUERY (mfc_query_get_type ())

typedef struct _MfcQuery MfcQuery;

GType       mfc_query_get_type         (void) G_GNUC_CONST;
MfcQuery   *mfc_query_new              (const char  *path);
MfcQuery   *mfc_query_new_from_string  (const char  *path_and_query,
                                        GError     **error);
MfcQuery   *mfc_query_ref              (MfcQuery    *self);
void        mfc_query_unref            (MfcQuery    *self);
MfcQuery   *mfc_query_copy             (MfcQuery    *self);
void        mfc_query_add_segment      (MfcQuery    *self,
                                        const char  *segment);
void        mfc_query_add              (MfcQuery    *self,
                                        const char  *name,
                                        const char  *value);
void        mfc_query_add_int          (MfcQuery    *self,
                                        const char  *name,
                                        gint64       value);
void        mfc_query_add_bool         (MfcQuery    *self,
                                        const char  *name,
                                        gboolean     value);
void        mfc_query_set              (MfcQuery    *self,
                                        const char  *name,
                                        const char  *value);
const char *mfc_query_get_path         (MfcQuery    *self);
char       *mfc_query_to_string        (MfcQuery    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcQuery, mfc_query_unref)

G_END_DECLS
