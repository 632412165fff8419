/* bench-training-server.c — how fast the training server answers the
 * calls a clerk makes most: the ticket list (filtered, sorted, paged) and
 * one ticket with its history.
 *
 * The server runs as its own process (the `mfc-training-server` program),
 * so the clients and the server do not share a main loop or a core's
 * time slices inside one process.  The clients are N libsoup sessions
 * (one connection each, one request in flight each) in this program's
 * main loop; each logs in with its own token (one client after the
 * other, before the clock starts) and then loops:
 *
 *   GET /api/v1/tickets?<filters>&limit=50      (a list variant, see below)
 *   GET /api/v1/tickets?…&cursor=<next_cursor>   (0–2 further pages)
 *   GET /api/v1/tickets/{id}                     (3 ids taken from the pages)
 *
 * Latency is measured per request on the monotonic clock, from handing
 * the message to libsoup to having the whole body, and reported per call
 * type (and per list variant) as p50/p90/p99/max.  With N clients and a
 * server that answers one request at a time, most of a latency is the
 * wait behind the other clients' requests; --clients 1 shows the time
 * of each call alone.  The server's CPU time, and the time it was ready
 * to run but had no CPU (the machine is shared), are printed with the
 * figures: they say what limited them.  Nothing here asserts
 * a speed: the figures are printed and recorded in docs/benchmarks.md.
 * The program exits non-zero when any request failed.
 *
 * Open loop (--rate R): instead of sending its next request when the
 * last one came back, each client sends one at random moments, R per
 * second on average (Poisson arrivals, as a class of clerks does: nobody
 * waits for the others), whatever is still in flight; the next call is
 * the next step of its cycle when that step's input (a cursor, the ids)
 * has arrived, else a new list.  A latency is then counted from the
 * moment the request was due, so a server that falls behind shows it.
 *
 * Each variant alone (--each-variant): one window per list variant, one
 * after the other, and a table of the list pages' latencies per variant
 * (use with --clients 1 for what each shape costs alone).
 *
 * Privacy: nothing from the response bodies is printed (the training
 * data is fictional anyway); errors name the call type, the list variant
 * and the status, never a query value or a token.
 *
 *   bench-training-server --seed large --db /var/tmp/mfc-large.sqlite \
 *                         --clients 30 --duration 20
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mfc-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#ifndef MFC_TRAINING_SERVER_PATH
#define MFC_TRAINING_SERVER_PATH "mfc-training-server"
#endif

#define PAGE_LIMIT           50
#define DETAILS_PER_CYCLE    3
#define MAX_EXTRA_PAGES      2
#define REQUEST_TIMEOUT_S    120
#define SERVER_START_TIMEOUT_S (4 * 3600)
#define MAX_ERRORS_SHOWN     10

typedef enum {
  CALL_LOGIN,
  CALL_LIST_FIRST,
  CALL_LIST_NEXT,
  CALL_DETAIL,
  N_CALLS
} CallType;

static const char * const call_names[N_CALLS] = {
  [CALL_LOGIN] = "POST session (login)",
  [CALL_LIST_FIRST] = "GET tickets (first page)",
  [CALL_LIST_NEXT] = "GET tickets (next_cursor)",
  [CALL_DETAIL] = "GET tickets/{id}",
};

/* The list calls a clerk's screens make: the default view, the filters of
 * the ticket list's sidebar, the sort keys, and the search field (by a
 * surname, a full name, a fragment of a number).  The search terms are
 * drawn from the seed's fictional name lists. */
typedef struct
{
  const char *name;
  const char *query;   /* fixed part, without q, limit and cursor */
  const char *q;       /* the search term, or NULL */
} ListVariant;

static const ListVariant list_variants[] = {
  { "newest",        "sort=-created_at", NULL },
  { "open-by-due",   "status=accepted,in_progress&sort=due_date", NULL },
  { "overdue",       "overdue=true&sort=due_date", NULL },
  { "overdue-newest", "overdue=true&sort=-created_at", NULL },   /* the list's default order */
  { "awaiting-docs", "status=awaiting_documents&sort=-due_date", NULL },
  { "complaints",    "type=complaint&sort=-created_at", NULL },
  { "by-number",     "sort=-number", NULL },
  { "q-surname",     "sort=-created_at", "Иванов" },
  { "q-full-name",   "sort=-created_at", "Смирнова Анна" },
  { "q-number",      "sort=-created_at", "2026-00012" },
};
#define N_VARIANTS G_N_ELEMENTS (list_variants)

typedef struct
{
  GArray *latencies;   /* gint64, µs */
  guint64 bytes;
  guint   errors;
} Stats;

typedef enum {
  PHASE_LOGIN,
  PHASE_WARMUP,
  PHASE_MEASURE,
  PHASE_DRAIN,
} Phase;

typedef struct _Bench Bench;

typedef struct
{
  Bench       *bench;
  guint        index;
  SoupSession *session;
  char        *token;
  GRand       *rand;
  GPtrArray   *ids;          /* ticket ids (strings) of the current cycle */
  guint        variant;
  char        *list_query;   /* the variant's query, escaped, with limit */
  guint        pages_left;
  guint        details_left;
  gboolean     done;
  /* open loop */
  char        *next_page;    /* the next page's path, when its cursor came */
  char        *next_query;   /* … of this list */
  guint        next_variant;
  gint64       due;          /* when the next request is due (µs, monotonic) */
  guint        tick_id;
} Client;

struct _Bench
{
  /* options */
  char       *server_path;
  char       *db_path;
  char       *seed;
  int         n_clients;
  double      duration;
  double      warmup;
  int         max_requests;
  int         rand_seed;
  gboolean    reseed;
  gboolean    server_log;
  char       *variant_names;
  guint       variants[N_VARIANTS];   /* the list variants in use */
  guint       n_variants;
  double      rate;                   /* > 0: open loop, requests/s per client */
  gboolean    each_variant;

