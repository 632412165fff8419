/* mfc-scanner.c
 *
 * Simple Scan's request/notify design without its singleton: the scanner
 * object owns a refcounted Worker (the queue, the SANE handle, the cancel
 * generation) that its thread uses; notifications carry a reference to
 * the Worker and find the scanner through a weak reference, so a scanner
 * disposed while pages are in flight just stops hearing about them.
 *
 * Cancel is a generation counter rather than a flag: a scan request
 * remembers the generation it was queued in, so a Cancel that arrives
 * before the worker picks the request up still cancels it, and a later
 * scan is not cancelled by an old Cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-documents"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sane/sane.h>
#include <sane/saneopts.h>

#include "mfc-scanner.h"

/* Statuses of later SANE versions that sane.h keeps under #if 0; some
 * backends return them already.  The numbers are the standard's. */
#define STATUS_WARMING_UP 12
#define STATUS_HW_LOCKED  13

typedef enum {
  REQ_DEVICES,
  REQ_QUERY,
  REQ_SCAN,
  REQ_CLOSE,
  REQ_QUIT,
} RequestKind;

typedef struct {
  RequestKind      kind;
  char            *device;
  MfcScanSettings  settings;
  GHashTable      *extra;    /* backend option name → value */
  gint             generation;
} Request;

typedef struct {
  GAsyncQueue  *queue;
  GMainContext *context;
  GWeakRef      owner;
  MfcPageStore *store;
  gint          generation;  /* bumped by Cancel */
  gint          busy;        /* scan requests queued or running */

  /* The worker thread's own. */
  SANE_Handle   handle;
  char         *open_name;
} Worker;

typedef enum {
  NOTIFY_DEVICES,
  NOTIFY_CAPABILITIES,
  NOTIFY_PAGE_STARTED,
  NOTIFY_PAGE_PROGRESS,
  NOTIFY_PAGE_DONE,
  NOTIFY_ERROR,
  NOTIFY_BATCH_DONE,
} NotifyKind;

typedef struct {
  Worker              *worker;
  NotifyKind           kind;
  guint                page;
  int                  a;
  int                  b;
  MfcDocPage          *doc_page;
  GError              *error;
  GPtrArray           *devices;
  MfcScanCapabilities *caps;
  char                *device;
} Notify;

struct _MfcScanner
{
  GObject     parent_instance;

  Worker     *worker;
  GThread    *thread;
  GPtrArray  *devices;   /* MfcScanDevice */
  GHashTable *extra;     /* backend options for every scan */
};

G_DEFINE_FINAL_TYPE (MfcScanner, mfc_scanner, G_TYPE_OBJECT)

G_DEFINE_QUARK (mfc-scan-error-quark, mfc_scan_error)

G_DEFINE_BOXED_TYPE (MfcScanDevice, mfc_scan_device, mfc_scan_device_copy, mfc_scan_device_free)
G_DEFINE_BOXED_TYPE (MfcScanCapabilities, mfc_scan_capabilities,
                     mfc_scan_capabilities_copy, mfc_scan_capabilities_free)

enum {
  DEVICES_CHANGED,
  CAPABILITIES,
  PAGE_STARTED,
  PAGE_PROGRESS,
  PAGE_DONE,
  SCAN_ERROR,
  BATCH_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- boxed types ---- */

MfcScanDevice *
mfc_scan_device_copy (const MfcScanDevice *device)
{
  MfcScanDevice *copy = g_new0 (MfcScanDevice, 1);

  copy->name = g_strdup (device->name);
  copy->label = g_strdup (device->label);
  return copy;
}

void
mfc_scan_device_free (MfcScanDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->label);
  g_free (device);
}

MfcScanCapabilities *
mfc_scan_capabilities_copy (const MfcScanCapabilities *caps)
{
  MfcScanCapabilities *copy = g_memdup2 (caps, sizeof *caps);

  copy->resolutions = g_array_copy (caps->resolutions);
  return copy;
}

void
mfc_scan_capabilities_free (MfcScanCapabilities *caps)
{
  if (caps == NULL)
    return;
  g_array_unref (caps->resolutions);
  g_free (caps);
}

/* ---- SANE statuses ---- */

/**
 * mfc_scan_status_error_code:
 * @sane_status: a SANE_Status
 *
 * Returns: the #MfcScanError for it
 */
int
mfc_scan_status_error_code (int sane_status)
{
  switch (sane_status)
    {
    case SANE_STATUS_DEVICE_BUSY: return MFC_SCAN_ERROR_BUSY;
    case SANE_STATUS_JAMMED: return MFC_SCAN_ERROR_JAMMED;
    case SANE_STATUS_NO_DOCS: return MFC_SCAN_ERROR_NO_DOCS;
    case SANE_STATUS_COVER_OPEN: return MFC_SCAN_ERROR_COVER_OPEN;
    case SANE_STATUS_IO_ERROR: return MFC_SCAN_ERROR_IO;
    case SANE_STATUS_NO_MEM: return MFC_SCAN_ERROR_NO_MEM;
    case SANE_STATUS_ACCESS_DENIED: return MFC_SCAN_ERROR_ACCESS_DENIED;
    case SANE_STATUS_UNSUPPORTED: return MFC_SCAN_ERROR_UNSUPPORTED;
    case STATUS_WARMING_UP: return MFC_SCAN_ERROR_WARMING_UP;
    case STATUS_HW_LOCKED: return MFC_SCAN_ERROR_LOCKED;
    default: return MFC_SCAN_ERROR_FAILED;
    }
}

