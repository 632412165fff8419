/* test-intake-common.h — what the intake model tests share on top of
 * test-training-common.h: a signed-in MfcClient, waiting on the main
 * context with a time guard, and a valid new applicant.  The helpers are
 * prefixed intake_ so that they never meet test-training-common.h's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-client.h"

#include "test-training-common.h"

#define INTAKE_WAIT_SECONDS 60

typedef gboolean (*IntakePredicate) (gpointer data);

G_GNUC_UNUSED static gboolean
intake_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @done holds; fails after a minute. */
G_GNUC_UNUSED static void
intake_wait_until (IntakePredicate  done,
                   gpointer         data,
                   const char      *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (INTAKE_WAIT_SECONDS, intake_timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!done (data))
    g_error ("Still waiting for %s after %d s", what, INTAKE_WAIT_SECONDS);
  g_source_remove (id);
}

G_GNUC_UNUSED static gboolean
intake_has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

G_GNUC_UNUSED static void
intake_store_result_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Waits for the result an _async call delivers to intake_store_result_cb. */
G_GNUC_UNUSED static GAsyncResult *
intake_wait_result (GAsyncResult **slot,
                    const char    *what)
{
  intake_wait_until (intake_has_result, slot, what);
  return g_steal_pointer (slot);
}

G_GNUC_UNUSED static MfcClient *
signed_in_client (Fixture    *f,
                  const char *user)
{
  g_autofree char *token = login (f, user, NULL);
  g_autoptr(GError) error = NULL;
  MfcClient *client = mfc_client_new (f->base_url, &error);

  g_assert_no_error (error);
  mfc_client_set_token (client, token);
  mfc_client_set_retry_delay (client, 10, 50);

  return client;
}

/* A СНИЛС with a good check number, different for each @n */
G_GNUC_UNUSED static char *
make_snils (guint n)
{
  char digits[12];
  guint sum = 0;

  g_snprintf (digits, sizeof digits, "%09u", 900000000 + n * 7919 % 99999999);
  for (guint i = 0; i < 9; i++)
    sum += (guint) (digits[i] - '0') * (9 - i);
  if (sum > 101)
    sum %= 101;
  if (sum >= 100)
    sum = 0;
  g_snprintf (digits + 9, 3, "%02u", sum);

  return g_strdup (digits);
}

/* POST /api/v1/applicants with raw JSON (to seed a case), the new id */
G_GNUC_UNUSED static char *
create_applicant_raw (Fixture    *f,
                      const char *token,
                      const char *surname,
                      const char *given_name,
                      const char *birth_date,
                      const char *snils)
{
  g_autofree char *json = g_strdup_printf (
    "{\"surname\":\"%s\",\"given_name\":\"%s\",\"patronymic\":null,"
    "\"birth_date\":\"%s\",\"snils\":\"%s\","
    "\"passport\":{\"series\":\"5004\",\"number\":\"123456\","
    "\"issued_by\":\"ГУ МВД России по Учебной области\",\"issue_date\":\"2019-06-03\","
    "\"division_code\":\"540-001\"},"
    "\"phone\":\"+79131234567\",\"consent\":{\"given\":true}}",
    surname, given_name, birth_date, snils);
  g_autoptr(Reply) r = post (f, "/api/v1/applicants", token, json);

  assert_status (r, 201);
  return g_strdup (str (r, "id"));
}
