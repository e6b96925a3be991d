/* rl-ops.c: import, scan and export over a store, shared by CLI and window. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "rl-csv.h"
#include "rl-import.h"
#include "rl-ops.h"
#include "rl-scanner.h"
#include "rl-store-private.h"

/* ------------------------------------------------------------------ */
/* Data files                                                          */

char *
rl_data_find (const char *relative)
{
  const char *dirs[3] = { g_getenv ("REDLINE_DATADIR"), PKGDATADIR, SOURCE_DATADIR };

  g_return_val_if_fail (relative != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL || dirs[i][0] == '\0')
        continue;
      path = g_build_filename (dirs[i], relative, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

char *
rl_default_pack_path (void)
{
  return rl_data_find ("rules/ai-red-lines.yaml");
}

/* ------------------------------------------------------------------ */
/* Import                                                              */

typedef struct
{
  GPtrArray  *files;     /* char*: files to import, in order */
  GPtrArray  *refused;   /* char*: path, message, path, message... for paths we cannot walk */
  GHashTable *visited;   /* "dev:ino" of directories walked */
  GHashTable *open;      /* "dev:ino" -> path of the directories being walked */
} Walk;

/* Folders nested deeper than this are not walked. */
#define MAX_FOLDER_DEPTH 64

static char *
inode_key (const GStatBuf *st)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT,
                          (guint64) st->st_dev, (guint64) st->st_ino);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
refuse (Walk       *walk,
        const char *path,
        char       *message)
{
  g_ptr_array_add (walk->refused, g_strdup (path));
  g_ptr_array_add (walk->refused, message);
}

/* Why a path that is neither a folder nor a regular file is not imported.
 * The walk only stats it: a named pipe is never opened, so a FIFO with no
 * writer cannot block the import, and opening a device has no side
 * effects. */
static char *
special_file_reason (mode_t mode)
{
  if (S_ISFIFO (mode))
    return g_strdup (_("not a regular file (a named pipe); not opened"));
  if (S_ISSOCK (mode))
    return g_strdup (_("not a regular file (a socket)"));
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return g_strdup (_("not a regular file (a device); not opened"));
  return g_strdup (_("not a regular file"));
}

static void
walk_path (Walk       *walk,
           const char *path,
           gboolean    explicit,
           guint       depth)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      /* A dangling link inside a folder is not worth a complaint... unless
       * the user named it.  A link to itself (ELOOP) is reported. */
      if (explicit || saved != ENOENT)
        refuse (walk, path, g_strdup (g_strerror (saved)));
      return;
    }

  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *key = inode_key (&st);
      g_autoptr(GPtrArray) names = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = NULL;
      const char *ancestor;
      const char *name;

      if ((ancestor = g_hash_table_lookup (walk->open, key)) != NULL)
        {
          g_autofree char *display = g_filename_display_name (ancestor);

          /* A link to a folder that contains it: walking it would never
           * end.  Its files are imported once, through the folder. */
          refuse (walk, path, g_strdup_printf (_("symbolic link loop (leads back to %s); not followed"),
                                               display));
          return;
        }
      if (g_hash_table_contains (walk->visited, key))
        return;  /* a second way to a folder already walked: its files are imported once */
      if (depth > MAX_FOLDER_DEPTH)
        {
          refuse (walk, path, g_strdup_printf (_("folders nested more than %d deep; not imported"),
                                               MAX_FOLDER_DEPTH));
          return;
        }

      if (!(dir = g_dir_open (path, 0, &error)))
        {
          refuse (walk, path, g_strdup (error->message));
          return;
        }
      g_hash_table_add (walk->visited, g_strdup (key));
      g_hash_table_insert (walk->open, g_strdup (key), g_strdup (path));
      names = g_ptr_array_new_with_free_func (g_free);
      while ((name = g_dir_read_name (dir)))
        if (name[0] != '.')  /* .git and friends */
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_strings);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child = g_build_filename (path, names->pdata[i], NULL);
          walk_path (walk, child, FALSE, depth + 1);
        }
      g_hash_table_remove (walk->open, key);
      return;
    }

  /* Pipes, sockets and devices are reported even inside a folder, whatever
   * their name: they are never documents, and the user should learn that
   * one was passed over rather than wonder why it is missing. */
  if (!S_ISREG (st.st_mode))
    {
      refuse (walk, path, special_file_reason (st.st_mode));
      return;
    }

  /* Inside a folder, files of other kinds (images, PDFs) are simply not
   * documents; named on their own, they are refused with a reason. */
  if (explicit || rl_import_is_supported (path))
    g_ptr_array_add (walk->files, g_strdup (path));
}

