/* rl-clause-item.h: one row of the clause panel, built on demand. */
#pragma once

#include <glib-object.h>

#include "rl-store.h"

G_BEGIN_DECLS

#define RL_TYPE_CLAUSE_ITEM (rl_clause_item_get_type ())

G_DECLARE_FINAL_TYPE (RlClauseItem, rl_clause_item, RL, CLAUSE_ITEM, GObject)

/* Takes ownership of clause. */
RlClauseItem   *rl_clause_item_new             (RlClause     *clause,
                                                gboolean      group_start,
                                                guint         group_count);
const RlClause *rl_clause_item_get_clause      (RlClauseItem *self);
gint64          rl_clause_item_get_id          (RlClauseItem *self);
RlStatus        rl_clause_item_get_status      (RlClauseItem *self);
/* The first row of its category's group, and how many rows the group has. */
gboolean        rl_clause_item_get_group_start (RlClauseItem *self);
guint           rl_clause_item_get_group_count (RlClauseItem *self);
/* Updates the row after the store recorded a decision: notifies "status". */
void            rl_clause_item_set_status      (RlClauseItem *self,
                                                RlStatus      status);
void            rl_clause_item_set_note        (RlClauseItem *self,
                                                const char   *note);

G_END_DECLS
