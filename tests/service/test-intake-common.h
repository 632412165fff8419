/* test-intake-common.h — what the intake model tests share on top of
 * test-training-common.h: a signed-in MfcClient, waiting on the main
 * context with a time guard, and a valid new applicant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mfc-client.h"

#include "test-training-common.h"

#define INTAKE_WAIT_SECONDS 60

/* Waits for the result an _async call delivers to store_result_cb (of
 * test-training-common.h) and takes it. */
G_GNUC_UNUSED static GAsyncResult *
wait_result (GAsyncResult **slot,
             const char    *what)
{
  wait_for_result (slot, INTAKE_WAIT_SECONDS, what);
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
