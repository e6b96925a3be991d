#define G_LOG_DOMAIN "rl-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rl-clause-row.h"
#include "rl-colors.h"
#include "rl-doc-row.h"
#include "rl-job.h"
#include "rl-list-filler.h"
#include "rl-profile.h"
#include "rl-query.h"
#include "rl-window.h"

#define MAX_RECENT 8
/* Per-file errors listed in the import dialog before "and N more". */
#define MAX_LISTED_ERRORS 30

struct _RlWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *legend_button;
  GtkWidget            *import_button;
  GtkWidget            *export_button;
  GtkPopover           *legend_popover;
  GtkLabel             *pack_label;
  GtkGrid              *legend_grid;
  GtkStack             *main_stack;
  AdwPreferencesGroup  *recent_group;
  GtkListBox           *recent_list;
  GtkPaned             *outer_paned;
  GtkPaned             *inner_paned;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *sort_dropdown;
  GtkToggleButton      *descending_button;
  GtkDropDown          *doc_category_dropdown;
  GtkDropDown          *doc_status_dropdown;
  GtkLabel             *doc_count_label;
  GtkStack             *doc_stack;
  GtkListView          *doc_list_view;
  RlReader             *reader;
  RlClausePanel        *clause_panel;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;

  GSettings            *settings;
  RlStore              *store;
  RlQueryStore         *qs;
  GCancellable         *doc_cancellable;
  GCancellable         *stats_cancellable;
  RlDocModel           *doc_model;
  GtkSingleSelection   *doc_selection;
  RlListFiller         *doc_filler;   /* feeds doc_list_view a screen a frame */
  RlJob                *job;
  GCancellable         *cancellable;
  char                 *last_toast;
  gboolean              from_reader;
};

G_DEFINE_FINAL_TYPE (RlWindow, rl_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void reload_documents (RlWindow *self);

/* Helpers */

static void
show_toast (RlWindow   *self,
            const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (RlWindow   *self,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog;

  /* One problem per line reads best as a left-aligned, scrollable list
   * that can be selected and copied. */
  if (strchr (body, '\n') != NULL)
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *label = gtk_label_new (body);

      dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
    }
  else
    dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static RlRulePack *
current_pack (RlWindow *self)
{
  return self->store != NULL ? rl_store_get_pack (self->store) : NULL;
}

static void
update_actions (RlWindow *self)
{
  static const char * const project_actions[] = {
    "win.import", "win.import-folder", "win.export", "win.load-pack",
    "win.rescan", "win.close-project", "win.next-hit", "win.previous-hit",
    "win.confirm", "win.dismiss", "win.reset", "win.toggle-scope",
    "win.show-legend", "win.search",
  };
  gboolean has_project = self->store != NULL;
  gboolean busy = self->job != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (project_actions); i++)
    {
      gboolean enabled = has_project;

      /* Reading and reviewing go on during a long job; changing the
       * project's contents does not. */
      if (g_str_equal (project_actions[i], "win.import") ||
          g_str_equal (project_actions[i], "win.import-folder") ||
          g_str_equal (project_actions[i], "win.export") ||
          g_str_equal (project_actions[i], "win.load-pack") ||
          g_str_equal (project_actions[i], "win.rescan") ||
          g_str_equal (project_actions[i], "win.close-project"))
        enabled = enabled && !busy;

      gtk_widget_action_set_enabled (GTK_WIDGET (self), project_actions[i], enabled);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-project", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-project", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-demo", !busy);

  /* Project tools mean nothing on the welcome page. */
  gtk_widget_set_visible (self->import_button, has_project);
  gtk_widget_set_visible (self->export_button, has_project);
  gtk_widget_set_visible (GTK_WIDGET (self->legend_button), has_project);
}

/* Recent projects */

static void
add_recent (RlWindow   *self,
            const char *path)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-projects");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    {
      if (g_str_equal (old[i], path))
        continue;
      g_strv_builder_add (builder, old[i]);
      n++;
    }

  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) recent);
}

static void
recent_activated_cb (RlWindow     *self,
                     AdwActionRow *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  rl_window_open_project (self, file);
}

static void
rebuild_recent (RlWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))))
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *dir = NULL;
      GtkWidget *row;

      /* Projects that moved or were deleted are not offered. */
      if (!g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
        continue;

      name = g_path_get_basename (recent[i]);
      dir = g_path_get_dirname (recent[i]);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (recent[i]), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (recent_activated_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), shown > 0);
}

/* Legend */

static void rebuild_legend (RlWindow *self);

/* Statistics cost a full pass over a big project: only while it shows. */
static void
refresh_legend_if_shown (RlWindow *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->legend_popover)))
    rebuild_legend (self);
}

