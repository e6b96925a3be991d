/* bench-engine: measurements the command line cannot make from outside.
 *
 *   bench-engine patterns PACK.yaml
 *       the pack's patterns, one per line, for `rg -P -f` (caseless ones
 *       wrapped in (?i:...))
 *   bench-engine scan PROJECT [THREADS]
 *       every document's text into memory and one scanner per thread built,
 *       then the matching engine alone over all of it on THREADS threads:
 *       prints bytes, seconds, MB/s, hits
 *   bench-engine verify PROJECT
 *       every document scanned twice, with the literal prefilter and
 *       windows and with every pattern over the whole text: the hits must
 *       be the same (exit status 1 and the first document that differs
 *       when not)
 *   bench-engine sqlite-insert DB < FILE-LIST
 *       the baseline: the same bytes (file names one per line on standard
 *       input) inserted into a bare SQLite table in one transaction
 *
 * Not part of the pass/fail suite: it measures, it does not judge. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "rl-rule-pack-private.h"
#include "rl-scanner.h"
#include "rl-store.h"

typedef struct
{
  GPtrArray  *texts;   /* char* */
  GArray     *lens;    /* gsize */
  RlRulePack *pack;
  gint        next;
  gint        hits;
  /* The clock starts once every thread has built its scanner. */
  GMutex      lock;
  GCond       cond;
  guint       ready;
  gboolean    go;
} Job;

static gpointer
worker (gpointer data)
{
  Job *job = data;
  /* Built here, not by the main thread: the scanner's memory then comes
   * from this thread's own malloc arena.  Built by the main thread, both
   * scanners shared one arena and the best of eight runs was 8% slower. */
  g_autoptr(RlScanner) scanner = rl_scanner_new (job->pack);
  guint i;

  g_mutex_lock (&job->lock);
  job->ready++;
  g_cond_broadcast (&job->cond);
  while (!job->go)
    g_cond_wait (&job->cond, &job->lock);
  g_mutex_unlock (&job->lock);

  while ((i = (guint) g_atomic_int_add (&job->next, 1)) < job->texts->len)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_scan_problem_free);
      GArray *hits = rl_scanner_scan (scanner, job->texts->pdata[i],
                                      g_array_index (job->lens, gsize, i), problems, NULL, NULL);
      g_atomic_int_add (&job->hits, hits->len);
      g_array_unref (hits);
    }
  return NULL;
}

/* Every document's text of the project, into job. */
static gboolean
load_texts (const char *path,
            Job        *job,
            guint64    *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlStore) store = rl_store_open (path, RL_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GArray) ids = NULL;
  RlDocQuery query = { RL_DOC_SORT_IMPORTED, FALSE, -1, -1, NULL };

  if (store == NULL || !(ids = rl_store_list_documents (store, &query, &error)))
    {
      g_printerr ("bench-engine: %s\n", error->message);
      return FALSE;
    }
  job->texts = g_ptr_array_new_with_free_func (g_free);
  job->lens = g_array_new (FALSE, FALSE, sizeof (gsize));
  job->pack = rl_rule_pack_ref (rl_store_get_pack (store));
  *bytes = 0;
  for (guint i = 0; i < ids->len; i++)
    {
      gsize len = 0;
      char *text = rl_store_get_document_text (store, g_array_index (ids, gint64, i), &len, &error);

      if (text == NULL)
        {
          g_printerr ("bench-engine: %s\n", error->message);
          return FALSE;
        }
      g_ptr_array_add (job->texts, text);
      g_array_append_val (job->lens, len);
      *bytes += len;
    }
  return TRUE;
}

static int
cmd_scan (const char *path,
          guint       n_threads)
{
  Job job = { 0 };
  guint64 bytes = 0;
  gint64 t0, t1;
  GThread **threads;

  if (!load_texts (path, &job, &bytes))
    return EXIT_FAILURE;

  /* Each thread's scanner (its literal automaton) is built before the
   * clock starts, as the pack's patterns were compiled: the figure is the
   * matching alone. */
  threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("bench", worker, &job);
  g_mutex_lock (&job.lock);
  while (job.ready < n_threads)
    g_cond_wait (&job.cond, &job.lock);
  t0 = g_get_monotonic_time ();
  job.go = TRUE;
  g_cond_broadcast (&job.cond);
  g_mutex_unlock (&job.lock);
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);
  t1 = g_get_monotonic_time ();

  g_print ("{\"documents\": %u, \"bytes\": %" G_GUINT64_FORMAT ", \"threads\": %u, \"seconds\": %.4f,"
           " \"mb_per_s\": %.1f, \"hits\": %d}\n",
           job.texts->len, bytes, n_threads, (t1 - t0) / 1e6,
           bytes / 1e6 / ((t1 - t0) / 1e6), job.hits);
  g_ptr_array_unref (job.texts);
  g_array_unref (job.lens);
  g_free (threads);
  return EXIT_SUCCESS;
}

