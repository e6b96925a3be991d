/* rl-rule-pack.c: load a YAML rule pack and compile its patterns.
 *
 * The YAML comes from outside, so it is read with libyaml's event parser into
 * a small tree that refuses what a rule pack never needs (aliases, anchors,
 * tags, deep nesting, huge strings) before anything is expanded.  The tree is
 * then checked against the format (docs/rules.md), collecting every problem
 * with its position instead of stopping at the first. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <yaml.h>

#include "rl-rule-pack-private.h"
#include "rl-scanner.h"

G_DEFINE_QUARK (rl-rule-pack-error-quark, rl_rule_pack_error)

struct _RlRulePack
{
  gatomicrefcount  ref_count;
  char            *display_name;
  char            *id;
  int              version;
  GHashTable      *name;
  GHashTable      *description;
  char            *source;
  char            *hash;
  GPtrArray       *categories;  /* RlCategory* */
  GPtrArray       *rules;       /* RlRule* */
};

/* ------------------------------------------------------------------ */
/* The YAML tree */

typedef enum
{
  NODE_SCALAR,
  NODE_SEQUENCE,
  NODE_MAPPING,
  /* Stands in for something already reported (an alias, an oversized
   * string): checks skip it silently so one mistake gives one message. */
  NODE_INVALID,
} NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind   kind;
  guint      line;
  guint      column;
  gboolean   plain;   /* an unquoted scalar: "~" and "" are null */
  char      *value;   /* scalars */
  gsize      len;
  GPtrArray *items;   /* sequences: Node*; mappings: key, value, key, value, ... */
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_free (node->value);
  g_clear_pointer (&node->items, g_ptr_array_unref);
  g_free (node);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, node_free)

static Node *
node_new (NodeKind          kind,
          const yaml_mark_t *mark)
{
  Node *node = g_new0 (Node, 1);

  node->kind = kind;
  /* libyaml counts from 0; people count from 1. */
  node->line = mark->line + 1;
  node->column = mark->column + 1;
  if (kind == NODE_SEQUENCE || kind == NODE_MAPPING)
    node->items = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  return node;
}

static gboolean
node_is_null (const Node *node)
{
  if (node->kind != NODE_SCALAR || !node->plain)
    return FALSE;
  return node->len == 0 ||
         strcmp (node->value, "~") == 0 ||
         strcmp (node->value, "null") == 0 ||
         strcmp (node->value, "Null") == 0 ||
         strcmp (node->value, "NULL") == 0;
}

static const char *
node_kind_name (const Node *node)
{
  switch (node->kind)
    {
    case NODE_SCALAR:
      return node_is_null (node) ? _("nothing") : _("a string");
    case NODE_SEQUENCE:
      return _("a list");
    case NODE_MAPPING:
      return _("a mapping");
    case NODE_INVALID:
    default:
      return "?";
    }
}

/* ------------------------------------------------------------------ */
/* Problems */

typedef struct
{
  RlRulePackError  code;
  guint            line;
  guint            column;
  char            *text;
} Problem;

static void
problem_free (Problem *p)
{
  g_free (p->text);
  g_free (p);
}

typedef struct
{
  const char *display_name;
  const char *data;
  gsize       len;
  GPtrArray  *problems;     /* Problem* */
  gboolean    gave_up;      /* too many problems */
  guint       n_patterns;
} Loader;

static void add_problem (Loader          *l,
                         RlRulePackError  code,
                         guint            line,
                         guint            column,
                         const char      *format,
                         ...) G_GNUC_PRINTF (5, 6);

static void
add_problem (Loader          *l,
             RlRulePackError  code,
             guint            line,
             guint            column,
             const char      *format,
             ...)
{
  g_autofree char *msg = NULL;
  Problem *p;
  va_list args;

  if (l->gave_up)
    return;

  if (l->problems->len >= RL_RULE_PACK_MAX_PROBLEMS)
    {
      p = g_new0 (Problem, 1);
      p->code = code;
      p->line = G_MAXUINT;  /* sorts last */
      p->text = g_strdup_printf ("%s:%u:%u: %s", l->display_name, line, column,
                                 _("too many problems; giving up"));
      g_ptr_array_add (l->problems, p);
      l->gave_up = TRUE;
      return;
    }

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  p = g_new0 (Problem, 1);
  p->code = code;
  p->line = line;
  p->column = column;
  p->text = g_strdup_printf ("%s:%u:%u: %s", l->display_name, line, column, msg);
  g_ptr_array_add (l->problems, p);
}

static int
problem_cmp (gconstpointer a,
             gconstpointer b)
{
  const Problem *x = *(const Problem **) a, *y = *(const Problem **) b;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  return 0;
}

/* Line and column (1-based, columns in characters, like libyaml's marks) of
 * a byte offset into the source. */
static void
offset_to_position (Loader *l,
                    gsize   offset,
                    guint  *line,
                    guint  *column)
{
  guint ln = 1, col = 1;

  offset = MIN (offset, l->len);
  for (gsize i = 0; i < offset; i++)
    {
      guchar c = (guchar) l->data[i];

      if (c == '\n')
        {
          ln++;
          col = 1;
        }
      else if ((c & 0xC0) != 0x80)
        col++;
    }
  *line = ln;
  *column = col;
}

/* ------------------------------------------------------------------ */
/* Reading YAML events into a tree */

static void
report_parser_error (Loader        *l,
                     yaml_parser_t *parser)
{
  guint line, column;
  const char *problem = parser->problem ? parser->problem : _("invalid YAML");

  switch (parser->error)
    {
    case YAML_MEMORY_ERROR:
      add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, 1, 1, "%s", _("out of memory while reading YAML"));
      break;

    case YAML_READER_ERROR:
      offset_to_position (l, parser->problem_offset, &line, &column);
      add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, line, column, "%s", problem);
      break;

    case YAML_SCANNER_ERROR:
    case YAML_PARSER_ERROR:
    default:
      if (parser->context != NULL)
        add_problem (l, RL_RULE_PACK_ERROR_SYNTAX,
                     parser->problem_mark.line + 1, parser->problem_mark.column + 1,
                     "%s (%s at %u:%u)", problem, parser->context,
                     (guint) parser->context_mark.line + 1,
                     (guint) parser->context_mark.column + 1);
      else
        add_problem (l, RL_RULE_PACK_ERROR_SYNTAX,
                     parser->problem_mark.line + 1, parser->problem_mark.column + 1,
                     "%s", problem);
      break;
    }
}

