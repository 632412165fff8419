/* mfc-training-query.h — how the training server's handlers read a
 * request: body members, query parameters, ids and their rows, list
 * filters with their SQL parameters, keyset pages and cursors.  Not
 * installed, not for other features.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-training-request.h"

G_BEGIN_DECLS

/* The body */
JsonObject *mfc_tr_body_object   (MfcTrainingRequest *req);
const char *mfc_tr_form_part     (SoupMultipart      *multipart,
                                  int                 index,
                                  GBytes            **body,
                                  GHashTable        **params);
gboolean    mfc_tr_member_string (JsonObject         *object,
                                  const char         *name,
                                  const char        **value,
                                  gboolean           *present_null);
gboolean    mfc_tr_body_text     (MfcTrainingRequest *req,
                                  JsonObject         *body,
                                  const char         *member,
                                  glong               max_chars,
                                  const char         *field_message,
                                  const char        **value);
gboolean    mfc_tr_body_ref      (MfcTrainingRequest *req,
                                  JsonObject         *body,
                                  JsonObject         *fields,
                                  const char         *member,
                                  const char         *table,
                                  const char         *missing_message,
                                  gboolean            required,
                                  gint64             *id);
gboolean    mfc_tr_is_blank      (const char         *text);
gboolean    mfc_tr_all_digits    (const char         *text,
                                  gsize               length);

/* Query parameters and headers */
const char *mfc_tr_query         (MfcTrainingRequest *req,
                                  const char         *name);
gboolean    mfc_tr_query_bool    (MfcTrainingRequest *req,
                                  const char         *name,
                                  int                *value);
gboolean    mfc_tr_limit         (MfcTrainingRequest *req,
                                  int                *limit);
gboolean    mfc_tr_query_date    (MfcTrainingRequest *req,
                                  const char         *name,
                                  const char        **text,
                                  guint32            *julian);
gboolean    mfc_tr_check_if_match (MfcTrainingRequest *req,
                                   gint64              version,
                                   gboolean            required);

/* Ids and the rows they name */
gboolean    mfc_tr_parse_id      (const char         *text,
                                  gint64             *id);
gboolean    mfc_tr_row_exists    (MfcTrainingRequest *req,
                                  const char         *table,
                                  gint64              id);
sqlite3_stmt *mfc_tr_param_row   (MfcTrainingRequest *req,
                                  const char         *sql,
                                  gint64             *id);
void        mfc_tr_answer_get    (MfcTrainingRequest *req,
                                  MfcTrainingLoadFunc load);
gboolean    mfc_tr_bump_version  (MfcTrainingRequest *req,
                                  const char         *table,
                                  gint64              id);

/* Filters of list queries */
void        mfc_tr_filter_id     (MfcTrainingRequest *req,
                                  const char         *name,
                                  GString            *sql,
                                  GPtrArray          *binds,
                                  const char         *clause);
void        mfc_tr_filter_search (MfcTrainingRequest *req,
                                  const char         *name,
                                  GString            *sql,
                                  GPtrArray          *binds,
                                  const char         *column);

/* Parameters of dynamically built queries */
GPtrArray  *mfc_tr_binds_new     (void);
void        mfc_tr_bind_text     (GPtrArray          *binds,
                                  const char         *text);
void        mfc_tr_bind_int      (GPtrArray          *binds,
                                  gint64              value);
void        mfc_tr_bind_double   (GPtrArray          *binds,
                                  double              value);
void        mfc_tr_bind_all      (sqlite3_stmt       *stmt,
                                  GPtrArray          *binds);
sqlite3_stmt *mfc_tr_prepare_bound (MfcTrainingRequest *req,
                                  const char         *sql,
                                  GPtrArray          *binds);

/* Cursors: an opaque base64url text holding the last row's sort key and a
 * tag that binds it to the list, its filters and the user. */
char       *mfc_tr_cursor_encode (const char         *fingerprint,
                                  const char         *key,
                                  gint64              id);
gboolean    mfc_tr_cursor_decode (MfcTrainingRequest *req,
                                  const char         *fingerprint,
                                  char              **key,
                                  gint64             *id);
char       *mfc_tr_fingerprint   (MfcTrainingRequest *req,
                                  const char * const *names);

/* One page of a list in keyset order */
typedef struct
{
  char      *fingerprint;
  int        limit;
  char      *after_key;     /* the cursor's key; NULL on the first page */
  gint64     after_id;
  JsonArray *items;
  int        n;             /* rows stepped */
  char      *last_key;      /* the last row on the page */
  gint64     last_id;
  char      *next;          /* the next page's cursor; NULL on the last */
} MfcTrainingPager;

void        mfc_tr_pager_clear   (MfcTrainingPager   *pager);
gboolean    mfc_tr_pager_begin   (MfcTrainingRequest *req,
                                  const char * const *filters,
                                  MfcTrainingPager   *pager);
void        mfc_tr_pager_after   (MfcTrainingPager   *pager,
                                  GString            *sql,
                                  GPtrArray          *binds,
                                  const char         *key_column,
                                  const char         *id_column);
gboolean    mfc_tr_pager_take    (MfcTrainingPager   *pager,
                                  sqlite3_stmt       *stmt);
gboolean    mfc_tr_pager_step    (MfcTrainingPager   *pager,
                                  sqlite3_stmt       *stmt);
void        mfc_tr_pager_answer  (MfcTrainingRequest *req,
                                  MfcTrainingPager   *pager);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MfcTrainingPager, mfc_tr_pager_clear)

G_END_DECLS
