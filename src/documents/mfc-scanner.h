/* mfc-scanner.h — SANE scanners, on one worker thread.
 *
 * Every call queues a request for the scanner's own thread (a GAsyncQueue)
 * and returns at once; the thread talks to SANE and reports back through
 * signals, emitted in the main context the scanner was created in (by an
 * idle source there, never from the worker thread):
 *
 *   devices-changed  ()                         after mfc_scanner_refresh()
 *   capabilities     (device, MfcScanCapabilities *)
 *   page-started     (guint page, int width, int height)       page from 1
 *   page-progress    (guint page, int lines_read, int lines)   (height -1: unknown)
 *   page-done        (guint page, MfcDocPage *)   already in the page store;
 *                     pages from the feeder come with MfcDocPage:blank set
 *                     by blank-page detection
 *   scan-error       (GError *)   MFC_SCAN_ERROR, a Russian message
 *   batch-done       (guint n_pages, gboolean cancelled)
 *
 * A scan of the flatbed gives one page; of the feeder, a page per sheet
 * until the feeder is empty.  mfc_scanner_cancel() stops the page being
 * read (and the batch); pages done before stay done.
 *
 * mfc_scanner_use_test_backend() enables SANE's `test` device through a
 * private SANE_CONFIG_DIR (never /etc): training mode and the tests call
 * it before the first scanner is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mfc-page-store.h"

G_BEGIN_DECLS

#define MFC_SCAN_ERROR (mfc_scan_error_quark ())

/**
 * MfcScanError:
 * @MFC_SCAN_ERROR_NO_DEVICE: the scanner is not there (unplugged, wrong name)
 * @MFC_SCAN_ERROR_BUSY: another program is using it
 * @MFC_SCAN_ERROR_JAMMED: paper jam in the feeder
 * @MFC_SCAN_ERROR_NO_DOCS: the feeder is empty
 * @MFC_SCAN_ERROR_COVER_OPEN: the cover is open
 * @MFC_SCAN_ERROR_IO: the connection failed while scanning
 * @MFC_SCAN_ERROR_NO_MEM: not enough memory
 * @MFC_SCAN_ERROR_ACCESS_DENIED: no permission to use the scanner
 * @MFC_SCAN_ERROR_UNSUPPORTED: the scanner cannot do what was asked
 * @MFC_SCAN_ERROR_WARMING_UP: the lamp is warming up
 * @MFC_SCAN_ERROR_LOCKED: the scanner is locked for transport
 * @MFC_SCAN_ERROR_FAILED: anything else
 * @MFC_SCAN_ERROR_STORE: the page could not be saved
 */
typedef enum {
  MFC_SCAN_ERROR_NO_DEVICE,
  MFC_SCAN_ERROR_BUSY,
  MFC_SCAN_ERROR_JAMMED,
  MFC_SCAN_ERROR_NO_DOCS,
  MFC_SCAN_ERROR_COVER_OPEN,
  MFC_SCAN_ERROR_IO,
  MFC_SCAN_ERROR_NO_MEM,
  MFC_SCAN_ERROR_ACCESS_DENIED,
  MFC_SCAN_ERROR_UNSUPPORTED,
  MFC_SCAN_ERROR_WARMING_UP,
  MFC_SCAN_ERROR_LOCKED,
  MFC_SCAN_ERROR_FAILED,
  MFC_SCAN_ERROR_STORE,
} MfcScanError;

typedef enum {
  MFC_SCAN_SOURCE_FLATBED,
  MFC_SCAN_SOURCE_ADF,
  MFC_SCAN_SOURCE_ADF_DUPLEX,
} MfcScanSource;

typedef enum {
  MFC_SCAN_MODE_COLOR,
  MFC_SCAN_MODE_GRAY,
  MFC_SCAN_MODE_LINEART,
} MfcScanMode;