  /* the server */
  GSubprocess      *server;
  GDataInputStream *server_err;
  char             *base_url;
  double            seed_seconds;     /* as the server reported it, < 0 if not seeded */
  double            startup_seconds;  /* spawn → listening */
  gboolean          server_exited;
  gboolean          server_died;      /* exited during the run */
  char             *temp_dir;

  /* the run */
  GMainLoop  *loop;
  Client     *clients;
  guint       clients_logged_in;
  guint       clients_done;
  Phase       phase;
  gint64      measure_start;
  gint64      measure_end;      /* when the phase ended (deadline) */
  gint64      last_completion;
  guint       issued;           /* measured requests issued */
  guint       in_flight;
  guint       in_flight_at_close;
  guint       timer_id;
  Stats       stats[N_CALLS];
  Stats       variant_stats[N_VARIANTS];
  guint       errors_shown;
  gboolean    failed;
  guint64     server_cpu_start;
  guint64     client_cpu_start;
  guint64     server_wait_start;
  guint64     server_read_start;
  double      server_read;      /* bytes from the disk over the window */
  double      server_wait;      /* ns runnable but not running, over the window */
  double      server_cpu;       /* clock ticks over the window */
  double      client_cpu;
  double      server_rss;       /* peak, MiB */
  char       *load_start;
  char       *load_end;
};

typedef struct
{
  Client      *client;
  SoupMessage *msg;
  CallType     type;
  guint        variant;
  char        *list_query;   /* the list's query this page belongs to */
  gint64       started;
  gboolean     measured;
} Pending;

/* ------------------------------------------------------------------ */
/* Statistics                                                          */

static void
stats_init (Stats *stats)
{
  stats->latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
stats_clear (Stats *stats)
{
  g_clear_pointer (&stats->latencies, g_array_unref);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array, in milliseconds. */
static double
percentile_ms (GArray *sorted,
               double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0.0;
  rank = (guint) ceil ((p / 100.0) * sorted->len);
  rank = CLAMP (rank, 1, sorted->len);

  return g_array_index (sorted, gint64, rank - 1) / 1000.0;
}

static void
print_row (const char *name,
           Stats      *stats,
           double      seconds,
           gboolean    rate)
{
  g_autofree char *rps = NULL;
  guint n = stats->latencies->len;

  g_array_sort (stats->latencies, compare_gint64);
  rps = rate && seconds > 0 ? g_strdup_printf ("%.1f", n / seconds) : g_strdup ("—");

  g_print ("| %-27s | %8u | %6u | %7s | %8.1f | %8.1f | %8.1f | %8.1f | %7.1f |\n",
           name, n, stats->errors, rps,
           percentile_ms (stats->latencies, 50),
           percentile_ms (stats->latencies, 90),
           percentile_ms (stats->latencies, 99),
           n > 0 ? g_array_index (stats->latencies, gint64, n - 1) / 1000.0 : 0.0,
           n > 0 ? stats->bytes / 1024.0 / n : 0.0);
}

static void
print_header (const char *first)
{
  g_print ("| %-27s | %8s | %6s | %7s | %8s | %8s | %8s | %8s | %7s |\n",
           first, "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "avg KiB");
  g_print ("|-----------------------------|---------:|-------:|--------:|---------:|---------:|---------:|---------:|--------:|\n");
}

/* User + system CPU time of a process, in clock ticks; 0 if unknown. */
static guint64
process_cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  end = strrchr (contents, ')');
  if (end == NULL)
    return 0;
  /* After "pid (comm) ": state is field 3, utime 14, stime 15. */
  fields = g_strsplit (end + 2, " ", 16);
  if (g_strv_length (fields) < 14)
    return 0;

  return g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
}

static GPid
server_pid (Bench *bench)
{
  const char *id = bench->server != NULL ? g_subprocess_get_identifier (bench->server) : NULL;

  return id != NULL ? (GPid) g_ascii_strtoll (id, NULL, 10) : 0;
}

/* Time spent waiting on a run queue for a CPU, in ns (the second field of
 * /proc/PID/schedstat); 0 if unknown. */
static guint64
process_wait_ns (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/schedstat", (int) pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  fields = g_strsplit (contents, " ", 3);
  if (g_strv_length (fields) < 2)
    return 0;

  return g_ascii_strtoull (fields[1], NULL, 10);
}

/* Bytes a process had read from the disk (not from the page cache); 0 if
 * unknown. */
static guint64
process_disk_read (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/io", (int) pid);
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      (line = strstr (contents, "\nread_bytes:")) == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("\nread_bytes:"), NULL, 10);
}

/* The 1-minute load average: the machine is shared, say how busy it was. */
static char *
load_average (void)
{
  g_autofree char *contents = NULL;
  char *space;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return g_strdup ("?");
  space = strchr (contents, ' ');
  if (space != NULL)
    *space = '\0';

  return g_steal_pointer (&contents);
}

/* Peak resident memory of a process, in MiB; 0 if unknown. */
static double
process_peak_rss_mib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      (line = strstr (contents, "VmHWM:")) == NULL)
    return 0;

  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */

static void
report_error (Bench      *bench,
              Pending    *pending,
              guint       status,
              const char *what)
{
  bench->failed = TRUE;
  if (bench->errors_shown++ >= MAX_ERRORS_SHOWN)
    return;

  g_printerr ("error: client %u: %s%s%s: %u %s\n",
              pending->client->index, call_names[pending->type],
              pending->type == CALL_LIST_FIRST || pending->type == CALL_LIST_NEXT ? " " : "",
              pending->type == CALL_LIST_FIRST || pending->type == CALL_LIST_NEXT
                ? list_variants[pending->variant].name : "",
              status, what);
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_node_ref (root);
}

