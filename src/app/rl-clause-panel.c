#define G_LOG_DOMAIN "rl-clause-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rl-clause-panel.h"
#include "rl-clause-row.h"
#include "rl-colors.h"
#include "rl-list-filler.h"
#include "rl-profile.h"
#include "rl-query.h"

/* A note is written this long after the last keystroke. */
#define NOTE_DELAY_MS 500

struct _RlClausePanel
{
  GtkWidget           parent_instance;

  GtkToggleButton    *document_toggle;
  GtkToggleButton    *project_toggle;
  GtkDropDown        *category_dropdown;
  GtkDropDown        *severity_dropdown;
  GtkDropDown        *status_dropdown;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkWidget          *detail_box;
  GtkLabel           *detail_label;
  GtkEntry           *note_entry;

  RlStore            *store;     /* borrowed */
  RlQueryStore       *qs;        /* list queries off the main thread, or NULL */
  GCancellable       *reload_cancellable;
  RlProfileSpan      *filter_span;  /* REDLINE_PROFILE: a filter change */
  gint64              doc_id;
  RlClauseModel      *model;
  RlListFiller       *filler;    /* feeds list_view the model a screen a frame */
  GtkSingleSelection *selection;

  gint64              note_clause;
  guint               note_timeout;
  gboolean            updating_note;
};

G_DEFINE_FINAL_TYPE (RlClausePanel, rl_clause_panel, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_WHOLE_PROJECT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CLAUSE_SELECTED, LOADED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
write_note (RlClausePanel *self)
{
  g_autoptr(GError) error = NULL;
  const char *text;
  guint pos;

  g_clear_handle_id (&self->note_timeout, g_source_remove);

  if (self->store == NULL || self->note_clause == 0)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
  if (!rl_store_set_note (self->store, self->note_clause, text, &error))
    {
      g_warning ("Could not save the note: %s", error->message);
      return;
    }

  pos = rl_clause_model_find (self->model, self->note_clause);
  if (pos != G_MAXUINT)
    {
      g_autoptr(RlClauseItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), pos);

      if (item != NULL)
        rl_clause_item_set_note (item, text);
    }
}

void
rl_clause_panel_flush_note (RlClausePanel *self)
{
  g_return_if_fail (RL_IS_CLAUSE_PANEL (self));

  if (self->note_timeout != 0)
    write_note (self);
}

static gboolean
note_timeout_cb (gpointer data)
{
  RlClausePanel *self = data;

  self->note_timeout = 0;
  write_note (self);

  return G_SOURCE_REMOVE;
}

static void
note_changed_cb (RlClausePanel *self,
                 GtkEditable   *editable)
{
  if (self->updating_note || self->note_clause == 0)
    return;

  g_clear_handle_id (&self->note_timeout, g_source_remove);
  self->note_timeout = g_timeout_add (NOTE_DELAY_MS, note_timeout_cb, self);
}

static void
update_detail (RlClausePanel *self)
{
  g_autoptr(RlClauseItem) item = rl_clause_panel_get_selected (self);

  rl_clause_panel_flush_note (self);

  self->updating_note = TRUE;
  if (item == NULL)
    {
      self->note_clause = 0;
      gtk_label_set_text (self->detail_label, _("Select a clause to review it."));
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
      gtk_widget_set_sensitive (self->detail_box, FALSE);
    }
  else
    {
      const RlClause *clause = rl_clause_item_get_clause (item);

      self->note_clause = clause->id;
      gtk_label_set_text (self->detail_label, clause->messages != NULL ? clause->messages : "");
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), clause->note != NULL ? clause->note : "");
      gtk_widget_set_sensitive (self->detail_box, TRUE);
    }
  self->updating_note = FALSE;
}

static void
selection_changed_cb (RlClausePanel      *self,
                      guint               position,
                      guint               n_items,
                      GtkSingleSelection *selection)
{
  g_autoptr(RlClauseItem) item = rl_clause_panel_get_selected (self);

  update_detail (self);
  g_signal_emit (self, signals[CLAUSE_SELECTED], 0, item);
}

