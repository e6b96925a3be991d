#define G_LOG_DOMAIN "rl-colors"

#include "config.h"

#include <glib/gi18n.h>

#include "redline-resources.h"
#include "rl-colors.h"

static GtkCssProvider *category_provider;

void
rl_colors_get_category (RlRulePack *pack,
                        guint       category,
                        GdkRGBA    *rgba)
{
  const RlCategory *cat = NULL;

  if (pack != NULL && category < rl_rule_pack_get_n_categories (pack))
    cat = rl_rule_pack_get_category (pack, category);

  if (cat == NULL || cat->color == NULL || !gdk_rgba_parse (rgba, cat->color))
    gdk_rgba_parse (rgba, "#808080");
  rgba->alpha = 1.0;
}

const char *
rl_colors_category_name (RlRulePack *pack,
                         guint       category)
{
  const RlCategory *cat;
  const char *name;

  if (pack == NULL || category >= rl_rule_pack_get_n_categories (pack))
    return _("Unknown category");

  cat = rl_rule_pack_get_category (pack, category);
  name = cat->name != NULL ? rl_localized (cat->name) : NULL;

  return name != NULL ? name : cat->id;
}

char *
rl_colors_css_class (guint category)
{
  if (category == G_MAXUINT)
    return g_strdup ("rl-cat-none");

  return g_strdup_printf ("rl-cat-%u", category);
}

void
rl_colors_apply_pack (RlRulePack *pack)
{
  g_autoptr(GString) css = g_string_new (NULL);
  GdkDisplay *display = gdk_display_get_default ();
  guint n = pack != NULL ? rl_rule_pack_get_n_categories (pack) : 0;

  if (display == NULL)
    return;

  if (category_provider == NULL)
    {
      category_provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (display,
                                                  GTK_STYLE_PROVIDER (category_provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }

  /* The pack comes from outside: colours go through GdkRGBA and are printed
   * back as numbers, so nothing from the file reaches the CSS parser. */
  for (guint i = 0; i < n; i++)
    {
      GdkRGBA c;
      int r, g, b;

      rl_colors_get_category (pack, i, &c);
      r = (int) (c.red * 255 + .5);
      g = (int) (c.green * 255 + .5);
      b = (int) (c.blue * 255 + .5);

      g_string_append_printf (css,
                              ".rl-chip.rl-cat-%u { background-color: rgba(%d,%d,%d,0.22);"
                              " border-color: rgba(%d,%d,%d,0.85); }\n"
                              ".rl-swatch.rl-cat-%u { background-color: rgb(%d,%d,%d); }\n"
                              ".rl-stripe.rl-cat-%u { border-left-color: rgb(%d,%d,%d); }\n",
                              i, r, g, b, r, g, b,
                              i, r, g, b,
                              i, r, g, b);
    }

  gtk_css_provider_load_from_data (category_provider, css->str, css->len);
}

void
rl_ui_ensure_resources (void)
{
  static gsize registered;

  /* Registered by hand: a constructor in a static library is dropped by the
   * linker when nothing references its object. */
  if (g_once_init_enter (&registered))
    {
      redline_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

void
rl_ui_load_style (void)
{
  static GtkCssProvider *provider;
  GdkDisplay *display = gdk_display_get_default ();

  if (provider != NULL || display == NULL)
    return;

  rl_ui_ensure_resources ();
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/redlinedesk/Redline/style.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