/**
 * mfc_scan_status_message:
 * @sane_status: a SANE_Status
 *
 * Returns: (transfer none): what the clerk is told, translated
 */
const char *
mfc_scan_status_message (int sane_status)
{
  switch (sane_status)
    {
    case SANE_STATUS_DEVICE_BUSY:
      return _("The scanner is busy with another program; try again in a moment");
    case SANE_STATUS_JAMMED:
      return _("Paper is jammed in the feeder; take it out and scan again");
    case SANE_STATUS_NO_DOCS:
      return _("There is no paper in the feeder");
    case SANE_STATUS_COVER_OPEN:
      return _("The scanner cover is open; close it and try again");
    case SANE_STATUS_IO_ERROR:
      return _("The connection to the scanner failed; check the cable and try again");
    case SANE_STATUS_NO_MEM:
      return _("Not enough memory to scan");
    case SANE_STATUS_ACCESS_DENIED:
      return _("No permission to use the scanner");
    case SANE_STATUS_UNSUPPORTED:
      return _("The scanner cannot do this");
    case STATUS_WARMING_UP:
      return _("The scanner lamp is warming up; try again in a moment");
    case STATUS_HW_LOCKED:
      return _("The scanner is locked for transport; unlock it first");
    case SANE_STATUS_CANCELLED:
      return _("Scanning was cancelled");
    default:
      return _("The scanner reported an error");
    }
}

static GError *
status_error (SANE_Status status)
{
  return g_error_new_literal (MFC_SCAN_ERROR, mfc_scan_status_error_code (status),
                              mfc_scan_status_message (status));
}

static GError *
no_device_error (void)
{
  return g_error_new_literal (MFC_SCAN_ERROR, MFC_SCAN_ERROR_NO_DEVICE,
                              _("The scanner is not connected or is switched off"));
}

/* ---- the test backend ---- */

static gboolean sane_started;

/**
 * mfc_scanner_use_test_backend:
 * @config_dir: a folder of our own for SANE's configuration
 * @error: return location for an error
 *
 * Writes a SANE configuration that enables only the `test` backend (the
 * system's test.conf is copied when there is one) and points
 * SANE_CONFIG_DIR at it.  Call before the first scanner is made.
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_scanner_use_test_backend (const char  *config_dir,
                              GError     **error)
{
  g_autofree char *dll = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *system_conf = NULL;

  g_return_val_if_fail (config_dir != NULL, FALSE);

  if (sane_started)
    g_warning ("mfc_scanner_use_test_backend() after SANE started: it takes effect next start");
  if (g_mkdir_with_parents (config_dir, 0700) != 0)
    {
      g_set_error (error, MFC_SCAN_ERROR, MFC_SCAN_ERROR_FAILED,
                   _("Could not set up the training scanner: %s"), g_strerror (errno));
      return FALSE;
    }
  dll = g_build_filename (config_dir, "dll.conf", NULL);
  conf = g_build_filename (config_dir, "test.conf", NULL);
  if (!g_file_set_contents (dll, "test\n", -1, error))
    return FALSE;
  if (!g_file_get_contents ("/etc/sane.d/test.conf", &system_conf, NULL, NULL))
    system_conf = g_strdup ("number_of_devices 2\n");
  if (!g_file_set_contents (conf, system_conf, -1, error))
    return FALSE;
  g_setenv ("SANE_CONFIG_DIR", config_dir, TRUE);
  return TRUE;
}

/**
 * mfc_scanner_use_demo_backend:
 * @error: return location for an error
 *
 * mfc_scanner_use_test_backend() in the user cache
 * (`$XDG_CACHE_HOME/mfc-desk/sane`): what `mfc-desk --demo` calls.
 *
 * Returns: %TRUE on success
 */
gboolean
mfc_scanner_use_demo_backend (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "mfc-desk", "sane", NULL);

  return mfc_scanner_use_test_backend (dir, error);
}

/* ---- requests and notifications ---- */

static void
request_free (Request *req)
{
  g_free (req->device);
  g_clear_pointer (&req->extra, g_hash_table_unref);
  g_free (req);
}

static void
worker_clear (Worker *worker)
{
  g_async_queue_unref (worker->queue);
  g_main_context_unref (worker->context);
  g_weak_ref_clear (&worker->owner);
  g_clear_object (&worker->store);
  g_free (worker->open_name);
}

static void
notify_free (gpointer data)
{
  Notify *n = data;

  g_atomic_rc_box_release_full (n->worker, (GDestroyNotify) worker_clear);
  g_clear_object (&n->doc_page);
  g_clear_error (&n->error);
  g_clear_pointer (&n->devices, g_ptr_array_unref);
  g_clear_pointer (&n->caps, mfc_scan_capabilities_free);
  g_free (n->device);
  g_free (n);
}