static void request_done_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
send_request (Client     *client,
              CallType    type,
              guint       variant,
              const char *method,
              const char *path_and_query,
              const char *json_body)
{
  Bench *bench = client->bench;
  g_autofree char *uri = g_strconcat (bench->base_url, path_and_query, NULL);
  Pending *pending = g_new0 (Pending, 1);

  pending->client = client;
  pending->type = type;
  pending->variant = variant;
  /* Open loop: a new list may start before this page is back */
  if (type == CALL_LIST_FIRST || type == CALL_LIST_NEXT)
    pending->list_query = g_strdup (client->list_query);
  pending->msg = soup_message_new (method, uri);
  g_assert (pending->msg != NULL);
  if (client->token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", client->token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (pending->msg),
                                    "Authorization", auth);
    }
  if (json_body != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json_body, strlen (json_body));

      soup_message_set_request_body_from_bytes (pending->msg, "application/json", body);
    }

  pending->measured = bench->phase == PHASE_MEASURE || type == CALL_LOGIN;
  if (bench->phase == PHASE_MEASURE && type != CALL_LOGIN)
    bench->issued++;
  bench->in_flight++;
  /* Open loop: from when it was due (a late send is the server's delay
   * too, as soon as the client's connection was busy with its last one) */
  pending->started = bench->rate > 0 && client->due > 0 ? MIN (client->due, g_get_monotonic_time ())
                                                       : g_get_monotonic_time ();
  soup_session_send_and_read_async (client->session, pending->msg, G_PRIORITY_DEFAULT, NULL,
                                    request_done_cb, pending);
}

static void
log_in (Client *client)
{
  send_request (client, CALL_LOGIN, 0, "POST", "/api/v1/session",
                "{\"login\": \"clerk\", \"password\": \"demo\"}");
}

static void
start_cycle (Client *client)
{
  Bench *bench = client->bench;
  const ListVariant *variant;
  g_autoptr(GString) query = g_string_new ("/api/v1/tickets?");

  client->variant = bench->variants[g_rand_int_range (client->rand, 0, bench->n_variants)];
  variant = &list_variants[client->variant];
  g_string_append (query, variant->query);
  if (variant->q != NULL)
    {
      g_autofree char *q = g_uri_escape_string (variant->q, NULL, FALSE);

      g_string_append_printf (query, "&q=%s", q);
    }
  g_string_append_printf (query, "&limit=%d", PAGE_LIMIT);

  g_free (client->list_query);
  client->list_query = g_string_free (g_steal_pointer (&query), FALSE);
  client->pages_left = g_rand_int_range (client->rand, 0, MAX_EXTRA_PAGES + 1);
  client->details_left = DETAILS_PER_CYCLE;
  g_ptr_array_set_size (client->ids, 0);

  send_request (client, CALL_LIST_FIRST, client->variant, "GET", client->list_query, NULL);
}

static void
send_detail (Client *client)
{
  const char *id;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  client->details_left--;
  id = g_ptr_array_index (client->ids, g_rand_int_range (client->rand, 0, client->ids->len));
  escaped = g_uri_escape_string (id, NULL, FALSE);
  path = g_strconcat ("/api/v1/tickets/", escaped, NULL);
  send_request (client, CALL_DETAIL, 0, "GET", path, NULL);
}

static gboolean
budget_left (Bench *bench)
{
  if (bench->phase == PHASE_DRAIN)
    return FALSE;
  if (bench->phase == PHASE_MEASURE && bench->max_requests > 0 &&
      bench->issued >= (guint) bench->max_requests)
    return FALSE;

  return TRUE;
}

static void
close_window (Bench *bench)
{
  bench->phase = PHASE_DRAIN;
  bench->measure_end = g_get_monotonic_time ();
  bench->in_flight_at_close = bench->in_flight;
}

static void
client_finish (Client *client)
{
  Bench *bench = client->bench;

  if (client->done)
    return;
  client->done = TRUE;
  bench->clients_done++;
  /* The request budget ran out: the window closes now. */
  if (bench->phase == PHASE_MEASURE)
    close_window (bench);
}

/* What a client does after a request of the current cycle came back. */
static void
client_next (Client *client)
{
  if (!budget_left (client->bench))
    {
      client_finish (client);
      return;
    }
  if (client->bench->rate > 0)
    return;   /* open loop: the next tick sends */

  if (client->list_query != NULL && client->pages_left == 0 &&
      client->details_left > 0 && client->ids->len > 0)
    send_detail (client);
  else
    start_cycle (client);
}

static void
handle_login (Pending *pending,
              JsonNode *root)
{
  Client *client = pending->client;
  Bench *bench = client->bench;
  const char *token = json_object_get_string_member_with_default (json_node_get_object (root),
                                                                  "token", NULL);

  if (token == NULL)
    {
      bench->stats[CALL_LOGIN].errors++;
      report_error (bench, pending, 200, "no token in the answer");
      client_finish (client);
      return;
    }
  client->token = g_strdup (token);
  bench->clients_logged_in++;
}

