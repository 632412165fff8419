/* mfc-training-routes.c — session, config, users, the service catalogue
 * and applicants of the training server.
 *
 * Tokens are 256 random bits, given to the client in hex and stored only
 * as their SHA-256 (mfc-training-password.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-training"

#include "config.h"

#include <string.h>

#include "mfc-training-handlers.h"
#include "mfc-training-password.h"
#include "mfc-training-query.h"
#include "mfc-training-response.h"
#include "mfc-validators.h"

/* A real hash to check unknown logins against, so they cost the same. */
static const char *
dummy_hash (void)
{
  static char *hash;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      hash = mfc_tr_password_hash ("no such account");
      g_once_init_leave (&initialized, 1);
    }

  return hash;
}

static JsonObject *
user_json (MfcTrainingRequest *req,
           gint64              user_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *user;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT id, login, full_name, role, office_id FROM users WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  user = json_object_new ();
  mfc_tr_set_id (user, "id", sqlite3_column_int64 (stmt, 0));
  mfc_tr_set_col_str (user, "login", stmt, 1);
  mfc_tr_set_col_str (user, "full_name", stmt, 2);
  mfc_tr_set_col_str (user, "role", stmt, 3);
  mfc_tr_set_id (user, "office_id", sqlite3_column_int64 (stmt, 4));

  return user;
}

static void
record_attempt (MfcTrainingRequest *req,
                gint64              user_id,
                const char         *outcome)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO login_attempts (user_id, at, outcome) VALUES (?, ?, ?)",
                                     NULL);
  if (user_id > 0)
    sqlite3_bind_int64 (stmt, 1, user_id);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, req->now);
  sqlite3_bind_text (stmt, 3, outcome, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
}

/* Counts a failure; the fifth in a row locks the account. */
static void
count_failure (MfcTrainingRequest *req,
               gint64              user_id,
               int                 failed)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  failed++;
  stmt = mfc_training_store_prepare (req->store,
                                     "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?",
                                     NULL);
  sqlite3_bind_int (stmt, 1, failed >= MFC_TRAINING_MAX_FAILURES ? 0 : failed);
  sqlite3_bind_int64 (stmt, 2, failed >= MFC_TRAINING_MAX_FAILURES
                                 ? req->now + MFC_TRAINING_LOCK_SECONDS : 0);
  sqlite3_bind_int64 (stmt, 3, user_id);
  sqlite3_step (stmt);
}

void
mfc_tr_session_create (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = mfc_tr_body_object (req);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expires = NULL;
  const char *login = NULL, *password = NULL, *otp = NULL;
  gint64 user_id, locked_until;
  int failed;
  gboolean otp_required;

  req->commit_always = TRUE;
  if (body == NULL)
    return;

  if (!mfc_tr_member_string (body, "login", &login, NULL) || mfc_tr_is_blank (login))
    json_object_set_string_member (fields, "login", "Введите логин");
  if (!mfc_tr_member_string (body, "password", &password, NULL) || password == NULL ||
      password[0] == '\0')
    json_object_set_string_member (fields, "password", "Введите пароль");
  /* A code that cannot be one is a typing slip, not a failed attempt. */
  if (!mfc_tr_member_string (body, "otp", &otp, NULL) ||
      (otp != NULL && !g_regex_match_simple ("^[0-9]{6}$", otp, 0, 0)))
    json_object_set_string_member (fields, "otp", "Код — шесть цифр");
  if (json_object_get_size (fields) > 0)
    {
      mfc_tr_error (req, 422, "validation_failed", "Проверьте поля", fields);
      return;
    }

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT id, password_hash, otp_required, failed_logins, locked_until"
                                     " FROM users WHERE login = ?",
                                     NULL);
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      /* The same work as for a real account, so timing does not tell
       * which logins exist. */
      mfc_tr_password_verify (password, dummy_hash ());
      record_attempt (req, 0, "unknown_login");
      mfc_tr_error (req, 401, "unauthorized", "Неверный логин или пароль", NULL);
      return;
    }
  user_id = sqlite3_column_int64 (stmt, 0);
  hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  otp_required = sqlite3_column_int (stmt, 2) != 0;
  failed = sqlite3_column_int (stmt, 3);
  locked_until = sqlite3_column_int64 (stmt, 4);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (locked_until > req->now)
    {
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, locked_until - req->now);

      record_attempt (req, user_id, "locked");
      mfc_tr_error (req, 423, "account_locked",
                    "Учётная запись заблокирована после 5 неудачных попыток. Повторите через 15 минут",
                    NULL);
      mfc_tr_add_header (req, "Retry-After", retry);
      return;
    }

  if (!mfc_tr_password_verify (password, hash))
    {
      count_failure (req, user_id, failed);
      record_attempt (req, user_id, "wrong_password");
      mfc_tr_error (req, 401, "unauthorized", "Неверный логин или пароль", NULL);
      return;
    }

  if (otp_required)
    {
      if (otp == NULL)
        {
          record_attempt (req, user_id, "otp_required");
          mfc_tr_error_field (req, 428, "otp_required", "Введите одноразовый код",
                              "otp", "Требуется одноразовый код");
          return;
        }
      if (!g_str_equal (otp, MFC_TRAINING_OTP))
        {
          count_failure (req, user_id, failed);
          record_attempt (req, user_id, "wrong_otp");
          mfc_tr_error_field (req, 401, "invalid_otp", "Неверный одноразовый код",
                              "otp", "Код не подходит или устарел");
          return;
        }
    }

  stmt = mfc_training_store_prepare (req->store,
                                     "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Expired sessions are dropped as new ones start. */
  stmt = mfc_training_store_prepare (req->store, "DELETE FROM sessions WHERE expires_at <= ?", NULL);
  sqlite3_bind_int64 (stmt, 1, req->now);
  sqlite3_step (stmt);
  g_clear_pointer (&stmt, sqlite3_finalize);

  token = mfc_tr_random_hex (32);
  token_hash = mfc_tr_sha256_hex ((const guint8 *) token, strlen (token));
  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO sessions (token_sha256, user_id, created_at, expires_at)"
                                     " VALUES (?, ?, ?, ?)",
                                     NULL);
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, req->now);
  sqlite3_bind_int64 (stmt, 4, req->now + MFC_TRAINING_SESSION_SECONDS);
  if (!mfc_tr_step_done (req, stmt))
    return;
  record_attempt (req, user_id, "ok");

  result = json_object_new ();
  expires = mfc_tr_format_time (req->zones, req->now + MFC_TRAINING_SESSION_SECONDS, NULL);
  json_object_set_string_member (result, "token", token);
  json_object_set_string_member (result, "expires_at", expires);
  json_object_set_object_member (result, "user", user_json (req, user_id));
  mfc_tr_json (req, 200, result);
}

