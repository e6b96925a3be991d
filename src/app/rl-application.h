/* rl-application.h: the redline application: app actions, accelerators,
 * command line (FILE.redline, --demo). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RL_TYPE_APPLICATION (rl_application_get_type ())

G_DECLARE_FINAL_TYPE (RlApplication, rl_application, RL, APPLICATION, AdwApplication)

RlApplication *rl_application_new (void);

G_END_DECLS
