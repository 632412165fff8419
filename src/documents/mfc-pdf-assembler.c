/* mfc-pdf-assembler.c
 *
 * The search runs on a ladder of (dpi, JPEG quality) steps, best first,
 * down to the floor of 150 dpi / quality 30.  Decoding a 300 dpi page is
 * the expensive part, so the first pass decodes each page once:
 *
 *  1. every page gets an equal share of the limit; its size at each step
 *     is estimated from a sample (bands of rows, 1/8 of the page) and the
 *     page is encoded once, at the first step whose estimate fits its
 *     share.  Nearly always the file fits and that is all.
 *  2. otherwise all pages are sampled at every step, and one step for the
 *     whole document is chosen from the estimates (or, when even the floor
 *     does not fit, the step that keeps the fewest parts at the best
 *     quality); then everything is encoded at that step, one step lower
 *     again if the real file still came out too big.
 *
 * Workers of a GThreadPool render and encode; the calling thread is the
 * one writer, taking pages strictly in order as they finish.  JPEG bytes
 * go into the PDF as they are (cairo_surface_set_mime_data), so what was
 * measured is what is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <jpeglib.h>

#include "mfc-pdf-assembler.h"

typedef struct {
  int dpi;
  int quality;
} Step;

static const Step ladder[] = {
  { 300, 80 }, { 300, 72 }, { 300, 65 },
  { 200, 85 }, { 200, 80 }, { 200, 75 }, { 200, 70 }, { 200, 65 },
  { 200, 60 }, { 200, 55 }, { 200, 50 },
  { 150, 60 }, { 150, 50 }, { 150, 40 }, { MFC_PDF_MIN_DPI, MFC_PDF_MIN_QUALITY },
};
#define N_STEPS ((int) G_N_ELEMENTS (ladder))

/* Black-and-white pages start here: text stays sharp at 200 dpi. */
#define BILEVEL_FIRST_STEP 3

/* What cairo adds around the JPEG bytes, per file and per page. */
#define PDF_FILE_OVERHEAD 4096
#define PDF_PAGE_OVERHEAD 1024

/* Estimates from a sample are within a few per cent; aim this far under. */
#define SAFETY 0.95

typedef enum {
  MODE_SHARE,    /* first step whose estimate fits the page's share */
  MODE_PROBE,    /* estimate every step, encode nothing */
  MODE_FORCED,   /* encode at the given step */
} Mode;

typedef struct {
  MfcDocPage *page;           /* a copy: the document may change meanwhile */
  guint       index;

  /* Filled by the worker. */
  gboolean    done;
  GError     *error;
  GBytes     *jpeg;
  int         width;
  int         height;
  double      dpi;
  int         quality;
  int         step;
  gboolean    gray;
  double      estimate[N_STEPS];   /* bytes; < 0 unknown */
} PageJob;

typedef struct {
  GMutex        lock;
  GCond         cond;
  PageJob      *jobs;
  guint         n_jobs;
  Mode          mode;
  double        share;
  int           forced_step;
  GCancellable *cancellable;
} Assembly;

struct _MfcPdfResult
{
  GObject    parent_instance;

  GPtrArray *paths;
  GArray    *sizes;     /* guint64 */
  GArray    *counts;    /* guint, pages per part */
  guint      n_pages;
  guint      n_gray;
  int        min_dpi, max_dpi;
  int        min_quality, max_quality;
};

G_DEFINE_FINAL_TYPE (MfcPdfResult, mfc_pdf_result, G_TYPE_OBJECT)

/* ---- JPEG ---- */

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
} JpegError;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  longjmp (err->jump, 1);
}

static void
jpeg_silent_cb (j_common_ptr cinfo)
{
}

/* Compresses @image; returns NULL only if libjpeg fails (out of memory). */
static GBytes *
encode_jpeg (MfcPageImage *image,
             int           quality)
{
  struct jpeg_compress_struct cinfo;
  JpegError jerr;
  unsigned char *volatile buffer = NULL;
  unsigned long size = 0;

  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = jpeg_error_exit_cb;
  jerr.pub.output_message = jpeg_silent_cb;
  if (setjmp (jerr.jump))
    {
      jpeg_destroy_compress (&cinfo);
      free (buffer);
      return NULL;
    }

  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, (unsigned char **) &buffer, &size);
  cinfo.image_width = (JDIMENSION) image->width;
  cinfo.image_height = (JDIMENSION) image->height;
  if (image->format == MFC_PIXEL_FORMAT_RGB8)
    {
      cinfo.input_components = 3;
      cinfo.in_color_space = JCS_RGB;
    }
  else
    {
      cinfo.input_components = 1;
      cinfo.in_color_space = JCS_GRAYSCALE;
    }
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, quality, TRUE);
  cinfo.density_unit = 1;   /* dots per inch */
  cinfo.X_density = cinfo.Y_density = (UINT16) lround (image->dpi);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = image->data + (gsize) cinfo.next_scanline * image->stride;

      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);

  return g_bytes_new_with_free_func (buffer, size, free, buffer);
}