static void
update_count (RlClausePanel *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u clause", "%u clauses", n), n);
  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

void
rl_clause_panel_get_query (RlClausePanel *self,
                           RlClauseQuery *query)
{
  static const int severities[] = { -1, RL_SEVERITY_HIGH, RL_SEVERITY_MEDIUM, RL_SEVERITY_LOW };
  guint cat, sev, status;

  g_return_if_fail (RL_IS_CLAUSE_PANEL (self));

  cat = gtk_drop_down_get_selected (self->category_dropdown);
  sev = gtk_drop_down_get_selected (self->severity_dropdown);
  status = gtk_drop_down_get_selected (self->status_dropdown);

  memset (query, 0, sizeof *query);
  query->doc_id = rl_clause_panel_get_whole_project (self) ? 0 : self->doc_id;
  query->category = (cat == GTK_INVALID_LIST_POSITION || cat == 0) ? -1 : (int) cat - 1;
  query->severity = sev < G_N_ELEMENTS (severities) ? severities[sev] : -1;
  /* The last entry: reviews whose clause the pack no longer matches. */
  query->orphaned = status == RL_N_STATUSES + 1;
  query->status = (status == GTK_INVALID_LIST_POSITION || status == 0 || query->orphaned)
                  ? -1 : (int) status - 1;
}

static void
clause_ids_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RlClausePanel) self = user_data;
  g_autoptr(GError) error = NULL;
  GArray *groups = NULL;
  GArray *ids;

  ids = rl_query_clause_ids_finish (result, &groups, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->reload_cancellable);
  if (ids == NULL)
    g_warning ("Could not list clauses: %s", error->message);
  rl_list_filler_restart (self->filler);
  rl_clause_model_set_ids (self->model, ids != NULL ? self->store : NULL, ids, groups);

  update_count (self);
  update_detail (self);
  rl_profile_span_end (&self->filter_span);
  g_signal_emit (self, signals[LOADED], 0);
}

void
rl_clause_panel_reload (RlClausePanel *self)
{
  g_autoptr(GError) error = NULL;
  RlClauseQuery query;
  RlStore *store = self->store;
  RlRulePack *pack;

  g_return_if_fail (RL_IS_CLAUSE_PANEL (self));

  rl_clause_panel_flush_note (self);
  rl_clause_panel_get_query (self, &query);

  /* In document scope with no document, show nothing rather than all. */
  if (!rl_clause_panel_get_whole_project (self) && self->doc_id == 0)
    store = NULL;

  /* Drop the selection first: GtkSingleSelection looks for a removed
   * selected item among all the added ones, one get_item each. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  rl_list_filler_shrink (self->filler);

  /* A newer query replaces one still running. */
  if (self->reload_cancellable != NULL)
    {
      g_cancellable_cancel (self->reload_cancellable);
      g_clear_object (&self->reload_cancellable);
    }

  if (store != NULL && self->qs != NULL)
    {
      pack = rl_store_get_pack (store);
      self->reload_cancellable = g_cancellable_new ();
      rl_query_clause_ids_async (self->qs, &query,
                                 pack != NULL ? rl_rule_pack_get_n_categories (pack) : 0,
                                 self->reload_cancellable, clause_ids_cb, g_object_ref (self));
      return;
    }

  rl_list_filler_restart (self->filler);
  if (!rl_clause_model_reload (self->model, store, &query, &error))
    {
      g_warning ("Could not list clauses: %s", error->message);
      rl_clause_model_reload (self->model, NULL, NULL, NULL);
    }

  update_count (self);
  update_detail (self);
  rl_profile_span_end (&self->filter_span);
  g_signal_emit (self, signals[LOADED], 0);
}

gboolean
rl_clause_panel_is_loading (RlClausePanel *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_PANEL (self), FALSE);

  return self->reload_cancellable != NULL || rl_list_filler_is_filling (self->filler);
}

static void
filter_changed_cb (RlClausePanel *self)
{
  /* A change while one is loading keeps timing from the first. */
  if (rl_profile_enabled () && self->filter_span == NULL)
    self->filter_span = rl_profile_span_begin (GTK_WIDGET (self), "clause filter until the list is updated");
  rl_clause_panel_reload (self);
}

