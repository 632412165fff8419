/* mfc-training-response.h — how the training server's handlers answer:
 * errors in the contract's shape, JSON bodies, ETags, headers, events, and
 * the JSON members the resources share.  Not installed, not for other
 * features.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-training-request.h"

G_BEGIN_DECLS

/* Errors */
void       mfc_tr_error          (MfcTrainingRequest *req,
                                  guint               status,
                                  const char         *code,
                                  const char         *message,
                                  JsonObject         *fields);
void       mfc_tr_error_field    (MfcTrainingRequest *req,
                                  guint               status,
                                  const char         *code,
                                  const char         *message,
                                  const char         *field,
                                  const char         *field_message);
void       mfc_tr_bad_query      (MfcTrainingRequest *req,
                                  const char         *name,
                                  const char         *field_message);
void       mfc_tr_invalid_field  (MfcTrainingRequest *req,
                                  const char         *member,
                                  const char         *field_message);
void       mfc_tr_internal_error (MfcTrainingRequest *req);
void       mfc_tr_internal       (MfcTrainingRequest *req);
void       mfc_tr_not_found      (MfcTrainingRequest *req);
gboolean   mfc_tr_step_done      (MfcTrainingRequest *req,
                                  sqlite3_stmt       *stmt);

/* Success */
void       mfc_tr_json           (MfcTrainingRequest *req,
                                  guint               status,
                                  JsonObject         *object);
void       mfc_tr_answer_written (MfcTrainingRequest *req,
                                  guint               status,
                                  MfcTrainingLoadFunc load,
                                  gint64              id,
                                  const char         *event);
void       mfc_tr_answer_inserted (MfcTrainingRequest *req,
                                   sqlite3_stmt       *stmt,
                                   MfcTrainingLoadFunc load);
void       mfc_tr_set_etag       (MfcTrainingRequest *req,
                                  gint64              version);
void       mfc_tr_add_header     (MfcTrainingRequest *req,
                                  const char         *name,
                                  const char         *value);
void       mfc_tr_emit_event     (MfcTrainingRequest *req,
                                  const char         *type,
                                  JsonObject         *data);
void       mfc_tr_page           (MfcTrainingRequest *req,
                                  JsonArray          *items,
                                  const char         *next_cursor);

/* JSON building */
void        mfc_tr_set_str       (JsonObject         *object,
                                  const char         *name,
                                  const char         *value_or_null);
void        mfc_tr_set_id        (JsonObject         *object,
                                  const char         *name,
                                  gint64              id_or_0);
void        mfc_tr_set_col_str   (JsonObject         *object,
                                  const char         *name,
                                  sqlite3_stmt       *stmt,
                                  int                 column);
JsonObject *mfc_tr_ref           (gint64              id,
                                  const char         *name_member,
                                  const char         *name);
char       *mfc_tr_id_string     (gint64              id);
void        mfc_tr_set_time      (JsonObject         *object,
                                  const char         *name,
                                  MfcTrainingZones   *zones,
                                  gint64              unix_seconds,
                                  const char         *zone);

G_END_DECLS
