/* rl-list-filler.h: hands a list view a big model a screen of rows a frame.
 *
 * GTK 4.8's GtkListView builds, binds and measures some 200 rows at once
 * whenever its model is refilled (GTK_LIST_VIEW_MAX_LIST_ITEMS), 80-150 ms
 * for our rows: one frame the window cannot draw.  The filler puts a
 * GtkSliceListModel between the model and the view, shows the first screen
 * of rows at once and a few more each frame, and the rest in one go once
 * past the rows the view keeps built (no widget is made for those).
 * Positions in the slice are positions in the model. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _RlListFiller RlListFiller;

/* view: the list view that will show rl_list_filler_get_model(); model:
 * the full model.  Neither is referenced: free the filler first. */
RlListFiller *rl_list_filler_new       (GtkWidget    *view,
                                        GListModel   *model);
void          rl_list_filler_free      (RlListFiller *self);
GListModel   *rl_list_filler_get_model (RlListFiller *self);
/* Call when a reload starts: the rows past the screen go a few a frame
 * while the new list loads, rather than all in the frame that shows it. */
void          rl_list_filler_shrink    (RlListFiller *self);
/* Call before the model is emptied and refilled: the view then gets the
 * first screen of new rows at once and a few more each frame. */
void          rl_list_filler_restart   (RlListFiller *self);
/* Shows every row up to position now (to select or scroll to it). */
void          rl_list_filler_reveal    (RlListFiller *self,
                                        guint         position);
/* Rows still to hand to a view on screen. */
gboolean      rl_list_filler_is_filling (RlListFiller *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlListFiller, rl_list_filler_free)

G_END_DECLS