static int
cmd_verify (const char *path)
{
  g_autoptr(RlScanner) fast = NULL;
  g_autoptr(RlScanner) slow = NULL;
  Job job = { 0 };
  guint64 bytes = 0, hits = 0;
  int status = EXIT_SUCCESS;

  if (!load_texts (path, &job, &bytes))
    return EXIT_FAILURE;
  fast = rl_scanner_new (job.pack);
  slow = rl_scanner_new (job.pack);
  rl_scanner_set_prefilter (slow, FALSE);
  for (guint i = 0; i < job.texts->len && status == EXIT_SUCCESS; i++)
    {
      const char *text = job.texts->pdata[i];
      gsize len = g_array_index (job.lens, gsize, i);
      g_autoptr(GArray) a = rl_scanner_scan (fast, text, len, NULL, NULL, NULL);
      g_autoptr(GArray) b = rl_scanner_scan (slow, text, len, NULL, NULL, NULL);

      if (a->len != b->len || (a->len > 0 && memcmp (a->data, b->data, sizeof (RlHit) * a->len) != 0))
        {
          g_printerr ("bench-engine: document %u (of %u): %u hits with the prefilter, %u without\n",
                      i + 1, job.texts->len, a->len, b->len);
          status = EXIT_FAILURE;
        }
      hits += a->len;
    }
  g_print ("{\"documents\": %u, \"bytes\": %" G_GUINT64_FORMAT ", \"hits\": %" G_GUINT64_FORMAT
           ", \"same\": %s}\n", job.texts->len, bytes, hits,
           status == EXIT_SUCCESS ? "true" : "false");
  g_ptr_array_unref (job.texts);
  g_array_unref (job.lens);
  return status;
}

static int
cmd_patterns (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = rl_rule_pack_load_file (path, &error);

  if (pack == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  for (guint r = 0; r < rl_rule_pack_get_n_rules (pack); r++)
    {
      const RlRule *rule = rl_rule_pack_get_rule (pack, r);

      for (guint p = 0; p < rule->patterns->len; p++)
        {
          const RlPattern *pattern = rule->patterns->pdata[p];

          /* printf, not g_print: the patterns are UTF-8 whatever the locale. */
          if (rule->flags & RL_RULE_FLAG_CASELESS)
            printf ("(?i:%s)\n", pattern->source);
          else
            printf ("%s\n", pattern->source);
        }
    }
  return EXIT_SUCCESS;
}

static int
cmd_sqlite_insert (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char line[8192];

  if (sqlite3_open (db_path, &db) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                        "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT, body TEXT);"
                        "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO t (name, body) VALUES (?, ?)", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-engine: %s\n", sqlite3_errmsg (db));
      return EXIT_FAILURE;
    }
  while (fgets (line, sizeof line, stdin))
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_strchomp (line);
      if (!g_file_get_contents (line, &contents, &len, NULL))
        continue;
      sqlite3_bind_text (stmt, 1, line, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, contents, len, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return EXIT_SUCCESS;
}

int
main (int argc, char **argv)
{
  if (argc >= 3 && strcmp (argv[1], "patterns") == 0)
    return cmd_patterns (argv[2]);
  if (argc >= 3 && strcmp (argv[1], "scan") == 0)
    return cmd_scan (argv[2], argc >= 4 ? (guint) MAX (1, atoi (argv[3])) : g_get_num_processors ());
  if (argc >= 3 && strcmp (argv[1], "verify") == 0)
    return cmd_verify (argv[2]);
  if (argc >= 3 && strcmp (argv[1], "sqlite-insert") == 0)
    return cmd_sqlite_insert (argv[2]);
  g_printerr ("usage: bench-engine patterns PACK | scan PROJECT [THREADS] | verify PROJECT | sqlite-insert DB < FILES\n");
  return 2;
}
