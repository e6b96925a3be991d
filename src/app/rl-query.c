#define G_LOG_DOMAIN "rl-query"

#include "config.h"

#include "rl-query.h"

struct _RlQueryStore
{
  RlStore *store;
  GMutex   mutex;
};

RlQueryStore *
rl_query_store_new (RlStore *store)
{
  RlQueryStore *self = g_atomic_rc_box_new0 (RlQueryStore);

  self->store = store;
  g_mutex_init (&self->mutex);

  return self;
}

RlQueryStore *
rl_query_store_ref (RlQueryStore *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
rl_query_store_clear (gpointer data)
{
  RlQueryStore *self = data;

  g_clear_pointer (&self->store, rl_store_close);
  g_mutex_clear (&self->mutex);
}

void
rl_query_store_unref (RlQueryStore *self)
{
  g_atomic_rc_box_release_full (self, rl_query_store_clear);
}

gboolean
rl_query_list_clause_groups (RlStore             *store,
                             const RlClauseQuery *query,
                             guint                n_categories,
                             GArray             **out_ids,
                             GArray             **out_groups,
                             GError             **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (RlClauseGroup));

  /* Orphaned reviews may belong to categories the pack no longer has: one
   * group of their own. */
  if (query->orphaned)
    {
      RlClauseQuery q = *query;
      RlClauseGroup group = { G_MAXUINT, 0, 0 };
      g_autoptr(GArray) all = NULL;

      if (!(all = rl_store_list_clause_ids (store, &q, error)))
        return FALSE;
      group.count = all->len;
      if (all->len > 0)
        g_array_append_val (groups, group);
      *out_ids = g_steal_pointer (&all);
      *out_groups = g_steal_pointer (&groups);
      return TRUE;
    }

  /* One id query per category, in pack order: that is the grouping. */
  for (guint c = 0; c < n_categories; c++)
    {
      RlClauseQuery q = *query;
      g_autoptr(GArray) part = NULL;
      RlClauseGroup group;

      if (query->category >= 0 && (guint) query->category != c)
        continue;

      q.category = (int) c;
      if (!(part = rl_store_list_clause_ids (store, &q, error)))
        return FALSE;
      if (part->len == 0)
        continue;

      group.category = c;
      group.start = ids->len;
      group.count = part->len;
      g_array_append_val (groups, group);
      g_array_append_vals (ids, part->data, part->len);
    }

  *out_ids = g_steal_pointer (&ids);
  *out_groups = g_steal_pointer (&groups);
  return TRUE;
}

void
rl_query_document_free (RlQueryDocument *doc)
{
  g_clear_pointer (&doc->info, rl_doc_info_free);
  g_free (doc->text);
  g_clear_pointer (&doc->hits, g_array_unref);
  g_free (doc);
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const RlStoredHit *ha = a, *hb = b;

  if (ha->match_start != hb->match_start)
    return ha->match_start < hb->match_start ? -1 : 1;
  if (ha->match_end != hb->match_end)
    return ha->match_end < hb->match_end ? -1 : 1;
  return 0;
}

RlQueryDocument *
rl_query_get_document (RlStore  *store,
                       gint64    doc_id,
                       GError  **error)
{
  g_autoptr(RlQueryDocument) doc = g_new0 (RlQueryDocument, 1);
  g_autoptr(GError) hits_error = NULL;

  if (!(doc->info = rl_store_get_document (store, doc_id, error)) ||
      !(doc->text = rl_store_get_document_text (store, doc_id, &doc->len, error)))
    return NULL;

  /* Without its hits the text still reads. */
  if (!(doc->hits = rl_store_get_document_hits (store, doc_id, &hits_error)))
    {
      g_warning ("Hits of document %" G_GINT64_FORMAT ": %s", doc_id, hits_error->message);
      doc->hits = g_array_new (FALSE, FALSE, sizeof (RlStoredHit));
    }
  g_array_sort (doc->hits, compare_hits);

  return g_steal_pointer (&doc);
}

