/* documents-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "documents-test-util.h"
#include "mfc-scanner.h"

char *
doc_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("mfc-doc-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
doc_test_remove_dir (const char *dir)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };
  int status;
  g_autofree char *out = NULL;

  if (dir == NULL)
    return;
  out = doc_test_run (argv, &status);
}

/* Runs argv (found on PATH); returns its stdout, *status its exit code. */
char *
doc_test_run (const char * const *argv,
              int                *status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int wait = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &wait, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("%s: %s", argv[0], err);
  *status = g_spawn_check_wait_status (wait, NULL) ? 0 : 1;
  return out;
}

/* Pixels of pseudo-random noise: JPEG cannot compress them well, which is
 * what a size-limit test needs. */
MfcPageImage *
doc_test_noise_image (MfcPixelFormat format,
                      int            width,
                      int            height,
                      double         dpi,
                      guint32        seed)
{
  MfcPageImage *img = mfc_page_image_new (format, width, height, dpi);
  guint32 x = seed * 2654435761u + 1;

  for (gsize i = 0; i < (gsize) img->stride * height; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      img->data[i] = (guint8) x;
    }
  return img;
}

/* White paper with dark "lines of text": grey (antialiased edges) or pure
 * black and white. */
MfcPageImage *
doc_test_text_image (gboolean bilevel,
                     int      width,
                     int      height,
                     double   dpi)
{
  MfcPageImage *img = mfc_page_image_new (MFC_PIXEL_FORMAT_RGB8, width, height, dpi);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = img->data + (gsize) y * img->stride + (gsize) x * 3;
        gboolean ink = (y / 12) % 3 == 1 && x > width / 10 && x < width * 9 / 10 &&
                       (x / 7) % 4 != 3;
        guint8 v = ink ? 20 : 250;

        if (!bilevel && !ink && ((y / 12) % 3 == 1 || (y / 12) % 3 == 2))
          v = (guint8) (200 + (x * 7 + y * 3) % 40);   /* grey smudges */
        p[0] = p[1] = p[2] = v;
      }
  return img;
}

MfcDocPage *
doc_test_scan_page (MfcPageImage *image,
                    const char   *dir,
                    const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (mfc_page_image_save_pnm (image, path, &error));
  g_assert_no_error (error);
  return mfc_doc_page_new_scan (path, image->format, image->width, image->height,
                                image->dpi, FALSE);
}

void
doc_test_use_russian (void)
{
  g_setenv ("LC_ALL", "ru_RU.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "ru", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, ""));
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* SANE's test backend through a private SANE_CONFIG_DIR; returns it. */
char *
doc_test_use_sane_test (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = doc_test_make_dir ();
  g_autofree char *sane = g_build_filename (dir, "sane", NULL);

  g_assert_true (mfc_scanner_use_test_backend (sane, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_getenv ("SANE_CONFIG_DIR"), ==, sane);
  return dir;
}
