#define G_LOG_DOMAIN "rl-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rl-colors.h"
#include "rl-profile.h"
#include "rl-query.h"
#include "rl-reader.h"

/* Time budget of one highlighting slice: well under a 16 ms frame. */
#define SLICE_USEC 4000
/* Bytes of text put in the buffer at a time: some 3 ms. */
#define TEXT_PIECE (256 * 1024)
/* Characters of an old buffer deleted at a time. */
#define TRASH_PIECE (64 * 1024)

struct _RlReader
{
  GtkWidget      parent_instance;

  GtkStack      *stack;
  GtkLabel      *title_label;
  GtkLabel      *meta_label;
  GtkLinkButton *link_button;
  GtkLabel      *url_label;
  GtkTextView   *text_view;
  GtkTextBuffer *buffer;       /* the document's; shown once highlighted */
  GtkTextTagTable *tag_table;  /* shared by every document's buffer */

  RlStore       *store;        /* borrowed */
  RlQueryStore  *qs;           /* reads documents off the main thread, or NULL */
  GCancellable  *load_cancellable;  /* a document being read */
  char          *text;         /* read, not all in the buffer yet */
  gsize          text_len;
  gsize          text_done;
  gboolean       has_pending_range; /* selected while being read */
  gsize          pending_start;
  gsize          pending_end;
  GPtrArray     *tags;         /* GtkTextTag per pack category */
  GtkTextTag    *current_tag;  /* the selected clause's match, on top */
  gint64         doc_id;
  GArray        *hits;         /* RlStoredHit, sorted by match_start */
  guint          next_hit;     /* highlighting progress */
  GPtrArray     *trash;        /* old buffers, emptied when idle */
  guint          trash_id;
  guint          highlight_id;
  guint          scroll_tick;       /* scrolls a newly shown buffer to its selection */
  guint          scroll_frames;
  RlProfileSpan *highlight_span;
};

G_DEFINE_FINAL_TYPE (RlReader, rl_reader, GTK_TYPE_WIDGET)

enum { CLAUSE_ACTIVATED, LOAD_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_HIGHLIGHTING, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Also stops reading a document. */
static void
stop_highlighting (RlReader *self)
{
  gboolean was = rl_reader_is_highlighting (self);

  if (self->load_cancellable != NULL)
    {
      g_cancellable_cancel (self->load_cancellable);
      g_clear_object (&self->load_cancellable);
    }
  g_clear_handle_id (&self->highlight_id, g_source_remove);
  if (self->scroll_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->text_view), self->scroll_tick);
      self->scroll_tick = 0;
    }
  g_clear_pointer (&self->text, g_free);
  rl_profile_span_cancel (&self->highlight_span);
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);
}

/* Shows the document's buffer.  Tags go on before it is attached: on a
 * shown buffer each tag makes the view lay its lines out again, which on a
 * 2 MB document costs seconds; detached, 4,000 tags cost tens of ms. */
/* Whether the insert mark's line is inside the view. */
static gboolean
selection_shown (RlReader *self)
{
  GdkRectangle visible, where;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  gtk_text_view_get_visible_rect (self->text_view, &visible);
  gtk_text_view_get_iter_location (self->text_view, &iter, &where);
  return visible.height > 0 && where.y >= visible.y &&
         where.y + where.height <= visible.y + visible.height;
}

/* A view lays a new buffer out a piece at a time, and its scrollable
 * height grows as it does: a scroll to the selection asked for at once
 * stops at what is laid out so far.  It is asked again each frame until
 * the selection is in view (for two seconds at most). */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  RlReader *self = data;

  if (self->scroll_frames++ < 120 && !selection_shown (self))
    {
      gtk_text_view_scroll_to_mark (self->text_view, gtk_text_buffer_get_insert (self->buffer),
                                    0.1, TRUE, 0.0, 0.3);
      return G_SOURCE_CONTINUE;
    }
  self->scroll_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