static gboolean
handle_list (Pending  *pending,
             JsonNode *root)
{
  Client *client = pending->client;
  JsonObject *page = json_node_get_object (root);
  JsonArray *items;
  JsonNode *next;
  const char *cursor = NULL;

  if (!json_object_has_member (page, "items") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (page, "items")))
    return FALSE;
  items = json_object_get_array_member (page, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return FALSE;
      id = json_object_get_string_member_with_default (json_node_get_object (item), "id", NULL);
      if (id == NULL)
        return FALSE;
      g_ptr_array_add (client->ids, g_strdup (id));
    }

  next = json_object_get_member (page, "next_cursor");
  if (next != NULL && JSON_NODE_HOLDS_VALUE (next))
    cursor = json_node_get_string (next);

  if (client->pages_left > 0 && cursor != NULL && cursor[0] != '\0' &&
      budget_left (client->bench))
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("%s&cursor=%s", pending->list_query, escaped);

      client->pages_left--;
      if (client->bench->rate > 0)
        {
          g_free (client->next_page);
          client->next_page = g_steal_pointer (&path);
          g_free (client->next_query);
          client->next_query = g_strdup (pending->list_query);
          client->next_variant = pending->variant;
          return TRUE;
        }
      send_request (client, CALL_LIST_NEXT, client->variant, "GET", path, NULL);
      return TRUE;
    }
  client->pages_left = 0;
  client_next (client);

  return TRUE;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Pending *pending = user_data;
  Client *client = pending->client;
  Bench *bench = client->bench;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SoupMessage) msg = pending->msg;
  gint64 now = g_get_monotonic_time ();
  gint64 latency = now - pending->started;
  Stats *stats = &bench->stats[pending->type];
  Stats *vstats = pending->type == CALL_LIST_FIRST || pending->type == CALL_LIST_NEXT
                  ? &bench->variant_stats[pending->variant] : NULL;
  guint status;
  gboolean ok = FALSE;

  bench->in_flight--;
  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  status = soup_message_get_status (msg);

  if (pending->measured)
    {
      g_array_append_val (stats->latencies, latency);
      if (vstats != NULL)
        g_array_append_val (vstats->latencies, latency);
      if (bytes != NULL)
        {
          stats->bytes += g_bytes_get_size (bytes);
          if (vstats != NULL)
            vstats->bytes += g_bytes_get_size (bytes);
        }
      if (pending->type != CALL_LOGIN)
        bench->last_completion = now;
    }

  if (bytes == NULL)
    report_error (bench, pending, status, error->message);
  else if (status != SOUP_STATUS_OK)
    report_error (bench, pending, status, "unexpected status");
  else if ((root = parse_json (bytes)) == NULL)
    report_error (bench, pending, status, "the answer is not a JSON object");
  else
    ok = TRUE;

  if (!ok)
    {
      /* Errors count in every phase: a failed warm-up is a failed run. */
      stats->errors++;
      if (vstats != NULL)
        vstats->errors++;
    }

  if (pending->type == CALL_LOGIN)
    {
      if (ok)
        handle_login (pending, root);
      else
        client_finish (client);
      if (client->index + 1 < (guint) bench->n_clients)
        log_in (&bench->clients[client->index + 1]);
      else
        g_main_loop_quit (bench->loop);   /* the login phase is over */
    }
  else if (!ok)
    {
      /* Start a new cycle (the server may be fine for other queries). */
      client->pages_left = 0;
      client->details_left = 0;
      client_next (client);
    }
  else if (pending->type == CALL_DETAIL)
    {
      client_next (client);
    }
  else if (!handle_list (pending, root))
    {
      stats->errors++;
      vstats->errors++;
      report_error (bench, pending, status, "the answer is not a ticket page");
      client->pages_left = 0;
      client->details_left = 0;
      client_next (client);
    }

  if (bench->phase == PHASE_DRAIN && bench->in_flight == 0)
    g_main_loop_quit (bench->loop);

  g_free (pending->list_query);
  g_free (pending);
}

/* ------------------------------------------------------------------ */
/* Open loop                                                           */

static gboolean open_tick_cb (gpointer user_data);

/* The next arrival of a Poisson process of --rate per second */
static void
schedule_tick (Client *client)
{
  Bench *bench = client->bench;
  double u = g_rand_double_range (client->rand, 1e-9, 1.0);
  gint64 now = g_get_monotonic_time ();

  client->due = MAX (client->due, now - 1000000) + (gint64) (-log (u) / bench->rate * 1e6);
  client->tick_id = g_timeout_add ((guint) MAX (0, (client->due - now) / 1000), open_tick_cb, client);
}

static gboolean
open_tick_cb (gpointer user_data)
{
  Client *client = user_data;
  Bench *bench = client->bench;

  client->tick_id = 0;
  if (!budget_left (bench))
    {
      client_finish (client);
      if (bench->phase == PHASE_DRAIN && bench->in_flight == 0)
        g_main_loop_quit (bench->loop);
      return G_SOURCE_REMOVE;
    }

  if (client->next_page != NULL)
    {
      g_autofree char *path = g_steal_pointer (&client->next_page);

      /* That list goes on: its query and variant are the client's again */
      g_free (client->list_query);
      client->list_query = g_steal_pointer (&client->next_query);
      client->variant = client->next_variant;
      send_request (client, CALL_LIST_NEXT, client->variant, "GET", path, NULL);
    }
  else if (client->list_query != NULL && client->pages_left == 0 &&
           client->details_left > 0 && client->ids->len > 0)
    send_detail (client);
  else
    start_cycle (client);

  schedule_tick (client);

  return G_SOURCE_REMOVE;
}

static void
start_clients (Bench *bench)
{
  for (int i = 0; i < bench->n_clients; i++)
    {
      Client *client = &bench->clients[i];

      client->done = FALSE;
      client->pages_left = 0;
      client->details_left = 0;
      g_clear_pointer (&client->next_page, g_free);
      g_clear_pointer (&client->next_query, g_free);
      g_clear_pointer (&client->list_query, g_free);
      g_ptr_array_set_size (client->ids, 0);
      if (bench->rate > 0)
        {
          client->due = g_get_monotonic_time ();
          schedule_tick (client);
        }
      else
        start_cycle (client);
    }
}