/**
 * MfcScanPageSize:
 * @MFC_SCAN_PAGE_SIZE_MAX: the whole scan area
 * @MFC_SCAN_PAGE_SIZE_A4: 210×297 mm
 * @MFC_SCAN_PAGE_SIZE_A5: 148×210 mm
 */
typedef enum {
  MFC_SCAN_PAGE_SIZE_MAX,
  MFC_SCAN_PAGE_SIZE_A4,
  MFC_SCAN_PAGE_SIZE_A5,
} MfcScanPageSize;

/**
 * MfcScanDevice:
 * @name: SANE's device name (what mfc_scanner_scan() takes)
 * @label: vendor and model, for the clerk
 */
typedef struct {
  char *name;
  char *label;
} MfcScanDevice;

/**
 * MfcScanCapabilities:
 * @sources: bit (1 << #MfcScanSource) for each source offered
 * @modes: bit (1 << #MfcScanMode) for each mode offered
 * @page_sizes: bit (1 << #MfcScanPageSize) for each size that fits the area
 * @resolutions: (element-type int): the usual resolutions the device allows,
 *   ascending
 * @max_width_mm: the scan area's width
 * @max_height_mm: the scan area's height
 */
typedef struct {
  guint   sources;
  guint   modes;
  guint   page_sizes;
  GArray *resolutions;
  double  max_width_mm;
  double  max_height_mm;
} MfcScanCapabilities;

/**
 * MfcScanSettings:
 * @source: where the paper is
 * @mode: colour, grey or black-and-white
 * @dpi: resolution (the nearest the device allows is used)
 * @page_size: the area
 */
typedef struct {
  MfcScanSource    source;
  MfcScanMode      mode;
  int              dpi;
  MfcScanPageSize  page_size;
} MfcScanSettings;

#define MFC_TYPE_SCAN_DEVICE (mfc_scan_device_get_type ())
#define MFC_TYPE_SCAN_CAPABILITIES (mfc_scan_capabilities_get_type ())
#define MFC_TYPE_SCANNER (mfc_scanner_get_type ())

GType                mfc_scan_device_get_type       (void) G_GNUC_CONST;
MfcScanDevice       *mfc_scan_device_copy           (const MfcScanDevice  *device);
void                 mfc_scan_device_free           (MfcScanDevice        *device);
GType                mfc_scan_capabilities_get_type (void) G_GNUC_CONST;
MfcScanCapabilities *mfc_scan_capabilities_copy     (const MfcScanCapabilities *caps);
void                 mfc_scan_capabilities_free     (MfcScanCapabilities  *caps);

G_DECLARE_FINAL_TYPE (MfcScanner, mfc_scanner, MFC, SCANNER, GObject)

GQuark       mfc_scan_error_quark           (void);
const char  *mfc_scan_status_message        (int                   sane_status);
int          mfc_scan_status_error_code     (int                   sane_status);

gboolean     mfc_scanner_use_test_backend   (const char           *config_dir,
                                             GError              **error);
gboolean     mfc_scanner_use_demo_backend   (GError              **error);

MfcScanner  *mfc_scanner_new                (MfcPageStore         *store);
void         mfc_scanner_refresh            (MfcScanner           *self);
GPtrArray   *mfc_scanner_get_devices        (MfcScanner           *self);
void         mfc_scanner_query              (MfcScanner           *self,
                                             const char           *device);
void         mfc_scanner_scan               (MfcScanner           *self,
                                             const char           *device,
                                             const MfcScanSettings *settings);
void         mfc_scanner_set_backend_option (MfcScanner           *self,
                                             const char           *name,
                                             const char           *value);
void         mfc_scanner_cancel             (MfcScanner           *self);
void         mfc_scanner_close              (MfcScanner           *self);
gboolean     mfc_scanner_is_busy            (MfcScanner           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcScanDevice, mfc_scan_device_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MfcScanCapabilities, mfc_scan_capabilities_free)

G_END_DECLS
