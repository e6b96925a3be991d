/* rl-job.h: the window's long operations, run in a worker thread.
 *
 * Each job opens its own RlStore connection in the worker (SQLite wants one
 * connection per thread), runs the synchronous core operation with a
 * GCancellable, and reports progress to the main thread through one idle
 * callback at a time. */
#pragma once

#include <gio/gio.h>

#include "rl-ops.h"
#include "rl-store.h"

G_BEGIN_DECLS

typedef enum
{
  RL_JOB_OPEN,     /* open store_path; result: store */
  RL_JOB_CREATE,   /* create store_path with the pack at pack_path; result: store */
  RL_JOB_DEMO,     /* create store_path, import samples_dir, scan; result: store */
  RL_JOB_IMPORT,   /* import paths, then scan what is new */
  RL_JOB_SCAN,     /* scan what the current pack has not seen */
  RL_JOB_EXPORT,   /* export_options to CSV; result: n_rows */
} RlJobKind;

typedef struct _RlJob RlJob;

typedef void (*RlJobProgressFunc) (RlJob      *job,
                                   double      fraction,
                                   const char *what,
                                   gpointer    user_data);

struct _RlJob
{
  RlJobKind          kind;
  char              *store_path;
  char              *pack_path;
  char              *samples_dir;
  char             **paths;
  RlExportOptions    export_options;   /* .path points at export_path */
  char              *export_path;

  /* main thread only */
  RlJobProgressFunc  progress_func;
  gpointer           progress_data;

  /* written by the worker, read by the main thread after completion */
  RlStore           *store;
  RlStore           *query_store;      /* a second, read-only connection */
  gboolean           want_query_store; /* RL_JOB_SCAN: open one at the end */
  RlImportReport     import_report;
  GPtrArray         *file_errors;      /* char*: "file: message" */
  RlScanReport       scan_report;
  gboolean           scanned;
  guint              n_rows;

  /* shared, under mutex */
  GMutex             mutex;
  double             fraction;
  char              *what;
  guint              idle_id;
};

RlJob   *rl_job_new         (RlJobKind            kind,
                             const char          *store_path);
RlJob   *rl_job_ref         (RlJob               *job);
void     rl_job_unref       (RlJob               *job);

void     rl_job_run_async   (RlJob               *job,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
/* Returns the job (a new reference), with its results filled in. */
RlJob   *rl_job_run_finish  (GAsyncResult        *result,
                             GError             **error);

/* Transfers the store the job opened to the caller. */
RlStore *rl_job_steal_store (RlJob               *job);
/* And its second, read-only connection for list queries (may be NULL). */
RlStore *rl_job_steal_query_store (RlJob         *job);

/* Where the demo corpus is: $REDLINE_DATADIR/samples, the source tree, then
 * PKGDATADIR/samples.  NULL if none exists. */
char    *rl_job_find_samples_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlJob, rl_job_unref)

G_END_DECLS
