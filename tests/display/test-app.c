/* The application as users start it: `redline --demo` opens the demo in a
 * window with the shortcuts window, accelerators and About window wired.
 * Runs under dbus-run-session (GtkApplication wants a session bus). */
#include "config.h"

#include <adwaita.h>

#include "rl-application.h"
#include "rl-window.h"

static gboolean checked;

static void
save_widget_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("screenshot-%s.png", name);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            file, NULL);
  int width, height;

  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;   /* a by-product for people to look at, not a check */

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (gdk_texture_save_to_png (texture, path))
    g_test_message ("screenshot: %s", path);
}

static void
check_app (GtkApplication *app,
           RlWindow       *window)
{
  g_auto(GStrv) accels = NULL;
  GListModel *toplevels;
  gboolean found_about = FALSE;

  g_assert_nonnull (rl_window_get_store (window));
  g_assert_cmpuint (rl_store_count_documents (rl_window_get_store (window)), >=, 5);

  /* gtk/help-overlay.ui from the resources. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  accels = gtk_application_get_accels_for_action (app, "win.confirm");
  g_assert_cmpstr (accels[0], ==, "<Control>1");
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (app, "win.next-hit");
  g_assert_cmpstr (accels[0], ==, "F3");

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (w))
        {
          found_about = TRUE;
          gtk_window_destroy (w);
          break;
        }
    }
  g_assert_true (found_about);

  /* The shortcuts window lists the accelerators set above. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  {
    GtkWidget *overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

    g_assert_true (gtk_widget_get_visible (overlay));
    save_widget_screenshot (overlay, "shortcuts");
    gtk_widget_set_visible (overlay, FALSE);
  }

  checked = TRUE;
}

static gboolean
poll_cb (gpointer data)
{
  GtkApplication *app = data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL || rl_window_is_busy (RL_WINDOW (window)) ||
      rl_window_get_store (RL_WINDOW (window)) == NULL)
    return G_SOURCE_CONTINUE;

  check_app (app, RL_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static gboolean
give_up_cb (gpointer data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

static void
test_demo_option (void)
{
  g_autoptr(RlApplication) app = rl_application_new ();
  char *argv[] = { (char *) "redline", (char *) "--demo", NULL };
  guint poll_id, give_up_id;
  int status;

  poll_id = g_timeout_add (50, poll_cb, app);
  give_up_id = g_timeout_add_seconds (120, give_up_cb, NULL);
  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_source_remove (give_up_id);
  if (!checked)
    g_source_remove (poll_id);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (checked);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_dir_make_tmp ("redline-app-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (tmp, "cache", NULL);

  /* The demo project goes to the cache directory: a private one. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/demo-option", test_demo_option);

  return g_test_run ();
}