/* Bands of 64 rows, one in every 8: the sample the estimates come from. */
#define BAND 64
#define BAND_EVERY 8

static MfcPageImage *
make_sample (MfcPageImage *image)
{
  int bands = 0, period = BAND * BAND_EVERY, h;
  MfcPageImage *sample;

  if (image->height <= period)
    return mfc_page_image_ref (image);
  for (int y = period / 2 - BAND / 2; y + BAND <= image->height; y += period)
    bands++;
  h = bands * BAND;
  sample = mfc_page_image_new (image->format, image->width, h, image->dpi);
  for (int b = 0, y = period / 2 - BAND / 2; b < bands; b++, y += period)
    memcpy (sample->data + (gsize) b * BAND * sample->stride,
            image->data + (gsize) y * image->stride,
            (gsize) BAND * image->stride);
  return sample;
}

/* ---- the worker ---- */

static int
step_dpi (int     step,
          double  native)
{
  return (int) MIN ((double) ladder[step].dpi, floor (native + 0.5));
}

static void
page_job_clear (PageJob *job)
{
  g_clear_object (&job->page);
  g_clear_error (&job->error);
  g_clear_pointer (&job->jpeg, g_bytes_unref);
}

static void
reset_job (PageJob *job)
{
  job->done = FALSE;
  g_clear_error (&job->error);
  g_clear_pointer (&job->jpeg, g_bytes_unref);
  for (int k = 0; k < N_STEPS; k++)
    job->estimate[k] = -1;
}

/* The estimates of a page's steps, from its sample scaled once for each
 * resolution. */
typedef struct {
  MfcPageImage *sample;
  MfcPageImage *level_sample;
  int           level_dpi;
  int           full_height;
} Probe;

static void
probe_clear (Probe *probe)
{
  g_clear_pointer (&probe->sample, mfc_page_image_unref);
  g_clear_pointer (&probe->level_sample, mfc_page_image_unref);
}

/* The page's size at step @k, estimated (and kept in @job); < 0 when
 * libjpeg fails. */
static double
probe_estimate (Probe   *probe,
                PageJob *job,
                int      k,
                double   native_dpi)
{
  int dpi = step_dpi (k, native_dpi);
  g_autoptr(GBytes) jpeg = NULL;

  if (job->estimate[k] >= 0)
    return job->estimate[k];
  if (dpi != probe->level_dpi)
    {
      g_clear_pointer (&probe->level_sample, mfc_page_image_unref);
      probe->level_sample = mfc_page_image_scale_to_dpi (probe->sample, dpi);
      probe->level_dpi = dpi;
    }
  jpeg = encode_jpeg (probe->level_sample, ladder[k].quality);
  if (jpeg == NULL)
    return -1;
  job->estimate[k] = g_bytes_get_size (jpeg) * ((double) probe->full_height / probe->sample->height);
  return job->estimate[k];
}

/* The first step from @first whose estimate fits the page's share, or
 * -1.  A JPEG only shrinks as its quality goes down, so within the steps
 * of one resolution the first that fits is found by bisection, and a
 * resolution whose lowest quality does not fit is passed over with one
 * encode: four probes where going down the ladder took eight. */