static void
stop_clients (Bench *bench)
{
  for (int i = 0; i < bench->n_clients; i++)
    if (bench->clients[i].tick_id != 0)
      g_clear_handle_id (&bench->clients[i].tick_id, g_source_remove);
}

/* ------------------------------------------------------------------ */
/* Phases                                                              */

static gboolean
measure_over_cb (gpointer user_data)
{
  Bench *bench = user_data;

  bench->timer_id = 0;
  if (bench->phase == PHASE_MEASURE)
    close_window (bench);
  if (bench->in_flight == 0)
    g_main_loop_quit (bench->loop);

  return G_SOURCE_REMOVE;
}

static void
start_measuring (Bench *bench)
{
  bench->phase = PHASE_MEASURE;
  bench->measure_start = g_get_monotonic_time ();
  bench->server_cpu_start = process_cpu_ticks (server_pid (bench));
  bench->client_cpu_start = process_cpu_ticks (getpid ());
  bench->server_wait_start = process_wait_ns (server_pid (bench));
  bench->server_read_start = process_disk_read (server_pid (bench));
  bench->load_start = load_average ();
  if (bench->max_requests <= 0)
    bench->timer_id = g_timeout_add ((guint) (bench->duration * 1000), measure_over_cb, bench);
}

static gboolean
warmup_over_cb (gpointer user_data)
{
  Bench *bench = user_data;

  bench->timer_id = 0;
  start_measuring (bench);

  return G_SOURCE_REMOVE;
}

static void
server_exited_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Bench *bench = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  bench->server_exited = TRUE;
  if (bench->loop == NULL || !g_main_loop_is_running (bench->loop))
    return;   /* stop_server() is waiting for this */

  /* Before it listened, start_server() reports it. */
  if (bench->base_url != NULL)
    {
      g_printerr ("error: the training server exited during the run\n");
      bench->failed = TRUE;
      bench->server_died = TRUE;
    }
  g_main_loop_quit (bench->loop);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Bench *bench = user_data;

  g_printerr ("Interrupted\n");
  bench->failed = TRUE;
  if (bench->timer_id != 0)
    g_clear_handle_id (&bench->timer_id, g_source_remove);
  if (bench->phase == PHASE_MEASURE)
    close_window (bench);
  bench->phase = PHASE_DRAIN;
  g_main_loop_quit (bench->loop);

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */
/* The server process                                                  */

typedef struct
{
  Bench    *bench;
  gboolean  timed_out;
} StartState;

/* Reads the server's stderr line by line for the whole run (so the pipe
 * never fills); picks up the seeding time and the address. */
static void
server_line_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *found;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (line == NULL)
    return;   /* end of stream or an error: the server is gone */

  if ((found = strstr (line, "Seeded ")) != NULL && strstr (found, " in ") != NULL)
    bench->seed_seconds = g_ascii_strtod (strstr (found, " in ") + 4, NULL);
  if ((found = strstr (line, "Training server at ")) != NULL && bench->base_url == NULL)
    {
      const char *url = found + strlen ("Training server at ");
      const char *end = strchr (url, ' ');

      bench->base_url = end != NULL ? g_strndup (url, end - url) : g_strdup (url);
      if (bench->loop != NULL)
        g_main_loop_quit (bench->loop);
    }
  else if (strstr (line, "Seeded ") == NULL)
    g_printerr ("server: %s\n", line);

  g_data_input_stream_read_line_async (bench->server_err, G_PRIORITY_DEFAULT, NULL,
                                       server_line_cb, bench);
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  StartState *state = user_data;

  state->timed_out = TRUE;
  g_main_loop_quit (state->bench->loop);

  return G_SOURCE_REMOVE;
}

static gboolean
start_server (Bench   *bench,
              GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  gboolean fresh = !g_file_test (bench->db_path, G_FILE_TEST_EXISTS);
  gboolean seeding = fresh || bench->reseed;
  StartState state = { bench, FALSE };
  gint64 spawned;
  guint timeout_id;

  g_ptr_array_add (argv, bench->server_path);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, bench->db_path);
  g_ptr_array_add (argv, (char *) "--seed");
  g_ptr_array_add (argv, seeding ? bench->seed : (char *) "none");
  if (seeding && !fresh)
    g_ptr_array_add (argv, (char *) "--reset");
  g_ptr_array_add (argv, NULL);

  if (seeding)
    g_print ("Seeding “%s” into %s%s…\n", bench->seed, bench->db_path,
             g_str_equal (bench->seed, "large") ? " (this takes minutes)" : "");
  else
    g_print ("Reusing %s (not reseeded; --reseed to rebuild it)\n", bench->db_path);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No request log: printing a line per request would be part of what
   * is measured.  --server-log keeps it. */
  if (!bench->server_log)
    g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);

  bench->seed_seconds = -1;
  spawned = g_get_monotonic_time ();
  bench->server = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (bench->server == NULL)
    return FALSE;

  g_subprocess_wait_async (bench->server, NULL, server_exited_cb, bench);
  bench->server_err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (bench->server));
  g_data_input_stream_read_line_async (bench->server_err, G_PRIORITY_DEFAULT, NULL,
                                       server_line_cb, bench);

  timeout_id = g_timeout_add_seconds (SERVER_START_TIMEOUT_S, start_timeout_cb, &state);
  g_main_loop_run (bench->loop);
  if (!state.timed_out)
    g_source_remove (timeout_id);

  if (bench->base_url == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The training server %s",
                   state.timed_out ? "did not start in time" : "exited before it listened");
      return FALSE;
    }
  bench->startup_seconds = (g_get_monotonic_time () - spawned) / 1e6;

  return TRUE;
}