/* Anchors and tags are refused: a pack needs neither, and refusing anchors
 * makes aliases pointless. */
static void
check_anchor_and_tag (Loader             *l,
                      const yaml_mark_t  *mark,
                      const yaml_char_t  *anchor,
                      const yaml_char_t  *tag)
{
  if (anchor != NULL)
    add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, mark->line + 1, mark->column + 1,
                 _("YAML anchors (&%s) are not allowed in a rule pack"),
                 (const char *) anchor);
  if (tag != NULL)
    add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, mark->line + 1, mark->column + 1,
                 _("YAML tags (%s) are not allowed in a rule pack"),
                 (const char *) tag);
}

static Node *
read_tree (Loader *l)
{
  yaml_parser_t parser;
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  Node *root = NULL;
  guint n_documents = 0;
  gboolean done = FALSE;
  gboolean failed = FALSE;
  const char *bad;

  /* libyaml would stop at the first bad byte with only an offset; say where
   * it is.  NUL is refused too: YAML does not allow it. */
  if (!g_utf8_validate_len (l->data, l->len, &bad))
    {
      guint line, column;

      offset_to_position (l, bad - l->data, &line, &column);
      if (*bad == '\0')
        add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, line, column, "%s",
                     _("NUL byte: a rule pack is UTF-8 text"));
      else
        add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, line, column,
                     _("invalid UTF-8 (byte 0x%02x): a rule pack is UTF-8 text"),
                     (guint) (guchar) *bad);
      return NULL;
    }

  if (!yaml_parser_initialize (&parser))
    {
      add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, 1, 1, "%s", _("out of memory while reading YAML"));
      return NULL;
    }
  yaml_parser_set_input_string (&parser, (const unsigned char *) l->data, l->len);
  yaml_parser_set_encoding (&parser, YAML_UTF8_ENCODING);

  while (!done && !l->gave_up)
    {
      yaml_event_t event;
      Node *node = NULL;
      const yaml_mark_t *mark;

      if (!yaml_parser_parse (&parser, &event))
        {
          report_parser_error (l, &parser);
          failed = TRUE;
          break;
        }
      mark = &event.start_mark;

      switch (event.type)
        {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        case YAML_NO_EVENT:
          break;

        case YAML_STREAM_END_EVENT:
          done = TRUE;
          break;

        case YAML_DOCUMENT_START_EVENT:
          if (++n_documents > 1)
            {
              add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, mark->line + 1, mark->column + 1,
                           "%s", _("a second YAML document: a rule pack is one document"));
              done = TRUE;
            }
          break;

        case YAML_ALIAS_EVENT:
          /* Never expanded: that is how "billion laughs" files blow up. */
          add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, mark->line + 1, mark->column + 1,
                       _("YAML aliases (*%s) are not allowed in a rule pack"),
                       (const char *) event.data.alias.anchor);
          node = node_new (NODE_INVALID, mark);
          break;

        case YAML_SCALAR_EVENT:
          check_anchor_and_tag (l, mark, event.data.scalar.anchor, event.data.scalar.tag);
          if (event.data.scalar.length > RL_RULE_PACK_MAX_SCALAR)
            {
              add_problem (l, RL_RULE_PACK_ERROR_INVALID, mark->line + 1, mark->column + 1,
                           _("string of %zu bytes is longer than the limit of %d bytes"),
                           (gsize) event.data.scalar.length, RL_RULE_PACK_MAX_SCALAR);
              node = node_new (NODE_INVALID, mark);
            }
          else if (memchr (event.data.scalar.value, '\0', event.data.scalar.length) != NULL ||
                   !g_utf8_validate_len ((const char *) event.data.scalar.value,
                                         event.data.scalar.length, NULL))
            {
              /* A double-quoted "\0" or a bad escape. */
              add_problem (l, RL_RULE_PACK_ERROR_INVALID, mark->line + 1, mark->column + 1,
                           "%s", _("string holds a NUL character or invalid UTF-8"));
              node = node_new (NODE_INVALID, mark);
            }
          else
            {
              node = node_new (NODE_SCALAR, mark);
              node->value = g_strndup ((const char *) event.data.scalar.value,
                                       event.data.scalar.length);
              node->len = event.data.scalar.length;
              node->plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            }
          break;

        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
          if (event.type == YAML_SEQUENCE_START_EVENT)
            check_anchor_and_tag (l, mark, event.data.sequence_start.anchor,
                                  event.data.sequence_start.tag);
          else
            check_anchor_and_tag (l, mark, event.data.mapping_start.anchor,
                                  event.data.mapping_start.tag);
          if (stack->len >= RL_RULE_PACK_MAX_DEPTH)
            {
              add_problem (l, RL_RULE_PACK_ERROR_SYNTAX, mark->line + 1, mark->column + 1,
                           _("nested deeper than %d levels"), RL_RULE_PACK_MAX_DEPTH);
              failed = TRUE;
              done = TRUE;
              break;
            }
          node = node_new (event.type == YAML_SEQUENCE_START_EVENT ? NODE_SEQUENCE : NODE_MAPPING,
                           mark);
          break;

        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          if (stack->len > 0)
            g_ptr_array_remove_index (stack, stack->len - 1);
          break;

        default:
          break;
        }

      if (node != NULL)
        {
          if (stack->len > 0)
            {
              Node *parent = g_ptr_array_index (stack, stack->len - 1);
              g_ptr_array_add (parent->items, node);
            }
          else if (root == NULL)
            root = node;
          else
            node_free (node);  /* cannot happen within one document */

          if (node->kind == NODE_SEQUENCE || node->kind == NODE_MAPPING)
            g_ptr_array_add (stack, node);
        }

      yaml_event_delete (&event);
    }

  yaml_parser_delete (&parser);

  if (failed || l->gave_up)
    {
      node_free (root);
      return NULL;
    }

  if (root == NULL)
    add_problem (l, RL_RULE_PACK_ERROR_INVALID, 1, 1, "%s",
                 _("empty file: expected a rule pack (a mapping with pack, version, categories and rules)"));

  return root;
}