static gboolean
notify_cb (gpointer data)
{
  Notify *n = data;
  g_autoptr(MfcScanner) self = g_weak_ref_get (&n->worker->owner);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  switch (n->kind)
    {
    case NOTIFY_DEVICES:
      g_ptr_array_unref (self->devices);
      self->devices = g_ptr_array_ref (n->devices);
      g_signal_emit (self, signals[DEVICES_CHANGED], 0);
      break;
    case NOTIFY_CAPABILITIES:
      g_signal_emit (self, signals[CAPABILITIES], 0, n->device, n->caps);
      break;
    case NOTIFY_PAGE_STARTED:
      g_signal_emit (self, signals[PAGE_STARTED], 0, n->page, n->a, n->b);
      break;
    case NOTIFY_PAGE_PROGRESS:
      g_signal_emit (self, signals[PAGE_PROGRESS], 0, n->page, n->a, n->b);
      break;
    case NOTIFY_PAGE_DONE:
      g_signal_emit (self, signals[PAGE_DONE], 0, n->page, n->doc_page);
      break;
    case NOTIFY_ERROR:
      g_signal_emit (self, signals[SCAN_ERROR], 0, n->error);
      break;
    case NOTIFY_BATCH_DONE:
      g_atomic_int_dec_and_test (&n->worker->busy);
      g_signal_emit (self, signals[BATCH_DONE], 0, n->page, (gboolean) n->a);
      break;
    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

static Notify *
notify_new (Worker     *worker,
            NotifyKind  kind)
{
  Notify *n = g_new0 (Notify, 1);

  n->worker = g_atomic_rc_box_acquire (worker);
  n->kind = kind;
  return n;
}

/* Not g_main_context_invoke(): when the scanner's context is the global
 * default one and the main thread is not iterating it at that moment, the
 * worker thread could acquire it and run the callback itself, emitting
 * the signals on the wrong thread.  An idle source always runs in the
 * thread that iterates the context, and sources of one priority run in
 * the order they were attached, so notifications keep their order. */
static void
notify_send (Notify *n)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, notify_cb, n, notify_free);
  g_source_set_static_name (source, "[mfc-scanner] notify");
  g_source_attach (source, n->worker->context);
  g_source_unref (source);
}

static void
send_error (Worker *worker,
            GError *error)
{
  Notify *n = notify_new (worker, NOTIFY_ERROR);

  n->error = error;
  notify_send (n);
}

/* ---- the worker: SANE options ---- */

static int
find_option (SANE_Handle                    handle,
             const char                    *name,
             const SANE_Option_Descriptor **out)
{
  SANE_Int count = 0;

  if (sane_control_option (handle, 0, SANE_ACTION_GET_VALUE, &count, NULL) != SANE_STATUS_GOOD)
    return -1;
  for (SANE_Int i = 1; i < count; i++)
    {
      const SANE_Option_Descriptor *d = sane_get_option_descriptor (handle, i);

      if (d != NULL && d->name != NULL && strcmp (d->name, name) == 0 &&
          SANE_OPTION_IS_ACTIVE (d->cap))
        {
          if (out != NULL)
            *out = d;
          return i;
        }
    }
  return -1;
}

/* The first string of the option's list for which @match says yes. */
static const char *
pick_string (const SANE_Option_Descriptor *d,
             gboolean (*match) (const char *value, gpointer data),
             gpointer data)
{
  if (d->type != SANE_TYPE_STRING || d->constraint_type != SANE_CONSTRAINT_STRING_LIST)
    return NULL;
  for (const SANE_String_Const *s = d->constraint.string_list; *s != NULL; s++)
    if (match (*s, data))
      return *s;
  return NULL;
}

static gboolean
match_equal (const char *value,
             gpointer    data)
{
  return g_ascii_strcasecmp (value, data) == 0;
}

static gboolean
match_source (const char *value,
              gpointer    data)
{
  MfcScanSource want = GPOINTER_TO_INT (data);
  g_autofree char *v = g_ascii_strdown (value, -1);
  gboolean feeder = strstr (v, "adf") != NULL || strstr (v, "feeder") != NULL;
  gboolean duplex = strstr (v, "duplex") != NULL;

  switch (want)
    {
    case MFC_SCAN_SOURCE_FLATBED:
      return strstr (v, "flatbed") != NULL || strstr (v, "normal") != NULL;
    case MFC_SCAN_SOURCE_ADF:
      return feeder && !duplex;
    case MFC_SCAN_SOURCE_ADF_DUPLEX:
      return duplex;
    default:
      return FALSE;
    }
}

static SANE_Status
set_string (SANE_Handle handle,
            int         index,
            const char *value)
{
  const SANE_Option_Descriptor *d = sane_get_option_descriptor (handle, index);
  g_autofree char *buffer = g_malloc0 (MAX ((gsize) d->size, strlen (value) + 1));

  strcpy (buffer, value);
  return sane_control_option (handle, index, SANE_ACTION_SET_VALUE, buffer, NULL);
}

/* Sets a number option (int or fixed), to the allowed value nearest @want. */
static SANE_Status
set_number (SANE_Handle                   handle,
            int                           index,
            const SANE_Option_Descriptor *d,
            double                        want)
{
  gboolean fixed = d->type == SANE_TYPE_FIXED;
  double best = want;
  SANE_Word word;

  if (d->constraint_type == SANE_CONSTRAINT_RANGE)
    {
      double min = fixed ? SANE_UNFIX (d->constraint.range->min) : d->constraint.range->min;
      double max = fixed ? SANE_UNFIX (d->constraint.range->max) : d->constraint.range->max;
      double quant = fixed ? SANE_UNFIX (d->constraint.range->quant) : d->constraint.range->quant;

      best = CLAMP (want, min, max);
      if (quant > 0)
        best = min + floor ((best - min) / quant + 0.5) * quant;
    }
  else if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST)
    {
      const SANE_Word *list = d->constraint.word_list;

      for (int i = 1; i <= list[0]; i++)
        {
          double v = fixed ? SANE_UNFIX (list[i]) : list[i];

          if (i == 1 || fabs (v - want) < fabs (best - want))
            best = v;
        }
    }
  word = fixed ? SANE_FIX (best) : (SANE_Word) lround (best);
  return sane_control_option (handle, index, SANE_ACTION_SET_VALUE, &word, NULL);
}