void
mfc_tr_session_get (MfcTrainingRequest *req)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autofree char *expires = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT expires_at FROM sessions WHERE token_sha256 = ?", NULL);
  sqlite3_bind_text (stmt, 1, req->token_sha256, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mfc_tr_error (req, 401, "unauthorized", "Сеанс истёк, войдите снова", NULL);
      return;
    }
  expires = mfc_tr_format_time (req->zones, sqlite3_column_int64 (stmt, 0), NULL);
  json_object_set_string_member (result, "expires_at", expires);
  json_object_set_object_member (result, "user", user_json (req, req->user_id));
  mfc_tr_json (req, 200, result);
}

void
mfc_tr_session_delete (MfcTrainingRequest *req)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "DELETE FROM sessions WHERE token_sha256 = ?", NULL);
  sqlite3_bind_text (stmt, 1, req->token_sha256, -1, SQLITE_TRANSIENT);
  if (!mfc_tr_step_done (req, stmt))
    return;
  req->status = 204;
  req->sessions_ended = TRUE;
}

/* Config */

void
mfc_tr_config_get (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) config = json_object_new ();
  JsonObject *region = json_object_new ();
  JsonObject *map = json_object_new ();
  JsonObject *bounds = json_object_new ();
  JsonObject *center = json_object_new ();
  JsonObject *upload = json_object_new ();
  JsonObject *calendar = json_object_new ();
  JsonArray *types = json_array_new ();

  json_object_set_string_member (region, "id", "demo");
  json_object_set_string_member (region, "name", "Учебная область");
  json_object_set_string_member (region, "timezone", MFC_TRAINING_REGION_TZ);

  json_object_set_string_member (map, "tile_url_template", "/api/v1/map/tiles/{z}/{x}/{y}.png");
  json_object_set_int_member (map, "min_zoom", MFC_TRAINING_MAP_MIN_ZOOM);
  json_object_set_int_member (map, "max_zoom", MFC_TRAINING_MAP_MAX_ZOOM);
  json_object_set_double_member (bounds, "south", MFC_TRAINING_MAP_SOUTH);
  json_object_set_double_member (bounds, "west", MFC_TRAINING_MAP_WEST);
  json_object_set_double_member (bounds, "north", MFC_TRAINING_MAP_NORTH);
  json_object_set_double_member (bounds, "east", MFC_TRAINING_MAP_EAST);
  json_object_set_object_member (map, "bounds", bounds);
  json_object_set_double_member (center, "lat", 55.0302);
  json_object_set_double_member (center, "lon", 82.9204);
  json_object_set_object_member (map, "center", center);
  json_object_set_string_member (map, "attribution", "© Учебная область, демонстрационная карта");

  json_object_set_int_member (upload, "max_bytes", MFC_TRAINING_MAX_UPLOAD);
  json_array_add_string_element (types, "application/pdf");
  json_array_add_string_element (types, "image/jpeg");
  json_array_add_string_element (types, "image/png");
  json_array_add_string_element (types, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  json_object_set_array_member (upload, "accepted_types", types);

  json_object_set_array_member (calendar, "holidays", mfc_tr_holidays_json ());
  json_object_set_array_member (calendar, "extra_working_days", mfc_tr_extra_working_days_json ());

  json_object_set_object_member (config, "region", region);
  json_object_set_object_member (config, "map", map);
  json_object_set_object_member (config, "upload", upload);
  json_object_set_object_member (config, "calendar", calendar);
  mfc_tr_set_time (config, "server_time", req->zones, req->now, NULL);
  mfc_tr_json (req, 200, config);
}