static void
fill_legend (RlWindow *self,
             RlStats  *stats)
{
  RlRulePack *pack = current_pack (self);
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_grid))))
    gtk_grid_remove (self->legend_grid, child);

  if (pack == NULL)
    {
      gtk_label_set_text (self->pack_label, "");
      return;
    }

  {
    g_autofree char *title = NULL;

    /* Translators: the rule pack's name and version, e.g. "AI red lines, version 3". */
    title = g_strdup_printf (_("%s, version %d"), rl_rule_pack_get_name (pack),
                             rl_rule_pack_get_version (pack));
    gtk_label_set_text (self->pack_label, title);
  }

  n = rl_rule_pack_get_n_categories (pack);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *css = rl_colors_css_class (i);
      g_autofree char *count = NULL;
      GtkWidget *swatch, *name, *count_label;

      swatch = gtk_label_new (NULL);
      gtk_widget_add_css_class (swatch, "rl-swatch");
      gtk_widget_add_css_class (swatch, css);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (swatch),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Category colour"),
                                      -1);

      name = gtk_label_new (rl_colors_category_name (pack, i));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);

      if (stats != NULL && i < stats->n_categories)
        /* Translators: in the category legend: clause and document counts. */
        count = g_strdup_printf (_("%u clauses in %u documents"),
                                 stats->category_clauses[i], stats->category_documents[i]);
      else
        count = g_strdup ("…");
      count_label = gtk_label_new (count);
      gtk_label_set_xalign (GTK_LABEL (count_label), 1);
      gtk_widget_add_css_class (count_label, "dim-label");
      gtk_widget_add_css_class (count_label, "numeric");

      gtk_grid_attach (self->legend_grid, swatch, 0, (int) i, 1, 1);
      gtk_grid_attach (self->legend_grid, name, 1, (int) i, 1, 1);
      gtk_grid_attach (self->legend_grid, count_label, 2, (int) i, 1, 1);
    }
}

static void
stats_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RlWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RlStats) stats = rl_query_stats_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->stats_cancellable);
  if (stats == NULL)
    g_warning ("Statistics: %s", error->message);
  fill_legend (self, stats);
}

static void
rebuild_legend (RlWindow *self)
{
  if (self->stats_cancellable != NULL)
    {
      g_cancellable_cancel (self->stats_cancellable);
      g_clear_object (&self->stats_cancellable);
    }

  /* Names and colours now, counts when the worker has them. */
  if (self->store != NULL && self->qs != NULL)
    {
      fill_legend (self, NULL);
      self->stats_cancellable = g_cancellable_new ();
      rl_query_stats_async (self->qs, self->stats_cancellable, stats_cb, g_object_ref (self));
    }
  else
    {
      g_autoptr(RlStats) stats = NULL;
      g_autoptr(GError) error = NULL;

      if (self->store != NULL && !(stats = rl_store_get_stats (self->store, &error)))
        g_warning ("Statistics: %s", error->message);
      fill_legend (self, stats);
    }
}

/* Documents */

static void
rebuild_doc_category_dropdown (RlWindow *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  RlRulePack *pack = current_pack (self);
  guint n = pack != NULL ? rl_rule_pack_get_n_categories (pack) : 0;

  gtk_string_list_append (list, _("Any category"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, rl_colors_category_name (pack, i));

  g_signal_handlers_block_by_func (self->doc_category_dropdown, reload_documents, self);
  gtk_drop_down_set_model (self->doc_category_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->doc_category_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->doc_category_dropdown, reload_documents, self);
}

static void
documents_loaded (RlWindow *self)
{
  g_autofree char *count = NULL;
  gint64 current = rl_reader_get_document_id (self->reader);
  guint n, pos;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->doc_model));
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents", n), n);
  gtk_label_set_text (self->doc_count_label, count);
  gtk_stack_set_visible_child_name (self->doc_stack,
                                    n > 0 || self->store == NULL ||
                                    rl_store_count_documents (self->store) > 0 ? "list" : "empty");
  if (self->store != NULL)
    rl_profile_first_frame (GTK_WIDGET (self));

  /* Keep the document being read selected if the filters still show it;
   * with none open yet, open the first so the window starts with text. */
  if (current == 0)
    pos = n > 0 ? 0 : G_MAXUINT;
  else
    pos = rl_doc_model_find (self->doc_model, current);
  if (pos != G_MAXUINT)
    {
      rl_list_filler_reveal (self->doc_filler, pos);
      gtk_single_selection_set_selected (self->doc_selection, pos);
    }
}

static void
doc_ids_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RlWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GArray *ids;

  ids = rl_query_doc_ids_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->doc_cancellable);
  if (ids == NULL)
    show_toast (self, error->message);
  rl_list_filler_restart (self->doc_filler);
  rl_doc_model_set_ids (self->doc_model, ids != NULL ? self->store : NULL, ids);
  documents_loaded (self);
}