static int
first_fitting_step (Assembly *as,
                    Probe    *probe,
                    PageJob  *job,
                    int       first,
                    double    native_dpi)
{
  for (int k = first; k < N_STEPS;)
    {
      int end = k, lo = k, hi;
      double estimate;

      while (end + 1 < N_STEPS && step_dpi (end + 1, native_dpi) == step_dpi (k, native_dpi))
        end++;
      if (g_cancellable_is_cancelled (as->cancellable))
        return -1;
      estimate = probe_estimate (probe, job, end, native_dpi);
      if (estimate < 0)
        return -1;
      if (estimate > as->share)
        {
          k = end + 1;
          continue;
        }
      /* @hi fits; the first that does is in [lo, hi]. */
      hi = end;
      while (lo < hi)
        {
          int mid = lo + (hi - lo) / 2;

          if (g_cancellable_is_cancelled (as->cancellable))
            return -1;
          estimate = probe_estimate (probe, job, mid, native_dpi);
          if (estimate < 0)
            return -1;
          if (estimate <= as->share)
            hi = mid;
          else
            lo = mid + 1;
        }
      return hi;
    }
  return -1;
}

static gboolean
process_page (Assembly *as,
              PageJob  *job,
              GError  **error)
{
  g_autoptr(MfcPageImage) rendered = NULL;
  g_autoptr(MfcPageImage) image = NULL;
  g_autoptr(MfcPageImage) final = NULL;
  int first, chosen = -1;
  gboolean bilevel;

  /* PDF pages are rendered at the ladder's best resolution. */
  rendered = mfc_doc_page_render (job->page, ladder[0].dpi, as->cancellable, error);
  if (rendered == NULL)
    return FALSE;

  job->gray = mfc_page_image_is_gray (rendered);
  image = job->gray ? mfc_page_image_to_gray (rendered) : mfc_page_image_ref (rendered);
  g_clear_pointer (&rendered, mfc_page_image_unref);
  bilevel = mfc_doc_page_get_bilevel (job->page) ||
            (job->gray && mfc_page_image_is_bilevel (image));
  first = bilevel ? BILEVEL_FIRST_STEP : 0;

  if (as->mode == MODE_FORCED)
    chosen = MAX (first, as->forced_step);
  else
    {
      Probe probe = { .sample = make_sample (image), .full_height = image->height };

      if (as->mode == MODE_PROBE)
        for (int k = first; k < N_STEPS; k++)
          {
            if (g_cancellable_is_cancelled (as->cancellable) ||
                probe_estimate (&probe, job, k, image->dpi) < 0)
              break;
          }
      else
        chosen = first_fitting_step (as, &probe, job, first, image->dpi);
      probe_clear (&probe);
      /* Pages that fit no share take the floor; the plan sorts it out. */
      if (as->mode == MODE_SHARE && chosen < 0)
        chosen = N_STEPS - 1;
      /* Steps before the first are as good as the first. */
      for (int k = 0; k < first; k++)
        job->estimate[k] = job->estimate[first];
    }

  if (g_cancellable_is_cancelled (as->cancellable))
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_CANCELLED, _("Cancelled"));
      return FALSE;
    }
  if (as->mode == MODE_PROBE)
    return TRUE;

  final = mfc_page_image_scale_to_dpi (image, step_dpi (chosen, image->dpi));
  g_clear_pointer (&image, mfc_page_image_unref);
  job->jpeg = encode_jpeg (final, ladder[chosen].quality);
  if (job->jpeg == NULL)
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_WRITE,
                   _("Not enough memory to compress the page"));
      return FALSE;
    }
  job->width = final->width;
  job->height = final->height;
  job->dpi = final->dpi;
  job->quality = ladder[chosen].quality;
  job->step = chosen;
  return TRUE;
}

static void
worker_cb (gpointer data,
           gpointer user_data)
{
  PageJob *job = data;
  Assembly *as = user_data;
  GError *error = NULL;

  process_page (as, job, &error);

  g_mutex_lock (&as->lock);
  job->error = error;
  job->done = TRUE;
  g_cond_broadcast (&as->cond);
  g_mutex_unlock (&as->lock);
}

/* ---- the writer ---- */

typedef struct {
  cairo_surface_t *surface;
  char            *path;
  guint            n_pages;
  guint64          estimate;   /* bytes so far, from the JPEG sizes */
} Part;

static char *
part_path (const char *output,
           guint       number)
{
  g_autofree char *stem = NULL;

  if (g_str_has_suffix (output, ".pdf"))
    stem = g_strndup (output, strlen (output) - 4);
  else
    stem = g_strdup (output);
  return g_strdup_printf ("%s-%u.pdf", stem, number);
}