/* Users */

void
mfc_tr_users_list (MfcTrainingRequest *req)
{
  static const char * const filters[] = { "office", "role", "q", NULL };
  g_autoptr(GString) sql = g_string_new ("SELECT id, full_name FROM users WHERE 1");
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(MfcTrainingPager) pager = { 0 };
  const char *role = mfc_tr_query (req, "role");

  if (!mfc_tr_pager_begin (req, filters, &pager))
    return;

  mfc_tr_filter_id (req, "office", sql, binds, " AND office_id = ?");
  if (role != NULL)
    {
      if (!g_str_equal (role, "clerk") && !g_str_equal (role, "supervisor") &&
          !g_str_equal (role, "trainer"))
        {
          mfc_tr_bad_query (req, "role", "Допустимо: clerk, supervisor, trainer");
          return;
        }
      g_string_append (sql, " AND role = ?");
      mfc_tr_bind_text (binds, role);
    }
  mfc_tr_filter_search (req, "q", sql, binds, "search_lc");
  mfc_tr_pager_after (&pager, sql, binds, "full_name", "id");
  g_string_append (sql, " ORDER BY full_name, id LIMIT ?");
  mfc_tr_bind_int (binds, pager.limit + 1);

  stmt = mfc_tr_prepare_bound (req, sql->str, binds);
  if (stmt == NULL)
    return;
  while (mfc_tr_pager_step (&pager, stmt))
    json_array_add_object_element (pager.items, user_json (req, pager.last_id));

  mfc_tr_pager_answer (req, &pager);
}

/* Service catalogue */

void
mfc_tr_categories_list (MfcTrainingRequest *req)
{
  static const char * const filters[] = { NULL };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autofree char *fp = mfc_tr_fingerprint (req, filters);
  g_autofree char *after_key = NULL;
  g_autofree char *next = NULL;
  gint64 offset = 0;
  int limit, n = 0;

  /* A handful of rows: the cursor is a position. */
  if (!mfc_tr_limit (req, &limit) || !mfc_tr_cursor_decode (req, fp, &after_key, &offset))
    return;
  if (after_key == NULL)
    offset = 1;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT id, title FROM service_categories ORDER BY title, id"
                                     " LIMIT ? OFFSET ?",
                                     NULL);
  sqlite3_bind_int (stmt, 1, limit + 1);
  sqlite3_bind_int64 (stmt, 2, offset - 1);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *item;

      if (n++ == limit)
        {
          next = mfc_tr_cursor_encode (fp, "o", offset + limit);
          break;
        }
      item = json_object_new ();
      mfc_tr_set_col_str (item, "id", stmt, 0);
      mfc_tr_set_col_str (item, "title", stmt, 1);
      json_array_add_object_element (items, item);
    }

  mfc_tr_page (req, items, next);
}

static JsonObject *
service_json (MfcTrainingRequest *req,
              gint64              service_id,
              gint64             *version)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *service;
  JsonArray *docs;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT s.id, s.title, c.id, c.title, s.deadline_working_days,"
                                     " s.bookable, s.buffer_minutes, s.version"
                                     " FROM services s JOIN service_categories c ON c.id = s.category_id"
                                     " WHERE s.id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, service_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  service = json_object_new ();
  mfc_tr_set_id (service, "id", sqlite3_column_int64 (stmt, 0));
  mfc_tr_set_col_str (service, "title", stmt, 1);
  {
    JsonObject *category = json_object_new ();
    mfc_tr_set_col_str (category, "id", stmt, 2);
    mfc_tr_set_col_str (category, "title", stmt, 3);
    json_object_set_object_member (service, "category", category);
  }
  docs = json_array_new ();
  json_object_set_array_member (service, "required_documents", docs);
  json_object_set_int_member (service, "deadline_working_days", sqlite3_column_int (stmt, 4));
  json_object_set_boolean_member (service, "bookable", sqlite3_column_int (stmt, 5) != 0);
  json_object_set_int_member (service, "buffer_minutes", sqlite3_column_int (stmt, 6));
  json_object_set_int_member (service, "version", sqlite3_column_int64 (stmt, 7));
  if (version != NULL)
    *version = sqlite3_column_int64 (stmt, 7);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT title, mandatory FROM service_documents"
                                     " WHERE service_id = ? ORDER BY position",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, service_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonObject *doc = json_object_new ();
      mfc_tr_set_col_str (doc, "title", stmt, 0);
      json_object_set_boolean_member (doc, "mandatory", sqlite3_column_int (stmt, 1) != 0);
      json_array_add_object_element (docs, doc);
    }

  return service;
}

