/* rl-clause-panel.h: the right pane: the clauses of the current document or
 * of the whole project, grouped by category, with filters, and the review
 * controls (status and note) for the selected one. */
#pragma once

#include <gtk/gtk.h>

#include "rl-clause-item.h"
#include "rl-clause-model.h"
#include "rl-query.h"
#include "rl-store.h"

G_BEGIN_DECLS

#define RL_TYPE_CLAUSE_PANEL (rl_clause_panel_get_type ())

G_DECLARE_FINAL_TYPE (RlClausePanel, rl_clause_panel, RL, CLAUSE_PANEL, GtkWidget)

GtkWidget     *rl_clause_panel_new              (void);
/* store is borrowed; NULL empties the panel.  qs, when given, runs the
 * list queries in a worker thread. */
void           rl_clause_panel_set_store        (RlClausePanel *self,
                                                 RlStore       *store,
                                                 RlQueryStore  *qs);
void           rl_clause_panel_set_document     (RlClausePanel *self,
                                                 gint64         doc_id);
void           rl_clause_panel_reload           (RlClausePanel *self);
/* TRUE while a reload runs in the worker. */
gboolean       rl_clause_panel_is_loading       (RlClausePanel *self);
gboolean       rl_clause_panel_get_whole_project (RlClausePanel *self);
void           rl_clause_panel_set_whole_project (RlClausePanel *self,
                                                  gboolean       whole_project);
/* The query the panel shows (its filters), e.g. for export. */
void           rl_clause_panel_get_query        (RlClausePanel *self,
                                                 RlClauseQuery *query);
RlClauseModel *rl_clause_panel_get_model        (RlClausePanel *self);
RlClauseItem  *rl_clause_panel_get_selected     (RlClausePanel *self);
/* Selects the clause if it is in the list.  Returns TRUE if it is. */
gboolean       rl_clause_panel_select_clause    (RlClausePanel *self,
                                                 gint64         clause_id);
/* Records a decision on the selected clause, then moves to the next one. */
gboolean       rl_clause_panel_review_selected  (RlClausePanel *self,
                                                 RlStatus       status,
                                                 GError       **error);
/* Writes a note being typed now rather than after the pause. */
void           rl_clause_panel_flush_note       (RlClausePanel *self);
void           rl_clause_panel_focus_list       (RlClausePanel *self);
/* The note field of the selected clause (for tests and focus handling). */
GtkEditable   *rl_clause_panel_get_note_editable (RlClausePanel *self);

G_END_DECLS
