#define G_LOG_DOMAIN "rl-doc-model"

#include "config.h"

#include "rl-doc-model.h"

struct _RlDocModel
{
  GObject     parent_instance;
  RlStore    *store;   /* borrowed: the window owns it and reloads us */
  GArray     *ids;     /* gint64 */
  GHashTable *items;   /* gint64* id -> RlDocItem: rows built so far */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RlDocModel, rl_doc_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
rl_doc_model_get_item_type (GListModel *model)
{
  return RL_TYPE_DOC_ITEM;
}

static guint
rl_doc_model_get_n_items (GListModel *model)
{
  RlDocModel *self = RL_DOC_MODEL (model);

  return self->ids->len;
}

static gpointer
rl_doc_model_get_item (GListModel *model,
                       guint       position)
{
  RlDocModel *self = RL_DOC_MODEL (model);
  g_autoptr(GError) error = NULL;
  RlDocInfo *info;
  RlDocItem *item;
  gint64 id;

  if (position >= self->ids->len || self->store == NULL)
    return NULL;

  id = g_array_index (self->ids, gint64, position);

  /* Cached so a selection keeps pointing at the same object. */
  if ((item = g_hash_table_lookup (self->items, &id)))
    return g_object_ref (item);

  if (!(info = rl_store_get_document (self->store, id, &error)))
    {
      g_warning ("Document %" G_GINT64_FORMAT ": %s", id, error->message);
      info = g_new0 (RlDocInfo, 1);
      info->id = id;
      info->title = g_strdup ("?");
    }

  item = rl_doc_item_new (info);
  g_hash_table_insert (self->items, g_memdup2 (&id, sizeof id), g_object_ref (item));

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rl_doc_model_get_item_type;
  iface->get_n_items = rl_doc_model_get_n_items;
  iface->get_item = rl_doc_model_get_item;
}

static void
rl_doc_model_finalize (GObject *object)
{
  RlDocModel *self = (RlDocModel *) object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);

  G_OBJECT_CLASS (rl_doc_model_parent_class)->finalize (object);
}

static void
rl_doc_model_class_init (RlDocModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rl_doc_model_finalize;
}

static void
rl_doc_model_init (RlDocModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

RlDocModel *
rl_doc_model_new (void)
{
  return g_object_new (RL_TYPE_DOC_MODEL, NULL);
}

void
rl_doc_model_set_ids (RlDocModel *self,
                      RlStore    *store,
                      GArray     *ids)
{
  guint old_len;

  g_return_if_fail (RL_IS_DOC_MODEL (self));

  if (ids == NULL)
    ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Empty first, then fill, as two signals: for a replace in one signal,
   * GTK 4.8's list item manager calls get_item on every added item looking
   * for widgets to reuse, which would read every row of a big model. */
  old_len = self->ids->len;
  g_array_set_size (self->ids, 0);
  g_hash_table_remove_all (self->items);
  if (old_len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, 0);

  g_array_unref (self->ids);
  self->ids = ids;
  self->store = store;
  if (self->ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->ids->len);
}

gboolean
rl_doc_model_reload (RlDocModel        *self,
                     RlStore           *store,
                     const RlDocQuery  *query,
                     GError           **error)
{
  GArray *ids = NULL;

  g_return_val_if_fail (RL_IS_DOC_MODEL (self), FALSE);

  if (store != NULL && !(ids = rl_store_list_documents (store, query, error)))
    return FALSE;

  rl_doc_model_set_ids (self, store, ids);
  return TRUE;
}

guint
rl_doc_model_find (RlDocModel *self,
                   gint64      doc_id)
{
  g_return_val_if_fail (RL_IS_DOC_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == doc_id)
      return i;

  return G_MAXUINT;
}

gint64
rl_doc_model_get_id (RlDocModel *self,
                     guint       position)
{
  g_return_val_if_fail (RL_IS_DOC_MODEL (self), 0);

  if (position >= self->ids->len)
    return 0;

  return g_array_index (self->ids, gint64, position);
}