void
mfc_tr_services_list (MfcTrainingRequest *req)
{
  static const char * const filters[] = { "q", "category", NULL };
  g_autoptr(GString) sql = g_string_new ("SELECT id, title FROM services WHERE 1");
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(MfcTrainingPager) pager = { 0 };
  const char *category = mfc_tr_query (req, "category");

  if (!mfc_tr_pager_begin (req, filters, &pager))
    return;

  mfc_tr_filter_search (req, "q", sql, binds, "title_lc");
  if (category != NULL)
    {
      g_string_append (sql, " AND category_id = ?");
      mfc_tr_bind_text (binds, category);
    }
  mfc_tr_pager_after (&pager, sql, binds, "title", "id");
  g_string_append (sql, " ORDER BY title, id LIMIT ?");
  mfc_tr_bind_int (binds, pager.limit + 1);

  stmt = mfc_tr_prepare_bound (req, sql->str, binds);
  if (stmt == NULL)
    return;
  while (mfc_tr_pager_step (&pager, stmt))
    json_array_add_object_element (pager.items, service_json (req, pager.last_id, NULL));

  mfc_tr_pager_answer (req, &pager);
}

void
mfc_tr_service_get (MfcTrainingRequest *req)
{
  mfc_tr_answer_get (req, service_json);
}

/* Applicants */

static JsonObject *
applicant_json (MfcTrainingRequest *req,
                gint64              applicant_id,
                gint64             *version)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  JsonObject *a, *passport, *consent;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT id, surname, given_name, patronymic, full_name, birth_date,"
                                     " snils, inn, passport_series, passport_number, passport_issued_by,"
                                     " passport_issue_date, passport_division_code, phone, email, address,"
                                     " consent_given_at, consent_clerk_id, created_at, updated_at, version,"
                                     " coalesce(notify_channel, 'sms')"
                                     " FROM applicants WHERE id = ?",
                                     NULL);
  sqlite3_bind_int64 (stmt, 1, applicant_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  a = json_object_new ();
  mfc_tr_set_id (a, "id", sqlite3_column_int64 (stmt, 0));
  mfc_tr_set_col_str (a, "surname", stmt, 1);
  mfc_tr_set_col_str (a, "given_name", stmt, 2);
  mfc_tr_set_col_str (a, "patronymic", stmt, 3);
  mfc_tr_set_col_str (a, "full_name", stmt, 4);
  mfc_tr_set_col_str (a, "birth_date", stmt, 5);
  mfc_tr_set_col_str (a, "snils", stmt, 6);
  mfc_tr_set_col_str (a, "inn", stmt, 7);
  passport = json_object_new ();
  mfc_tr_set_col_str (passport, "series", stmt, 8);
  mfc_tr_set_col_str (passport, "number", stmt, 9);
  mfc_tr_set_col_str (passport, "issued_by", stmt, 10);
  mfc_tr_set_col_str (passport, "issue_date", stmt, 11);
  mfc_tr_set_col_str (passport, "division_code", stmt, 12);
  json_object_set_object_member (a, "passport", passport);
  mfc_tr_set_col_str (a, "phone", stmt, 13);
  mfc_tr_set_col_str (a, "email", stmt, 14);
  mfc_tr_set_col_str (a, "address", stmt, 15);
  consent = json_object_new ();
  json_object_set_boolean_member (consent, "given", TRUE);
  mfc_tr_set_time (consent, "given_at", req->zones, sqlite3_column_int64 (stmt, 16), NULL);
  mfc_tr_set_id (consent, "clerk_id", sqlite3_column_int64 (stmt, 17));
  json_object_set_object_member (a, "consent", consent);
  mfc_tr_set_time (a, "created_at", req->zones, sqlite3_column_int64 (stmt, 18), NULL);
  mfc_tr_set_time (a, "updated_at", req->zones, sqlite3_column_int64 (stmt, 19), NULL);
  json_object_set_int_member (a, "version", sqlite3_column_int64 (stmt, 20));
  mfc_tr_set_col_str (a, "notify_channel", stmt, 21);
  if (version != NULL)
    *version = sqlite3_column_int64 (stmt, 20);

  return a;
}