/* ------------------------------------------------------------------ */
/* Checking values */

typedef struct
{
  const char  *key;
  gboolean     required;
  Node        *value;   /* out */
  Node        *key_node;
} Field;

/* Splits a mapping into known fields; reports unknown, duplicate and missing
 * keys.  Returns FALSE when node is not a mapping at all. */
static gboolean
get_fields (Loader     *l,
            Node       *node,
            const char *what,
            Field      *fields,
            guint       n_fields)
{
  if (node->kind == NODE_INVALID)
    return FALSE;

  if (node->kind != NODE_MAPPING)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("%s must be a mapping, found %s"), what, node_kind_name (node));
      return FALSE;
    }

  for (guint i = 0; i + 1 < node->items->len; i += 2)
    {
      Node *key = g_ptr_array_index (node->items, i);
      Node *value = g_ptr_array_index (node->items, i + 1);
      gboolean known = FALSE;

      if (key->kind == NODE_INVALID)
        continue;
      if (key->kind != NODE_SCALAR)
        {
          add_problem (l, RL_RULE_PACK_ERROR_INVALID, key->line, key->column,
                       _("a key must be a string, found %s"), node_kind_name (key));
          continue;
        }

      for (guint f = 0; f < n_fields; f++)
        {
          if (strcmp (fields[f].key, key->value) != 0)
            continue;
          known = TRUE;
          if (fields[f].key_node != NULL)
            add_problem (l, RL_RULE_PACK_ERROR_INVALID, key->line, key->column,
                         _("duplicate key \"%s\" (first at line %u)"),
                         key->value, fields[f].key_node->line);
          else
            {
              fields[f].key_node = key;
              fields[f].value = value;
            }
          break;
        }

      if (!known)
        {
          g_autoptr(GString) expected = g_string_new (NULL);

          for (guint f = 0; f < n_fields; f++)
            g_string_append_printf (expected, "%s%s", f ? ", " : "", fields[f].key);
          add_problem (l, RL_RULE_PACK_ERROR_INVALID, key->line, key->column,
                       _("unknown key \"%s\" in %s (expected one of: %s)"),
                       key->value, what, expected->str);
        }
    }

  for (guint f = 0; f < n_fields; f++)
    if (fields[f].required && fields[f].value == NULL)
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("%s is missing required key \"%s\""), what, fields[f].key);

  return TRUE;
}

/* A non-null scalar.  The caller owns nothing: the string lives in the node. */
static const char *
get_string (Loader     *l,
            Node       *node,
            const char *key)
{
  if (node->kind == NODE_INVALID)
    return NULL;
  if (node->kind != NODE_SCALAR || node_is_null (node))
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" must be a string, found %s"), key, node_kind_name (node));
      return NULL;
    }
  return node->value;
}

/* What was found where something else was expected, for messages. */
static char *
describe_node (const Node *node)
{
  if (node->kind == NODE_SCALAR && !node_is_null (node))
    {
      /* g_utf8_substring reads past the end of a shorter string. */
      glong n = g_utf8_strlen (node->value, -1);
      g_autofree char *head = g_utf8_substring (node->value, 0, MIN (n, 40));
      return g_strdup_printf ("\"%s%s\"", head, n > 40 ? "…" : "");
    }
  return g_strdup (node_kind_name (node));
}

static gboolean
get_int (Loader     *l,
         Node       *node,
         const char *key,
         gint64      min,
         gint64      max,
         gint64     *out)
{
  if (node->kind == NODE_INVALID)
    return FALSE;
  if (node->kind != NODE_SCALAR ||
      !g_ascii_string_to_signed (node->value, 10, min, max, out, NULL))
    {
      g_autofree char *found = describe_node (node);

      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" must be an integer from %d to %d, found %s"),
                   key, (int) min, (int) max, found);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_valid_id (const char *s)
{
  gsize n = strlen (s);

  if (n == 0 || n > 64 || !g_ascii_isalnum (s[0]))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
      return FALSE;
  return TRUE;
}

static const char *
get_id (Loader     *l,
        Node       *node,
        const char *key)
{
  const char *s = get_string (l, node, key);

  if (s != NULL && !is_valid_id (s))
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" is not a valid id: use 1 to 64 ASCII letters, digits, \"-\", \"_\" or \".\", starting with a letter or digit"),
                   s);
      return NULL;
    }
  return s;
}

/* "zh_CN", "zh-Hans", "pt_BR", "sr@latin"; '-' is read as '_' to match
 * g_get_language_names(). */
static char *
normalize_language_tag (const char *tag)
{
  gsize n = strlen (tag);
  gsize i = 0;
  char *out;

  while (i < n && g_ascii_isalpha (tag[i]))
    i++;
  if (i < 2 || i > 8)
    return NULL;
  while (i < n && (tag[i] == '_' || tag[i] == '-'))
    {
      gsize start = ++i;
      while (i < n && g_ascii_isalnum (tag[i]))
        i++;
      if (i == start || i - start > 8)
        return NULL;
    }
  if (i < n && tag[i] == '@')
    {
      gsize start = ++i;
      while (i < n && g_ascii_isalnum (tag[i]))
        i++;
      if (i == start)
        return NULL;
    }
  if (i != n)
    return NULL;

  out = g_strdup (tag);
  g_strdelimit (out, "-", '_');
  return out;
}

