/* test-login-flow.c — the login as the clerk sees it (MfcLoginFlow),
 * against the real training server, in Russian.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mfc-login-flow.h"
#include "mfc-test-util.h"
#include "test-training-common.h"

typedef struct {
  guint         succeeded;
  guint         failed;
  MfcLoginField field;
} Outcome;

static void
succeeded_cb (MfcLoginFlow *flow,
              Outcome      *outcome)
{
  outcome->succeeded++;
}

static void
failed_cb (MfcLoginFlow  *flow,
           MfcLoginField  field,
           Outcome       *outcome)
{
  outcome->failed++;
  outcome->field = field;
}

static MfcLoginFlow *
new_flow (const char *base_url,
          Outcome    *outcome)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MfcClient) client = mfc_client_new (base_url, &error);
  g_autoptr(MfcSession) session = NULL;
  MfcLoginFlow *flow;

  g_assert_no_error (error);
  mfc_client_set_retry_delay (client, 10, 50);
  session = mfc_session_new (client);
  mfc_session_set_remember (session, FALSE);
  flow = mfc_login_flow_new (session);
  g_signal_connect (flow, "succeeded", G_CALLBACK (succeeded_cb), outcome);
  g_signal_connect (flow, "failed", G_CALLBACK (failed_cb), outcome);
  return flow;
}

typedef struct {
  Outcome *outcome;
  guint    ended;
} EndWait;

static gboolean
ended (gpointer data)
{
  EndWait *wait = data;

  return wait->outcome->succeeded + wait->outcome->failed >= wait->ended;
}

/* Submits and waits for ::succeeded or ::failed; busy meanwhile. */
static void
submit (MfcLoginFlow *flow,
        Outcome      *outcome,
        const char   *login,
        const char   *password,
        const char   *otp)
{
  EndWait wait = { outcome, outcome->succeeded + outcome->failed + 1 };

  mfc_login_flow_submit (flow, login, password, otp);
  if (!ended (&wait))
    g_assert_true (mfc_login_flow_get_busy (flow));
  mfc_test_wait_until (ended, &wait, MFC_TEST_WAIT_MS, "the login to end");
  g_assert_false (mfc_login_flow_get_busy (flow));
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  Outcome outcome = { 0 };
  g_autoptr(MfcLoginFlow) flow = new_flow (f->base_url, &outcome);

  submit (flow, &outcome, "clerk", "not-the-password", NULL);
  g_assert_cmpuint (outcome.failed, ==, 1);
  g_assert_cmpint (outcome.field, ==, MFC_LOGIN_FIELD_PASSWORD);
  g_assert_cmpstr (mfc_login_flow_get_message (flow), ==, "Неверный логин, пароль или одноразовый код.");
  g_assert_false (mfc_login_flow_get_needs_otp (flow));
  g_assert_cmpint (mfc_session_get_state (mfc_login_flow_get_session (flow)), ==, MFC_SESSION_LOGGED_OUT);

  /* The right one logs in and clears the message. */
  submit (flow, &outcome, "clerk", "demo", NULL);
  g_assert_cmpuint (outcome.succeeded, ==, 1);
  g_assert_null (mfc_login_flow_get_message (flow));
  g_assert_cmpint (mfc_session_get_state (mfc_login_flow_get_session (flow)), ==, MFC_SESSION_LOGGED_IN);
}

static void
test_empty_fields (Fixture       *f,
                   gconstpointer  data)
{
  Outcome outcome = { 0 };
  g_autoptr(MfcLoginFlow) flow = new_flow (f->base_url, &outcome);

  /* Nothing is sent: the answer is at once. */
  mfc_login_flow_submit (flow, "", "demo", NULL);
  g_assert_cmpuint (outcome.failed, ==, 1);
  g_assert_cmpint (outcome.field, ==, MFC_LOGIN_FIELD_LOGIN);
  g_assert_cmpstr (mfc_login_flow_get_message (flow), ==, "Введите логин и пароль.");

  mfc_login_flow_submit (flow, "clerk", "", NULL);
  g_assert_cmpuint (outcome.failed, ==, 2);
  g_assert_cmpint (outcome.field, ==, MFC_LOGIN_FIELD_PASSWORD);
  g_assert_cmpstr (mfc_login_flow_get_message (flow), ==, "Введите пароль.");
  g_assert_false (mfc_login_flow_get_busy (flow));
}