static void
reload_documents (RlWindow *self)
{
  static const RlDocSort sorts[] = { RL_DOC_SORT_DATE, RL_DOC_SORT_TITLE, RL_DOC_SORT_HITS };
  g_autoptr(GError) error = NULL;
  RlDocQuery query = { 0 };
  guint sort, cat, status;

  sort = gtk_drop_down_get_selected (self->sort_dropdown);
  cat = gtk_drop_down_get_selected (self->doc_category_dropdown);
  status = gtk_drop_down_get_selected (self->doc_status_dropdown);

  query.sort = sort < G_N_ELEMENTS (sorts) ? sorts[sort] : RL_DOC_SORT_DATE;
  query.descending = gtk_toggle_button_get_active (self->descending_button);
  query.category = (cat == GTK_INVALID_LIST_POSITION || cat == 0) ? -1 : (int) cat - 1;
  query.status = (status == GTK_INVALID_LIST_POSITION || status == 0) ? -1 : (int) status - 1;
  query.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* Drop the selection first: GtkSingleSelection looks for a removed
   * selected item among all the added ones, one get_item each. */
  gtk_single_selection_set_selected (self->doc_selection, GTK_INVALID_LIST_POSITION);
  rl_list_filler_shrink (self->doc_filler);

  /* A newer query (the next keystroke) replaces one still running. */
  if (self->doc_cancellable != NULL)
    {
      g_cancellable_cancel (self->doc_cancellable);
      g_clear_object (&self->doc_cancellable);
    }

  if (self->store != NULL && self->qs != NULL)
    {
      self->doc_cancellable = g_cancellable_new ();
      rl_query_doc_ids_async (self->qs, &query, self->doc_cancellable, doc_ids_cb, g_object_ref (self));
      return;
    }

  rl_list_filler_restart (self->doc_filler);
  if (!rl_doc_model_reload (self->doc_model, self->store, &query, &error))
    {
      show_toast (self, error->message);
      rl_doc_model_reload (self->doc_model, NULL, NULL, NULL);
    }
  documents_loaded (self);
}

static void
doc_selection_changed_cb (RlWindow           *self,
                          guint               position,
                          guint               n_items,
                          GtkSingleSelection *selection)
{
  RlDocItem *item = gtk_single_selection_get_selected_item (selection);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (item == NULL)
    return;

  id = rl_doc_item_get_id (item);
  if (id == rl_reader_get_document_id (self->reader))
    return;

  if (!rl_reader_load_document (self->reader, id, &error))
    show_error (self, _("Could Not Open the Document"), error->message);
  rl_clause_panel_set_document (self->clause_panel, id);
}

static void
setup_doc_row_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  RlWindow                 *self)
{
  gtk_list_item_set_child (list_item, rl_doc_row_new ());
}

static void
bind_doc_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 RlWindow                 *self)
{
  rl_doc_row_set_item (RL_DOC_ROW (gtk_list_item_get_child (list_item)),
                       gtk_list_item_get_item (list_item),
                       current_pack (self));
}

static void
unbind_doc_row_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   RlWindow                 *self)
{
  rl_doc_row_set_item (RL_DOC_ROW (gtk_list_item_get_child (list_item)), NULL, NULL);
}

/* Clauses and the reader */

static void
clause_selected_cb (RlWindow      *self,
                    RlClauseItem  *item,
                    RlClausePanel *panel)
{
  const RlClause *clause;
  g_autoptr(GError) error = NULL;

  /* The reader itself chose this clause: its selection already is right. */
  if (item == NULL || self->from_reader)
    return;

  clause = rl_clause_item_get_clause (item);
  if (clause->doc_id != rl_reader_get_document_id (self->reader))
    {
      guint pos;

      if (!rl_reader_load_document (self->reader, clause->doc_id, &error))
        {
          show_error (self, _("Could Not Open the Document"), error->message);
          return;
        }
      pos = rl_doc_model_find (self->doc_model, clause->doc_id);
      if (pos != G_MAXUINT)
        {
          rl_list_filler_reveal (self->doc_filler, pos);
          gtk_single_selection_set_selected (self->doc_selection, pos);
        }
      rl_clause_panel_set_document (self->clause_panel, clause->doc_id);
    }

  rl_reader_select_range (self->reader, clause->match_start, clause->match_end);
}

static void
select_clause_from_reader (RlWindow *self,
                           gint64    clause_id)
{
  self->from_reader = TRUE;
  if (!rl_clause_panel_select_clause (self->clause_panel, clause_id))
    show_toast (self, _("That clause is hidden by the clause filters"));
  self->from_reader = FALSE;
}

static void
reader_load_failed_cb (RlWindow     *self,
                       const GError *error,
                       RlReader     *reader)
{
  show_error (self, _("Could Not Open the Document"), error->message);
}

static void
reader_clause_activated_cb (RlWindow *self,
                            gint64    clause_id,
                            RlReader *reader)
{
  select_clause_from_reader (self, clause_id);
}

/* The store */

static void
set_store (RlWindow *self,
           RlStore  *store,
           RlStore  *query_store)
{
  RlStore *old = self->store;
  RlQueryStore *old_qs = g_steal_pointer (&self->qs);

  rl_clause_panel_flush_note (self->clause_panel);

  /* Everything that borrows the store moves to the new one before the old
   * connection closes. */
  self->store = store;
  if (store != NULL && query_store != NULL)
    self->qs = rl_query_store_new (query_store);
  else if (query_store != NULL)
    rl_store_close (query_store);
  if (store != NULL)
    rl_colors_apply_pack (rl_store_get_pack (store));
  rebuild_doc_category_dropdown (self);
  rl_reader_set_store (self->reader, store, self->qs);
  rl_clause_panel_set_store (self->clause_panel, store, self->qs);
  reload_documents (self);
  refresh_legend_if_shown (self);

  /* A query still running holds its own reference to the old connection. */
  g_clear_pointer (&old_qs, rl_query_store_unref);
  g_clear_pointer (&old, rl_store_close);

  if (store != NULL)
    {
      const char *path = rl_store_get_path (store);
      g_autofree char *name = g_path_get_basename (path);

      adw_window_title_set_subtitle (self->window_title, name);
      gtk_stack_set_visible_child_name (self->main_stack, "workbench");
      add_recent (self, path);
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      rebuild_recent (self);
    }

  update_actions (self);
}

