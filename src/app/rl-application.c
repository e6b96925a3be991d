#define G_LOG_DOMAIN "rl-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rl-colors.h"
#include "rl-application.h"
#include "rl-window.h"

struct _RlApplication
{
  AdwApplication parent_instance;
  gboolean       open_demo;   /* --demo in the primary instance */
};

G_DEFINE_FINAL_TYPE (RlApplication, rl_application, ADW_TYPE_APPLICATION)

static RlWindow *
get_window (RlApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (rl_window_new (GTK_APPLICATION (self)));

  return RL_WINDOW (window);
}

static void
demo_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  RlWindow *window = get_window (user_data);

  gtk_window_present (GTK_WINDOW (window));
  rl_window_open_demo (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "Redline contributors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Redline"),
                        "application-icon", APP_ID,
                        "developer-name", _("Redline contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Review policy documents, contracts and news about AI in defence and national security for red-line clauses."),
                        "website", "https://github.com/redlinedesk/redline",
                        "issue-url", "https://github.com/redlinedesk/redline/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your name(s), one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  /* Closing each window lets it save a note being typed. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "demo", demo_action },
  { "about", about_action },
  { "quit", quit_action },
};

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "win.new-project", { "<Control>n", NULL } },
  { "win.open-project", { "<Control>o", NULL } },
  { "win.open-demo", { "<Control><Shift>d", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "win.import", { "<Control>i", NULL } },
  { "win.import-folder", { "<Control><Shift>i", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.load-pack", { "<Control><Shift>r", NULL } },
  { "win.rescan", { "F5", NULL } },
  { "win.close-project", { "<Control>w", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.next-hit", { "F3", "<Control>period", NULL } },
  { "win.previous-hit", { "<Shift>F3", "<Control>comma", NULL } },
  { "win.confirm", { "<Control>1", NULL } },
  { "win.dismiss", { "<Control>2", NULL } },
  { "win.reset", { "<Control>0", NULL } },
  { "win.toggle-scope", { "<Control>p", NULL } },
  { "win.show-legend", { "<Control>l", NULL } },
  { "win.focus-clauses", { "<Control>k", NULL } },
  { "win.cancel", { "<Control><Shift>Escape", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
rl_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (rl_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  rl_ui_load_style ();
}

static void
rl_application_activate (GApplication *app)
{
  RlApplication *self = RL_APPLICATION (app);
  RlWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (self->open_demo)
    {
      self->open_demo = FALSE;
      rl_window_open_demo (window);
    }
}

static void
rl_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      /* One window per project: a window shows one project at a time. */
      RlWindow *window = i == 0 ? get_window (RL_APPLICATION (app))
                                : rl_window_new (GTK_APPLICATION (app));

      if (i == 0 && rl_window_get_store (window) != NULL)
        window = rl_window_new (GTK_APPLICATION (app));

      /* Checking the project runs in a worker: start it before showing the
       * window, so the two overlap. */
      rl_window_open_project (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static int
rl_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("redline %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("redline: %s\n", error->message);
          return EXIT_FAILURE;
        }

      /* Another instance runs: ask it.  Otherwise this one opens the demo
       * once it is activated. */
      if (g_application_get_is_remote (app))
        {
          g_action_group_activate_action (G_ACTION_GROUP (app), "demo", NULL);
          return EXIT_SUCCESS;
        }
      RL_APPLICATION (app)->open_demo = TRUE;
    }

  return -1;
}

static void
rl_application_class_init (RlApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = rl_application_startup;
  app_class->activate = rl_application_activate;
  app_class->open = rl_application_open;
  app_class->handle_local_options = rl_application_handle_local_options;
}

static const GOptionEntry options[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo project"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { NULL }
};

static void
rl_application_init (RlApplication *self)
{
  rl_ui_ensure_resources ();

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PROJECT.redline…]"));
}

RlApplication *
rl_application_new (void)
{
  return g_object_new (RL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* Fixed, so the .Devel id finds the same resources. */
                       "resource-base-path", "/io/github/redlinedesk/Redline",
                       NULL);
}
