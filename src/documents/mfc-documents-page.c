/* mfc-documents-page.c — the «Документы» section: the pages of one
 * document in a grid, their editing, and the upload.
 *
 * The page holds one MfcDocument (the model) and observes it: the grid
 * shows it directly, thumbnails decode off the main thread, edits go
 * through the document so they can be undone.  Before an upload the
 * document is made into one file on a worker thread ("prepare": the file
 * itself when it can go as it is, else the PDF assembler's output), and
 * its size is shown («PDF, 3,2 МБ — в пределах 5 МБ»).  The upload is an
 * MfcUpload: progress, speed, time left, Cancel, the same key when
 * started again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mfc-documents-page.h"
#include "mfc-import.h"
#include "mfc-page-thumbnail.h"
#include "mfc-page-store.h"
#include "mfc-pdf-assembler.h"
#include "mfc-scanner.h"
#include "mfc-upload.h"

#define DEFAULT_UPLOAD_LIMIT  (5 * 1024 * 1024)
#define PREPARE_DELAY_MS      400

struct _MfcDocumentsPage
{
  MfcPage                   parent_instance;

  MfcDocument              *document;
  GtkSingleSelection       *selection;
  GPtrArray                *thumbnails;      /* weak: those the grid made */
  GCancellable             *cancellable;     /* imports, config, ticket lookup */
  guint64                   limit;
  char                     *outgoing_dir;    /* where assembled PDFs go */

  /* The document as one file, for the generation it was made for */
  guint                     generation;
  guint                     prepare_source;
  GCancellable             *prepare_cancellable;
  guint                     prepared_generation;
  char                     *prepared_path;
  char                     *prepared_type;
  char                     *prepared_mime;
  gboolean                  prepared_assembled;
  guint64                   prepared_size;
  GPtrArray                *prepared_parts;  /* paths, when it goes in parts */
  GArray                   *prepared_part_sizes;
  guint                     parts_sent;      /* parts of it uploaded so far */
  GError                   *prepare_error;

  /* Scanning: pages go to the page store first, so a crash loses none */
  MfcPageStore             *store;
  MfcScanner               *scanner;
  gboolean                  scanning;
  guint                     scanned;
  GArray                   *sources;         /* MfcScanSource per source_dropdown row */
  GArray                   *modes;
  GArray                   *resolutions;
  GArray                   *sizes;

  /* The upload under way or last done */
  MfcUpload                *upload;
  GCancellable             *upload_cancellable;
  gboolean                  busy;
  char                     *status;

  /* The intake application asking for a copy */
  char                     *intake_description;
  MfcDocumentsUploadedFunc  intake_uploaded;
  gpointer                  intake_data;
  GDestroyNotify            intake_destroy;

  /* Template widgets */
  GtkBox                   *toolbar;
  GtkDropDown              *device_dropdown;
  GtkDropDown              *source_dropdown;
  GtkDropDown              *mode_dropdown;
  GtkDropDown              *dpi_dropdown;
  GtkDropDown              *size_dropdown;
  GtkMenuButton            *crop_button;
  GtkPopover               *crop_popover;
  GtkSpinButton            *crop_top;
  GtkSpinButton            *crop_bottom;
  GtkSpinButton            *crop_left;
  GtkSpinButton            *crop_right;
  GtkRevealer              *notice_revealer;
  GtkLabel                 *notice_label;
  GtkButton                *remove_blank_button;
  GtkStack                 *view_stack;
  GtkGridView              *grid;
  GtkLabel                 *target_title;
  GtkEntry                 *ticket_entry;
  GtkLabel                 *target_label;
  GtkLabel                 *size_label;
  GtkButton                *upload_button;
  GtkRevealer              *progress_revealer;
  GtkProgressBar           *progress_bar;
  GtkLabel                 *progress_label;
  GtkButton                *cancel_button;
  GtkLabel                 *status_label;
};

G_DEFINE_FINAL_TYPE (MfcDocumentsPage, mfc_documents_page, MFC_TYPE_PAGE)

static const MfcPageShortcut page_shortcuts[] = {
  { "<Control>s", "win.documents-scan" },
  { "<Control>o", "win.documents-import" },
  { "<Control>r", "win.documents-rotate-right" },
  { "<Control><Shift>r", "win.documents-rotate-left" },
  { "Delete", "win.documents-delete" },
  { "<Control>z", "win.documents-undo" },
  { "<Alt>Left", "win.documents-move-earlier" },
  { "<Alt>Right", "win.documents-move-later" },
  { "<Control>u", "win.documents-upload" },
};

typedef struct
{
  char      *path;
  char      *content_type;
  guint64    size;
  gboolean   assembled;    /* a file of ours, removed when not needed */
  GPtrArray *parts;        /* numbered PDFs, when one would not fit; path is the first */
  GArray    *part_sizes;   /* guint64 */
} Prepared;

static void schedule_prepare (MfcDocumentsPage *self);
static void update_actions   (MfcDocumentsPage *self);
static void start_upload     (MfcDocumentsPage *self,
                              const char       *ticket_id,
                              const char       *ticket_number);
static void ensure_upload    (MfcDocumentsPage *self,
                              const char       *ticket_id,
                              const char       *ticket_number);

/* Helpers */

static void
prepared_free (Prepared *prepared)
{
  g_free (prepared->path);
  g_free (prepared->content_type);
  g_clear_pointer (&prepared->parts, g_ptr_array_unref);
  g_clear_pointer (&prepared->part_sizes, g_array_unref);
  g_free (prepared);
}

static guint
n_parts (MfcDocumentsPage *self)
{
  return self->prepared_parts != NULL ? self->prepared_parts->len : 1;
}

static void
set_status (MfcDocumentsPage *self,
            const char       *text,
            gboolean          error)
{
  g_free (self->status);
  self->status = g_strdup (text);
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
show_notice (MfcDocumentsPage *self,
             const char       *text,
             gboolean          offer_blank_removal)
{
  gtk_label_set_text (self->notice_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->remove_blank_button), offer_blank_removal);
  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);
}

static guint
selected_index (MfcDocumentsPage *self)
{
  return gtk_single_selection_get_selected (self->selection);
}

static void
select_index (MfcDocumentsPage *self,
              guint             index)
{
  guint n = mfc_document_get_n_pages (self->document);

  if (n == 0)
    return;
  gtk_single_selection_set_selected (self->selection, MIN (index, n - 1));
}

static gboolean
has_pages (MfcDocumentsPage *self)
{
  return mfc_document_get_n_pages (self->document) > 0;
}

static guint
count_blank (MfcDocumentsPage *self)
{
  guint n = 0;

  for (guint i = 0; i < mfc_document_get_n_pages (self->document); i++)
    n += mfc_doc_page_get_blank (mfc_document_get_page (self->document, i)) ? 1 : 0;

  return n;
}

static gboolean
selected_is_editable (MfcDocumentsPage *self)
{
  guint i = selected_index (self);

  return i != GTK_INVALID_LIST_POSITION && i < mfc_document_get_n_pages (self->document) &&
         mfc_doc_page_is_editable (mfc_document_get_page (self->document, i));
}

static gboolean
has_target (MfcDocumentsPage *self)
{
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ticket_entry))));

  return self->intake_uploaded != NULL || number[0] != '\0';
}

/* A checklist item of the application in intake takes one file. */
static gboolean
parts_refused (MfcDocumentsPage *self)
{
  return self->intake_uploaded != NULL && self->prepared_parts != NULL;
}