static void
reload_after_change (RlWindow *self)
{
  refresh_legend_if_shown (self);
  reload_documents (self);
  rl_reader_reload (self->reader);
  rl_clause_panel_reload (self->clause_panel);
}

/* Jobs */

static void
job_progress_cb (RlJob      *job,
                 double      fraction,
                 const char *what,
                 gpointer    user_data)
{
  RlWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  if (what != NULL)
    {
      g_autofree char *base = g_path_get_basename (what);

      gtk_progress_bar_set_text (self->progress_bar, base);
      gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
    }
}

static char *
import_summary (const RlImportReport *r)
{
  /* Translators: after an import: how many documents were new, updated,
   * unchanged and refused. */
  return g_strdup_printf (_("Imported %u, updated %u, unchanged %u, refused %u"),
                          r->n_imported, r->n_updated, r->n_unchanged, r->n_refused);
}

static void
show_import_errors (RlWindow *self,
                    RlJob    *job)
{
  g_autoptr(GString) body = g_string_new (NULL);
  guint n = job->file_errors->len;

  for (guint i = 0; i < n && i < MAX_LISTED_ERRORS; i++)
    g_string_append_printf (body, "%s\n", (const char *) g_ptr_array_index (job->file_errors, i));
  if (n > MAX_LISTED_ERRORS)
    g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more file",
                                               "…and %u more files", n - MAX_LISTED_ERRORS),
                            n - MAX_LISTED_ERRORS);

  show_error (self,
              g_dngettext (GETTEXT_PACKAGE, "A File Was Not Imported",
                           "Some Files Were Not Imported", n),
              g_strchomp (body->str));
}

/* Still one of the application's windows: gtk_window_destroy() takes it
 * off the list while a job may still hold a reference. */
static gboolean
is_open (RlWindow *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (w == GTK_WINDOW (self))
        return TRUE;
    }

  return FALSE;
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RlWindow) self = user_data;
  g_autoptr(RlJob) job = NULL;
  g_autoptr(GError) error = NULL;
  RlJobKind kind = self->job->kind;

  self->job->progress_func = NULL;
  g_clear_pointer (&self->job, rl_job_unref);
  g_clear_object (&self->cancellable);

  /* The window was closed while the job ran: nothing left to show it in
   * (a dialog now would pop up from nowhere).  Dropping the job closes any
   * connection it opened. */
  if (self->progress_revealer == NULL || !is_open (self))
    {
      g_autoptr(RlJob) orphan = rl_job_run_finish (result, NULL);
      return;
    }

  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  job = rl_job_run_finish (result, &error);
  if (job == NULL)
    {
      g_debug ("Job %d failed: %s", kind, error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Cancelled"));
      else if (kind == RL_JOB_OPEN || kind == RL_JOB_CREATE || kind == RL_JOB_DEMO)
        show_error (self, _("Could Not Open the Project"), error->message);
      else if (kind == RL_JOB_EXPORT)
        show_error (self, _("Could Not Export"), error->message);
      else
        show_error (self, _("The Operation Failed"), error->message);

      /* Whatever got done before the failure is in the project. */
      if (self->store != NULL && kind != RL_JOB_EXPORT)
        reload_after_change (self);
      return;
    }

  switch (job->kind)
    {
    case RL_JOB_OPEN:
    case RL_JOB_CREATE:
    case RL_JOB_DEMO:
      {
        RlStore *store = rl_job_steal_store (job);

        set_store (self, store, rl_job_steal_query_store (job));
      }
      if (job->file_errors->len > 0)
        show_import_errors (self, job);
      break;

    case RL_JOB_IMPORT:
      {
        g_autofree char *summary = import_summary (&job->import_report);

        reload_after_change (self);
        show_toast (self, summary);
        if (job->file_errors->len > 0)
          show_import_errors (self, job);
      }
      break;

    case RL_JOB_SCAN:
      {
        g_autofree char *text = NULL;
        RlStore *query_store = rl_job_steal_query_store (job);

        if (query_store != NULL && self->qs == NULL)
          {
            self->qs = rl_query_store_new (query_store);
            rl_reader_set_store (self->reader, self->store, self->qs);
            rl_clause_panel_set_store (self->clause_panel, self->store, self->qs);
          }
        else if (query_store != NULL)
          rl_store_close (query_store);

        reload_after_change (self);
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Scanned %u document: %u clauses",
                                             "Scanned %u documents: %u clauses",
                                             job->scan_report.n_scanned),
                                job->scan_report.n_scanned, job->scan_report.n_clauses);
        show_toast (self, text);
        if (job->scan_report.problems != NULL && job->scan_report.problems->len > 0)
          {
            g_autoptr(GString) body = g_string_new (NULL);

            for (guint i = 0; i < job->scan_report.problems->len && i < MAX_LISTED_ERRORS; i++)
              g_string_append_printf (body, "%s\n",
                                      (const char *) g_ptr_array_index (job->scan_report.problems, i));
            show_error (self, _("Some Rules Gave Up"), g_strchomp (body->str));
          }
      }
      break;

    case RL_JOB_EXPORT:
      {
        g_autofree char *text = NULL;
        g_autofree char *base = g_path_get_basename (job->export_path);

        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Wrote %u row to %s",
                                             "Wrote %u rows to %s",
                                             job->n_rows),
                                job->n_rows, base);
        show_toast (self, text);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