gboolean
rl_ops_import (RlStore           *store,
               const char *const *paths,
               RlImportFileFunc   file_func,
               RlProgressFunc     progress_func,
               gpointer           user_data,
               RlImportReport    *report,
               GCancellable      *cancellable,
               GError           **error)
{
  Walk walk;
  RlImportReport local = { 0 };
  guint64 total_bytes = 0, done_bytes = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  if (rl_store_is_read_only (store))
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_READ_ONLY,
                   _("%s: the project is open read-only"), rl_store_get_path (store));
      return FALSE;
    }

  walk.files = g_ptr_array_new_with_free_func (g_free);
  walk.refused = g_ptr_array_new_with_free_func (g_free);
  walk.visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  walk.open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; paths[i]; i++)
    {
      g_autofree char *abs = g_canonicalize_filename (paths[i], NULL);
      walk_path (&walk, abs, TRUE, 0);
    }

  for (guint i = 0; i + 1 < walk.refused->len; i += 2)
    {
      const char *path = walk.refused->pdata[i];
      g_autoptr(GError) e = g_error_new (RL_IMPORT_ERROR, RL_IMPORT_ERROR_READ, "%s: %s",
                                         path, (const char *) walk.refused->pdata[i + 1]);

      local.n_refused++;
      if (file_func)
        file_func (path, RL_IMPORT_UNCHANGED, 0, e, user_data);
    }

  for (guint i = 0; i < walk.files->len; i++)
    {
      GStatBuf st;
      if (g_stat (walk.files->pdata[i], &st) == 0)
        total_bytes += st.st_size;
    }

  for (guint i = 0; i < walk.files->len; i++)
    {
      const char *path = walk.files->pdata[i];
      g_autoptr(RlDocument) doc = NULL;
      g_autoptr(GError) local_error = NULL;
      RlImportOutcome outcome = RL_IMPORT_UNCHANGED;
      gint64 doc_id = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (progress_func)
        progress_func (total_bytes ? (double) done_bytes / total_bytes : (double) i / walk.files->len,
                       path, user_data);

      doc = rl_import_file (path, &local_error);
      if (doc != NULL)
        {
          done_bytes += doc->text_len;
          if (!rl_store_add_document (store, doc, &outcome, &doc_id, &local_error))
            {
              /* A store failure (disk full, busy, read-only) ends the run:
               * the next file would fail the same way. */
              g_propagate_error (error, g_steal_pointer (&local_error));
              ok = FALSE;
              break;
            }
          switch (outcome)
            {
            case RL_IMPORT_IMPORTED: local.n_imported++; break;
            case RL_IMPORT_UPDATED: local.n_updated++; break;
            case RL_IMPORT_UNCHANGED: default: local.n_unchanged++; break;
            }
        }
      else
        local.n_refused++;

      if (file_func)
        file_func (path, outcome, doc_id, local_error, user_data);
    }

  if (ok && progress_func)
    progress_func (1.0, NULL, user_data);

  if (report)
    *report = local;
  g_ptr_array_unref (walk.files);
  g_ptr_array_unref (walk.refused);
  g_hash_table_unref (walk.visited);
  g_hash_table_unref (walk.open);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Scan                                                                */

/* Documents are scanned in batches: texts read, scanned on every core,
 * then written in one transaction. */
#define BATCH_DOCS  256
#define BATCH_BYTES (32 * 1024 * 1024)

typedef struct
{
  gint64       id;
  RlRuleDelta *delta;     /* which rules to run; owned by the scan */
  gboolean     full;      /* run every rule and replace every hit */
  char        *text;
  gsize      len;
  GArray    *hits;      /* RlHit */
  GPtrArray *problems;  /* RlScanProblem */
} ScanItem;

/* One batch, shared by the workers: each takes the next item by an atomic
 * counter, so a long document doesn't hold the others up. */
typedef struct
{
  ScanItem     *items;
  guint         n_items;
  gint          next;
  GCancellable *cancellable;
} ScanBatch;

typedef struct
{
  ScanBatch *batch;
  RlScanner *scanner;
} ScanWorker;

