/* rl-window.h: the workbench window: welcome page, document list, reader
 * and clause panel over one project. */
#pragma once

#include <adwaita.h>

#include "rl-clause-panel.h"
#include "rl-doc-model.h"
#include "rl-reader.h"
#include "rl-store.h"

G_BEGIN_DECLS

#define RL_TYPE_WINDOW (rl_window_get_type ())

G_DECLARE_FINAL_TYPE (RlWindow, rl_window, RL, WINDOW, AdwApplicationWindow)

RlWindow      *rl_window_new              (GtkApplication *application);

void           rl_window_open_project     (RlWindow       *self,
                                           GFile          *file);
void           rl_window_new_project      (RlWindow       *self,
                                           GFile          *file);
void           rl_window_open_demo        (RlWindow       *self);
void           rl_window_choose_new_project  (RlWindow    *self);
void           rl_window_choose_open_project (RlWindow    *self);
void           rl_window_import_paths     (RlWindow       *self,
                                           const char * const *paths);
void           rl_window_export_csv       (RlWindow       *self,
                                           const char     *path,
                                           gboolean        excel);
/* Replaces the project's pack with the one at path and rescans.  Errors
 * are shown in a dialog; also returned for callers that want them. */
gboolean       rl_window_load_pack        (RlWindow       *self,
                                           const char     *path,
                                           GError        **error);

/* For tests and the application. */
RlStore       *rl_window_get_store        (RlWindow       *self);
gboolean       rl_window_is_busy          (RlWindow       *self);
RlReader      *rl_window_get_reader       (RlWindow       *self);
RlClausePanel *rl_window_get_clause_panel (RlWindow       *self);
RlDocModel    *rl_window_get_doc_model    (RlWindow       *self);
/* Selects a document in the list (by position), as a click does. */
void           rl_window_select_document  (RlWindow       *self,
                                           guint           position);
const char    *rl_window_get_last_toast   (RlWindow       *self);

G_END_DECLS