run_job (RlWindow   *self,
         RlJob      *job,
         const char *label)
{
  g_assert (self->job == NULL);

  self->job = rl_job_ref (job);
  self->cancellable = g_cancellable_new ();
  job->progress_func = job_progress_cb;
  job->progress_data = self;

  gtk_label_set_text (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_show_text (self->progress_bar, FALSE);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  rl_job_run_async (job, self->cancellable, job_done_cb, g_object_ref (self));
}

static gboolean
check_idle (RlWindow *self)
{
  if (self->job == NULL)
    return TRUE;

  show_toast (self, _("Wait for the current operation to finish, or cancel it"));
  return FALSE;
}

void
rl_window_open_project (RlWindow *self,
                        GFile    *file)
{
  g_autoptr(RlJob) job = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (RL_IS_WINDOW (self));

  if (!check_idle (self))
    return;
  if (!(path = g_file_get_path (file)))
    {
      show_error (self, _("Could Not Open the Project"), _("Only local files can be opened"));
      return;
    }

  job = rl_job_new (RL_JOB_OPEN, path);
  run_job (self, job, _("Opening project…"));
}

void
rl_window_new_project (RlWindow *self,
                       GFile    *file)
{
  g_autoptr(RlJob) job = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (RL_IS_WINDOW (self));

  if (!check_idle (self))
    return;
  if (!(path = g_file_get_path (file)))
    {
      show_error (self, _("Could Not Create the Project"), _("Only local files can be used"));
      return;
    }

  /* The file chooser already asked about replacing it. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;

      if (!g_file_delete (file, NULL, &error))
        {
          show_error (self, _("Could Not Create the Project"), error->message);
          return;
        }
    }

  job = rl_job_new (RL_JOB_CREATE, path);
  job->pack_path = rl_default_pack_path ();
  run_job (self, job, _("Creating project…"));
}

void
rl_window_open_demo (RlWindow *self)
{
  g_autoptr(RlJob) job = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (RL_IS_WINDOW (self));

  if (!check_idle (self))
    return;

  /* A fresh demo each time: the previous one is replaced, so close it first
   * if this window has it open. */
  path = g_build_filename (g_get_user_cache_dir (), "redline", "demo.redline", NULL);
  if (self->store != NULL && g_str_equal (rl_store_get_path (self->store), path))
    set_store (self, NULL, NULL);

  job = rl_job_new (RL_JOB_DEMO, path);
  job->pack_path = rl_default_pack_path ();
  job->samples_dir = rl_job_find_samples_dir ();
  run_job (self, job, _("Preparing the demo project…"));
}

void
rl_window_import_paths (RlWindow           *self,
                        const char * const *paths)
{
  g_autoptr(RlJob) job = NULL;

  g_return_if_fail (RL_IS_WINDOW (self));

  if (self->store == NULL)
    {
      show_toast (self, _("Create or open a project before importing"));
      return;
    }
  if (!check_idle (self) || paths == NULL || paths[0] == NULL)
    return;

  rl_clause_panel_flush_note (self->clause_panel);
  job = rl_job_new (RL_JOB_IMPORT, rl_store_get_path (self->store));
  job->paths = g_strdupv ((char **) paths);
  run_job (self, job, _("Importing…"));
}

void
rl_window_export_csv (RlWindow   *self,
                      const char *path,
                      gboolean    excel)
{
  g_autoptr(RlJob) job = NULL;
  RlClauseQuery query;

  g_return_if_fail (RL_IS_WINDOW (self));

  if (self->store == NULL || !check_idle (self))
    return;

  rl_clause_panel_flush_note (self->clause_panel);
  rl_clause_panel_get_query (self->clause_panel, &query);

  job = rl_job_new (RL_JOB_EXPORT, rl_store_get_path (self->store));
  job->export_path = g_strdup (path);
  job->export_options.excel = excel;
  job->export_options.status = query.status;
  job->export_options.category = query.category;
  job->export_options.severity = query.severity;
  job->export_options.doc_id = query.doc_id;
  run_job (self, job, _("Exporting…"));
}

static void
start_scan (RlWindow *self)
{
  g_autoptr(RlJob) job = NULL;

  if (self->store == NULL || !check_idle (self))
    return;

  rl_clause_panel_flush_note (self->clause_panel);
  job = rl_job_new (RL_JOB_SCAN, rl_store_get_path (self->store));
  job->want_query_store = self->qs == NULL;
  run_job (self, job, _("Scanning…"));
}

gboolean
rl_window_load_pack (RlWindow    *self,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RL_IS_WINDOW (self), FALSE);

  if (self->store == NULL || !check_idle (self))
    return FALSE;

  if (!(pack = rl_rule_pack_load_file (path, &local_error)) ||
      !rl_store_set_pack (self->store, pack, &local_error))
    {
      g_auto(GStrv) lines = g_strsplit (local_error->message, "\n", -1);
      g_autoptr(GString) body = g_string_new (NULL);
      guint n_lines = g_strv_length (lines);

      /* Every problem is a line; a broken file can have hundreds. */
      for (guint i = 0; i < n_lines && i < MAX_LISTED_ERRORS; i++)
        g_string_append_printf (body, "%s%s", i > 0 ? "\n" : "", lines[i]);
      if (n_lines > MAX_LISTED_ERRORS)
        {
          g_string_append_c (body, '\n');
          g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more problem",
                                                     "…and %u more problems", n_lines - MAX_LISTED_ERRORS),
                                  n_lines - MAX_LISTED_ERRORS);
        }
      show_error (self, _("Could Not Load the Rule Pack"), body->str);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The query connection compiled the old pack: query here until the scan
   * opens a fresh one. */
  g_clear_pointer (&self->qs, rl_query_store_unref);

  /* New categories mean new colours, tags and filters. */
  rl_colors_apply_pack (rl_store_get_pack (self->store));
  rebuild_doc_category_dropdown (self);
  rl_clause_panel_set_store (self->clause_panel, self->store, NULL);
  rl_reader_set_store (self->reader, self->store, NULL);
  rl_reader_reload (self->reader);
  refresh_legend_if_shown (self);
  start_scan (self);

  return TRUE;
}