static gboolean
open_part (Part                *part,
           const char          *path,
           const MfcPdfOptions *options,
           GError             **error)
{
  cairo_status_t status;

  part->surface = cairo_pdf_surface_create (path, 595.28, 841.89);
  status = cairo_surface_status (part->surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_WRITE,
                   _("Could not write the PDF file: %s"), cairo_status_to_string (status));
      cairo_surface_destroy (part->surface);
      part->surface = NULL;
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (part->surface, CAIRO_PDF_METADATA_CREATOR, "MFC Desk");
  if (options->title != NULL)
    cairo_pdf_surface_set_metadata (part->surface, CAIRO_PDF_METADATA_TITLE, options->title);
  part->path = g_strdup (path);
  part->n_pages = 0;
  part->estimate = PDF_FILE_OVERHEAD;
  return TRUE;
}

static void
bytes_unref_cb (void *data)
{
  g_bytes_unref (data);
}

static const cairo_user_data_key_t pixels_key;

static gboolean
write_page (Part     *part,
            PageJob  *job,
            GError  **error)
{
  double w_pt = job->width * 72.0 / job->dpi, h_pt = job->height * 72.0 / job->dpi;
  cairo_surface_t *image;
  cairo_status_t status;
  cairo_t *cr;
  gsize len;
  const guint8 *data = g_bytes_get_data (job->jpeg, &len);
  guint8 *pixels;
  int stride;

  cairo_pdf_surface_set_size (part->surface, w_pt, h_pt);
  /* Never drawn into: cairo takes the JPEG bytes as they are, and a grey
   * JPEG comes out as DeviceGray whatever the surface's format.  Its
   * memory is ours and never touched, so it costs no resident pages (a
   * surface cairo allocates is cleared: 15 MB written a page). */
  stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, job->width);
  pixels = g_malloc ((gsize) stride * job->height);
  image = cairo_image_surface_create_for_data (pixels, CAIRO_FORMAT_RGB24, job->width,
                                               job->height, stride);
  cairo_surface_set_user_data (image, &pixels_key, pixels, g_free);
  cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG, data, len,
                               bytes_unref_cb, g_bytes_ref (job->jpeg));
  cr = cairo_create (part->surface);
  cairo_scale (cr, 72.0 / job->dpi, 72.0 / job->dpi);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_WRITE,
                   _("Could not write the PDF file: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  part->n_pages++;
  part->estimate += len + PDF_PAGE_OVERHEAD;
  return TRUE;
}

/* Finishes a part; returns its size on disk, 0 on error. */
static guint64
close_part (Part    *part,
            GError **error)
{
  cairo_status_t status;
  GStatBuf st;

  cairo_surface_finish (part->surface);
  status = cairo_surface_status (part->surface);
  cairo_surface_destroy (part->surface);
  part->surface = NULL;
  if (status != CAIRO_STATUS_SUCCESS || g_stat (part->path, &st) != 0)
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_WRITE,
                   _("Could not write the PDF file: %s"), cairo_status_to_string (status));
      return 0;
    }
  g_chmod (part->path, 0600);
  return (guint64) st.st_size;
}

static void
remove_outputs (const MfcPdfOptions *options,
                guint                max_parts)
{
  g_unlink (options->output);
  for (guint i = 1; i <= max_parts; i++)
    {
      g_autofree char *path = part_path (options->output, i);

      if (g_unlink (path) != 0)
        break;
    }
}

/* Waits for job @i to finish; FALSE with @error if it failed. */
static gboolean
wait_job (Assembly *as,
          guint     i,
          GError  **error)
{
  PageJob *job = &as->jobs[i];

  g_mutex_lock (&as->lock);
  while (!job->done)
    g_cond_wait (&as->cond, &as->lock);
  g_mutex_unlock (&as->lock);
  if (job->error != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Page %u: %s"), i + 1, job->error->message);

      g_set_error_literal (error, job->error->domain, job->error->code, what);
      return FALSE;
    }
  return TRUE;
}

/* Runs one pass over every page.  With @result non-NULL it also writes:
 * one part, or (@split) greedy parts of at most the limit each.  Returns
 * FALSE with @error on failure, FALSE without @error when the output came
 * out over the limit. */