static void
update_actions (MfcDocumentsPage *self)
{
  gboolean active = mfc_page_get_active (MFC_PAGE (self));
  gboolean idle = active && !self->busy;
  gboolean pages = has_pages (self);
  gboolean ready = self->prepared_path != NULL && self->prepared_generation == self->generation;
  guint selected = selected_index (self);
  gboolean chosen = selected != GTK_INVALID_LIST_POSITION;
  gboolean editable = idle && selected_is_editable (self);
  const struct {
    const char *name;
    gboolean    enabled;
  } states[] = {
    { "documents-import", idle },
    { "documents-scan", idle && self->scanner != NULL &&
                        gtk_drop_down_get_selected (self->device_dropdown) != GTK_INVALID_LIST_POSITION },
    { "documents-rotate-left", editable },
    { "documents-rotate-right", editable },
    { "documents-crop", editable },
    { "documents-delete", idle && pages && chosen },
    { "documents-move-earlier", idle && chosen && selected > 0 },
    { "documents-move-later", idle && chosen && selected + 1 < mfc_document_get_n_pages (self->document) },
    { "documents-undo", idle && mfc_document_can_undo (self->document) },
    { "documents-clear", idle && pages },
    { "documents-remove-blank", idle && count_blank (self) > 0 },
    { "documents-upload", idle && pages && ready && has_target (self) && !parts_refused (self) },
    { "documents-cancel", active && self->busy },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    mfc_page_set_action_enabled (MFC_PAGE (self), states[i].name, states[i].enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->crop_button), editable);
  /* Not insensitive: that would take the focus away from under the clerk. */
  gtk_editable_set_editable (GTK_EDITABLE (self->ticket_entry), !self->busy);
}

static void
refresh_positions (MfcDocumentsPage *self)
{
  guint n = mfc_document_get_n_pages (self->document);

  for (guint i = 0; i < self->thumbnails->len; i++)
    {
      MfcPageThumbnail *thumbnail = self->thumbnails->pdata[i];
      GtkListItem *item = g_object_get_data (G_OBJECT (thumbnail), "mfc-list-item");
      guint position = item != NULL ? gtk_list_item_get_position (item) : GTK_INVALID_LIST_POSITION;

      if (position != GTK_INVALID_LIST_POSITION && mfc_page_thumbnail_get_page (thumbnail) != NULL)
        mfc_page_thumbnail_set_position (thumbnail, position, n);
    }
}

static const char *
one_file_only_message (void)
{
  return _("The application's checklist takes one file, and this document does not fit "
           "in one: remove pages it does not need, or scan it in black and white.");
}

static void
show_size (MfcDocumentsPage *self)
{
  g_autofree char *limit = mfc_upload_format_size (self->limit);
  g_autofree char *text = NULL;

  if (!has_pages (self))
    text = NULL;
  else if (self->prepare_error != NULL)
    text = g_strdup (self->prepare_error->message);
  else if (self->prepared_path == NULL || self->prepared_generation != self->generation)
    text = g_strdup (_("Putting the document together…"));
  else if (parts_refused (self))
    text = g_strdup (one_file_only_message ());
  else if (self->prepared_parts != NULL)
    {
      g_autoptr(GString) sizes = g_string_new (NULL);

      for (guint i = 0; i < self->prepared_part_sizes->len; i++)
        {
          g_autofree char *size = mfc_upload_format_size (g_array_index (self->prepared_part_sizes, guint64, i));

          if (i > 0)
            g_string_append (sizes, " + ");
          g_string_append (sizes, size);
        }
      /* Translators: «Одним файлом не помещается в 5 МБ: уйдёт 3 частями PDF
       * (4,8 МБ + 4,7 МБ + 2,1 МБ), каждая в пределах 5 МБ» */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Does not fit in %s as one file: it will go as %u PDF part (%s), each within %s",
                                           "Does not fit in %s as one file: it will go as %u PDF parts (%s), each within %s",
                                           self->prepared_parts->len),
                              limit, self->prepared_parts->len, sizes->str, limit);
    }
  else
    {
      g_autofree char *size = mfc_upload_format_size (self->prepared_size);

      /* Translators: «PDF, 3,2 МБ — в пределах 5 МБ» */
      text = g_strdup_printf (_("%s, %s — within %s"), self->prepared_type, size, limit);
    }

  gtk_label_set_text (self->size_label, text != NULL ? text : "");
  if (self->prepare_error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->size_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->size_label), "error");
}

/* The document changed: what was prepared is stale. */
static void
document_changed (MfcDocumentsPage *self)
{
  guint blank = count_blank (self);

  self->generation++;
  g_clear_error (&self->prepare_error);
  gtk_stack_set_visible_child_name (self->view_stack, has_pages (self) ? "pages" : "empty");

  if (blank > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u page looks blank (a back side from the feeder?).",
                                                            "%u pages look blank (back sides from the feeder?).",
                                                            blank),
                                               blank);
      show_notice (self, text, TRUE);
    }
  else if (gtk_widget_get_visible (GTK_WIDGET (self->remove_blank_button)))
    show_notice (self, NULL, FALSE);

  schedule_prepare (self);
  show_size (self);
  update_actions (self);
}

/* A copy of the document's pages with their edits, for a worker thread:
 * the clerk may go on editing the real one meanwhile. */
static MfcDocPage *
copy_page (MfcDocPage *page)
{
  MfcDocPage *copy;
  MfcCropRect crop;

  if (mfc_doc_page_get_kind (page) == MFC_PAGE_KIND_SCAN)
    copy = mfc_doc_page_new_scan (mfc_doc_page_get_path (page), mfc_doc_page_get_format (page),
                                  mfc_doc_page_get_width (page), mfc_doc_page_get_height (page),
                                  mfc_doc_page_get_dpi (page), mfc_doc_page_get_bilevel (page));
  else
    copy = mfc_doc_page_new_import (mfc_doc_page_get_kind (page), mfc_doc_page_get_path (page),
                                    mfc_doc_page_get_pdf_index (page),
                                    mfc_doc_page_get_width (page), mfc_doc_page_get_height (page),
                                    mfc_doc_page_get_dpi (page));
  mfc_doc_page_get_crop (page, &crop);
  mfc_doc_page_set_crop (copy, &crop);
  mfc_doc_page_set_rotation (copy, mfc_doc_page_get_rotation (page));
  mfc_doc_page_set_blank (copy, mfc_doc_page_get_blank (page));
  return copy;
}

typedef struct
{
  MfcDocument *snapshot;
  guint64      limit;
  char        *output;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_clear_object (&data->snapshot);
  g_free (data->output);
  g_free (data);
}

/* A whole imported PDF, untouched, goes as it is (the assembler would
 * make pictures of its text). */
static const char *
whole_pdf (MfcDocument *doc)
{
  MfcDocPage *first = mfc_document_get_page (doc, 0);
  const char *path = mfc_doc_page_get_path (first);

  for (guint i = 0; i < mfc_document_get_n_pages (doc); i++)
    {
      MfcDocPage *page = mfc_document_get_page (doc, i);

      if (mfc_doc_page_get_kind (page) != MFC_PAGE_KIND_PDF ||
          g_strcmp0 (mfc_doc_page_get_path (page), path) != 0 ||
          mfc_doc_page_get_pdf_index (page) != (int) i ||
          mfc_doc_page_get_rotation (page) != 0 || mfc_doc_page_has_crop (page))
        return NULL;
    }

  return path;
}

/* One file for the document, on a worker thread: the file itself when it
 * can go as it is, else a PDF from the assembler, within the limit. */
