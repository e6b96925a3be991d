#define G_LOG_DOMAIN "rl-list-filler"

#include "config.h"

#include "rl-list-filler.h"

/* Past this many rows a GTK 4.8 list view anchored at the top builds no
 * widget (it keeps 200 around its anchor, plus a few). */
#define FILL_LIMIT 256

/* The shortest row we show, for how many rows fill a screen. */
#define MIN_ROW_HEIGHT 36

struct _RlListFiller
{
  GtkWidget         *view;
  GtkSliceListModel *slice;
  guint              tick;
};

static void
finish (RlListFiller *self)
{
  if (self->tick != 0)
    {
      gtk_widget_remove_tick_callback (self->view, self->tick);
      self->tick = 0;
    }
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
}

/* Rows in a screen: at least a screenful goes in per frame. */
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
  guint size = gtk_slice_list_model_get_size (self->slice) + screen_rows (self);

  if (size < FILL_LIMIT)
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

  g_return_val_if_fail (GTK_IS_WIDGET (view), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_new0 (RlListFiller, 1);
  self->view = view;
  self->slice = gtk_slice_list_model_new (g_object_ref (model), 0, G_MAXUINT);

  return self;
}

void
rl_list_filler_free (RlListFiller *self)
{
  if (self == NULL)
    return;

  if (self->tick != 0)
    gtk_widget_remove_tick_callback (self->view, self->tick);
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
rl_list_filler_restart (RlListFiller *self)
{
  g_return_if_fail (self != NULL);

  /* Frames tick for a realized view only (mapped or not: a stack may
   * show it once the rows are in). */
  if (!gtk_widget_get_realized (self->view))
    {
      finish (self);
      return;
    }

  gtk_slice_list_model_set_size (self->slice, screen_rows (self));
  if (self->tick == 0)
    self->tick = gtk_widget_add_tick_callback (self->view, tick_cb, self, NULL);
}

void
rl_list_filler_reveal (RlListFiller *self,
                       guint         position)
{
  g_return_if_fail (self != NULL);

  if (position >= gtk_slice_list_model_get_size (self->slice))
    finish (self);
}

gboolean
rl_list_filler_is_filling (RlListFiller *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->tick != 0;
}