static gboolean
run_pass (Assembly            *as,
          const MfcPdfOptions *options,
          guint                n_threads,
          gboolean             split,
          MfcPdfResult        *result,
          GError             **error)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GThreadPool *pool;
  Part part = { 0 };
  gboolean ok = TRUE, fits = TRUE;
  guint64 limit = options->limit;

  for (guint i = 0; i < as->n_jobs; i++)
    reset_job (&as->jobs[i]);
  pool = g_thread_pool_new (worker_cb, as, (int) n_threads, FALSE, NULL);
  for (guint i = 0; i < as->n_jobs; i++)
    g_thread_pool_push (pool, &as->jobs[i], NULL);

  for (guint i = 0; ok && i < as->n_jobs; i++)
    {
      PageJob *job = &as->jobs[i];

      ok = wait_job (as, i, error);
      if (!ok || result == NULL)
        continue;

      if (split && part.surface != NULL && part.n_pages > 0 &&
          part.estimate + g_bytes_get_size (job->jpeg) + PDF_PAGE_OVERHEAD > limit * SAFETY)
        {
          guint64 size = close_part (&part, error);

          ok = size > 0;
          fits = fits && size <= limit;
          g_array_append_val (result->sizes, size);
          g_array_append_val (result->counts, part.n_pages);
          g_ptr_array_add (result->paths, g_steal_pointer (&part.path));
        }
      if (ok && part.surface == NULL)
        {
          g_autofree char *path = split ? part_path (options->output, result->paths->len + 1)
                                        : g_strdup (options->output);

          ok = open_part (&part, path, options, error);
        }
      ok = ok && write_page (&part, job, error);
      g_clear_pointer (&job->jpeg, g_bytes_unref);   /* written: free it now */
    }

  g_thread_pool_free (pool, !ok, TRUE);

  if (part.surface != NULL)
    {
      if (ok)
        {
          guint64 size = close_part (&part, error);

          ok = size > 0;
          fits = fits && size <= limit;
          g_array_append_val (result->sizes, size);
          g_array_append_val (result->counts, part.n_pages);
          g_ptr_array_add (result->paths, g_steal_pointer (&part.path));
        }
      else
        {
          cairo_surface_destroy (part.surface);
          g_free (part.path);
        }
    }
  return ok && fits;
}

static void
result_reset (MfcPdfResult *result)
{
  g_ptr_array_set_size (result->paths, 0);
  g_array_set_size (result->sizes, 0);
  g_array_set_size (result->counts, 0);
}

static void
result_take_stats (MfcPdfResult *result,
                   Assembly     *as)
{
  result->n_pages = as->n_jobs;
  result->n_gray = 0;
  result->min_dpi = result->min_quality = G_MAXINT;
  result->max_dpi = result->max_quality = 0;
  for (guint i = 0; i < as->n_jobs; i++)
    {
      PageJob *job = &as->jobs[i];
      int dpi = (int) lround (job->dpi);

      result->n_gray += job->gray;
      result->min_dpi = MIN (result->min_dpi, dpi);
      result->max_dpi = MAX (result->max_dpi, dpi);
      result->min_quality = MIN (result->min_quality, job->quality);
      result->max_quality = MAX (result->max_quality, job->quality);
    }
}

/* The first step at which the estimates fit one file, or -1. */
static int
plan_single (Assembly *as,
             double    budget)
{
  for (int k = 0; k < N_STEPS; k++)
    {
      double total = PDF_FILE_OVERHEAD;

      for (guint i = 0; i < as->n_jobs; i++)
        total += as->jobs[i].estimate[k] + PDF_PAGE_OVERHEAD;
      if (total <= budget)
        return k;
    }
  return -1;
}

/* Greedy parts at step @k: how many, or G_MAXUINT if a page alone is too big. */
static guint
count_parts (Assembly *as,
             int       k,
             double    budget)
{
  guint parts = 1;
  double fill = PDF_FILE_OVERHEAD;

  for (guint i = 0; i < as->n_jobs; i++)
    {
      double add = as->jobs[i].estimate[k] + PDF_PAGE_OVERHEAD;

      if (PDF_FILE_OVERHEAD + add > budget)
        return G_MAXUINT;
      if (fill + add > budget)
        {
          parts++;
          fill = PDF_FILE_OVERHEAD;
        }
      fill += add;
    }
  return parts;
}

/* The best step that keeps the fewest parts, or -1 if no step works. */
static int
plan_split (Assembly *as,
            double    budget)
{
  guint fewest = count_parts (as, N_STEPS - 1, budget);

  if (fewest == G_MAXUINT)
    return -1;
  for (int k = 0; k < N_STEPS; k++)
    if (count_parts (as, k, budget) <= fewest)
      return k;
  return N_STEPS - 1;
}

/* ---- result ---- */

