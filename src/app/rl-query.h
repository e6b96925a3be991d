/* rl-query.h: list queries off the main thread.
 *
 * The window's lists ask the store for ids (documents matching a search,
 * clauses of the whole project), which takes hundreds of milliseconds on a
 * 20,000-document project.  These run in a worker thread over a second,
 * read-only connection that a mutex keeps to one thread at a time. */
#pragma once

#include <gio/gio.h>

#include "rl-store.h"

G_BEGIN_DECLS

typedef struct _RlQueryStore RlQueryStore;

typedef struct
{
  guint category;
  guint start;
  guint count;
} RlClauseGroup;

/* Takes ownership of store (a connection of its own). */
RlQueryStore *rl_query_store_new        (RlStore      *store);
RlQueryStore *rl_query_store_ref        (RlQueryStore *self);
void          rl_query_store_unref      (RlQueryStore *self);

void          rl_query_doc_ids_async    (RlQueryStore        *self,
                                         const RlDocQuery    *query,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GArray       *rl_query_doc_ids_finish   (GAsyncResult        *result,
                                         GError             **error);

/* Clause ids grouped by category, in pack order (groups: RlClauseGroup). */
void          rl_query_clause_ids_async (RlQueryStore        *self,
                                         const RlClauseQuery *query,
                                         guint                n_categories,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GArray       *rl_query_clause_ids_finish (GAsyncResult       *result,
                                          GArray            **groups,
                                          GError            **error);

void          rl_query_stats_async      (RlQueryStore        *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
RlStats      *rl_query_stats_finish     (GAsyncResult        *result,
                                         GError             **error);

/* A document to show: its metadata, text and hits (sorted by offset). */
typedef struct
{
  RlDocInfo *info;
  char      *text;
  gsize      len;
  GArray    *hits;   /* RlStoredHit */
} RlQueryDocument;

void             rl_query_document_free   (RlQueryDocument *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlQueryDocument, rl_query_document_free)

/* Reading a 5 MB text and its 10,000 hits takes some 40 ms: not on the
 * main thread. */
void             rl_query_document_async  (RlQueryStore        *self,
                                           gint64               doc_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
RlQueryDocument *rl_query_document_finish (GAsyncResult        *result,
                                           GError             **error);
/* The same, on the calling thread. */
RlQueryDocument *rl_query_get_document    (RlStore             *store,
                                           gint64               doc_id,
                                           GError             **error);

/* Synchronous, on the calling thread, for the same grouping. */
gboolean      rl_query_list_clause_groups (RlStore             *store,
                                           const RlClauseQuery *query,
                                           guint                n_categories,
                                           GArray             **ids,
                                           GArray             **groups,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlQueryStore, rl_query_store_unref)

G_END_DECLS