static double
range_max (const SANE_Option_Descriptor *d)
{
  gboolean fixed = d->type == SANE_TYPE_FIXED;

  if (d->constraint_type == SANE_CONSTRAINT_RANGE)
    return fixed ? SANE_UNFIX (d->constraint.range->max) : d->constraint.range->max;
  return 0;
}

static SANE_Status
open_device (Worker      *worker,
             const char  *name)
{
  SANE_Status status;

  if (worker->handle != NULL && g_strcmp0 (worker->open_name, name) == 0)
    return SANE_STATUS_GOOD;
  if (worker->handle != NULL)
    {
      sane_close (worker->handle);
      worker->handle = NULL;
      g_clear_pointer (&worker->open_name, g_free);
    }
  status = sane_open (name, &worker->handle);
  if (status != SANE_STATUS_GOOD)
    {
      worker->handle = NULL;
      return status;
    }
  worker->open_name = g_strdup (name);
  return SANE_STATUS_GOOD;
}

static void
close_device (Worker *worker)
{
  if (worker->handle == NULL)
    return;
  sane_close (worker->handle);
  worker->handle = NULL;
  g_clear_pointer (&worker->open_name, g_free);
}

static GError *
open_error (SANE_Status status)
{
  /* SANE says INVAL (and some backends IO_ERROR) for a device not there. */
  if (status == SANE_STATUS_INVAL || status == SANE_STATUS_IO_ERROR)
    return no_device_error ();
  return status_error (status);
}

static void
do_devices (Worker *worker)
{
  const SANE_Device **list = NULL;
  GPtrArray *devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_scan_device_free);
  Notify *n;

  if (sane_get_devices (&list, SANE_FALSE) == SANE_STATUS_GOOD && list != NULL)
    for (int i = 0; list[i] != NULL; i++)
      {
        MfcScanDevice *device = g_new0 (MfcScanDevice, 1);

        device->name = g_strdup (list[i]->name);
        device->label = g_strdup_printf ("%s %s", list[i]->vendor, list[i]->model);
        g_ptr_array_add (devices, device);
      }
  n = notify_new (worker, NOTIFY_DEVICES);
  n->devices = devices;
  notify_send (n);
}

static void
do_query (Worker  *worker,
          Request *req)
{
  static const int usual[] = { 75, 100, 150, 200, 300, 400, 600, 1200 };
  const SANE_Option_Descriptor *d;
  MfcScanCapabilities *caps;
  SANE_Status status;
  Notify *n;
  int index;

  status = open_device (worker, req->device);
  if (status != SANE_STATUS_GOOD)
    {
      send_error (worker, open_error (status));
      return;
    }
  caps = g_new0 (MfcScanCapabilities, 1);
  caps->resolutions = g_array_new (FALSE, FALSE, sizeof (int));

  if ((index = find_option (worker->handle, SANE_NAME_SCAN_SOURCE, &d)) >= 0)
    {
      for (int s = MFC_SCAN_SOURCE_FLATBED; s <= MFC_SCAN_SOURCE_ADF_DUPLEX; s++)
        if (pick_string (d, match_source, GINT_TO_POINTER (s)) != NULL)
          caps->sources |= 1u << s;
    }
  if (caps->sources == 0)
    caps->sources = 1u << MFC_SCAN_SOURCE_FLATBED;

  if ((index = find_option (worker->handle, SANE_NAME_SCAN_MODE, &d)) >= 0)
    {
      if (pick_string (d, match_equal, (gpointer) SANE_VALUE_SCAN_MODE_COLOR))
        caps->modes |= 1u << MFC_SCAN_MODE_COLOR;
      if (pick_string (d, match_equal, (gpointer) SANE_VALUE_SCAN_MODE_GRAY))
        caps->modes |= 1u << MFC_SCAN_MODE_GRAY;
      if (pick_string (d, match_equal, (gpointer) SANE_VALUE_SCAN_MODE_LINEART) ||
          ((caps->modes & (1u << MFC_SCAN_MODE_GRAY)) &&
           find_option (worker->handle, SANE_NAME_BIT_DEPTH, NULL) >= 0))
        caps->modes |= 1u << MFC_SCAN_MODE_LINEART;
    }

  if ((index = find_option (worker->handle, SANE_NAME_SCAN_RESOLUTION, &d)) >= 0)
    for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
      {
        gboolean ok = FALSE;
        gboolean fixed = d->type == SANE_TYPE_FIXED;

        if (d->constraint_type == SANE_CONSTRAINT_RANGE)
          ok = usual[i] >= (fixed ? SANE_UNFIX (d->constraint.range->min) : d->constraint.range->min) &&
               usual[i] <= range_max (d);
        else if (d->constraint_type == SANE_CONSTRAINT_WORD_LIST)
          for (int k = 1; k <= d->constraint.word_list[0]; k++)
            ok = ok || lround (fixed ? SANE_UNFIX (d->constraint.word_list[k])
                                     : d->constraint.word_list[k]) == usual[i];
        if (ok)
          g_array_append_val (caps->resolutions, usual[i]);
      }

  if (find_option (worker->handle, SANE_NAME_SCAN_BR_X, &d) >= 0)
    caps->max_width_mm = range_max (d);
  if (find_option (worker->handle, SANE_NAME_SCAN_BR_Y, &d) >= 0)
    caps->max_height_mm = range_max (d);
  caps->page_sizes = 1u << MFC_SCAN_PAGE_SIZE_MAX;
  if (caps->max_width_mm >= 210 && caps->max_height_mm >= 297)
    caps->page_sizes |= 1u << MFC_SCAN_PAGE_SIZE_A4;
  if (caps->max_width_mm >= 148 && caps->max_height_mm >= 210)
    caps->page_sizes |= 1u << MFC_SCAN_PAGE_SIZE_A5;

  n = notify_new (worker, NOTIFY_CAPABILITIES);
  n->device = g_strdup (req->device);
  n->caps = caps;
  notify_send (n);
}

