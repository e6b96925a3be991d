/* rl-store-private.h: what the core's own modules share about the store. */
#pragma once

#include <sqlite3.h>

#include "rl-scanner.h"
#include "rl-store.h"

G_BEGIN_DECLS

struct _RlStore
{
  sqlite3    *db;
  char       *path;
  gboolean    read_only;
  RlRulePack *pack;
  GHashTable *rule_index;  /* rule id -> index + 1 */
  GHashTable *stmt_cache;  /* SQL literal -> sqlite3_stmt */
};

char         *rl_now_iso8601            (void);
gboolean      rl_store_set_sqlite_error (RlStore      *self,
                                         int           rc,
                                         const char   *what,
                                         GError      **error);
sqlite3_stmt *rl_store_prepare          (RlStore      *self,
                                         const char   *sql,
                                         GError      **error);
/* A prepared statement kept for the connection's life; sql must be a literal. */
sqlite3_stmt *rl_store_cached           (RlStore      *self,
                                         const char   *sql,
                                         GError      **error);
gboolean      rl_store_exec             (RlStore      *self,
                                         const char   *sql,
                                         GError      **error);
gboolean      rl_store_begin            (RlStore      *self,
                                         GError      **error);
gboolean      rl_store_commit           (RlStore      *self,
                                         GError      **error);
void          rl_store_rollback         (RlStore      *self);
void          rl_store_take_pack        (RlStore      *self,
                                         RlRulePack   *pack);
guint         rl_store_find_rule        (RlStore      *self,
                                         const char   *rule_id);
const char   *rl_store_category_id      (RlStore      *self,
                                         int           category);
gboolean      rl_store_forget_hits      (RlStore      *self,
                                         gint64        doc_id,
                                         GError      **error);

typedef struct
{
  gint64  id;
  char   *old_hash;   /* the pack it was last scanned with, or NULL */
} RlUnscanned;

/* What a rescan must do for documents last scanned with one older pack. */
typedef struct
{
  gboolean    full;    /* run everything, replace everything */
  guint8     *run;     /* per rule of the current pack: 1 to run it */
  guint       n_run;
  GHashTable *stale;   /* rule ids whose stored hits no longer hold */
} RlRuleDelta;

/* Documents not scanned with the current pack (RlUnscanned), by id. */
GArray       *rl_store_list_unscanned   (RlStore      *self,
                                         GError      **error);
void          rl_unscanned_clear        (RlUnscanned  *u);
RlRuleDelta  *rl_store_rule_delta       (RlStore      *self,
                                         const char   *old_hash);
void          rl_rule_delta_free        (RlRuleDelta  *delta);
/* Whether the document has stored hits of a rule the delta made stale. */
gboolean      rl_store_has_stale_hits   (RlStore      *self,
                                         gint64        doc_id,
                                         RlRuleDelta  *delta,
                                         gboolean     *stale,
                                         GError      **error);
gboolean      rl_store_mark_scanned     (RlStore      *self,
                                         gint64        doc_id,
                                         GError      **error);
/* Replaces a document's hits with these (RlHit, sorted by match_start) and
 * files them into clause rows, keeping reviews; marks the document scanned.
 * Runs inside the caller's transaction. */
gboolean      rl_store_save_hits        (RlStore      *self,
                                         gint64        doc_id,
                                         const char   *text,
                                         gsize         len,
                                         GArray       *hits,
                                         guint        *n_clauses,
                                         GError      **error);

G_END_DECLS