attach_buffer (RlReader *self)
{
  GtkTextIter a, b;

  if (gtk_text_view_get_buffer (self->text_view) == self->buffer)
    return;

  gtk_text_view_set_buffer (self->text_view, self->buffer);
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &a, &b))
    {
      gtk_text_view_scroll_to_mark (self->text_view, gtk_text_buffer_get_insert (self->buffer),
                                    0.1, TRUE, 0.0, 0.3);
      self->scroll_frames = 0;
      if (self->scroll_tick == 0)
        self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->text_view),
                                                          scroll_tick_cb, self, NULL);
    }
}

/* The next piece of the text into the (detached) buffer, ending after a
 * line break where there is one: a \r\n cut in two would read as two
 * breaks.  FALSE once all the text is in. */
static gboolean
insert_text_piece (RlReader *self)
{
  gsize from = self->text_done;
  gsize end = MIN (from + TEXT_PIECE, self->text_len);
  GtkTextIter iter;

  if (end < self->text_len)
    {
      gsize cut = end;

      while (cut > from && self->text[cut - 1] != '\n')
        cut--;
      if (cut > from)
        end = cut;
      else
        {
          /* One long line: cut between characters, not inside \r\n. */
          while (end > from && (self->text[end] & 0xc0) == 0x80)
            end--;
          if (end > from + 1 && self->text[end - 1] == '\r')
            end--;
        }
    }

  gtk_text_buffer_get_end_iter (self->buffer, &iter);
  gtk_text_buffer_insert (self->buffer, &iter, self->text + from, (int) (end - from));
  self->text_done = end;

  return end < self->text_len;
}

static gboolean
highlight_slice_cb (gpointer data)
{
  RlReader *self = data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;
  int n_chars;

  /* The text first, in pieces: gtk_text_buffer_set_text() of 5 MB takes
   * 35 ms and more, a whole frame's budget. */
  while (self->text != NULL)
    {
      if (!insert_text_piece (self))
        {
          GtkTextIter start;

          g_clear_pointer (&self->text, g_free);
          gtk_text_buffer_get_start_iter (self->buffer, &start);
          gtk_text_buffer_place_cursor (self->buffer, &start);
          if (self->has_pending_range)
            {
              self->has_pending_range = FALSE;
              rl_reader_select_range (self, self->pending_start, self->pending_end);
            }
        }
      if (g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }

  n_chars = gtk_text_buffer_get_char_count (self->buffer);

  while (self->next_hit < self->hits->len)
    {
      const RlStoredHit *hit = &g_array_index (self->hits, RlStoredHit, self->next_hit++);
      GtkTextIter start, end;

      if (hit->category < self->tags->len && hit->match_start < (gsize) n_chars)
        {
          gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int) hit->match_start);
          gtk_text_buffer_get_iter_at_offset (self->buffer, &end,
                                              (int) MIN (hit->match_end, (gsize) n_chars));
          gtk_text_buffer_apply_tag (self->buffer, g_ptr_array_index (self->tags, hit->category),
                                     &start, &end);
        }

      /* Checking the clock every hit would cost more than the tags. */
      if ((self->next_hit & 31) == 0 && g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }

  self->highlight_id = 0;
  attach_buffer (self);
  rl_profile_span_end (&self->highlight_span);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);

  return G_SOURCE_REMOVE;
}

/* Dropping a 5 MB buffer full of tags takes 60 ms: an old buffer is
 * emptied a piece at a time when the window has nothing else to do. */
