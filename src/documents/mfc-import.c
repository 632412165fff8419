/* mfc-import.c — sniff, check and split imported files into pages.
 *
 * Only the file's two ends are read to decide what it is and whether it
 * is whole; images are then decoded at a small size (which also catches
 * broken data in the middle), PDFs opened with poppler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "mfc-import.h"

#define HEAD_SIZE        16
/* A ZIP's end record (22 bytes) follows at most a 64 KiB comment. */
#define TAIL_SIZE        (64 * 1024 + 22)
#define CHECK_DECODE_PX  256
#define DOCX_MAIN_PART   "word/document.xml"

G_DEFINE_QUARK (mfc-import-error-quark, mfc_import_error)

/* Helpers */

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

/* Drops trailing whitespace and NULs some writers add after the end
 * marker. */
static gsize
trimmed_length (const guint8 *data,
                gsize         len)
{
  while (len > 0 && (data[len - 1] == 0 || g_ascii_isspace (data[len - 1])))
    len--;
  return len;
}

static gboolean
jpeg_is_whole (const guint8 *tail,
               gsize         len)
{
  len = trimmed_length (tail, len);
  return len >= 2 && tail[len - 2] == 0xFF && tail[len - 1] == 0xD9;
}

static gboolean
png_is_whole (const guint8 *tail,
              gsize         len)
{
  static const guint8 iend[] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82 };

  len = trimmed_length (tail, len);
  return len >= sizeof iend && memcmp (tail + len - sizeof iend, iend, sizeof iend) == 0;
}

static gboolean
pdf_is_whole (const guint8 *tail,
              gsize         len)
{
  gsize from = len > 1024 ? len - 1024 : 0;

  return g_strstr_len ((const char *) tail + from, (gssize) (len - from), "%%EOF") != NULL;
}

/* Walks the ZIP's central directory (found from its end record in @tail,
 * the last @tail_len bytes of a @size-byte file) looking for the main
 * part of a Word document.  Returns FALSE for a ZIP that is cut short. */
static gboolean
zip_find_entry (const guint8 *tail,
                gsize         tail_len,
                guint64       size,
                const char   *wanted,
                gboolean     *found)
{
  guint64 tail_start = size - tail_len;
  gsize name_len = strlen (wanted);

  *found = FALSE;
  if (tail_len < 22)
    return FALSE;

  for (gsize i = tail_len - 22 + 1; i-- > 0;)
    {
      guint64 cd_size, cd_offset;
      gsize p;
      guint entries;

      if (le32 (tail + i) != 0x06054b50)
        continue;

      entries = le16 (tail + i + 10);
      cd_size = le32 (tail + i + 12);
      cd_offset = le32 (tail + i + 16);
      if (cd_offset + cd_size > tail_start + i || cd_offset < tail_start)
        {
          /* A directory before what we read: only a very large DOCX has
           * one; its end record is intact, so call it whole.  The service
           * decides by its entry name anyway. */
          if (cd_offset + cd_size <= tail_start + i)
            {
              *found = TRUE;
              return TRUE;
            }
          return FALSE;
        }

      p = (gsize) (cd_offset - tail_start);
      for (guint e = 0; e < entries; e++)
        {
          gsize n, extra, comment;

          if (p + 46 > i || le32 (tail + p) != 0x02014b50)
            return FALSE;
          n = le16 (tail + p + 28);
          extra = le16 (tail + p + 30);
          comment = le16 (tail + p + 32);
          if (p + 46 + n > i)
            return FALSE;
          if (n == name_len && memcmp (tail + p + 46, wanted, n) == 0)
            *found = TRUE;
          p += 46 + n + extra + comment;
        }
      return TRUE;
    }

  return FALSE;
}

static GError *
damaged_error (MfcImportType  type,
               const char    *name)
{
  /* Translators: the first %s is PDF, JPEG, PNG or DOCX, the second the file's name */
  return g_error_new (MFC_IMPORT_ERROR, MFC_IMPORT_ERROR_DAMAGED,
                      _("The %s file “%s” is damaged or incomplete. Save or copy it again "
                        "and add it once more."),
                      mfc_import_type_get_name (type), name);
}

static gboolean
read_ends (GFile         *file,
           guint8        *head,
           gsize         *head_len,
           guint8       **tail,
           gsize         *tail_len,
           guint64       *size,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  goffset tail_start;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, error);
  if (info == NULL)
    return FALSE;
  *size = (guint64) g_file_info_get_size (info);

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), head, HEAD_SIZE, head_len, cancellable, error))
    return FALSE;

  tail_start = *size > TAIL_SIZE ? (goffset) (*size - TAIL_SIZE) : 0;
  if (!g_seekable_seek (G_SEEKABLE (stream), tail_start, G_SEEK_SET, cancellable, error))
    return FALSE;
  *tail = g_malloc ((gsize) (*size - (guint64) tail_start) + 1);
  return g_input_stream_read_all (G_INPUT_STREAM (stream), *tail, (gsize) (*size - (guint64) tail_start),
                                  tail_len, cancellable, error);
}

