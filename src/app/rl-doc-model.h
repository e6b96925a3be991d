/* rl-doc-model.h: the project's documents as a GListModel.
 *
 * Holds only the ids of the documents that match the query; get_item reads
 * one document's row (never its text) when a view asks for it, so a list of
 * 20,000 documents costs one id query plus the visible rows. */
#pragma once

#include <gio/gio.h>

#include "rl-doc-item.h"
#include "rl-store.h"

G_BEGIN_DECLS

#define RL_TYPE_DOC_MODEL (rl_doc_model_get_type ())

G_DECLARE_FINAL_TYPE (RlDocModel, rl_doc_model, RL, DOC_MODEL, GObject)

RlDocModel *rl_doc_model_new      (void);
/* store is borrowed and may be NULL (empty model). */
gboolean    rl_doc_model_reload   (RlDocModel        *self,
                                   RlStore           *store,
                                   const RlDocQuery  *query,
                                   GError           **error);
/* Takes ownership of ids (gint64); NULL empties the model. */
void        rl_doc_model_set_ids  (RlDocModel        *self,
                                   RlStore           *store,
                                   GArray            *ids);
/* Position of doc_id, or G_MAXUINT. */
guint       rl_doc_model_find     (RlDocModel        *self,
                                   gint64             doc_id);
gint64      rl_doc_model_get_id   (RlDocModel        *self,
                                   guint              position);

G_END_DECLS
