/* test-memory.c — freed heap memory goes back to the system: at once, and
 * once soon after a burst however many ask for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mfc-memory.h"

#define BLOCK   (4 * 1024)
#define N_BLOCKS (16 * 1024)      /* 64 MiB in small blocks, as JSON trees are */

static gsize
rss_bytes (void)
{
  g_autofree char *text = NULL;
  unsigned long size = 0, resident = 0;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &text, NULL, NULL));
  g_assert_cmpint (sscanf (text, "%lu %lu", &size, &resident), ==, 2);
  return resident * (gsize) sysconf (_SC_PAGESIZE);
}

/* Touches 64 MiB of small blocks and frees all but the last, which keeps
 * the heap's top in use: glibc cannot give any of it back by itself. */
static gpointer
fill_and_free (void)
{
  gpointer *blocks = g_new (gpointer, N_BLOCKS);
  gpointer last;

  for (guint i = 0; i < N_BLOCKS; i++)
    {
      blocks[i] = g_malloc (BLOCK);
      memset (blocks[i], 0x5a, BLOCK);
    }
  last = blocks[N_BLOCKS - 1];
  for (guint i = 0; i + 1 < N_BLOCKS; i++)
    g_free (blocks[i]);
  g_free (blocks);
  return last;
}

static void
test_trim_now (void)
{
  gpointer last = fill_and_free ();
  gsize before = rss_bytes ();
  guint n = mfc_memory_get_n_trims ();

  mfc_memory_trim ();
  g_test_message ("RSS %zu -> %zu KiB", before / 1024, rss_bytes () / 1024);
  g_assert_cmpuint (rss_bytes () + 32 * 1024 * 1024, <, before);
  g_assert_cmpuint (mfc_memory_get_n_trims (), ==, n + 1);
  g_free (last);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
test_trim_soon (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gpointer last = fill_and_free ();
  gsize before = rss_bytes ();
  guint n = mfc_memory_get_n_trims ();

  /* A burst of pages: one trim, later. */
  for (guint i = 0; i < 5; i++)
    mfc_memory_trim_soon ();
  g_assert_cmpuint (mfc_memory_get_n_trims (), ==, n);
  g_timeout_add (1500, quit_cb, loop);
  g_main_loop_run (loop);

  g_assert_cmpuint (mfc_memory_get_n_trims (), ==, n + 1);
  g_assert_cmpuint (rss_bytes () + 32 * 1024 * 1024, <, before);
  g_free (last);
}

typedef struct
{
  GMainLoop *loop;
  guint      n_before;
} Postpone;

static gboolean
still_untrimmed_cb (gpointer data)
{
  Postpone *p = data;

  /* 650 ms after the first ask, 350 ms after the second: not yet. */
  g_assert_cmpuint (mfc_memory_get_n_trims (), ==, p->n_before);
  return G_SOURCE_REMOVE;
}

static gboolean
ask_again_cb (gpointer data)
{
  Postpone *p = data;

  g_assert_cmpuint (mfc_memory_get_n_trims (), ==, p->n_before);
  mfc_memory_trim_soon ();
  g_timeout_add (350, still_untrimmed_cb, p);
  return G_SOURCE_REMOVE;
}

/* Asked again before it ran (a scroll going on), the trim waits for the
 * last ask. */
static void
test_trim_postponed (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Postpone p = { loop, mfc_memory_get_n_trims () };

  mfc_memory_trim_soon ();
  g_timeout_add (300, ask_again_cb, &p);
  g_timeout_add (2000, quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (mfc_memory_get_n_trims (), ==, p.n_before + 1);
}

int
main (int   argc,
      char *argv[])
{
  /* As the app's main(): freed memory at the heap's top is not given back
   * by free() itself below 64 MiB. */
  mallopt (M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt (M_MMAP_THRESHOLD, 64 * 1024 * 1024);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memory/trim-now", test_trim_now);
  g_test_add_func ("/memory/trim-soon", test_trim_soon);
  g_test_add_func ("/memory/trim-postponed", test_trim_postponed);

  return g_test_run ();
}
