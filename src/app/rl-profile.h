/* REDLINE_PROFILE=1: the window reports to stderr how long its slow steps
 * take, up to the frame that shows them.  Nothing happens when unset. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _RlProfileSpan RlProfileSpan;

void           rl_profile_init        (void);
gboolean       rl_profile_enabled     (void);
RlProfileSpan *rl_profile_span_begin  (GtkWidget      *widget,
                                       const char     *what);
void           rl_profile_span_end    (RlProfileSpan **span);
void           rl_profile_span_cancel (RlProfileSpan **span);
void           rl_profile_first_frame (GtkWidget      *widget);

G_END_DECLS
