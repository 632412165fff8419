/* mfc-training-private.h — what the training server's files share: the
 * request being handled, response and JSON helpers, time and calendar
 * helpers, and the route handlers.  Not installed, not for other features.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mfc-training-server.h"
#include "mfc-training-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define MFC_TRAINING_MAX_UPLOAD 5242880
#define MFC_TRAINING_SESSION_SECONDS (12 * 3600)
#define MFC_TRAINING_LOCK_SECONDS 900
#define MFC_TRAINING_MAX_FAILURES 5
#define MFC_TRAINING_REGION_TZ "Asia/Novosibirsk"
/* The demo region's map (config.map) */
#define MFC_TRAINING_MAP_SOUTH 53.2
#define MFC_TRAINING_MAP_WEST 75.5
#define MFC_TRAINING_MAP_NORTH 56.2
#define MFC_TRAINING_MAP_EAST 85.3
#define MFC_TRAINING_MAP_MIN_ZOOM 6
#define MFC_TRAINING_MAP_MAX_ZOOM 16
/* The one-time code of every account that needs one (openapi.yaml). */
#define MFC_TRAINING_OTP "000000"

typedef struct
{
  MfcTrainingServer *server;
  MfcTrainingStore  *store;
  sqlite3           *db;
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;
  GHashTable        *query;          /* never NULL */
  char              *params[4];      /* {…} segments of the path template */
  GBytes            *body;           /* never NULL */
  gint64             now;            /* Unix seconds */
  const char        *cursor_secret;  /* keys the cursors' tags */

  /* The authenticated user (0 when the route is public) */
  gint64             user_id;
  char              *user_role;
  gint64             user_office_id; /* 0 when none */
  char              *token_sha256;

  /* The response */
  guint              status;
  GBytes            *response;
  char              *content_type;
  char              *etag;
  GPtrArray         *headers;        /* name, value, name, value… */
  GPtrArray         *events;         /* char* JSON texts, sent after commit */
  gboolean           commit_always;  /* keep the transaction on errors too */
} MfcTrainingRequest;

typedef void (*MfcTrainingHandler) (MfcTrainingRequest *req);

/* Builds the JSON of one resource by id (NULL when there is none) and
 * gives its version */
typedef JsonObject *(*MfcTrainingLoadFunc) (MfcTrainingRequest *req,
                                            gint64              id,
                                            gint64             *version);

/* Server internals used by the route files */
GTimeZone *mfc_training_server_get_zone     (MfcTrainingServer *self,
                                             const char        *identifier);
gint64     mfc_training_server_now          (MfcTrainingServer *self);
MfcTrainingStore *mfc_training_server_get_store (MfcTrainingServer *self);
void       mfc_training_server_broadcast    (MfcTrainingServer *self,
                                             const char        *text);

/* Responses */
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
gboolean   mfc_tr_bump_version   (MfcTrainingRequest *req,
                                  const char         *table,
                                  gint64              id);
void       mfc_tr_json           (MfcTrainingRequest *req,
                                  guint               status,
                                  JsonObject         *object);
void       mfc_tr_set_etag       (MfcTrainingRequest *req,
                                  gint64              version);
void       mfc_tr_answer_get     (MfcTrainingRequest *req,
                                  MfcTrainingLoadFunc load);
void       mfc_tr_answer_written (MfcTrainingRequest *req,
                                  guint               status,
                                  MfcTrainingLoadFunc load,
                                  gint64              id,
                                  const char         *event);
void       mfc_tr_answer_inserted (MfcTrainingRequest *req,
                                   sqlite3_stmt       *stmt,
                                   MfcTrainingLoadFunc load);
void       mfc_tr_add_header     (MfcTrainingRequest *req,
                                  const char         *name,
                                  const char         *value);
void       mfc_tr_emit_event     (MfcTrainingRequest *req,
                                  const char         *type,
                                  JsonObject         *data);

/* Requests */
JsonObject *mfc_tr_body_object   (MfcTrainingRequest *req);
const char *mfc_tr_form_part     (SoupMultipart      *multipart,
                                  int                 index,
                                  GBytes            **body,
                                  GHashTable        **params);
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
gboolean    mfc_tr_check_if_match (MfcTrainingRequest *req,
                                   gint64              version,
                                   gboolean            required);
gboolean    mfc_tr_parse_id      (const char         *text,
                                  gint64             *id);
gboolean    mfc_tr_row_exists    (MfcTrainingRequest *req,
                                  const char         *table,
                                  gint64              id);