static void
stop_server (Bench *bench)
{
  if (bench->server == NULL)
    return;

  if (!bench->server_exited)
    {
      g_subprocess_send_signal (bench->server, SIGTERM);
      while (!bench->server_exited)
        g_main_context_iteration (NULL, TRUE);
    }
  /* After the window, this is a bug of the server's shutdown, not a
   * failed request: say so, but leave the exit status to the requests.
   * (A server that never listened was reported already.) */
  if (bench->base_url == NULL || bench->server_died)
    return;
  if (g_subprocess_get_if_signaled (bench->server))
    g_printerr ("warning: the training server was killed by signal %d on shutdown\n",
                g_subprocess_get_term_sig (bench->server));
  else if (g_subprocess_get_exit_status (bench->server) != 0)
    g_printerr ("warning: the training server exited with status %d on shutdown\n",
                g_subprocess_get_exit_status (bench->server));
}

static gint64
count_rows (sqlite3    *db,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static void
print_data_sizes (Bench *bench)
{
  static const char * const tables[] = {
    "tickets", "ticket_history", "ticket_comments", "applicants", "offices", "users",
  };
  sqlite3 *db = NULL;
  GStatBuf st;

  if (sqlite3_open_v2 (bench->db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("warning: cannot open %s to count its rows\n", bench->db_path);
      sqlite3_close (db);
      return;
    }
  sqlite3_busy_timeout (db, 5000);
  g_print ("Data:");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_print ("%s %" G_GINT64_FORMAT " %s", i == 0 ? "" : ",", count_rows (db, tables[i]), tables[i]);
  if (g_stat (bench->db_path, &st) == 0)
    {
      g_autofree char *wal = g_strconcat (bench->db_path, "-wal", NULL);
      double size = st.st_size;

      if (g_stat (wal, &st) == 0)
        size += st.st_size;
      g_print ("; file %.1f MiB (with its WAL)", size / 1048576.0);
    }
  g_print ("\n");
  sqlite3_close (db);
}

/* ------------------------------------------------------------------ */

static gboolean
parse_variants (Bench *bench)
{
  g_auto(GStrv) names = NULL;

  if (bench->variant_names == NULL)
    {
      for (guint v = 0; v < N_VARIANTS; v++)
        bench->variants[bench->n_variants++] = v;
      return TRUE;
    }

  names = g_strsplit (bench->variant_names, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint v;

      for (v = 0; v < N_VARIANTS; v++)
        if (g_str_equal (names[i], list_variants[v].name))
          break;
      if (v == N_VARIANTS || bench->n_variants == N_VARIANTS)
        {
          g_printerr ("List variants (--variants):\n");
          for (v = 0; v < N_VARIANTS; v++)
            g_printerr ("  %-14s %s%s%s\n", list_variants[v].name, list_variants[v].query,
                        list_variants[v].q != NULL ? "&q=" : "",
                        list_variants[v].q != NULL ? "(a search term)" : "");
          return FALSE;
        }
      bench->variants[bench->n_variants++] = v;
    }

  return bench->n_variants > 0;
}

static char *
cpu_model (void)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &contents, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "model name"))
      {
        const char *colon = strchr (lines[i], ':');

        if (colon != NULL)
          return g_strstrip (g_strdup (colon + 1));
      }

  return g_strdup ("unknown");
}

