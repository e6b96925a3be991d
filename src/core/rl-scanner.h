/* rl-scanner.h: run a compiled rule pack over one text.
 *
 * An RlScanner holds per-thread matching state (PCRE2 match data, JIT stack,
 * match context with limits); the pack is shared read-only.  Use one scanner
 * per thread. */
#pragma once

#include <gio/gio.h>

#include "rl-rule-pack.h"

G_BEGIN_DECLS

typedef struct _RlScanner RlScanner;

typedef struct
{
  guint rule;          /* index into the pack's rules */
  guint category;      /* index into the pack's categories */
  gsize match_start;   /* Unicode characters into the text */
  gsize match_end;
  gsize clause_start;  /* the clause around the match (rl_segment_clause) */
  gsize clause_end;
} RlHit;

typedef struct
{
  guint  rule;         /* the rule that gave up */
  char  *message;      /* e.g. "match limit exceeded" */
} RlScanProblem;

RlScanner *rl_scanner_new   (RlRulePack    *pack);
void       rl_scanner_free  (RlScanner     *scanner);

/* text must be valid UTF-8 of len bytes (the store only holds such text).
 * Returns hits sorted by match_start, then rule.  A rule that hits the match
 * limit is reported in problems (RlScanProblem, caller frees with
 * rl_scan_problem_free) and its other hits are kept.  Returns NULL only when
 * cancelled. */
GArray    *rl_scanner_scan  (RlScanner     *scanner,
                             const char    *text,
                             gsize          len,
                             GPtrArray     *problems,
                             GCancellable  *cancellable,
                             GError       **error);

/* Same, restricted to the rules whose index is set in rules (NULL: all). */
GArray    *rl_scanner_scan_rules (RlScanner     *scanner,
                                  const char    *text,
                                  gsize          len,
                                  const guint8  *rules,
                                  GPtrArray     *problems,
                                  GCancellable  *cancellable,
                                  GError       **error);

void       rl_scan_problem_free (RlScanProblem *problem);

/* The order rl_scanner_scan returns hits in: match_start, rule, match_end. */
int        rl_hit_compare       (gconstpointer  a,
                                 gconstpointer  b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlScanner, rl_scanner_free)

G_END_DECLS