static gboolean
trash_slice_cb (gpointer data)
{
  RlReader *self = data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;

  while (self->trash->len > 0)
    {
      GtkTextBuffer *buffer = g_ptr_array_index (self->trash, self->trash->len - 1);
      int n = gtk_text_buffer_get_char_count (buffer);
      GtkTextIter start, end;

      if (n == 0)
        {
          g_ptr_array_remove_index (self->trash, self->trash->len - 1);
          continue;
        }
      gtk_text_buffer_get_iter_at_offset (buffer, &start, MAX (0, n - TRASH_PIECE));
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_delete (buffer, &start, &end);
      if (g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }

  self->trash_id = 0;
  return G_SOURCE_REMOVE;
}

/* A new, empty self->buffer; the old one must not be shown any more. */
static void
replace_buffer (RlReader *self)
{
  if (self->buffer != NULL && gtk_text_buffer_get_char_count (self->buffer) > TRASH_PIECE)
    {
      g_ptr_array_add (self->trash, g_steal_pointer (&self->buffer));
      if (self->trash_id == 0)
        self->trash_id = g_idle_add_full (G_PRIORITY_LOW, trash_slice_cb, self, NULL);
    }
  g_clear_object (&self->buffer);
  self->buffer = gtk_text_buffer_new (self->tag_table);
}

static void
rebuild_tags (RlReader *self)
{
  GtkTextTagTable *table = self->tag_table;
  RlRulePack *pack = self->store != NULL ? rl_store_get_pack (self->store) : NULL;
  guint n = pack != NULL ? rl_rule_pack_get_n_categories (pack) : 0;

  for (guint i = 0; i < self->tags->len; i++)
    gtk_text_tag_table_remove (table, g_ptr_array_index (self->tags, i));
  g_ptr_array_set_size (self->tags, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = rl_colors_css_class (i);
      GdkRGBA color, background;
      GtkTextTag *tag;

      /* A translucent wash of the category colour keeps the text readable on
       * light and dark backgrounds; the solid underline carries the colour. */
      rl_colors_get_category (pack, i, &color);
      background = color;
      background.alpha = 0.28;

      tag = g_object_new (GTK_TYPE_TEXT_TAG,
                          "name", name,
                          "background-rgba", &background,
                          "underline", PANGO_UNDERLINE_SINGLE,
                          "underline-rgba", &color,
                          NULL);
      gtk_text_tag_table_add (table, tag);
      g_ptr_array_add (self->tags, tag);
    }

  /* Unfocused, a text view's selection is faint: mark the current match
   * so it stands out while the keyboard stays in the clause list. */
  if (self->current_tag == NULL)
    {
      GdkRGBA accent = { 0.21, 0.52, 0.89, 0.45 };

      self->current_tag = g_object_new (GTK_TYPE_TEXT_TAG,
                                        "name", "rl-current",
                                        "background-rgba", &accent,
                                        "underline", PANGO_UNDERLINE_DOUBLE,
                                        NULL);
      gtk_text_tag_table_add (table, self->current_tag);
      g_object_unref (self->current_tag);
    }
  gtk_text_tag_set_priority (self->current_tag, gtk_text_tag_table_get_size (table) - 1);
}

/* Index of the first hit whose match_start is > offset. */
static guint
upper_bound (RlReader *self,
             gsize     offset)
{
  guint lo = 0, hi = self->hits->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (self->hits, RlStoredHit, mid).match_start <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The hits covering offset, innermost (latest start) first. */
static GArray *
hits_at (RlReader *self,
         gsize     offset)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (RlStoredHit));
  guint i = upper_bound (self, offset);
  guint looked = 0;

  /* Hits are short; a bounded look back finds every overlap in practice. */
  while (i > 0 && looked++ < 256)
    {
      const RlStoredHit *hit = &g_array_index (self->hits, RlStoredHit, --i);

      if (hit->match_start <= offset && offset < hit->match_end)
        g_array_append_val (found, *hit);
    }

  return found;
}