/* File choosers */

static void
add_filter (GtkFileChooserNative *native,
            const char           *name,
            const char * const   *patterns)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);

  /* The chooser keeps its own reference. */
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
}

static GtkFileChooserNative *
make_chooser (RlWindow             *self,
              const char           *title,
              GtkFileChooserAction  action,
              const char           *accept)
{
  return gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
}

static void
project_chooser_response_cb (GtkNativeDialog *native,
                             int              response,
                             RlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      gboolean create = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "create"));

      if (file != NULL)
        {
          if (create)
            rl_window_new_project (self, file);
          else
            rl_window_open_project (self, file);
        }
    }

  g_object_unref (native);
}

void
rl_window_choose_open_project (RlWindow *self)
{
  static const char * const patterns[] = { "*.redline", NULL };
  GtkFileChooserNative *native;

  g_return_if_fail (RL_IS_WINDOW (self));

  native = make_chooser (self, _("Open Project"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  add_filter (native, _("Redline projects"), patterns);
  g_signal_connect_object (native, "response", G_CALLBACK (project_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
rl_window_choose_new_project (RlWindow *self)
{
  static const char * const patterns[] = { "*.redline", NULL };
  GtkFileChooserNative *native;

  g_return_if_fail (RL_IS_WINDOW (self));

  native = make_chooser (self, _("New Project"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"));
  add_filter (native, _("Redline projects"), patterns);
  /* Translators: default file name of a new project; keep the extension. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Untitled.redline"));
  g_object_set_data (G_OBJECT (native), "create", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (native, "response", G_CALLBACK (project_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static GStrv
files_to_paths (GListModel *files)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = g_list_model_get_n_items (files);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }

  return g_strv_builder_end (builder);
}

static void
import_chooser_response_cb (GtkNativeDialog *native,
                            int              response,
                            RlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      g_auto(GStrv) paths = files_to_paths (files);

      rl_window_import_paths (self, (const char * const *) paths);
    }

  g_object_unref (native);
}

static void
choose_import (RlWindow *self,
               gboolean  folders)
{
  static const char * const doc_patterns[] = {
    "*.txt", "*.md", "*.markdown", "*.html", "*.htm", NULL
  };
  static const char * const all_patterns[] = { "*", NULL };
  GtkFileChooserNative *native;

  if (folders)
    native = make_chooser (self, _("Import Folders"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Import"));
  else
    {
      native = make_chooser (self, _("Import Files"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"));
      add_filter (native, _("Text, Markdown and HTML documents"), doc_patterns);
      add_filter (native, _("All files"), all_patterns);
    }
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (import_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
pack_chooser_response_cb (GtkNativeDialog *native,
                          int              response,
                          RlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        rl_window_load_pack (self, path, NULL);
    }

  g_object_unref (native);
}

static void
export_chooser_response_cb (GtkNativeDialog *native,
                            int              response,
                            RlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      const char *choice = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (native), "excel");
      gboolean excel = g_strcmp0 (choice, "true") == 0;

      g_settings_set_boolean (self->settings, "excel-compatible", excel);
      if (path != NULL)
        rl_window_export_csv (self, path, excel);
    }

  g_object_unref (native);
}

/* Actions */

static void
project_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  RlWindow *self = RL_WINDOW (widget);

  if (g_str_equal (action_name, "win.new-project"))
    rl_window_choose_new_project (self);
  else if (g_str_equal (action_name, "win.open-project"))
    rl_window_choose_open_project (self);
  else
    rl_window_open_demo (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  choose_import (RL_WINDOW (widget), g_str_equal (action_name, "win.import-folder"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  static const char * const patterns[] = { "*.csv", NULL };
  RlWindow *self = RL_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;

  native = make_chooser (self, _("Export Clauses"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  add_filter (native, _("CSV files"), patterns);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "excel",
                               _("Excel-compatible (UTF-8 with byte order mark)"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "excel",
                               g_settings_get_boolean (self->settings, "excel-compatible") ? "true" : "false");

  base = g_path_get_basename (rl_store_get_path (self->store));
  if ((dot = strrchr (base, '.')))
    *dot = '\0';
  /* Translators: default export file name; %s is the project's name. */
  name = g_strdup_printf (_("%s-clauses.csv"), base);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  g_signal_connect_object (native, "response", G_CALLBACK (export_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
load_pack_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  static const char * const patterns[] = { "*.yaml", "*.yml", NULL };
  RlWindow *self = RL_WINDOW (widget);
  GtkFileChooserNative *native;

  gtk_popover_popdown (self->legend_popover);
  native = make_chooser (self, _("Load Rule Pack"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Load"));
  add_filter (native, _("Rule packs (YAML)"), patterns);
  g_signal_connect_object (native, "response", G_CALLBACK (pack_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
rescan_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RlWindow *self = RL_WINDOW (widget);

  gtk_popover_popdown (self->legend_popover);
  start_scan (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RlWindow *self = RL_WINDOW (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
close_project_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  set_store (RL_WINDOW (widget), NULL, NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (RL_WINDOW (widget)->search_entry));
}

static void
hit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  RlWindow *self = RL_WINDOW (widget);
  gint64 clause_id;

  clause_id = rl_reader_move_to_hit (self->reader, g_str_equal (action_name, "win.next-hit"));
  if (clause_id != 0)
    select_clause_from_reader (self, clause_id);
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RlWindow *self = RL_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  RlStatus status = RL_STATUS_UNREVIEWED;

  if (g_str_equal (action_name, "win.confirm"))
    status = RL_STATUS_CONFIRMED;
  else if (g_str_equal (action_name, "win.dismiss"))
    status = RL_STATUS_DISMISSED;

  if (!rl_clause_panel_review_selected (self->clause_panel, status, &error))
    show_error (self, _("Could Not Save the Review"), error->message);
}

static void
toggle_scope_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RlWindow *self = RL_WINDOW (widget);

  rl_clause_panel_set_whole_project (self->clause_panel,
                                     !rl_clause_panel_get_whole_project (self->clause_panel));
}

static void
show_legend_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_menu_button_popup (RL_WINDOW (widget)->legend_button);
}

static void
focus_clauses_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  rl_clause_panel_focus_list (RL_WINDOW (widget)->clause_panel);
}

/* Drag and drop */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         RlWindow      *self)
{
  GdkFileList *list;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || !(list = g_value_get_boxed (value)))
    return FALSE;

  files = gdk_file_list_get_files (list);
  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }
  g_slist_free (files);

  paths = g_strv_builder_end (builder);
  if (paths[0] == NULL)
    return FALSE;

  rl_window_import_paths (self, (const char * const *) paths);
  return TRUE;
}

/* Settings */

static gboolean
sort_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *s = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, g_str_equal (s, "title") ? 1 : g_str_equal (s, "hits") ? 2 : 0);
  return TRUE;
}

static GVariant *
sort_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  static const char * const names[] = { "date", "title", "hits" };
  guint i = g_value_get_uint (value);

  return g_variant_new_string (i < G_N_ELEMENTS (names) ? names[i] : "date");
}

/* GObject */

static gboolean
rl_window_close_request (GtkWindow *window)
{
  RlWindow *self = RL_WINDOW (window);

  rl_clause_panel_flush_note (self->clause_panel);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (rl_window_parent_class)->close_request (window);
}

static void
rl_window_dispose (GObject *object)
{
  RlWindow *self = RL_WINDOW (object);

  if (self->store != NULL)
    {
      RlStore *store = g_steal_pointer (&self->store);

      rl_clause_panel_set_store (self->clause_panel, NULL, NULL);
      rl_reader_set_store (self->reader, NULL, NULL);
      rl_doc_model_reload (self->doc_model, NULL, NULL, NULL);
      rl_store_close (store);
    }
  if (self->doc_cancellable != NULL)
    g_cancellable_cancel (self->doc_cancellable);
  g_clear_object (&self->doc_cancellable);
  if (self->stats_cancellable != NULL)
    g_cancellable_cancel (self->stats_cancellable);
  g_clear_object (&self->stats_cancellable);
  g_clear_pointer (&self->qs, rl_query_store_unref);

  if (self->doc_list_view != NULL)
    gtk_list_view_set_model (self->doc_list_view, NULL);
  g_clear_pointer (&self->doc_filler, rl_list_filler_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), RL_TYPE_WINDOW);

  g_clear_object (&self->doc_selection);
  g_clear_object (&self->doc_model);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rl_window_parent_class)->dispose (object);
}

static void
rl_window_finalize (GObject *object)
{
  RlWindow *self = RL_WINDOW (object);

  g_clear_pointer (&self->job, rl_job_unref);
  g_free (self->last_toast);

  G_OBJECT_CLASS (rl_window_parent_class)->finalize (object);
}

static void
rl_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  RlWindow *self = RL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, rl_window_is_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_window_class_init (RlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rl_window_dispose;
  object_class->finalize = rl_window_finalize;
  object_class->get_property = rl_window_get_property;
  window_class->close_request = rl_window_close_request;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RL_TYPE_READER);
  g_type_ensure (RL_TYPE_CLAUSE_PANEL);

  rl_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/redlinedesk/Redline/rl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, legend_button);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, legend_popover);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, pack_label);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, legend_grid);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, descending_button);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, doc_category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, doc_status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, doc_count_label);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, doc_stack);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, doc_list_view);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, reader);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, clause_panel);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RlWindow, progress_bar);

  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, project_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, project_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.load-pack", NULL, load_pack_action);
  gtk_widget_class_install_action (widget_class, "win.rescan", NULL, rescan_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.close-project", NULL, close_project_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.next-hit", NULL, hit_action);
  gtk_widget_class_install_action (widget_class, "win.previous-hit", NULL, hit_action);
  gtk_widget_class_install_action (widget_class, "win.confirm", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-scope", NULL, toggle_scope_action);
  gtk_widget_class_install_action (widget_class, "win.show-legend", NULL, show_legend_action);
  gtk_widget_class_install_action (widget_class, "win.focus-clauses", NULL, focus_clauses_action);
}

