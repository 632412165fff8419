/* mfc-page-store.c
 *
 * The index is small (a line a page) but flushed to disk on every edit;
 * so that the main thread never waits for the disk, each new version is
 * handed to a one-thread pool, which writes them in order.  A page the
 * clerk deleted stays on disk while undo can bring it back; the index
 * lists it as removed so a restore does not resurrect it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mfc-page-store.h"

#define INDEX_NAME   "index"
#define INDEX_MAGIC  "mfc-page-store 1"

struct _MfcPageStore
{
  GObject      parent_instance;

  char        *dir;
  char        *index_path;
  MfcDocument *doc;          /* attached, a reference */
  GHashTable  *removed;      /* basenames of deleted scans (undo may bring them back) */
  gint         counter;
  gboolean     discarding;

  GThreadPool *writer;       /* one thread: index versions in order */
  GMutex       lock;
  GCond        cond;
  guint        pending;
  GError      *write_error;
};

G_DEFINE_FINAL_TYPE (MfcPageStore, mfc_page_store, G_TYPE_OBJECT)

/* Helpers */

static gboolean
is_own_scan (MfcPageStore *self,
             MfcDocPage   *page)
{
  g_autofree char *parent = NULL;

  if (mfc_doc_page_get_kind (page) != MFC_PAGE_KIND_SCAN)
    return FALSE;
  parent = g_path_get_dirname (mfc_doc_page_get_path (page));
  return g_strcmp0 (parent, self->dir) == 0;
}

static char *
serialize (MfcPageStore *self)
{
  GString *out = g_string_new (INDEX_MAGIC "\n");
  guint n = self->doc != NULL ? mfc_document_get_n_pages (self->doc) : 0;
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; i < n; i++)
    {
      MfcDocPage *page = mfc_document_get_page (self->doc, i);
      g_autofree char *path = NULL;
      char dpi[G_ASCII_DTOSTR_BUF_SIZE];
      MfcCropRect crop;

      if (is_own_scan (self, page))
        path = g_path_get_basename (mfc_doc_page_get_path (page));
      else
        path = g_strescape (mfc_doc_page_get_path (page), NULL);
      mfc_doc_page_get_crop (page, &crop);
      g_ascii_dtostr (dpi, sizeof dpi, mfc_doc_page_get_dpi (page));
      g_string_append_printf (out, "page\t%d\t%s\t%d\t%d\t%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n",
                              mfc_doc_page_get_kind (page), path,
                              mfc_doc_page_get_pdf_index (page),
                              mfc_doc_page_get_width (page),
                              mfc_doc_page_get_height (page), dpi,
                              mfc_doc_page_get_format (page),
                              mfc_doc_page_get_bilevel (page),
                              mfc_doc_page_get_rotation (page),
                              crop.x, crop.y, crop.width, crop.height);
    }
  g_hash_table_iter_init (&iter, self->removed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_string_append_printf (out, "removed\t%s\n", (const char *) key);
  return g_string_free (out, FALSE);
}

