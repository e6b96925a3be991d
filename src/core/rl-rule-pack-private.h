/* rl-rule-pack-private.h: what the scanner (and the tests) see of a loaded
 * pack.  Everything here is read-only once rl_rule_pack_load_* returns, so
 * one pack can serve scanners on several threads. */
#pragma once

#include <pcre2.h>

#include "rl-rule-pack.h"
#include "rl-scanner.h"

G_BEGIN_DECLS

#define RL_RULE_PACK_MAX_FILE_SIZE   (4 * 1024 * 1024)
#define RL_RULE_PACK_MAX_DEPTH       64
#define RL_RULE_PACK_MAX_SCALAR      (64 * 1024)
#define RL_RULE_PACK_MAX_PROBLEMS    100
#define RL_RULE_PACK_MAX_WITHIN      10000
/* Every pattern costs JIT memory and start-up time: a pack is refused
 * long before a hostile one could exhaust either. */
#define RL_RULE_PACK_MAX_PATTERNS    5000

typedef enum
{
  RL_RULE_FLAG_CASELESS = 1 << 0,
} RlRuleFlags;

/* One compiled pattern and where it was written. */
typedef struct
{
  pcre2_code *code;
  char       *source;
  gsize       source_len;
  guint       line;
  guint       column;
  /* Prefilter: every match contains at least one of these strings (lower
   * case when literals_caseless: compare ASCII case-insensitively).  NULL
   * when nothing is known, and the pattern must always run. */
  GPtrArray  *literals;
  gboolean    literals_caseless;
  /* Also true of every match: it holds one of window_literals, starting at
   * most window_prefix characters after the match's start.  The scanner
   * then runs the pattern only from that far before each occurrence.  NULL
   * when no such set with a bounded prefix is known. */
  GPtrArray  *window_literals;
  guint       window_prefix;
  /* Compiled with PCRE2_USE_OFFSET_LIMIT (the rule's own patterns). */
  gboolean    offset_limit;
} RlPattern;

typedef struct
{
  char  *text;
  guint  line;
  guint  column;
} RlExample;

struct _RlRule
{
  char        *id;
  guint        index;
  guint        category;
  RlSeverity   severity;
  GHashTable  *message;
  GHashTable  *description;     /* or NULL */
  RlRuleFlags  flags;
  GPtrArray   *patterns;        /* RlPattern*, at least one */
  GPtrArray   *unless;          /* RlPattern*, maybe empty */
  GPtrArray   *near;            /* RlPattern*, empty when there is no near */
  guint        near_within;     /* characters */
  GPtrArray   *match_examples;  /* RlExample* */
  GPtrArray   *no_match_examples;
  guint        line;
  guint        column;
  char        *hash;
};

/* The file name (or display name) used in messages. */
const char *rl_rule_pack_get_display_name (RlRulePack *pack);

/* Required-literal extraction (rl-scanner.c): returns the strings one of
 * which every match of pattern must contain, or NULL when the pattern is
 * beyond the conservative parser.  caseless: the pattern is compiled with
 * PCRE2_CASELESS; the strings are then lower-cased ASCII plus characters
 * that have no case. */
GPtrArray  *rl_pattern_required_literals  (const char *pattern,
                                           gsize       len,
                                           gboolean    caseless);
/* Both answers (see RlPattern): filter is the rarest set, window the best
 * set with a bounded prefix.  Returns FALSE when neither is known. */
gboolean    rl_pattern_literals           (const char  *pattern,
                                           gsize        len,
                                           gboolean     caseless,
                                           GPtrArray  **filter,
                                           GPtrArray  **window,
                                           guint       *window_prefix);

/* Test hook: turn the literal prefilter off, so tests can check that it
 * never changes the hits. */
void        rl_scanner_set_prefilter      (RlScanner  *scanner,
                                           gboolean    enabled);
/* Test hook: find literals with memmem, as when a pack's literals are too
 * many for the automaton. */
void        rl_scanner_drop_literal_set   (RlScanner  *scanner);

G_END_DECLS
