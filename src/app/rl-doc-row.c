#define G_LOG_DOMAIN "rl-doc-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rl-colors.h"
#include "rl-doc-row.h"

struct _RlDocRow
{
  GtkWidget   parent_instance;
  GtkLabel   *title_label;
  GtkLabel   *meta_label;
  GtkFlowBox *chips;
  GPtrArray  *chip_labels;  /* GtkLabel per category, made once, reused */
};

G_DEFINE_FINAL_TYPE (RlDocRow, rl_doc_row, GTK_TYPE_WIDGET)

static void
rl_doc_row_finalize (GObject *object)
{
  RlDocRow *self = RL_DOC_ROW (object);

  g_clear_pointer (&self->chip_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (rl_doc_row_parent_class)->finalize (object);
}

static void
rl_doc_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RL_TYPE_DOC_ROW);
  /* Children the template does not bind are ours to unparent. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rl_doc_row_parent_class)->dispose (object);
}

static void
rl_doc_row_class_init (RlDocRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_doc_row_dispose;
  object_class->finalize = rl_doc_row_finalize;

  rl_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/redlinedesk/Redline/rl-doc-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RlDocRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RlDocRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, RlDocRow, chips);
}

static void
rl_doc_row_init (RlDocRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->chip_labels = g_ptr_array_new ();
}

GtkWidget *
rl_doc_row_new (void)
{
  return g_object_new (RL_TYPE_DOC_ROW, NULL);
}

/* Rows are rebound as the list scrolls: reuse the chips rather than build
 * widgets on every bind. */
/* A chip's "category: count", set at bind and shown on demand: see
 * rl-clause-row.c on why not gtk_widget_set_tooltip_text() at bind. */
static gboolean
chip_query_tooltip_cb (GtkWidget  *chip,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip)
{
  const char *tip = g_object_get_data (G_OBJECT (chip), "rl-tip");

  if (tip == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, tip);
  return TRUE;
}

static GtkWidget *
get_chip (RlDocRow *self,
          guint     index)
{
  while (self->chip_labels->len <= index)
    {
      g_autofree char *css = rl_colors_css_class (self->chip_labels->len);
      GtkWidget *chip = gtk_label_new (NULL);

      gtk_widget_add_css_class (chip, "rl-chip");
      gtk_widget_add_css_class (chip, css);
      gtk_widget_set_has_tooltip (chip, TRUE);
      g_signal_connect (chip, "query-tooltip", G_CALLBACK (chip_query_tooltip_cb), NULL);
      gtk_flow_box_append (self->chips, chip);
      g_ptr_array_add (self->chip_labels, chip);
    }

  return g_ptr_array_index (self->chip_labels, index);
}

static void
hide_chips (RlDocRow *self,
            guint     from)
{
  for (guint i = from; i < self->chip_labels->len; i++)
    gtk_widget_set_visible (gtk_widget_get_parent (g_ptr_array_index (self->chip_labels, i)), FALSE);
}

void
rl_doc_row_set_item (RlDocRow   *self,
                     RlDocItem  *item,
                     RlRulePack *pack)
{
  const RlDocInfo *info;
  g_autoptr(GString) meta = NULL;

  g_return_if_fail (RL_IS_DOC_ROW (self));

  if (item == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_label_set_text (self->meta_label, "");
      hide_chips (self, 0);
      return;
    }

  info = rl_doc_item_get_info (item);
  gtk_label_set_text (self->title_label, info->title != NULL ? info->title : "");

  meta = g_string_new (info->date != NULL ? info->date : _("No date"));
  if (info->source != NULL && *info->source != '\0')
    g_string_append_printf (meta, " · %s", info->source);
  else if (info->file_name != NULL)
    g_string_append_printf (meta, " · %s", info->file_name);
  gtk_label_set_text (self->meta_label, meta->str);

  for (guint i = 0; i < info->n_counts; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *tip = NULL;
      GtkWidget *chip = get_chip (self, i);

      gtk_widget_set_visible (gtk_widget_get_parent (chip), info->counts[i] > 0);
      if (info->counts[i] == 0)
        continue;

      text = g_strdup_printf ("%u", info->counts[i]);
      /* Translators: a chip in the document list: category name and how
       * many of its clauses the document has. */
      tip = g_strdup_printf (_("%s: %u"), rl_colors_category_name (pack, i), info->counts[i]);

      gtk_label_set_text (GTK_LABEL (chip), text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (chip),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tip,
                                      -1);
      g_object_set_data_full (G_OBJECT (chip), "rl-tip", g_steal_pointer (&tip), g_free);
    }
  hide_chips (self, info->n_counts);

  gtk_widget_set_visible (GTK_WIDGET (self->chips), info->n_clauses > 0);
}
