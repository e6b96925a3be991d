/* Drives the real window: the demo project, the document list, the reader's
 * highlights, the clause panel, a review and an export, checked against the
 * store.  Saves screenshots of the main states in the build directory. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "rl-clause-panel.h"
#include "rl-doc-model.h"
#include "rl-query.h"
#include "rl-reader.h"
#include "rl-window.h"

static RlWindow *window;
static char *tmp_home;

/* Runs the main loop until the window and the reader are idle.  Fails
 * after a generous limit rather than hanging the suite. */
static void
wait_idle (void)
{
  gint64 limit = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (rl_window_is_busy (window) || rl_reader_is_highlighting (rl_window_get_reader (window)))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, limit);
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
save_widget_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  gtk_widget_queue_draw (widget);
  gtk_test_widget_wait_for_draw (widget);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      /* A screenshot is a by-product for people to look at, not a check. */
      g_test_message ("screenshot %s: nothing drawn yet, skipped", name);
      return;
    }

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("screenshot-%s.png", name);
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
save_screenshot (const char *name)
{
  save_widget_screenshot (GTK_WIDGET (window), name);
}

static GArray *
store_clause_ids (gint64 doc_id)
{
  RlClauseQuery query = { .doc_id = doc_id, .category = -1, .severity = -1, .status = -1 };
  g_autoptr(GError) error = NULL;
  GArray *ids;

  ids = rl_store_list_clause_ids (rl_window_get_store (window), &query, &error);
  g_assert_no_error (error);
  return ids;
}

static void
test_welcome (void)
{
  g_assert_null (rl_window_get_store (window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (rl_window_get_reader (window))));
  save_screenshot ("welcome");
}

static void
test_demo (void)
{
  RlStore *store;
  RlDocModel *model;
  guint n_docs;

  rl_window_open_demo (window);
  g_assert_true (rl_window_is_busy (window));
  {
    gint64 until = g_get_monotonic_time () + 350 * 1000;

    while (g_get_monotonic_time () < until && rl_window_is_busy (window))
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
      }
    if (rl_window_is_busy (window))
      save_screenshot ("demo-progress");
  }
  wait_idle ();

  store = rl_window_get_store (window);
  g_assert_nonnull (store);
  n_docs = rl_store_count_documents (store);
  g_assert_cmpuint (n_docs, >=, 5);

  /* The list shows every document, each row with the store's counts. */
  model = rl_window_get_doc_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_docs);
  for (guint i = 0; i < n_docs; i++)
    {
      g_autoptr(RlDocItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(RlDocInfo) info = NULL;
      const RlDocInfo *shown = rl_doc_item_get_info (item);

      info = rl_store_get_document (store, shown->id, NULL);
      g_assert_nonnull (info);
      g_assert_cmpstr (shown->title, ==, info->title);
      g_assert_cmpuint (shown->n_counts, ==, info->n_counts);
      for (guint c = 0; c < info->n_counts; c++)
        g_assert_cmpuint (shown->counts[c], ==, info->counts[c]);
    }
}

/* The document with the most clauses: the richest one to look at. */
static guint
busiest_document (void)
{
  RlDocModel *model = rl_window_get_doc_model (window);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  guint best = 0, best_count = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RlDocItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (rl_doc_item_get_info (item)->n_clauses > best_count)
        {
          best = i;
          best_count = rl_doc_item_get_info (item)->n_clauses;
        }
    }

  g_assert_cmpuint (best_count, >, 0);
  return best;
}

static void
test_highlights (void)
{
  RlReader *reader = rl_window_get_reader (window);
  RlStore *store = rl_window_get_store (window);
  RlRulePack *pack = rl_store_get_pack (store);
  g_autoptr(GArray) hits = NULL;
  GtkTextBuffer *buffer;
  gint64 doc_id;
  guint pos = busiest_document ();

  doc_id = rl_doc_model_get_id (rl_window_get_doc_model (window), pos);
  rl_window_select_document (window, pos);
  g_assert_cmpint (rl_reader_get_document_id (reader), ==, doc_id);
  wait_idle ();

  buffer = rl_reader_get_buffer (reader);
  hits = rl_store_get_document_hits (store, doc_id, NULL);
  g_assert_nonnull (hits);
  g_assert_cmpuint (hits->len, >, 0);

  for (guint i = 0; i < hits->len; i++)
    {
      const RlStoredHit *hit = &g_array_index (hits, RlStoredHit, i);
      const RlCategory *cat = rl_rule_pack_get_category (pack, hit->category);
      GtkTextTag *tag = rl_reader_get_category_tag (reader, hit->category);
      GtkTextIter start, last, before;
      g_autoptr(GdkRGBA) background = NULL;
      GdkRGBA expected;

      g_assert_nonnull (tag);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) hit->match_start);
      gtk_text_buffer_get_iter_at_offset (buffer, &last, (int) hit->match_end - 1);
      g_assert_true (gtk_text_iter_has_tag (&start, tag));
      g_assert_true (gtk_text_iter_has_tag (&last, tag));

      /* The tag starts exactly at the hit unless another hit of the same
       * category runs into it. */
      before = start;
      if (gtk_text_iter_backward_char (&before) && gtk_text_iter_has_tag (&before, tag))
        {
          gboolean covered = FALSE;

          for (guint j = 0; j < hits->len; j++)
            {
              const RlStoredHit *o = &g_array_index (hits, RlStoredHit, j);

              if (o->category == hit->category && o->match_start < hit->match_start &&
                  o->match_end >= hit->match_start)
                covered = TRUE;
            }
          g_assert_true (covered);
        }

      /* Its colour is the pack's, as a translucent wash. */
      g_object_get (tag, "background-rgba", &background, NULL);
      g_assert_true (gdk_rgba_parse (&expected, cat->color));
      g_assert_cmpfloat_with_epsilon (background->red, expected.red, 0.01);
      g_assert_cmpfloat_with_epsilon (background->green, expected.green, 0.01);
      g_assert_cmpfloat_with_epsilon (background->blue, expected.blue, 0.01);
      g_assert_cmpfloat (background->alpha, <, 0.5);

      /* Hovering names the rule. */
      {
        g_autofree char *tip = rl_reader_describe_hits_at (reader, hit->match_start);

        g_assert_nonnull (tip);
        g_assert_cmpstr (strstr (tip, rl_rule_get_message (rl_rule_pack_get_rule (pack, hit->rule))), !=, NULL);
      }
    }

  /* The panel lists this document's clauses. */
  {
    g_autoptr(GArray) ids = store_clause_ids (doc_id);
    RlClauseModel *model = rl_clause_panel_get_model (rl_window_get_clause_panel (window));

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
  }

  save_screenshot ("reader");
}

