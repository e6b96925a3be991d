/* take-screenshots.c: the AppStream screenshots of the real window.
 *
 * Opens the demo project the way "redline --demo" does, puts the window in
 * one state (a scene) and saves what it draws, through the same GTK
 * snapshot path as tests/display.  take-screenshots.sh runs it under Xvfb
 * once per screenshot, in the language the screenshot shows.
 *
 * Usage: take-screenshots SCENE OUTPUT.png
 *   reader  an English document, a clause selected
 *   review  a Chinese document, clauses confirmed and dismissed
 *   project the clauses of the whole project */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "rl-clause-panel.h"
#include "rl-doc-model.h"
#include "rl-reader.h"
#include "rl-window.h"

#define WIDTH  1280
#define HEIGHT 800

static RlWindow *window;

/* Runs the main loop until the window and the reader are idle; gives up
 * after a minute rather than hanging a script. */
static gboolean
wait_idle (void)
{
  gint64 limit = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (rl_window_is_busy (window) || rl_reader_is_highlighting (rl_window_get_reader (window)))
    {
      g_main_context_iteration (NULL, FALSE);
      if (g_get_monotonic_time () > limit)
        return FALSE;
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return TRUE;
}

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4e00 && c <= 0x9fff)
        return TRUE;
    }

  return FALSE;
}

/* The document with the most clauses whose title is (or is not) Chinese:
 * the richest page to show.  G_MAXUINT when there is none. */
static guint
busiest_document (gboolean chinese)
{
  GListModel *model = G_LIST_MODEL (rl_window_get_doc_model (window));
  guint best = G_MAXUINT, best_count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RlDocItem) item = g_list_model_get_item (model, i);
      const RlDocInfo *info = rl_doc_item_get_info (item);

      if (has_cjk (info->title) == chinese && info->n_clauses > best_count)
        {
          best = i;
          best_count = info->n_clauses;
        }
    }

  return best;
}

static gboolean
select_clause_at (guint position)
{
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  RlClauseModel *model = rl_clause_panel_get_model (panel);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (n == 0)
    return FALSE;

  return rl_clause_panel_select_clause (panel, rl_clause_model_get_id (model, MIN (position, n - 1)));
}

static gboolean
save_png (const char *path)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *widget = GTK_WIDGET (window);
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
    return FALSE;

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_print ("%s: %d×%d\n", path, width, height);

  return gdk_texture_save_to_png (texture, path);
}

static gboolean
scene (const char  *name,
       GError     **error)
{
  RlClausePanel *panel = rl_window_get_clause_panel (window);
  guint doc;

  doc = busiest_document (!g_str_equal (name, "reader"));
  if (doc == G_MAXUINT)
    doc = busiest_document (g_str_equal (name, "reader"));
  if (doc == G_MAXUINT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "the demo project has no clauses");
      return FALSE;
    }
  rl_window_select_document (window, doc);
  if (!wait_idle ())
    goto timeout;

  if (g_str_equal (name, "reader"))
    {
      /* The second clause, so the reader has scrolled into the text. */
      select_clause_at (1);
    }
  else if (g_str_equal (name, "review"))
    {
      /* Reviewing moves to the next clause: confirm one, dismiss one,
       * confirm one, and stay on the fourth. */
      const RlStatus decisions[] = { RL_STATUS_CONFIRMED, RL_STATUS_DISMISSED, RL_STATUS_CONFIRMED };

      select_clause_at (0);
      for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
        if (!rl_clause_panel_review_selected (panel, decisions[i], error))
          return FALSE;
    }
  else if (g_str_equal (name, "project"))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-scope", NULL);
      select_clause_at (2);
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "unknown scene “%s”", name);
      return FALSE;
    }

  if (!wait_idle ())
    goto timeout;
  return TRUE;

timeout:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the window stayed busy for a minute");
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* The build's catalogs unless told otherwise: screenshots are taken
   * before anything is installed. */
  localedir = g_getenv ("REDLINE_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc != 3)
    {
      g_printerr ("usage: %s reader|review|project OUTPUT.png\n", argv[0]);
      return 2;
    }

  /* The demo project lives in the cache directory: a private one, so a
   * user's own demo is left alone. */
  home = g_dir_make_tmp ("redline-screenshots-XXXXXX", &error);
  if (home == NULL)
    {
      g_printerr ("take-screenshots: %s\n", error->message);
      return 1;
    }
  {
    g_autofree char *cache = g_build_filename (home, "cache", NULL);
    g_autofree char *config = g_build_filename (home, "config", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  }

  gtk_init ();
  adw_init ();

  /* The window's frame (resize borders) is part of its default size but
   * not of what it draws: measure it once, then make the drawn part
   * exactly WIDTH × HEIGHT, the size the metainfo states. */
  for (int frame_w = 0, frame_h = 0, attempt = 0; attempt < 2; attempt++)
    {
      if (window != NULL)
        gtk_window_destroy (GTK_WINDOW (window));
      window = rl_window_new (NULL);
      gtk_window_set_default_size (GTK_WINDOW (window), WIDTH + frame_w, HEIGHT + frame_h);
      gtk_window_present (GTK_WINDOW (window));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      frame_w = WIDTH - gtk_widget_get_width (GTK_WIDGET (window));
      frame_h = HEIGHT - gtk_widget_get_height (GTK_WIDGET (window));
      if (frame_w == 0 && frame_h == 0)
        break;
    }

  rl_window_open_demo (window);
  if (!wait_idle () || rl_window_get_store (window) == NULL)
    {
      g_printerr ("take-screenshots: the demo project did not open\n");
      return 1;
    }

  if (!scene (argv[1], &error))
    {
      g_printerr ("take-screenshots: %s\n", error->message);
      return 1;
    }

  if (!save_png (argv[2]))
    {
      g_printerr ("take-screenshots: could not write %s\n", argv[2]);
      return 1;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