static void
rl_window_init (RlWindow *self)
{
  GtkListItemFactory *factory;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  rl_ui_load_style ();

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = g_settings_new ("io.github.redlinedesk.Redline");
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sidebar-position", self->outer_paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "clause-panel-position", self->inner_paned, "position", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "clauses-whole-project", self->clause_panel, "whole-project", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "document-sort-descending", self->descending_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "document-sort", self->sort_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, sort_get_mapping, sort_set_mapping, NULL, NULL);

  self->doc_model = rl_doc_model_new ();
  self->doc_filler = rl_list_filler_new (GTK_WIDGET (self->doc_list_view), G_LIST_MODEL (self->doc_model));
  self->doc_selection = gtk_single_selection_new (g_object_ref (rl_list_filler_get_model (self->doc_filler)));
  gtk_single_selection_set_autoselect (self->doc_selection, FALSE);
  g_signal_connect_object (self->doc_selection, "selection-changed",
                           G_CALLBACK (doc_selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_doc_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_doc_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_doc_row_cb), self);
  gtk_list_view_set_factory (self->doc_list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->doc_list_view, GTK_SELECTION_MODEL (self->doc_selection));

  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (reload_documents), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected",
                           G_CALLBACK (reload_documents), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->descending_button, "toggled",
                           G_CALLBACK (reload_documents), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->doc_category_dropdown, "notify::selected",
                           G_CALLBACK (reload_documents), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->doc_status_dropdown, "notify::selected",
                           G_CALLBACK (reload_documents), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->clause_panel, "clause-selected",
                           G_CALLBACK (clause_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "clause-activated",
                           G_CALLBACK (reader_clause_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "load-failed",
                           G_CALLBACK (reader_load_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->legend_popover, "show",
                           G_CALLBACK (rebuild_legend), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  rebuild_recent (self);
  update_actions (self);
}

RlWindow *
rl_window_new (GtkApplication *application)
{
  return g_object_new (RL_TYPE_WINDOW, "application", application, NULL);
}

RlStore *
rl_window_get_store (RlWindow *self)
{
  g_return_val_if_fail (RL_IS_WINDOW (self), NULL);

  return self->store;
}

gboolean
rl_window_is_busy (RlWindow *self)
{
  g_return_val_if_fail (RL_IS_WINDOW (self), FALSE);

  /* Tests wait on this: a list still loading counts as busy. */
  return self->job != NULL || self->doc_cancellable != NULL || self->stats_cancellable != NULL ||
         rl_list_filler_is_filling (self->doc_filler) || rl_clause_panel_is_loading (self->clause_panel);
}

RlReader *
rl_window_get_reader (RlWindow *self)
{
  g_return_val_if_fail (RL_IS_WINDOW (self), NULL);

  return self->reader;
}

RlClausePanel *
rl_window_get_clause_panel (RlWindow *self)
{
  g_return_val_if_fail (RL_IS_WINDOW (self), NULL);

  return self->clause_panel;
}

RlDocModel *
rl_window_get_doc_model (RlWindow *self)
{
  g_return_val_if_fail (RL_IS_WINDOW (self), NULL);

  return self->doc_model;
}

void
rl_window_select_document (RlWindow *self,
                           guint     position)
{
  g_return_if_fail (RL_IS_WINDOW (self));

  rl_list_filler_reveal (self->doc_filler, position);
  gtk_single_selection_set_selected (self->doc_selection, position);
}

const char *
rl_window_get_last_toast (RlWindow *self)
{
  g_return_val_if_fail (RL_IS_WINDOW (self), NULL);

  return self->last_toast;
}