static void
test_select_clause (void)
{
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  RlClauseModel *model = rl_clause_panel_get_model (panel);
  GtkTextBuffer *buffer = rl_reader_get_buffer (rl_window_get_reader (window));
  g_autoptr(RlClauseItem) item = NULL;
  const RlClause *clause;
  GtkTextIter a, b;
  guint pos;

  /* The second clause, so the reader has to move. */
  pos = g_list_model_get_n_items (G_LIST_MODEL (model)) > 1 ? 1 : 0;
  g_assert_true (rl_clause_panel_select_clause (panel, rl_clause_model_get_id (model, pos)));
  wait_idle ();

  item = rl_clause_panel_get_selected (panel);
  g_assert_nonnull (item);
  clause = rl_clause_item_get_clause (item);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &a, &b));
  g_assert_cmpint (gtk_text_iter_get_offset (&a), ==, (int) clause->match_start);
  g_assert_cmpint (gtk_text_iter_get_offset (&b), ==, (int) clause->match_end);

  save_screenshot ("clause-selected");
}

static void
test_next_hit (void)
{
  RlReader *reader = rl_window_get_reader (window);
  GtkTextBuffer *buffer = rl_reader_get_buffer (reader);
  g_autoptr(GArray) hits = rl_store_get_document_hits (rl_window_get_store (window),
                                                       rl_reader_get_document_id (reader), NULL);
  GtkTextIter a, b, start;
  int before;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-hit", NULL));

  gtk_text_buffer_get_selection_bounds (buffer, &a, &b);
  before = gtk_text_iter_get_offset (&a);
  /* The first hit in reading order. */
  {
    gsize first = G_MAXSIZE;

    for (guint i = 0; i < hits->len; i++)
      first = MIN (first, g_array_index (hits, RlStoredHit, i).match_start);
    g_assert_cmpint (before, ==, (int) first);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-hit", NULL));
  gtk_text_buffer_get_selection_bounds (buffer, &a, &b);
  g_assert_cmpint (gtk_text_iter_get_offset (&a), >=, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-hit", NULL));
  gtk_text_buffer_get_selection_bounds (buffer, &a, &b);
  g_assert_cmpint (gtk_text_iter_get_offset (&a), <=, before);
}

static void
test_confirm (void)
{
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  g_autoptr(RlClauseItem) item = rl_clause_panel_get_selected (panel);
  g_autoptr(RlClause) stored = NULL;
  gint64 id;

  g_assert_nonnull (item);
  id = rl_clause_item_get_id (item);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.confirm", NULL));
  stored = rl_store_get_clause (rl_window_get_store (window), id, NULL);
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->status, ==, RL_STATUS_CONFIRMED);
  g_assert_cmpint (rl_clause_item_get_status (item), ==, RL_STATUS_CONFIRMED);
  g_clear_pointer (&stored, rl_clause_free);

  /* Back to unreviewed, then dismissed. */
  g_assert_true (rl_clause_panel_select_clause (panel, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  stored = rl_store_get_clause (rl_window_get_store (window), id, NULL);
  g_assert_cmpint (stored->status, ==, RL_STATUS_UNREVIEWED);
  g_clear_pointer (&stored, rl_clause_free);

  g_assert_true (rl_clause_panel_select_clause (panel, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.dismiss", NULL));
  stored = rl_store_get_clause (rl_window_get_store (window), id, NULL);
  g_assert_cmpint (stored->status, ==, RL_STATUS_DISMISSED);
  g_clear_pointer (&stored, rl_clause_free);

  g_assert_true (rl_clause_panel_select_clause (panel, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.confirm", NULL));
  wait_idle ();
  save_screenshot ("confirmed");
}

static guint
count_lines (const char *text)
{
  guint n = 0;
  gboolean quoted = FALSE;

  /* Records end at CRLF outside quotes (RFC 4180). */
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == '\n' && !quoted)
        n++;
    }

  return n;
}

static void
test_export (void)
{
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  g_autofree char *path = g_build_filename (tmp_home, "export.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected_toast = NULL;
  g_autoptr(GError) error = NULL;
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (rl_clause_panel_get_model (panel)));
  gsize len;

  rl_window_export_csv (window, path, TRUE);
  wait_idle ();

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "clause_id,document_id,"));
  g_assert_cmpuint (count_lines (contents), ==, n_rows + 1);
  g_assert_nonnull (strstr (contents, "confirmed"));

  expected_toast = g_strdup_printf ("%u", n_rows);
  g_assert_nonnull (rl_window_get_last_toast (window));
  g_assert_nonnull (strstr (rl_window_get_last_toast (window), expected_toast));
}

static void spin (guint ms);

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
    }

  return NULL;
}

static void
test_export_chooser (void)
{
  g_autofree char *path = g_build_filename (tmp_home, "chosen.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *dialog;

  /* Without a portal the native chooser is a GtkFileChooserDialog: answer
   * it the way a user would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  wait_idle ();
  dialog = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (dialog);
  save_widget_screenshot (dialog, "export-chooser");

  /* The Excel choice is there; untick it. */
  g_assert_nonnull (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "excel"));
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "excel", "false");
  {
    g_autoptr(GFile) folder = g_file_new_for_path (tmp_home);

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL));
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "chosen.csv");
  }
  /* The dialog checks the folder asynchronously before it answers. */
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  for (guint i = 0; i < 100 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    {
      spin (50);
      wait_idle ();
    }

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  /* No byte order mark this time. */
  g_assert_true (g_str_has_prefix (contents, "clause_id,document_id,"));
}