static void
apply_settings (Worker  *worker,
                Request *req)
{
  SANE_Handle h = worker->handle;
  const SANE_Option_Descriptor *d;
  const char *value;
  GHashTableIter iter;
  gpointer key, val;
  int index;

  if ((index = find_option (h, SANE_NAME_SCAN_SOURCE, &d)) >= 0 &&
      (value = pick_string (d, match_source, GINT_TO_POINTER (req->settings.source))) != NULL)
    set_string (h, index, value);

  if ((index = find_option (h, SANE_NAME_SCAN_MODE, &d)) >= 0)
    {
      const char *mode = req->settings.mode == MFC_SCAN_MODE_COLOR ? SANE_VALUE_SCAN_MODE_COLOR
                       : req->settings.mode == MFC_SCAN_MODE_GRAY ? SANE_VALUE_SCAN_MODE_GRAY
                       : SANE_VALUE_SCAN_MODE_LINEART;

      value = pick_string (d, match_equal, (gpointer) mode);
      /* No Lineart mode: grey at 1 bit is the same thing. */
      if (value == NULL && req->settings.mode == MFC_SCAN_MODE_LINEART)
        value = pick_string (d, match_equal, (gpointer) SANE_VALUE_SCAN_MODE_GRAY);
      if (value != NULL)
        set_string (h, index, value);
    }
  if ((index = find_option (h, SANE_NAME_BIT_DEPTH, &d)) >= 0)
    set_number (h, index, d, req->settings.mode == MFC_SCAN_MODE_LINEART ? 1 : 8);

  if ((index = find_option (h, SANE_NAME_SCAN_RESOLUTION, &d)) >= 0)
    set_number (h, index, d, req->settings.dpi > 0 ? req->settings.dpi : 300);

  {
    double w = 0, hh = 0;

    if (req->settings.page_size == MFC_SCAN_PAGE_SIZE_A4)
      w = 210, hh = 297;
    else if (req->settings.page_size == MFC_SCAN_PAGE_SIZE_A5)
      w = 148, hh = 210;
    if ((index = find_option (h, SANE_NAME_SCAN_TL_X, &d)) >= 0)
      set_number (h, index, d, 0);
    if ((index = find_option (h, SANE_NAME_SCAN_TL_Y, &d)) >= 0)
      set_number (h, index, d, 0);
    if ((index = find_option (h, SANE_NAME_SCAN_BR_X, &d)) >= 0)
      set_number (h, index, d, w > 0 ? w : range_max (d));
    if ((index = find_option (h, SANE_NAME_SCAN_BR_Y, &d)) >= 0)
      set_number (h, index, d, hh > 0 ? hh : range_max (d));
  }

  /* The test device draws black pages unless told otherwise. */
  if (g_str_has_prefix (req->device, "test") &&
      (req->extra == NULL || !g_hash_table_contains (req->extra, "test-picture")) &&
      (index = find_option (h, "test-picture", &d)) >= 0)
    set_string (h, index, "Color pattern");

  if (req->extra != NULL)
    {
      g_hash_table_iter_init (&iter, req->extra);
      while (g_hash_table_iter_next (&iter, &key, &val))
        {
          SANE_Bool b;

          if ((index = find_option (h, key, &d)) < 0)
            {
              g_debug ("backend option %s: not offered", (const char *) key);
              continue;
            }
          switch (d->type)
            {
            case SANE_TYPE_STRING:
              set_string (h, index, val);
              break;
            case SANE_TYPE_BOOL:
              b = g_ascii_strcasecmp (val, "yes") == 0 || g_ascii_strcasecmp (val, "true") == 0;
              sane_control_option (h, index, SANE_ACTION_SET_VALUE, &b, NULL);
              break;
            case SANE_TYPE_INT:
            case SANE_TYPE_FIXED:
              set_number (h, index, d, g_ascii_strtod (val, NULL));
              break;
            default:
              break;
            }
        }
    }
}

static gboolean
cancelled (Worker  *worker,
           Request *req)
{
  return g_atomic_int_get (&worker->generation) != req->generation;
}

/* Cancel mid-page reads the rest of the page and throws it away before
 * sane_cancel().  Backends built on sanei_thread (the test device and
 * many USB ones) stop a reader thread that is still running with an
 * asynchronous pthread_cancel(); caught inside malloc() it leaves the
 * allocator's lock held, and the next scan hangs (seen about once in ten
 * runs of test-scanner on a loaded machine).  A reader that has written
 * its whole page has ended by itself. */
static void
drain_page (SANE_Handle  handle,
            guint8      *buffer,
            gsize        size)
{
  SANE_Int len = 0;

  while (sane_read (handle, buffer, (SANE_Int) size, &len) == SANE_STATUS_GOOD)
    ;
}

