#define G_LOG_DOMAIN "rl-clause-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rl-clause-row.h"
#include "rl-colors.h"

/* Characters of context kept either side of the match in a long clause. */
#define CONTEXT_CHARS 160

struct _RlClauseRow
{
  GtkWidget     parent_instance;
  GtkWidget    *group_box;
  GtkLabel     *group_swatch;
  GtkLabel     *group_label;
  GtkLabel     *group_count;
  GtkWidget    *body;
  GtkLabel     *clause_label;
  GtkLabel     *meta_label;
  GtkLabel     *status_label;
  RlClauseItem *item;
  char         *cat_class;
  gulong        status_handler;
};

G_DEFINE_FINAL_TYPE (RlClauseRow, rl_clause_row, GTK_TYPE_WIDGET)

const char *
rl_status_display_name (RlStatus status)
{
  switch (status)
    {
    case RL_STATUS_CONFIRMED:
      return _("Confirmed");
    case RL_STATUS_DISMISSED:
      return _("Dismissed");
    case RL_STATUS_UNREVIEWED:
    default:
      return _("Unreviewed");
    }
}

/* A hard-wrapped source breaks a clause mid-sentence; in a narrow row those
 * breaks read as ragged lines.  Each run of white space holding a line
 * break becomes one space, or nothing between two wide (CJK) characters,
 * which take no space between them.  marks[] are character offsets into
 * text, turned into byte offsets into the result. */
static char *
flow_text (const char *text,
           glong      *marks,
           guint       n_marks)
{
  GString *out = g_string_sized_new (strlen (text));
  gunichar prev = 0;
  glong i = 0;  /* characters of text read */
  const char *p = text;

  while (*p)
    {
      const char *q = p;
      glong run = 0;
      gboolean has_break = FALSE;

      for (guint m = 0; m < n_marks; m++)
        if (marks[m] == i)
          marks[m] = -1 - (glong) out->len;  /* done: negative, decoded below */

      while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
        {
          has_break |= *q == '\n' || *q == '\r';
          q++;
          run++;
        }
      if (run > 0 && has_break)
        {
          gunichar next = *q ? g_utf8_get_char (q) : 0;

          if (prev != 0 && next != 0 && !(g_unichar_iswide (prev) && g_unichar_iswide (next)))
            g_string_append_c (out, ' ');
          /* A mark inside the run lands after it. */
          for (guint m = 0; m < n_marks; m++)
            if (marks[m] > i && marks[m] < i + run)
              marks[m] = -1 - (glong) out->len;
          prev = ' ';
          i += run;
          p = q;
          continue;
        }
      q = g_utf8_next_char (p);
      prev = g_utf8_get_char (p);
      g_string_append_len (out, p, q - p);
      i++;
      p = q;
    }
  for (guint m = 0; m < n_marks; m++)
    marks[m] = marks[m] < 0 ? -1 - marks[m] : (glong) out->len;
  return g_string_free (out, FALSE);
}

char *
rl_clause_markup (const RlClause *clause,
                  const GdkRGBA  *color)
{
  g_autofree char *before = NULL;
  g_autofree char *match = NULL;
  g_autofree char *after = NULL;
  g_autofree char *e_before = NULL;
  g_autofree char *e_match = NULL;
  g_autofree char *e_after = NULL;
  const char *text = clause->text != NULL ? clause->text : "";
  glong n = g_utf8_strlen (text, -1);
  glong ms, me, from, to;

  /* The match in clause-relative characters, clamped: offsets come from the
   * store and the text from the document; never trust them to agree. */
  ms = (glong) clause->match_start - (glong) clause->start;
  me = (glong) clause->match_end - (glong) clause->start;
  ms = CLAMP (ms, 0, n);
  me = CLAMP (me, ms, n);

  from = MAX (0, ms - CONTEXT_CHARS);
  to = MIN (n, me + CONTEXT_CHARS);

  {
    g_autofree char *shown = g_utf8_substring (text, from, to);
    g_autofree char *flowed = NULL;
    glong marks[2] = { ms - from, me - from };

    flowed = flow_text (shown, marks, G_N_ELEMENTS (marks));
    before = g_strndup (flowed, marks[0]);
    match = g_strndup (flowed + marks[0], marks[1] - marks[0]);
    after = g_strdup (flowed + marks[1]);
  }
  e_before = g_markup_escape_text (before, -1);
  e_match = g_markup_escape_text (match, -1);
  e_after = g_markup_escape_text (after, -1);

  return g_strdup_printf ("%s%s<span weight=\"bold\" underline=\"single\""
                          " underline_color=\"#%02x%02x%02x\""
                          " bgcolor=\"#%02x%02x%02x\" bgalpha=\"25%%\">%s</span>%s%s",
                          from > 0 ? "…" : "",
                          e_before,
                          (int) (color->red * 255), (int) (color->green * 255), (int) (color->blue * 255),
                          (int) (color->red * 255), (int) (color->green * 255), (int) (color->blue * 255),
                          e_match,
                          e_after,
                          to < n ? "…" : "");
}

static const char *
severity_display_name (RlSeverity severity)
{
  switch (severity)
    {
    case RL_SEVERITY_HIGH:
      return _("High");
    case RL_SEVERITY_MEDIUM:
      return _("Medium");
    case RL_SEVERITY_LOW:
    default:
      return _("Low");
    }
}