static void
test_project_scope (void)
{
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  g_autoptr(GArray) ids = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-scope", NULL));
  g_assert_true (rl_clause_panel_get_whole_project (panel));
  /* The list loads in a worker. */
  wait_idle ();
  ids = store_clause_ids (0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rl_clause_panel_get_model (panel))), ==, ids->len);
  save_screenshot ("project-clauses");

  /* A clause of another document opens that document. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(RlClause) clause = rl_store_get_clause (rl_window_get_store (window), id, NULL);

      if (clause->doc_id != rl_reader_get_document_id (rl_window_get_reader (window)))
        {
          g_assert_true (rl_clause_panel_select_clause (panel, id));
          g_assert_cmpint (rl_reader_get_document_id (rl_window_get_reader (window)), ==, clause->doc_id);
          break;
        }
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-scope", NULL));
  g_assert_false (rl_clause_panel_get_whole_project (panel));
  wait_idle ();
}

static void
test_bad_pack (void)
{
  g_autofree char *path = g_build_filename (tmp_home, "bad.yaml", NULL);
  g_autoptr(GError) error = NULL;
  const char *bad = "pack: broken\nversion: 1\nname: Broken\ncategories:\n  - id: x\n    color: '#ff0000'\n    bogus: 1\nrules: [\n";
  guint n_before = g_list_model_get_n_items (gtk_window_get_toplevels ());

  g_assert_true (g_file_set_contents (path, bad, -1, NULL));
  g_assert_false (rl_window_load_pack (window, path, &error));
  g_assert_error (error, RL_RULE_PACK_ERROR, error->code);
  /* file:line:column */
  g_assert_nonnull (strstr (error->message, "bad.yaml:"));

  /* Shown in a dialog. */
  wait_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, n_before + 1);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);

        if (ADW_IS_MESSAGE_DIALOG (w))
          {
            g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)), "bad.yaml:"));
            save_widget_screenshot (GTK_WIDGET (w), "pack-error-dialog");
            gtk_window_destroy (w);
          }
      }
  }
}

/* Runs the main loop for at least ms milliseconds. */
static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
test_search (void)
{
  RlDocModel *model = rl_window_get_doc_model (window);
  RlDocQuery query = { .sort = RL_DOC_SORT_DATE, .category = -1, .status = -1, .search = "MASTER SERVICES" };
  g_autoptr(GArray) ids = NULL;
  GtkWidget *focus;
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (model));

  ids = rl_store_list_documents (rl_window_get_store (window), &query, NULL);
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, >, 0);
  g_assert_cmpuint (ids->len, <, n_all);

  /* Ctrl+F's action puts the focus in the search entry; type there. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), "MASTER SERVICES");
  spin (600);
  wait_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
  g_assert_cmpint (rl_doc_model_get_id (model, 0), ==, g_array_index (ids, gint64, 0));

  gtk_editable_set_text (GTK_EDITABLE (focus), "");
  spin (600);
  wait_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_all);
}

static void
test_sort (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.redlinedesk.Redline");
  RlDocModel *model = rl_window_get_doc_model (window);
  RlDocQuery query = { .sort = RL_DOC_SORT_TITLE, .descending = FALSE, .category = -1, .status = -1 };
  g_autoptr(GArray) ids = NULL;

  /* The sort menu follows the setting (and the other way round). */
  g_settings_set_boolean (settings, "document-sort-descending", FALSE);
  g_settings_set_string (settings, "document-sort", "title");
  spin (100);
  wait_idle ();

  ids = rl_store_list_documents (rl_window_get_store (window), &query, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (rl_doc_model_get_id (model, i), ==, g_array_index (ids, gint64, i));

  g_settings_set_string (settings, "document-sort", "date");
  g_settings_set_boolean (settings, "document-sort-descending", TRUE);
  spin (100);
  wait_idle ();
}

