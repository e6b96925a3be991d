/* rl-store.h: a Redline project, one SQLite file.
 *
 * The store owns the project's rule pack (compiled on open), its documents,
 * and the clause rows the scanner produced with the analyst's reviews on
 * them.  Every change is one transaction.  An RlStore is one connection: use
 * it from one thread at a time; open another for another thread. */
#pragma once

#include <gio/gio.h>

#include "rl-document.h"
#include "rl-rule-pack.h"

G_BEGIN_DECLS

#define RL_STORE_ERROR (rl_store_error_quark ())

typedef enum
{
  RL_STORE_ERROR_FAILED,       /* any other SQLite error */
  RL_STORE_ERROR_NOT_PROJECT,  /* not an SQLite file, or not a Redline project */
  RL_STORE_ERROR_CORRUPT,      /* integrity check failed */
  RL_STORE_ERROR_TOO_NEW,      /* written by a newer Redline */
  RL_STORE_ERROR_BUSY,         /* another process holds the lock too long */
  RL_STORE_ERROR_READ_ONLY,    /* the file (or its folder) is not writable */
  RL_STORE_ERROR_FULL,         /* disk full */
  RL_STORE_ERROR_IO,           /* I/O error */
  RL_STORE_ERROR_EXISTS,       /* rl_store_create: the file exists */
  RL_STORE_ERROR_NOT_FOUND,    /* no such document or clause */
  RL_STORE_ERROR_INVALID,      /* bad argument from outside, e.g. a status */
} RlStoreError;

typedef enum
{
  RL_STORE_OPEN_DEFAULT   = 0,
  RL_STORE_OPEN_READ_ONLY = 1 << 0,
  /* Another connection of this process has just checked the file: skip
   * the quick_check (seconds on a big project), keep the cheap checks. */
  RL_STORE_OPEN_CHECKED   = 1 << 1,
} RlStoreOpenFlags;

typedef enum
{
  RL_STATUS_UNREVIEWED,
  RL_STATUS_CONFIRMED,
  RL_STATUS_DISMISSED,
} RlStatus;

#define RL_N_STATUSES 3

typedef enum
{
  RL_IMPORT_IMPORTED,   /* a new document */
  RL_IMPORT_UPDATED,    /* same file name and path, new content: replaced, reviews kept */
  RL_IMPORT_UNCHANGED,  /* the same content is already in the project */
} RlImportOutcome;

typedef struct _RlStore RlStore;

/* One row of the document list: everything but the text. */
typedef struct
{
  gint64  id;
  char   *file_name;
  char   *path;
  char   *title;
  char   *date;
  char   *source;
  char   *url;
  char   *author;
  char   *format;
  char   *encoding;
  char   *metadata_json;   /* other front-matter keys as a JSON object, or NULL */
  gsize   n_chars;
  guint   n_clauses;       /* present (not orphaned) clauses */
  guint  *counts;          /* clauses per category, indexed like the pack's categories */
  guint   n_counts;
} RlDocInfo;

/* A hit as stored, for highlighting a document. */
typedef struct
{
  gint64 clause_id;
  guint  rule;          /* index into the store's pack, G_MAXUINT if gone */
  guint  category;      /* index into the store's pack, G_MAXUINT if gone */
  gsize  match_start;   /* characters */
  gsize  match_end;
} RlStoredHit;

/* One clause row: the hits of one category in one clause of one document. */
typedef struct
{
  gint64      id;
  gint64      doc_id;
  char       *doc_title;
  char       *doc_file;
  char       *doc_date;
  char       *doc_source;
  char       *doc_url;
  char       *category_id;
  guint       category;     /* index into the pack, G_MAXUINT if the pack lost it */
  RlSeverity  severity;     /* the highest of its rules */
  char       *rules;        /* rule ids joined with " | " */
  char       *messages;     /* rule messages joined with " | " */
  char       *match;        /* matched texts joined with " | " */
  gsize       match_start;  /* first match, characters into the document */
  gsize       match_end;
  char       *text;         /* the clause */
  gsize       start;        /* characters into the document */
  gsize       end;
  RlStatus    status;
  char       *note;         /* "" when none */
  char       *reviewed_at;  /* ISO 8601 UTC, or NULL */
  gboolean    orphaned;     /* reviewed, but no longer matched by the pack */
} RlClause;

typedef enum
{
  RL_DOC_SORT_DATE,
  RL_DOC_SORT_TITLE,
  RL_DOC_SORT_HITS,
  RL_DOC_SORT_IMPORTED,
} RlDocSort;