static void
print_results (Bench *bench)
{
  double window = (MAX (bench->measure_end, bench->last_completion) - bench->measure_start) / 1e6;
  Stats total = { 0 };
  double ticks = sysconf (_SC_CLK_TCK);

  stats_init (&total);
  for (int t = CALL_LIST_FIRST; t < N_CALLS; t++)
    {
      g_array_append_vals (total.latencies, bench->stats[t].latencies->data,
                           bench->stats[t].latencies->len);
      total.errors += bench->stats[t].errors;
      total.bytes += bench->stats[t].bytes;
    }

  g_print ("\nMeasured window: %.2f s: requests started in the first %.2f s, "
           "then the %u in flight were waited for\n",
           window, (bench->measure_end - bench->measure_start) / 1e6, bench->in_flight_at_close);
  if (bench->server_exited)
    g_print ("The server exited during the run: no CPU figures for it\n");
  else if (window > 0 && ticks > 0)
    g_print ("CPU over the window: server %.0f%% of one core (and %.0f%% of the time runnable "
             "but waiting for a CPU), benchmark clients %.0f%% of one core\n",
             100.0 * bench->server_cpu / ticks / window, 100.0 * bench->server_wait / 1e9 / window,
             100.0 * bench->client_cpu / ticks / window);
  g_print ("Load average (1 min, whole machine): %s at the start, %s at the end",
           bench->load_start, bench->load_end);
  if (!bench->server_exited)
    g_print ("; server peak RSS %.0f MiB, read from disk %.1f MiB",
             bench->server_rss, bench->server_read / 1048576.0);
  g_print ("\n");
  g_print ("\n");
  print_header ("call");
  for (int t = CALL_LIST_FIRST; t < N_CALLS; t++)
    print_row (call_names[t], &bench->stats[t], window, TRUE);
  print_row ("all ticket calls", &total, window, TRUE);
  g_print ("\n");

  print_header ("list variant (all pages)");
  for (guint i = 0; i < bench->n_variants; i++)
    print_row (list_variants[bench->variants[i]].name, &bench->variant_stats[bench->variants[i]],
               window, TRUE);
  g_print ("\n");

  print_header ("login (one by one, before)");
  print_row (call_names[CALL_LOGIN], &bench->stats[CALL_LOGIN], 0, FALSE);

  stats_clear (&total);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *model = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *window = NULL;
  Bench bench = { 0 };
  guint sigint;
  int status = 0;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &bench.server_path,
      "The mfc-training-server program (default: the one built with this benchmark)", "PATH" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &bench.db_path,
      "Database file: seeded when missing, reused as it is when present (default: a temporary file)", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &bench.seed,
      "Seed for a new database: large (default) or demo", "SEED" },
    { "reseed", 0, 0, G_OPTION_ARG_NONE, &bench.reseed,
      "Seed --db again even if it exists", NULL },
    { "clients", 'c', 0, G_OPTION_ARG_INT, &bench.n_clients,
      "Concurrent clients, each with its own token and connection (default 30)", "N" },
    { "duration", 'd', 0, G_OPTION_ARG_DOUBLE, &bench.duration,
      "Measured seconds (default 20)", "SECONDS" },
    { "requests", 'n', 0, G_OPTION_ARG_INT, &bench.max_requests,
      "Measure this many ticket requests instead of a duration", "N" },
    { "warmup", 'w', 0, G_OPTION_ARG_DOUBLE, &bench.warmup,
      "Unmeasured seconds before the window (default 3)", "SECONDS" },
    { "rand-seed", 0, 0, G_OPTION_ARG_INT, &bench.rand_seed,
      "Seed of the clients' choices (default 1)", "N" },
    { "variants", 0, 0, G_OPTION_ARG_STRING, &bench.variant_names,
      "Only these list variants, comma-separated (default: all; --variants help lists them)", "NAMES" },
    { "server-log", 0, 0, G_OPTION_ARG_NONE, &bench.server_log,
      "Keep the server's per-request log (printed; slows the server)", NULL },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &bench.rate,
      "Open loop: each client sends R requests per second on average (Poisson arrivals), "
      "whatever is still in flight (default: closed loop, the next request when the last came back)", "R" },
    { "each-variant", 0, 0, G_OPTION_ARG_NONE, &bench.each_variant,
      "One window per list variant, one after the other, and a table per variant", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bench.n_clients = 30;
  bench.duration = 20;
  bench.warmup = 3;
  bench.rand_seed = 1;

  command = g_strjoinv (" ", argv);
  context = g_option_context_new ("— load the training server with ticket list and detail calls");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (bench.seed == NULL)
    bench.seed = g_strdup ("large");
  if (!g_str_equal (bench.seed, "large") && !g_str_equal (bench.seed, "demo"))
    {
      g_printerr ("--seed takes large or demo\n");
      return 2;
    }
  if (bench.n_clients < 1 || bench.duration <= 0 || bench.warmup < 0 || bench.max_requests < 0 ||
      bench.rate < 0)
    {
      g_printerr ("--clients and --duration must be positive; --warmup and --requests not negative\n");
      return 2;
    }
  if (!parse_variants (&bench))
    return 2;
  if (bench.server_path == NULL)
    bench.server_path = g_strdup (MFC_TRAINING_SERVER_PATH);
  if (bench.db_path == NULL)
    {
      bench.temp_dir = g_dir_make_tmp ("mfc-bench-XXXXXX", &error);
      if (bench.temp_dir == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      bench.db_path = g_build_filename (bench.temp_dir, "bench.sqlite", NULL);
    }

  model = cpu_model ();
  now = g_date_time_new_now_utc ();
  now_text = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  g_print ("MFC Desk training-server benchmark — %s\n", now_text);
  g_print ("Command: %s\n", command);
  g_print ("Machine: %d online CPUs (nproc), %s\n", (int) sysconf (_SC_NPROCESSORS_ONLN), model);
  g_print ("Server: %s (its own process)\n", bench.server_path);

  bench.loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, interrupt_cb, &bench);
  for (int t = 0; t < N_CALLS; t++)
    stats_init (&bench.stats[t]);
  for (guint v = 0; v < N_VARIANTS; v++)
    stats_init (&bench.variant_stats[v]);

  if (!start_server (&bench, &error))
    {
      g_printerr ("%s\n", error->message);
      status = 1;
      goto out;
    }
  if (bench.seed_seconds >= 0)
    g_print ("Seeding “%s”: %.1f s (as the server measured it; start-up %.1f s in all)\n",
             bench.seed, bench.seed_seconds, bench.startup_seconds);
  else
    g_print ("Start-up without seeding: %.1f s\n", bench.startup_seconds);
  print_data_sizes (&bench);

  /* Log in: every client its own token and connection, one client after
   * the other (the connections stay open for the run).  All at once, a
   * few connections were reset: the server's listen backlog is 10. */
  bench.clients = g_new0 (Client, bench.n_clients);
  for (int i = 0; i < bench.n_clients; i++)
    {
      Client *client = &bench.clients[i];

      client->bench = &bench;
      client->index = i;
      client->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                       "max-conns-per-host", 1,
                                                       "user-agent", "mfc-bench/" PACKAGE_VERSION,
                                                       NULL);
      client->rand = g_rand_new_with_seed ((guint32) bench.rand_seed * 1000 + i);
      client->ids = g_ptr_array_new_with_free_func (g_free);
    }
  log_in (&bench.clients[0]);
  g_main_loop_run (bench.loop);
  if (bench.clients_logged_in < (guint) bench.n_clients || bench.server_exited)
    {
      g_printerr ("error: %u of %d clients could not log in\n",
                  bench.n_clients - bench.clients_logged_in, bench.n_clients);
      bench.failed = TRUE;
      goto out;
    }

  window = bench.max_requests > 0 ? g_strdup_printf ("%d requests measured", bench.max_requests)
                                  : g_strdup_printf ("%g s measured", bench.duration);
  {
    g_autofree char *loop_text = bench.rate > 0
      ? g_strdup_printf ("open loop, %g requests/s per client (Poisson)", bench.rate)
      : g_strdup ("closed loop");

    g_print ("Load: %d clients, %s, %g s warm-up, then %s%s; limit=%d, list variants: %s; "
             "0–%d next pages, %d details per list\n",
             bench.n_clients, loop_text, bench.warmup, window, bench.each_variant ? " per variant" : "",
             PAGE_LIMIT, bench.variant_names != NULL ? bench.variant_names : "all",
             MAX_EXTRA_PAGES, DETAILS_PER_CYCLE);
  }

  {
    guint selected[N_VARIANTS];
    guint n_selected = bench.n_variants;
    guint rounds = bench.each_variant ? n_selected : 1;
    g_autoptr(GString) summary = g_string_new (NULL);

    memcpy (selected, bench.variants, sizeof selected);
    for (guint r = 0; r < rounds && !bench.failed; r++)
      {
        if (bench.each_variant)
          {
            bench.variants[0] = selected[r];
            bench.n_variants = 1;
            for (int t = CALL_LIST_FIRST; t < N_CALLS; t++)
              {
                stats_clear (&bench.stats[t]);
                stats_init (&bench.stats[t]);
              }
            stats_clear (&bench.variant_stats[selected[r]]);
            stats_init (&bench.variant_stats[selected[r]]);
            bench.issued = 0;
            bench.clients_done = 0;
            bench.measure_start = 0;
            bench.last_completion = 0;
            g_clear_pointer (&bench.load_start, g_free);
            g_clear_pointer (&bench.load_end, g_free);
            g_print ("\n### Variant %s\n", list_variants[selected[r]].name);
          }

        if (bench.warmup > 0)
          {
            bench.phase = PHASE_WARMUP;
            bench.timer_id = g_timeout_add ((guint) (bench.warmup * 1000), warmup_over_cb, &bench);
          }
        else
          start_measuring (&bench);
        start_clients (&bench);
        g_main_loop_run (bench.loop);

        if (bench.phase == PHASE_MEASURE)
          close_window (&bench);
        stop_clients (&bench);
        if (!bench.server_exited)
          {
            bench.server_cpu = process_cpu_ticks (server_pid (&bench)) - bench.server_cpu_start;
            bench.server_wait = process_wait_ns (server_pid (&bench)) - bench.server_wait_start;
            bench.server_read = process_disk_read (server_pid (&bench)) - bench.server_read_start;
            bench.server_rss = process_peak_rss_mib (server_pid (&bench));
          }
        bench.client_cpu = process_cpu_ticks (getpid ()) - bench.client_cpu_start;
        bench.load_end = load_average ();
        /* Requests still running (interrupted run): let them end. */
        while (bench.in_flight > 0 && !bench.server_exited)
          g_main_context_iteration (NULL, TRUE);

        if (bench.measure_start != 0)
          print_results (&bench);
        if (bench.each_variant)
          {
            Stats *vs = &bench.variant_stats[selected[r]];
            guint n = vs->latencies->len;

            g_array_sort (vs->latencies, compare_gint64);
            g_string_append_printf (summary, "| %-27s | %8u | %6u | %8.1f | %8.1f | %8.1f | %8.1f |\n",
                                    list_variants[selected[r]].name, n, vs->errors,
                                    percentile_ms (vs->latencies, 50), percentile_ms (vs->latencies, 90),
                                    percentile_ms (vs->latencies, 99),
                                    n > 0 ? g_array_index (vs->latencies, gint64, n - 1) / 1000.0 : 0.0);
          }
      }

    if (bench.each_variant)
      {
        g_print ("\nEach list variant alone (all its pages, %d client%s):\n\n", bench.n_clients,
                 bench.n_clients > 1 ? "s" : "");
        g_print ("| %-27s | %8s | %6s | %8s | %8s | %8s | %8s |\n", "list variant", "requests", "errors",
                 "p50 ms", "p90 ms", "p99 ms", "max ms");
        g_print ("|-----------------------------|---------:|-------:|---------:|---------:|---------:|---------:|\n");
        g_print ("%s", summary->str);
      }
  }

