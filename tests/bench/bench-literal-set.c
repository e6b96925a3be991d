/* bench-literal-set: the one-pass literal search alone, on real text.
 *
 *   bench-literal-set PACK.yaml DIR... [--runs N] [--no-memmem] [--scanner]
 *                     [--min-window BYTES]
 *
 * Builds one literal set from every pattern's required literals, as the
 * scanner needs them: a pattern's filter literals under id 2 i and its
 * window literals under id 2 i + 1 (i: the pattern's index over all rules'
 * "patterns"), reads every *.md under each
 * DIR into memory, then reports:
 *   - the automaton's size;
 *   - MB/s of rl_literal_set_scan over all texts on 1 and 2 threads
 *     (median of N runs, every run listed);
 *   - the (document, pattern) pairs that survive the prefilter, against
 *     all pairs and against what the per-literal memmem prefilter of
 *     rl-scanner.c lets through (they must be equal);
 *   - MB/s of that memmem prefilter, on one thread, once;
 *   - with --scanner, MB/s of rl_scanner_scan (the engine as it stands) on
 *     1 and 2 threads, one run each.
 *
 * Not part of the pass/fail suite: it measures, it does not judge. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rl-literal-set.h"
#include "rl-rule-pack-private.h"
#include "rl-scanner.h"

typedef struct
{
  GPtrArray  *texts;      /* char* */
  GArray     *lens;       /* gsize */
  GPtrArray  *patterns;   /* const RlPattern*, by id */
  RlLiteralSet *set;
  RlRulePack *pack;
  gint        next;
  GMutex      lock;
  gint64      survivors;  /* (document, pattern) pairs */
  double      cpu;        /* seconds, summed over threads */
  gint64      incomplete; /* texts past the scratch's cap (RL_LITERAL_SET_MAX_HITS) */
  gint64      hits;
} Job;

static void
read_tree (const char *dir,
           Job        *job)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    {
      g_printerr ("bench-literal-set: cannot read %s\n", dir);
      return;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        read_tree (path, job);
      else if (g_str_has_suffix (name, ".md"))
        {
          g_autoptr(GError) error = NULL;
          char *text = NULL;
          gsize len = 0;

          if (g_file_get_contents (path, &text, &len, &error))
            {
              g_ptr_array_add (job->texts, text);
              g_array_append_val (job->lens, len);
            }
          else
            g_printerr ("bench-literal-set: %s\n", error->message);
        }
    }
}

static guint
n_always (Job *job)
{
  guint n = 0;

  for (guint i = 0; i < job->patterns->len; i++)
    if (((const RlPattern *) job->patterns->pdata[i])->literals == NULL)
      n++;
  return n;
}

/* The machine is shared: wall time measures the other builds too, the
 * thread's CPU time mostly does not. */
static double
thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gpointer
worker (gpointer data)
{
  Job *job = data;
  g_autoptr(RlLiteralHits) hits = rl_literal_hits_new (job->set);
  gint64 survivors = 0, n_hits = 0, n_incomplete = 0;
  guint i, always = n_always (job);
  double c0 = thread_cpu ();

  rl_literal_hits_set_max_hits (hits, RL_LITERAL_SET_MAX_HITS);

  while ((i = (guint) g_atomic_int_add (&job->next, 1)) < job->texts->len)
    {
      rl_literal_set_scan (job->set, job->texts->pdata[i],
                           g_array_index (job->lens, gsize, i), hits);
      for (guint p = 0; p < job->patterns->len; p++)
        survivors += rl_literal_hits_contains (hits, 2 * p);
      survivors += always;
      n_hits += rl_literal_hits_get_n_hits (hits);
      n_incomplete += !rl_literal_hits_is_complete (hits);
    }
  g_mutex_lock (&job->lock);
  job->cpu += thread_cpu () - c0;
  job->survivors += survivors;
  job->hits += n_hits;
  job->incomplete += n_incomplete;
  g_mutex_unlock (&job->lock);
  return NULL;
}

/* The whole engine as it stands, for comparison: rl_scanner_scan. */
static gpointer
scanner_worker (gpointer data)
{
  Job *job = data;
  g_autoptr(RlScanner) scanner = rl_scanner_new (job->pack);
  gint64 n_hits = 0;
  double c0 = thread_cpu ();
  guint i;

  while ((i = (guint) g_atomic_int_add (&job->next, 1)) < job->texts->len)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_scan_problem_free);
      g_autoptr(GArray) hits = rl_scanner_scan (scanner, job->texts->pdata[i],
                                                g_array_index (job->lens, gsize, i),
                                                problems, NULL, NULL);

      n_hits += hits != NULL ? hits->len : 0;
    }
  g_mutex_lock (&job->lock);
  job->cpu += thread_cpu () - c0;
  job->hits += n_hits;
  g_mutex_unlock (&job->lock);
  return NULL;
}

/* Returns wall MB/s; *cpu_mbs: MB per CPU-second times n_threads, what the
 * threads would do with a core each to themselves. */