static void
scope_toggled_cb (RlClausePanel   *self,
                  GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (rl_profile_enabled () && self->filter_span == NULL)
    self->filter_span = rl_profile_span_begin (GTK_WIDGET (self), "clause scope until the list is updated");
  rl_clause_panel_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WHOLE_PROJECT]);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              RlClausePanel            *self)
{
  gtk_list_item_set_child (list_item, rl_clause_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             RlClausePanel            *self)
{
  RlClauseItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);

  rl_clause_row_set_item (RL_CLAUSE_ROW (row), item,
                          self->store != NULL ? rl_store_get_pack (self->store) : NULL,
                          rl_clause_panel_get_whole_project (self));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RlClausePanel            *self)
{
  rl_clause_row_set_item (RL_CLAUSE_ROW (gtk_list_item_get_child (list_item)), NULL, NULL, FALSE);
}

static void
rl_clause_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RlClausePanel *self = RL_CLAUSE_PANEL (object);

  switch (prop_id)
    {
    case PROP_WHOLE_PROJECT:
      g_value_set_boolean (value, rl_clause_panel_get_whole_project (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_clause_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RlClausePanel *self = RL_CLAUSE_PANEL (object);

  switch (prop_id)
    {
    case PROP_WHOLE_PROJECT:
      rl_clause_panel_set_whole_project (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_clause_panel_dispose (GObject *object)
{
  RlClausePanel *self = RL_CLAUSE_PANEL (object);

  rl_clause_panel_flush_note (self);
  g_clear_handle_id (&self->note_timeout, g_source_remove);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  g_clear_pointer (&self->filler, rl_list_filler_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), RL_TYPE_CLAUSE_PANEL);
  /* Children the template does not bind are ours to unparent. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);
  if (self->reload_cancellable != NULL)
    g_cancellable_cancel (self->reload_cancellable);
  g_clear_object (&self->reload_cancellable);
  rl_profile_span_cancel (&self->filter_span);
  g_clear_pointer (&self->qs, rl_query_store_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (rl_clause_panel_parent_class)->dispose (object);
}

static void
rl_clause_panel_class_init (RlClausePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rl_clause_panel_dispose;
  object_class->get_property = rl_clause_panel_get_property;
  object_class->set_property = rl_clause_panel_set_property;

  properties[PROP_WHOLE_PROJECT] =
    g_param_spec_boolean ("whole-project", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The selected clause changed (NULL: none selected). */
  signals[CLAUSE_SELECTED] =
    g_signal_new ("clause-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RL_TYPE_CLAUSE_ITEM);

  /* The list shows the result of the latest reload. */
  signals[LOADED] =
    g_signal_new ("loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  rl_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/redlinedesk/Redline/rl-clause-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, document_toggle);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, project_toggle);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, severity_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, list_view);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, detail_box);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, detail_label);
  gtk_widget_class_bind_template_child (widget_class, RlClausePanel, note_entry);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
add_list_shortcut (GtkShortcutController *controller,
                   guint                  key,
                   const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                                                          gtk_named_action_new (action)));
}

static void
rl_clause_panel_init (RlClausePanel *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = rl_clause_model_new ();
  self->filler = rl_list_filler_new (GTK_WIDGET (self->list_view), G_LIST_MODEL (self->model));
  self->selection = gtk_single_selection_new (g_object_ref (rl_list_filler_get_model (self->filler)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* Single keys while the list has focus: review without reaching for Ctrl. */
  shortcuts = gtk_shortcut_controller_new ();
  add_list_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_c, "win.confirm");
  add_list_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_d, "win.dismiss");
  add_list_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_u, "win.reset");
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), shortcuts);

  g_signal_connect_object (self->note_entry, "changed",
                           G_CALLBACK (note_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_dropdown, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->severity_dropdown, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_dropdown, "notify::selected",
                           G_CALLBACK (filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document_toggle, "toggled",
                           G_CALLBACK (scope_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project_toggle, "toggled",
                           G_CALLBACK (scope_toggled_cb), self, G_CONNECT_SWAPPED);

  update_count (self);
}

GtkWidget *
rl_clause_panel_new (void)
{
  return g_object_new (RL_TYPE_CLAUSE_PANEL, NULL);
}

static void
rebuild_category_dropdown (RlClausePanel *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  RlRulePack *pack = self->store != NULL ? rl_store_get_pack (self->store) : NULL;
  guint n = pack != NULL ? rl_rule_pack_get_n_categories (pack) : 0;

  gtk_string_list_append (list, _("All categories"));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, rl_colors_category_name (pack, i));

  g_signal_handlers_block_by_func (self->category_dropdown, filter_changed_cb, self);
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->category_dropdown, filter_changed_cb, self);
}

void
rl_clause_panel_set_store (RlClausePanel *self,
                           RlStore       *store,
                           RlQueryStore  *qs)
{
  g_return_if_fail (RL_IS_CLAUSE_PANEL (self));

  rl_clause_panel_flush_note (self);
  if (qs != NULL)
    rl_query_store_ref (qs);
  g_clear_pointer (&self->qs, rl_query_store_unref);
  self->qs = qs;
  /* The same project with a new pack or connection keeps its document. */
  if (self->store != store)
    self->doc_id = 0;
  self->store = store;
  self->note_clause = 0;
  rebuild_category_dropdown (self);
  rl_clause_panel_reload (self);
}

void
rl_clause_panel_set_document (RlClausePanel *self,
                              gint64         doc_id)
{
  g_return_if_fail (RL_IS_CLAUSE_PANEL (self));

  if (self->doc_id == doc_id)
    return;

  self->doc_id = doc_id;
  if (!rl_clause_panel_get_whole_project (self))
    rl_clause_panel_reload (self);
}

gboolean
rl_clause_panel_get_whole_project (RlClausePanel *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_PANEL (self), FALSE);

  return gtk_toggle_button_get_active (self->project_toggle);
}

void
rl_clause_panel_set_whole_project (RlClausePanel *self,
                                   gboolean       whole_project)
{
  g_return_if_fail (RL_IS_CLAUSE_PANEL (self));

  if (whole_project == rl_clause_panel_get_whole_project (self))
    return;

  /* The toggled handler reloads and notifies. */
  if (whole_project)
    gtk_toggle_button_set_active (self->project_toggle, TRUE);
  else
    gtk_toggle_button_set_active (self->document_toggle, TRUE);
}

RlClauseModel *
rl_clause_panel_get_model (RlClausePanel *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_PANEL (self), NULL);

  return self->model;
}

RlClauseItem *
rl_clause_panel_get_selected (RlClausePanel *self)
{
  gpointer item;

  g_return_val_if_fail (RL_IS_CLAUSE_PANEL (self), NULL);

  item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? g_object_ref (item) : NULL;
}

gboolean
rl_clause_panel_select_clause (RlClausePanel *self,
                               gint64         clause_id)
{
  guint pos;

  g_return_val_if_fail (RL_IS_CLAUSE_PANEL (self), FALSE);

  pos = rl_clause_model_find (self->model, clause_id);
  if (pos == G_MAXUINT)
    return FALSE;

  rl_list_filler_reveal (self->filler, pos);
  if (gtk_single_selection_get_selected (self->selection) != pos)
    gtk_single_selection_set_selected (self->selection, pos);

  /* Bring the row into view: GTK 4.8 has no scroll_to; activating the
   * row's action is what keeps focus and view on it. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", pos);

  return TRUE;
}

gboolean
rl_clause_panel_review_selected (RlClausePanel  *self,
                                 RlStatus        status,
                                 GError        **error)
{
  g_autoptr(RlClauseItem) item = NULL;
  guint pos;

  g_return_val_if_fail (RL_IS_CLAUSE_PANEL (self), FALSE);

  if (self->store == NULL || !(item = rl_clause_panel_get_selected (self)))
    return TRUE;

  rl_clause_panel_flush_note (self);

  if (!rl_store_review (self->store, rl_clause_item_get_id (item), status, NULL, error))
    return FALSE;

  rl_clause_item_set_status (item, status);

  /* Walking the list is the review's rhythm: move on after a decision. */
  pos = gtk_single_selection_get_selected (self->selection);
  if (status != RL_STATUS_UNREVIEWED &&
      pos + 1 < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    rl_clause_panel_select_clause (self, rl_clause_model_get_id (self->model, pos + 1));

  return TRUE;
}

void
rl_clause_panel_focus_list (RlClausePanel *self)
{
  g_return_if_fail (RL_IS_CLAUSE_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

GtkEditable *
rl_clause_panel_get_note_editable (RlClausePanel *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_PANEL (self), NULL);

  return GTK_EDITABLE (self->note_entry);
}