static void
scan_item_clear (ScanItem *item)
{
  g_clear_pointer (&item->text, g_free);
  g_clear_pointer (&item->hits, g_array_unref);
  g_clear_pointer (&item->problems, g_ptr_array_unref);
}

static gpointer
scan_worker_run (gpointer data)
{
  ScanWorker *w = data;
  ScanBatch *batch = w->batch;
  guint i;

  while ((i = (guint) g_atomic_int_add (&batch->next, 1)) < batch->n_items)
    {
      ScanItem *item = &batch->items[i];

      item->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_scan_problem_free);
      if (!item->full && item->delta->n_run > 0)
        {
          /* After a rule edit, the changed rules first: most documents
           * give them nothing, and then nothing else needs doing. */
          item->hits = rl_scanner_scan_rules (w->scanner, item->text, item->len, item->delta->run,
                                              item->problems, batch->cancellable, NULL);
          if (item->hits != NULL && item->hits->len > 0)
            {
              g_clear_pointer (&item->hits, g_array_unref);
              g_ptr_array_set_size (item->problems, 0);
              item->full = TRUE;
            }
        }
      if (item->full)
        item->hits = rl_scanner_scan (w->scanner, item->text, item->len, item->problems,
                                      batch->cancellable, NULL);
      else if (item->hits == NULL && item->delta->n_run == 0)
        item->hits = g_array_new (FALSE, FALSE, sizeof (RlHit));
    }
  return NULL;
}

/* Stores one scanned document: all its hits, or, when a rule edit touched
 * nothing in it, only the mark that it is up to date.  (A document the edit
 * does touch is scanned whole: merging old and new hits would need their
 * clauses recomputed anyway.) */
static gboolean
save_item (RlStore   *store,
           ScanItem  *item,
           guint     *n_clauses,
           GError   **error)
{
  if (item->full)
    return rl_store_save_hits (store, item->id, item->text, item->len, item->hits, n_clauses, error);

  g_assert (item->hits->len == 0);
  return rl_store_mark_scanned (store, item->id, error);
}

void
rl_scan_report_clear (RlScanReport *report)
{
  if (report != NULL)
    g_clear_pointer (&report->problems, g_ptr_array_unref);
}

/* One batch on its way through the pipeline. */
typedef struct
{
  ScanItem  *items;
  guint      n;
  guint      taken;     /* ids used up, skipped ones included */
  ScanBatch  work;
  GThread  **threads;
  ScanWorker *workers;
  guint      n_threads;
} Batch;

typedef struct
{
  RlStore    *store;
  GArray     *ids;        /* RlUnscanned */
  guint       next;       /* next id to read */
  GHashTable *deltas;     /* old pack hash -> RlRuleDelta */
  GPtrArray  *problems;
  guint       n_skipped;
} Reader;

static void
batch_free (Batch *batch)
{
  for (guint i = 0; i < batch->n; i++)
    scan_item_clear (&batch->items[i]);
  g_free (batch->items);
  g_free (batch->threads);
  g_free (batch->workers);
  g_free (batch);
}

/* Reads the next batch of texts; NULL with error set on a store failure. */
static Batch *
read_batch (Reader   *r,
            GError  **error)
{
  Batch *batch = g_new0 (Batch, 1);
  gsize bytes = 0;

  batch->items = g_new0 (ScanItem, BATCH_DOCS);
  while (r->next < r->ids->len && batch->n < BATCH_DOCS && bytes < BATCH_BYTES)
    {
      ScanItem *item = &batch->items[batch->n];
      g_autoptr(GError) text_error = NULL;
      RlUnscanned *u = &g_array_index (r->ids, RlUnscanned, r->next);
      const char *old = u->old_hash ? u->old_hash : "";

      r->next++;
      batch->taken++;
      item->id = u->id;
      /* Documents last scanned with the same pack share one delta. */
      if (!(item->delta = g_hash_table_lookup (r->deltas, old)))
        {
          item->delta = rl_store_rule_delta (r->store, u->old_hash);
          g_hash_table_insert (r->deltas, g_strdup (old), item->delta);
        }
      /* Stored hits of a changed or removed rule: the document is redone. */
      if (item->delta->full)
        item->full = TRUE;
      else if (!rl_store_has_stale_hits (r->store, item->id, item->delta, &item->full, error))
        {
          batch_free (batch);
          return NULL;
        }
      if (!(item->text = rl_store_get_document_text (r->store, item->id, &item->len, &text_error)))
        {
          /* One document damaged outside Redline must not keep every
           * other from being scanned: report it, leave it unscanned. */
          if (g_error_matches (text_error, RL_STORE_ERROR, RL_STORE_ERROR_CORRUPT))
            {
              g_ptr_array_add (r->problems, g_strdup (text_error->message));
              r->n_skipped++;
              item->id = 0;
              item->delta = NULL;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&text_error));
          batch_free (batch);
          return NULL;
        }
      bytes += item->len;
      batch->n++;
    }
  return batch;
}