static const char *
russian_minutes (guint n)
{
  if (n % 10 == 1 && n % 100 != 11)
    return "минуту";
  if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20))
    return "минуты";
  return "минут";
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  Outcome outcome = { 0 };
  g_autoptr(MfcLoginFlow) flow = new_flow (f->base_url, &outcome);
  g_autofree char *tail = NULL;
  guint minutes;

  for (guint i = 0; i < 5; i++)
    submit (flow, &outcome, "trainer", "wrong", NULL);

  /* Even the right password is refused now, with the minutes to wait. */
  submit (flow, &outcome, "trainer", "demo", NULL);
  g_assert_cmpuint (outcome.failed, ==, 6);
  g_assert_cmpint (outcome.field, ==, MFC_LOGIN_FIELD_PASSWORD);
  g_test_message ("message: %s", mfc_login_flow_get_message (flow));
  g_assert_true (g_str_has_prefix (mfc_login_flow_get_message (flow),
                                   "Учётная запись заблокирована после нескольких неудачных попыток входа."));
  /* The server's clock is fixed: the whole lock is ahead. */
  minutes = 15;
  tail = g_strdup_printf ("Повторите через %u %s.", minutes, russian_minutes (minutes));
  g_assert_true (g_str_has_suffix (mfc_login_flow_get_message (flow), tail));
}

