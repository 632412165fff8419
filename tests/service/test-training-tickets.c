/* test-training-tickets.c — applicants, tickets and their workflow,
 * idempotent creation, ETag/If-Match, document uploads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-training-common.h"

#define APPLICANT_JSON(snils, consent) \
  "{\"surname\":\"Тестова\",\"given_name\":\"Анна\",\"patronymic\":\"Ивановна\"," \
  "\"birth_date\":\"1990-04-12\",\"snils\":\"" snils "\",\"inn\":\"500100732259\"," \
  "\"passport\":{\"series\":\"5010\",\"number\":\"123456\",\"issued_by\":\"ГУ МВД России по Учебной области\"," \
  "\"issue_date\":\"2010-05-01\",\"division_code\":\"540-001\"},\"phone\":\"+79130000001\"," \
  "\"email\":null,\"address\":null,\"consent\":{\"given\":" consent "}}"

static void
test_applicants (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) no_consent = post (f, "/api/v1/applicants", token, APPLICANT_JSON ("11223344595", "false"));
  g_autoptr(Reply) bad_snils = post (f, "/api/v1/applicants", token, APPLICANT_JSON ("11223344596", "true"));
  g_autoptr(Reply) created = post (f, "/api/v1/applicants", token, APPLICANT_JSON ("11223344595", "true"));
  g_autoptr(Reply) again = post (f, "/api/v1/applicants", token, APPLICANT_JSON ("11223344595", "true"));
  g_autoptr(Reply) found = call (f, "GET", "/api/v1/applicants?snils=11223344595", token, NULL, NULL);
  g_autoptr(Reply) by_name = call (f, "GET", "/api/v1/applicants?q=%D1%82%D0%B5%D1%81%D1%82%D0%BE%D0%B2",
                                   token, NULL, NULL);
  g_autoptr(Reply) no_match = NULL, stale = NULL, patched = NULL, missing = NULL;
  g_autofree char *path = NULL;
  JsonObject *fields;

  assert_error (no_consent, 422, "consent_required");
  assert_error (bad_snils, 422, "validation_failed");
  fields = json_object_get_object_member (json_object_get_object_member (obj (bad_snils), "error"), "fields");
  g_assert_true (json_object_has_member (fields, "snils"));

  assert_status (created, 201);
  g_assert_cmpstr (soup_message_headers_get_one (created->headers, "ETag"), ==, "\"1\"");
  g_assert_cmpstr (str (created, "full_name"), ==, "Тестова Анна Ивановна");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (created), "consent"),
                                                  "clerk_id"), ==, "1");
  assert_error (again, 422, "validation_failed");

  assert_status (found, 200);
  g_assert_cmpuint (json_array_get_length (items (found)), ==, 1);
  assert_status (by_name, 200);
  g_assert_cmpuint (json_array_get_length (items (by_name)), >=, 1);

  path = g_strdup_printf ("/api/v1/applicants/%s", str (created, "id"));
  {
    const char *headers[] = { "If-Match", "\"7\"", NULL };
    stale = call (f, "PATCH", path, token, "{\"phone\":\"+79139876543\"}", headers);
    assert_error (stale, 412, "precondition_failed");
    g_assert_cmpstr (soup_message_headers_get_one (stale->headers, "ETag"), ==, "\"1\"");
  }
  missing = call (f, "PATCH", path, token, "{\"phone\":\"+79139876543\"}", NULL);
  assert_error (missing, 428, "precondition_required");
  {
    const char *headers[] = { "If-Match", "\"1\"", NULL };
    patched = call (f, "PATCH", path, token, "{\"phone\":\"+79139876543\",\"patronymic\":null}", headers);
    assert_status (patched, 200);
    g_assert_cmpstr (soup_message_headers_get_one (patched->headers, "ETag"), ==, "\"2\"");
    g_assert_cmpstr (str (patched, "phone"), ==, "+79139876543");
    g_assert_cmpstr (str (patched, "full_name"), ==, "Тестова Анна");
  }

  no_match = call (f, "GET", "/api/v1/applicants?snils=123", token, NULL, NULL);
  assert_error (no_match, 400, "bad_request");
}

static char *
create_ticket (Fixture    *f,
               const char *token)
{
  g_autoptr(Reply) r = post (f, "/api/v1/tickets", token,
                             "{\"type\":\"application\",\"applicant_id\":\"17\",\"service_id\":\"1\"}");

  assert_status (r, 201);
  return g_strdup (str (r, "id"));
}

static Reply *
move (Fixture    *f,
      const char *token,
      const char *id,
      const char *json)
{
  return post_action (f, token, "tickets", id, "transitions", json);
}

static void
test_ticket_create (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) r = post (f, "/api/v1/tickets", token,
                             "{\"type\":\"application\",\"applicant_id\":\"17\",\"service_id\":\"1\"}");
  g_autoptr(Reply) no_service = post (f, "/api/v1/tickets", token,
                                      "{\"type\":\"application\",\"applicant_id\":\"17\"}");
  g_autoptr(Reply) bad_applicant = post (f, "/api/v1/tickets", token,
                                         "{\"type\":\"complaint\",\"applicant_id\":\"999999\"}");
  g_autoptr(Reply) complaint = post (f, "/api/v1/tickets", token,
                                     "{\"type\":\"complaint\",\"applicant_id\":\"17\",\"description\":\"Очередь\"}");
  JsonArray *history;

  assert_status (r, 201);
  g_assert_true (g_regex_match_simple ("^MFC-2026-[0-9]{6}$", str (r, "number"), 0, 0));
  g_assert_cmpstr (str (r, "status"), ==, "accepted");
  /* Service 1 has 10 working days; from Monday 23 November: 7 December. */
  g_assert_cmpstr (str (r, "due_date"), ==, "2026-12-07");
  g_assert_cmpint (json_object_get_int_member (obj (r), "working_days_left"), ==, 10);
  g_assert_false (json_object_get_boolean_member (obj (r), "overdue"));
  g_assert_cmpstr (str (r, "office_id"), ==, "1");
  g_assert_true (g_str_has_suffix (str (r, "created_at"), "+07:00"));
  history = json_object_get_array_member (obj (r), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (history, 0), "from_status"));

  assert_error (no_service, 422, "validation_failed");
  assert_error (bad_applicant, 422, "validation_failed");
  assert_status (complaint, 201);
  /* 15 working days for a complaint */
  g_assert_cmpstr (str (complaint, "due_date"), ==, "2026-12-14");
  g_assert_true (json_object_get_null_member (obj (complaint), "service"));
}