static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  const char *as_is = mfc_pdf_passthrough_file (data->snapshot, data->limit);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (data->output);
  Prepared *prepared;

  if (as_is == NULL)
    {
      GStatBuf st;

      as_is = whole_pdf (data->snapshot);
      /* Too big as it is: the assembler makes it fit. */
      if (as_is != NULL && (g_stat (as_is, &st) != 0 || (guint64) st.st_size > data->limit))
        as_is = NULL;
    }

  if (as_is != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (as_is);
      g_autoptr(GPtrArray) check = NULL;
      g_autoptr(GFileInfo) info = NULL;
      MfcImportType type = MFC_IMPORT_TYPE_NONE;

      /* Checked again: the file may have changed on disk since it was added. */
      check = mfc_import_file (file, &type, cancellable, &error);
      if (check != NULL)
        info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                  cancellable, &error);
      if (info == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      prepared = g_new0 (Prepared, 1);
      prepared->path = g_strdup (as_is);
      prepared->content_type = g_strdup (mfc_import_type_get_mime (type));
      prepared->size = (guint64) g_file_info_get_size (info);
      g_task_return_pointer (task, prepared, (GDestroyNotify) prepared_free);
      return;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Cannot write the document to %s: %s"), dir, g_strerror (saved));
      return;
    }

  {
    MfcPdfOptions options = { .limit = data->limit, .output = data->output, .allow_split = FALSE };
    g_autoptr(MfcPdfResult) result = mfc_pdf_assemble (data->snapshot, &options, cancellable, &error);

    /* Too big for one file even at the legibility floor: numbered parts,
     * each within the limit, which the clerk sends with one «Загрузить». */
    if (result == NULL && g_error_matches (error, MFC_DOC_ERROR, MFC_DOC_ERROR_TOO_LARGE) &&
        mfc_document_get_n_pages (data->snapshot) > 1)
      {
        g_clear_error (&error);
        options.allow_split = TRUE;
        result = mfc_pdf_assemble (data->snapshot, &options, cancellable, &error);
      }
    if (result == NULL)
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }

    prepared = g_new0 (Prepared, 1);
    prepared->path = g_strdup (mfc_pdf_result_get_part_path (result, 0));
    prepared->content_type = g_strdup ("application/pdf");
    prepared->size = mfc_pdf_result_get_part_size (result, 0);
    prepared->assembled = TRUE;
    if (mfc_pdf_result_get_n_parts (result) > 1)
      {
        prepared->parts = g_ptr_array_new_with_free_func (g_free);
        prepared->part_sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
        for (guint i = 0; i < mfc_pdf_result_get_n_parts (result); i++)
          {
            guint64 size = mfc_pdf_result_get_part_size (result, i);

            g_ptr_array_add (prepared->parts, g_strdup (mfc_pdf_result_get_part_path (result, i)));
            g_array_append_val (prepared->part_sizes, size);
          }
      }
    g_task_return_pointer (task, prepared, (GDestroyNotify) prepared_free);
  }
}

static const char *
type_name_for_mime (const char *mime)
{
  if (g_strcmp0 (mime, "application/pdf") == 0)
    return "PDF";
  if (g_strcmp0 (mime, "image/jpeg") == 0)
    return "JPEG";
  if (g_strcmp0 (mime, "image/png") == 0)
    return "PNG";
  return "DOCX";
}

/* Our own PDF, no longer needed: removed (it holds the applicant's papers). */
static void
drop_assembled (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_file_delete_async (file, G_PRIORITY_LOW, NULL, NULL, NULL);
}

/* The parts after the first (which is the prepared path) other than
 * @keep (NULL: all of them). */
static void
drop_parts (GPtrArray  *parts,
            const char *keep)
{
  for (guint i = 1; parts != NULL && i < parts->len; i++)
    if (g_strcmp0 (keep, g_ptr_array_index (parts, i)) != 0)
      drop_assembled (g_ptr_array_index (parts, i));
}

static void
forget_prepared (MfcDocumentsPage *self)
{
  const char *sending = self->upload != NULL && mfc_upload_get_state (self->upload) != MFC_UPLOAD_STATE_DONE
    ? g_file_peek_path (mfc_upload_get_file (self->upload)) : NULL;

  if (self->prepared_path != NULL && self->prepared_assembled &&
      g_strcmp0 (sending, self->prepared_path) != 0)
    drop_assembled (self->prepared_path);
  drop_parts (self->prepared_parts, sending);
  g_clear_pointer (&self->prepared_parts, g_ptr_array_unref);
  g_clear_pointer (&self->prepared_part_sizes, g_array_unref);
  self->parts_sent = 0;
  g_clear_pointer (&self->prepared_path, g_free);
  g_clear_pointer (&self->prepared_type, g_free);
  g_clear_pointer (&self->prepared_mime, g_free);
  self->prepared_assembled = FALSE;
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Prepared *prepared = g_task_propagate_pointer (G_TASK (result), &error);
  MfcDocumentsPage *self;
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "mfc-generation"));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, MFC_DOC_ERROR, MFC_DOC_ERROR_CANCELLED))
    return;
  self = MFC_DOCUMENTS_PAGE (user_data);
  if (generation != self->generation)
    {
      if (prepared != NULL && prepared->assembled)
        drop_assembled (prepared->path);
      if (prepared != NULL)
        drop_parts (prepared->parts, NULL);
      g_clear_pointer (&prepared, prepared_free);
      return;
    }

  forget_prepared (self);
  g_clear_error (&self->prepare_error);
  if (prepared == NULL)
    {
      self->prepare_error = g_steal_pointer (&error);
    }
  else
    {
      self->prepared_path = g_strdup (prepared->path);
      self->prepared_type = g_strdup (type_name_for_mime (prepared->content_type));
      self->prepared_mime = g_strdup (prepared->content_type);
      self->prepared_assembled = prepared->assembled;
      self->prepared_size = prepared->size;
      self->prepared_parts = g_steal_pointer (&prepared->parts);
      self->prepared_part_sizes = g_steal_pointer (&prepared->part_sizes);
      self->parts_sent = 0;
      self->prepared_generation = generation;
      prepared_free (prepared);
    }

  show_size (self);
  update_actions (self);
}

static gboolean
prepare_cb (gpointer user_data)
{
  MfcDocumentsPage *self = user_data;
  g_autoptr(GTask) task = NULL;
  PrepareData *data = g_new0 (PrepareData, 1);
  g_autofree char *name = g_strdup_printf ("document-%u.pdf", self->generation);

  self->prepare_source = 0;
  data->snapshot = mfc_document_new ();
  for (guint i = 0; i < mfc_document_get_n_pages (self->document); i++)
    {
      g_autoptr(MfcDocPage) copy = copy_page (mfc_document_get_page (self->document, i));

      mfc_document_append_page (data->snapshot, copy);
    }
  data->limit = self->limit;
  data->output = g_build_filename (self->outgoing_dir, name, NULL);

  self->prepare_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->prepare_cancellable, prepared_cb, self);
  g_task_set_source_tag (task, prepare_cb);
  g_object_set_data (G_OBJECT (task), "mfc-generation", GUINT_TO_POINTER (self->generation));
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  g_task_run_in_thread (task, prepare_thread);

  return G_SOURCE_REMOVE;
}

static void
schedule_prepare (MfcDocumentsPage *self)
{
  g_clear_handle_id (&self->prepare_source, g_source_remove);
  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);

  if (has_pages (self))
    self->prepare_source = g_timeout_add (PREPARE_DELAY_MS, prepare_cb, self);
}

/* Scanning */

static void
fill_dropdown (GtkDropDown  *dropdown,
               GArray       *values,
               const char  **labels,
               guint         n_labels,
               guint         offered,
               int           preferred)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint select = 0;

  g_array_set_size (values, 0);
  for (guint i = 0; i < n_labels; i++)
    if (offered & (1u << i))
      {
        int value = (int) i;

        if (value == preferred)
          select = values->len;
        g_array_append_val (values, value);
        gtk_string_list_append (list, _(labels[i]));
      }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
  if (values->len > 0)
    gtk_drop_down_set_selected (dropdown, select);
}

static int
selected_value (GtkDropDown *dropdown,
                GArray      *values,
                int          fallback)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  return i < values->len ? g_array_index (values, int, i) : fallback;
}

static const char *
selected_device (MfcDocumentsPage *self)
{
  GPtrArray *devices = self->scanner != NULL ? mfc_scanner_get_devices (self->scanner) : NULL;
  guint i = gtk_drop_down_get_selected (self->device_dropdown);

  if (devices == NULL || i >= devices->len)
    return NULL;
  return ((MfcScanDevice *) devices->pdata[i])->name;
}

