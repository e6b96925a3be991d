/* rl-front-matter.h: YAML front matter at the top of a text file
 * (internal to the importer). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RL_FRONT_MATTER_ERROR (rl_front_matter_error_quark ())

typedef enum
{
  RL_FRONT_MATTER_ERROR_SYNTAX,     /* not YAML */
  RL_FRONT_MATTER_ERROR_NOT_MAPPING,
  RL_FRONT_MATTER_ERROR_LIMIT,      /* too deep, too many events, too large */
} RlFrontMatterError;

GQuark      rl_front_matter_error_quark (void);

/* Finds front matter: the text starts with a "---" line and a later line is
 * "---" or "...".  Sets the YAML between them and where the body starts.
 * FALSE when there is none, including when the closing line is missing. */
gboolean    rl_front_matter_find   (const char  *text,
                                    gsize        len,
                                    gsize       *yaml_start,
                                    gsize       *yaml_len,
                                    gsize       *body_start);

/* Parses front matter YAML, which must be a mapping (or empty), into a
 * flat array of alternating key and value strings in document order;
 * later duplicates of a key are dropped.  Scalars are their decoded
 * values; sequences and mappings are flattened ("a, b", "k: v").
 *
 * Hostile input: aliases are never expanded (an alias contributes
 * nothing, so an alias bomb costs one event per alias), nesting deeper
 * than a few dozen levels, more than a fixed number of events, and YAML
 * over 256 KB are errors; values are capped at 16 KB. */
GPtrArray  *rl_front_matter_parse  (const char  *yaml,
                                    gsize        len,
                                    GError     **error);

G_END_DECLS