static void
test_idempotent_create (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  const char *headers[] = { "Idempotency-Key", "3f1c2b7e-8d4a-4c51-9a0e-6b2f7d9c1e54", NULL };
  const char *body = "{\"type\":\"request\",\"applicant_id\":\"5\",\"description\":\"Справка\"}";
  g_autoptr(Reply) first = call (f, "POST", "/api/v1/tickets", token, body, headers);
  g_autoptr(Reply) second = call (f, "POST", "/api/v1/tickets", token, body, headers);
  g_autoptr(Reply) other = call (f, "POST", "/api/v1/tickets", token,
                                 "{\"type\":\"request\",\"applicant_id\":\"6\"}", headers);
  g_autoptr(Reply) list = NULL;

  assert_status (first, 201);
  assert_status (second, 201);
  g_assert_null (soup_message_headers_get_one (first->headers, "Idempotent-Replayed"));
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Idempotent-Replayed"), ==, "true");
  g_assert_true (g_bytes_equal (first->body, second->body));
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "ETag"), ==, "\"1\"");
  assert_error (other, 422, "idempotency_conflict");

  list = call (f, "GET", "/api/v1/tickets?q=%D1%81%D0%BF%D1%80%D0%B0%D0%B2%D0%BA%D0%B0&type=request",
               token, NULL, NULL);
  assert_status (list, 200);
  g_assert_cmpuint (json_array_get_length (items (list)), ==, 1);
}

typedef struct
{
  Fixture    *f;
  const char *token;
  Reply      *reply;
} Racer;