static void
devices_changed_cb (MfcScanner       *scanner,
                    MfcDocumentsPage *self)
{
  GPtrArray *devices = mfc_scanner_get_devices (scanner);
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      MfcScanDevice *device = devices->pdata[i];

      /* SANE's test devices are what training mode scans with. */
      if (g_str_has_prefix (device->name, "test:"))
        {
          g_autofree char *label = g_strdup_printf (_("Training scanner %s"), device->name + 5);

          gtk_string_list_append (list, label);
        }
      else
        gtk_string_list_append (list, device->label != NULL && device->label[0] != '\0'
                                      ? device->label : device->name);
    }
  gtk_drop_down_set_model (self->device_dropdown, G_LIST_MODEL (list));
  gtk_widget_set_sensitive (GTK_WIDGET (self->device_dropdown), devices != NULL && devices->len > 0);
  if (devices != NULL && devices->len > 0)
    {
      gtk_drop_down_set_selected (self->device_dropdown, 0);
      mfc_scanner_query (scanner, selected_device (self));
    }
  else
    set_status (self, _("No scanner found. Check that it is connected and switched on, or add files instead."), TRUE);
  update_actions (self);
}

static void
device_selected_cb (MfcDocumentsPage *self)
{
  const char *device = selected_device (self);

  if (device != NULL)
    mfc_scanner_query (self->scanner, device);
  update_actions (self);
}

static void
capabilities_cb (MfcScanner          *scanner,
                 const char          *device,
                 MfcScanCapabilities *caps,
                 MfcDocumentsPage    *self)
{
  static const char *sources[] = { N_("Flatbed"), N_("Feeder"), N_("Feeder, both sides") };
  static const char *modes[] = { N_("Colour"), N_("Grey"), N_("Black and white") };
  static const char *sizes[] = { N_("Whole area"), N_("A4"), N_("A5") };
  g_autoptr(GtkStringList) dpis = gtk_string_list_new (NULL);
  guint select = 0;

  if (g_strcmp0 (device, selected_device (self)) != 0)
    return;

  /* The feeder first: a batch of papers is the usual case at a desk. */
  fill_dropdown (self->source_dropdown, self->sources, sources, G_N_ELEMENTS (sources),
                 caps->sources, MFC_SCAN_SOURCE_ADF);
  fill_dropdown (self->mode_dropdown, self->modes, modes, G_N_ELEMENTS (modes),
                 caps->modes, MFC_SCAN_MODE_COLOR);
  fill_dropdown (self->size_dropdown, self->sizes, sizes, G_N_ELEMENTS (sizes),
                 caps->page_sizes, MFC_SCAN_PAGE_SIZE_A4);

  g_array_set_size (self->resolutions, 0);
  for (guint i = 0; caps->resolutions != NULL && i < caps->resolutions->len; i++)
    {
      int dpi = g_array_index (caps->resolutions, int, i);
      g_autofree char *label = NULL;

      /* 300 dpi: legible, and the assembler brings it under the limit. */
      if (dpi <= 300)
        select = self->resolutions->len;
      g_array_append_val (self->resolutions, dpi);
      /* Translators: a scan resolution, short (it fits a drop-down) */
      label = g_strdup_printf (C_("scan resolution", "%d dpi"), dpi);
      gtk_string_list_append (dpis, label);
    }
  gtk_drop_down_set_model (self->dpi_dropdown, G_LIST_MODEL (dpis));
  if (self->resolutions->len > 0)
    gtk_drop_down_set_selected (self->dpi_dropdown, select);
  update_actions (self);
}

static void
page_started_cb (MfcScanner       *scanner,
                 guint             page,
                 int               width,
                 int               height,
                 MfcDocumentsPage *self)
{
  g_autofree char *text = g_strdup_printf (_("Scanning page %u…"), page);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, text);
}

static void
page_progress_cb (MfcScanner       *scanner,
                  guint             page,
                  int               lines_read,
                  int               lines,
                  MfcDocumentsPage *self)
{
  if (lines > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) lines_read / lines);
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

static void
page_done_cb (MfcScanner       *scanner,
              guint             number,
              MfcDocPage       *page,
              MfcDocumentsPage *self)
{
  guint index = mfc_document_get_n_pages (self->document);

  mfc_document_append_page (self->document, page);
  if (self->scanned++ == 0)
    select_index (self, index);
}

static void
scan_error_cb (MfcScanner       *scanner,
               const GError     *error,
               MfcDocumentsPage *self)
{
  set_status (self, error->message, TRUE);
}

static void
batch_done_cb (MfcScanner       *scanner,
               guint             n_pages,
               gboolean          cancelled,
               MfcDocumentsPage *self)
{
  self->scanning = FALSE;
  self->busy = FALSE;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  /* The pages that reached the document, not those the device began. */
  n_pages = self->scanned;
  if (cancelled)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Scanning stopped; %u page scanned before is kept.",
                                                            "Scanning stopped; %u pages scanned before are kept.",
                                                            n_pages),
                                               n_pages);
      set_status (self, text, FALSE);
    }
  else if (n_pages > 0 && (self->status == NULL ||
                           !gtk_widget_has_css_class (GTK_WIDGET (self->status_label), "error")))
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page scanned.",
                                                            "%u pages scanned.", n_pages),
                                               n_pages);
      set_status (self, text, FALSE);
    }
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
ensure_scanner (MfcDocumentsPage *self)
{
  MfcContext *context = mfc_page_get_context (MFC_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (self->scanner != NULL)
    return;

  /* Training mode practises on SANE's test device. */
  if (mfc_context_get_training (context) && !mfc_scanner_use_demo_backend (&error))
    set_status (self, error->message, TRUE);

  self->scanner = mfc_scanner_new (self->store);
  g_signal_connect (self->scanner, "devices-changed", G_CALLBACK (devices_changed_cb), self);
  g_signal_connect (self->scanner, "capabilities", G_CALLBACK (capabilities_cb), self);
  g_signal_connect (self->scanner, "page-started", G_CALLBACK (page_started_cb), self);
  g_signal_connect (self->scanner, "page-progress", G_CALLBACK (page_progress_cb), self);
  g_signal_connect (self->scanner, "page-done", G_CALLBACK (page_done_cb), self);
  g_signal_connect (self->scanner, "scan-error", G_CALLBACK (scan_error_cb), self);
  g_signal_connect (self->scanner, "batch-done", G_CALLBACK (batch_done_cb), self);
  mfc_scanner_refresh (self->scanner);
}

static void
scan_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;
  const char *device = selected_device (self);
  MfcScanSettings settings = { 0 };

  if (self->busy || device == NULL)
    return;

  settings.source = selected_value (self->source_dropdown, self->sources, MFC_SCAN_SOURCE_FLATBED);
  settings.mode = selected_value (self->mode_dropdown, self->modes, MFC_SCAN_MODE_COLOR);
  settings.dpi = selected_value (self->dpi_dropdown, self->resolutions, 300);
  settings.page_size = selected_value (self->size_dropdown, self->sizes, MFC_SCAN_PAGE_SIZE_MAX);

  self->busy = TRUE;
  self->scanning = TRUE;
  self->scanned = 0;
  set_status (self, NULL, FALSE);
  show_notice (self, NULL, FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Starting the scanner…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
  mfc_scanner_scan (self->scanner, device, &settings);
}

/* Import */

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = mfc_import_files_finish (result, &error);
  MfcDocumentsPage *self;
  g_autoptr(GString) problems = NULL;
  guint first_new;
  guint added = 0;

  if (results == NULL)
    return;   /* cancelled: the page is gone */
  self = MFC_DOCUMENTS_PAGE (user_data);
  first_new = mfc_document_get_n_pages (self->document);

  for (guint i = 0; i < results->len; i++)
    {
      MfcImportResult *r = results->pdata[i];

      if (r->error != NULL)
        {
          if (problems == NULL)
            problems = g_string_new (NULL);
          else
            g_string_append_c (problems, '\n');
          g_string_append (problems, r->error->message);
          continue;
        }
      for (guint p = 0; p < r->pages->len; p++, added++)
        mfc_document_append_page (self->document, r->pages->pdata[p]);
    }

  self->busy = FALSE;
  show_notice (self, problems != NULL ? problems->str : NULL, FALSE);
  if (added > 0)
    {
      select_index (self, first_new);
      set_status (self, NULL, FALSE);
    }
  update_actions (self);
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     MfcDocumentsPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      guint n = g_list_model_get_n_items (files);
      g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      mfc_documents_page_import_files (self, (GFile **) array->pdata, array->len);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static gboolean
drop_files_cb (GtkDropTarget    *target,
               const GValue     *value,
               double            x,
               double            y,
               MfcDocumentsPage *self)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (self->busy)
    return FALSE;
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  mfc_documents_page_import_files (self, (GFile **) files->pdata, files->len);

  return TRUE;
}