/* A plain string, or a map of language tags with "en". */
static GHashTable *
get_localized (Loader     *l,
               Node       *node,
               const char *key)
{
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (node->kind == NODE_INVALID)
    return NULL;

  if (node->kind == NODE_SCALAR)
    {
      const char *s = get_string (l, node, key);

      if (s == NULL)
        return NULL;
      g_hash_table_insert (map, g_strdup ("en"), g_strdup (s));
      return g_steal_pointer (&map);
    }

  if (node->kind != NODE_MAPPING)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" must be a string or a map of language tags to strings, found %s"),
                   key, node_kind_name (node));
      return NULL;
    }

  for (guint i = 0; i + 1 < node->items->len; i += 2)
    {
      Node *k = g_ptr_array_index (node->items, i);
      Node *v = g_ptr_array_index (node->items, i + 1);
      g_autofree char *tag = NULL;
      const char *s;

      if (k->kind == NODE_INVALID)
        continue;
      if (k->kind != NODE_SCALAR || (tag = normalize_language_tag (k->value)) == NULL)
        {
          add_problem (l, RL_RULE_PACK_ERROR_INVALID, k->line, k->column,
                       _("\"%s\" is not a language tag (such as en or zh_CN)"),
                       k->kind == NODE_SCALAR ? k->value : node_kind_name (k));
          continue;
        }
      if (g_hash_table_contains (map, tag))
        {
          add_problem (l, RL_RULE_PACK_ERROR_INVALID, k->line, k->column,
                       _("duplicate key \"%s\""), k->value);
          continue;
        }
      if ((s = get_string (l, v, key)) == NULL)
        continue;
      g_hash_table_insert (map, g_steal_pointer (&tag), g_strdup (s));
    }

  if (!g_hash_table_contains (map, "en"))
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" has no \"en\" entry (English is required)"), key);
      return NULL;
    }

  return g_steal_pointer (&map);
}

/* A string or a non-empty list of strings: returns the scalar nodes. */
static GPtrArray *
get_string_list (Loader     *l,
                 Node       *node,
                 const char *key)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  gboolean ok = TRUE;

  if (node->kind == NODE_INVALID)
    return NULL;

  if (node->kind == NODE_SCALAR)
    {
      if (get_string (l, node, key) == NULL)
        return NULL;
      g_ptr_array_add (out, node);
      return g_steal_pointer (&out);
    }

  if (node->kind != NODE_SEQUENCE)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" must be a string or a list of strings, found %s"),
                   key, node_kind_name (node));
      return NULL;
    }

  if (node->items->len == 0)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" is an empty list"), key);
      return NULL;
    }

  for (guint i = 0; i < node->items->len; i++)
    {
      Node *item = g_ptr_array_index (node->items, i);

      if (get_string (l, item, key) == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (out, item);
    }

  return ok ? g_steal_pointer (&out) : NULL;
}

/* ------------------------------------------------------------------ */
/* Packs, categories and rules */

static void
category_free (RlCategory *category)
{
  g_free (category->id);
  g_clear_pointer (&category->name, g_hash_table_unref);
  g_free (category->color);
  g_free (category);
}

static void
pattern_free (RlPattern *pattern)
{
  g_clear_pointer (&pattern->code, pcre2_code_free);
  g_free (pattern->source);
  g_clear_pointer (&pattern->literals, g_ptr_array_unref);
  g_clear_pointer (&pattern->window_literals, g_ptr_array_unref);
  g_free (pattern);
}

static void
example_free (RlExample *example)
{
  g_free (example->text);
  g_free (example);
}

static void
rule_free (RlRule *rule)
{
  g_free (rule->id);
  g_clear_pointer (&rule->message, g_hash_table_unref);
  g_clear_pointer (&rule->description, g_hash_table_unref);
  g_clear_pointer (&rule->patterns, g_ptr_array_unref);
  g_clear_pointer (&rule->unless, g_ptr_array_unref);
  g_clear_pointer (&rule->near, g_ptr_array_unref);
  g_clear_pointer (&rule->match_examples, g_ptr_array_unref);
  g_clear_pointer (&rule->no_match_examples, g_ptr_array_unref);
  g_free (rule->hash);
  g_free (rule);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlPattern, pattern_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlRule, rule_free)

static RlPattern *
compile_pattern (Loader     *l,
                 Node       *node,
                 const char *rule_id,
                 const char *key,
                 RlRuleFlags flags)
{
  RlPattern *pattern;
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_NEVER_BACKSLASH_C;
  int errcode = 0;
  PCRE2_SIZE erroffset = 0;
  pcre2_code *code;

  if (node->len == 0)
    {
      add_problem (l, RL_RULE_PACK_ERROR_BAD_REGEX, node->line, node->column,
                   _("rule %s: \"%s\" is an empty pattern"), rule_id, key);
      return NULL;
    }

  if (++l->n_patterns > RL_RULE_PACK_MAX_PATTERNS)
    {
      if (l->n_patterns == RL_RULE_PACK_MAX_PATTERNS + 1)
        add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                     _("more than %d patterns: a rule pack may hold at most that many"),
                     RL_RULE_PACK_MAX_PATTERNS);
      return NULL;
    }

  if (flags & RL_RULE_FLAG_CASELESS)
    options |= PCRE2_CASELESS;
  /* The scanner bounds where a rule's own patterns may start matching
   * (around literal occurrences); unless and near run plainly. */
  if (strcmp (key, "pattern") == 0)
    options |= PCRE2_USE_OFFSET_LIMIT;

  /* The scalar was checked to be valid UTF-8 when it was read. */
  code = pcre2_compile ((PCRE2_SPTR) node->value, node->len, options,
                        &errcode, &erroffset, NULL);
  if (code == NULL)
    {
      PCRE2_UCHAR buf[256];
      glong at;

      pcre2_get_error_message (errcode, buf, sizeof buf);
      erroffset = MIN (erroffset, node->len);
      at = g_utf8_pointer_to_offset (node->value, node->value + erroffset);
      add_problem (l, RL_RULE_PACK_ERROR_BAD_REGEX, node->line, node->column,
                   _("rule %s: \"%s\" does not compile: %s (at character %ld of the pattern)"),
                   rule_id, key, (const char *) buf, at + 1);
      return NULL;
    }

  /* Without JIT (not built, or no executable memory) pcre2_match falls back
   * to the interpreter by itself. */
  pcre2_jit_compile (code, PCRE2_JIT_COMPLETE);

  pattern = g_new0 (RlPattern, 1);
  pattern->code = code;
  pattern->source = g_strndup (node->value, node->len);
  pattern->source_len = node->len;
  pattern->line = node->line;
  pattern->column = node->column;
  pattern->literals_caseless = (flags & RL_RULE_FLAG_CASELESS) != 0;
  pattern->offset_limit = (options & PCRE2_USE_OFFSET_LIMIT) != 0;
  rl_pattern_literals (node->value, node->len, pattern->literals_caseless,
                       &pattern->literals, &pattern->window_literals, &pattern->window_prefix);
  return pattern;
}