static gpointer
race_thread (gpointer data)
{
  Racer *racer = data;
  const char *headers[] = { "Idempotency-Key", "same-key-in-two-threads", NULL };
  g_autoptr(SoupSession) session = soup_session_new ();
  Fixture copy = *racer->f;

  /* Each thread its own session: two connections, truly concurrent. */
  copy.session = session;
  racer->reply = call (&copy, "POST", "/api/v1/tickets", racer->token,
                       "{\"type\":\"suggestion\",\"applicant_id\":\"9\",\"description\":\"Гонка\"}", headers);

  return NULL;
}

static void
test_idempotent_concurrent (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  Racer racers[2] = { { f, token, NULL }, { f, token, NULL } };
  GThread *threads[2];
  g_autoptr(Reply) list = NULL;

  for (int i = 0; i < 2; i++)
    threads[i] = g_thread_new ("racer", race_thread, &racers[i]);
  for (int i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  assert_status (racers[0].reply, 201);
  assert_status (racers[1].reply, 201);
  g_assert_cmpstr (str (racers[0].reply, "id"), ==, str (racers[1].reply, "id"));
  g_assert_true ((soup_message_headers_get_one (racers[0].reply->headers, "Idempotent-Replayed") != NULL) !=
                 (soup_message_headers_get_one (racers[1].reply->headers, "Idempotent-Replayed") != NULL));

  list = call (f, "GET", "/api/v1/tickets?q=%D0%B3%D0%BE%D0%BD%D0%BA%D0%B0", token, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (items (list)), ==, 1);

  reply_free (racers[0].reply);
  reply_free (racers[1].reply);
}

static void
test_transitions (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *id = create_ticket (f, token);
  g_autoptr(Reply) skip = move (f, token, id, "{\"to\":\"approved\"}");
  g_autoptr(Reply) same = move (f, token, id, "{\"to\":\"accepted\"}");
  g_autoptr(Reply) unknown = move (f, token, id, "{\"to\":\"flying\"}");
  g_autoptr(Reply) work = move (f, token, id, "{\"to\":\"in_progress\",\"comment\":\"Принято в работу\"}");
  g_autoptr(Reply) reject_no_reason = move (f, token, id, "{\"to\":\"rejected\",\"reason\":\"  \"}");
  g_autoptr(Reply) approval = move (f, token, id, "{\"to\":\"in_approval\"}");
  g_autoptr(Reply) reject = move (f, token, id, "{\"to\":\"rejected\",\"reason\":\"Нет паспорта\"}");
  g_autoptr(Reply) after_final = move (f, token, id, "{\"to\":\"in_progress\"}");
  g_autoptr(Reply) comment = NULL;
  g_autoptr(Reply) ticket = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s", id);
  g_autofree char *comments = g_strdup_printf ("/api/v1/tickets/%s/comments", id);
  JsonArray *history, *allowed;
  JsonObject *last;

  assert_error (skip, 409, "transition_not_allowed");
  assert_error (same, 409, "transition_not_allowed");
  assert_error (unknown, 422, "validation_failed");
  assert_status (work, 200);
  allowed = json_object_get_array_member (obj (work), "allowed_transitions");
  g_assert_cmpuint (json_array_get_length (allowed), ==, 4);
  assert_error (reject_no_reason, 422, "reason_required");
  assert_status (approval, 200);
  assert_status (reject, 200);
  g_assert_true (json_object_get_null_member (obj (reject), "working_days_left"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (reject), "allowed_transitions")), ==, 0);
  assert_error (after_final, 409, "transition_not_allowed");

  /* Comments are allowed in final statuses too. */
  comment = post (f, comments, token, "{\"text\":\"Заявитель уведомлён\"}");
  assert_status (comment, 201);
  g_assert_cmpstr (str (comment, "kind"), ==, "comment");

  ticket = call (f, "GET", path, token, NULL, NULL);
  assert_status (ticket, 200);
  history = json_object_get_array_member (obj (ticket), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 4);
  last = json_array_get_object_element (history, 3);
  g_assert_cmpstr (json_object_get_string_member (last, "to_status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (last, "reason"), ==, "Нет паспорта");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (last, "by"), "id"), ==, "1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (ticket), "comments")), ==, 1);
  g_assert_cmpstr (soup_message_headers_get_one (ticket->headers, "ETag"), ==, "\"5\"");
}