sqlite3_stmt *mfc_tr_param_row   (MfcTrainingRequest *req,
                                  const char         *sql,
                                  gint64             *id);
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
gboolean    mfc_tr_is_blank      (const char         *text);

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
void        mfc_tr_page          (MfcTrainingRequest *req,
                                  JsonArray          *items,
                                  const char         *next_cursor);

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
                                  MfcTrainingServer  *server,
                                  gint64              unix_seconds,
                                  const char         *zone);

/* Time */
char       *mfc_tr_format_time   (MfcTrainingServer  *server,
                                  gint64              unix_seconds,
                                  const char         *zone);
gboolean    mfc_tr_parse_time    (const char         *text,
                                  gint64             *unix_seconds);
char       *mfc_tr_local_date    (MfcTrainingServer  *server,
                                  gint64              unix_seconds,
                                  const char         *zone);
char       *mfc_tr_sha256_hex    (const guint8       *data,
                                  gsize               length);
char       *mfc_tr_utf8_lower    (const char         *text);

/* The production calendar: Julian day numbers (GDate's) */
gboolean    mfc_tr_parse_date    (const char         *text,
                                  guint32            *julian);
char       *mfc_tr_format_date   (guint32             julian);
guint32     mfc_tr_add_working_days (guint32           julian,
                                     int               days);
int         mfc_tr_working_days_between (guint32       after,
                                         guint32       up_to);
JsonArray  *mfc_tr_holidays_json (void);
JsonArray  *mfc_tr_extra_working_days_json (void);

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
gboolean    mfc_tr_all_digits    (const char         *text,
                                  gsize               length);
int         mfc_tr_snils_check   (const char         *nine_digits);
void        mfc_tr_inn_complete  (char               *inn);

char       *mfc_tr_random_hex    (gsize               n_bytes);

/* Passwords (crypt(3) yescrypt) */
char       *mfc_tr_password_hash (const char         *password);
gboolean    mfc_tr_password_verify (const char       *password,
                                    const char       *hash);

/* Route handlers */
void mfc_tr_session_create     (MfcTrainingRequest *req);
void mfc_tr_session_get        (MfcTrainingRequest *req);
void mfc_tr_session_delete     (MfcTrainingRequest *req);
void mfc_tr_config_get         (MfcTrainingRequest *req);
void mfc_tr_users_list         (MfcTrainingRequest *req);
void mfc_tr_categories_list    (MfcTrainingRequest *req);
void mfc_tr_services_list      (MfcTrainingRequest *req);
void mfc_tr_service_get        (MfcTrainingRequest *req);
void mfc_tr_applicants_list    (MfcTrainingRequest *req);
void mfc_tr_applicant_create   (MfcTrainingRequest *req);
void mfc_tr_applicant_get      (MfcTrainingRequest *req);
void mfc_tr_applicant_patch    (MfcTrainingRequest *req);
void mfc_tr_tickets_list       (MfcTrainingRequest *req);
void mfc_tr_ticket_create      (MfcTrainingRequest *req);
void mfc_tr_ticket_get         (MfcTrainingRequest *req);
void mfc_tr_ticket_patch       (MfcTrainingRequest *req);
void mfc_tr_ticket_transition  (MfcTrainingRequest *req);
void mfc_tr_ticket_comment     (MfcTrainingRequest *req);
void mfc_tr_ticket_attach      (MfcTrainingRequest *req);
void mfc_tr_document_upload    (MfcTrainingRequest *req);
void mfc_tr_document_get       (MfcTrainingRequest *req);
void mfc_tr_document_content   (MfcTrainingRequest *req);
void mfc_tr_offices_list       (MfcTrainingRequest *req);
void mfc_tr_office_get         (MfcTrainingRequest *req);
void mfc_tr_office_slots       (MfcTrainingRequest *req);
void mfc_tr_appointments_list  (MfcTrainingRequest *req);
void mfc_tr_appointment_create (MfcTrainingRequest *req);
void mfc_tr_appointment_get    (MfcTrainingRequest *req);
void mfc_tr_appointment_patch  (MfcTrainingRequest *req);
void mfc_tr_appointment_cancel (MfcTrainingRequest *req);
void mfc_tr_appointment_no_show (MfcTrainingRequest *req);
void mfc_tr_map_tile           (MfcTrainingRequest *req);

/* Shared by tickets and events */
JsonObject *mfc_tr_ticket_json   (MfcTrainingRequest *req,
                                  gint64              ticket_id,
                                  gboolean            detail,
                                  gint64             *version);
/* Shared by offices and the load timer */
JsonObject *mfc_tr_office_load_json (MfcTrainingServer *server,
                                     gint64             office_id);

G_END_DECLS