void
mfc_tr_applicants_list (MfcTrainingRequest *req)
{
  static const char * const filters[] = { "snils", "passport", "phone", "q", NULL };
  g_autoptr(GString) sql = NULL;
  g_autoptr(GPtrArray) binds = mfc_tr_binds_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(MfcTrainingPager) pager = { 0 };
  const char *snils = mfc_tr_query (req, "snils");
  const char *passport = mfc_tr_query (req, "passport");
  const char *phone = mfc_tr_query (req, "phone");

  if (!mfc_tr_pager_begin (req, filters, &pager))
    return;

  /* char(31) sorts before every letter, so this one key orders like
   * (surname, given_name, patronymic). */
  sql = g_string_new ("SELECT id, surname || char(31) || given_name || char(31) ||"
                      " coalesce(patronymic, '') AS k FROM applicants WHERE 1");
  if (snils != NULL)
    {
      if (!mfc_tr_all_digits (snils, 11))
        {
          mfc_tr_bad_query (req, "snils", "СНИЛС — 11 цифр без разделителей");
          return;
        }
      g_string_append (sql, " AND snils = ?");
      mfc_tr_bind_text (binds, snils);
    }
  if (passport != NULL)
    {
      char series[5], number[7];

      if (!mfc_tr_all_digits (passport, 10))
        {
          mfc_tr_bad_query (req, "passport", "Серия и номер паспорта — 10 цифр");
          return;
        }
      memcpy (series, passport, 4);
      series[4] = '\0';
      memcpy (number, passport + 4, 6);
      number[6] = '\0';
      g_string_append (sql, " AND passport_series = ? AND passport_number = ?");
      mfc_tr_bind_text (binds, series);
      mfc_tr_bind_text (binds, number);
    }
  if (phone != NULL)
    {
      if (!g_str_has_prefix (phone, "+7") || !mfc_tr_all_digits (phone + 2, 10))
        {
          mfc_tr_bad_query (req, "phone", "Телефон в формате +7XXXXXXXXXX");
          return;
        }
      g_string_append (sql, " AND phone = ?");
      mfc_tr_bind_text (binds, phone);
    }
  mfc_tr_filter_search (req, "q", sql, binds, "full_name_lc");
  mfc_tr_pager_after (&pager, sql, binds, "k", "id");
  g_string_append (sql, " ORDER BY k, id LIMIT ?");
  mfc_tr_bind_int (binds, pager.limit + 1);

  stmt = mfc_tr_prepare_bound (req, sql->str, binds);
  if (stmt == NULL)
    return;
  while (mfc_tr_pager_step (&pager, stmt))
    json_array_add_object_element (pager.items, applicant_json (req, pager.last_id, NULL));

  mfc_tr_pager_answer (req, &pager);
}

/* The editable fields of an applicant, checked for create (all required
 * ones present) and patch (only those present). */
typedef struct
{
  const char *surname, *given_name, *patronymic, *birth_date, *snils, *inn;
  const char *series, *number, *issued_by, *issue_date, *division_code;
  const char *phone, *email, *address, *notify_channel;
  gboolean has_surname, has_given_name, has_patronymic, has_birth_date, has_snils, has_inn;
  gboolean has_passport, has_phone, has_email, has_address, has_notify_channel;
} ApplicantFields;

static gboolean
take_string (JsonObject  *body,
             JsonObject  *fields,
             const char  *name,
             const char  *field_name,
             const char **value,
             gboolean    *present,
             gboolean     nullable)
{
  gboolean is_null = FALSE;

  if (!json_object_has_member (body, name))
    {
      *present = FALSE;
      return TRUE;
    }
  *present = TRUE;
  if (!mfc_tr_member_string (body, name, value, &is_null) || (is_null && !nullable))
    {
      json_object_set_string_member (fields, field_name, "Ожидается строка");
      return FALSE;
    }

  return TRUE;
}

static void
check_length (JsonObject *fields,
              const char *name,
              const char *value,
              glong       min,
              glong       max)
{
  glong len;

  if (value == NULL || json_object_has_member (fields, name))
    return;
  len = g_utf8_strlen (value, -1);
  if (mfc_tr_is_blank (value) && min > 0)
    json_object_set_string_member (fields, name, "Обязательное поле");
  else if (len > max)
    json_object_set_string_member (fields, name, "Слишком длинное значение");
}