static void
test_click_highlight (void)
{
  RlReader *reader = rl_window_get_reader (window);
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  g_autoptr(GArray) hits = rl_store_get_document_hits (rl_window_get_store (window),
                                                       rl_reader_get_document_id (reader), NULL);
  g_autoptr(RlClauseItem) item = NULL;
  const RlStoredHit *hit;

  g_assert_cmpuint (hits->len, >, 0);
  hit = &g_array_index (hits, RlStoredHit, hits->len - 1);

  /* What a click on a highlight reports selects its clause. */
  g_signal_emit_by_name (reader, "clause-activated", hit->clause_id);
  item = rl_clause_panel_get_selected (panel);
  g_assert_nonnull (item);
  g_assert_cmpint (rl_clause_item_get_id (item), ==, hit->clause_id);
}

static void
test_note (void)
{
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  RlClauseModel *model = rl_clause_panel_get_model (panel);
  g_autoptr(RlClause) stored = NULL;
  gint64 id;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
  id = rl_clause_model_get_id (model, 0);
  g_assert_true (rl_clause_panel_select_clause (panel, id));

  /* Saved as typed, after a short pause: no button to press. */
  gtk_editable_set_text (rl_clause_panel_get_note_editable (panel), "Check with legal: <b> & “quotes”");
  spin (1200);
  stored = rl_store_get_clause (rl_window_get_store (window), id, NULL);
  g_assert_cmpstr (stored->note, ==, "Check with legal: <b> & “quotes”");
  g_clear_pointer (&stored, rl_clause_free);

  /* Selecting another clause shows its own note, and back again. */
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 1)
    {
      g_assert_true (rl_clause_panel_select_clause (panel, rl_clause_model_get_id (model, 1)));
      g_assert_cmpstr (gtk_editable_get_text (rl_clause_panel_get_note_editable (panel)), !=,
                       "Check with legal: <b> & “quotes”");
      g_assert_true (rl_clause_panel_select_clause (panel, id));
      g_assert_cmpstr (gtk_editable_get_text (rl_clause_panel_get_note_editable (panel)), ==,
                       "Check with legal: <b> & “quotes”");
    }
}

static void
destroy_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (w))
        gtk_window_destroy (w);
    }
}

static char *
find_dialog_body (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w))
        {
          GtkWidget *extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (w));
          GtkWidget *child;

          if (extra == NULL)
            return g_strdup (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)));

          /* A list of problems: a label in a scrolled window. */
          child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (extra));
          if (GTK_IS_VIEWPORT (child))
            child = gtk_viewport_get_child (GTK_VIEWPORT (child));
          return g_strdup (gtk_label_get_text (GTK_LABEL (child)));
        }
    }

  return NULL;
}