static void
writer_cb (gpointer data,
           gpointer user_data)
{
  MfcPageStore *self = user_data;
  char *text = data;
  GError *error = NULL;

  g_mkdir_with_parents (self->dir, 0700);
  if (!g_file_set_contents_full (self->index_path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &error))
    g_warning ("Could not write the page store's index: %s", error->message);
  g_free (text);

  g_mutex_lock (&self->lock);
  if (error != NULL)
    {
      g_clear_error (&self->write_error);
      self->write_error = error;
    }
  self->pending--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
schedule_write (MfcPageStore *self)
{
  if (self->discarding)
    return;
  g_mutex_lock (&self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  g_thread_pool_push (self->writer, serialize (self), NULL);
}

static void
wait_writes (MfcPageStore *self)
{
  g_mutex_lock (&self->lock);
  while (self->pending > 0)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
}

/* Callbacks */

static void
page_added_cb (MfcDocument  *doc,
               MfcDocPage   *page,
               guint         index,
               MfcPageStore *self)
{
  if (is_own_scan (self, page))
    {
      g_autofree char *name = g_path_get_basename (mfc_doc_page_get_path (page));

      g_hash_table_remove (self->removed, name);
    }
  schedule_write (self);
}

static void
page_removed_cb (MfcDocument  *doc,
                 MfcDocPage   *page,
                 guint         index,
                 MfcPageStore *self)
{
  if (is_own_scan (self, page))
    g_hash_table_add (self->removed, g_path_get_basename (mfc_doc_page_get_path (page)));
  schedule_write (self);
}

static void
page_changed_cb (MfcDocument  *doc,
                 MfcDocPage   *page,
                 guint         index,
                 MfcPageStore *self)
{
  schedule_write (self);
}

static void
pages_reordered_cb (MfcDocument  *doc,
                    guint         from,
                    guint         to,
                    MfcPageStore *self)
{
  schedule_write (self);
}

/* GObject */

static void
detach (MfcPageStore *self)
{
  if (self->doc == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->doc, self);
  g_clear_object (&self->doc);
}

static void
mfc_page_store_dispose (GObject *object)
{
  MfcPageStore *self = MFC_PAGE_STORE (object);

  detach (self);
  if (self->writer != NULL)
    {
      /* Let queued index versions reach the disk. */
      g_thread_pool_free (self->writer, FALSE, TRUE);
      self->writer = NULL;
    }

  G_OBJECT_CLASS (mfc_page_store_parent_class)->dispose (object);
}

static void
mfc_page_store_finalize (GObject *object)
{
  MfcPageStore *self = MFC_PAGE_STORE (object);

  g_free (self->dir);
  g_free (self->index_path);
  g_hash_table_unref (self->removed);
  g_clear_error (&self->write_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (mfc_page_store_parent_class)->finalize (object);
}

static void
mfc_page_store_class_init (MfcPageStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_page_store_dispose;
  object_class->finalize = mfc_page_store_finalize;
}

static void
mfc_page_store_init (MfcPageStore *self)
{
  self->removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->writer = g_thread_pool_new (writer_cb, self, 1, FALSE, NULL);
}

/* Public API */

/**
 * mfc_page_store_new:
 * @dir: the folder to keep pages in (created 0700 when needed)
 *
 * Returns: (transfer full): a page store
 */
MfcPageStore *
mfc_page_store_new (const char *dir)
{
  MfcPageStore *self;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (MFC_TYPE_PAGE_STORE, NULL);
  self->dir = g_canonicalize_filename (dir, NULL);
  self->index_path = g_build_filename (self->dir, INDEX_NAME, NULL);
  return self;
}

/**
 * mfc_page_store_new_default:
 *
 * Returns: (transfer full): the store in the user cache,
 *   `$XDG_CACHE_HOME/mfc-desk/pages`
 */
MfcPageStore *
mfc_page_store_new_default (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "mfc-desk", "pages", NULL);

  return mfc_page_store_new (dir);
}

const char *
mfc_page_store_get_dir (MfcPageStore *self)
{
  g_return_val_if_fail (MFC_IS_PAGE_STORE (self), NULL);
  return self->dir;
}

/**
 * mfc_page_store_save_image:
 * @self: a store
 * @image: scanned pixels
 * @bilevel: whether they were scanned black-and-white
 * @error: return location for an error
 *
 * Writes a new page file (0600, flushed to disk before this returns).
 * Blocking and thread-safe: the scanner's worker thread calls it.
 *
 * Returns: (transfer full) (nullable): a scan page for the file
 */
MfcDocPage *
mfc_page_store_save_image (MfcPageStore  *self,
                           MfcPageImage  *image,
                           gboolean       bilevel,
                           GError       **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (MFC_IS_PAGE_STORE (self), NULL);
  g_return_val_if_fail (image != NULL, NULL);

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_WRITE,
                   _("Could not save the scanned page: %s"), g_strerror (saved));
      return NULL;
    }
  /* Time first: files sort in scan order across sessions. */
  name = g_strdup_printf ("page-%016" G_GINT64_MODIFIER "d-%04d%s.pnm",
                          g_get_real_time (), g_atomic_int_add (&self->counter, 1) % 10000,
                          bilevel ? "-bw" : "");
  path = g_build_filename (self->dir, name, NULL);
  if (!mfc_page_image_save_pnm (image, path, error))
    return NULL;
  return mfc_doc_page_new_scan (path, image->format, image->width, image->height,
                                image->dpi, bilevel);
}

