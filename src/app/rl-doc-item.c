#define G_LOG_DOMAIN "rl-doc-item"

#include "config.h"

#include "rl-doc-item.h"

struct _RlDocItem
{
  GObject    parent_instance;
  RlDocInfo *info;
};

G_DEFINE_FINAL_TYPE (RlDocItem, rl_doc_item, G_TYPE_OBJECT)

static void
rl_doc_item_finalize (GObject *object)
{
  RlDocItem *self = (RlDocItem *) object;

  g_clear_pointer (&self->info, rl_doc_info_free);

  G_OBJECT_CLASS (rl_doc_item_parent_class)->finalize (object);
}

static void
rl_doc_item_class_init (RlDocItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rl_doc_item_finalize;
}

static void
rl_doc_item_init (RlDocItem *self)
{
}

RlDocItem *
rl_doc_item_new (RlDocInfo *info)
{
  RlDocItem *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (RL_TYPE_DOC_ITEM, NULL);
  self->info = info;

  return self;
}

const RlDocInfo *
rl_doc_item_get_info (RlDocItem *self)
{
  g_return_val_if_fail (RL_IS_DOC_ITEM (self), NULL);

  return self->info;
}

gint64
rl_doc_item_get_id (RlDocItem *self)
{
  g_return_val_if_fail (RL_IS_DOC_ITEM (self), 0);

  return self->info->id;
}