static GPtrArray *
compile_pattern_list (Loader     *l,
                      Node       *node,
                      const char *rule_id,
                      const char *key,
                      RlRuleFlags flags)
{
  g_autoptr(GPtrArray) nodes = get_string_list (l, node, key);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) pattern_free);
  gboolean ok = TRUE;

  if (nodes == NULL)
    return NULL;

  for (guint i = 0; i < nodes->len; i++)
    {
      RlPattern *p = compile_pattern (l, g_ptr_array_index (nodes, i), rule_id, key, flags);

      if (p == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (out, p);
    }
  return ok ? g_steal_pointer (&out) : NULL;
}

static GPtrArray *
get_examples (Loader     *l,
              Node       *node,
              const char *key)
{
  g_autoptr(GPtrArray) nodes = get_string_list (l, node, key);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) example_free);

  for (guint i = 0; nodes != NULL && i < nodes->len; i++)
    {
      Node *n = g_ptr_array_index (nodes, i);
      RlExample *ex = g_new0 (RlExample, 1);

      ex->text = g_strndup (n->value, n->len);
      ex->line = n->line;
      ex->column = n->column;
      g_ptr_array_add (out, ex);
    }
  return out;
}

static void
checksum_add_string (GChecksum  *checksum,
                     const char *s,
                     gsize       len)
{
  char prefix[32];

  /* Length-prefixed, so ["ab", "c"] and ["a", "bc"] differ. */
  g_snprintf (prefix, sizeof prefix, "%" G_GSIZE_FORMAT ":", len);
  g_checksum_update (checksum, (const guchar *) prefix, strlen (prefix));
  g_checksum_update (checksum, (const guchar *) s, len);
}

static void
checksum_add_patterns (GChecksum  *checksum,
                       const char *what,
                       GPtrArray  *patterns)
{
  checksum_add_string (checksum, what, strlen (what));
  for (guint i = 0; patterns != NULL && i < patterns->len; i++)
    {
      RlPattern *p = g_ptr_array_index (patterns, i);
      checksum_add_string (checksum, p->source, p->source_len);
    }
}

static char *
compute_rule_hash (RlRule     *rule,
                   RlCategory *category)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  char buf[64];

  checksum_add_string (checksum, "redline-rule-1", strlen ("redline-rule-1"));
  checksum_add_string (checksum, category->id, strlen (category->id));
  g_snprintf (buf, sizeof buf, "flags=%u;within=%u", (guint) rule->flags, rule->near_within);
  checksum_add_string (checksum, buf, strlen (buf));
  checksum_add_patterns (checksum, "pattern", rule->patterns);
  checksum_add_patterns (checksum, "unless", rule->unless);
  checksum_add_patterns (checksum, "near", rule->near);
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
parse_color (const char *s)
{
  if (strlen (s) != 7 || s[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

static void
load_category (Loader     *l,
               RlRulePack *pack,
               Node       *node)
{
  Field fields[] = {
    { "id", TRUE }, { "name", TRUE }, { "color", TRUE }, { "severity", FALSE },
    { "description", FALSE },
  };
  g_autoptr(GHashTable) name = NULL;
  const char *id = NULL, *color = NULL, *severity = NULL;
  RlSeverity sev = RL_SEVERITY_MEDIUM;
  RlCategory *category;

  if (!get_fields (l, node, _("a category"), fields, G_N_ELEMENTS (fields)))
    return;

  if (fields[0].value && (id = get_id (l, fields[0].value, "id")) != NULL &&
      rl_rule_pack_find_category (pack, id) >= 0)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, fields[0].value->line, fields[0].value->column,
                   _("duplicate category id \"%s\""), id);
      id = NULL;
    }

  if (fields[1].value)
    name = get_localized (l, fields[1].value, "name");

  if (fields[2].value && (color = get_string (l, fields[2].value, "color")) != NULL &&
      !parse_color (color))
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, fields[2].value->line, fields[2].value->column,
                   _("\"%s\" is not a colour: write \"#rrggbb\", quoted"), color);
      color = NULL;
    }

  if (fields[3].value && (severity = get_string (l, fields[3].value, "severity")) != NULL &&
      !rl_severity_from_string (severity, &sev))
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, fields[3].value->line, fields[3].value->column,
                   _("\"%s\" is not a severity: use high, medium or low"), severity);
    }

  if (fields[4].value)
    {
      /* Checked, but nothing shows category descriptions yet. */
      g_autoptr(GHashTable) description = get_localized (l, fields[4].value, "description");
    }

  /* Keep the category even when broken elsewhere if its id is good, so
   * rules naming it do not each report an unknown category. */
  if (id == NULL)
    return;

  category = g_new0 (RlCategory, 1);
  category->id = g_strdup (id);
  category->name = name ? g_steal_pointer (&name) : NULL;
  category->color = g_ascii_strdown (color ? color : "#808080", -1);
  category->severity = sev;
  if (category->name == NULL)
    {
      category->name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (category->name, g_strdup ("en"), g_strdup (id));
    }
  g_ptr_array_add (pack->categories, category);
}

static gboolean
get_flags (Loader      *l,
           Node        *node,
           RlRuleFlags *out)
{
  gboolean ok = TRUE;

  *out = 0;
  if (node->kind == NODE_INVALID)
    return FALSE;
  if (node->kind != NODE_SEQUENCE)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"flags\" must be a list of strings (such as [caseless]), found %s"),
                   node_kind_name (node));
      return FALSE;
    }
  for (guint i = 0; i < node->items->len; i++)
    {
      Node *item = g_ptr_array_index (node->items, i);
      const char *s = get_string (l, item, "flags");

      if (s == NULL)
        ok = FALSE;
      else if (strcmp (s, "caseless") == 0)
        *out |= RL_RULE_FLAG_CASELESS;
      else
        {
          add_problem (l, RL_RULE_PACK_ERROR_INVALID, item->line, item->column,
                       _("unknown flag \"%s\" (known flags: caseless)"), s);
          ok = FALSE;
        }
    }
  return ok;
}