/* The threads of this process, or -1 where /proc cannot tell. */
static int
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  int n = 0;

  if (dir == NULL)
    return -1;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The whole page is here, and the read that reports its end stops the
 * reader thread asynchronously wherever it is (see drain_page): while it
 * frees its buffer, that hangs the next scan.  Its work is done, so we
 * let it end by itself first: until the process is back to the threads
 * it had before sane_start(), at most 200 ms. */
static void
wait_for_reader (int threads_before)
{
  if (threads_before < 0)
    {
      g_usleep (20 * G_TIME_SPAN_MILLISECOND);
      return;
    }
  for (int i = 0; i < 40 && count_threads () > threads_before; i++)
    g_usleep (5 * G_TIME_SPAN_MILLISECOND);
}

/* Turns what sane_read() gave into 8-bit pixels. */
static MfcPageImage *
make_image (const SANE_Parameters *p,
            const guint8          *data,
            int                    lines,
            double                 dpi,
            gboolean              *bilevel)
{
  gboolean colour = p->format == SANE_FRAME_RGB;
  MfcPageImage *image = mfc_page_image_new (colour ? MFC_PIXEL_FORMAT_RGB8 : MFC_PIXEL_FORMAT_GRAY8,
                                            p->pixels_per_line, lines, dpi);
  int samples = p->pixels_per_line * (colour ? 3 : 1);

  *bilevel = p->depth == 1;
  for (int y = 0; y < lines; y++)
    {
      const guint8 *s = data + (gsize) y * p->bytes_per_line;
      guint8 *d = image->data + (gsize) y * image->stride;

      if (p->depth == 8)
        memcpy (d, s, (gsize) samples);
      else if (p->depth == 16)
        for (int i = 0; i < samples; i++)
          d[i] = (guint8) (((const guint16 *) s)[i] >> 8);
      else
        /* SANE lineart: 1 is black. */
        for (int i = 0; i < samples; i++)
          d[i] = (s[i / 8] & (0x80 >> (i % 8))) ? 0 : 255;
    }
  return image;
}

static gboolean
resolution_of (SANE_Handle  handle,
               double      *dpi)
{
  const SANE_Option_Descriptor *d;
  int index = find_option (handle, SANE_NAME_SCAN_RESOLUTION, &d);
  SANE_Word word;

  if (index < 0 || sane_control_option (handle, index, SANE_ACTION_GET_VALUE, &word, NULL) != SANE_STATUS_GOOD)
    return FALSE;
  *dpi = d->type == SANE_TYPE_FIXED ? SANE_UNFIX (word) : word;
  return TRUE;
}

static void
do_scan (Worker  *worker,
         Request *req)
{
  gboolean feeder = req->settings.source != MFC_SCAN_SOURCE_FLATBED;
  gboolean was_cancelled = FALSE;
  guint page = 0;
  double dpi = 300;
  SANE_Status status;
  Notify *n;

  status = open_device (worker, req->device);
  if (status != SANE_STATUS_GOOD)
    {
      send_error (worker, open_error (status));
      goto done;
    }
  apply_settings (worker, req);
  resolution_of (worker->handle, &dpi);

  while (!(was_cancelled = cancelled (worker, req)))
    {
      SANE_Parameters p;
      g_autoptr(GByteArray) data = NULL;
      g_autoptr(MfcPageImage) image = NULL;
      g_autoptr(GError) error = NULL;
      MfcDocPage *doc_page;
      gboolean bilevel;
      int lines, last_reported = 0, step;
      gboolean page_complete = FALSE;
      int threads_before;
      guint8 buffer[64 * 1024];

      threads_before = count_threads ();
      status = sane_start (worker->handle);
      if (status == SANE_STATUS_NO_DOCS && feeder && page > 0)
        break;   /* the feeder is empty: the batch is done */
      if (status == SANE_STATUS_CANCELLED)
        {
          was_cancelled = TRUE;
          break;
        }
      if (status != SANE_STATUS_GOOD)
        {
          send_error (worker, status_error (status));
          break;
        }
      if (sane_get_parameters (worker->handle, &p) != SANE_STATUS_GOOD ||
          (p.format != SANE_FRAME_GRAY && p.format != SANE_FRAME_RGB) ||
          p.bytes_per_line <= 0 || p.pixels_per_line <= 0)
        {
          send_error (worker, status_error (SANE_STATUS_UNSUPPORTED));
          break;
        }

      page++;
      n = notify_new (worker, NOTIFY_PAGE_STARTED);
      n->page = page;
      n->a = p.pixels_per_line;
      n->b = p.lines;
      notify_send (n);

      data = g_byte_array_sized_new (p.lines > 0 ? (guint) p.bytes_per_line * p.lines : 1 << 20);
      step = p.lines > 0 ? MAX (p.lines / 50, 1) : 64;
      for (;;)
        {
          SANE_Int len = 0;

          if (cancelled (worker, req))
            {
              was_cancelled = TRUE;
              drain_page (worker->handle, buffer, sizeof buffer);
              break;
            }
          status = sane_read (worker->handle, buffer, sizeof buffer, &len);
          if (status == SANE_STATUS_EOF)
            break;
          if (status != SANE_STATUS_GOOD)
            break;
          g_byte_array_append (data, buffer, (guint) len);
          lines = (int) (data->len / (guint) p.bytes_per_line);
          if (p.lines > 0 && lines >= p.lines && !page_complete)
            {
              page_complete = TRUE;
              wait_for_reader (threads_before);
            }
          if (lines - last_reported >= step)
            {
              last_reported = lines;
              n = notify_new (worker, NOTIFY_PAGE_PROGRESS);
              n->page = page;
              n->a = lines;
              n->b = p.lines;
              notify_send (n);
            }
        }
      if (was_cancelled || status == SANE_STATUS_CANCELLED)
        {
          was_cancelled = TRUE;
          break;
        }
      if (status != SANE_STATUS_EOF)
        {
          send_error (worker, status_error (status));
          /* The reader thread may still be starting (allocating) when the
           * first read already failed; sane_cancel() below would cancel
           * it there (see drain_page).  A moment lets it reach its
           * blocking write, where a cancel is harmless. */
          g_usleep (50 * G_TIME_SPAN_MILLISECOND);
          break;
        }

      lines = (int) (data->len / (guint) p.bytes_per_line);
      if (p.lines > 0)
        lines = MIN (lines, p.lines);
      if (lines <= 0)
        {
          send_error (worker, status_error (SANE_STATUS_IO_ERROR));
          break;
        }
      image = make_image (&p, data->data, lines, dpi, &bilevel);
      g_clear_pointer (&data, g_byte_array_unref);
      doc_page = mfc_page_store_save_image (worker->store, image, bilevel, &error);
      if (doc_page == NULL)
        {
          GError *store_error = g_error_new_literal (MFC_SCAN_ERROR, MFC_SCAN_ERROR_STORE,
                                                     error->message);

          send_error (worker, store_error);
          break;
        }
      /* The back of a one-sided sheet: offered for removal. */
      if (feeder)
        mfc_doc_page_set_blank (doc_page, mfc_page_image_is_blank (image));
      n = notify_new (worker, NOTIFY_PAGE_DONE);
      n->page = page;
      n->doc_page = doc_page;
      notify_send (n);

      if (!feeder)
        break;
    }
  sane_cancel (worker->handle);

done:
  n = notify_new (worker, NOTIFY_BATCH_DONE);
  n->page = page;
  n->a = was_cancelled;
  notify_send (n);
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  SANE_Int version = 0;
  gboolean quit = FALSE;

  sane_init (&version, NULL);
  while (!quit)
    {
      Request *req = g_async_queue_pop (worker->queue);

      switch (req->kind)
        {
        case REQ_DEVICES:
          do_devices (worker);
          break;
        case REQ_QUERY:
          do_query (worker, req);
          break;
        case REQ_SCAN:
          do_scan (worker, req);
          break;
        case REQ_CLOSE:
          close_device (worker);
          break;
        case REQ_QUIT:
        default:
          quit = TRUE;
          break;
        }
      request_free (req);
    }
  close_device (worker);
  sane_exit ();
  g_atomic_rc_box_release_full (worker, (GDestroyNotify) worker_clear);
  return NULL;
}

