/* Opens a big project (REDLINE_SCALE_PROJECT, e.g. 20,000 documents made
 * with redline-cli) and reports how long the window's main-thread steps
 * take.  Skipped without the variable.  Asserts counts, reports times.
 *
 * REDLINE_SCALE_HITS_PROJECT, a project of big documents with many hits
 * (tests/bench/gen-hits.py writes one: ten 5 MB documents, 100,000
 * clauses), adds: highlighting one such document, and filtering the clause
 * panel over the whole project. */
#include "config.h"

#include <adwaita.h>

#include "rl-clause-panel.h"
#include "rl-doc-model.h"
#include "rl-reader.h"
#include "rl-window.h"

static RlWindow *window;
static gint64 longest;

/* Also records the longest single main-loop iteration: how long the window
 * could not draw. */
static void
iterate (gboolean may_block)
{
  gint64 t0 = g_get_monotonic_time ();
  gboolean dispatched = g_main_context_iteration (NULL, may_block);

  if (dispatched && !may_block)
    longest = MAX (longest, g_get_monotonic_time () - t0);
}

static void
wait_idle (void)
{
  while (rl_window_is_busy (window) || rl_reader_is_highlighting (rl_window_get_reader (window)))
    {
      iterate (FALSE);
      g_usleep (500);
    }
  while (g_main_context_pending (NULL))
    iterate (FALSE);
}

/* The whole step (including worker time), and the longest main-thread
 * stretch inside it (the call itself counts as one). */
#define TIMED(label, stmt) \
  G_STMT_START { \
    gint64 t0_ = g_get_monotonic_time (); \
    longest = 0; \
    stmt; \
    g_test_message ("%-40s %8.1f ms, longest stall %6.1f ms", label, \
                    (g_get_monotonic_time () - t0_) / 1000.0, longest / 1000.0); \
  } G_STMT_END

#define CALL(stmt) \
  G_STMT_START { \
    gint64 c0_ = g_get_monotonic_time (); \
    stmt; \
    longest = MAX (longest, g_get_monotonic_time () - c0_); \
  } G_STMT_END

static void
save_screenshot (const char *name)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("screenshot-%s.png", name);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            file, NULL);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (gdk_texture_save_to_png (texture, path))
    g_test_message ("screenshot: %s", path);
}

/* The model under the slice the window feeds its list views through. */
static GListModel *
unwrap (GListModel *model)
{
  return GTK_IS_SLICE_LIST_MODEL (model) ? gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (model)) : model;
}

/* The list view showing @model (through its selection model), or NULL. */
static GtkListView *
find_list_view (GtkWidget  *root,
                GListModel *model)
{
  if (GTK_IS_LIST_VIEW (root))
    {
      GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (root));

      if (GTK_IS_SINGLE_SELECTION (selection) &&
          unwrap (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection))) == model)
        return GTK_LIST_VIEW (root);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *found = find_list_view (child, model);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first drop-down under @root: the clause panel's category filter. */