static void
load_rule (Loader     *l,
           RlRulePack *pack,
           GHashTable *rule_ids,
           Node       *node)
{
  enum { F_ID, F_CATEGORY, F_SEVERITY, F_MESSAGE, F_PATTERN, F_FLAGS, F_UNLESS,
         F_NEAR, F_EXAMPLES, F_DESCRIPTION };
  Field fields[] = {
    { "id", TRUE }, { "category", TRUE }, { "severity", FALSE }, { "message", TRUE },
    { "pattern", TRUE }, { "flags", FALSE }, { "unless", FALSE }, { "near", FALSE },
    { "examples", FALSE }, { "description", FALSE },
  };
  g_autoptr(RlRule) rule = g_new0 (RlRule, 1);
  const char *id = NULL;
  const char *what_id;
  gboolean ok = TRUE;
  int category = -1;

  if (!get_fields (l, node, _("a rule"), fields, G_N_ELEMENTS (fields)))
    return;

  rule->line = node->line;
  rule->column = node->column;
  rule->unless = g_ptr_array_new_with_free_func ((GDestroyNotify) pattern_free);
  rule->near = g_ptr_array_new_with_free_func ((GDestroyNotify) pattern_free);

  if (fields[F_ID].value && (id = get_id (l, fields[F_ID].value, "id")) != NULL)
    {
      Node *first = g_hash_table_lookup (rule_ids, id);

      if (first != NULL)
        {
          add_problem (l, RL_RULE_PACK_ERROR_INVALID, fields[F_ID].value->line,
                       fields[F_ID].value->column,
                       _("duplicate rule id \"%s\" (first at line %u)"), id, first->line);
          ok = FALSE;
        }
      else
        g_hash_table_insert (rule_ids, (gpointer) id, fields[F_ID].value);
    }
  else
    ok = FALSE;
  what_id = id ? id : "?";

  if (fields[F_CATEGORY].value)
    {
      const char *cat = get_string (l, fields[F_CATEGORY].value, "category");

      if (cat != NULL && (category = rl_rule_pack_find_category (pack, cat)) < 0)
        add_problem (l, RL_RULE_PACK_ERROR_INVALID, fields[F_CATEGORY].value->line,
                     fields[F_CATEGORY].value->column,
                     _("rule %s: unknown category \"%s\""), what_id, cat);
    }
  if (category < 0)
    ok = FALSE;

  if (fields[F_MESSAGE].value &&
      (rule->message = get_localized (l, fields[F_MESSAGE].value, "message")) == NULL)
    ok = FALSE;

  if (fields[F_DESCRIPTION].value &&
      (rule->description = get_localized (l, fields[F_DESCRIPTION].value, "description")) == NULL)
    ok = FALSE;

  if (fields[F_SEVERITY].value)
    {
      const char *s = get_string (l, fields[F_SEVERITY].value, "severity");

      if (s == NULL)
        ok = FALSE;
      else if (!rl_severity_from_string (s, &rule->severity))
        {
          add_problem (l, RL_RULE_PACK_ERROR_INVALID, fields[F_SEVERITY].value->line,
                       fields[F_SEVERITY].value->column,
                       _("\"%s\" is not a severity: use high, medium or low"), s);
          ok = FALSE;
        }
    }
  else if (category >= 0)
    rule->severity = ((RlCategory *) g_ptr_array_index (pack->categories, category))->severity;

  /* Flags first: they change how the patterns compile. */
  if (fields[F_FLAGS].value && !get_flags (l, fields[F_FLAGS].value, &rule->flags))
    ok = FALSE;

  if (fields[F_PATTERN].value &&
      (rule->patterns = compile_pattern_list (l, fields[F_PATTERN].value, what_id,
                                              "pattern", rule->flags)) == NULL)
    ok = FALSE;

  if (fields[F_UNLESS].value)
    {
      g_autoptr(GPtrArray) unless = compile_pattern_list (l, fields[F_UNLESS].value, what_id,
                                                          "unless", rule->flags);
      if (unless == NULL)
        ok = FALSE;
      else
        g_ptr_array_extend_and_steal (rule->unless, g_steal_pointer (&unless));
    }

  if (fields[F_NEAR].value)
    {
      Field near_fields[] = { { "pattern", TRUE }, { "within", TRUE } };

      if (!get_fields (l, fields[F_NEAR].value, "\"near\"", near_fields, G_N_ELEMENTS (near_fields)) ||
          near_fields[0].value == NULL || near_fields[1].value == NULL)
        ok = FALSE;
      else
        {
          g_autoptr(GPtrArray) near = compile_pattern_list (l, near_fields[0].value, what_id,
                                                            "near", rule->flags);
          gint64 within = 0;

          if (!get_int (l, near_fields[1].value, "within", 0, RL_RULE_PACK_MAX_WITHIN, &within))
            ok = FALSE;
          rule->near_within = (guint) within;
          if (near == NULL)
            ok = FALSE;
          else
            g_ptr_array_extend_and_steal (rule->near, g_steal_pointer (&near));
        }
    }

  if (fields[F_EXAMPLES].value)
    {
      Field ex_fields[] = { { "match", FALSE }, { "no_match", FALSE } };

      if (get_fields (l, fields[F_EXAMPLES].value, "\"examples\"", ex_fields, G_N_ELEMENTS (ex_fields)))
        {
          if (ex_fields[0].value)
            rule->match_examples = get_examples (l, ex_fields[0].value, "match");
          if (ex_fields[1].value)
            rule->no_match_examples = get_examples (l, ex_fields[1].value, "no_match");
        }
    }
  if (rule->match_examples == NULL)
    rule->match_examples = g_ptr_array_new_with_free_func ((GDestroyNotify) example_free);
  if (rule->no_match_examples == NULL)
    rule->no_match_examples = g_ptr_array_new_with_free_func ((GDestroyNotify) example_free);

  if (!ok)
    return;

  rule->id = g_strdup (id);
  rule->category = category;
  rule->index = pack->rules->len;
  rule->hash = compute_rule_hash (rule, g_ptr_array_index (pack->categories, category));
  g_ptr_array_add (pack->rules, g_steal_pointer (&rule));
}

static void
load_list (Loader     *l,
           RlRulePack *pack,
           Node       *node,
           const char *key,
           GHashTable *rule_ids)
{
  if (node->kind == NODE_INVALID)
    return;
  if (node->kind != NODE_SEQUENCE)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" must be a list, found %s"), key, node_kind_name (node));
      return;
    }
  if (node->items->len == 0)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, node->line, node->column,
                   _("\"%s\" is an empty list"), key);
      return;
    }
  for (guint i = 0; i < node->items->len && !l->gave_up; i++)
    {
      if (rule_ids == NULL)
        load_category (l, pack, g_ptr_array_index (node->items, i));
      else
        load_rule (l, pack, rule_ids, g_ptr_array_index (node->items, i));
    }
}