static void
test_import_long (void)
{
  g_autofree char *long_path = g_build_filename (tmp_home, "long-contract.txt", NULL);
  g_autofree char *bad_path = g_build_filename (tmp_home, "binary.txt", NULL);
  g_autofree char *empty_path = g_build_filename (tmp_home, "empty.txt", NULL);
  g_autofree char *body = NULL;
  g_autoptr(GString) text = g_string_new ("Long contract\n\n");
  g_autoptr(GArray) hits = NULL;
  RlStore *store = rl_window_get_store (window);
  RlReader *reader = rl_window_get_reader (window);
  RlDocModel *model = rl_window_get_doc_model (window);
  guint n_before = rl_store_count_documents (store);
  GtkTextBuffer *buffer;
  gint64 doc_id = 0;
  const char *paths[4] = { NULL, NULL, NULL, NULL };
  const char binary[] = "abc\0\0\0\x01\x02\x03" "def\0\0";

  /* About 2 MB with thousands of hits. */
  for (guint i = 0; i < 4000; i++)
    {
      g_string_append_printf (text, "%u. The Services shall not be used for bulk collection of data. ", i);
      for (guint j = 0; j < 6; j++)
        g_string_append (text, "Nothing in this paragraph is remarkable at all; it fills the page. ");
      g_string_append (text, "\n");
    }
  g_assert_true (g_file_set_contents (long_path, text->str, text->len, NULL));
  g_assert_true (g_file_set_contents (bad_path, binary, sizeof binary, NULL));
  g_assert_true (g_file_set_contents (empty_path, " \n\n  \n", -1, NULL));

  paths[0] = long_path;
  paths[1] = bad_path;
  paths[2] = empty_path;
  rl_window_import_paths (window, paths);
  g_assert_true (rl_window_is_busy (window));
  /* Let the progress bar slide in (if the import is still running). */
  {
    gint64 until = g_get_monotonic_time () + 400 * 1000;

    while (g_get_monotonic_time () < until && rl_window_is_busy (window))
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
      }
  }
  save_screenshot ("importing");
  wait_idle ();

  /* One imported, two refused and named together in a dialog. */
  g_assert_cmpuint (rl_store_count_documents (store), ==, n_before + 1);
  body = find_dialog_body ();
  g_assert_nonnull (body);
  g_assert_nonnull (strstr (body, "binary.txt"));
  g_assert_nonnull (strstr (body, "empty.txt"));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (w))
          save_widget_screenshot (GTK_WIDGET (w), "import-errors-dialog");
      }
  }
  destroy_dialogs ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(RlDocItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_strcmp0 (rl_doc_item_get_info (item)->file_name, "long-contract.txt") == 0)
        {
          gint64 t0 = g_get_monotonic_time ();

          doc_id = rl_doc_item_get_id (item);
          rl_window_select_document (window, i);
          /* Reported, not asserted: timings depend on the machine. */
          g_test_message ("selecting the long document took %.1f ms on the main thread",
                          (g_get_monotonic_time () - t0) / 1000.0);
          break;
        }
    }
  g_assert_cmpint (doc_id, !=, 0);
  g_assert_cmpint (rl_reader_get_document_id (reader), ==, doc_id);

  hits = rl_store_get_document_hits (store, doc_id, NULL);
  g_assert_cmpuint (hits->len, >=, 4000);

  /* A worker reads the text; it goes in and the highlights follow in idle
   * slices, the view showing nothing of it until then. */
  g_assert_true (rl_reader_is_highlighting (reader));
  g_assert_true (gtk_text_view_get_buffer (rl_reader_get_text_view (reader)) != rl_reader_get_buffer (reader));
  {
    gint64 t0 = g_get_monotonic_time (), longest = 0;
    guint slices = 0;

    while (rl_reader_is_highlighting (reader))
      {
        gint64 t1 = g_get_monotonic_time ();

        g_main_context_iteration (NULL, FALSE);
        longest = MAX (longest, g_get_monotonic_time () - t1);
        slices++;
      }
    g_test_message ("%u hits highlighted in %.1f ms over %u iterations, longest %.1f ms",
                    hits->len, (g_get_monotonic_time () - t0) / 1000.0, slices, longest / 1000.0);
  }
  wait_idle ();
  g_assert_false (rl_reader_is_highlighting (reader));

  /* All of the text, shown. */
  buffer = rl_reader_get_buffer (reader);
  g_assert_true (gtk_text_view_get_buffer (rl_reader_get_text_view (reader)) == buffer);
  {
    g_autoptr(RlDocInfo) info = rl_store_get_document (store, doc_id, NULL);
    g_autofree char *stored = rl_store_get_document_text (store, doc_id, NULL, NULL);
    g_autofree char *shown = NULL;
    GtkTextIter start, end;

    g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==, (int) info->n_chars);
    g_assert_cmpuint (info->n_chars, >, 1000000);
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
    g_assert_cmpstr (shown, ==, stored);
  }

  for (guint i = 0; i < hits->len; i++)
    {
      const RlStoredHit *hit = &g_array_index (hits, RlStoredHit, i);
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) hit->match_start);
      g_assert_true (gtk_text_iter_has_tag (&iter, rl_reader_get_category_tag (reader, hit->category)));
    }

  save_screenshot ("long-document");
}

/* The model under the slice the window feeds its list views through. */
static GListModel *
unwrap (GListModel *model)
{
  return GTK_IS_SLICE_LIST_MODEL (model) ? gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (model)) : model;
}

/* The list or grid view under @root that shows @model. */
static GtkWidget *
find_list (GtkWidget  *root,
           GListModel *model)
{
  GtkSelectionModel *selection = NULL;

  if (GTK_IS_LIST_VIEW (root))
    selection = gtk_list_view_get_model (GTK_LIST_VIEW (root));
  else if (GTK_IS_GRID_VIEW (root))
    selection = gtk_grid_view_get_model (GTK_GRID_VIEW (root));
  if (GTK_IS_SINGLE_SELECTION (selection) &&
      unwrap (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection))) == model)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list (child, model);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Every few pixels down the visible part of the list, a row is what a
 * click would reach, not the list's empty background: a view that builds
 * too few rows for its height leaves blank space at the bottom.  And each
 * row is as tall as its content: GTK's grid view stretches its 30 rows to
 * fill a tall view, leaving a gap under each. */
static void
assert_list_covered (GtkWidget  *list,
                     const char *where)
{
  int width = gtk_widget_get_width (list), height = gtk_widget_get_height (list);
  int blank_from = -1;

  g_assert_cmpint (height, >, 0);
  for (int y = 1; y < height - 1; y += 4)
    {
      GtkWidget *hit = gtk_widget_pick (list, width / 2.0, y, GTK_PICK_DEFAULT);

      if ((hit == NULL || hit == list) && blank_from < 0)
        blank_from = y;
    }
  if (blank_from >= 0)
    g_error ("clause list scrolled to the %s: blank from y = %d of %d", where, blank_from, height);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      int nat;

      if (!gtk_widget_get_child_visible (row) || !gtk_widget_get_visible (row))
        continue;
      gtk_widget_measure (row, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (row), NULL, &nat, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_height (row), <=, nat + 1);
    }
}

/* What a user would check after choosing a clause: the reader shows it. */
static void
assert_selection_shown (RlReader *reader)
{
  GtkTextView *view = rl_reader_get_text_view (reader);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle visible, where;
  GtkTextIter start, end;

  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  for (guint i = 0; i < 20; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (view));
      spin (20);
    }
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_location (view, &start, &where);
  g_assert_cmpint (where.y, >=, visible.y);
  g_assert_cmpint (where.y + where.height, <=, visible.y + visible.height);
}

