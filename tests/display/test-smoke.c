/* Instantiates every template: a widget or property missing from GTK 4.8 /
 * libadwaita 1.2 fails here, before anyone opens the window. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "rl-clause-panel.h"
#include "rl-clause-row.h"
#include "rl-colors.h"
#include "rl-doc-row.h"
#include "rl-reader.h"
#include "rl-window.h"

static void
test_widget (gconstpointer data)
{
  GType type = g_type_from_name (data);
  GtkWidget *widget;

  g_assert_cmpuint (type, !=, G_TYPE_INVALID);
  widget = g_object_new (type, NULL);
  g_assert_nonnull (widget);
  g_object_ref_sink (widget);

  if (GTK_IS_WINDOW (widget))
    {
      gtk_window_present (GTK_WINDOW (widget));
      gtk_test_widget_wait_for_draw (widget);
      gtk_window_destroy (GTK_WINDOW (widget));
    }

  g_assert_finalize_object (widget);
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  rl_ui_ensure_resources ();
  builder = gtk_builder_new_from_resource ("/io/github/redlinedesk/Redline/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
test_style (void)
{
  g_autoptr(GBytes) css = NULL;

  rl_ui_ensure_resources ();
  css = g_resources_lookup_data ("/io/github/redlinedesk/Redline/style.css", 0, NULL);
  g_assert_nonnull (css);
  g_assert_cmpuint (g_bytes_get_size (css), >, 0);
  rl_ui_load_style ();
}

/* A clause from a hard-wrapped file reads as one flowing line in its
 * row: breaks become a space, or nothing between Chinese characters, and
 * the match stays the match. */
static void
test_clause_text (void)
{
  const GdkRGBA color = { 1, 0, 0, 1 };
  RlClause clause = { 0 };
  g_autofree char *en = NULL;
  g_autofree char *zh = NULL;
  g_autofree char *plain = NULL;

  clause.text = (char *) "shall not use the\n  Services for\r\nbulk collection of data.";
  clause.start = 100;
  clause.match_start = 100 + 34;   /* "bulk collection" */
  clause.match_end = 100 + 49;
  en = rl_clause_markup (&clause, &color);
  g_assert_true (pango_parse_markup (en, -1, 0, NULL, &plain, NULL, NULL));
  g_assert_cmpstr (plain, ==, "shall not use the Services for bulk collection of data.");
  g_assert_nonnull (strstr (en, ">bulk collection</span>"));

  clause.text = (char *) "不得用于对美国民众的\n大规模监控。";
  clause.start = 0;
  clause.match_start = 11;   /* 大规模监控 */
  clause.match_end = 16;
  zh = rl_clause_markup (&clause, &color);
  g_assert_nonnull (strstr (zh, "不得用于对美国民众的<span"));
  g_assert_nonnull (strstr (zh, ">大规模监控</span>。"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_type_ensure (RL_TYPE_DOC_ROW);
  g_type_ensure (RL_TYPE_CLAUSE_ROW);
  g_type_ensure (RL_TYPE_READER);
  g_type_ensure (RL_TYPE_CLAUSE_PANEL);
  g_type_ensure (RL_TYPE_WINDOW);

  g_test_add_data_func ("/smoke/doc-row", "RlDocRow", test_widget);
  g_test_add_data_func ("/smoke/clause-row", "RlClauseRow", test_widget);
  g_test_add_data_func ("/smoke/reader", "RlReader", test_widget);
  g_test_add_data_func ("/smoke/clause-panel", "RlClausePanel", test_widget);
  g_test_add_data_func ("/smoke/window", "RlWindow", test_widget);
  g_test_add_func ("/smoke/help-overlay", test_help_overlay);
  g_test_add_func ("/smoke/style", test_style);
  g_test_add_func ("/smoke/clause-text", test_clause_text);

  return g_test_run ();
}
