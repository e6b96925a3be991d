#define G_LOG_DOMAIN "rl-clause-item"

#include "config.h"

#include "rl-clause-item.h"

struct _RlClauseItem
{
  GObject   parent_instance;
  RlClause *clause;
  guint     group_count;
  guint     group_start : 1;
};

G_DEFINE_FINAL_TYPE (RlClauseItem, rl_clause_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATUS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
rl_clause_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RlClauseItem *self = RL_CLAUSE_ITEM (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_int (value, self->clause->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rl_clause_item_finalize (GObject *object)
{
  RlClauseItem *self = (RlClauseItem *) object;

  g_clear_pointer (&self->clause, rl_clause_free);

  G_OBJECT_CLASS (rl_clause_item_parent_class)->finalize (object);
}

static void
rl_clause_item_class_init (RlClauseItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rl_clause_item_finalize;
  object_class->get_property = rl_clause_item_get_property;

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      RL_STATUS_UNREVIEWED, RL_STATUS_DISMISSED, RL_STATUS_UNREVIEWED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rl_clause_item_init (RlClauseItem *self)
{
}

RlClauseItem *
rl_clause_item_new (RlClause *clause,
                    gboolean  group_start,
                    guint     group_count)
{
  RlClauseItem *self;

  g_return_val_if_fail (clause != NULL, NULL);

  self = g_object_new (RL_TYPE_CLAUSE_ITEM, NULL);
  self->clause = clause;
  self->group_start = !!group_start;
  self->group_count = group_count;

  return self;
}

const RlClause *
rl_clause_item_get_clause (RlClauseItem *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_ITEM (self), NULL);

  return self->clause;
}

gint64
rl_clause_item_get_id (RlClauseItem *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_ITEM (self), 0);

  return self->clause->id;
}

RlStatus
rl_clause_item_get_status (RlClauseItem *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_ITEM (self), RL_STATUS_UNREVIEWED);

  return self->clause->status;
}

gboolean
rl_clause_item_get_group_start (RlClauseItem *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_ITEM (self), FALSE);

  return self->group_start;
}

guint
rl_clause_item_get_group_count (RlClauseItem *self)
{
  g_return_val_if_fail (RL_IS_CLAUSE_ITEM (self), 0);

  return self->group_count;
}

void
rl_clause_item_set_status (RlClauseItem *self,
                           RlStatus      status)
{
  g_return_if_fail (RL_IS_CLAUSE_ITEM (self));

  if (self->clause->status == status)
    return;

  self->clause->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
rl_clause_item_set_note (RlClauseItem *self,
                         const char   *note)
{
  g_return_if_fail (RL_IS_CLAUSE_ITEM (self));

  g_free (self->clause->note);
  self->clause->note = g_strdup (note != NULL ? note : "");
}