static void
test_tall_clause_list (void)
{
  g_autofree char *path = g_build_filename (tmp_home, "short-clauses.txt", NULL);
  g_autoptr(GString) text = g_string_new ("Short clauses\n\n");
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  RlDocModel *model = rl_window_get_doc_model (window);
  GtkWidget *list = find_list (GTK_WIDGET (panel), G_LIST_MODEL (rl_clause_panel_get_model (panel)));
  const char *paths[2] = { path, NULL };
  static const char * const where[] = { "top", "middle", "end" };
  GtkAdjustment *adj;
  guint n;

  /* Thousands of one-line clauses: the most rows a screen can show. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (text, "Item %u: no bulk collection of data.\n", i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  rl_window_import_paths (window, paths);
  wait_idle ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(RlDocItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_strcmp0 (rl_doc_item_get_info (item)->file_name, "short-clauses.txt") == 0)
        rl_window_select_document (window, i);
    }

  /* The list gets its rows a few a frame; a clause further down can be
   * selected before they are all in. */
  {
    gint64 limit = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    RlClauseModel *clauses = rl_clause_panel_get_model (panel);
    g_autoptr(RlClauseItem) selected = NULL;
    gint64 id;

    while (g_list_model_get_n_items (G_LIST_MODEL (clauses)) < 3000)
      {
        g_main_context_iteration (NULL, FALSE);
        g_assert_cmpint (g_get_monotonic_time (), <, limit);
      }
    id = rl_clause_model_get_id (clauses, 150);
    g_assert_true (rl_clause_panel_select_clause (panel, id));
    selected = rl_clause_panel_get_selected (panel);
    g_assert_nonnull (selected);
    g_assert_cmpint (rl_clause_item_get_id (selected), ==, id);
  }
  wait_idle ();
  n = g_list_model_get_n_items (G_LIST_MODEL (rl_clause_panel_get_model (panel)));
  g_assert_nonnull (list);
  g_assert_cmpuint (n, ==, 3000);
  assert_selection_shown (rl_window_get_reader (window));
  save_screenshot ("short-clauses");

  /* Xvfb's screen is smaller than that: a size request is not clamped to
   * it as a default size is. */
  gtk_widget_set_size_request (GTK_WIDGET (window), 1200, 2400);
  for (guint i = 0; i < 100 && gtk_widget_get_height (GTK_WIDGET (window)) < 2300; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      spin (20);
    }
  wait_idle ();
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), >=, 2300);
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  g_assert_cmpfloat (gtk_adjustment_get_page_size (adj), >, 1500);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, 10 * gtk_adjustment_get_page_size (adj));

  for (guint i = 0; i < G_N_ELEMENTS (where); i++)
    {
      g_autofree char *name = g_strdup_printf ("tall-clauses-%s", where[i]);
      double upper = gtk_adjustment_get_upper (adj), page = gtk_adjustment_get_page_size (adj);

      gtk_adjustment_set_value (adj, i == 0 ? 0 : i == 1 ? (upper - page) / 2 : upper - page);
      /* Twice: the view re-anchors in the frame after a jump. */
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      wait_idle ();
      save_screenshot (name);
      assert_list_covered (list, where[i]);
    }

  /* Back to the usual size, and wait until the X server has done it: a
   * resize still under way when the next test changes the lists made
   * GTK 4.8 snapshot a scrollbar before allocating it (a warning, fatal
   * here), about one run in six under load. */
  gtk_widget_set_size_request (GTK_WIDGET (window), -1, -1);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  for (guint i = 0; i < 100 && gtk_widget_get_height (GTK_WIDGET (window)) > 1100; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      spin (20);
    }
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, 1100);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_idle ();
}

static void
test_legend (void)
{
  GtkWidget *popover = NULL;
  GListModel *toplevels;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-legend", NULL));
  wait_idle ();

  /* The popover is its own surface. */
  toplevels = gtk_window_get_toplevels ();
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), >=, 1);
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (window)); w != NULL && popover == NULL;)
    {
      /* Depth-first search for the mapped GtkPopover. */
      if (GTK_IS_POPOVER (w) && gtk_widget_get_mapped (w))
        popover = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w) == GTK_WIDGET (window) ? NULL : gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (popover);
  save_widget_screenshot (popover, "legend");

  /* The project changing under an open legend refreshes it. */
  {
    g_autofree char *path = g_build_filename (tmp_home, "legend-open.md", NULL);
    const char *paths[2] = { path, NULL };

    g_assert_true (g_file_set_contents (path, "# While the legend shows\n\nNo bulk collection of data.\n", -1, NULL));
    rl_window_import_paths (window, paths);
    wait_idle ();
    g_assert_true (gtk_widget_get_visible (popover));
  }
  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_idle ();
}