static void
test_pause (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree char *id = create_ticket (f, token);
  g_autoptr(Reply) work = move (f, token, id, "{\"to\":\"in_progress\"}");
  g_autoptr(Reply) wait = move (f, token, id, "{\"to\":\"awaiting_documents\"}");
  g_autoptr(Reply) back = NULL;
  g_autoptr(Reply) stale = NULL;

  assert_status (wait, 200);
  g_assert_true (json_object_get_boolean_member (obj (wait), "paused"));
  g_assert_cmpstr (str (wait, "due_date"), ==, "2026-12-07");

  /* Three days later (Thursday): the due date moves by 3 working days. */
  mfc_training_server_set_fake_time (f->server, TEST_NOW + 3 * 24 * 3600);
  g_free (token);
  token = login (f, "clerk", NULL);   /* the first token expired meanwhile */
  {
    const char *headers[] = { "Idempotency-Key", "pause-1", "If-Match", "\"2\"", NULL };
    g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s/transitions", id);

    stale = call (f, "POST", path, token, "{\"to\":\"in_progress\"}", headers);
    assert_error (stale, 412, "precondition_failed");
  }
  back = move (f, token, id, "{\"to\":\"in_progress\"}");
  assert_status (back, 200);
  g_assert_false (json_object_get_boolean_member (obj (back), "paused"));
  g_assert_cmpstr (str (back, "due_date"), ==, "2026-12-10");
  g_assert_cmpint (json_object_get_int_member (obj (back), "working_days_left"), ==, 10);
  mfc_training_server_set_fake_time (f->server, TEST_NOW);
}

static void
test_ticket_list (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);
  g_autoptr(Reply) page1 = call (f, "GET", "/api/v1/tickets?limit=100&sort=due_date&status=in_progress,accepted",
                                 token, NULL, NULL);
  g_autoptr(Reply) page2 = NULL;
  g_autoptr(Reply) foreign = NULL;
  g_autoptr(Reply) overdue = call (f, "GET", "/api/v1/tickets?overdue=true&limit=5", token, NULL, NULL);
  g_autoptr(Reply) mine = call (f, "GET", "/api/v1/tickets?assignee=me&limit=5", token, NULL, NULL);
  g_autoptr(Reply) paused = call (f, "GET", "/api/v1/tickets?status=awaiting_documents&limit=5", token, NULL, NULL);
  g_autoptr(Reply) bad = call (f, "GET", "/api/v1/tickets?limit=0", token, NULL, NULL);
  g_autofree char *path = NULL;
  JsonArray *items1, *items2;
  const char *cursor;

  assert_status (page1, 200);
  items1 = items (page1);
  g_assert_cmpuint (json_array_get_length (items1), ==, 100);
  cursor = str (page1, "next_cursor");
  g_assert_nonnull (cursor);
  path = g_strdup_printf ("/api/v1/tickets?limit=100&sort=due_date&status=in_progress,accepted&cursor=%s", cursor);
  page2 = call (f, "GET", path, token, NULL, NULL);
  assert_status (page2, 200);
  items2 = items (page2);
  g_assert_cmpuint (json_array_get_length (items2), >, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items1, 99), "due_date"), <=,
                   json_object_get_string_member (json_array_get_object_element (items2, 0), "due_date"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items1, 99), "id"), !=,
                   json_object_get_string_member (json_array_get_object_element (items2, 0), "id"));

  g_free (path);
  path = g_strdup_printf ("/api/v1/tickets?limit=100&sort=number&cursor=%s", cursor);
  foreign = call (f, "GET", path, token, NULL, NULL);
  assert_error (foreign, 400, "bad_request");

  assert_status (overdue, 200);
  g_assert_cmpuint (json_array_get_length (items (overdue)), ==, 5);
  g_assert_true (json_object_get_boolean_member (
    json_array_get_object_element (items (overdue), 0), "overdue"));
  assert_status (mine, 200);
  g_assert_cmpuint (json_array_get_length (items (mine)), ==, 5);
  assert_status (paused, 200);
  g_assert_true (json_object_get_boolean_member (
    json_array_get_object_element (items (paused), 0), "paused"));
  assert_error (bad, 400, "bad_request");
}

