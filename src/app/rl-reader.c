#define G_LOG_DOMAIN "rl-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rl-colors.h"
#include "rl-profile.h"
#include "rl-reader.h"

/* Time budget of one highlighting slice: well under a 16 ms frame. */
#define SLICE_USEC 4000

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
  GPtrArray     *tags;         /* GtkTextTag per pack category */
  GtkTextTag    *current_tag;  /* the selected clause's match, on top */
  gint64         doc_id;
  GArray        *hits;         /* RlStoredHit, sorted by match_start */
  guint          next_hit;     /* highlighting progress */
  guint          highlight_id;
  RlProfileSpan *highlight_span;
};

G_DEFINE_FINAL_TYPE (RlReader, rl_reader, GTK_TYPE_WIDGET)

enum { CLAUSE_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_HIGHLIGHTING, N_PROPS };
static GParamSpec *properties[N_PROPS];

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const RlStoredHit *ha = a, *hb = b;

  if (ha->match_start != hb->match_start)
    return ha->match_start < hb->match_start ? -1 : 1;
  if (ha->match_end != hb->match_end)
    return ha->match_end < hb->match_end ? -1 : 1;
  return 0;
}

static void
stop_highlighting (RlReader *self)
{
  if (self->highlight_id != 0)
    {
      g_clear_handle_id (&self->highlight_id, g_source_remove);
      rl_profile_span_cancel (&self->highlight_span);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);
    }
}

/* Shows the document's buffer.  Tags go on before it is attached: on a
 * shown buffer each tag makes the view lay its lines out again, which on a
 * 2 MB document costs seconds; detached, 4,000 tags cost tens of ms. */
static void
attach_buffer (RlReader *self)
{
  GtkTextIter a, b;

  if (gtk_text_view_get_buffer (self->text_view) == self->buffer)
    return;

  gtk_text_view_set_buffer (self->text_view, self->buffer);
  if (gtk_text_buffer_get_selection_bounds (self->buffer, &a, &b))
    gtk_text_view_scroll_to_mark (self->text_view, gtk_text_buffer_get_insert (self->buffer),
                                  0.1, TRUE, 0.0, 0.3);
}

static gboolean
highlight_slice_cb (gpointer data)
{
  RlReader *self = data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;
  int n_chars = gtk_text_buffer_get_char_count (self->buffer);

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

  g_clear_handle_id (&self->highlight_id, g_source_remove);
  rl_profile_span_cancel (&self->highlight_span);
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
  g_clear_object (&self->buffer);
  self->buffer = gtk_text_buffer_new (self->tag_table);
  gtk_text_view_set_buffer (self->text_view, self->buffer);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
rl_reader_set_store (RlReader *self,
                     RlStore  *store)
{
  g_return_if_fail (RL_IS_READER (self));

  clear_document (self);
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

static void
load_hits (RlReader *self)
{
  g_autoptr(GError) error = NULL;

  stop_highlighting (self);
  g_clear_pointer (&self->hits, g_array_unref);

  if (!(self->hits = rl_store_get_document_hits (self->store, self->doc_id, &error)))
    {
      g_warning ("Hits of document %" G_GINT64_FORMAT ": %s", self->doc_id, error->message);
      self->hits = g_array_new (FALSE, FALSE, sizeof (RlStoredHit));
    }
  g_array_sort (self->hits, compare_hits);

  self->next_hit = 0;
  if (self->hits->len > 0)
    {
      if (rl_profile_enabled ())
        {
          g_autofree char *what = g_strdup_printf ("highlight %u hits", self->hits->len);

          self->highlight_span = rl_profile_span_begin (GTK_WIDGET (self), what);
        }
      self->highlight_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, highlight_slice_cb, self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIGHLIGHTING]);
    }
}

gboolean
rl_reader_load_document (RlReader  *self,
                         gint64     doc_id,
                         GError   **error)
{
  g_autoptr(RlDocInfo) info = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) meta = NULL;
  GtkTextIter start;
  gsize len = 0;

  g_return_val_if_fail (RL_IS_READER (self), FALSE);

  if (self->store == NULL || doc_id == 0)
    {
      clear_document (self);
      return TRUE;
    }

  if (!(info = rl_store_get_document (self->store, doc_id, error)) ||
      !(text = rl_store_get_document_text (self->store, doc_id, &len, error)))
    {
      clear_document (self);
      return FALSE;
    }

  stop_highlighting (self);
  self->doc_id = doc_id;

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

  /* A fresh buffer, not yet shown: see attach_buffer().  Until it is, the
   * view shows an empty one. */
  g_clear_object (&self->buffer);
  self->buffer = gtk_text_buffer_new (self->tag_table);
  gtk_text_buffer_set_text (self->buffer, text, (int) len);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_place_cursor (self->buffer, &start);
  {
    g_autoptr(GtkTextBuffer) blank = gtk_text_buffer_new (self->tag_table);

    gtk_text_view_set_buffer (self->text_view, blank);
  }
  gtk_stack_set_visible_child_name (self->stack, "document");

  load_hits (self);
  if (!rl_reader_is_highlighting (self))
    attach_buffer (self);

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
      selected = gtk_text_buffer_get_selection_bounds (self->buffer, &a, &b);
      sel_start = gtk_text_iter_get_offset (&a);
      sel_end = gtk_text_iter_get_offset (&b);

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

  return self->highlight_id != 0;
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
