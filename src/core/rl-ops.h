/* rl-ops.h: the long operations the CLI and the window share.
 *
 * Synchronous, cancellable, and safe to run in a worker thread with a store
 * opened in that thread.  Callbacks run in the calling thread. */
#pragma once

#include <gio/gio.h>

#include "rl-store.h"

G_BEGIN_DECLS

/* fraction in [0, 1]; what names the file or document being worked on. */
typedef void (*RlProgressFunc)   (double         fraction,
                                  const char    *what,
                                  gpointer       user_data);

/* Once per file: error is set when the file was refused. */
typedef void (*RlImportFileFunc) (const char      *path,
                                  RlImportOutcome  outcome,
                                  gint64           doc_id,
                                  const GError    *error,
                                  gpointer         user_data);

typedef struct
{
  guint n_imported;
  guint n_updated;
  guint n_unchanged;
  guint n_refused;
} RlImportReport;

typedef struct
{
  guint      n_documents;    /* documents in the project */
  guint      n_scanned;      /* documents actually scanned (the rest were up to date) */
  guint      n_hits;         /* hits stored by this scan */
  guint      n_clauses;      /* clause rows now present */
  guint      n_orphaned;     /* reviews whose clause no longer matches */
  GPtrArray *problems;       /* char*: "document: rule: message" for rules that gave up */
} RlScanReport;

typedef struct
{
  const char *path;
  gboolean    excel;         /* UTF-8 BOM for Excel */
  int         status;        /* RlStatus, -1 for all */
  int         category;      /* pack index, -1 for all */
  int         severity;      /* RlSeverity, -1 for all */
  gint64      doc_id;        /* 0 for all */
} RlExportOptions;

/* Walks files and folders (recursively, following no symlink loops), imports
 * every supported file.  Refusals are reported per file and do not stop the
 * rest; returns FALSE only on a store error or cancellation. */
gboolean rl_ops_import      (RlStore           *store,
                             const char *const *paths,
                             RlImportFileFunc   file_func,
                             RlProgressFunc     progress_func,
                             gpointer           user_data,
                             RlImportReport    *report,
                             GCancellable      *cancellable,
                             GError           **error);

/* Scans every document not yet scanned with the store's current pack. */
gboolean rl_ops_scan        (RlStore           *store,
                             RlProgressFunc     progress_func,
                             gpointer           user_data,
                             RlScanReport      *report,
                             GCancellable      *cancellable,
                             GError           **error);

/* Writes the clauses that match options to CSV (DESIGN.md columns) through a
 * temporary file renamed into place.  n_rows receives the rows written. */
gboolean rl_ops_export_csv  (RlStore               *store,
                             const RlExportOptions *options,
                             guint                 *n_rows,
                             GCancellable          *cancellable,
                             GError               **error);

void     rl_scan_report_clear (RlScanReport *report);

/* Finds a file of Redline's data (e.g. "rules/ai-red-lines.yaml",
 * "samples"): in $REDLINE_DATADIR, then PKGDATADIR (installed), then the
 * source tree's data/ (uninstalled builds).  NULL when none has it. */
char    *rl_data_find         (const char *relative);

/* rl_data_find ("rules/ai-red-lines.yaml"). */
char    *rl_default_pack_path (void);

G_END_DECLS