static void
push (MfcScanner *self,
      Request    *req)
{
  if (self->thread == NULL)
    {
      sane_started = TRUE;
      self->thread = g_thread_new ("mfc-scanner", worker_thread,
                                   g_atomic_rc_box_acquire (self->worker));
    }
  g_async_queue_push (self->worker->queue, req);
}

/* ---- GObject ---- */

static void
mfc_scanner_dispose (GObject *object)
{
  MfcScanner *self = MFC_SCANNER (object);

  if (self->thread != NULL)
    {
      Request *req = g_new0 (Request, 1);

      /* Stop a batch in flight, then let the thread close SANE. */
      g_atomic_int_inc (&self->worker->generation);
      req->kind = REQ_QUIT;
      g_async_queue_push_front (self->worker->queue, req);
      g_thread_join (self->thread);
      self->thread = NULL;
    }

  G_OBJECT_CLASS (mfc_scanner_parent_class)->dispose (object);
}

static void
mfc_scanner_finalize (GObject *object)
{
  MfcScanner *self = MFC_SCANNER (object);

  g_atomic_rc_box_release_full (self->worker, (GDestroyNotify) worker_clear);
  g_ptr_array_unref (self->devices);
  g_hash_table_unref (self->extra);

  G_OBJECT_CLASS (mfc_scanner_parent_class)->finalize (object);
}

