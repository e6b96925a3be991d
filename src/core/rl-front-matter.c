/* rl-front-matter.c: YAML front matter through libyaml's event parser. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <yaml.h>

#include "rl-front-matter.h"

#define MAX_YAML_BYTES  (256 * 1024)
#define MAX_DEPTH       32
#define MAX_EVENTS      200000
#define MAX_VALUE_BYTES (16 * 1024)

G_DEFINE_QUARK (rl-front-matter-error-quark, rl_front_matter_error)

typedef struct
{
  yaml_parser_t parser;
  guint         n_events;
} Parser;

/* Whether the line [p, end) is "---" or "..." plus optional trailing blanks. */
static gboolean
is_delimiter_line (const char *p,
                   const char *end,
                   gboolean    allow_dots)
{
  if (end - p < 3)
    return FALSE;
  if (!(memcmp (p, "---", 3) == 0 || (allow_dots && memcmp (p, "...", 3) == 0)))
    return FALSE;
  for (p += 3; p < end; p++)
    if (*p != ' ' && *p != '\t' && *p != '\r')
      return FALSE;
  return TRUE;
}

gboolean
rl_front_matter_find (const char *text,
                      gsize       len,
                      gsize      *yaml_start,
                      gsize      *yaml_len,
                      gsize      *body_start)
{
  const char *end = text + len;
  const char *first_line_end;
  const char *line;
  const char *nl;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);

  first_line_end = memchr (text, '\n', len);
  if (first_line_end == NULL || !is_delimiter_line (text, first_line_end, FALSE))
    return FALSE;

  line = first_line_end + 1;
  while (line < end)
    {
      const char *line_end;

      /* Front matter is metadata: one that runs on for megabytes is
       * a document that happens to start with a rule, not front matter. */
      if ((gsize) (line - text) > MAX_YAML_BYTES)
        return FALSE;

      nl = memchr (line, '\n', end - line);
      line_end = nl != NULL ? nl : end;
      if (is_delimiter_line (line, line_end, TRUE))
        {
          *yaml_start = first_line_end + 1 - text;
          *yaml_len = line - (first_line_end + 1);
          *body_start = nl != NULL ? (gsize) (nl + 1 - text) : len;
          return TRUE;
        }
      if (nl == NULL)
        break;
      line = nl + 1;
    }

  return FALSE;
}

static gboolean
next_event (Parser        *self,
            yaml_event_t  *event,
            GError       **error)
{
  if (++self->n_events > MAX_EVENTS)
    {
      g_set_error (error, RL_FRONT_MATTER_ERROR, RL_FRONT_MATTER_ERROR_LIMIT,
                   _("front matter is too large"));
      return FALSE;
    }
  if (!yaml_parser_parse (&self->parser, event))
    {
      g_set_error (error, RL_FRONT_MATTER_ERROR, RL_FRONT_MATTER_ERROR_SYNTAX,
                   _("front matter is not valid YAML: line %u, column %u: %s"),
                   (guint) self->parser.problem_mark.line + 1,
                   (guint) self->parser.problem_mark.column + 1,
                   self->parser.problem != NULL ? self->parser.problem : "?");
      return FALSE;
    }
  return TRUE;
}

static void
append_capped (GString    *out,
               const char *s,
               gsize       len)
{
  if (out->len >= MAX_VALUE_BYTES)
    return;
  if (out->len + len > MAX_VALUE_BYTES)
    {
      /* Cut at a character boundary so the value stays valid UTF-8. */
      const char *cut = s + (MAX_VALUE_BYTES - out->len);

      cut = g_utf8_find_prev_char (s, cut + 1);
      len = cut != NULL ? (gsize) (cut - s) : 0;
    }
  g_string_append_len (out, s, len);
}

/* Appends the flattened value that starts with event (which it consumes
 * along with the rest of the node) to out. */
static gboolean
collect (Parser        *self,
         yaml_event_t  *event,
         GString       *out,
         guint          depth,
         GError       **error)
{
  gboolean is_map;
  guint n = 0;

  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      append_capped (out, (const char *) event->data.scalar.value, event->data.scalar.length);
      return TRUE;

    case YAML_ALIAS_EVENT:
      /* Never expanded: see rl-front-matter.h. */
      return TRUE;

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      break;

    default:
      g_set_error (error, RL_FRONT_MATTER_ERROR, RL_FRONT_MATTER_ERROR_SYNTAX,
                   _("front matter is not valid YAML"));
      return FALSE;
    }

  if (depth >= MAX_DEPTH)
    {
      g_set_error (error, RL_FRONT_MATTER_ERROR, RL_FRONT_MATTER_ERROR_LIMIT,
                   _("front matter is nested too deeply"));
      return FALSE;
    }

  is_map = event->type == YAML_MAPPING_START_EVENT;

  for (;;)
    {
      yaml_event_t child;
      gboolean ok;

      if (!next_event (self, &child, error))
        return FALSE;
      if (child.type == YAML_SEQUENCE_END_EVENT || child.type == YAML_MAPPING_END_EVENT)
        {
          yaml_event_delete (&child);
          return TRUE;
        }

      if (is_map && n % 2 == 1)
        append_capped (out, ": ", 2);
      else if (n > 0)
        append_capped (out, ", ", 2);
      n++;

      ok = collect (self, &child, out, depth + 1, error);
      yaml_event_delete (&child);
      if (!ok)
        return FALSE;
    }
}

