#define G_LOG_DOMAIN "rl-clause-model"

#include "config.h"

#include "rl-clause-model.h"
#include "rl-query.h"

typedef RlClauseGroup Group;

struct _RlClauseModel
{
  GObject     parent_instance;
  RlStore    *store;    /* borrowed: the window owns it and reloads us */
  GArray     *ids;      /* gint64 */
  GArray     *groups;   /* Group, in order */
  GHashTable *items;    /* gint64* id -> RlClauseItem */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RlClauseModel, rl_clause_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
rl_clause_model_get_item_type (GListModel *model)
{
  return RL_TYPE_CLAUSE_ITEM;
}

static guint
rl_clause_model_get_n_items (GListModel *model)
{
  return RL_CLAUSE_MODEL (model)->ids->len;
}

static const Group *
find_group (RlClauseModel *self,
            guint          position)
{
  guint lo = 0, hi = self->groups->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const Group *g = &g_array_index (self->groups, Group, mid);

      if (position < g->start)
        hi = mid;
      else if (position >= g->start + g->count)
        lo = mid + 1;
      else
        return g;
    }

  return NULL;
}

static gpointer
rl_clause_model_get_item (GListModel *model,
                          guint       position)
{
  RlClauseModel *self = RL_CLAUSE_MODEL (model);
  g_autoptr(GError) error = NULL;
  const Group *group;
  RlClause *clause;
  RlClauseItem *item;
  gint64 id;

  if (position >= self->ids->len || self->store == NULL)
    return NULL;

  id = g_array_index (self->ids, gint64, position);
  if ((item = g_hash_table_lookup (self->items, &id)))
    return g_object_ref (item);

  if (!(clause = rl_store_get_clause (self->store, id, &error)))
    {
      g_warning ("Clause %" G_GINT64_FORMAT ": %s", id, error->message);
      clause = g_new0 (RlClause, 1);
      clause->id = id;
      clause->category = G_MAXUINT;
      clause->text = g_strdup ("");
      clause->note = g_strdup ("");
    }

  group = find_group (self, position);
  item = rl_clause_item_new (clause,
                             group != NULL && group->start == position,
                             group != NULL ? group->count : 0);
  g_hash_table_insert (self->items, g_memdup2 (&id, sizeof id), g_object_ref (item));

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rl_clause_model_get_item_type;
  iface->get_n_items = rl_clause_model_get_n_items;
  iface->get_item = rl_clause_model_get_item;
}

static void
rl_clause_model_finalize (GObject *object)
{
  RlClauseModel *self = (RlClauseModel *) object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);

  G_OBJECT_CLASS (rl_clause_model_parent_class)->finalize (object);
}

static void
rl_clause_model_class_init (RlClauseModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rl_clause_model_finalize;
}

static void
rl_clause_model_init (RlClauseModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->groups = g_array_new (FALSE, FALSE, sizeof (Group));
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

RlClauseModel *
rl_clause_model_new (void)
{
  return g_object_new (RL_TYPE_CLAUSE_MODEL, NULL);
}

void
rl_clause_model_set_ids (RlClauseModel *self,
                         RlStore       *store,
                         GArray        *ids,
                         GArray        *groups)
{
  guint old_len;

  g_return_if_fail (RL_IS_CLAUSE_MODEL (self));

  if (ids == NULL)
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (groups == NULL)
    groups = g_array_new (FALSE, FALSE, sizeof (Group));

  /* Empty first, then fill, as two signals: for a replace in one signal,
   * GTK 4.8's list item manager calls get_item on every added item looking
   * for widgets to reuse, which would read every row of a big model. */
  old_len = self->ids->len;
  g_array_set_size (self->ids, 0);
  g_array_set_size (self->groups, 0);
  g_hash_table_remove_all (self->items);
  if (old_len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);

  g_array_unref (self->ids);
  self->ids = ids;
  g_array_unref (self->groups);
  self->groups = groups;
  self->store = store;
  if (self->ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->ids->len);
}

gboolean
rl_clause_model_reload (RlClauseModel        *self,
                        RlStore              *store,
                        const RlClauseQuery  *query,
                        GError              **error)
{
  GArray *ids = NULL;
  GArray *groups = NULL;

  g_return_val_if_fail (RL_IS_CLAUSE_MODEL (self), FALSE);
  g_return_val_if_fail (store == NULL || query != NULL, FALSE);

  if (store != NULL)
    {
      RlRulePack *pack = rl_store_get_pack (store);

      if (!rl_query_list_clause_groups (store, query,
                                        pack != NULL ? rl_rule_pack_get_n_categories (pack) : 0,
                                        &ids, &groups, error))
        return FALSE;
    }

  rl_clause_model_set_ids (self, store, ids, groups);
  return TRUE;
}

guint
rl_clause_model_find (RlClauseModel *self,
                      gint64         clause_id)
{
  g_return_val_if_fail (RL_IS_CLAUSE_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == clause_id)
      return i;

  return G_MAXUINT;
}

gint64
rl_clause_model_get_id (RlClauseModel *self,
                        guint          position)
{
  g_return_val_if_fail (RL_IS_CLAUSE_MODEL (self), 0);

  if (position >= self->ids->len)
    return 0;

  return g_array_index (self->ids, gint64, position);
}

guint
rl_clause_model_count_category (RlClauseModel *self,
                                guint          category)
{
  g_return_val_if_fail (RL_IS_CLAUSE_MODEL (self), 0);

  for (guint i = 0; i < self->groups->len; i++)
    {
      const Group *g = &g_array_index (self->groups, Group, i);

      if (g->category == category)
        return g->count;
    }

  return 0;
}
