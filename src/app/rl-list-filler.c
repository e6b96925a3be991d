#define G_LOG_DOMAIN "rl-list-filler"

#include "config.h"

#include "rl-list-filler.h"

/* Past this many rows a GTK 4.8 list view anchored at the top builds no
 * widget (it keeps 200 around its anchor, plus a few). */
#define FILL_LIMIT 256

/* Rows added a frame once the first screen is in: each new row costs
 * about a millisecond of style and layout in the next frame. */
#define ROWS_PER_FRAME 8

/* Rows dropped a frame from the end of a list being replaced: destroying
 * a row takes about 0.1 ms. */
#define DROPS_PER_FRAME 48

/* The shortest row we show, for how many rows fill a screen. */
#define MIN_ROW_HEIGHT 36

struct _RlListFiller
{
  GtkWidget         *view;
  GListModel        *model;
  GtkSliceListModel *slice;
  guint              tick;
  guint              shrink_to;   /* while shrinking: the size to reach */
  gboolean           shrinking;
};

static void
stop_ticking (RlListFiller *self)
{
  if (self->tick != 0)
    {
      gtk_widget_remove_tick_callback (self->view, self->tick);
      self->tick = 0;
    }
  self->shrinking = FALSE;
}

/* Rows in a screen: the first frame gets them all. */
static guint
screen_rows (RlListFiller *self)
{
  int height = gtk_widget_get_height (self->view);

  return MAX (16, (guint) MAX (height, 0) / MIN_ROW_HEIGHT + 1);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  RlListFiller *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->slice);

  if (self->shrinking)
    {
      /* The size may still be G_MAXUINT: start from what is shown. */
      size = MIN (size, g_list_model_get_n_items (G_LIST_MODEL (self->slice)));
      size = size > self->shrink_to + DROPS_PER_FRAME ? size - DROPS_PER_FRAME : self->shrink_to;
      gtk_slice_list_model_set_size (self->slice, size);
      if (size > self->shrink_to)
        return G_SOURCE_CONTINUE;
      self->tick = 0;
      self->shrinking = FALSE;
      return G_SOURCE_REMOVE;
    }

  size += ROWS_PER_FRAME;
  if (size < FILL_LIMIT && size < g_list_model_get_n_items (self->model))
    {
      gtk_slice_list_model_set_size (self->slice, size);
      return G_SOURCE_CONTINUE;
    }

  self->tick = 0;
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
  return G_SOURCE_REMOVE;
}

RlListFiller *
rl_list_filler_new (GtkWidget  *view,
                    GListModel *model)
{
  RlListFiller *self;

  g_return_val_if_fail (GTK_IS_SCROLLABLE (view), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_new0 (RlListFiller, 1);
  self->view = view;
  self->model = model;
  self->slice = gtk_slice_list_model_new (g_object_ref (model), 0, G_MAXUINT);

  return self;
}

void
rl_list_filler_free (RlListFiller *self)
{
  if (self == NULL)
    return;

  stop_ticking (self);
  g_clear_object (&self->slice);
  g_free (self);
}

GListModel *
rl_list_filler_get_model (RlListFiller *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return G_LIST_MODEL (self->slice);
}

void
rl_list_filler_shrink (RlListFiller *self)
{
  GtkAdjustment *adj;
  guint n, keep;

  g_return_if_fail (self != NULL);

  /* Keep what is on screen (estimated from the scroll position). */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->slice));
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));
  keep = screen_rows (self);
  if (adj != NULL && gtk_adjustment_get_upper (adj) > 0)
    keep += (guint) (n * (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj))
                     / gtk_adjustment_get_upper (adj));
  stop_ticking (self);
  if (keep >= n)
    return;

  /* The rows past those the view keeps built have no widget: they go at
   * once.  The built ones go a few a frame while the new list loads; the
   * ones left go when it comes. */
  if (keep + FILL_LIMIT < n)
    gtk_slice_list_model_set_size (self->slice, keep + FILL_LIMIT);
  self->shrinking = TRUE;
  self->shrink_to = keep;
  self->tick = gtk_widget_add_tick_callback (self->view, tick_cb, self, NULL);
}

void
rl_list_filler_restart (RlListFiller *self)
{
  g_return_if_fail (self != NULL);

  self->shrinking = FALSE;
  gtk_slice_list_model_set_size (self->slice, screen_rows (self));
  /* Ticks once the view is realized: a view on a stack page not shown
   * yet gets its rows when it shows. */
  if (self->tick == 0)
    self->tick = gtk_widget_add_tick_callback (self->view, tick_cb, self, NULL);
}

void
rl_list_filler_reveal (RlListFiller *self,
                       guint         position)
{
  guint size;

  g_return_if_fail (self != NULL);

  if (position < gtk_slice_list_model_get_size (self->slice))
    return;

  /* Near the top while filling: just the rows down to a screen past it
   * (all at once would build the rest of the view's 200 in this frame). */
  size = position + screen_rows (self);
  if (self->tick != 0 && !self->shrinking && size < FILL_LIMIT)
    {
      gtk_slice_list_model_set_size (self->slice, size);
      return;
    }

  stop_ticking (self);
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
}

gboolean
rl_list_filler_is_filling (RlListFiller *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  /* A view not on screen fills when it shows: nothing to wait for. */
  return self->tick != 0 && !self->shrinking && gtk_widget_get_mapped (self->view) &&
         gtk_slice_list_model_get_size (self->slice) < g_list_model_get_n_items (self->model);
}