static MfcDocPage *
page_from_line (MfcPageStore  *self,
                char         **f)
{
  g_autofree char *path = NULL;
  MfcPageKind kind = atoi (f[1]);
  MfcDocPage *page;
  MfcCropRect crop;

  if (kind == MFC_PAGE_KIND_SCAN)
    {
      if (strchr (f[2], '/') != NULL)
        return NULL;
      path = g_build_filename (self->dir, f[2], NULL);
    }
  else if (kind <= MFC_PAGE_KIND_DOCX)
    path = g_strcompress (f[2]);
  else
    return NULL;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  if (kind == MFC_PAGE_KIND_SCAN)
    page = mfc_doc_page_new_scan (path, atoi (f[7]) == MFC_PIXEL_FORMAT_GRAY8
                                          ? MFC_PIXEL_FORMAT_GRAY8 : MFC_PIXEL_FORMAT_RGB8,
                                  atoi (f[4]), atoi (f[5]), g_ascii_strtod (f[6], NULL),
                                  atoi (f[8]) != 0);
  else
    page = mfc_doc_page_new_import (kind, path, atoi (f[3]), atoi (f[4]), atoi (f[5]),
                                    g_ascii_strtod (f[6], NULL));
  if (page == NULL)
    return NULL;
  mfc_doc_page_set_rotation (page, atoi (f[9]));
  crop.x = atoi (f[10]);
  crop.y = atoi (f[11]);
  crop.width = atoi (f[12]);
  crop.height = atoi (f[13]);
  mfc_doc_page_set_crop (page, &crop);
  return page;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * mfc_page_store_restore:
 * @self: a store
 * @doc: an empty document, not attached yet
 * @error: return location for an error
 *
 * Puts back the pages of an earlier session: those of the index, in its
 * order and with their edits, then any page file the index had not
 * recorded yet.  Blocking (reads the folder; page files are only opened
 * for pages missing from the index).
 *
 * Returns: how many pages were restored (0 on error, with @error set)
 */
guint
mfc_page_store_restore (MfcPageStore  *self,
                        MfcDocument   *doc,
                        GError       **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) orphans = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint restored = 0;

  g_return_val_if_fail (MFC_IS_PAGE_STORE (self), 0);
  g_return_val_if_fail (MFC_IS_DOCUMENT (doc), 0);

  if (g_file_get_contents (self->index_path, &text, NULL, NULL) &&
      g_str_has_prefix (text, INDEX_MAGIC "\n"))
    {
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 1; lines[i] != NULL; i++)
        {
          g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
          guint n = g_strv_length (f);

          if (n == 2 && strcmp (f[0], "removed") == 0)
            {
              g_hash_table_add (self->removed, g_strdup (f[1]));
              g_hash_table_add (known, g_strdup (f[1]));
            }
          else if (n == 14 && strcmp (f[0], "page") == 0)
            {
              g_autoptr(MfcDocPage) page = page_from_line (self, f);

              if (atoi (f[1]) == MFC_PAGE_KIND_SCAN)
                g_hash_table_add (known, g_strdup (f[2]));
              if (page != NULL)
                {
                  mfc_document_append_page (doc, page);
                  restored++;
                }
            }
        }
    }

  dir = g_dir_open (self->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "page-") && g_str_has_suffix (name, ".pnm") &&
          !g_hash_table_contains (known, name))
        g_ptr_array_add (orphans, g_strdup (name));
      else if (g_str_has_suffix (name, ".part"))
        {
          /* Half-written when the app died: never a whole page. */
          g_autofree char *path = g_build_filename (self->dir, name, NULL);

          g_unlink (path);
        }
    }
  g_ptr_array_sort (orphans, compare_names);
  for (guint i = 0; i < orphans->len; i++)
    {
      const char *orphan = g_ptr_array_index (orphans, i);
      g_autofree char *path = g_build_filename (self->dir, orphan, NULL);
      g_autoptr(GError) local = NULL;
      g_autoptr(MfcPageImage) image = mfc_page_image_load_pnm (path, 300, &local);
      g_autoptr(MfcDocPage) page = NULL;

      if (image == NULL)
        {
          g_warning ("Page store: skipping %s: %s", orphan, local->message);
          continue;
        }
      page = mfc_doc_page_new_scan (path, image->format, image->width, image->height,
                                    image->dpi, g_str_has_suffix (orphan, "-bw.pnm"));
      mfc_document_append_page (doc, page);
      restored++;
    }
  g_clear_pointer (&text, g_free);
  return restored;
}

/**
 * mfc_page_store_attach:
 * @self: a store
 * @doc: the document to keep safe
 *
 * From now on every change of @doc is written to the index (off the main
 * thread, in order).  One document per store.
 */
void
mfc_page_store_attach (MfcPageStore *self,
                       MfcDocument  *doc)
{
  g_return_if_fail (MFC_IS_PAGE_STORE (self));
  g_return_if_fail (MFC_IS_DOCUMENT (doc));

  detach (self);
  self->doc = g_object_ref (doc);
  g_signal_connect (doc, "page-added", G_CALLBACK (page_added_cb), self);
  g_signal_connect (doc, "page-removed", G_CALLBACK (page_removed_cb), self);
  g_signal_connect (doc, "page-changed", G_CALLBACK (page_changed_cb), self);
  g_signal_connect (doc, "pages-reordered", G_CALLBACK (pages_reordered_cb), self);
  schedule_write (self);
}

/**
 * mfc_page_store_flush:
 * @self: a store
 * @error: return location for the last write error
 *
 * Waits until every index version queued so far is on disk.
 *
 * Returns: %FALSE if a write failed since the last flush
 */
gboolean
mfc_page_store_flush (MfcPageStore  *self,
                      GError       **error)
{
  GError *failed;

  g_return_val_if_fail (MFC_IS_PAGE_STORE (self), FALSE);

  wait_writes (self);
  g_mutex_lock (&self->lock);
  failed = g_steal_pointer (&self->write_error);
  g_mutex_unlock (&self->lock);
  if (failed != NULL)
    {
      g_propagate_error (error, failed);
      return FALSE;
    }
  return TRUE;
}

/**
 * mfc_page_store_discard:
 * @self: a store
 * @doc: (nullable): the document to empty as well
 *
 * The document was uploaded or thrown away: removes every page file and
 * the index, and empties @doc (its undo included).
 */
void
mfc_page_store_discard (MfcPageStore *self,
                        MfcDocument  *doc)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (MFC_IS_PAGE_STORE (self));

  self->discarding = TRUE;
  if (doc != NULL)
    mfc_document_clear (doc);
  wait_writes (self);
  g_hash_table_remove_all (self->removed);

  dir = g_dir_open (self->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "page-") || strcmp (name, INDEX_NAME) == 0)
      {
        g_autofree char *path = g_build_filename (self->dir, name, NULL);

        g_unlink (path);
      }
  self->discarding = FALSE;
}
