/* rl-doc-item.h: one row of the document list, built on demand. */
#pragma once

#include <glib-object.h>

#include "rl-store.h"

G_BEGIN_DECLS

#define RL_TYPE_DOC_ITEM (rl_doc_item_get_type ())

G_DECLARE_FINAL_TYPE (RlDocItem, rl_doc_item, RL, DOC_ITEM, GObject)

/* Takes ownership of info. */
RlDocItem       *rl_doc_item_new      (RlDocInfo *info);
const RlDocInfo *rl_doc_item_get_info (RlDocItem *self);
gint64           rl_doc_item_get_id   (RlDocItem *self);

G_END_DECLS