/* The grid */

static GdkContentProvider *
drag_prepare_cb (GtkDragSource    *source,
                 double            x,
                 double            y,
                 MfcPageThumbnail *thumbnail)
{
  MfcDocPage *page = mfc_page_thumbnail_get_page (thumbnail);

  if (page == NULL)
    return NULL;
  return gdk_content_provider_new_typed (MFC_TYPE_DOC_PAGE, page);
}

static gboolean
drop_page_cb (GtkDropTarget    *target,
              const GValue     *value,
              double            x,
              double            y,
              MfcPageThumbnail *thumbnail)
{
  MfcDocumentsPage *self = g_object_get_data (G_OBJECT (thumbnail), "mfc-documents-page");
  MfcDocPage *dragged = g_value_get_object (value);
  MfcDocPage *onto = mfc_page_thumbnail_get_page (thumbnail);
  guint from, to;

  if (self == NULL || self->busy || onto == NULL ||
      !mfc_document_find_page (self->document, dragged, &from) ||
      !mfc_document_find_page (self->document, onto, &to) || from == to)
    return FALSE;

  mfc_document_move_page (self->document, from, to);
  select_index (self, to);
  return TRUE;
}

static void
thumbnail_weak_notify (gpointer  data,
                       GObject  *where_the_object_was)
{
  MfcDocumentsPage *self = data;

  g_ptr_array_remove_fast (self->thumbnails, where_the_object_was);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          MfcDocumentsPage         *self)
{
  MfcPageThumbnail *thumbnail = mfc_page_thumbnail_new ();
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (MFC_TYPE_DOC_PAGE, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), thumbnail);
  gtk_widget_add_controller (GTK_WIDGET (thumbnail), GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (drop_page_cb), thumbnail);
  gtk_widget_add_controller (GTK_WIDGET (thumbnail), GTK_EVENT_CONTROLLER (target));

  g_object_set_data (G_OBJECT (thumbnail), "mfc-list-item", item);
  g_object_set_data (G_OBJECT (thumbnail), "mfc-documents-page", self);
  g_ptr_array_add (self->thumbnails, thumbnail);
  g_object_weak_ref (G_OBJECT (thumbnail), thumbnail_weak_notify, self);
  gtk_list_item_set_child (item, GTK_WIDGET (thumbnail));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         MfcDocumentsPage         *self)
{
  mfc_page_thumbnail_set_page (MFC_PAGE_THUMBNAIL (gtk_list_item_get_child (item)),
                               gtk_list_item_get_item (item),
                               gtk_list_item_get_position (item),
                               mfc_document_get_n_pages (self->document));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           MfcDocumentsPage         *self)
{
  mfc_page_thumbnail_set_page (MFC_PAGE_THUMBNAIL (gtk_list_item_get_child (item)), NULL, 0, 0);
}

static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  MfcDocumentsPage *self)
{
  refresh_positions (self);
  document_changed (self);
}

static void
page_changed_cb (MfcDocument      *document,
                 MfcDocPage       *page,
                 guint             index,
                 MfcDocumentsPage *self)
{
  /* Rotation, crop, blank: the page's picture is decoded again. */
  for (guint i = 0; i < self->thumbnails->len; i++)
    {
      MfcPageThumbnail *thumbnail = self->thumbnails->pdata[i];

      if (mfc_page_thumbnail_get_page (thumbnail) == page)
        mfc_page_thumbnail_set_page (thumbnail, page, index, mfc_document_get_n_pages (document));
    }
  document_changed (self);
}

static void
selection_changed_cb (MfcDocumentsPage *self)
{
  update_actions (self);
}

/* The upload */

static void
upload_progress_cb (MfcUpload        *upload,
                    GParamSpec       *pspec,
                    MfcDocumentsPage *self)
{
  g_autofree char *text = NULL;

  if (upload != self->upload)
    return;

  gtk_progress_bar_set_fraction (self->progress_bar, mfc_upload_get_fraction (upload));
  switch (mfc_upload_get_state (upload))
    {
    case MFC_UPLOAD_STATE_CHECKING:
      text = g_strdup (_("Checking the file…"));
      break;
    case MFC_UPLOAD_STATE_SENDING:
      text = mfc_upload_format_progress (upload);
      if (self->prepared_parts != NULL)
        {
          g_autofree char *sending = g_steal_pointer (&text);

          /* Translators: «Часть 2 из 3: 1,2 из 4,8 МБ, …» */
          text = g_strdup_printf (_("Part %u of %u: %s"), self->parts_sent + 1, n_parts (self), sending);
        }
      break;
    case MFC_UPLOAD_STATE_ATTACHING:
      text = g_strdup (_("Attaching to the ticket…"));
      break;
    case MFC_UPLOAD_STATE_READY:
    case MFC_UPLOAD_STATE_DONE:
    case MFC_UPLOAD_STATE_FAILED:
    default:
      break;
    }
  if (text != NULL)
    gtk_label_set_text (self->progress_label, text);
}

static void
finish_busy (MfcDocumentsPage *self)
{
  self->busy = FALSE;
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  g_clear_object (&self->upload_cancellable);
  update_actions (self);
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MfcDocumentsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mfc_upload_queue_finish (MFC_UPLOAD (object), result, &error))
    {
      finish_busy (self);
      set_status (self, error->message, TRUE);
      g_object_unref (self);
      return;
    }

  /* The remaining parts follow it into the queue, in order. */
  if (self->prepared_parts != NULL && self->parts_sent + 1 < self->prepared_parts->len)
    {
      MfcOutbox *outbox = mfc_context_get_outbox (mfc_page_get_context (MFC_PAGE (self)));
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "mfc-desk", "outbox-files", NULL);
      g_autofree char *ticket = g_strdup (mfc_upload_get_ticket (MFC_UPLOAD (object)));
      g_autofree char *number = g_strdup (g_object_get_data (object, "mfc-ticket-number"));

      self->parts_sent++;
      ensure_upload (self, ticket, number);
      mfc_upload_queue_async (self->upload, outbox, dir, queued_cb, self);
      return;
    }

  /* The outbox has its own copy: the pages and our PDF can go. */
  if (self->prepared_assembled && self->prepared_path != NULL)
    drop_assembled (self->prepared_path);
  drop_parts (self->prepared_parts, NULL);
  g_clear_pointer (&self->prepared_parts, g_ptr_array_unref);
  g_clear_pointer (&self->prepared_path, g_free);
  mfc_page_store_discard (self->store, self->document);
  g_clear_object (&self->upload);
  finish_busy (self);
  set_status (self, _("No connection to the central service: the document is in the queue of "
                      "unsent writes and will be uploaded and attached by itself when the "
                      "connection is back."), FALSE);
  g_object_unref (self);
}

