/* mfc-memory.c — freed heap memory handed back to the system
 *
 * glibc keeps what is freed in its heap for the next allocation and gives
 * memory back only from the heap's top.  After a burst — a page of
 * tickets parsed from its JSON, whose tree is then freed among the
 * tickets kept; a PDF assembled from page-sized images — most of it is
 * not needed again soon and would stay in the process's RSS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>   /* says whether this is glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "mfc-memory.h"

/* Long enough for the pages of one filter change, or the frames of one
 * scroll, to come first, so one trim follows them all. */
#define TRIM_DELAY_MS 500

static GSource *trim_source;
static guint n_trims;

/**
 * mfc_memory_trim:
 *
 * Hands the free pages of the heap back to the system now (a walk of the
 * heap: about a millisecond for tens of megabytes).
 */
void
mfc_memory_trim (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  g_atomic_int_inc (&n_trims);
}

static gboolean
trim_cb (gpointer user_data)
{
  g_clear_pointer (&trim_source, g_source_unref);
  mfc_memory_trim ();
  return G_SOURCE_REMOVE;
}

/**
 * mfc_memory_trim_soon:
 *
 * Trims once nothing has asked for a trim for half a second: a burst of
 * pages, or a scroll through a long list, is followed by one trim when it
 * is over.  Main thread only.
 */
void
mfc_memory_trim_soon (void)
{
  gint64 when = g_get_monotonic_time () + TRIM_DELAY_MS * G_TIME_SPAN_MILLISECOND;

  if (trim_source == NULL)
    {
      trim_source = g_timeout_source_new (TRIM_DELAY_MS);
      g_source_set_priority (trim_source, G_PRIORITY_LOW);
      g_source_set_callback (trim_source, trim_cb, NULL, NULL);
      g_source_attach (trim_source, NULL);
    }
  else
    g_source_set_ready_time (trim_source, when);
}

/**
 * mfc_memory_get_n_trims:
 *
 * Returns: how many trims ran, for tests
 */
guint
mfc_memory_get_n_trims (void)
{
  return (guint) g_atomic_int_get (&n_trims);
}