static void
mfc_pdf_result_finalize (GObject *object)
{
  MfcPdfResult *self = MFC_PDF_RESULT (object);

  g_ptr_array_unref (self->paths);
  g_array_unref (self->sizes);
  g_array_unref (self->counts);

  G_OBJECT_CLASS (mfc_pdf_result_parent_class)->finalize (object);
}

static void
mfc_pdf_result_class_init (MfcPdfResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mfc_pdf_result_finalize;
}

static void
mfc_pdf_result_init (MfcPdfResult *self)
{
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->sizes = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->counts = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * mfc_pdf_result_get_n_parts:
 * @self: a result
 *
 * Returns: how many files were written (1 unless the document was split)
 */
guint
mfc_pdf_result_get_n_parts (MfcPdfResult *self)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  return self->paths->len;
}

/**
 * mfc_pdf_result_get_part_path:
 * @self: a result
 * @part: from 0
 *
 * Returns: (transfer none): the file of part @part
 */
const char *
mfc_pdf_result_get_part_path (MfcPdfResult *self,
                              guint         part)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), NULL);
  g_return_val_if_fail (part < self->paths->len, NULL);
  return g_ptr_array_index (self->paths, part);
}

guint64
mfc_pdf_result_get_part_size (MfcPdfResult *self,
                              guint         part)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  g_return_val_if_fail (part < self->sizes->len, 0);
  return g_array_index (self->sizes, guint64, part);
}

guint
mfc_pdf_result_get_part_n_pages (MfcPdfResult *self,
                                 guint         part)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  g_return_val_if_fail (part < self->counts->len, 0);
  return g_array_index (self->counts, guint, part);
}

guint64
mfc_pdf_result_get_total_size (MfcPdfResult *self)
{
  guint64 total = 0;

  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  for (guint i = 0; i < self->sizes->len; i++)
    total += g_array_index (self->sizes, guint64, i);
  return total;
}

guint
mfc_pdf_result_get_n_pages (MfcPdfResult *self)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  return self->n_pages;
}

guint
mfc_pdf_result_get_n_gray_pages (MfcPdfResult *self)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  return self->n_gray;
}

int
mfc_pdf_result_get_min_dpi (MfcPdfResult *self)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  return self->min_dpi;
}

int
mfc_pdf_result_get_max_dpi (MfcPdfResult *self)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  return self->max_dpi;
}

int
mfc_pdf_result_get_min_quality (MfcPdfResult *self)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  return self->min_quality;
}

int
mfc_pdf_result_get_max_quality (MfcPdfResult *self)
{
  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), 0);
  return self->max_quality;
}

/**
 * mfc_pdf_result_describe:
 * @self: a result
 *
 * Returns: (transfer full): a sentence for the clerk, e.g. «10 страниц,
 *   4,7 МБ, 200 точек на дюйм»
 */
char *
mfc_pdf_result_describe (MfcPdfResult *self)
{
  g_autofree char *size = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *dpi = NULL;

  g_return_val_if_fail (MFC_IS_PDF_RESULT (self), NULL);

  size = g_format_size (mfc_pdf_result_get_total_size (self));
  pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", self->n_pages),
                           self->n_pages);
  if (self->min_dpi == self->max_dpi)
    dpi = g_strdup_printf (_("%d dpi"), self->min_dpi);
  else
    dpi = g_strdup_printf (_("%d–%d dpi"), self->min_dpi, self->max_dpi);
  if (self->paths->len > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s, %s, %s, in %u part",
                                         "%s, %s, %s, in %u parts",
                                         self->paths->len),
                            pages, size, dpi, self->paths->len);
  return g_strdup_printf (_("%s, %s, %s"), pages, size, dpi);
}

/* ---- public ---- */

/**
 * mfc_pdf_passthrough_file:
 * @doc: a document
 * @limit: the upload limit in bytes
 *
 * Whether the document is one imported file that can be uploaded as it
 * is: a single JPEG or PNG page with no edits, or a DOCX, within @limit.
 *
 * Returns: (nullable) (transfer none): the file to upload untouched, or
 *   %NULL when a PDF has to be assembled
 */