static void
test_chinese (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (rl_store_get_path (rl_window_get_store (window)));
  RlRulePack *pack;

  /* The pack carries its own zh_CN names: reopening under a Chinese
   * language shows them. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  rl_window_open_project (window, file);
  wait_idle ();
  pack = rl_store_get_pack (rl_window_get_store (window));
  g_assert_cmpstr (rl_localized (rl_rule_pack_get_category (pack, 0)->name), ==,
                   g_hash_table_lookup (rl_rule_pack_get_category (pack, 0)->name, "zh_CN"));
  rl_window_select_document (window, 0);
  wait_idle ();
  save_screenshot ("zh-cn");
  g_unsetenv ("LANGUAGE");
}

static gint64
import_one (const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (tmp_home, name, NULL);
  const char *paths[2] = { path, NULL };
  RlDocModel *model = rl_window_get_doc_model (window);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  rl_window_import_paths (window, paths);
  wait_idle ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(RlDocItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_strcmp0 (rl_doc_item_get_info (item)->file_name, name) == 0)
        {
          rl_window_select_document (window, i);
          wait_idle ();
          return rl_doc_item_get_id (item);
        }
    }

  g_assert_not_reached ();
  return 0;
}

static void
test_links (void)
{
  RlReader *reader = rl_window_get_reader (window);

  /* Metadata comes from outside: only web addresses become links. */
  import_one ("link-file.md", "---\ntitle: File link\nurl: file:///etc/passwd\n---\nText.\n");
  g_assert_null (rl_reader_get_link_uri (reader));
  import_one ("link-js.md", "---\ntitle: Script link\nurl: \"javascript:alert(1)\"\n---\nText.\n");
  g_assert_null (rl_reader_get_link_uri (reader));
  import_one ("link-web.md", "---\ntitle: Web link\nurl: https://example.org/a?b=1&c=<2>\n---\nText.\n");
  g_assert_cmpstr (rl_reader_get_link_uri (reader), ==, "https://example.org/a?b=1&c=<2>");
}

static void
test_drop (void)
{
  g_autofree char *path = g_build_filename (tmp_home, "dropped.md", NULL);
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GFile) file = NULL;
  GtkDropTarget *target = NULL;
  GdkFileList *list;
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  guint n_before = rl_store_count_documents (rl_window_get_store (window));

  g_assert_true (g_file_set_contents (path, "# Dropped\n\nThe agency shall not conduct mass surveillance of citizens.\n", -1, NULL));
  file = g_file_new_for_path (path);

  /* What dropping files on the window delivers to its drop target. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (c))
        target = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (target);

  files = g_slist_append (files, file);
  list = gdk_file_list_new_from_list (files);
  g_slist_free (files);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);

  wait_idle ();
  g_assert_cmpuint (rl_store_count_documents (rl_window_get_store (window)), ==, n_before + 1);
}

static void
test_cancel (void)
{
  g_autofree char *samples = g_build_filename (g_getenv ("REDLINE_DATADIR"), "samples", NULL);
  const char *paths[2] = { samples, NULL };
  guint n_before = rl_store_count_documents (rl_window_get_store (window));

  /* Cancel at once: opening the store in the worker takes far longer than
   * reaching the Cancel action. */
  rl_window_import_paths (window, paths);
  g_assert_true (rl_window_is_busy (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL));
  wait_idle ();

  g_assert_cmpstr (rl_window_get_last_toast (window), ==, "Cancelled");
  g_assert_cmpuint (rl_store_count_documents (rl_window_get_store (window)), ==, n_before);
  /* The window is usable again. */
  g_assert_false (rl_window_is_busy (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-scope", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-scope", NULL));
  wait_idle ();
}