static void
test_assign (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "supervisor", NULL);
  g_autofree char *id = create_ticket (f, token);
  g_autofree char *path = g_strdup_printf ("/api/v1/tickets/%s", id);
  const char *headers[] = { "If-Match", "\"1\"", NULL };
  g_autoptr(Reply) r = call (f, "PATCH", path, token,
                             "{\"assignee_id\":\"5\",\"escalation_comment\":\"Передаю специалисту\"}", headers);
  g_autoptr(Reply) again = call (f, "PATCH", path, token, "{\"assignee_id\":null}", headers);
  g_autoptr(Reply) unknown = NULL;

  assert_status (r, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj (r), "assignee"), "id"),
                   ==, "5");
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (obj (r), "comments"), 0), "kind"),
    ==, "escalation");
  assert_error (again, 412, "precondition_failed");
  {
    const char *h2[] = { "If-Match", "\"2\"", NULL };
    unknown = call (f, "PATCH", path, token, "{\"assignee_id\":\"999999\"}", h2);
    assert_error (unknown, 422, "validation_failed");
  }
}

static GBytes *
multipart_body (const char   *filename,
                const guint8 *data,
                gsize         len,
                char        **content_type)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(GBytes) file = g_bytes_new (data, len);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  GBytes *body = NULL;

  soup_multipart_append_form_file (multipart, "file", filename, "application/pdf", file);
  soup_multipart_append_form_string (multipart, "title", "Заявление");
  soup_multipart_to_message (multipart, headers, &body);
  *content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));

  return body;
}

static Reply *
upload (Fixture      *f,
        const char   *token,
        const char   *filename,
        const guint8 *data,
        gsize         len)
{
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) body = multipart_body (filename, data, len, &content_type);
  g_autofree char *key = g_uuid_string_random ();
  const char *headers[] = { "Idempotency-Key", key, NULL };

  return call_full (f, "POST", "/api/v1/documents", token, content_type, body, headers);
}

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  static const char pdf[] = "%PDF-1.4\n% test\n%%EOF\n";
  static const char text[] = "This is not a PDF at all";
  static const char docx[] = "PK\x03\x04 ... word/document.xml ... [Content_Types].xml";
  static const char zip[] = "PK\x03\x04 ... some/other.txt";
  g_autofree char *token = login (f, "clerk", NULL);
  g_autofree guint8 *big = g_malloc0 (5242880 + 1);
  g_autoptr(Reply) as_png = upload (f, token, "скан.pdf", png, sizeof png);
  g_autoptr(Reply) as_pdf = upload (f, token, "заявление.pdf", (const guint8 *) pdf, strlen (pdf));
  g_autoptr(Reply) as_text = upload (f, token, "fake.pdf", (const guint8 *) text, strlen (text));
  g_autoptr(Reply) as_docx = upload (f, token, "a.docx", (const guint8 *) docx, sizeof docx - 1);
  g_autoptr(Reply) as_zip = upload (f, token, "a.docx", (const guint8 *) zip, sizeof zip - 1);
  g_autoptr(Reply) too_big = NULL, exact = NULL, meta = NULL, content = NULL, attach = NULL, again = NULL;
  g_autoptr(Reply) not_multipart = post (f, "/api/v1/documents", token, "{}");
  g_autofree char *sha = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *attach_body = NULL;

  assert_status (as_png, 201);
  g_assert_cmpstr (str (as_png, "content_type"), ==, "image/png");
  g_assert_cmpstr (str (as_png, "filename"), ==, "скан.pdf");
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, png, sizeof png);
  g_assert_cmpstr (str (as_png, "sha256"), ==, sha);
  assert_status (as_pdf, 201);
  g_assert_cmpstr (str (as_pdf, "content_type"), ==, "application/pdf");
  g_assert_cmpstr (str (as_pdf, "title"), ==, "Заявление");
  assert_error (as_text, 415, "unsupported_type");
  assert_status (as_docx, 201);
  assert_error (as_zip, 415, "unsupported_type");
  assert_error (not_multipart, 400, "bad_request");

  memcpy (big, "%PDF-", 5);
  too_big = upload (f, token, "big.pdf", big, 5242880 + 1);
  assert_error (too_big, 413, "too_large");
  {
    /* Far over the limit: refused from the headers, before the body. */
    g_autofree guint8 *huge = g_malloc0 (6 * 1024 * 1024);
    g_autoptr(Reply) early = NULL;

    memcpy (huge, "%PDF-", 5);
    early = upload (f, token, "huge.pdf", huge, 6 * 1024 * 1024);
    assert_error (early, 413, "too_large");
  }
  exact = upload (f, token, "exact.pdf", big, 5242880);
  assert_status (exact, 201);
  g_assert_cmpint (json_object_get_int_member (obj (exact), "size"), ==, 5242880);

  path = g_strdup_printf ("/api/v1/documents/%s", str (as_pdf, "id"));
  meta = call (f, "GET", path, token, NULL, NULL);
  assert_status (meta, 200);
  g_free (path);
  path = g_strdup_printf ("/api/v1/documents/%s/content", str (as_pdf, "id"));
  content = call (f, "GET", path, token, NULL, NULL);
  assert_status (content, 200);
  g_assert_cmpuint (g_bytes_get_size (content->body), ==, strlen (pdf));
  g_assert_cmpstr (soup_message_headers_get_content_type (content->headers, NULL), ==, "application/pdf");
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (content->headers, "Content-Disposition"),
                                   "attachment; filename*=UTF-8''"));

  ticket = create_ticket (f, token);
  g_free (path);
  path = g_strdup_printf ("/api/v1/tickets/%s/documents", ticket);
  attach_body = g_strdup_printf ("{\"document_id\":\"%s\"}", str (as_pdf, "id"));
  attach = post (f, path, token, attach_body);
  assert_status (attach, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (attach), "documents")), ==, 1);
  again = post (f, path, token, attach_body);
  assert_status (again, 200);
  g_assert_cmpint (json_object_get_int_member (obj (again), "version"), ==,
                   json_object_get_int_member (obj (attach), "version"));
}

