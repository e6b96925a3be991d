#define G_LOG_DOMAIN "rl-job"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rl-job.h"
#include "rl-ops.h"

RlJob *
rl_job_new (RlJobKind   kind,
            const char *store_path)
{
  RlJob *job = g_atomic_rc_box_new0 (RlJob);

  job->kind = kind;
  job->store_path = g_strdup (store_path);
  job->file_errors = g_ptr_array_new_with_free_func (g_free);
  job->export_options.status = -1;
  job->export_options.category = -1;
  job->export_options.severity = -1;
  g_mutex_init (&job->mutex);

  return job;
}

RlJob *
rl_job_ref (RlJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
rl_job_clear (gpointer data)
{
  RlJob *job = data;

  g_clear_handle_id (&job->idle_id, g_source_remove);
  g_free (job->store_path);
  g_free (job->pack_path);
  g_free (job->samples_dir);
  g_strfreev (job->paths);
  g_free (job->export_path);
  g_clear_pointer (&job->store, rl_store_close);
  g_clear_pointer (&job->query_store, rl_store_close);
  g_ptr_array_unref (job->file_errors);
  rl_scan_report_clear (&job->scan_report);
  g_free (job->what);
  g_mutex_clear (&job->mutex);
}

void
rl_job_unref (RlJob *job)
{
  g_atomic_rc_box_release_full (job, rl_job_clear);
}

RlStore *
rl_job_steal_store (RlJob *job)
{
  return g_steal_pointer (&job->store);
}

RlStore *
rl_job_steal_query_store (RlJob *job)
{
  return g_steal_pointer (&job->query_store);
}

static gboolean
progress_idle_cb (gpointer data)
{
  RlJob *job = data;
  g_autofree char *what = NULL;
  double fraction;

  g_mutex_lock (&job->mutex);
  job->idle_id = 0;
  fraction = job->fraction;
  what = g_strdup (job->what);
  g_mutex_unlock (&job->mutex);

  if (job->progress_func != NULL)
    job->progress_func (job, fraction, what, job->progress_data);

  return G_SOURCE_REMOVE;
}

/* Progress from the worker: keep only the latest value, and at most one idle
 * callback queued, so a fast loop cannot flood the main loop. */
static void
job_progress (RlJob      *job,
              double      fraction,
              const char *what)
{
  g_mutex_lock (&job->mutex);
  job->fraction = CLAMP (fraction, 0.0, 1.0);
  g_free (job->what);
  job->what = g_strdup (what);
  if (job->idle_id == 0)
    job->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE,
                                    progress_idle_cb,
                                    rl_job_ref (job),
                                    (GDestroyNotify) rl_job_unref);
  g_mutex_unlock (&job->mutex);
}

static void
import_progress_cb (double      fraction,
                    const char *what,
                    gpointer    user_data)
{
  RlJob *job = user_data;

  /* Import is the first half when a scan follows. */
  job_progress (job, fraction * 0.5, what);
}

static void
scan_progress_cb (double      fraction,
                  const char *what,
                  gpointer    user_data)
{
  RlJob *job = user_data;

  if (job->kind == RL_JOB_SCAN)
    job_progress (job, fraction, what);
  else
    job_progress (job, 0.5 + fraction * 0.5, what);
}

static void
import_file_cb (const char      *path,
                RlImportOutcome  outcome,
                gint64           doc_id,
                const GError    *error,
                gpointer         user_data)
{
  RlJob *job = user_data;

  if (error != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      /* Core messages usually name the file already. */
      if (strstr (error->message, base) != NULL)
        g_ptr_array_add (job->file_errors, g_strdup (error->message));
      else
        g_ptr_array_add (job->file_errors,
                         g_strdup_printf ("%s: %s", path, error->message));
    }
}

static void
remove_project_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
}