static double
run (Job     *job,
     guint    n_threads,
     gsize    bytes,
     double  *cpu_mbs,
     GThreadFunc func)
{
  GThread *threads[16];
  gint64 t0, t1;

  job->next = 0;
  job->survivors = 0;
  job->hits = 0;
  job->cpu = 0;
  job->incomplete = 0;
  t0 = g_get_monotonic_time ();
  for (guint t = 0; t < n_threads; t++)
    threads[t] = g_thread_new ("literal-set", func, job);
  for (guint t = 0; t < n_threads; t++)
    g_thread_join (threads[t]);
  t1 = g_get_monotonic_time ();
  *cpu_mbs = bytes / 1e6 / job->cpu * n_threads;
  return (double) bytes / (double) (t1 - t0);  /* bytes per microsecond = MB/s */
}

static int
double_cmp (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The prefilter rl-scanner.c has today: an ASCII-lowercased copy, one
 * memmem per literal.  Returns the pairs it lets through. */
static gint64
memmem_pairs (Job    *job,
              guint   doc,
              GArray *survive)   /* gboolean by pattern, filled */
{
  const char *text = job->texts->pdata[doc];
  gsize len = g_array_index (job->lens, gsize, doc);
  g_autofree char *lowered = g_malloc (MAX (len, 1));
  gint64 n = 0;

  for (gsize k = 0; k < len; k++)
    lowered[k] = g_ascii_tolower (text[k]);
  g_array_set_size (survive, job->patterns->len);
  for (guint p = 0; p < job->patterns->len; p++)
    {
      const RlPattern *pattern = job->patterns->pdata[p];
      gboolean yes = pattern->literals == NULL;

      for (guint l = 0; !yes && l < pattern->literals->len; l++)
        {
          const char *lit = pattern->literals->pdata[l];

          yes = memmem (pattern->literals_caseless ? lowered : text, len, lit, strlen (lit)) != NULL;
        }
      g_array_index (survive, gboolean, p) = yes;
      n += yes;
    }
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(RlLiteralSetBuilder) builder = rl_literal_set_builder_new ();
  g_autoptr(RlLiteralHits) hits = NULL;
  g_autoptr(GArray) survive = g_array_new (FALSE, FALSE, sizeof (gboolean));
  Job job = { 0 };
  guint n_runs = 5, n_lits = 0, mismatches = 0;
  gboolean with_memmem = TRUE, with_scanner = FALSE;
  gsize min_window = 0;
  guint n_dropped = 0;
  gsize bytes = 0;
  gint64 mm_pairs = 0, t0, t1;
  double c0, c1;

  /* Options anywhere; what is left is PACK DIR... */
  for (int i = 1; i < argc; i++)
    {
      int drop = 0;

      if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        {
          n_runs = MAX (1, atoi (argv[i + 1]));
          drop = 2;
        }
      else if (strcmp (argv[i], "--no-memmem") == 0)
        {
          with_memmem = FALSE;
          drop = 1;
        }
      else if (strcmp (argv[i], "--min-window") == 0 && i + 1 < argc)
        {
          min_window = MAX (0, atoi (argv[i + 1]));
          drop = 2;
        }
      else if (strcmp (argv[i], "--scanner") == 0)
        {
          with_scanner = TRUE;
          drop = 1;
        }
      if (drop > 0)
        {
          memmove (&argv[i], &argv[i + drop], (argc - i - drop) * sizeof (char *));
          argc -= drop;
          i--;
        }
    }
  if (argc < 3)
    {
      g_printerr ("usage: bench-literal-set PACK.yaml DIR... [--runs N] [--no-memmem] "
                  "[--scanner] [--min-window BYTES]\n");
      return EXIT_FAILURE;
    }

  pack = rl_rule_pack_load_file (argv[1], &error);
  if (pack == NULL)
    {
      g_printerr ("bench-literal-set: %s\n", error->message);
      return EXIT_FAILURE;
    }

  job.pack = pack;
  job.patterns = g_ptr_array_new ();
  for (guint r = 0; r < rl_rule_pack_get_n_rules (pack); r++)
    {
      const RlRule *rule = rl_rule_pack_get_rule (pack, r);

      for (guint p = 0; p < rule->patterns->len; p++)
        {
          const RlPattern *pattern = rule->patterns->pdata[p];

          if (pattern->literals != NULL)
            for (guint l = 0; l < pattern->literals->len; l++)
              {
                const char *lit = pattern->literals->pdata[l];

                rl_literal_set_builder_add (builder, 2 * job.patterns->len, lit, strlen (lit),
                                            pattern->literals_caseless);
                n_lits++;
              }
          gboolean window_ok = pattern->window_literals != NULL;

          /* --min-window N: what the set would hold if the parser gave up
           * on window sets with a literal shorter than N bytes. */
          for (guint l = 0; window_ok && l < pattern->window_literals->len; l++)
            window_ok = strlen (pattern->window_literals->pdata[l]) >= min_window;
          if (!window_ok)
            n_dropped++;
          if (window_ok)
            for (guint l = 0; l < pattern->window_literals->len; l++)
              {
                const char *lit = pattern->window_literals->pdata[l];

                rl_literal_set_builder_add (builder, 2 * job.patterns->len + 1, lit, strlen (lit),
                                            pattern->literals_caseless);
                n_lits++;
              }
          g_ptr_array_add (job.patterns, (gpointer) pattern);
        }
    }

  t0 = g_get_monotonic_time ();
  job.set = rl_literal_set_builder_build (builder, &error);
  t1 = g_get_monotonic_time ();
  if (job.set == NULL)
    {
      g_printerr ("bench-literal-set: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (min_window > 0)
    printf ("window sets left out (a literal shorter than %" G_GSIZE_FORMAT " bytes, or none): %u\n",
            min_window, n_dropped);
  printf ("patterns %u (%u without literals: always run), filter and window literals %u "
          "(%u in the set), "
          "states %u, byte classes %u, table %.0f KiB, built in %.1f ms\n",
          job.patterns->len, n_always (&job), n_lits, rl_literal_set_get_n_literals (job.set),
          rl_literal_set_get_n_states (job.set), rl_literal_set_get_n_classes (job.set),
          rl_literal_set_get_n_states (job.set) * rl_literal_set_get_n_classes (job.set) * 4 / 1024.0,
          (t1 - t0) / 1000.0);

  job.texts = g_ptr_array_new_with_free_func (g_free);
  job.lens = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (int i = 2; i < argc; i++)
    read_tree (argv[i], &job);
  for (guint i = 0; i < job.lens->len; i++)
    bytes += g_array_index (job.lens, gsize, i);
  printf ("documents %u, %.1f MB\n", job.texts->len, bytes / 1e6);

  for (guint n_threads = 1; n_threads <= 2; n_threads++)
    {
      g_autofree double *mbs = g_new (double, n_runs);
      g_autofree double *cpu_mbs = g_new (double, n_runs);
      GString *all = g_string_new (NULL);

      for (guint r = 0; r < n_runs; r++)
        {
          mbs[r] = run (&job, n_threads, bytes, &cpu_mbs[r], worker);
          g_string_append_printf (all, " %.0f/%.0f", mbs[r], cpu_mbs[r]);
        }
      qsort (mbs, n_runs, sizeof (double), double_cmp);
      qsort (cpu_mbs, n_runs, sizeof (double), double_cmp);
      printf ("literal pass, %u thread%s: median %.0f MB/s wall, %.0f MB/s by CPU time "
              "(runs, wall/cpu:%s)\n",
              n_threads, n_threads > 1 ? "s" : "", mbs[n_runs / 2], cpu_mbs[n_runs / 2], all->str);
      g_string_free (all, TRUE);
    }
  printf ("literal hits %" G_GINT64_FORMAT " (%.1f per KB), texts past %u hits: %" G_GINT64_FORMAT "\n",
          job.hits, job.hits * 1000.0 / bytes, RL_LITERAL_SET_MAX_HITS, job.incomplete);
  printf ("(document, pattern) pairs surviving: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " (%.1f%%)\n",
          job.survivors, (gint64) job.texts->len * job.patterns->len,
          100.0 * job.survivors / ((double) job.texts->len * job.patterns->len));

  if (with_scanner)
    for (guint n_threads = 1; n_threads <= 2; n_threads++)
      {
        double wall, cpu;

        wall = run (&job, n_threads, bytes, &cpu, scanner_worker);
        printf ("rl_scanner_scan (whole engine), %u thread%s, one run: %.0f MB/s wall, "
                "%.0f MB/s by CPU time, %" G_GINT64_FORMAT " hits\n",
                n_threads, n_threads > 1 ? "s" : "", wall, cpu, job.hits);
      }

  /* The memmem prefilter: same survivors, pattern by pattern. */
  if (!with_memmem)
    goto out;
  hits = rl_literal_hits_new (job.set);
  t0 = g_get_monotonic_time ();
  c0 = thread_cpu ();
  for (guint i = 0; i < job.texts->len; i++)
    mm_pairs += memmem_pairs (&job, i, survive);
  t1 = g_get_monotonic_time ();
  c1 = thread_cpu ();
  for (guint i = 0; i < job.texts->len; i++)
    {
      memmem_pairs (&job, i, survive);
      rl_literal_set_scan (job.set, job.texts->pdata[i], g_array_index (job.lens, gsize, i), hits);
      for (guint p = 0; p < job.patterns->len; p++)
        {
          gboolean ac = ((const RlPattern *) job.patterns->pdata[p])->literals == NULL ||
                        rl_literal_hits_contains (hits, 2 * p);

          if (ac != g_array_index (survive, gboolean, p))
            mismatches++;
        }
    }
  printf ("memmem prefilter, 1 thread: %.0f MB/s wall, %.0f MB/s by CPU time, pairs surviving %"
          G_GINT64_FORMAT ", disagreements with the literal set: %u\n",
          (double) bytes / (double) (t1 - t0), bytes / 1e6 / (c1 - c0), mm_pairs, mismatches);

out:
  g_ptr_array_unref (job.texts);
  g_array_unref (job.lens);
  g_ptr_array_unref (job.patterns);
  rl_literal_set_unref (job.set);
  return mismatches == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