static void
load_pack (Loader     *l,
           RlRulePack *pack,
           Node       *root)
{
  enum { F_PACK, F_VERSION, F_NAME, F_DESCRIPTION, F_CATEGORIES, F_RULES };
  Field fields[] = {
    { "pack", TRUE }, { "version", TRUE }, { "name", FALSE }, { "description", FALSE },
    { "categories", TRUE }, { "rules", TRUE },
  };
  g_autoptr(GHashTable) rule_ids = g_hash_table_new (g_str_hash, g_str_equal);
  const char *id = NULL;
  gint64 version = 0;

  if (root->kind != NODE_MAPPING && root->kind != NODE_INVALID)
    {
      add_problem (l, RL_RULE_PACK_ERROR_INVALID, root->line, root->column,
                   _("a rule pack must be a mapping with pack, version, categories and rules, found %s"),
                   node_kind_name (root));
      return;
    }
  if (!get_fields (l, root, _("the pack"), fields, G_N_ELEMENTS (fields)))
    return;

  if (fields[F_PACK].value && (id = get_id (l, fields[F_PACK].value, "pack")) != NULL)
    pack->id = g_strdup (id);
  if (fields[F_VERSION].value && get_int (l, fields[F_VERSION].value, "version", 0, G_MAXINT, &version))
    pack->version = (int) version;
  if (fields[F_NAME].value)
    pack->name = get_localized (l, fields[F_NAME].value, "name");
  if (fields[F_DESCRIPTION].value)
    pack->description = get_localized (l, fields[F_DESCRIPTION].value, "description");
  if (fields[F_CATEGORIES].value)
    load_list (l, pack, fields[F_CATEGORIES].value, "categories", NULL);
  if (fields[F_RULES].value)
    load_list (l, pack, fields[F_RULES].value, "rules", rule_ids);

  if (pack->name == NULL && pack->id != NULL)
    {
      pack->name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (pack->name, g_strdup ("en"), g_strdup (pack->id));
    }
}

/* ------------------------------------------------------------------ */
/* Public API */

static RlRulePack *
rl_rule_pack_new (const char *display_name)
{
  RlRulePack *pack = g_new0 (RlRulePack, 1);

  g_atomic_ref_count_init (&pack->ref_count);
  pack->display_name = g_strdup (display_name);
  pack->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) category_free);
  pack->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  return pack;
}

RlRulePack *
rl_rule_pack_load_data (const char  *data,
                        gsize        len,
                        const char  *display_name,
                        GError     **error)
{
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  g_autoptr(Node) root = NULL;
  Loader l = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "<rule pack>";

  l.display_name = display_name;
  l.data = data ? data : "";
  l.len = len;
  l.problems = problems;

  pack = rl_rule_pack_new (display_name);

  if (len > RL_RULE_PACK_MAX_FILE_SIZE)
    add_problem (&l, RL_RULE_PACK_ERROR_INVALID, 1, 1,
                 _("file of %zu bytes is larger than the limit of %d bytes"),
                 len, RL_RULE_PACK_MAX_FILE_SIZE);
  else if ((root = read_tree (&l)) != NULL)
    load_pack (&l, pack, root);

  if (problems->len > 0)
    {
      g_autoptr(GString) msg = g_string_new (NULL);
      /* The code of the first problem found: YAML-level ones come first. */
      Problem *first = g_ptr_array_index (problems, 0);
      RlRulePackError code = first->code;

      /* In file order, as a compiler would list them (the sort is stable,
       * so problems at one place keep the order they were found in). */
      g_ptr_array_sort (problems, problem_cmp);
      for (guint i = 0; i < problems->len; i++)
        {
          Problem *p = g_ptr_array_index (problems, i);
          g_string_append_printf (msg, "%s%s", i ? "\n" : "", p->text);
        }
      g_set_error_literal (error, RL_RULE_PACK_ERROR, code, msg->str);
      return NULL;
    }

  pack->source = g_strndup (l.data, len);
  pack->hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) l.data, len);
  return g_steal_pointer (&pack);
}

RlRulePack *
rl_rule_pack_load_file (const char  *path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Refuse a huge file before reading all of it into memory. */
  if (g_stat (path, &st) == 0 && st.st_size > RL_RULE_PACK_MAX_FILE_SIZE)
    {
      g_set_error (error, RL_RULE_PACK_ERROR, RL_RULE_PACK_ERROR_READ,
                   _("%s: file is larger than the limit of %d bytes"),
                   path, RL_RULE_PACK_MAX_FILE_SIZE);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, RL_RULE_PACK_ERROR, RL_RULE_PACK_ERROR_READ,
                   "%s: %s", path, local_error->message);
      return NULL;
    }

  return rl_rule_pack_load_data (contents, len, path, error);
}

RlRulePack *
rl_rule_pack_ref (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, NULL);

  g_atomic_ref_count_inc (&pack->ref_count);
  return pack;
}

void
rl_rule_pack_unref (RlRulePack *pack)
{
  g_return_if_fail (pack != NULL);

  if (!g_atomic_ref_count_dec (&pack->ref_count))
    return;

  g_free (pack->display_name);
  g_free (pack->id);
  g_clear_pointer (&pack->name, g_hash_table_unref);
  g_clear_pointer (&pack->description, g_hash_table_unref);
  g_free (pack->source);
  g_free (pack->hash);
  g_ptr_array_unref (pack->rules);
  g_ptr_array_unref (pack->categories);
  g_free (pack);
}

const char *
rl_rule_pack_get_display_name (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, NULL);
  return pack->display_name;
}

const char *
rl_rule_pack_get_id (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, NULL);
  return pack->id;
}

int
rl_rule_pack_get_version (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, 0);
  return pack->version;
}

const char *
rl_rule_pack_get_name (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, NULL);
  return rl_localized (pack->name);
}

const char *
rl_rule_pack_get_source (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, NULL);
  return pack->source;
}

const char *
rl_rule_pack_get_hash (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, NULL);
  return pack->hash;
}