static GtkDropDown *
find_drop_down (GtkWidget *root)
{
  if (GTK_IS_DROP_DOWN (root))
    return GTK_DROP_DOWN (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_drop_down (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Scrolls the document list from top to bottom and back in about 200
 * steps of at least a page each (page by page, 20,000 rows take minutes),
 * drawing a frame after each step; reports the slowest step. */
static void
scroll_document_list (void)
{
  GtkListView *view = find_list_view (GTK_WIDGET (window),
                                      G_LIST_MODEL (rl_window_get_doc_model (window)));
  GtkAdjustment *adj;
  gint64 t0 = g_get_monotonic_time (), slowest = 0;
  guint steps = 0;

  g_assert_nonnull (view);
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_assert_nonnull (adj);

  for (int pass = 0; pass < 2; pass++)
    {
      gboolean down = pass == 0;

      for (;;)
        {
          double value = gtk_adjustment_get_value (adj);
          double page = gtk_adjustment_get_page_size (adj);
          double step = MAX (page, (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_lower (adj)) / 100);
          double target = down ? value + step : value - step;
          gint64 s0 = g_get_monotonic_time ();

          gtk_adjustment_set_value (adj, target);
          gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
          slowest = MAX (slowest, g_get_monotonic_time () - s0);
          steps++;
          if (down ? gtk_adjustment_get_value (adj) + page >= gtk_adjustment_get_upper (adj) - 0.5
                   : gtk_adjustment_get_value (adj) <= gtk_adjustment_get_lower (adj) + 0.5)
            break;
          /* A list view that stopped moving would loop for ever. */
          g_assert_cmpuint (steps, <, 1000000);
        }
    }

  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <=, gtk_adjustment_get_lower (adj) + 0.5);
  g_test_message ("%-40s %8.1f ms, %u steps, slowest step (to a drawn frame) %6.1f ms",
                  "scroll the document list end to end", (g_get_monotonic_time () - t0) / 1000.0,
                  steps, slowest / 1000.0);
  g_test_message ("%u rows in a page", (guint) (gtk_adjustment_get_page_size (adj) * g_list_model_get_n_items (
                    G_LIST_MODEL (rl_window_get_doc_model (window))) / MAX (1.0, gtk_adjustment_get_upper (adj))));
}

static void
test_scale (void)
{
  const char *path = g_getenv ("REDLINE_SCALE_PROJECT");
  g_autoptr(GFile) file = NULL;
  RlDocModel *model;
  RlClausePanel *panel;
  RlStore *store;
  guint n;

  if (path == NULL)
    {
      g_test_skip ("REDLINE_SCALE_PROJECT not set");
      return;
    }

  file = g_file_new_for_path (path);
  TIMED ("open project (worker) + first lists", CALL (rl_window_open_project (window, file)); wait_idle ());
  store = rl_window_get_store (window);
  g_assert_nonnull (store);
  model = rl_window_get_doc_model (window);
  panel = rl_window_get_clause_panel (window);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, rl_store_count_documents (store));
  g_test_message ("%u documents", n);

  TIMED ("draw", gtk_test_widget_wait_for_draw (GTK_WIDGET (window)));
  scroll_document_list ();
  TIMED ("select a document (reader + panel)", CALL (rl_window_select_document (window, n / 2)); wait_idle ());
  TIMED ("draw", gtk_test_widget_wait_for_draw (GTK_WIDGET (window)));
  TIMED ("clauses of the whole project", CALL (rl_clause_panel_set_whole_project (panel, TRUE)); wait_idle ());
  g_test_message ("%u clauses", g_list_model_get_n_items (G_LIST_MODEL (rl_clause_panel_get_model (panel))));
  TIMED ("draw", gtk_test_widget_wait_for_draw (GTK_WIDGET (window)));
  TIMED ("select the last clause", CALL (rl_clause_panel_select_clause (panel,
          rl_clause_model_get_id (rl_clause_panel_get_model (panel),
                                  g_list_model_get_n_items (G_LIST_MODEL (rl_clause_panel_get_model (panel))) - 1)));
         wait_idle ());
  TIMED ("back to the document's clauses", CALL (rl_clause_panel_set_whole_project (panel, FALSE)); wait_idle ());
  TIMED ("legend", CALL (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-legend", NULL)); wait_idle ());
  save_screenshot ("scale");

  /* Optionally: a long import, to see the progress bar, then Cancel. */
  if (g_getenv ("REDLINE_SCALE_IMPORT") != NULL)
    {
      const char *paths[2] = { g_getenv ("REDLINE_SCALE_IMPORT"), NULL };
      gint64 until = g_get_monotonic_time () + 1500 * 1000;

      rl_window_import_paths (window, paths);
      while (g_get_monotonic_time () < until)
        {
          iterate (FALSE);
          g_usleep (2000);
        }
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      save_screenshot ("scale-importing");
      TIMED ("cancel an import", CALL (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL)); wait_idle ());
    }
}

static void
test_hits (void)
{
  const char *path = g_getenv ("REDLINE_SCALE_HITS_PROJECT");
  g_autoptr(GFile) file = NULL;
  RlClausePanel *panel;
  RlClauseModel *clauses;
  GtkDropDown *category;
  g_autoptr(RlStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  RlStore *store;
  guint n_docs, n_all;

  if (path == NULL)
    {
      g_test_skip ("REDLINE_SCALE_HITS_PROJECT not set");
      return;
    }

  file = g_file_new_for_path (path);
  TIMED ("open the hits project + first document", CALL (rl_window_open_project (window, file)); wait_idle ());
  store = rl_window_get_store (window);
  g_assert_nonnull (store);
  n_docs = g_list_model_get_n_items (G_LIST_MODEL (rl_window_get_doc_model (window)));
  g_assert_cmpuint (n_docs, >, 1);
  TIMED ("draw", gtk_test_widget_wait_for_draw (GTK_WIDGET (window)));

  /* Another document: its text, then its highlights in slices. */
  TIMED ("select a big document until highlighted",
         CALL (rl_window_select_document (window, n_docs - 1));
         while (rl_reader_is_highlighting (rl_window_get_reader (window)))
           {
             iterate (FALSE);
             g_usleep (200);
           });
  g_assert_false (rl_reader_is_highlighting (rl_window_get_reader (window)));
  wait_idle ();
  TIMED ("draw", gtk_test_widget_wait_for_draw (GTK_WIDGET (window)));

  panel = rl_window_get_clause_panel (window);
  clauses = rl_clause_panel_get_model (panel);
  TIMED ("clauses of the whole hits project", CALL (rl_clause_panel_set_whole_project (panel, TRUE)); wait_idle ());
  n_all = g_list_model_get_n_items (G_LIST_MODEL (clauses));
  g_test_message ("%u clauses in the whole project", n_all);
  stats = rl_store_get_stats (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_all, ==, stats->n_clauses);
  TIMED ("draw", gtk_test_widget_wait_for_draw (GTK_WIDGET (window)));

  /* The category filter: one with no hits, then all again. */
  category = find_drop_down (GTK_WIDGET (panel));
  g_assert_nonnull (category);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (category)), >, 2);
  TIMED ("filter: a category", CALL (gtk_drop_down_set_selected (category, 2)); wait_idle ();
         gtk_test_widget_wait_for_draw (GTK_WIDGET (window)));
  g_test_message ("%u clauses in category 2", g_list_model_get_n_items (G_LIST_MODEL (clauses)));
  TIMED ("filter: all categories again", CALL (gtk_drop_down_set_selected (category, 0)); wait_idle ();
         gtk_test_widget_wait_for_draw (GTK_WIDGET (window)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (clauses)), ==, n_all);
  TIMED ("back to the document's clauses", CALL (rl_clause_panel_set_whole_project (panel, FALSE)); wait_idle ());
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = rl_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_test_add_func ("/scale/open", test_scale);
  g_test_add_func ("/scale/hits", test_hits);

  return g_test_run ();
}