const char *
mfc_pdf_passthrough_file (MfcDocument *doc,
                          guint64      limit)
{
  MfcDocPage *page;
  GStatBuf st;

  g_return_val_if_fail (MFC_IS_DOCUMENT (doc), NULL);

  if (mfc_document_get_n_pages (doc) != 1)
    return NULL;
  page = mfc_document_get_page (doc, 0);
  if (mfc_doc_page_get_kind (page) != MFC_PAGE_KIND_IMAGE &&
      mfc_doc_page_get_kind (page) != MFC_PAGE_KIND_DOCX)
    return NULL;
  if (mfc_doc_page_get_rotation (page) != 0 || mfc_doc_page_has_crop (page))
    return NULL;
  if (g_stat (mfc_doc_page_get_path (page), &st) != 0 || (guint64) st.st_size > limit)
    return NULL;
  return mfc_doc_page_get_path (page);
}

static MfcDocPage *
copy_page (MfcDocPage *page)
{
  MfcDocPage *copy;
  MfcCropRect crop;

  if (mfc_doc_page_get_kind (page) == MFC_PAGE_KIND_SCAN)
    copy = mfc_doc_page_new_scan (mfc_doc_page_get_path (page),
                                  mfc_doc_page_get_format (page),
                                  mfc_doc_page_get_width (page),
                                  mfc_doc_page_get_height (page),
                                  mfc_doc_page_get_dpi (page),
                                  mfc_doc_page_get_bilevel (page));
  else
    copy = mfc_doc_page_new_import (mfc_doc_page_get_kind (page),
                                    mfc_doc_page_get_path (page),
                                    mfc_doc_page_get_pdf_index (page),
                                    mfc_doc_page_get_width (page),
                                    mfc_doc_page_get_height (page),
                                    mfc_doc_page_get_dpi (page));
  mfc_doc_page_get_crop (page, &crop);
  mfc_doc_page_set_crop (copy, &crop);
  mfc_doc_page_set_rotation (copy, mfc_doc_page_get_rotation (page));
  return copy;
}

typedef struct {
  PageJob       *jobs;
  guint          n_jobs;
  MfcPdfOptions  options;
  char          *output;
  char          *title;
} Snapshot;

static void
snapshot_free (Snapshot *snap)
{
  for (guint i = 0; i < snap->n_jobs; i++)
    page_job_clear (&snap->jobs[i]);
  g_free (snap->jobs);
  g_free (snap->output);
  g_free (snap->title);
  g_free (snap);
}

static Snapshot *
snapshot_new (MfcDocument         *doc,
              const MfcPdfOptions *options)
{
  Snapshot *snap = g_new0 (Snapshot, 1);

  snap->n_jobs = mfc_document_get_n_pages (doc);
  snap->jobs = g_new0 (PageJob, MAX (snap->n_jobs, 1));
  for (guint i = 0; i < snap->n_jobs; i++)
    {
      snap->jobs[i].page = copy_page (mfc_document_get_page (doc, i));
      snap->jobs[i].index = i;
    }
  snap->options = *options;
  snap->output = g_strdup (options->output);
  snap->title = g_strdup (options->title);
  snap->options.output = snap->output;
  snap->options.title = snap->title;
  return snap;
}