static void
update_status (RlClauseRow *self)
{
  static const char * const classes[] = { "rl-unreviewed", "rl-confirmed", "rl-dismissed" };
  RlStatus status = rl_clause_item_get_status (self->item);

  if (rl_clause_item_get_clause (self->item)->orphaned)
    {
      g_autofree char *text = NULL;

      /* Translators: a review whose clause the rules no longer match, e.g.
       * "Orphaned, Confirmed". */
      text = g_strdup_printf (_("Orphaned, %s"), rl_status_display_name (status));
      gtk_label_set_text (self->status_label, text);
    }
  else
    gtk_label_set_text (self->status_label, rl_status_display_name (status));
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      if (i == status)
        gtk_widget_add_css_class (GTK_WIDGET (self->status_label), classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), classes[i]);
    }
}

static void
status_changed_cb (RlClauseRow  *self,
                   GParamSpec   *pspec,
                   RlClauseItem *item)
{
  update_status (self);
}

static void
unbind (RlClauseRow *self)
{
  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->status_handler, self->item);
      g_clear_object (&self->item);
    }
  if (self->cat_class != NULL)
    {
      gtk_widget_remove_css_class (self->body, self->cat_class);
      gtk_widget_remove_css_class (GTK_WIDGET (self->group_swatch), self->cat_class);
      g_clear_pointer (&self->cat_class, g_free);
    }
}

static void
rl_clause_row_dispose (GObject *object)
{
  RlClauseRow *self = RL_CLAUSE_ROW (object);

  unbind (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), RL_TYPE_CLAUSE_ROW);
  /* Children the template does not bind are ours to unparent. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rl_clause_row_parent_class)->dispose (object);
}

static void
rl_clause_row_class_init (RlClauseRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_clause_row_dispose;

  rl_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/redlinedesk/Redline/rl-clause-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RlClauseRow, group_box);
  gtk_widget_class_bind_template_child (widget_class, RlClauseRow, group_swatch);
  gtk_widget_class_bind_template_child (widget_class, RlClauseRow, group_label);
  gtk_widget_class_bind_template_child (widget_class, RlClauseRow, group_count);
  gtk_widget_class_bind_template_child (widget_class, RlClauseRow, body);
  gtk_widget_class_bind_template_child (widget_class, RlClauseRow, clause_label);
  gtk_widget_class_bind_template_child (widget_class, RlClauseRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RlClauseRow, status_label);
}

/* The rules' messages, asked for when the pointer rests on the meta line.
 * Not gtk_widget_set_tooltip_text() at bind: in GTK 4.8 each call re-runs
 * the tooltip query (a pick through the window), and a list view binds
 * some 200 rows per reload: 70 ms of a 100,000-clause filter. */
static gboolean
meta_query_tooltip_cb (RlClauseRow *self,
                       int          x,
                       int          y,
                       gboolean     keyboard_mode,
                       GtkTooltip  *tooltip)
{
  const RlClause *clause = self->item != NULL ? rl_clause_item_get_clause (self->item) : NULL;

  if (clause == NULL || clause->messages == NULL || *clause->messages == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, clause->messages);
  return TRUE;
}

static void
rl_clause_row_init (RlClauseRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->meta_label), TRUE);
  g_signal_connect_object (self->meta_label, "query-tooltip",
                           G_CALLBACK (meta_query_tooltip_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
rl_clause_row_new (void)
{
  return g_object_new (RL_TYPE_CLAUSE_ROW, NULL);
}

void
rl_clause_row_set_item (RlClauseRow  *self,
                        RlClauseItem *item,
                        RlRulePack   *pack,
                        gboolean      show_document)
{
  const RlClause *clause;
  g_autofree char *markup = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GString) meta = NULL;
  GdkRGBA color;

  g_return_if_fail (RL_IS_CLAUSE_ROW (self));

  unbind (self);
  if (item == NULL)
    return;

  self->item = g_object_ref (item);
  clause = rl_clause_item_get_clause (item);

  self->cat_class = rl_colors_css_class (clause->category);
  gtk_widget_add_css_class (self->body, self->cat_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->group_swatch), self->cat_class);

  gtk_widget_set_visible (self->group_box, rl_clause_item_get_group_start (item));
  gtk_label_set_text (self->group_label,
                      clause->orphaned ? _("Orphaned reviews")
                                       : rl_colors_category_name (pack, clause->category));
  count = g_strdup_printf ("%u", rl_clause_item_get_group_count (item));
  gtk_label_set_text (self->group_count, count);

  rl_colors_get_category (pack, clause->category, &color);
  markup = rl_clause_markup (clause, &color);
  gtk_label_set_markup (self->clause_label, markup);

  meta = g_string_new (clause->rules != NULL ? clause->rules : "");
  g_string_append_printf (meta, " · %s", severity_display_name (clause->severity));
  if (show_document && clause->doc_title != NULL)
    g_string_append_printf (meta, " · %s", clause->doc_title);
  gtk_label_set_text (self->meta_label, meta->str);

  self->status_handler = g_signal_connect_object (item, "notify::status",
                                                  G_CALLBACK (status_changed_cb),
                                                  self, G_CONNECT_SWAPPED);
  update_status (self);
}
