/* mfc-recent-services.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-intake"

#include "config.h"

#include <glib/gstdio.h>

#include "mfc-recent-services.h"

struct _MfcRecentServices
{
  GObject    parent_instance;
  char      *path;        /* NULL: memory only */
  char      *clerk_id;
  GPtrArray *ids;         /* most recent first, NULL-terminated */
};

G_DEFINE_FINAL_TYPE (MfcRecentServices, mfc_recent_services, G_TYPE_OBJECT)

enum {
  RECENT_CHANGED,
  RECENT_N_SIGNALS
};

static guint recent_signals[RECENT_N_SIGNALS];

static char *
recent_group (const char *clerk_id)
{
  return g_strconcat ("clerk ", clerk_id != NULL ? clerk_id : "", NULL);
}

static void
recent_load (MfcRecentServices *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *group = recent_group (self->clerk_id);
  g_auto(GStrv) ids = NULL;

  g_ptr_array_set_size (self->ids, 0);
  if (self->path != NULL && g_key_file_load_from_file (file, self->path, G_KEY_FILE_NONE, NULL))
    ids = g_key_file_get_string_list (file, group, "services", NULL, NULL);
  for (guint i = 0; ids != NULL && ids[i] != NULL && i < MFC_RECENT_SERVICES_MAX; i++)
    g_ptr_array_add (self->ids, g_strdup (ids[i]));
  g_ptr_array_add (self->ids, NULL);
}

/* Written whole to a temporary file and renamed, mode 0600: which
 * services a clerk used is nobody else's business, and a crash never
 * leaves half a file. */
static void
recent_save (MfcRecentServices *self)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *group = recent_group (self->clerk_id);
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  if (self->path == NULL)
    return;

  g_key_file_load_from_file (file, self->path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  g_key_file_set_string_list (file, group, "services",
                              (const char * const *) self->ids->pdata, self->ids->len - 1);
  data = g_key_file_to_data (file, &len, NULL);
  dir = g_path_get_dirname (self->path);
  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents_full (self->path, data, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_warning ("Cannot keep the recent services: %s", error->message);
}

static void
mfc_recent_services_finalize (GObject *object)
{
  MfcRecentServices *self = MFC_RECENT_SERVICES (object);

  g_free (self->path);
  g_free (self->clerk_id);
  g_ptr_array_unref (self->ids);
  G_OBJECT_CLASS (mfc_recent_services_parent_class)->finalize (object);
}

static void
mfc_recent_services_class_init (MfcRecentServicesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mfc_recent_services_finalize;

  /**
   * MfcRecentServices::changed:
   *
   * The list changed: a service was used, or another clerk logged in.
   */
  recent_signals[RECENT_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mfc_recent_services_init (MfcRecentServices *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->ids, NULL);
}

/**
 * mfc_recent_services_new:
 * @path: (nullable): the key file to keep the lists in; %NULL keeps them
 *   in memory only
 *
 * Returns: (transfer full): the store, for no clerk yet
 */
MfcRecentServices *
mfc_recent_services_new (const char *path)
{
  MfcRecentServices *self = g_object_new (MFC_TYPE_RECENT_SERVICES, NULL);

  self->path = g_strdup (path);
  recent_load (self);

  return self;
}

/**
 * mfc_recent_services_set_clerk:
 * @clerk_id: (nullable): the logged-in user's id
 *
 * Switches to that clerk's list.
 */
void
mfc_recent_services_set_clerk (MfcRecentServices *self,
                               const char        *clerk_id)
{
  g_return_if_fail (MFC_IS_RECENT_SERVICES (self));

  if (g_strcmp0 (self->clerk_id, clerk_id) == 0)
    return;

  g_free (self->clerk_id);
  self->clerk_id = g_strdup (clerk_id);
  recent_load (self);
  g_signal_emit (self, recent_signals[RECENT_CHANGED], 0);
}

/**
 * mfc_recent_services_note:
 * @service_id: the service an application was just made for
 *
 * Moves it to the front of the clerk's list (at most
 * %MFC_RECENT_SERVICES_MAX are kept) and saves the list.
 */
void
mfc_recent_services_note (MfcRecentServices *self,
                          const char        *service_id)
{
  g_return_if_fail (MFC_IS_RECENT_SERVICES (self));
  g_return_if_fail (service_id != NULL);

  for (guint i = 0; i + 1 < self->ids->len; i++)
    if (g_str_equal (self->ids->pdata[i], service_id))
      {
        g_ptr_array_remove_index (self->ids, i);
        break;
      }
  g_ptr_array_insert (self->ids, 0, g_strdup (service_id));
  while (self->ids->len - 1 > MFC_RECENT_SERVICES_MAX)
    g_ptr_array_remove_index (self->ids, self->ids->len - 2);

  recent_save (self);
  g_signal_emit (self, recent_signals[RECENT_CHANGED], 0);
}

/**
 * mfc_recent_services_get_ids:
 *
 * Returns: (transfer none): the clerk's services, most recent first
 */
const char * const *
mfc_recent_services_get_ids (MfcRecentServices *self)
{
  g_return_val_if_fail (MFC_IS_RECENT_SERVICES (self), NULL);

  return (const char * const *) self->ids->pdata;
}