static GPtrArray *
image_pages (GFile          *file,
             MfcImportType   type,
             const char     *name,
             GError        **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GdkPixbuf) check = NULL;
  g_autoptr(GError) local = NULL;
  GPtrArray *pages;
  const char *x_dpi;
  double dpi = 0;
  int width = 0;
  int height = 0;

  /* Decoding it small also finds broken data in the middle. */
  check = gdk_pixbuf_new_from_file_at_scale (path, CHECK_DECODE_PX, CHECK_DECODE_PX, TRUE, &local);
  if (check == NULL || gdk_pixbuf_get_file_info (path, &width, &height) == NULL ||
      width <= 0 || height <= 0)
    {
      g_propagate_error (error, damaged_error (type, name));
      return NULL;
    }

  x_dpi = gdk_pixbuf_get_option (check, "x-dpi");
  if (x_dpi != NULL)
    dpi = g_ascii_strtod (x_dpi, NULL);
  /* Files that say nothing (or something absurd) count as 300 dpi scans,
   * as the page model does. */
  if (dpi < 50 || dpi > 2400)
    dpi = 300;

  pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (pages, mfc_doc_page_new_import (MFC_PAGE_KIND_IMAGE, path, -1, width, height, dpi));
  return pages;
}

static GPtrArray *
pdf_pages (GFile       *file,
           const char  *name,
           GError     **error)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *path = g_file_get_path (file);
  /* poppler-glib 22.12 declares no autoptr cleanups. */
  g_autoptr(GObject) pdf_object = NULL;
  PopplerDocument *pdf;
  GPtrArray *pages;
  int n;

  pdf = poppler_document_new_from_file (uri, NULL, NULL);
  pdf_object = G_OBJECT (pdf);
  n = pdf != NULL ? poppler_document_get_n_pages (pdf) : 0;
  if (n <= 0)
    {
      g_propagate_error (error, damaged_error (MFC_IMPORT_TYPE_PDF, name));
      return NULL;
    }

  pages = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(GObject) page_object = G_OBJECT (poppler_document_get_page (pdf, i));
      double pw = 0, ph = 0;

      if (page_object == NULL)
        {
          g_ptr_array_unref (pages);
          g_propagate_error (error, damaged_error (MFC_IMPORT_TYPE_PDF, name));
          return NULL;
        }
      poppler_page_get_size (POPPLER_PAGE (page_object), &pw, &ph);
      g_ptr_array_add (pages, mfc_doc_page_new_import (MFC_PAGE_KIND_PDF, path, i,
                                                       (int) (pw + 0.5), (int) (ph + 0.5), 72));
    }

  return pages;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GPtrArray *files = task_data;
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_import_result_free);

  for (guint i = 0; i < files->len; i++)
    {
      MfcImportResult *result = g_new0 (MfcImportResult, 1);

      result->file = g_object_ref (files->pdata[i]);
      result->display_name = g_file_get_basename (result->file);
      if (result->display_name != NULL)
        {
          char *display = g_filename_display_name (result->display_name);

          g_free (result->display_name);
          result->display_name = display;
        }
      result->pages = mfc_import_file (result->file, &result->type, cancellable, &result->error);
      g_ptr_array_add (results, result);
    }

  g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/* Public API */

/**
 * mfc_import_sniff:
 * @data: the first bytes of a file (16 are enough for all but DOCX)
 *
 * The type by magic bytes, as the central service decides it; a ZIP
 * counts as DOCX only when @data holds the name of its main part (see
 * mfc_import_file() for the whole check).
 *
 * Returns: the type, or %MFC_IMPORT_TYPE_NONE
 */
