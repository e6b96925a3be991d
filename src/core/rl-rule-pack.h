/* rl-rule-pack.h: a YAML rule pack compiled into PCRE2 patterns.
 *
 * Format: ../shared/DESIGN.md ("Rule packs") and docs/rules.md.  Loading
 * reports every problem it finds, one per line, as "file:line:column:
 * message" in a single RL_RULE_PACK_ERROR. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RL_RULE_PACK_ERROR (rl_rule_pack_error_quark ())

typedef enum
{
  RL_RULE_PACK_ERROR_SYNTAX,     /* not YAML, or YAML we refuse (aliases, depth) */
  RL_RULE_PACK_ERROR_INVALID,    /* wrong keys, types, missing fields, bad ids */
  RL_RULE_PACK_ERROR_BAD_REGEX,  /* a pattern does not compile */
  RL_RULE_PACK_ERROR_READ,       /* I/O */
  RL_RULE_PACK_ERROR_EXAMPLE,    /* rl_rule_pack_test: an example failed */
} RlRulePackError;

typedef enum
{
  RL_SEVERITY_LOW,
  RL_SEVERITY_MEDIUM,
  RL_SEVERITY_HIGH,
} RlSeverity;

typedef struct _RlRulePack RlRulePack;
typedef struct _RlRule     RlRule;

typedef struct
{
  char       *id;
  GHashTable *name;      /* language tag -> string; "en" always present */
  char       *color;     /* "#rrggbb" */
  RlSeverity  severity;
} RlCategory;

GQuark            rl_rule_pack_error_quark      (void);

RlRulePack       *rl_rule_pack_load_file        (const char   *path,
                                                 GError      **error);
/* display_name is used in error messages in place of a file name. */
RlRulePack       *rl_rule_pack_load_data        (const char   *data,
                                                 gsize         len,
                                                 const char   *display_name,
                                                 GError      **error);
RlRulePack       *rl_rule_pack_ref              (RlRulePack   *pack);
void              rl_rule_pack_unref            (RlRulePack   *pack);

const char       *rl_rule_pack_get_id           (RlRulePack   *pack);
int               rl_rule_pack_get_version      (RlRulePack   *pack);
/* Localised display name (see rl_localized). */
const char       *rl_rule_pack_get_name         (RlRulePack   *pack);
/* The YAML source it was loaded from, and its SHA-256: the store keeps both. */
const char       *rl_rule_pack_get_source       (RlRulePack   *pack);
const char       *rl_rule_pack_get_hash         (RlRulePack   *pack);

guint             rl_rule_pack_get_n_categories (RlRulePack   *pack);
const RlCategory *rl_rule_pack_get_category     (RlRulePack   *pack,
                                                 guint         index);
/* Returns the index, or -1. */
int               rl_rule_pack_find_category    (RlRulePack   *pack,
                                                 const char   *id);

guint             rl_rule_pack_get_n_rules      (RlRulePack   *pack);
const RlRule     *rl_rule_pack_get_rule         (RlRulePack   *pack,
                                                 guint         index);

const char       *rl_rule_get_id                (const RlRule *rule);
guint             rl_rule_get_category          (const RlRule *rule);  /* index */
RlSeverity        rl_rule_get_severity          (const RlRule *rule);
/* Localised message (see rl_localized). */
const char       *rl_rule_get_message           (const RlRule *rule);
/* A hash of everything that decides what the rule matches (patterns,
 * unless, near, flags): the scanner skips work for unchanged rules. */
const char       *rl_rule_get_hash              (const RlRule *rule);

/* Runs every rule's examples (match must hit, no_match must not).  Returns
 * FALSE and fills failures (char*, "file:line:column: message") on any
 * failure. */
gboolean          rl_rule_pack_test             (RlRulePack   *pack,
                                                 GPtrArray    *failures);

/* Picks the string for the user's language from a language-tag map:
 * g_get_language_names() order, then "en". */
const char       *rl_localized                  (GHashTable   *map);

const char       *rl_severity_to_string         (RlSeverity    severity);
gboolean          rl_severity_from_string       (const char   *str,
                                                 RlSeverity   *severity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlRulePack, rl_rule_pack_unref)

G_END_DECLS