static void
applicant_fields_read (MfcTrainingRequest *req,
                       JsonObject         *body,
                       JsonObject         *fields,
                       ApplicantFields    *f,
                       gboolean            create)
{
  GDate today;
  guint32 j;

  {
    g_autofree char *today_text = mfc_tr_local_date (req->zones, req->now, NULL);
    mfc_tr_parse_date (today_text, &j);
    g_date_clear (&today, 1);
    g_date_set_julian (&today, j);
  }

  take_string (body, fields, "surname", "surname", &f->surname, &f->has_surname, FALSE);
  take_string (body, fields, "given_name", "given_name", &f->given_name, &f->has_given_name, FALSE);
  take_string (body, fields, "patronymic", "patronymic", &f->patronymic, &f->has_patronymic, TRUE);
  take_string (body, fields, "birth_date", "birth_date", &f->birth_date, &f->has_birth_date, FALSE);
  take_string (body, fields, "snils", "snils", &f->snils, &f->has_snils, FALSE);
  take_string (body, fields, "inn", "inn", &f->inn, &f->has_inn, TRUE);
  take_string (body, fields, "phone", "phone", &f->phone, &f->has_phone, FALSE);
  take_string (body, fields, "email", "email", &f->email, &f->has_email, TRUE);
  take_string (body, fields, "address", "address", &f->address, &f->has_address, TRUE);
  take_string (body, fields, "notify_channel", "notify_channel", &f->notify_channel,
               &f->has_notify_channel, FALSE);
  if (f->notify_channel != NULL && !json_object_has_member (fields, "notify_channel") &&
      !g_str_equal (f->notify_channel, "sms") && !g_str_equal (f->notify_channel, "email") &&
      !g_str_equal (f->notify_channel, "none"))
    json_object_set_string_member (fields, "notify_channel", "Допустимо: sms, email, none");

  if (create)
    {
      static const struct { const char *name; gsize offset; } required[] = {
        { "surname", G_STRUCT_OFFSET (ApplicantFields, has_surname) },
        { "given_name", G_STRUCT_OFFSET (ApplicantFields, has_given_name) },
        { "birth_date", G_STRUCT_OFFSET (ApplicantFields, has_birth_date) },
        { "snils", G_STRUCT_OFFSET (ApplicantFields, has_snils) },
        { "phone", G_STRUCT_OFFSET (ApplicantFields, has_phone) },
      };
      for (guint i = 0; i < G_N_ELEMENTS (required); i++)
        if (!G_STRUCT_MEMBER (gboolean, f, required[i].offset))
          json_object_set_string_member (fields, required[i].name, "Обязательное поле");
      if (!json_object_has_member (body, "passport"))
        json_object_set_string_member (fields, "passport", "Обязательное поле");
    }

  if (json_object_has_member (body, "passport"))
    {
      JsonNode *node = json_object_get_member (body, "passport");
      gboolean dummy;

      f->has_passport = TRUE;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        json_object_set_string_member (fields, "passport", "Ожидается объект");
      else
        {
          JsonObject *p = json_node_get_object (node);

          if (!take_string (p, fields, "series", "passport.series", &f->series, &dummy, FALSE) ||
              !mfc_tr_all_digits (f->series, 4))
            json_object_set_string_member (fields, "passport.series", "Серия — 4 цифры");
          if (!take_string (p, fields, "number", "passport.number", &f->number, &dummy, FALSE) ||
              !mfc_tr_all_digits (f->number, 6))
            json_object_set_string_member (fields, "passport.number", "Номер — 6 цифр");
          if (!take_string (p, fields, "issued_by", "passport.issued_by", &f->issued_by, &dummy, FALSE) ||
              f->issued_by == NULL || mfc_tr_is_blank (f->issued_by) ||
              g_utf8_strlen (f->issued_by, -1) > 300)
            json_object_set_string_member (fields, "passport.issued_by", "Укажите, кем выдан паспорт");
          if (!take_string (p, fields, "issue_date", "passport.issue_date", &f->issue_date, &dummy, FALSE) ||
              !mfc_tr_parse_date (f->issue_date, &j) || j > g_date_get_julian (&today))
            json_object_set_string_member (fields, "passport.issue_date", "Дата выдачи в формате ГГГГ-ММ-ДД, не в будущем");
          if (!take_string (p, fields, "division_code", "passport.division_code", &f->division_code, &dummy, FALSE) ||
              f->division_code == NULL || strlen (f->division_code) != 7 || f->division_code[3] != '-' ||
              !mfc_tr_all_digits (f->division_code + 4, 3) ||
              !g_ascii_isdigit (f->division_code[0]) || !g_ascii_isdigit (f->division_code[1]) ||
              !g_ascii_isdigit (f->division_code[2]))
            json_object_set_string_member (fields, "passport.division_code", "Код подразделения в формате 123-456");
        }
    }

  check_length (fields, "surname", f->surname, 1, 100);
  check_length (fields, "given_name", f->given_name, 1, 100);
  check_length (fields, "patronymic", f->patronymic, 0, 100);
  check_length (fields, "address", f->address, 0, 500);

  if (f->birth_date != NULL && !json_object_has_member (fields, "birth_date"))
    {
      if (!mfc_tr_parse_date (f->birth_date, &j) || j > g_date_get_julian (&today))
        json_object_set_string_member (fields, "birth_date", "Дата рождения в формате ГГГГ-ММ-ДД, не в будущем");
    }
  if (f->snils != NULL && !json_object_has_member (fields, "snils"))
    {
      if (!mfc_tr_all_digits (f->snils, 11))
        json_object_set_string_member (fields, "snils", "СНИЛС — 11 цифр");
      else if (!mfc_validate_snils (f->snils, NULL, NULL))
        json_object_set_string_member (fields, "snils", "Неверная контрольная сумма СНИЛС");
    }
  if (f->inn != NULL && !json_object_has_member (fields, "inn"))
    {
      if (!mfc_tr_all_digits (f->inn, 10) && !mfc_tr_all_digits (f->inn, 12))
        json_object_set_string_member (fields, "inn", "ИНН — 10 или 12 цифр");
      else if (!mfc_validate_inn (f->inn, MFC_INN_KIND_ANY, NULL, NULL))
        json_object_set_string_member (fields, "inn", "Неверные контрольные цифры ИНН");
    }
  if (f->phone != NULL && !json_object_has_member (fields, "phone"))
    {
      if (!g_str_has_prefix (f->phone, "+7") || !mfc_tr_all_digits (f->phone + 2, 10))
        json_object_set_string_member (fields, "phone", "Телефон в формате +7XXXXXXXXXX");
    }
  if (f->email != NULL && !json_object_has_member (fields, "email"))
    {
      if (strlen (f->email) > 254 || !mfc_validate_email (f->email, NULL, NULL))
        json_object_set_string_member (fields, "email", "Неверный адрес электронной почты");
    }
}