MfcImportType
mfc_import_sniff (const guint8 *data,
                  gsize         len)
{
  if (len >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return MFC_IMPORT_TYPE_PDF;
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return MFC_IMPORT_TYPE_JPEG;
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return MFC_IMPORT_TYPE_PNG;
  if (len >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    return MFC_IMPORT_TYPE_DOCX;

  return MFC_IMPORT_TYPE_NONE;
}

const char *
mfc_import_type_get_mime (MfcImportType type)
{
  switch (type)
    {
    case MFC_IMPORT_TYPE_PDF:
      return "application/pdf";
    case MFC_IMPORT_TYPE_JPEG:
      return "image/jpeg";
    case MFC_IMPORT_TYPE_PNG:
      return "image/png";
    case MFC_IMPORT_TYPE_DOCX:
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case MFC_IMPORT_TYPE_NONE:
    default:
      return NULL;
    }
}

const char *
mfc_import_type_get_name (MfcImportType type)
{
  switch (type)
    {
    case MFC_IMPORT_TYPE_PDF:
      return "PDF";
    case MFC_IMPORT_TYPE_JPEG:
      return "JPEG";
    case MFC_IMPORT_TYPE_PNG:
      return "PNG";
    case MFC_IMPORT_TYPE_DOCX:
      return "DOCX";
    case MFC_IMPORT_TYPE_NONE:
    default:
      return NULL;
    }
}

/**
 * mfc_import_file:
 * @type: (out) (optional): the type found, %MFC_IMPORT_TYPE_NONE on error
 *
 * Checks one file and makes its pages.  Blocking I/O and decoding: call
 * it on a worker thread (mfc_import_files_async() does).
 *
 * Returns: (transfer full) (nullable): the pages (MfcDocPage), or %NULL
 *   with @error set in #MFC_IMPORT_ERROR
 */
GPtrArray *
mfc_import_file (GFile          *file,
                 MfcImportType  *type,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree guint8 *tail = NULL;
  g_autoptr(GError) local = NULL;
  guint8 head[HEAD_SIZE];
  gsize head_len = 0;
  gsize tail_len = 0;
  guint64 size = 0;
  MfcImportType found;
  GPtrArray *pages;
  gboolean whole;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (type != NULL)
    *type = MFC_IMPORT_TYPE_NONE;

  basename = g_file_get_basename (file);
  name = g_filename_display_name (basename != NULL ? basename : "");

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error_literal (error, MFC_IMPORT_ERROR, MFC_IMPORT_ERROR_CANCELLED, _("Cancelled"));
      return NULL;
    }

  if (!read_ends (file, head, &head_len, &tail, &tail_len, &size, cancellable, &local))
    {
      g_set_error (error, MFC_IMPORT_ERROR, MFC_IMPORT_ERROR_READ,
                   _("The file “%s” cannot be read: %s"), name, local->message);
      return NULL;
    }

  if (size == 0)
    {
      g_set_error (error, MFC_IMPORT_ERROR, MFC_IMPORT_ERROR_EMPTY,
                   _("The file “%s” is empty: there is nothing in it to add. "
                     "Check that it was saved completely."), name);
      return NULL;
    }

  found = mfc_import_sniff (head, head_len);
  switch (found)
    {
    case MFC_IMPORT_TYPE_JPEG:
      whole = jpeg_is_whole (tail, tail_len);
      break;

    case MFC_IMPORT_TYPE_PNG:
      whole = png_is_whole (tail, tail_len);
      break;

    case MFC_IMPORT_TYPE_PDF:
      whole = pdf_is_whole (tail, tail_len);
      break;

    case MFC_IMPORT_TYPE_DOCX:
      {
        gboolean has_main = FALSE;

        whole = zip_find_entry (tail, tail_len, size, DOCX_MAIN_PART, &has_main);
        /* A whole ZIP that is not a Word document (an archive, an .xlsx). */
        if (whole && !has_main)
          found = MFC_IMPORT_TYPE_NONE;
      }
      break;

    case MFC_IMPORT_TYPE_NONE:
    default:
      whole = TRUE;
      break;
    }

  if (found == MFC_IMPORT_TYPE_NONE)
    {
      g_set_error (error, MFC_IMPORT_ERROR, MFC_IMPORT_ERROR_UNSUPPORTED,
                   _("The file “%s” is not a PDF, JPEG, PNG or DOCX (judging by its content, "
                     "whatever its name says). Save it in one of these formats and add it again."),
                   name);
      return NULL;
    }

  if (!whole)
    {
      g_propagate_error (error, damaged_error (found, name));
      return NULL;
    }

  switch (found)
    {
    case MFC_IMPORT_TYPE_JPEG:
    case MFC_IMPORT_TYPE_PNG:
      pages = image_pages (file, found, name, error);
      break;

    case MFC_IMPORT_TYPE_PDF:
      pages = pdf_pages (file, name, error);
      break;

    case MFC_IMPORT_TYPE_DOCX:
    case MFC_IMPORT_TYPE_NONE:
    default:
      {
        g_autofree char *path = g_file_get_path (file);

        pages = g_ptr_array_new_with_free_func (g_object_unref);
        g_ptr_array_add (pages, mfc_doc_page_new_import (MFC_PAGE_KIND_DOCX, path, -1, 0, 0, 72));
      }
      break;
    }

  if (pages != NULL && type != NULL)
    *type = found;

  return pages;
}

void
mfc_import_result_free (MfcImportResult *result)
{
  if (result == NULL)
    return;

  g_clear_object (&result->file);
  g_free (result->display_name);
  g_clear_pointer (&result->pages, g_ptr_array_unref);
  g_clear_error (&result->error);
  g_free (result);
}

/**
 * mfc_import_files_async:
 *
 * Checks @files on a worker thread, in order.  Every file gets its own
 * result, good or bad.
 */
void
mfc_import_files_async (GFile               **files,
                        guint                 n_files,
                        GCancellable         *cancellable,
                        GAsyncReadyCallback   callback,
                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (copy, g_object_ref (files[i]));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_import_files_async);
  g_task_set_task_data (task, copy, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, import_thread);
}

/**
 * mfc_import_files_finish:
 *
 * Returns: (transfer full) (element-type MfcImportResult): one result per
 *   file, in order
 */
GPtrArray *
mfc_import_files_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
