/* rl-doc-row.h: a row of the document list: title, date and source, and a
 * coloured chip per category with its clause count. */
#pragma once

#include <gtk/gtk.h>

#include "rl-doc-item.h"

G_BEGIN_DECLS

#define RL_TYPE_DOC_ROW (rl_doc_row_get_type ())

G_DECLARE_FINAL_TYPE (RlDocRow, rl_doc_row, RL, DOC_ROW, GtkWidget)

GtkWidget *rl_doc_row_new      (void);
/* item may be NULL (unbound); pack is borrowed for names and colours. */
void       rl_doc_row_set_item (RlDocRow   *self,
                                RlDocItem  *item,
                                RlRulePack *pack);

G_END_DECLS