static gboolean
snils_taken (MfcTrainingRequest *req,
             const char         *snils,
             gint64              except_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mfc_training_store_prepare (req->store,
                                     "SELECT 1 FROM applicants WHERE snils = ? AND id != ?", NULL);
  sqlite3_bind_text (stmt, 1, snils, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, except_id);

  return sqlite3_step (stmt) == SQLITE_ROW;
}

static char *
join_full_name (const char *surname,
                const char *given_name,
                const char *patronymic)
{
  if (patronymic != NULL && !mfc_tr_is_blank (patronymic))
    return g_strdup_printf ("%s %s %s", surname, given_name, patronymic);

  return g_strdup_printf ("%s %s", surname, given_name);
}

void
mfc_tr_applicant_create (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = mfc_tr_body_object (req);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *full_name_lc = NULL;
  ApplicantFields f = { 0 };
  JsonNode *consent_node;
  gint64 given_at = req->now;

  if (body == NULL)
    return;

  consent_node = json_object_get_member (body, "consent");
  if (consent_node == NULL || !JSON_NODE_HOLDS_OBJECT (consent_node) ||
      !json_object_has_member (json_node_get_object (consent_node), "given") ||
      json_node_get_value_type (json_object_get_member (json_node_get_object (consent_node), "given")) != G_TYPE_BOOLEAN ||
      !json_object_get_boolean_member (json_node_get_object (consent_node), "given"))
    {
      mfc_tr_error_field (req, 422, "consent_required",
                          "Нет согласия на обработку персональных данных",
                          "consent.given", "Требуется согласие");
      return;
    }
  {
    JsonObject *consent = json_node_get_object (consent_node);
    const char *at = NULL;

    if (!mfc_tr_member_string (consent, "given_at", &at, NULL) ||
        (at != NULL && (!mfc_tr_parse_time (at, &given_at) || given_at > req->now + 300)))
      json_object_set_string_member (fields, "consent.given_at", "Дата и время с часовым поясом, не в будущем");
  }

  applicant_fields_read (req, body, fields, &f, TRUE);
  if (g_strcmp0 (f.notify_channel, "email") == 0 && f.email == NULL &&
      !json_object_has_member (fields, "email"))
    json_object_set_string_member (fields, "notify_channel", "Для уведомлений по почте укажите адрес");
  if (json_object_get_size (fields) == 0 && snils_taken (req, f.snils, 0))
    json_object_set_string_member (fields, "snils", "Заявитель с таким СНИЛС уже зарегистрирован");
  if (json_object_get_size (fields) > 0)
    {
      mfc_tr_error (req, 422, "validation_failed", "Проверьте поля формы", fields);
      return;
    }

  full_name = join_full_name (f.surname, f.given_name, f.patronymic);
  full_name_lc = mfc_training_store_fold (full_name);
  stmt = mfc_training_store_prepare (req->store,
                                     "INSERT INTO applicants (surname, given_name, patronymic, full_name,"
                                     " full_name_lc, birth_date, snils, inn, passport_series, passport_number,"
                                     " passport_issued_by, passport_issue_date, passport_division_code, phone,"
                                     " email, address, consent_given, consent_given_at, consent_clerk_id,"
                                     " created_at, updated_at, version, notify_channel)"
                                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, 1, ?)",
                                     NULL);
  sqlite3_bind_text (stmt, 1, f.surname, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, f.given_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, mfc_tr_is_blank (f.patronymic) ? NULL : f.patronymic, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, full_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, full_name_lc, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, f.birth_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, f.snils, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, f.inn, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, f.series, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 10, f.number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 11, f.issued_by, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 12, f.issue_date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, f.division_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 14, f.phone, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 15, f.email, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 16, f.address, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 17, given_at);
  sqlite3_bind_int64 (stmt, 18, req->user_id);
  sqlite3_bind_int64 (stmt, 19, req->now);
  sqlite3_bind_int64 (stmt, 20, req->now);
  sqlite3_bind_text (stmt, 21, f.notify_channel, -1, SQLITE_TRANSIENT);

  mfc_tr_answer_inserted (req, stmt, applicant_json);
}