static void
uploaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MfcDocumentsPage *self = user_data;
  MfcUpload *upload = MFC_UPLOAD (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!mfc_upload_start_finish (upload, result, &error))
    {
      /* No connection: a ticket's document waits in the outbox (the
       * intake application needs the id now, so it cannot). */
      if (g_error_matches (error, MFC_UPLOAD_ERROR, MFC_UPLOAD_ERROR_OFFLINE) &&
          self->intake_uploaded == NULL)
        {
          MfcOutbox *outbox = mfc_context_get_outbox (mfc_page_get_context (MFC_PAGE (self)));
          g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "mfc-desk", "outbox-files", NULL);

          gtk_label_set_text (self->progress_label, _("No connection: putting the document in the queue…"));
          mfc_upload_queue_async (upload, outbox, dir, queued_cb, self);
          return;
        }
      finish_busy (self);
      set_status (self, error->message, TRUE);
      g_object_unref (self);
      return;
    }

  /* The next part, to the same ticket. */
  if (self->prepared_parts != NULL && self->parts_sent + 1 < self->prepared_parts->len)
    {
      g_autofree char *ticket = g_strdup (mfc_upload_get_ticket (upload));
      g_autofree char *number = g_strdup (g_object_get_data (G_OBJECT (upload), "mfc-ticket-number"));

      if (self->parts_sent > 0)
        drop_assembled (g_ptr_array_index (self->prepared_parts, self->parts_sent));
      self->parts_sent++;
      start_upload (self, ticket, number);
      g_object_unref (self);
      return;
    }

  if (self->intake_uploaded != NULL)
    {
      /* Translators: %s is what the copy is for, from intake */
      text = g_strdup_printf (_("Uploaded and attached to the application: %s."), self->intake_description);
      self->intake_uploaded (mfc_upload_get_document_id (upload), self->intake_data);
      mfc_documents_page_clear_target (self);
    }
  else if (self->prepared_parts != NULL)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Uploaded in %u part and attached to ticket %s.",
                                           "Uploaded in %u parts and attached to ticket %s.",
                                           self->prepared_parts->len),
                              self->prepared_parts->len,
                              (const char *) g_object_get_data (G_OBJECT (upload), "mfc-ticket-number"));
    }
  else
    {
      text = g_strdup_printf (_("Uploaded and attached to ticket %s."),
                              (const char *) g_object_get_data (G_OBJECT (upload), "mfc-ticket-number"));
    }

  /* Stored: the pages and our PDF are not needed any more. */
  if (self->prepared_assembled && self->prepared_path != NULL)
    drop_assembled (self->prepared_path);
  drop_parts (self->prepared_parts, NULL);
  g_clear_pointer (&self->prepared_parts, g_ptr_array_unref);
  g_clear_pointer (&self->prepared_path, g_free);
  mfc_page_store_discard (self->store, self->document);
  g_clear_object (&self->upload);
  finish_busy (self);
  set_status (self, text, FALSE);
  g_object_unref (self);
}

/* The file to send next: the document, or its next part. */
static const char *
current_part (MfcDocumentsPage *self)
{
  return self->prepared_parts != NULL ? g_ptr_array_index (self->prepared_parts, self->parts_sent)
                                      : self->prepared_path;
}

/* The upload of the current part.  The same part started again (after a
 * cancel or a lost connection) keeps its upload, so its key. */
static void
ensure_upload (MfcDocumentsPage *self,
               const char       *ticket_id,
               const char       *ticket_number)
{
  MfcClient *client = mfc_context_get_client (mfc_page_get_context (MFC_PAGE (self)));
  g_autoptr(GFile) file = g_file_new_for_path (current_part (self));
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *title = NULL;

  if (self->prepared_parts != NULL)
    /* Translators: the title of one part of a document sent in parts */
    title = g_strdup_printf (_("Part %u of %u"), self->parts_sent + 1, n_parts (self));
  else
    title = g_strdup (self->intake_description);

  if (self->upload == NULL ||
      !g_file_equal (mfc_upload_get_file (self->upload), file) ||
      g_strcmp0 (mfc_upload_get_ticket (self->upload), ticket_id) != 0)
    {
      g_clear_object (&self->upload);
      self->upload = mfc_upload_new (client, file, basename, self->prepared_mime, title);
      mfc_upload_set_ticket (self->upload, ticket_id);
      g_signal_connect_object (self->upload, "notify", G_CALLBACK (upload_progress_cb), self, 0);
    }
  g_object_set_data_full (G_OBJECT (self->upload), "mfc-ticket-number",
                          g_strdup (ticket_number), g_free);
}

static void
start_upload (MfcDocumentsPage *self,
              const char       *ticket_id,
              const char       *ticket_number)
{
  ensure_upload (self, ticket_id, ticket_number);

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Checking the file…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);

  mfc_upload_start_async (self->upload, self->upload_cancellable, uploaded_cb, g_object_ref (self));
}

/* «MFC-2026-000123», whole (any case). */
static gboolean
is_ticket_number (const char *text)
{
  return g_regex_match_simple ("^MFC-[0-9]{4}-[0-9]{6}$", text, G_REGEX_CASELESS, 0);
}

static void
ticket_found_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MfcDocumentsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) items = NULL;
  g_autofree char *wanted = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ticket_entry))));
  const char *id = NULL;
  const char *number = NULL;

  items = mfc_client_get_page_finish (MFC_CLIENT (object), result, NULL, &error);
  /* No connection to look it up: a whole number names the ticket for the
   * service itself (attaching takes a number too), so the document can
   * still wait in the outbox. */
  if (items == NULL && is_ticket_number (wanted) &&
      (g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_NETWORK) ||
       g_error_matches (error, MFC_CLIENT_ERROR, MFC_CLIENT_ERROR_TIMEOUT)))
    {
      g_autofree char *typed = g_ascii_strup (wanted, -1);

      start_upload (self, typed, typed);
      g_object_unref (self);
      return;
    }
  if (items == NULL)
    {
      finish_busy (self);
      set_status (self, error->message, TRUE);
      g_object_unref (self);
      return;
    }

  for (guint i = 0; i < json_array_get_length (items) && id == NULL; i++)
    {
      JsonObject *ticket = json_array_get_object_element (items, i);

      if (ticket != NULL &&
          g_ascii_strcasecmp (json_object_get_string_member_with_default (ticket, "number", ""), wanted) == 0)
        {
          id = json_object_get_string_member (ticket, "id");
          number = json_object_get_string_member (ticket, "number");
        }
    }

  if (id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("There is no ticket numbered “%s”. Check the number on the receipt."),
                                               wanted);
      finish_busy (self);
      set_status (self, text, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->ticket_entry));
      g_object_unref (self);
      return;
    }

  start_upload (self, id, number);
  g_object_unref (self);
}

static void
config_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MfcClientResponse) response = mfc_client_request_finish (MFC_CLIENT (object), result, NULL);
  MfcDocumentsPage *self;
  JsonObject *config;
  JsonObject *upload;

  if (response == NULL)
    return;   /* keep the default; the service refuses a larger file anyway */
  self = MFC_DOCUMENTS_PAGE (user_data);
  config = mfc_client_response_get_object (response);
  upload = config != NULL && json_object_has_member (config, "upload")
    ? json_object_get_object_member (config, "upload") : NULL;
  if (upload != NULL && json_object_has_member (upload, "max_bytes") &&
      json_object_get_int_member (upload, "max_bytes") > 0)
    {
      self->limit = (guint64) json_object_get_int_member (upload, "max_bytes");
      schedule_prepare (self);
      show_size (self);
    }
}

/* Actions */