char *
rl_reader_describe_hits_at (RlReader *self,
                            gsize     offset)
{
  g_autoptr(GArray) found = NULL;
  g_autoptr(GString) text = NULL;
  RlRulePack *pack;

  g_return_val_if_fail (RL_IS_READER (self), NULL);

  if (self->store == NULL || self->hits == NULL)
    return NULL;

  pack = rl_store_get_pack (self->store);
  found = hits_at (self, offset);
  if (found->len == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < found->len; i++)
    {
      const RlStoredHit *hit = &g_array_index (found, RlStoredHit, i);
      const char *message = NULL;
      const char *rule_id = NULL;

      if (pack != NULL && hit->rule < rl_rule_pack_get_n_rules (pack))
        {
          const RlRule *rule = rl_rule_pack_get_rule (pack, hit->rule);

          message = rl_rule_get_message (rule);
          rule_id = rl_rule_get_id (rule);
        }

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s",
                              rl_colors_category_name (pack, hit->category),
                              message != NULL ? message : (rule_id != NULL ? rule_id : _("Unknown rule")));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
offset_at_point (RlReader *self,
                 double    x,
                 double    y,
                 gsize    *offset)
{
  GtkTextIter iter;
  int bx, by;

  if (gtk_text_view_get_buffer (self->text_view) != self->buffer)
    return FALSE;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return FALSE;

  *offset = (gsize) gtk_text_iter_get_offset (&iter);
  return TRUE;
}

static gboolean
query_tooltip_cb (RlReader   *self,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  GtkWidget  *widget)
{
  g_autofree char *text = NULL;
  gsize offset;

  if (keyboard_mode)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_mark (self->buffer, &iter,
                                        gtk_text_buffer_get_insert (self->buffer));
      offset = (gsize) gtk_text_iter_get_offset (&iter);
    }
  else if (!offset_at_point (self, x, y, &offset))
    return FALSE;

  if (!(text = rl_reader_describe_hits_at (self, offset)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
click_released_cb (RlReader        *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  g_autoptr(GArray) found = NULL;
  GtkTextIter a, b;
  gsize offset;

  /* A drag that selected text is not a click on a highlight. */
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &a, &b) || n_press != 1)
    return;
  if (self->hits == NULL || !offset_at_point (self, x, y, &offset))
    return;

  found = hits_at (self, offset);
  if (found->len == 0)
    return;

  g_signal_emit (self, signals[CLAUSE_ACTIVATED], 0,
                 g_array_index (found, RlStoredHit, 0).clause_id);
}

static void
rl_reader_dispose (GObject *object)
{
  RlReader *self = RL_READER (object);

  stop_highlighting (self);
  g_clear_handle_id (&self->trash_id, g_source_remove);
  g_clear_pointer (&self->qs, rl_query_store_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), RL_TYPE_READER);
  /* Children the template does not bind are ours to unparent. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rl_reader_parent_class)->dispose (object);
}

static void
rl_reader_finalize (GObject *object)
{
  RlReader *self = RL_READER (object);

  g_clear_pointer (&self->tags, g_ptr_array_unref);
  g_clear_pointer (&self->hits, g_array_unref);
  g_clear_pointer (&self->trash, g_ptr_array_unref);
  g_clear_object (&self->buffer);
  g_clear_object (&self->tag_table);

  G_OBJECT_CLASS (rl_reader_parent_class)->finalize (object);
}

static void
rl_reader_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RlReader *self = RL_READER (object);

  switch (prop_id)
    {
    case PROP_HIGHLIGHTING:
      g_value_set_boolean (value, rl_reader_is_highlighting (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_reader_class_init (RlReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_reader_dispose;
  object_class->finalize = rl_reader_finalize;
  object_class->get_property = rl_reader_get_property;

  properties[PROP_HIGHLIGHTING] =
    g_param_spec_boolean ("highlighting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A highlight was clicked: the clause it belongs to. */
  signals[CLAUSE_ACTIVATED] =
    g_signal_new ("clause-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  /* A document could not be read (rl_reader_load_document() off the main
   * thread): the error. */
  signals[LOAD_FAILED] =
    g_signal_new ("load-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  rl_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/redlinedesk/Redline/rl-reader.ui");
  gtk_widget_class_bind_template_child (widget_class, RlReader, stack);
  gtk_widget_class_bind_template_child (widget_class, RlReader, title_label);
  gtk_widget_class_bind_template_child (widget_class, RlReader, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RlReader, link_button);
  gtk_widget_class_bind_template_child (widget_class, RlReader, url_label);
  gtk_widget_class_bind_template_child (widget_class, RlReader, text_view);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rl_reader_init (RlReader *self)
{
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tag_table = gtk_text_tag_table_new ();
  self->buffer = gtk_text_buffer_new (self->tag_table);
  gtk_text_view_set_buffer (self->text_view, self->buffer);
  self->tags = g_ptr_array_new_with_free_func (g_object_unref);
  self->trash = g_ptr_array_new_with_free_func (g_object_unref);

  g_signal_connect_object (self->text_view, "query-tooltip",
                           G_CALLBACK (query_tooltip_cb), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released",
                           G_CALLBACK (click_released_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
rl_reader_new (void)
{
  return g_object_new (RL_TYPE_READER, NULL);
}

static void
clear_document (RlReader *self)
{
  stop_highlighting (self);
  g_clear_pointer (&self->hits, g_array_unref);
  self->doc_id = 0;
  /* Blank first: the old buffer must not be shown while it is emptied. */
  {
    g_autoptr(GtkTextBuffer) blank = gtk_text_buffer_new (self->tag_table);

    gtk_text_view_set_buffer (self->text_view, blank);
  }
  replace_buffer (self);
  gtk_text_view_set_buffer (self->text_view, self->buffer);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
rl_reader_set_store (RlReader     *self,
                     RlStore      *store,
                     RlQueryStore *qs)
{
  g_return_if_fail (RL_IS_READER (self));

  /* The same project with a new pack or connection keeps its document
   * (rl_reader_reload() reads it again). */
  if (self->store != store)
    clear_document (self);
  if (qs != NULL)
    rl_query_store_ref (qs);
  g_clear_pointer (&self->qs, rl_query_store_unref);
  self->qs = qs;
  self->store = store;
  rebuild_tags (self);
}

static gboolean
is_web_url (const char *url)
{
  g_autofree char *scheme = NULL;

  if (url == NULL || !g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    return FALSE;

  scheme = g_uri_parse_scheme (url);
  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0);
}

/* Shows a document read by rl_query_get_document(): its metadata and text
 * now, its highlights in idle slices. */
static void
show_document (RlReader        *self,
               RlQueryDocument *doc)
{
  const RlDocInfo *info = doc->info;
  g_autoptr(GString) meta = NULL;

  gtk_label_set_text (self->title_label, info->title != NULL ? info->title : "");

  meta = g_string_new (NULL);
  if (info->source != NULL && *info->source != '\0')
    g_string_append (meta, info->source);
  if (info->date != NULL)
    g_string_append_printf (meta, "%s%s", meta->len > 0 ? " · " : "", info->date);
  if (info->author != NULL && *info->author != '\0')
    g_string_append_printf (meta, "%s%s", meta->len > 0 ? " · " : "", info->author);
  if (info->file_name != NULL)
    g_string_append_printf (meta, "%s%s", meta->len > 0 ? " · " : "", info->file_name);
  gtk_label_set_text (self->meta_label, meta->str);

  /* Only web links are clickable: a document's metadata comes from outside
   * and may say file:, javascript: or anything else. */
  if (is_web_url (info->url))
    {
      gtk_link_button_set_uri (self->link_button, info->url);
      gtk_button_set_label (GTK_BUTTON (self->link_button), info->url);
      /* A long address must not widen the reader. */
      if (GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (self->link_button))))
        {
          GtkLabel *label = GTK_LABEL (gtk_button_get_child (GTK_BUTTON (self->link_button)));

          gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_MIDDLE);
          gtk_label_set_max_width_chars (label, 80);
        }
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->link_button), info->url);
      gtk_widget_set_visible (GTK_WIDGET (self->link_button), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->url_label), FALSE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->link_button), FALSE);
      gtk_label_set_text (self->url_label, info->url != NULL ? info->url : "");
      gtk_widget_set_visible (GTK_WIDGET (self->url_label), info->url != NULL && *info->url != '\0');
    }

  /* self->buffer is fresh and not shown (see attach_buffer()): it is
   * filled in the highlighting slices. */
  gtk_stack_set_visible_child_name (self->stack, "document");
  self->text = g_steal_pointer (&doc->text);
  self->text_len = doc->len;
  self->text_done = 0;

  g_clear_pointer (&self->hits, g_array_unref);
  self->hits = g_steal_pointer (&doc->hits);
  self->next_hit = 0;

  self->highlight_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, highlight_slice_cb, self, NULL);
}