void
mfc_tr_applicant_get (MfcTrainingRequest *req)
{
  mfc_tr_answer_get (req, applicant_json);
}

static void
update_text_column (MfcTrainingRequest *req,
                    gint64              id,
                    const char         *column,
                    const char         *value)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE applicants SET %s = ? WHERE id = ?", column);
  g_autoptr(sqlite3_stmt) stmt = mfc_training_store_prepare (req->store, sql, NULL);

  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, id);
  sqlite3_step (stmt);
}

void
mfc_tr_applicant_patch (MfcTrainingRequest *req)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) current = NULL;
  ApplicantFields f = { 0 };
  gint64 id, version = 0;

  if (!mfc_tr_parse_id (req->params[0], &id) ||
      (current = applicant_json (req, id, &version)) == NULL)
    {
      mfc_tr_not_found (req);
      return;
    }
  if (!mfc_tr_check_if_match (req, version, TRUE))
    return;
  if ((body = mfc_tr_body_object (req)) == NULL)
    return;

  applicant_fields_read (req, body, fields, &f, FALSE);
  {
    const char *channel = f.has_notify_channel ? f.notify_channel
                                               : json_object_get_string_member (current, "notify_channel");
    gboolean email = f.has_email ? f.email != NULL
                                 : !json_object_get_null_member (current, "email");

    if (g_strcmp0 (channel, "email") == 0 && !email && !json_object_has_member (fields, "email"))
      json_object_set_string_member (fields, f.has_notify_channel ? "notify_channel" : "email",
                                     "Для уведомлений по почте укажите адрес");
  }
  if (f.has_snils && f.snils != NULL && json_object_get_size (fields) == 0 &&
      snils_taken (req, f.snils, id))
    json_object_set_string_member (fields, "snils", "Заявитель с таким СНИЛС уже зарегистрирован");
  if (json_object_get_size (fields) > 0)
    {
      mfc_tr_error (req, 422, "validation_failed", "Проверьте поля формы", fields);
      return;
    }

  if (f.has_surname || f.has_given_name || f.has_patronymic || f.has_birth_date ||
      f.has_snils || f.has_inn || f.has_passport || f.has_phone || f.has_email ||
      f.has_address || f.has_notify_channel)
    {
      const char *surname = f.has_surname ? f.surname : json_object_get_string_member (current, "surname");
      const char *given = f.has_given_name ? f.given_name : json_object_get_string_member (current, "given_name");
      const char *patronymic = f.has_patronymic ? f.patronymic
                                                : json_object_get_string_member (current, "patronymic");
      g_autofree char *full_name = join_full_name (surname, given, patronymic);
      g_autofree char *full_name_lc = mfc_training_store_fold (full_name);

      if (f.has_surname) update_text_column (req, id, "surname", f.surname);
      if (f.has_given_name) update_text_column (req, id, "given_name", f.given_name);
      if (f.has_patronymic) update_text_column (req, id, "patronymic",
                                                mfc_tr_is_blank (f.patronymic) ? NULL : f.patronymic);
      if (f.has_birth_date) update_text_column (req, id, "birth_date", f.birth_date);
      if (f.has_snils) update_text_column (req, id, "snils", f.snils);
      if (f.has_inn) update_text_column (req, id, "inn", f.inn);
      if (f.has_phone) update_text_column (req, id, "phone", f.phone);
      if (f.has_email) update_text_column (req, id, "email", f.email);
      if (f.has_address) update_text_column (req, id, "address", f.address);
      if (f.has_notify_channel) update_text_column (req, id, "notify_channel", f.notify_channel);
      if (f.has_passport)
        {
          update_text_column (req, id, "passport_series", f.series);
          update_text_column (req, id, "passport_number", f.number);
          update_text_column (req, id, "passport_issued_by", f.issued_by);
          update_text_column (req, id, "passport_issue_date", f.issue_date);
          update_text_column (req, id, "passport_division_code", f.division_code);
        }
      update_text_column (req, id, "full_name", full_name);
      update_text_column (req, id, "full_name_lc", full_name_lc);
      if (!mfc_tr_bump_version (req, "applicants", id))
        {
          mfc_tr_internal (req);
          return;
        }
    }

  mfc_tr_answer_written (req, 200, applicant_json, id, NULL);
}