static void
batch_start (Batch        *batch,
             GPtrArray    *scanners,
             GCancellable *cancellable)
{
  batch->work = (ScanBatch) { batch->items, batch->n, 0, cancellable };
  batch->n_threads = scanners->len;
  batch->workers = g_new0 (ScanWorker, batch->n_threads);
  batch->threads = g_new0 (GThread *, batch->n_threads);
  for (guint t = 0; t < batch->n_threads; t++)
    {
      batch->workers[t].batch = &batch->work;
      batch->workers[t].scanner = scanners->pdata[t];
      batch->threads[t] = g_thread_new ("rl-scan", scan_worker_run, &batch->workers[t]);
    }
}

static void
batch_join (Batch *batch)
{
  for (guint t = 0; t < batch->n_threads; t++)
    g_clear_pointer (&batch->threads[t], g_thread_join);
}

/* Writes a scanned batch in one transaction. */
static gboolean
batch_write (Batch         *batch,
             RlStore       *store,
             GPtrArray     *problems,
             guint         *n_hits,
             GCancellable  *cancellable,
             GError       **error)
{
  RlRulePack *pack = rl_store_get_pack (store);
  gboolean ok = TRUE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !rl_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < batch->n && ok; i++)
    {
      ScanItem *item = &batch->items[i];
      guint n_clauses = 0;

      if (item->hits == NULL)
        {
          /* Only cancellation leaves a document unscanned. */
          if (!g_cancellable_set_error_if_cancelled (cancellable, error))
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
          ok = FALSE;
          break;
        }
      ok = save_item (store, item, &n_clauses, error);
      *n_hits += item->hits->len;
      for (guint p = 0; p < item->problems->len; p++)
        {
          RlScanProblem *problem = item->problems->pdata[p];
          const RlRule *rule = rl_rule_pack_get_rule (pack, problem->rule);
          g_autoptr(RlDocInfo) info = rl_store_get_document (store, item->id, NULL);

          g_ptr_array_add (problems, g_strdup_printf ("%s: %s: %s",
                                                      info ? info->file_name : "?",
                                                      rl_rule_get_id (rule), problem->message));
        }
    }
  if (ok)
    ok = rl_store_commit (store, error);
  if (!ok)
    rl_store_rollback (store);
  return ok;
}

gboolean
rl_ops_scan (RlStore         *store,
             RlProgressFunc   progress_func,
             gpointer         user_data,
             RlScanReport    *report,
             GCancellable    *cancellable,
             GError         **error)
{
  RlRulePack *pack;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) deltas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) rl_rule_delta_free);
  g_autoptr(GPtrArray) scanners = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  Reader reader = { 0 };
  Batch *current = NULL;
  guint n_threads, done = 0;
  guint n_hits = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (store != NULL, FALSE);

  if (rl_store_is_read_only (store))
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_READ_ONLY,
                   _("%s: the project is open read-only"), rl_store_get_path (store));
      return FALSE;
    }

  pack = rl_store_get_pack (store);
  if (!(ids = rl_store_list_unscanned (store, error)))
    return FALSE;

  n_threads = CLAMP (g_get_num_processors (), 1, 8);
  scanners = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_scanner_free);
  for (guint t = 0; t < n_threads; t++)
    g_ptr_array_add (scanners, rl_scanner_new (pack));

  /* A pipeline: while the workers scan one batch, this thread writes the
   * previous one and reads the next (one connection, one thread). */
  reader = (Reader) { store, ids, 0, deltas, problems, 0 };
  if (!(current = read_batch (&reader, error)))
    ok = FALSE;
  while (ok && current->taken > 0)
    {
      Batch *next;

      batch_start (current, scanners, cancellable);
      next = read_batch (&reader, error);
      batch_join (current);
      if (next == NULL)
        ok = FALSE;
      else if (!batch_write (current, store, problems, &n_hits, cancellable, error))
        ok = FALSE;
      if (ok)
        done += current->taken;
      g_clear_pointer (&current, batch_free);
      current = next;
      if (ok && progress_func)
        progress_func ((double) done / MAX (ids->len, 1), NULL, user_data);
      if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
    }
  g_clear_pointer (&current, batch_free);

  if (report != NULL)
    {
      g_autoptr(RlStats) stats = rl_store_get_stats (store, NULL);

      report->n_documents = stats ? stats->n_documents : rl_store_count_documents (store);
      report->n_scanned = (ok ? ids->len : done) - reader.n_skipped;
      report->n_hits = n_hits;
      report->n_clauses = stats ? stats->n_clauses : 0;
      report->n_orphaned = stats ? stats->n_orphaned : 0;
      report->problems = g_steal_pointer (&problems);
    }
  return ok;
}