static void
test_lockout_plural (void)
{
  static const struct { guint seconds; const char *tail; } cases[] = {
    { 60, "Повторите через 1 минуту." },
    { 170, "Повторите через 3 минуты." },
    { 600, "Повторите через 10 минут." },
    { 1260, "Повторите через 21 минуту." },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = mfc_client_error_new_for_status (423, "account_locked", NULL, NULL,
                                                                 cases[i].seconds, NULL);
      g_autofree char *message = mfc_login_flow_describe_error (error);

      g_assert_true (g_str_has_prefix (message, "Учётная запись заблокирована"));
      g_assert_true (g_str_has_suffix (message, cases[i].tail));
      /* The helper of test_locked() agrees with the catalogue. */
      g_assert_nonnull (strstr (cases[i].tail, russian_minutes ((cases[i].seconds + 59) / 60)));
    }
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_one_time_code (Fixture       *f,
                    gconstpointer  data)
{
  Outcome outcome = { 0 };
  g_autoptr(MfcLoginFlow) flow = new_flow (f->base_url, &outcome);
  guint notified = 0;

  g_signal_connect_swapped (flow, "notify::needs-otp", G_CALLBACK (count_cb), &notified);

  /* The service asks for a code: the flow shows the step. */
  submit (flow, &outcome, "clerk2fa", "demo", NULL);
  g_assert_cmpint (outcome.field, ==, MFC_LOGIN_FIELD_OTP);
  g_assert_true (mfc_login_flow_get_needs_otp (flow));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (mfc_login_flow_get_message (flow), ==, "Введите одноразовый код для этой учётной записи.");

  /* Without the code nothing is sent. */
  mfc_login_flow_submit (flow, "clerk2fa", "demo", "");
  g_assert_cmpint (outcome.field, ==, MFC_LOGIN_FIELD_OTP);
  g_assert_false (mfc_login_flow_get_busy (flow));

  /* A wrong code: the step stays, the password is typed again. */
  submit (flow, &outcome, "clerk2fa", "demo", "123456");
  g_assert_cmpint (outcome.field, ==, MFC_LOGIN_FIELD_PASSWORD);
  g_assert_true (mfc_login_flow_get_needs_otp (flow));
  g_assert_cmpstr (mfc_login_flow_get_message (flow), ==, "Неверный логин, пароль или одноразовый код.");

  submit (flow, &outcome, "clerk2fa", "demo", "000000");
  g_assert_cmpuint (outcome.succeeded, ==, 1);
  g_assert_false (mfc_login_flow_get_needs_otp (flow));
  g_assert_null (mfc_login_flow_get_message (flow));
  g_assert_cmpint (mfc_session_get_state (mfc_login_flow_get_session (flow)), ==, MFC_SESSION_LOGGED_IN);
  g_assert_cmpstr (mfc_session_get_login (mfc_login_flow_get_session (flow)), ==, "clerk2fa");
}

static void
test_another_login_drops_the_code_step (Fixture       *f,
                                        gconstpointer  data)
{
  Outcome outcome = { 0 };
  g_autoptr(MfcLoginFlow) flow = new_flow (f->base_url, &outcome);

  submit (flow, &outcome, "clerk2fa", "demo", NULL);
  g_assert_true (mfc_login_flow_get_needs_otp (flow));

  /* Another clerk sits down: no code is asked of them. */
  submit (flow, &outcome, "clerk", "demo", "999999");
  g_assert_cmpuint (outcome.succeeded, ==, 1);
  g_assert_false (mfc_login_flow_get_needs_otp (flow));
}

static gboolean
only_owner (gpointer data)
{
  return g_atomic_int_get (&G_OBJECT (data)->ref_count) == 1;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  Outcome outcome = { 0 };
  g_autoptr(MfcLoginFlow) flow = new_flow (f->base_url, &outcome);
  MfcSession *session = mfc_login_flow_get_session (flow);

  submit (flow, &outcome, "clerk2fa", "demo", NULL);
  g_assert_true (mfc_login_flow_get_needs_otp (flow));

  mfc_login_flow_submit (flow, "clerk2fa", "demo", "000000");
  g_assert_true (mfc_login_flow_get_busy (flow));
  mfc_login_flow_cancel (flow);
  g_assert_false (mfc_login_flow_get_busy (flow));
  g_assert_false (mfc_login_flow_get_needs_otp (flow));
  g_assert_null (mfc_login_flow_get_message (flow));

  /* The attempt has ended once it gives back its reference to the flow;
   * it ended as cancelled: no signal, nobody logged in. */
  mfc_test_wait_until (only_owner, flow, MFC_TEST_WAIT_MS, "the cancelled login to end");
  g_assert_cmpuint (outcome.succeeded + outcome.failed, ==, 1);
  g_assert_cmpint (mfc_session_get_state (session), ==, MFC_SESSION_LOGGED_OUT);
  g_assert_false (mfc_login_flow_get_needs_otp (flow));
}

static void
test_expired_message (Fixture       *f,
                      gconstpointer  data)
{
  Outcome outcome = { 0 };
  g_autoptr(MfcLoginFlow) flow = new_flow (f->base_url, &outcome);
  MfcSession *session = mfc_login_flow_get_session (flow);

  submit (flow, &outcome, "clerk", "demo", NULL);
  g_signal_emit_by_name (session, "expired");
  g_assert_cmpstr (mfc_login_flow_get_message (flow), ==,
                   "Центральный сервис завершил сеанс. Войдите снова — введённые данные сохранены.");
}

int
main (int   argc,
      char *argv[])
{
  mfc_test_use_russian ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/login-flow/lockout-plural", test_lockout_plural);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/login-flow/wrong-password", test_wrong_password);
  ADD ("/login-flow/empty-fields", test_empty_fields);
  ADD ("/login-flow/locked", test_locked);
  ADD ("/login-flow/one-time-code", test_one_time_code);
  ADD ("/login-flow/another-login-drops-the-code-step", test_another_login_drops_the_code_step);
  ADD ("/login-flow/cancel", test_cancel);
  ADD ("/login-flow/expired-message", test_expired_message);
#undef ADD

  return g_test_run ();
}
