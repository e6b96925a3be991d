/* rl-colors.h: category colours from the rule pack, as CSS classes and RGBA. */
#pragma once

#include <gtk/gtk.h>

#include "rl-rule-pack.h"

G_BEGIN_DECLS

/* The category's colour; grey when the pack's value does not parse. */
void  rl_colors_get_category  (RlRulePack *pack,
                               guint       category,
                               GdkRGBA    *rgba);
/* Loads .rl-cat-N rules for the pack's categories into one application-wide
 * style provider (replacing the previous pack's). */
void  rl_colors_apply_pack    (RlRulePack *pack);
/* "rl-cat-N", or "rl-cat-none" for G_MAXUINT. */
char *rl_colors_css_class     (guint       category);
/* Localised category name, or a placeholder for a category the pack lost. */
const char *rl_colors_category_name (RlRulePack *pack,
                                     guint       category);

/* Registers the GResource (once) and loads style.css for the default
 * display (once).  Every templated widget calls this in class_init, so the
 * widgets work without an RlApplication (tests, smoke test). */
void  rl_ui_ensure_resources  (void);
void  rl_ui_load_style        (void);

G_END_DECLS