out:
  if (bench.timer_id != 0)
    g_clear_handle_id (&bench.timer_id, g_source_remove);
  stop_server (&bench);
  g_source_remove (sigint);

  for (int i = 0; bench.clients != NULL && i < bench.n_clients; i++)
    {
      Client *client = &bench.clients[i];

      g_clear_object (&client->session);
      g_free (client->token);
      g_free (client->list_query);
      g_free (client->next_page);
      g_free (client->next_query);
      g_clear_pointer (&client->rand, g_rand_free);
      g_clear_pointer (&client->ids, g_ptr_array_unref);
    }
  g_free (bench.clients);
  for (int t = 0; t < N_CALLS; t++)
    stats_clear (&bench.stats[t]);
  for (guint v = 0; v < N_VARIANTS; v++)
    stats_clear (&bench.variant_stats[v]);
  g_clear_object (&bench.server_err);
  g_clear_object (&bench.server);
  g_clear_pointer (&bench.loop, g_main_loop_unref);

  if (bench.temp_dir != NULL)
    {
      g_autofree char *wal = g_strconcat (bench.db_path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (bench.db_path, "-shm", NULL);

      g_unlink (bench.db_path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (bench.temp_dir);
    }
  g_free (bench.temp_dir);
  g_free (bench.server_path);
  g_free (bench.db_path);
  g_free (bench.seed);
  g_free (bench.variant_names);
  g_free (bench.base_url);
  g_free (bench.load_start);
  g_free (bench.load_end);

  if (status == 0 && bench.failed)
    status = 1;
  if (status != 0)
    g_printerr ("FAILED: %s\n", "see the errors above");

  return status;
}
