/* rl-clause-model.h: clause rows as a GListModel, grouped by category.
 *
 * Holds the ids of the matching clauses, category by category in pack
 * order; get_item reads one clause when a view asks for it. */
#pragma once

#include <gio/gio.h>

#include "rl-clause-item.h"
#include "rl-store.h"

G_BEGIN_DECLS

#define RL_TYPE_CLAUSE_MODEL (rl_clause_model_get_type ())

G_DECLARE_FINAL_TYPE (RlClauseModel, rl_clause_model, RL, CLAUSE_MODEL, GObject)

RlClauseModel *rl_clause_model_new         (void);
/* store is borrowed and may be NULL (empty model). */
gboolean       rl_clause_model_reload      (RlClauseModel        *self,
                                            RlStore              *store,
                                            const RlClauseQuery  *query,
                                            GError              **error);
/* Takes ownership of ids (gint64) and groups (RlClauseGroup); NULL for none. */
void           rl_clause_model_set_ids     (RlClauseModel        *self,
                                            RlStore              *store,
                                            GArray               *ids,
                                            GArray               *groups);
guint          rl_clause_model_find        (RlClauseModel        *self,
                                            gint64                clause_id);
gint64         rl_clause_model_get_id      (RlClauseModel        *self,
                                            guint                 position);
/* Rows of one category (pack index) in the model. */
guint          rl_clause_model_count_category (RlClauseModel     *self,
                                               guint              category);

G_END_DECLS