static void
import_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) accepted = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Add Files"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (accepted, _("PDF, JPEG, PNG and DOCX"));
  gtk_file_filter_add_mime_type (accepted, "application/pdf");
  gtk_file_filter_add_mime_type (accepted, "image/jpeg");
  gtk_file_filter_add_mime_type (accepted, "image/png");
  gtk_file_filter_add_mime_type (accepted, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  gtk_file_filter_add_suffix (accepted, "pdf");
  gtk_file_filter_add_suffix (accepted, "jpg");
  gtk_file_filter_add_suffix (accepted, "jpeg");
  gtk_file_filter_add_suffix (accepted, "png");
  gtk_file_filter_add_suffix (accepted, "docx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), accepted);
  /* The content decides, not the name: any file may be tried. */
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The margins typed are of the page as shown (turned); the crop is kept
 * in the page's own pixels, before the turn. */
static void
crop_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;
  guint i = selected_index (self);
  MfcDocPage *page;
  double shown[4];   /* top, right, bottom, left, in % */
  double side[4];    /* the same sides of the unturned page */
  int turns;
  int width, height;
  MfcCropRect crop;

  if (!selected_is_editable (self))
    return;
  page = mfc_document_get_page (self->document, i);
  shown[0] = gtk_spin_button_get_value (self->crop_top);
  shown[1] = gtk_spin_button_get_value (self->crop_right);
  shown[2] = gtk_spin_button_get_value (self->crop_bottom);
  shown[3] = gtk_spin_button_get_value (self->crop_left);
  turns = ((mfc_doc_page_get_rotation (page) / 90) % 4 + 4) % 4;
  /* Turned clockwise, the page's left side is shown on top. */
  for (int k = 0; k < 4; k++)
    side[((k - turns) % 4 + 4) % 4] = shown[k];

  width = mfc_doc_page_get_width (page);
  height = mfc_doc_page_get_height (page);
  crop.x = (int) (width * side[3] / 100.0);
  crop.y = (int) (height * side[0] / 100.0);
  crop.width = MAX (1, width - crop.x - (int) (width * side[1] / 100.0));
  crop.height = MAX (1, height - crop.y - (int) (height * side[2] / 100.0));
  if (side[0] == 0 && side[1] == 0 && side[2] == 0 && side[3] == 0)
    crop = (MfcCropRect) { 0, 0, 0, 0 };

  mfc_document_crop_page (self->document, i, &crop);
  gtk_popover_popdown (self->crop_popover);
  select_index (self, i);
}

static void
rotate (MfcDocumentsPage *self,
        int               degrees)
{
  guint i = selected_index (self);

  if (i == GTK_INVALID_LIST_POSITION || !selected_is_editable (self))
    return;
  mfc_document_rotate_page (self->document, i, degrees);
  select_index (self, i);
}

static void
rotate_left_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  rotate (user_data, -90);
}

static void
rotate_right_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  rotate (user_data, 90);
}

/* The keyboard's way to reorder, besides dragging a thumbnail. */
static void
move (MfcDocumentsPage *self,
      int               by)
{
  guint i = selected_index (self);
  guint n = mfc_document_get_n_pages (self->document);

  if (i == GTK_INVALID_LIST_POSITION || (by < 0 && i == 0) || (by > 0 && i + 1 >= n))
    return;
  mfc_document_move_page (self->document, i, i + by);
  select_index (self, i + by);
}

static void
move_earlier_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  move (user_data, -1);
}

static void
move_later_action_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  move (user_data, 1);
}

static void
delete_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;
  guint i = selected_index (self);

  if (i == GTK_INVALID_LIST_POSITION || i >= mfc_document_get_n_pages (self->document))
    return;
  mfc_document_remove_page (self->document, i);
  select_index (self, i);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
undo_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;
  guint i = selected_index (self);

  if (mfc_document_undo (self->document))
    select_index (self, i == GTK_INVALID_LIST_POSITION ? 0 : i);
}

static void
clear_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;

  mfc_page_store_discard (self->store, self->document);
  g_clear_object (&self->upload);
  show_notice (self, NULL, FALSE);
  set_status (self, NULL, FALSE);
}

static void
remove_blank_action_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;
  guint n = mfc_document_get_n_pages (self->document);

  /* From the end, so the indices still to visit do not move; each one can
   * be undone (Ctrl+Z). */
  for (guint i = n; i-- > 0;)
    if (mfc_doc_page_get_blank (mfc_document_get_page (self->document, i)))
      mfc_document_remove_page (self->document, i);
  show_notice (self, NULL, FALSE);
  select_index (self, 0);
}

static void
upload_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;
  MfcClient *client = mfc_context_get_client (mfc_page_get_context (MFC_PAGE (self)));
  g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ticket_entry))));

  if (self->busy || self->prepared_path == NULL || self->prepared_generation != self->generation)
    return;

  self->busy = TRUE;
  self->upload_cancellable = g_cancellable_new ();
  set_status (self, NULL, FALSE);
  update_actions (self);

  if (self->intake_uploaded != NULL)
    {
      if (parts_refused (self))
        {
          finish_busy (self);
          set_status (self, one_file_only_message (), TRUE);
          return;
        }
      start_upload (self, NULL, NULL);
      return;
    }

  {
    g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/tickets");

    mfc_query_add (query, "q", number);
    mfc_query_add_int (query, "limit", 20);
    gtk_progress_bar_set_fraction (self->progress_bar, 0);
    gtk_label_set_text (self->progress_label, _("Looking for the ticket…"));
    gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
    mfc_client_get_page_async (client, query, self->upload_cancellable, ticket_found_cb, g_object_ref (self));
  }
}

static void
cancel_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  MfcDocumentsPage *self = user_data;

  if (self->scanning)
    mfc_scanner_cancel (self->scanner);
  if (self->upload_cancellable != NULL)
    g_cancellable_cancel (self->upload_cancellable);
}

/* Template callbacks */

static void
notice_close_clicked_cb (MfcDocumentsPage *self)
{
  show_notice (self, NULL, FALSE);
}

static void
ticket_activate_cb (MfcDocumentsPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.documents-upload", NULL);
}

static void
ticket_changed_cb (MfcDocumentsPage *self)
{
  update_actions (self);
}

/* MfcPage */

static void
mfc_documents_page_add_actions (MfcPage               *page,
                                GActionMap            *actions,
                                GtkShortcutController *shortcuts)
{
  const GActionEntry entries[] = {
    { "documents-scan", scan_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-import", import_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-rotate-left", rotate_left_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-crop", crop_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-move-earlier", move_earlier_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-move-later", move_later_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-rotate-right", rotate_right_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-delete", delete_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-undo", undo_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-clear", clear_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-upload", upload_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-cancel", cancel_action_cb, NULL, NULL, NULL, { 0 } },
    { "documents-remove-blank", remove_blank_action_cb, NULL, NULL, NULL, { 0 } },
  };

  mfc_page_install_actions (page, actions, shortcuts, entries, G_N_ELEMENTS (entries),
                            page_shortcuts, G_N_ELEMENTS (page_shortcuts));
}

static void
mfc_documents_page_shown (MfcPage *page)
{
  MfcDocumentsPage *self = MFC_DOCUMENTS_PAGE (page);
  MfcClient *client = mfc_context_get_client (mfc_page_get_context (page));
  g_autoptr(MfcQuery) query = mfc_query_new ("/api/v1/config");

  mfc_client_get_async (client, query, self->cancellable, config_cb, self);
  ensure_scanner (self);
  update_actions (self);
  if (has_pages (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

/* dispose/finalize */

static void
mfc_documents_page_dispose (GObject *object)
{
  MfcDocumentsPage *self = MFC_DOCUMENTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->upload_cancellable != NULL)
    g_cancellable_cancel (self->upload_cancellable);
  g_clear_handle_id (&self->prepare_source, g_source_remove);
  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  if (self->scanner != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scanner, self);
      mfc_scanner_close (self->scanner);
    }
  g_clear_object (&self->scanner);
  if (self->thumbnails != NULL)
    for (guint i = 0; i < self->thumbnails->len; i++)
      g_object_weak_unref (self->thumbnails->pdata[i], thumbnail_weak_notify, self);
  g_clear_pointer (&self->thumbnails, g_ptr_array_unref);
  mfc_documents_page_clear_target (self);
  if (self->prepared_assembled && self->prepared_path != NULL)
    g_unlink (self->prepared_path);
  g_clear_pointer (&self->prepared_path, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), MFC_TYPE_DOCUMENTS_PAGE);

  G_OBJECT_CLASS (mfc_documents_page_parent_class)->dispose (object);
}

static void
mfc_documents_page_finalize (GObject *object)
{
  MfcDocumentsPage *self = MFC_DOCUMENTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->upload_cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->document);
  g_clear_object (&self->store);
  g_clear_object (&self->upload);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->modes, g_array_unref);
  g_clear_pointer (&self->resolutions, g_array_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_free (self->prepared_path);
  g_free (self->prepared_type);
  g_free (self->prepared_mime);
  g_clear_error (&self->prepare_error);
  g_free (self->status);
  g_free (self->outgoing_dir);

  G_OBJECT_CLASS (mfc_documents_page_parent_class)->finalize (object);
}