static MfcPdfResult *
assemble_snapshot (Snapshot      *snap,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(MfcPdfResult) result = g_object_new (MFC_TYPE_PDF_RESULT, NULL);
  const MfcPdfOptions *options = &snap->options;
  Assembly as = { 0 };
  guint n_threads;
  double budget;
  gboolean split = FALSE, done = FALSE;
  GError *local = NULL;

  for (guint i = 0; i < snap->n_jobs; i++)
    if (!mfc_doc_page_is_editable (snap->jobs[i].page))
      {
        g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_NOT_EDITABLE,
                     _("A DOCX file cannot be combined with other pages into a PDF; send it on its own"));
        return NULL;
      }
  if (snap->n_jobs == 0)
    {
      g_set_error (error, MFC_DOC_ERROR, MFC_DOC_ERROR_READ,
                   _("The document has no pages"));
      return NULL;
    }

  n_threads = options->n_threads > 0 ? options->n_threads : g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, MAX (snap->n_jobs, 1));
  budget = options->limit * SAFETY;

  g_mutex_init (&as.lock);
  g_cond_init (&as.cond);
  as.jobs = snap->jobs;
  as.n_jobs = snap->n_jobs;
  as.cancellable = cancellable;

  /* 1. An equal share for each page, one decode each. */
  as.mode = MODE_SHARE;
  as.share = (budget - PDF_FILE_OVERHEAD) / as.n_jobs - PDF_PAGE_OVERHEAD;
  done = run_pass (&as, options, n_threads, FALSE, result, &local);

  if (!done && local == NULL)
    {
      int step;

      /* 2. Estimate every step of every page, then plan. */
      g_debug ("equal shares came out over the limit; planning from estimates");
      result_reset (result);
      remove_outputs (options, 0);
      as.mode = MODE_PROBE;
      if (run_pass (&as, options, n_threads, FALSE, NULL, &local))
        {
          step = plan_single (&as, budget);
          if (step < 0 && options->allow_split)
            {
              split = TRUE;
              step = plan_split (&as, budget);
            }
          if (step < 0)
            {
              g_autofree char *limit = g_format_size (options->limit);

              g_set_error (&local, MFC_DOC_ERROR, MFC_DOC_ERROR_TOO_LARGE,
                           split ? _("A page does not fit under %s even at 150 dpi; scan it at a lower resolution or in black and white")
                                 : _("The document does not fit under %s even at 150 dpi; split it into parts"),
                           limit);
            }
          /* 3. Encode at the plan's step; a step lower while still too big. */
          for (as.mode = MODE_FORCED; local == NULL && step >= 0 && step < N_STEPS; step++)
            {
              as.forced_step = step;
              result_reset (result);
              remove_outputs (options, snap->n_jobs);
              if (run_pass (&as, options, n_threads, split, result, &local))
                {
                  done = TRUE;
                  break;
                }
            }
          if (!done && local == NULL)
            {
              g_autofree char *limit = g_format_size (options->limit);

              g_set_error (&local, MFC_DOC_ERROR, MFC_DOC_ERROR_TOO_LARGE,
                           _("The document does not fit under %s even at 150 dpi; split it into parts"),
                           limit);
            }
        }
    }

  g_mutex_clear (&as.lock);
  g_cond_clear (&as.cond);

  if (!done)
    {
      remove_outputs (options, snap->n_jobs);
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (&local);
          g_set_error (&local, MFC_DOC_ERROR, MFC_DOC_ERROR_CANCELLED, _("Cancelled"));
        }
      g_propagate_error (error, local);
      return NULL;
    }
  result_take_stats (result, &as);
  return g_steal_pointer (&result);
}

/**
 * mfc_pdf_assemble:
 * @doc: a document (not changed)
 * @options: the limit, the output path and whether to split
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes the PDF (or its parts) and blocks until done: call it from a
 * thread, or use mfc_pdf_assemble_async().  The document's pages are read
 * at the start; edits made meanwhile do not reach this PDF.
 *
 * Returns: (transfer full) (nullable): what was written, or %NULL with
 *   @error set (%MFC_DOC_ERROR_TOO_LARGE when it cannot fit)
 */
MfcPdfResult *
mfc_pdf_assemble (MfcDocument          *doc,
                  const MfcPdfOptions  *options,
                  GCancellable         *cancellable,
                  GError              **error)
{
  Snapshot *snap;
  MfcPdfResult *result;

  g_return_val_if_fail (MFC_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (options != NULL && options->output != NULL, NULL);
  g_return_val_if_fail (options->limit > 0, NULL);

  snap = snapshot_new (doc, options);
  result = assemble_snapshot (snap, cancellable, error);
  snapshot_free (snap);
  mfc_page_memory_release ();
  return result;
}

static void
assemble_thread_cb (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  MfcPdfResult *result = assemble_snapshot (task_data, cancellable, &error);

  mfc_page_memory_release ();
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

/**
 * mfc_pdf_assemble_async:
 * @doc: a document
 * @options: as for mfc_pdf_assemble() (copied)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context when done
 * @user_data: for @callback
 *
 * mfc_pdf_assemble() on a worker thread.
 */
void
mfc_pdf_assemble_async (MfcDocument         *doc,
                        const MfcPdfOptions *options,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MFC_IS_DOCUMENT (doc));
  g_return_if_fail (options != NULL && options->output != NULL);
  g_return_if_fail (options->limit > 0);

  task = g_task_new (doc, cancellable, callback, user_data);
  g_task_set_source_tag (task, mfc_pdf_assemble_async);
  g_task_set_task_data (task, snapshot_new (doc, options), (GDestroyNotify) snapshot_free);
  g_task_run_in_thread (task, assemble_thread_cb);
}

/**
 * mfc_pdf_assemble_finish:
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): what was written
 */
MfcPdfResult *
mfc_pdf_assemble_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mfc_pdf_assemble_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