static gboolean
job_import_and_scan (RlJob         *job,
                     RlStore       *store,
                     GCancellable  *cancellable,
                     GError       **error)
{
  if (!rl_ops_import (store, (const char * const *) job->paths,
                      import_file_cb, import_progress_cb, job,
                      &job->import_report, cancellable, error))
    return FALSE;

  if (job->import_report.n_imported + job->import_report.n_updated == 0)
    return TRUE;

  job->scanned = TRUE;
  return rl_ops_scan (store, scan_progress_cb, job, &job->scan_report,
                      cancellable, error);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RlJob *job = task_data;
  g_autoptr(RlStore) store = NULL;
  g_autoptr(GError) error = NULL;

  switch (job->kind)
    {
    case RL_JOB_OPEN:
      store = rl_store_open (job->store_path, RL_STORE_OPEN_DEFAULT, &error);
      break;

    case RL_JOB_CREATE:
    case RL_JOB_DEMO:
      {
        g_autoptr(RlRulePack) pack = NULL;

        if (job->pack_path == NULL)
          {
            g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("The default rule pack is not installed"));
            break;
          }
        if (!(pack = rl_rule_pack_load_file (job->pack_path, &error)))
          break;

        if (job->kind == RL_JOB_DEMO)
          {
            g_autofree char *dir = g_path_get_dirname (job->store_path);

            if (job->samples_dir == NULL)
              {
                g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                             _("The demo documents are not installed"));
                break;
              }
            g_mkdir_with_parents (dir, 0700);
            remove_project_files (job->store_path);
          }

        if (!(store = rl_store_create (job->store_path, pack, &error)))
          break;

        if (job->kind == RL_JOB_DEMO)
          {
            g_strfreev (job->paths);
            job->paths = g_new0 (char *, 2);
            job->paths[0] = g_strdup (job->samples_dir);
            if (!job_import_and_scan (job, store, cancellable, &error))
              g_clear_pointer (&store, rl_store_close);
          }
      }
      break;

    case RL_JOB_IMPORT:
      if ((store = rl_store_open (job->store_path, RL_STORE_OPEN_DEFAULT, &error)))
        job_import_and_scan (job, store, cancellable, &error);
      break;

    case RL_JOB_SCAN:
      if ((store = rl_store_open (job->store_path, RL_STORE_OPEN_DEFAULT, &error)))
        {
          job->scanned = TRUE;
          rl_ops_scan (store, scan_progress_cb, job, &job->scan_report,
                       cancellable, &error);
        }
      break;

    case RL_JOB_EXPORT:
      if ((store = rl_store_open (job->store_path, RL_STORE_OPEN_READ_ONLY, &error)))
        {
          job->export_options.path = job->export_path;
          rl_ops_export_csv (store, &job->export_options, &job->n_rows,
                             cancellable, &error);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Opening jobs hand their connection to the main thread; the others close
   * theirs here, in the thread that used it. */
  if (job->kind == RL_JOB_OPEN || job->kind == RL_JOB_CREATE || job->kind == RL_JOB_DEMO ||
      job->want_query_store)
    {
      g_autoptr(GError) query_error = NULL;

      if (job->kind != RL_JOB_SCAN)
        job->store = g_steal_pointer (&store);
      /* Opened here too, not on the main thread; without it the lists
       * query there.  The first connection has just checked the file (or
       * created it): checking it again cost 130 ms of a 20,000-document
       * project's first frame. */
      if (!(job->query_store = rl_store_open (job->store_path,
                                              RL_STORE_OPEN_READ_ONLY | RL_STORE_OPEN_CHECKED,
                                              &query_error)))
        g_warning ("No second connection for list queries: %s", query_error->message);
    }

  g_task_return_pointer (task, rl_job_ref (job), (GDestroyNotify) rl_job_unref);
}

void
rl_job_run_async (RlJob               *job,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rl_job_run_async);
  g_task_set_task_data (task, rl_job_ref (job), (GDestroyNotify) rl_job_unref);
  g_task_run_in_thread (task, job_thread);
}

RlJob *
rl_job_run_finish (GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
rl_job_find_samples_dir (void)
{
  /* The same search as the default pack's (rl-ops.c), in the same order. */
  return rl_data_find ("samples");
}