static void
mfc_documents_page_class_init (MfcDocumentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MfcPageClass *page_class = MFC_PAGE_CLASS (klass);

  object_class->dispose = mfc_documents_page_dispose;
  object_class->finalize = mfc_documents_page_finalize;

  page_class->add_actions = mfc_documents_page_add_actions;
  page_class->shown = mfc_documents_page_shown;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/documents/mfc-documents-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, device_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, dpi_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, crop_button);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, crop_popover);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, crop_top);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, crop_bottom);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, crop_left);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, crop_right);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, remove_blank_button);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, grid);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, target_title);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, ticket_entry);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, target_label);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, size_label);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, upload_button);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MfcDocumentsPage, status_label);
  gtk_widget_class_bind_template_callback (widget_class, notice_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ticket_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, ticket_changed_cb);

  g_type_ensure (MFC_TYPE_PAGE_THUMBNAIL);
}

static void
mfc_documents_page_init (MfcDocumentsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->limit = DEFAULT_UPLOAD_LIMIT;
  self->outgoing_dir = g_build_filename (g_get_user_cache_dir (), "mfc-desk", "outgoing", NULL);
  self->thumbnails = g_ptr_array_new ();
  self->sources = g_array_new (FALSE, FALSE, sizeof (int));
  self->modes = g_array_new (FALSE, FALSE, sizeof (int));
  self->resolutions = g_array_new (FALSE, FALSE, sizeof (int));
  self->sizes = g_array_new (FALSE, FALSE, sizeof (int));
  self->document = mfc_document_new ();
  self->store = mfc_page_store_new_default ();
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->document)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_grid_view_set_factory (self->grid, factory);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (self->document, "items-changed", G_CALLBACK (items_changed_cb), self);
  g_signal_connect (self->document, "page-changed", G_CALLBACK (page_changed_cb), self);
  g_signal_connect_swapped (self->document, "notify::can-undo", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self);

  g_signal_connect_swapped (self->device_dropdown, "notify::selected", G_CALLBACK (device_selected_cb), self);

  /* The pages of a session that ended without an upload (a crash, even
   * kill -9) come back; from now on every change is kept on disk. */
  {
    g_autoptr(GError) error = NULL;
    guint restored = mfc_page_store_restore (self->store, self->document, &error);

    if (error != NULL)
      g_warning ("Cannot restore the scanned pages: %s", error->message);
    else if (restored > 0)
      {
        g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "%u page from the last session is back.",
                                                              "%u pages from the last session are back.",
                                                              restored),
                                                 restored);
        set_status (self, text, FALSE);
      }
    mfc_page_store_attach (self->store, self->document);
  }

  /* Files dropped anywhere on the section are added. */
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_files_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/* Public API */

/**
 * mfc_documents_page_set_intake_target:
 * @description: what the copy is for, e.g. the checklist item's title
 * @uploaded: called with the stored document's id
 *
 * The next upload goes to the application being taken at intake instead
 * of a ticket.
 */
void
mfc_documents_page_set_intake_target (MfcDocumentsPage         *self,
                                      const char               *description,
                                      MfcDocumentsUploadedFunc  uploaded,
                                      gpointer                  user_data,
                                      GDestroyNotify            destroy)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MFC_IS_DOCUMENTS_PAGE (self));
  g_return_if_fail (uploaded != NULL);

  mfc_documents_page_clear_target (self);
  self->intake_description = g_strdup (description);
  self->intake_uploaded = uploaded;
  self->intake_data = user_data;
  self->intake_destroy = destroy;

  /* Translators: %s is a required document of the service, e.g. «Паспорт гражданина РФ» */
  text = g_strdup_printf (_("For the application being taken: %s"), description);
  gtk_label_set_text (self->target_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->target_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->ticket_entry), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->target_title), FALSE);
  show_size (self);
  update_actions (self);
}

void
mfc_documents_page_clear_target (MfcDocumentsPage *self)
{
  g_return_if_fail (MFC_IS_DOCUMENTS_PAGE (self));

  if (self->intake_destroy != NULL)
    self->intake_destroy (self->intake_data);
  self->intake_uploaded = NULL;
  self->intake_data = NULL;
  self->intake_destroy = NULL;
  g_clear_pointer (&self->intake_description, g_free);

  if (self->target_label != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->target_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->ticket_entry), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->target_title), TRUE);
      show_size (self);
      update_actions (self);
    }
}

/**
 * mfc_documents_page_set_ticket_target:
 * @number: a ticket's number
 *
 * The next upload goes to this ticket (what «Добавить документ» in a
 * ticket asks for).
 */
void
mfc_documents_page_set_ticket_target (MfcDocumentsPage *self,
                                      const char       *number)
{
  g_return_if_fail (MFC_IS_DOCUMENTS_PAGE (self));
  g_return_if_fail (number != NULL);

  mfc_documents_page_clear_target (self);
  gtk_editable_set_text (GTK_EDITABLE (self->ticket_entry), number);
  update_actions (self);
}

/**
 * mfc_documents_page_get_document:
 *
 * Returns: (transfer none): the document the page edits
 */
MfcDocument *
mfc_documents_page_get_document (MfcDocumentsPage *self)
{
  g_return_val_if_fail (MFC_IS_DOCUMENTS_PAGE (self), NULL);

  return self->document;
}

/**
 * mfc_documents_page_import_files:
 *
 * Checks @files on a worker thread and adds the pages of the good ones;
 * the bad ones are listed above the pages, each with its reason.
 */
void
mfc_documents_page_import_files (MfcDocumentsPage  *self,
                                 GFile            **files,
                                 guint              n_files)
{
  g_return_if_fail (MFC_IS_DOCUMENTS_PAGE (self));

  if (n_files == 0 || self->busy)
    return;
  self->busy = TRUE;
  update_actions (self);
  mfc_import_files_async (files, n_files, self->cancellable, imported_cb, self);
}

/**
 * mfc_documents_page_get_scanner:
 *
 * Returns: (transfer none) (nullable): the scanner, once the section was
 *   shown; for tests, which set the test device's options
 */
MfcScanner *
mfc_documents_page_get_scanner (MfcDocumentsPage *self)
{
  g_return_val_if_fail (MFC_IS_DOCUMENTS_PAGE (self), NULL);

  return self->scanner;
}

/**
 * mfc_documents_page_get_status:
 *
 * Returns: (nullable): the line under the upload bar: the last upload's
 *   outcome or why it failed
 */
const char *
mfc_documents_page_get_status (MfcDocumentsPage *self)
{
  g_return_val_if_fail (MFC_IS_DOCUMENTS_PAGE (self), NULL);

  return self->status;
}

/**
 * mfc_documents_page_get_busy:
 *
 * Returns: whether an import or an upload is under way
 */
gboolean
mfc_documents_page_get_busy (MfcDocumentsPage *self)
{
  g_return_val_if_fail (MFC_IS_DOCUMENTS_PAGE (self), FALSE);

  return self->busy;
}