static void
test_dark (void)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_idle ();
  save_screenshot ("dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_replace_pack (void)
{
  g_autofree char *path = g_build_filename (tmp_home, "tiny.yaml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RlStats) stats = NULL;
  RlStore *store = rl_window_get_store (window);
  RlReader *reader = rl_window_get_reader (window);
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  const char *tiny =
    "pack: tiny\n"
    "version: 1\n"
    "name: {en: Tiny pack}\n"
    "categories:\n"
    "  - id: surveillance\n"
    "    name: {en: Surveillance, zh_CN: 监控}\n"
    "    color: \"#2a9d8f\"\n"
    "    severity: high\n"
    "rules:\n"
    "  - id: bulk\n"
    "    category: surveillance\n"
    "    message: {en: Bulk collection}\n"
    "    pattern: 'bulk collection'\n"
    "    examples:\n"
    "      match: [\"no bulk collection\"]\n"
    "      no_match: [\"nothing here\"]\n";

  /* Read a document the tiny pack matches. */
  {
    RlDocModel *model = rl_window_get_doc_model (window);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
      {
        g_autoptr(RlDocItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

        if (g_strcmp0 (rl_doc_item_get_info (item)->file_name, "03-procurement-contract-en.txt") == 0)
          rl_window_select_document (window, i);
      }
    wait_idle ();
  }

  g_assert_true (g_file_set_contents (path, tiny, -1, NULL));
  g_assert_true (rl_window_load_pack (window, path, &error));
  g_assert_no_error (error);
  /* Replacing the pack rescans, with progress and Cancel. */
  g_assert_true (rl_window_is_busy (window));
  wait_idle ();

  g_assert_cmpuint (rl_rule_pack_get_n_categories (rl_store_get_pack (store)), ==, 1);
  g_assert_nonnull (rl_reader_get_category_tag (reader, 0));
  g_assert_null (rl_reader_get_category_tag (reader, 1));
  {
    g_autoptr(GArray) ids = store_clause_ids (rl_reader_get_document_id (reader));

    /* The document being read keeps its clause list, now the tiny pack's. */
    g_assert_cmpuint (ids->len, >, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rl_clause_panel_get_model (panel))), ==, ids->len);
  }

  /* Earlier reviews of clauses the tiny pack does not match are kept. */
  stats = rl_store_get_stats (store, NULL);
  g_assert_nonnull (stats);
  g_assert_cmpuint (stats->n_orphaned, >, 0);
  {
    RlClauseQuery query = { .doc_id = 0, .category = -1, .severity = -1, .status = -1, .orphaned = TRUE };
    g_autoptr(GArray) ids = NULL;
    g_autoptr(GArray) groups = NULL;

    /* The panel's "Orphaned reviews" filter: one group of them all. */
    g_assert_true (rl_query_list_clause_groups (store, &query, 1, &ids, &groups, NULL));
    g_assert_cmpuint (ids->len, ==, stats->n_orphaned);
    g_assert_cmpuint (groups->len, ==, 1);
  }
  save_screenshot ("tiny-pack");
}

static void
test_close_project (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.redlinedesk.Redline");
  g_auto(GStrv) recent = NULL;
  g_autofree char *path = g_strdup (rl_store_get_path (rl_window_get_store (window)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.close-project", NULL));
  wait_idle ();
  g_assert_null (rl_window_get_store (window));

  /* The welcome page offers it again. */
  recent = g_settings_get_strv (settings, "recent-projects");
  g_assert_nonnull (recent[0]);
  g_assert_cmpstr (recent[0], ==, path);
  save_screenshot ("welcome-recent");

  /* Project actions do nothing without a project. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.rescan", NULL);
  g_assert_false (rl_window_is_busy (window));
}

static void
test_close_while_busy (void)
{
  g_autofree char *samples = g_build_filename (g_getenv ("REDLINE_DATADIR"), "samples", NULL);
  g_autofree char *demo = g_build_filename (g_get_user_cache_dir (), "redline", "demo.redline", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (demo);
  const char *paths[2] = { samples, NULL };
  RlWindow *other = rl_window_new (NULL);
  gint64 until;

  gtk_window_present (GTK_WINDOW (other));
  rl_window_open_project (other, file);
  until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (rl_window_is_busy (other) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (rl_window_get_store (other));

  /* Closing a window in the middle of an import: the job ends quietly,
   * without a dialog about the refused file popping up from nowhere. */
  {
    g_autofree char *bad = g_build_filename (tmp_home, "binary.txt", NULL);
    const char *with_bad[3] = { samples, bad, NULL };
    guint n_toplevels;

    rl_window_import_paths (other, with_bad);
    g_assert_true (rl_window_is_busy (other));
    n_toplevels = g_list_model_get_n_items (gtk_window_get_toplevels ());
    /* The job holds the window until it ends: wait for it to go. */
    g_object_add_weak_pointer (G_OBJECT (other), (gpointer *) &other);
    gtk_window_destroy (GTK_WINDOW (other));
    until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (other != NULL && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_assert_null (other);
    spin (200);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, n_toplevels - 1);
  }
  (void) paths;
}

static void
test_open_corrupt (void)
{
  g_autofree char *path = g_build_filename (tmp_home, "corrupt.redline", NULL);
  g_autoptr(GFile) file = NULL;
  g_autofree char *body = NULL;

  /* A file from outside that is not a project: a clear error, no crash. */
  g_assert_true (g_file_set_contents (path, "SQLite format 3\0 this is not a database", 40, NULL));
  file = g_file_new_for_path (path);
  rl_window_open_project (window, file);
  wait_idle ();

  g_assert_null (rl_window_get_store (window));
  body = find_dialog_body ();
  g_assert_nonnull (body);
  g_test_message ("error shown: %s", body);
  destroy_dialogs ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The demo project lives in the cache directory: a private one. */
  tmp_home = g_dir_make_tmp ("redline-display-XXXXXX", NULL);
  g_assert_nonnull (tmp_home);
  {
    g_autofree char *cache = g_build_filename (tmp_home, "cache", NULL);
    g_autofree char *config = g_build_filename (tmp_home, "config", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  window = rl_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 860);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_test_add_func ("/window/welcome", test_welcome);
  g_test_add_func ("/window/demo", test_demo);
  g_test_add_func ("/window/highlights", test_highlights);
  g_test_add_func ("/window/select-clause", test_select_clause);
  g_test_add_func ("/window/next-hit", test_next_hit);
  g_test_add_func ("/window/confirm", test_confirm);
  g_test_add_func ("/window/export", test_export);
  g_test_add_func ("/window/export-chooser", test_export_chooser);
  g_test_add_func ("/window/project-scope", test_project_scope);
  g_test_add_func ("/window/bad-pack", test_bad_pack);
  g_test_add_func ("/window/search", test_search);
  g_test_add_func ("/window/sort", test_sort);
  g_test_add_func ("/window/click-highlight", test_click_highlight);
  g_test_add_func ("/window/note", test_note);
  g_test_add_func ("/window/import-long", test_import_long);
  g_test_add_func ("/window/tall-clause-list", test_tall_clause_list);
  g_test_add_func ("/window/links", test_links);
  g_test_add_func ("/window/drop", test_drop);
  g_test_add_func ("/window/cancel", test_cancel);
  g_test_add_func ("/window/legend", test_legend);
  g_test_add_func ("/window/chinese", test_chinese);
  g_test_add_func ("/window/dark", test_dark);
  g_test_add_func ("/window/replace-pack", test_replace_pack);
  g_test_add_func ("/window/close-project", test_close_project);
  g_test_add_func ("/window/close-while-busy", test_close_while_busy);
  g_test_add_func ("/window/open-corrupt", test_open_corrupt);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  remove_tree (tmp_home);
  g_free (tmp_home);

  return ret;
}