static gboolean
has_key (GPtrArray  *pairs,
         const char *key)
{
  for (guint i = 0; i < pairs->len; i += 2)
    if (strcmp (g_ptr_array_index (pairs, i), key) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_mapping (Parser     *self,
               GPtrArray  *pairs,
               GError    **error)
{
  for (;;)
    {
      yaml_event_t key_event;
      yaml_event_t value_event;
      g_autoptr(GString) key = NULL;
      g_autoptr(GString) value = NULL;
      gboolean value_is_alias;
      gboolean ok;

      if (!next_event (self, &key_event, error))
        return FALSE;
      if (key_event.type == YAML_MAPPING_END_EVENT)
        {
          yaml_event_delete (&key_event);
          return TRUE;
        }

      key = g_string_new (NULL);
      ok = collect (self, &key_event, key, 1, error);
      yaml_event_delete (&key_event);
      if (!ok)
        return FALSE;

      if (!next_event (self, &value_event, error))
        return FALSE;
      value_is_alias = value_event.type == YAML_ALIAS_EVENT;
      value = g_string_new (NULL);
      ok = collect (self, &value_event, value, 1, error);
      yaml_event_delete (&value_event);
      if (!ok)
        return FALSE;

      g_strstrip (key->str);
      if (key->str[0] == '\0' || value_is_alias || has_key (pairs, key->str))
        continue;

      g_ptr_array_add (pairs, g_strdup (key->str));
      g_ptr_array_add (pairs, g_string_free (g_steal_pointer (&value), FALSE));
    }
}

GPtrArray *
rl_front_matter_parse (const char  *yaml,
                       gsize        len,
                       GError     **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  Parser self = { 0 };
  gboolean ok = FALSE;
  gboolean done = FALSE;

  g_return_val_if_fail (yaml != NULL || len == 0, NULL);

  if (len > MAX_YAML_BYTES)
    {
      g_set_error (error, RL_FRONT_MATTER_ERROR, RL_FRONT_MATTER_ERROR_LIMIT,
                   _("front matter is too large"));
      return NULL;
    }

  /* libyaml's scanner looks ahead through every open flow collection and
   * rechecks all of them per token: "[[[[..." costs quadratic time before
   * the first event arrives, so the depth limit is enforced up front.
   * Brackets inside quoted strings count too; a value that needs more than
   * MAX_DEPTH of them unbalanced is not front matter anyone writes. */
  {
    guint depth = 0;

    for (gsize i = 0; i < len; i++)
      {
        if (yaml[i] == '[' || yaml[i] == '{')
          {
            if (++depth > MAX_DEPTH)
              {
                g_set_error (error, RL_FRONT_MATTER_ERROR, RL_FRONT_MATTER_ERROR_LIMIT,
                             _("front matter is nested too deeply"));
                return NULL;
              }
          }
        else if ((yaml[i] == ']' || yaml[i] == '}') && depth > 0)
          depth--;
      }
  }

  if (!yaml_parser_initialize (&self.parser))
    g_error ("yaml_parser_initialize: out of memory");
  yaml_parser_set_input_string (&self.parser, (const unsigned char *) yaml, len);
  yaml_parser_set_encoding (&self.parser, YAML_UTF8_ENCODING);

  while (!done)
    {
      yaml_event_t event;

      if (!next_event (&self, &event, error))
        goto out;

      switch (event.type)
        {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
          break;

        case YAML_STREAM_END_EVENT:
          done = TRUE;
          break;

        case YAML_MAPPING_START_EVENT:
          if (!parse_mapping (&self, pairs, error))
            {
              yaml_event_delete (&event);
              goto out;
            }
          break;

        case YAML_SCALAR_EVENT:
          /* An empty document ("---\n---") parses as one empty plain
           * scalar: that is front matter with no keys. */
          if (event.data.scalar.length == 0 && event.data.scalar.plain_implicit)
            break;
          G_GNUC_FALLTHROUGH;
        default:
          g_set_error (error, RL_FRONT_MATTER_ERROR, RL_FRONT_MATTER_ERROR_NOT_MAPPING,
                       _("front matter is not a YAML mapping"));
          yaml_event_delete (&event);
          goto out;
        }

      yaml_event_delete (&event);
    }

  ok = TRUE;

out:
  yaml_parser_delete (&self.parser);
  return ok ? g_steal_pointer (&pairs) : NULL;
}