static void
mfc_scanner_class_init (MfcScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mfc_scanner_dispose;
  object_class->finalize = mfc_scanner_finalize;

  /**
   * MfcScanner::devices-changed:
   *
   * mfc_scanner_get_devices() has the list found by the last refresh.
   */
  signals[DEVICES_CHANGED] =
    g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * MfcScanner::capabilities:
   * @device: the device name
   * @caps: (type MfcScanCapabilities): what it offers
   */
  signals[CAPABILITIES] =
    g_signal_new ("capabilities", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING, MFC_TYPE_SCAN_CAPABILITIES | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * MfcScanner::page-started:
   * @page: the page number in the batch, from 1
   * @width: pixels per line
   * @height: lines, or -1 when the device does not know
   */
  signals[PAGE_STARTED] =
    g_signal_new ("page-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_INT, G_TYPE_INT);
  /**
   * MfcScanner::page-progress:
   * @page: the page number
   * @lines_read: lines read so far
   * @lines: lines in all, or -1
   */
  signals[PAGE_PROGRESS] =
    g_signal_new ("page-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_INT, G_TYPE_INT);
  /**
   * MfcScanner::page-done:
   * @page: the page number
   * @doc_page: the page, already saved in the page store
   */
  signals[PAGE_DONE] =
    g_signal_new ("page-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, MFC_TYPE_DOC_PAGE);
  /**
   * MfcScanner::scan-error:
   * @error: (type GError): an %MFC_SCAN_ERROR with the clerk's message
   */
  signals[SCAN_ERROR] =
    g_signal_new ("scan-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * MfcScanner::batch-done:
   * @n_pages: how many pages were scanned
   * @cancelled: whether Cancel stopped it
   *
   * Always the last word of a mfc_scanner_scan(), after any scan-error.
   */
  signals[BATCH_DONE] =
    g_signal_new ("batch-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
mfc_scanner_init (MfcScanner *self)
{
  self->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) mfc_scan_device_free);
  self->extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* ---- public ---- */

/**
 * mfc_scanner_new:
 * @store: where scanned pages are saved
 *
 * The worker thread starts with the first request.  Signals are emitted
 * in the thread-default main context of the caller.
 *
 * Returns: (transfer full): a scanner
 */
MfcScanner *
mfc_scanner_new (MfcPageStore *store)
{
  MfcScanner *self;

  g_return_val_if_fail (MFC_IS_PAGE_STORE (store), NULL);

  self = g_object_new (MFC_TYPE_SCANNER, NULL);
  self->worker = g_atomic_rc_box_new0 (Worker);
  self->worker->queue = g_async_queue_new_full ((GDestroyNotify) request_free);
  self->worker->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->worker->owner, self);
  self->worker->store = g_object_ref (store);
  return self;
}

static Request *
request_new (MfcScanner  *self,
             RequestKind  kind,
             const char  *device)
{
  Request *req = g_new0 (Request, 1);

  req->kind = kind;
  req->device = g_strdup (device);
  req->generation = g_atomic_int_get (&self->worker->generation);
  return req;
}

/**
 * mfc_scanner_refresh:
 * @self: a scanner
 *
 * Looks for devices again; ::devices-changed follows.
 */
void
mfc_scanner_refresh (MfcScanner *self)
{
  g_return_if_fail (MFC_IS_SCANNER (self));
  push (self, request_new (self, REQ_DEVICES, NULL));
}

/**
 * mfc_scanner_get_devices:
 * @self: a scanner
 *
 * Returns: (transfer none) (element-type MfcScanDevice): the devices the
 *   last refresh found
 */
GPtrArray *
mfc_scanner_get_devices (MfcScanner *self)
{
  g_return_val_if_fail (MFC_IS_SCANNER (self), NULL);
  return self->devices;
}

/**
 * mfc_scanner_query:
 * @self: a scanner
 * @device: a device name
 *
 * Asks what @device offers; ::capabilities (or ::scan-error) follows.
 */
void
mfc_scanner_query (MfcScanner *self,
                   const char *device)
{
  g_return_if_fail (MFC_IS_SCANNER (self));
  g_return_if_fail (device != NULL);
  push (self, request_new (self, REQ_QUERY, device));
}

/**
 * mfc_scanner_set_backend_option:
 * @self: a scanner
 * @name: a SANE option name (e.g. "test-picture")
 * @value: (nullable): its value as text; %NULL forgets it
 *
 * A device-specific option applied to every later scan.
 */
void
mfc_scanner_set_backend_option (MfcScanner *self,
                                const char *name,
                                const char *value)
{
  g_return_if_fail (MFC_IS_SCANNER (self));
  g_return_if_fail (name != NULL);

  if (value == NULL)
    g_hash_table_remove (self->extra, name);
  else
    g_hash_table_replace (self->extra, g_strdup (name), g_strdup (value));
}

/**
 * mfc_scanner_scan:
 * @self: a scanner
 * @device: a device name
 * @settings: source, mode, resolution and size
 *
 * Scans a page (flatbed) or the whole feeder; the signals tell how it
 * goes, ::batch-done last.
 */
void
mfc_scanner_scan (MfcScanner            *self,
                  const char            *device,
                  const MfcScanSettings *settings)
{
  Request *req;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (MFC_IS_SCANNER (self));
  g_return_if_fail (device != NULL && settings != NULL);

  req = request_new (self, REQ_SCAN, device);
  req->settings = *settings;
  req->extra = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, self->extra);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (req->extra, g_strdup (key), g_strdup (value));
  g_atomic_int_inc (&self->worker->busy);
  push (self, req);
}

/**
 * mfc_scanner_cancel:
 * @self: a scanner
 *
 * Stops the page being scanned and the rest of the batch, and any scan
 * queued before this call.
 */
void
mfc_scanner_cancel (MfcScanner *self)
{
  g_return_if_fail (MFC_IS_SCANNER (self));
  g_atomic_int_inc (&self->worker->generation);
}

/**
 * mfc_scanner_close:
 * @self: a scanner
 *
 * Lets go of the device (cancelling what it is doing), so another program
 * can use it; the next request opens it again.
 */
void
mfc_scanner_close (MfcScanner *self)
{
  g_return_if_fail (MFC_IS_SCANNER (self));

  mfc_scanner_cancel (self);
  if (self->thread != NULL)
    push (self, request_new (self, REQ_CLOSE, NULL));
}

/**
 * mfc_scanner_is_busy:
 * @self: a scanner
 *
 * Returns: whether a scan is queued or running (until its ::batch-done)
 */
gboolean
mfc_scanner_is_busy (MfcScanner *self)
{
  g_return_val_if_fail (MFC_IS_SCANNER (self), FALSE);
  return g_atomic_int_get (&self->worker->busy) > 0;
}