typedef struct
{
  RlQueryStore  *qs;
  gint64         doc_id;
  RlDocQuery     doc_query;
  char          *search;
  RlClauseQuery  clause_query;
  guint          n_categories;
  GArray        *groups;
} QueryData;

static void
query_data_free (QueryData *data)
{
  g_clear_pointer (&data->qs, rl_query_store_unref);
  g_free (data->search);
  g_clear_pointer (&data->groups, g_array_unref);
  g_free (data);
}

/* Runs thread_func on data (taken) in a worker; source_tag names the call. */
static void
run_query (QueryData           *data,
           gpointer             source_tag,
           GTaskThreadFunc      thread_func,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  g_task_run_in_thread (task, thread_func);
}

static void
doc_ids_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  GArray *ids;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&data->qs->mutex);
  ids = rl_store_list_documents (data->qs->store, &data->doc_query, &error);
  g_mutex_unlock (&data->qs->mutex);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

void
rl_query_doc_ids_async (RlQueryStore        *self,
                        const RlDocQuery    *query,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  QueryData *data = g_new0 (QueryData, 1);

  data->qs = rl_query_store_ref (self);
  data->doc_query = *query;
  data->search = g_strdup (query->search);
  data->doc_query.search = data->search;

  run_query (data, rl_query_doc_ids_async, doc_ids_thread, cancellable, callback, user_data);
}

GArray *
rl_query_doc_ids_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clause_ids_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  GArray *ids = NULL;
  GArray *groups = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&data->qs->mutex);
  ok = rl_query_list_clause_groups (data->qs->store, &data->clause_query, data->n_categories,
                                    &ids, &groups, &error);
  g_mutex_unlock (&data->qs->mutex);

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  data->groups = groups;
  g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

void
rl_query_clause_ids_async (RlQueryStore        *self,
                           const RlClauseQuery *query,
                           guint                n_categories,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  QueryData *data = g_new0 (QueryData, 1);

  data->qs = rl_query_store_ref (self);
  data->clause_query = *query;
  data->n_categories = n_categories;

  run_query (data, rl_query_clause_ids_async, clause_ids_thread, cancellable, callback, user_data);
}

GArray *
rl_query_clause_ids_finish (GAsyncResult  *result,
                            GArray       **groups,
                            GError       **error)
{
  QueryData *data = g_task_get_task_data (G_TASK (result));
  GArray *ids = g_task_propagate_pointer (G_TASK (result), error);

  if (ids != NULL && groups != NULL)
    *groups = g_steal_pointer (&data->groups);

  return ids;
}

static void
document_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  RlQueryDocument *doc;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&data->qs->mutex);
  doc = rl_query_get_document (data->qs->store, data->doc_id, &error);
  g_mutex_unlock (&data->qs->mutex);

  if (doc == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, doc, (GDestroyNotify) rl_query_document_free);
}

void
rl_query_document_async (RlQueryStore        *self,
                         gint64               doc_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  QueryData *data = g_new0 (QueryData, 1);

  data->qs = rl_query_store_ref (self);
  data->doc_id = doc_id;

  run_query (data, rl_query_document_async, document_thread, cancellable, callback, user_data);
}

RlQueryDocument *
rl_query_document_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
stats_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QueryData *data = task_data;
  GError *error = NULL;
  RlStats *stats;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&data->qs->mutex);
  stats = rl_store_get_stats (data->qs->store, &error);
  g_mutex_unlock (&data->qs->mutex);

  if (stats == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stats, (GDestroyNotify) rl_stats_free);
}

void
rl_query_stats_async (RlQueryStore        *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  QueryData *data = g_new0 (QueryData, 1);

  data->qs = rl_query_store_ref (self);

  run_query (data, rl_query_stats_async, stats_thread, cancellable, callback, user_data);
}

RlStats *
rl_query_stats_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