typedef struct
{
  RlDocSort   sort;
  gboolean    descending;
  int         category;    /* pack index, -1 for any: only documents with clauses in it */
  int         status;      /* RlStatus, -1 for any: only documents with clauses in it */
  const char *search;      /* substring of title or text, NULL or "" for all */
} RlDocQuery;

typedef struct
{
  gint64    doc_id;        /* 0 for the whole project */
  int       category;      /* pack index, -1 for any */
  int       severity;      /* RlSeverity, -1 for any */
  int       status;        /* RlStatus, -1 for any */
  gboolean  orphaned;      /* TRUE: only orphaned reviews; FALSE: only present clauses */
} RlClauseQuery;

typedef struct
{
  guint   n_documents;
  guint64 n_chars;
  guint   n_hits;
  guint   n_clauses;
  guint   n_orphaned;
  guint   n_unscanned;             /* documents not scanned with the current pack */
  guint   status_counts[RL_N_STATUSES];
  /* per pack category: */
  guint   n_categories;
  guint  *category_hits;
  guint  *category_clauses;
  guint  *category_documents;
} RlStats;

GQuark       rl_store_error_quark        (void);

/* Creates a new project at path with pack (the default pack when NULL is not
 * accepted: the caller loads it).  Fails with EXISTS if path exists. */
RlStore     *rl_store_create             (const char       *path,
                                          RlRulePack       *pack,
                                          GError          **error);
RlStore     *rl_store_open               (const char       *path,
                                          RlStoreOpenFlags  flags,
                                          GError          **error);
void         rl_store_close              (RlStore          *store);

const char  *rl_store_get_path           (RlStore          *store);
/* How long a write waits for another process's lock before failing with
 * RL_STORE_ERROR_BUSY (default 10 s). */
void         rl_store_set_busy_timeout   (RlStore          *store,
                                          int               msec);
gboolean     rl_store_is_read_only       (RlStore          *store);
/* The project's pack, compiled.  Owned by the store. */
RlRulePack  *rl_store_get_pack           (RlStore          *store);
/* Replaces the pack (validated already, since it is compiled).  Clause rows
 * stay until the next scan, which files reviews onto the new matches. */
gboolean     rl_store_set_pack           (RlStore          *store,
                                          RlRulePack       *pack,
                                          GError          **error);

/* Adds or updates one document, in one transaction. */
gboolean     rl_store_add_document       (RlStore          *store,
                                          const RlDocument *doc,
                                          RlImportOutcome  *outcome,
                                          gint64           *doc_id,
                                          GError          **error);

guint        rl_store_count_documents    (RlStore          *store);
GArray      *rl_store_list_documents     (RlStore          *store,
                                          const RlDocQuery *query,
                                          GError          **error);  /* of gint64 */
RlDocInfo   *rl_store_get_document       (RlStore          *store,
                                          gint64            doc_id,
                                          GError          **error);
char        *rl_store_get_document_text  (RlStore          *store,
                                          gint64            doc_id,
                                          gsize            *len,
                                          GError          **error);
GArray      *rl_store_get_document_hits  (RlStore          *store,
                                          gint64            doc_id,
                                          GError          **error);  /* of RlStoredHit */

GArray      *rl_store_list_clause_ids    (RlStore             *store,
                                          const RlClauseQuery *query,
                                          GError             **error); /* of gint64 */
GPtrArray   *rl_store_list_clauses       (RlStore             *store,
                                          const RlClauseQuery *query,
                                          GError             **error); /* of RlClause */
RlClause    *rl_store_get_clause         (RlStore          *store,
                                          gint64            clause_id,
                                          GError          **error);

/* Records a decision.  note NULL keeps the current note. */
gboolean     rl_store_review             (RlStore          *store,
                                          gint64            clause_id,
                                          RlStatus          status,
                                          const char       *note,
                                          GError          **error);
gboolean     rl_store_set_note           (RlStore          *store,
                                          gint64            clause_id,
                                          const char       *note,
                                          GError          **error);

RlStats     *rl_store_get_stats          (RlStore          *store,
                                          GError          **error);

void         rl_doc_info_free            (RlDocInfo        *info);
void         rl_clause_free              (RlClause         *clause);
void         rl_stats_free               (RlStats          *stats);

const char  *rl_status_to_string         (RlStatus          status);
gboolean     rl_status_from_string       (const char       *str,
                                          RlStatus         *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlStore, rl_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlDocInfo, rl_doc_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlClause, rl_clause_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlStats, rl_stats_free)

G_END_DECLS