/* Walks every page; each id exactly once. */
static guint
walk (Fixture    *f,
      const char *token,
      const char *path)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *url = cursor != NULL ? g_strdup_printf ("%s&cursor=%s", path, cursor) : g_strdup (path);
      g_autoptr(Reply) page = call (f, "GET", url, token, NULL, NULL);
      JsonArray *page_items;
      JsonNode *next;

      assert_status (page, 200);
      page_items = items (page);
      for (guint i = 0; i < json_array_get_length (page_items); i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (page_items, i), "id");
          g_assert_false (g_hash_table_contains (seen, id));
          g_hash_table_add (seen, g_strdup (id));
        }
      next = json_object_get_member (obj (page), "next_cursor");
      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);

  return g_hash_table_size (seen);
}

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, "clerk", NULL);

  g_assert_cmpuint (walk (f, token, "/api/v1/applicants?limit=37"), ==, 400);
  g_assert_cmpuint (walk (f, token, "/api/v1/services?limit=7"), ==, 33);
  g_assert_cmpuint (walk (f, token, "/api/v1/service-categories?limit=3"), ==, 8);
  g_assert_cmpuint (walk (f, token, "/api/v1/users?limit=9"), ==, 104);
  g_assert_cmpuint (walk (f, token, "/api/v1/tickets?limit=200&sort=number"), ==, 3200);
  g_assert_cmpuint (walk (f, token, "/api/v1/tickets?limit=200&sort=-created_at&office=1"), >, 600);
  g_assert_cmpuint (walk (f, token, "/api/v1/appointments?limit=100&office=1"), >, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/training/applicants/create-search-patch", test_applicants);
  ADD ("/training/tickets/create", test_ticket_create);
  ADD ("/training/tickets/idempotent", test_idempotent_create);
  ADD ("/training/tickets/idempotent-concurrent", test_idempotent_concurrent);
  ADD ("/training/tickets/transitions", test_transitions);
  ADD ("/training/tickets/pause", test_pause);
  ADD ("/training/tickets/list", test_ticket_list);
  ADD ("/training/tickets/assign", test_assign);
  ADD ("/training/documents/upload", test_documents);
  ADD ("/training/lists/paging", test_paging);
#undef ADD

  return g_test_run ();
}
