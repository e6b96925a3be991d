/* rl-clause-row.h: a row of the clause panel: the clause with its match
 * emphasised, the rule, the status, and a category heading on the first row
 * of each group. */
#pragma once

#include <gtk/gtk.h>

#include "rl-clause-item.h"

G_BEGIN_DECLS

#define RL_TYPE_CLAUSE_ROW (rl_clause_row_get_type ())

G_DECLARE_FINAL_TYPE (RlClauseRow, rl_clause_row, RL, CLAUSE_ROW, GtkWidget)

GtkWidget *rl_clause_row_new      (void);
void       rl_clause_row_set_item (RlClauseRow  *self,
                                   RlClauseItem *item,
                                   RlRulePack   *pack,
                                   gboolean      show_document);

/* Pango markup for a clause with its first match emphasised; everything
 * from the document is escaped.  Long clauses are cut around the match. */
char      *rl_clause_markup       (const RlClause *clause,
                                   const GdkRGBA  *color);
const char *rl_status_display_name (RlStatus status);

G_END_DECLS