/* ------------------------------------------------------------------ */
/* Export                                                              */

static const char *const csv_columns[] = {
  "clause_id", "document_id", "document_title", "document_file", "document_date",
  "document_source", "document_url", "category", "category_name", "severity",
  "rules", "messages", "match", "clause", "start", "end", "status", "note",
  "reviewed_at",
};

gboolean
rl_ops_export_csv (RlStore                *store,
                   const RlExportOptions  *options,
                   guint                  *n_rows,
                   GCancellable           *cancellable,
                   GError                **error)
{
  RlClauseQuery query = { 0 };
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  RlRulePack *pack;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (options != NULL && options->path != NULL, FALSE);

  pack = rl_store_get_pack (store);
  query.doc_id = options->doc_id;
  query.category = options->category;
  query.severity = options->severity;
  query.status = options->status;
  if (!(clauses = rl_store_list_clauses (store, &query, error)))
    return FALSE;

  if (options->excel)
    g_string_append (out, "\xEF\xBB\xBF");
  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    rl_csv_append_field (out, csv_columns[i], i + 1 == G_N_ELEMENTS (csv_columns));

  for (guint i = 0; i < clauses->len; i++)
    {
      RlClause *c = clauses->pdata[i];
      char num[4][32];
      const char *category_name = c->category_id;

      if (i % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (c->category != G_MAXUINT)
        category_name = rl_localized (rl_rule_pack_get_category (pack, c->category)->name);

      g_snprintf (num[0], sizeof num[0], "%" G_GINT64_FORMAT, c->id);
      g_snprintf (num[1], sizeof num[1], "%" G_GINT64_FORMAT, c->doc_id);
      g_snprintf (num[2], sizeof num[2], "%" G_GSIZE_FORMAT, c->start);
      g_snprintf (num[3], sizeof num[3], "%" G_GSIZE_FORMAT, c->end);

      rl_csv_append_field (out, num[0], FALSE);
      rl_csv_append_field (out, num[1], FALSE);
      rl_csv_append_field (out, c->doc_title, FALSE);
      rl_csv_append_field (out, c->doc_file, FALSE);
      rl_csv_append_field (out, c->doc_date, FALSE);
      rl_csv_append_field (out, c->doc_source, FALSE);
      rl_csv_append_field (out, c->doc_url, FALSE);
      rl_csv_append_field (out, c->category_id, FALSE);
      rl_csv_append_field (out, category_name, FALSE);
      rl_csv_append_field (out, rl_severity_to_string (c->severity), FALSE);
      rl_csv_append_field (out, c->rules, FALSE);
      rl_csv_append_field (out, c->messages, FALSE);
      rl_csv_append_field (out, c->match, FALSE);
      rl_csv_append_field (out, c->text, FALSE);
      rl_csv_append_field (out, num[2], FALSE);
      rl_csv_append_field (out, num[3], FALSE);
      rl_csv_append_field (out, rl_status_to_string (c->status), FALSE);
      rl_csv_append_field (out, c->note, FALSE);
      rl_csv_append_field (out, c->reviewed_at, TRUE);
    }

  /* Temporary file, then rename: a failure never leaves half a file. */
  if (!g_file_set_contents_full (options->path, out->str, out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;

  if (n_rows)
    *n_rows = clauses->len;
  return TRUE;
}