/* Until a document is in, the view shows an empty buffer: clicks and
 * tooltips must not find the previous document's hits. */
static void
begin_loading (RlReader *self,
               gint64    doc_id)
{
  g_autoptr(GtkTextBuffer) blank = gtk_text_buffer_new (self->tag_table);

  stop_highlighting (self);
  self->doc_id = doc_id;
  self->has_pending_range = FALSE;
  g_clear_pointer (&self->hits, g_array_unref);
  gtk_text_view_set_buffer (self->text_view, blank);
  replace_buffer (self);
  if (rl_profile_enabled ())
    {
      g_autofree char *what = g_strdup_printf ("open document %" G_GINT64_FORMAT " until highlighted",
                                               doc_id);

      self->highlight_span = rl_profile_span_begin (GTK_WIDGET (self), what);
    }
}

static void
document_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RlReader) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlQueryDocument) doc = rl_query_document_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);
  if (doc == NULL)
    {
      clear_document (self);
      g_signal_emit (self, signals[LOAD_FAILED], 0, error);
      return;
    }

  show_document (self, doc);
  if (!rl_reader_is_highlighting (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);
}

gboolean
rl_reader_load_document (RlReader  *self,
                         gint64     doc_id,
                         GError   **error)
{
  g_autoptr(RlQueryDocument) doc = NULL;

  g_return_val_if_fail (RL_IS_READER (self), FALSE);

  if (self->store == NULL || doc_id == 0)
    {
      clear_document (self);
      return TRUE;
    }

  if (self->qs != NULL)
    {
      begin_loading (self, doc_id);
      self->load_cancellable = g_cancellable_new ();
      rl_query_document_async (self->qs, doc_id, self->load_cancellable,
                               document_read_cb, g_object_ref (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);
      return TRUE;
    }

  /* No second connection (e.g. a new pack until its scan): read here. */
  if (!(doc = rl_query_get_document (self->store, doc_id, error)))
    {
      clear_document (self);
      return FALSE;
    }
  begin_loading (self, doc_id);
  show_document (self, doc);
  if (rl_reader_is_highlighting (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);

  return TRUE;
}

void
rl_reader_reload (RlReader *self)
{
  g_return_if_fail (RL_IS_READER (self));

  rebuild_tags (self);
  if (self->doc_id != 0)
    {
      g_autoptr(GError) error = NULL;
      GtkTextIter a, b;
      gboolean selected;
      int sel_start, sel_end;

      /* A rescan or an import should not lose the reader's place: keep the
       * selection (and so the scroll position, when there is one). */
      if (self->load_cancellable != NULL || self->text != NULL)
        {
          selected = self->has_pending_range;
          sel_start = (int) self->pending_start;
          sel_end = (int) self->pending_end;
        }
      else
        {
          selected = gtk_text_buffer_get_selection_bounds (self->buffer, &a, &b);
          sel_start = gtk_text_iter_get_offset (&a);
          sel_end = gtk_text_iter_get_offset (&b);
        }

      if (!rl_reader_load_document (self, self->doc_id, &error))
        {
          g_warning ("%s", error->message);
          return;
        }

      if (selected)
        rl_reader_select_range (self, sel_start, sel_end);
    }
}

gint64
rl_reader_get_document_id (RlReader *self)
{
  g_return_val_if_fail (RL_IS_READER (self), 0);

  return self->doc_id;
}

void
rl_reader_select_range (RlReader *self,
                        gsize     start,
                        gsize     end)
{
  GtkTextIter a, b;
  int n_chars;

  g_return_if_fail (RL_IS_READER (self));

  /* The text is still being read: select it once it is in. */
  if (self->load_cancellable != NULL || self->text != NULL)
    {
      self->has_pending_range = TRUE;
      self->pending_start = start;
      self->pending_end = end;
      return;
    }

  n_chars = gtk_text_buffer_get_char_count (self->buffer);
  start = MIN (start, (gsize) n_chars);
  end = CLAMP (end, start, (gsize) n_chars);

  gtk_text_buffer_get_iter_at_offset (self->buffer, &a, (int) start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &b, (int) end);
  gtk_text_buffer_select_range (self->buffer, &a, &b);

  if (self->current_tag != NULL)
    {
      GtkTextIter all_start, all_end;

      gtk_text_buffer_get_bounds (self->buffer, &all_start, &all_end);
      gtk_text_buffer_remove_tag (self->buffer, self->current_tag, &all_start, &all_end);
      gtk_text_buffer_apply_tag (self->buffer, self->current_tag, &a, &b);
    }

  /* A mark, not an iter: line heights may not be known yet.  A buffer not
   * shown yet scrolls when it is. */
  if (gtk_text_view_get_buffer (self->text_view) == self->buffer)
    gtk_text_view_scroll_to_mark (self->text_view, gtk_text_buffer_get_insert (self->buffer),
                                  0.1, TRUE, 0.0, 0.3);
}

gint64
rl_reader_move_to_hit (RlReader *self,
                       gboolean  forward)
{
  GtkTextIter a, b;
  const RlStoredHit *hit = NULL;
  gsize pos;
  guint i;

  g_return_val_if_fail (RL_IS_READER (self), 0);

  if (self->hits == NULL || self->hits->len == 0)
    return 0;

  gtk_text_buffer_get_selection_bounds (self->buffer, &a, &b);
  pos = (gsize) gtk_text_iter_get_offset (&a);

  if (forward)
    {
      /* After a selected hit, the next one; from a bare cursor, the first
       * hit at or after it. */
      if (!gtk_text_iter_equal (&a, &b))
        i = upper_bound (self, pos);
      else
        i = pos > 0 ? upper_bound (self, pos - 1) : 0;
      if (i < self->hits->len)
        hit = &g_array_index (self->hits, RlStoredHit, i);
    }
  else
    {
      /* The last hit that starts before the selection. */
      i = upper_bound (self, pos);
      while (i > 0)
        {
          const RlStoredHit *h = &g_array_index (self->hits, RlStoredHit, --i);

          if (h->match_start < pos)
            {
              hit = h;
              break;
            }
        }
    }

  if (hit == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return 0;
    }

  rl_reader_select_range (self, hit->match_start, hit->match_end);
  return hit->clause_id;
}

gboolean
rl_reader_is_highlighting (RlReader *self)
{
  g_return_val_if_fail (RL_IS_READER (self), FALSE);

  return self->highlight_id != 0 || self->load_cancellable != NULL;
}

GtkTextBuffer *
rl_reader_get_buffer (RlReader *self)
{
  g_return_val_if_fail (RL_IS_READER (self), NULL);

  return self->buffer;
}

GtkTextView *
rl_reader_get_text_view (RlReader *self)
{
  g_return_val_if_fail (RL_IS_READER (self), NULL);

  return self->text_view;
}

GtkTextTag *
rl_reader_get_category_tag (RlReader *self,
                            guint     category)
{
  g_return_val_if_fail (RL_IS_READER (self), NULL);

  if (category >= self->tags->len)
    return NULL;

  return g_ptr_array_index (self->tags, category);
}

const char *
rl_reader_get_link_uri (RlReader *self)
{
  g_return_val_if_fail (RL_IS_READER (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->link_button)))
    return NULL;

  return gtk_link_button_get_uri (self->link_button);
}
