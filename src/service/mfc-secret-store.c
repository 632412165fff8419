/* mfc-secret-store.c
 *
 * One item per central service: attributes "server" and "login", the
 * secret is the bearer token.  Saving replaces the item for that server, so
 * a desk never collects stale tokens of earlier clerks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-service"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "mfc-secret-store.h"

static const SecretSchema *
mfc_secret_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Session",
    SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "login", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

typedef struct {
  char *server;
  char *login;
  char *token;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->server);
  g_free (data->login);
  if (data->token != NULL)
    memset (data->token, 0, strlen (data->token));
  g_free (data->token);
  g_free (data);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_clear_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autofree char *label = NULL;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Translators: the keyring item's label; %s is the service address */
  label = g_strdup_printf (_("MFC Desk session at %s"), data->server);
  secret_password_store (mfc_secret_schema (), SECRET_COLLECTION_DEFAULT, label,
                         data->token, g_task_get_cancellable (task),
                         store_cb, g_object_ref (task),
                         "server", data->server,
                         "login", data->login,
                         NULL);
}

void
mfc_secret_store_save_async (const char          *server,
                             const char          *login,
                             const char          *token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (server != NULL && login != NULL && token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_secret_store_save_async);
  data = g_new0 (SaveData, 1);
  data->server = g_strdup (server);
  data->login = g_strdup (login);
  data->token = g_strdup (token);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  secret_password_clear (mfc_secret_schema (), cancellable,
                         save_clear_cb, g_steal_pointer (&task),
                         "server", server,
                         NULL);
}

gboolean
mfc_secret_store_save_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct {
  char *login;
  char *token;
} LookupResult;

static void
lookup_result_free (LookupResult *found)
{
  g_free (found->login);
  if (found->token != NULL)
    memset (found->token, 0, strlen (found->token));
  g_free (found->token);
  g_free (found);
}

static void
retrieve_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *error = NULL;
  LookupResult *found;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (object), result, &error);
  if (value == NULL)
    {
      /* The item was removed between the search and now (a logout or an
       * expired session clearing it): there is no token, which is not an
       * error. */
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("Keyring item vanished: %s", error->message);
          g_clear_error (&error);
        }
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  attributes = secret_retrievable_get_attributes (SECRET_RETRIEVABLE (object));
  found = g_new0 (LookupResult, 1);
  found->login = g_strdup (g_hash_table_lookup (attributes, "login"));
  found->token = g_strdup (secret_value_get_text (value));

  g_task_return_pointer (task, found, (GDestroyNotify) lookup_result_free);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable;
  GError *error = NULL;
  GList *items;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      /* An item deleted while the search ran makes gnome-keyring fail the
       * whole search; the set of items changed, so search again once. */
      if (error->domain == G_DBUS_ERROR && !g_task_get_task_data (task))
        {
          const char *server = g_object_get_data (G_OBJECT (task), "server");

          g_debug ("Keyring search interrupted: %s", error->message);
          g_clear_error (&error);
          g_task_set_task_data (task, GINT_TO_POINTER (1), NULL);
          cancellable = g_task_get_cancellable (task);
          secret_password_search (mfc_secret_schema (), SECRET_SEARCH_UNLOCK,
                                  cancellable, search_cb, g_steal_pointer (&task),
                                  "server", server,
                                  NULL);
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  if (items == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  secret_retrievable_retrieve_secret (items->data, cancellable,
                                      retrieve_cb, g_steal_pointer (&task));
  g_list_free_full (items, g_object_unref);
}

void
mfc_secret_store_lookup_async (const char          *server,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_secret_store_lookup_async);
  g_object_set_data_full (G_OBJECT (task), "server", g_strdup (server), g_free);

  secret_password_search (mfc_secret_schema (),
                          SECRET_SEARCH_UNLOCK,
                          cancellable, search_cb, g_steal_pointer (&task),
                          "server", server,
                          NULL);
}

/**
 * mfc_secret_store_lookup_finish:
 * @login: (out) (optional): the clerk the token belongs to
 * @token: (out) (optional): the token
 *
 * Returns: %TRUE if a token was found; %FALSE with @error unset if there is
 *   none, %FALSE with @error set if the keyring failed
 */
gboolean
mfc_secret_store_lookup_finish (GAsyncResult  *result,
                                char         **login,
                                char         **token,
                                GError       **error)
{
  LookupResult *found;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;

  if (login != NULL)
    *login = g_steal_pointer (&found->login);
  if (token != NULL)
    *token = g_steal_pointer (&found->token);
  lookup_result_free (found);

  return TRUE;
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mfc_secret_store_clear_async (const char          *server,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (server != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_secret_store_clear_async);

  secret_password_clear (mfc_secret_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         "server", server,
                         NULL);
}

gboolean
mfc_secret_store_clear_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