guint
rl_rule_pack_get_n_categories (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, 0);
  return pack->categories->len;
}

const RlCategory *
rl_rule_pack_get_category (RlRulePack *pack,
                           guint       index)
{
  g_return_val_if_fail (pack != NULL, NULL);
  g_return_val_if_fail (index < pack->categories->len, NULL);
  return g_ptr_array_index (pack->categories, index);
}

int
rl_rule_pack_find_category (RlRulePack *pack,
                            const char *id)
{
  g_return_val_if_fail (pack != NULL, -1);
  g_return_val_if_fail (id != NULL, -1);

  for (guint i = 0; i < pack->categories->len; i++)
    {
      const RlCategory *c = g_ptr_array_index (pack->categories, i);
      if (strcmp (c->id, id) == 0)
        return (int) i;
    }
  return -1;
}

guint
rl_rule_pack_get_n_rules (RlRulePack *pack)
{
  g_return_val_if_fail (pack != NULL, 0);
  return pack->rules->len;
}

const RlRule *
rl_rule_pack_get_rule (RlRulePack *pack,
                       guint       index)
{
  g_return_val_if_fail (pack != NULL, NULL);
  g_return_val_if_fail (index < pack->rules->len, NULL);
  return g_ptr_array_index (pack->rules, index);
}

const char *
rl_rule_get_id (const RlRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);
  return rule->id;
}

guint
rl_rule_get_category (const RlRule *rule)
{
  g_return_val_if_fail (rule != NULL, 0);
  return rule->category;
}

RlSeverity
rl_rule_get_severity (const RlRule *rule)
{
  g_return_val_if_fail (rule != NULL, RL_SEVERITY_MEDIUM);
  return rule->severity;
}

const char *
rl_rule_get_message (const RlRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);
  return rl_localized (rule->message);
}

const char *
rl_rule_get_hash (const RlRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);
  return rule->hash;
}

const char *
rl_localized (GHashTable *map)
{
  const char * const *languages;

  if (map == NULL)
    return NULL;

  languages = g_get_language_names ();
  for (guint i = 0; languages[i] != NULL; i++)
    {
      const char *s = g_hash_table_lookup (map, languages[i]);
      if (s != NULL)
        return s;
    }
  return g_hash_table_lookup (map, "en");
}

const char *
rl_severity_to_string (RlSeverity severity)
{
  switch (severity)
    {
    case RL_SEVERITY_LOW:
      return "low";
    case RL_SEVERITY_MEDIUM:
      return "medium";
    case RL_SEVERITY_HIGH:
      return "high";
    default:
      g_return_val_if_reached ("medium");
    }
}

gboolean
rl_severity_from_string (const char *str,
                         RlSeverity *severity)
{
  static const char *const names[] = { "low", "medium", "high" };

  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (str, names[i]) == 0)
      {
        if (severity != NULL)
          *severity = (RlSeverity) i;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Examples */

/* The example as it appears in a one-line message. */
static char *
quote_example (const char *text)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 60)
        {
          g_string_append (s, "…");
          break;
        }
      if (c == '\n')
        g_string_append (s, "\\n");
      else if (c == '"')
        g_string_append (s, "\\\"");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (s, "\\x%02x", c);
      else
        g_string_append_unichar (s, c);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_failure (GPtrArray  *failures,
             char       *text)
{
  if (failures != NULL)
    g_ptr_array_add (failures, text);
  else
    g_free (text);
}

static gboolean
test_example (RlRulePack   *pack,
              RlScanner    *scanner,
              const RlRule *rule,
              const guint8 *mask,
              RlExample    *ex,
              gboolean      should_match,
              GPtrArray    *failures)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_scan_problem_free);
  g_autoptr(GArray) hits = NULL;
  g_autofree char *quoted = quote_example (ex->text);
  gboolean ok = TRUE;

  hits = rl_scanner_scan_rules (scanner, ex->text, strlen (ex->text), mask, problems, NULL, NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      RlScanProblem *p = g_ptr_array_index (problems, i);
      add_failure (failures, g_strdup_printf (_("%s:%u:%u: rule %s: example \"%s\": %s"),
                                              pack->display_name, ex->line, ex->column,
                                              rule->id, quoted, p->message));
      ok = FALSE;
    }

  if (should_match && (hits == NULL || hits->len == 0))
    {
      add_failure (failures, g_strdup_printf (_("%s:%u:%u: rule %s: example \"%s\" should match"),
                                              pack->display_name, ex->line, ex->column,
                                              rule->id, quoted));
      ok = FALSE;
    }
  else if (!should_match && hits != NULL && hits->len > 0)
    {
      add_failure (failures, g_strdup_printf (_("%s:%u:%u: rule %s: example \"%s\" should not match"),
                                              pack->display_name, ex->line, ex->column,
                                              rule->id, quoted));
      ok = FALSE;
    }
  return ok;
}

gboolean
rl_rule_pack_test (RlRulePack *pack,
                   GPtrArray  *failures)
{
  g_autoptr(RlScanner) scanner = NULL;
  g_autofree guint8 *mask = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (pack != NULL, FALSE);

  scanner = rl_scanner_new (pack);
  mask = g_new0 (guint8, MAX (pack->rules->len, 1));

  for (guint i = 0; i < pack->rules->len; i++)
    {
      const RlRule *rule = g_ptr_array_index (pack->rules, i);

      /* Each example is a whole document scanned with this one rule, so
       * unless, near and clause bounds work exactly as in a real scan. */
      mask[i] = 1;

      if (rule->match_examples->len == 0)
        {
          add_failure (failures, g_strdup_printf (_("%s:%u:%u: rule %s has no match example"),
                                                  pack->display_name, rule->line, rule->column,
                                                  rule->id));
          ok = FALSE;
        }

      for (guint e = 0; e < rule->match_examples->len; e++)
        ok &= test_example (pack, scanner, rule, mask,
                            g_ptr_array_index (rule->match_examples, e), TRUE, failures);
      for (guint e = 0; e < rule->no_match_examples->len; e++)
        ok &= test_example (pack, scanner, rule, mask,
                            g_ptr_array_index (rule->no_match_examples, e), FALSE, failures);

      mask[i] = 0;
    }

  return ok;
}
