/* rl-scanner.c: run a compiled rule pack over one text.
 *
 * Every pattern runs over the whole text (a match may span hard-wrapped
 * lines), with PCRE2's standard non-overlapping global matching.  Before a
 * pattern runs, a cheap prefilter asks whether the text contains at least
 * one of the literals every match of the pattern must contain; when it does
 * not, the pattern cannot match and is skipped.  The literals come from a
 * deliberately conservative parse of the pattern (rl_pattern_required_
 * literals): where it is unsure it gives up and the pattern always runs, so
 * the prefilter never changes the hits.  The same literal sets are what a
 * one-pass multi-literal search (Aho-Corasick over all patterns' literals,
 * then PCRE2 only around literal hits) would be built from later.
 *
 * Offsets come out of PCRE2 in bytes; they are turned into characters with
 * one running count over the text, after sorting, so the cost is linear in
 * the text plus n log n in the hits. */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "rl-rule-pack-private.h"
#include "rl-scanner.h"
#include "rl-segment.h"

/* Limits for one pcre2_match call.  The match limit also bounds JIT
 * matching; depth and heap limits only bound the interpreter, the JIT stack
 * bounds JIT matching. */
#define MATCH_LIMIT       1000000
#define DEPTH_LIMIT       100000
#define HEAP_LIMIT_KIB    (64 * 1024)
#define JIT_STACK_MIN     (32 * 1024)
#define JIT_STACK_MAX     (1024 * 1024)

struct _RlScanner
{
  RlRulePack          *pack;
  pcre2_match_data    *match_data;
  pcre2_match_context *match_context;
  pcre2_jit_stack     *jit_stack;
  gboolean             prefilter;
};

/* A hit in bytes, before clause and character conversion. */
typedef struct
{
  gsize match_start;
  gsize match_end;
  gsize clause_start;
  gsize clause_end;
  guint rule;
} ByteHit;

/* ------------------------------------------------------------------ */
/* Required literals
 *
 * A "requirement" is a set of strings one of which every match contains
 * (NULL: nothing known).  A sequence's requirement is the best one among its
 * literal runs and its groups; a group's is the union of its branches'
 * (unknown if any branch is unknown).  Anything the parser does not fully
 * understand (inline option changes, verbs, \Q...\E, conditionals,
 * recursion) makes the whole pattern unknown. */

#define MAX_ALTERNATIVES 32

typedef struct
{
  const char *p;
  const char *end;
  gboolean    caseless;
  gboolean    bail;
  guint       depth;
} LitParser;

static GPtrArray *lit_parse_alternation (LitParser *lp);

static gsize
req_min_len (GPtrArray *req)
{
  gsize min = G_MAXSIZE;

  for (guint i = 0; i < req->len; i++)
    min = MIN (min, strlen (g_ptr_array_index (req, i)));
  return min;
}

/* Longer shortest literal first (rarer), then fewer alternatives. */
static gboolean
req_better (GPtrArray *a,
            GPtrArray *b)
{
  gsize la, lb;

  if (b == NULL)
    return TRUE;
  la = req_min_len (a);
  lb = req_min_len (b);
  if (la != lb)
    return la > lb;
  return a->len < b->len;
}

static void
req_consider (GPtrArray **best,
              GPtrArray  *req)
{
  if (req == NULL || req->len == 0 || req_min_len (req) == 0)
    {
      g_clear_pointer (&req, g_ptr_array_unref);
      return;
    }
  if (req_better (req, *best))
    {
      g_clear_pointer (best, g_ptr_array_unref);
      *best = req;
    }
  else
    g_ptr_array_unref (req);
}

static void
flush_run (GPtrArray **best,
           GString    *run)
{
  GPtrArray *req;

  if (run->len == 0)
    return;
  req = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (req, g_strndup (run->str, run->len));
  req_consider (best, req);
  g_string_truncate (run, 0);
}

/* Parses a quantifier at lp->p, if any.  Returns whether there was one;
 * min is its lower bound. */
static gboolean
lit_quantifier (LitParser *lp,
                guint     *min)
{
  const char *p = lp->p;

  if (p >= lp->end)
    return FALSE;

  if (*p == '*' || *p == '?')
    {
      *min = 0;
      p++;
    }
  else if (*p == '+')
    {
      *min = 1;
      p++;
    }
  else if (*p == '{')
    {
      const char *q = p + 1;
      guint n = 0;
      gboolean digits = FALSE;

      while (q < lp->end && g_ascii_isdigit (*q))
        {
          n = MIN (n * 10 + (guint) (*q - '0'), 100000u);
          digits = TRUE;
          q++;
        }
      if (q < lp->end && *q == ',')
        {
          q++;
          while (q < lp->end && g_ascii_isdigit (*q))
            q++;
        }
      if (q >= lp->end || *q != '}' || !digits)
        {
          /* PCRE2 reads a "{" that is not a quantifier as a literal (and
           * 10.43 changed which forms count); do not guess. */
          lp->bail = TRUE;
          return FALSE;
        }
      *min = n;
      p = q + 1;
    }
  else
    return FALSE;

  /* Lazy or possessive: same bounds. */
  if (p < lp->end && (*p == '?' || *p == '+'))
    p++;
  lp->p = p;
  return TRUE;
}

/* Skips a character class; lp->p is just after "[". */
static void
lit_skip_class (LitParser *lp)
{
  const char *p = lp->p;

  if (p < lp->end && *p == '^')
    p++;
  if (p < lp->end && *p == ']')
    p++;
  while (p < lp->end)
    {
      if (*p == '\\')
        {
          if (p + 1 < lp->end && (p[1] == 'Q' || p[1] == 'E'))
            {
              lp->bail = TRUE;
              return;
            }
          p += 2;
        }
      else if (*p == '[' && p + 1 < lp->end && p[1] == ':')
        {
          const char *close = g_strstr_len (p + 2, lp->end - (p + 2), ":]");

          if (close == NULL)
            {
              lp->bail = TRUE;
              return;
            }
          p = close + 2;
        }
      else if (*p == ']')
        {
          lp->p = p + 1;
          return;
        }
      else
        p++;
    }
  lp->bail = TRUE;
}

/* Skips "{...}" after \p, \x and friends. */
static void
lit_skip_braces (LitParser *lp)
{
  const char *close = memchr (lp->p, '}', lp->end - lp->p);

  if (close == NULL)
    lp->bail = TRUE;
  else
    lp->p = close + 1;
}

typedef enum
{
  ATOM_LITERAL,   /* one character, in buf */
  ATOM_OTHER,     /* matches something, not a known literal */
  ATOM_GROUP,     /* a group, with its requirement (maybe NULL) */
} AtomKind;

/* Reads one escape; lp->p is just after the backslash. */
static AtomKind
lit_escape (LitParser *lp,
            char      *buf)
{
  char c;

  if (lp->p >= lp->end)
    {
      lp->bail = TRUE;
      return ATOM_OTHER;
    }
  c = *lp->p++;

  if (!g_ascii_isalnum (c))
    {
      /* "\." "\(" "\\": that character.  A backslash before a non-ASCII
       * character is the character too; keep it simple and skip it. */
      if ((guchar) c >= 0x80)
        {
          lp->p = g_utf8_next_char (lp->p - 1);
          return ATOM_OTHER;
        }
      buf[0] = c;
      buf[1] = '\0';
      return ATOM_LITERAL;
    }

  if (g_ascii_isdigit (c))
    {
      /* Back-reference or octal: its value is not needed. */
      while (lp->p < lp->end && g_ascii_isdigit (*lp->p))
        lp->p++;
      return ATOM_OTHER;
    }

  switch (c)
    {
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
    case 'h': case 'H': case 'v': case 'V': case 'R': case 'X':
    case 'n': case 't': case 'r': case 'f': case 'e': case 'a':
    case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G':
      return ATOM_OTHER;

    case 'N':
      if (lp->p < lp->end && *lp->p == '{')
        lp->bail = TRUE;
      return ATOM_OTHER;

    case 'p': case 'P':
      if (lp->p < lp->end && *lp->p == '{')
        lit_skip_braces (lp);
      else if (lp->p < lp->end)
        lp->p++;
      return ATOM_OTHER;

    case 'x':
      if (lp->p < lp->end && *lp->p == '{')
        lit_skip_braces (lp);
      else
        for (guint i = 0; i < 2 && lp->p < lp->end && g_ascii_isxdigit (*lp->p); i++)
          lp->p++;
      return ATOM_OTHER;

    default:
      /* \Q \E \K \g \k \c \o ...: not worth understanding. */
      lp->bail = TRUE;
      return ATOM_OTHER;
    }
}

/* Reads a group; lp->p is just after "(".  Returns its requirement through
 * req (NULL for lookarounds, whose text is not part of the match). */
static void
lit_group (LitParser  *lp,
           GPtrArray **req)
{
  gboolean lookaround = FALSE;
  const char *p = lp->p;

  *req = NULL;

  if (p < lp->end && *p == '*')
    {
      lp->bail = TRUE;  /* (*VERB) */
      return;
    }

  if (p < lp->end && *p == '?')
    {
      p++;
      if (p >= lp->end)
        {
          lp->bail = TRUE;
          return;
        }
      if (*p == ':' || *p == '>' || *p == '|')
        p++;
      else if (*p == '=' || *p == '!')
        {
          lookaround = TRUE;
          p++;
        }
      else if (*p == '<' && p + 1 < lp->end && (p[1] == '=' || p[1] == '!'))
        {
          lookaround = TRUE;
          p += 2;
        }
      else if (*p == '<' || *p == '\'' || (*p == 'P' && p + 1 < lp->end && p[1] == '<'))
        {
          /* Named group. */
          char close = *p == '\'' ? '\'' : '>';

          p += *p == 'P' ? 2 : 1;
          while (p < lp->end && (g_ascii_isalnum (*p) || *p == '_'))
            p++;
          if (p >= lp->end || *p != close)
            {
              lp->bail = TRUE;
              return;
            }
          p++;
        }
      else if (*p == '#')
        {
          const char *close = memchr (p, ')', lp->end - p);

          if (close == NULL)
            lp->bail = TRUE;
          else
            lp->p = close + 1;
          return;
        }
      else
        {
          /* Option settings, conditionals, recursion, callouts. */
          lp->bail = TRUE;
          return;
        }
    }

  lp->p = p;
  if (++lp->depth > 200)
    {
      lp->bail = TRUE;
      return;
    }
  *req = lit_parse_alternation (lp);
  lp->depth--;

  if (lp->bail || lp->p >= lp->end || *lp->p != ')')
    {
      lp->bail = TRUE;
      g_clear_pointer (req, g_ptr_array_unref);
      return;
    }
  lp->p++;

  if (lookaround)
    g_clear_pointer (req, g_ptr_array_unref);
}

/* Whether PCRE2_CASELESS could make c match another character.  ASCII
 * letters are compared case-insensitively by the prefilter, except k and s:
 * under UTF caseless matching they also match U+212A KELVIN SIGN and U+017F
 * LONG S. */
static gboolean
caseless_safe (gunichar c)
{
  if (c < 0x80)
    return !(c == 'k' || c == 'K' || c == 's' || c == 'S');
  return g_unichar_tolower (c) == c && g_unichar_toupper (c) == c &&
         g_unichar_totitle (c) == c;
}

static GPtrArray *
lit_parse_sequence (LitParser *lp)
{
  g_autoptr(GString) run = g_string_new (NULL);
  GPtrArray *best = NULL;

  while (lp->p < lp->end && !lp->bail && *lp->p != '|' && *lp->p != ')')
    {
      GPtrArray *group_req = NULL;
      char buf[8] = { 0 };
      AtomKind kind;
      gboolean quantified;
      guint min = 1;
      char c = *lp->p;

      if (c == '\\')
        {
          lp->p++;
          kind = lit_escape (lp, buf);
        }
      else if (c == '[')
        {
          lp->p++;
          lit_skip_class (lp);
          kind = ATOM_OTHER;
        }
      else if (c == '(')
        {
          lp->p++;
          lit_group (lp, &group_req);
          kind = ATOM_GROUP;
        }
      else if (c == '.' || c == '^' || c == '$')
        {
          lp->p++;
          kind = ATOM_OTHER;
        }
      else if (c == '*' || c == '+' || c == '?' || c == '{')
        {
          lp->bail = TRUE;
          break;
        }
      else
        {
          gunichar u = g_utf8_get_char (lp->p);
          const char *next = g_utf8_next_char (lp->p);

          if (lp->caseless && !caseless_safe (u))
            kind = ATOM_OTHER;
          else
            {
              kind = ATOM_LITERAL;
              if (lp->caseless && u < 0x80)
                u = g_ascii_tolower ((char) u);
              g_unichar_to_utf8 (u, buf);
            }
          lp->p = next;
        }

      if (lp->bail)
        {
          g_clear_pointer (&group_req, g_ptr_array_unref);
          break;
        }

      quantified = lit_quantifier (lp, &min);
      if (lp->bail)
        {
          g_clear_pointer (&group_req, g_ptr_array_unref);
          break;
        }

      switch (kind)
        {
        case ATOM_LITERAL:
          if (min >= 1)
            g_string_append (run, buf);
          if (quantified)
            flush_run (&best, run);
          break;

        case ATOM_GROUP:
          flush_run (&best, run);
          if (min >= 1)
            req_consider (&best, g_steal_pointer (&group_req));
          g_clear_pointer (&group_req, g_ptr_array_unref);
          break;

        case ATOM_OTHER:
        default:
          flush_run (&best, run);
          break;
        }
    }

  flush_run (&best, run);
  if (lp->bail)
    g_clear_pointer (&best, g_ptr_array_unref);
  return best;
}

static GPtrArray *
lit_parse_alternation (LitParser *lp)
{
  GPtrArray *all = NULL;

  for (;;)
    {
      GPtrArray *branch = lit_parse_sequence (lp);

      if (lp->bail || branch == NULL)
        {
          g_clear_pointer (&branch, g_ptr_array_unref);
          g_clear_pointer (&all, g_ptr_array_unref);
          /* Keep parsing so the caller's group closes where it should;
           * bail is sticky. */
          if (lp->bail)
            return NULL;
          while (lp->p < lp->end && *lp->p == '|')
            {
              lp->p++;
              g_clear_pointer (&branch, g_ptr_array_unref);
              branch = lit_parse_sequence (lp);
              g_clear_pointer (&branch, g_ptr_array_unref);
              if (lp->bail)
                return NULL;
            }
          return NULL;
        }

      if (all == NULL)
        all = branch;
      else
        {
          for (guint i = 0; i < branch->len; i++)
            g_ptr_array_add (all, g_strdup (g_ptr_array_index (branch, i)));
          g_ptr_array_unref (branch);
        }

      if (all->len > MAX_ALTERNATIVES)
        {
          /* Too many to be a cheap test; still parse the rest. */
          g_clear_pointer (&all, g_ptr_array_unref);
          while (lp->p < lp->end && *lp->p == '|')
            {
              lp->p++;
              branch = lit_parse_sequence (lp);
              g_clear_pointer (&branch, g_ptr_array_unref);
              if (lp->bail)
                return NULL;
            }
          return NULL;
        }

      if (lp->p < lp->end && *lp->p == '|')
        {
          lp->p++;
          continue;
        }
      return all;
    }
}

GPtrArray *
rl_pattern_required_literals (const char *pattern,
                              gsize       len,
                              gboolean    caseless)
{
  LitParser lp = { pattern, pattern + len, caseless, FALSE, 0 };
  GPtrArray *req;

  g_return_val_if_fail (pattern != NULL, NULL);

  req = lit_parse_alternation (&lp);
  /* A stray ")" (PCRE2 would not have compiled it) or anything left over. */
  if (lp.bail || lp.p != lp.end)
    g_clear_pointer (&req, g_ptr_array_unref);
  return req;
}

/* ------------------------------------------------------------------ */
/* Scanning */

RlScanner *
rl_scanner_new (RlRulePack *pack)
{
  RlScanner *self;

  g_return_val_if_fail (pack != NULL, NULL);

  self = g_new0 (RlScanner, 1);
  self->pack = rl_rule_pack_ref (pack);
  self->prefilter = TRUE;
  /* Only the whole match is used: one pair of offsets is enough (a smaller
   * ovector than the pattern's groups is allowed; pcre2_match returns 0). */
  self->match_data = pcre2_match_data_create (1, NULL);
  self->match_context = pcre2_match_context_create (NULL);
  pcre2_set_match_limit (self->match_context, MATCH_LIMIT);
  pcre2_set_depth_limit (self->match_context, DEPTH_LIMIT);
  pcre2_set_heap_limit (self->match_context, HEAP_LIMIT_KIB);
  self->jit_stack = pcre2_jit_stack_create (JIT_STACK_MIN, JIT_STACK_MAX, NULL);
  if (self->jit_stack != NULL)
    pcre2_jit_stack_assign (self->match_context, NULL, self->jit_stack);
  return self;
}

void
rl_scanner_free (RlScanner *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->match_data, pcre2_match_data_free);
  g_clear_pointer (&self->match_context, pcre2_match_context_free);
  g_clear_pointer (&self->jit_stack, pcre2_jit_stack_free);
  g_clear_pointer (&self->pack, rl_rule_pack_unref);
  g_free (self);
}

void
rl_scanner_set_prefilter (RlScanner *self,
                          gboolean   enabled)
{
  g_return_if_fail (self != NULL);
  self->prefilter = !!enabled;
}

void
rl_scan_problem_free (RlScanProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

/* Valid UTF-8, where NUL counts as a character (PCRE2 agrees). */
static gboolean
text_is_valid (const char *text,
               gsize       len)
{
  const char *p = text, *end = text + len;

  while (p < end)
    {
      const char *bad;

      if (g_utf8_validate_len (p, end - p, &bad))
        return TRUE;
      if (*bad != '\0')
        return FALSE;
      p = bad + 1;
    }
  return TRUE;
}

typedef struct
{
  RlScanner    *self;
  const char   *text;
  gsize         len;
  char         *lowered;   /* ASCII-lowercased copy, made on first need */
  GArray       *hits;      /* ByteHit */
  GPtrArray    *problems;
  GCancellable *cancellable;
  gboolean      rule_reported;
} ScanState;

static void
report_problem (ScanState     *st,
                const RlRule  *rule,
                const RlPattern *pattern,
                int            rc)
{
  PCRE2_UCHAR buf[256];
  RlScanProblem *problem;

  /* Once per rule and text: a limit hit in "unless" could otherwise repeat
   * for every hit. */
  if (st->rule_reported)
    return;
  st->rule_reported = TRUE;

  if (st->problems == NULL)
    return;

  pcre2_get_error_message (rc, buf, sizeof buf);
  problem = g_new0 (RlScanProblem, 1);
  problem->rule = rule->index;
  problem->message = g_strdup_printf (_("the pattern at line %u gave up on this text: %s"),
                                      pattern->line, (const char *) buf);
  g_ptr_array_add (st->problems, problem);
}

static gboolean
contains (ScanState  *st,
          const char *needle,
          gboolean    caseless)
{
  gsize n = strlen (needle);

  if (caseless)
    {
      if (st->lowered == NULL)
        {
          /* Not g_ascii_strdown: it would stop at a NUL in the text. */
          st->lowered = g_malloc (MAX (st->len, 1));
          for (gsize i = 0; i < st->len; i++)
            st->lowered[i] = g_ascii_tolower (st->text[i]);
        }
      return memmem (st->lowered, st->len, needle, n) != NULL;
    }
  return memmem (st->text, st->len, needle, n) != NULL;
}

static gboolean
may_match (ScanState       *st,
           const RlPattern *pattern)
{
  if (!st->self->prefilter || pattern->literals == NULL)
    return TRUE;
  for (guint i = 0; i < pattern->literals->len; i++)
    if (contains (st, g_ptr_array_index (pattern->literals, i), pattern->literals_caseless))
      return TRUE;
  return FALSE;
}

/* Whether any of patterns matches subject[start, len).  Gave-up matches
 * count as "unknown": reported, and *unknown set. */
static gboolean
any_matches (ScanState    *st,
             const RlRule *rule,
             GPtrArray    *patterns,
             const char   *subject,
             gsize         len,
             gsize         start,
             uint32_t      options,
             gboolean     *unknown)
{
  for (guint i = 0; i < patterns->len; i++)
    {
      const RlPattern *p = g_ptr_array_index (patterns, i);
      int rc = pcre2_match (p->code, (PCRE2_SPTR) subject, len, start,
                            options | PCRE2_NO_UTF_CHECK,
                            st->self->match_data, st->self->match_context);

      if (rc >= 0)
        return TRUE;
      if (rc != PCRE2_ERROR_NOMATCH)
        {
          report_problem (st, rule, p, rc);
          *unknown = TRUE;
        }
    }
  return FALSE;
}

/* The decision for one match: clause bounds, then unless and near.  When a
 * limit makes unless or near undecidable the hit is kept: a reported
 * problem plus an extra hit to dismiss beats a silently missing one. */
static void
consider_match (ScanState    *st,
                const RlRule *rule,
                gsize         ms,
                gsize         me)
{
  ByteHit hit = { ms, me, 0, 0, rule->index };
  gboolean unknown = FALSE;

  rl_segment_clause (st->text, st->len, ms, me, &hit.clause_start, &hit.clause_end);
  /* Defensive: the clause always contains the match. */
  hit.clause_start = MIN (hit.clause_start, ms);
  hit.clause_end = MIN (MAX (hit.clause_end, me), st->len);

  if (rule->unless->len > 0 &&
      any_matches (st, rule, rule->unless, st->text + hit.clause_start,
                   hit.clause_end - hit.clause_start, 0, 0, &unknown))
    return;

  if (rule->near->len > 0)
    {
      gsize ws = ms, we = me;

      for (guint i = 0; i < rule->near_within && ws > 0; i++)
        ws = g_utf8_prev_char (st->text + ws) - st->text;
      for (guint i = 0; i < rule->near_within && we < st->len; i++)
        we = g_utf8_next_char (st->text + we) - st->text;

      /* The subject ends at the window, so a near match cannot run past
       * it; "$" must not match at a window end that is not the text's. */
      unknown = FALSE;
      if (!any_matches (st, rule, rule->near, st->text, we, ws,
                        we < st->len ? PCRE2_NOTEOL : 0, &unknown) && !unknown)
        return;
    }

  g_array_append_val (st->hits, hit);
}

static gboolean
run_pattern (ScanState       *st,
             const RlRule    *rule,
             const RlPattern *pattern)
{
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer (st->self->match_data);
  gsize offset = 0;
  guint n = 0;

  while (offset <= st->len)
    {
      int rc = pcre2_match (pattern->code, (PCRE2_SPTR) st->text, st->len, offset,
                            PCRE2_NO_UTF_CHECK, st->self->match_data,
                            st->self->match_context);
      gsize ms, me;

      if (rc == PCRE2_ERROR_NOMATCH)
        break;
      if (rc < 0)
        {
          /* This rule gave up on this text; the hits it found so far stand. */
          report_problem (st, rule, pattern, rc);
          break;
        }

      ms = ov[0];
      me = ov[1];

      if (me <= ms)
        {
          /* Empty match (or \K trickery): not a hit; move on one character. */
          if (me >= st->len)
            break;
          offset = g_utf8_next_char (st->text + MAX (me, offset)) - st->text;
          continue;
        }

      consider_match (st, rule, ms, me);
      offset = me;

      if ((++n & 0xff) == 0 && g_cancellable_is_cancelled (st->cancellable))
        return FALSE;
    }
  return TRUE;
}

static int
byte_hit_cmp (gconstpointer a,
              gconstpointer b)
{
  const ByteHit *x = a, *y = b;

  if (x->match_start != y->match_start)
    return x->match_start < y->match_start ? -1 : 1;
  if (x->match_end != y->match_end)
    return x->match_end > y->match_end ? -1 : 1;  /* longer first */
  return 0;
}

/* Several patterns of one rule: drop hits that overlap an earlier (or
 * longer) hit of the same rule, so the rule reports each text once. */
static void
merge_rule_hits (GArray *hits,
                 guint   first)
{
  gsize kept = first, last_end = 0;

  if (hits->len - first < 2)
    return;

  qsort (&g_array_index (hits, ByteHit, first), hits->len - first, sizeof (ByteHit), byte_hit_cmp);
  for (guint i = first; i < hits->len; i++)
    {
      ByteHit *h = &g_array_index (hits, ByteHit, i);

      if (kept > first && h->match_start < last_end)
        continue;
      g_array_index (hits, ByteHit, kept++) = *h;
      last_end = h->match_end;
    }
  g_array_set_size (hits, kept);
}

typedef struct
{
  gsize  offset;
  gsize *dest;
} OffsetRef;

static int
offset_ref_cmp (gconstpointer a,
                gconstpointer b)
{
  const OffsetRef *x = a, *y = b;

  if (x->offset != y->offset)
    return x->offset < y->offset ? -1 : 1;
  return 0;
}

static int
hit_cmp (gconstpointer a,
         gconstpointer b)
{
  const RlHit *x = a, *y = b;

  if (x->match_start != y->match_start)
    return x->match_start < y->match_start ? -1 : 1;
  if (x->rule != y->rule)
    return x->rule < y->rule ? -1 : 1;
  if (x->match_end != y->match_end)
    return x->match_end < y->match_end ? -1 : 1;
  return 0;
}

/* Byte offsets to character offsets with one running count. */
static GArray *
to_char_hits (RlRulePack *pack,
              const char *text,
              GArray     *byte_hits)
{
  GArray *hits = g_array_sized_new (FALSE, TRUE, sizeof (RlHit), byte_hits->len);
  g_autofree OffsetRef *refs = NULL;
  gsize n_refs = (gsize) byte_hits->len * 4;
  gsize pos = 0, chars = 0;

  g_array_set_size (hits, byte_hits->len);
  refs = g_new (OffsetRef, MAX (n_refs, 1));

  for (guint i = 0; i < byte_hits->len; i++)
    {
      const ByteHit *b = &g_array_index (byte_hits, ByteHit, i);
      RlHit *h = &g_array_index (hits, RlHit, i);
      const RlRule *rule = rl_rule_pack_get_rule (pack, b->rule);

      h->rule = b->rule;
      h->category = rule->category;
      refs[i * 4 + 0] = (OffsetRef) { b->match_start, &h->match_start };
      refs[i * 4 + 1] = (OffsetRef) { b->match_end, &h->match_end };
      refs[i * 4 + 2] = (OffsetRef) { b->clause_start, &h->clause_start };
      refs[i * 4 + 3] = (OffsetRef) { b->clause_end, &h->clause_end };
    }

  qsort (refs, n_refs, sizeof (OffsetRef), offset_ref_cmp);
  for (gsize i = 0; i < n_refs; i++)
    {
      for (; pos < refs[i].offset; pos++)
        if (((guchar) text[pos] & 0xC0) != 0x80)
          chars++;
      *refs[i].dest = chars;
    }

  g_array_sort (hits, hit_cmp);
  return hits;
}

GArray *
rl_scanner_scan_rules (RlScanner     *self,
                       const char    *text,
                       gsize          len,
                       const guint8  *rules,
                       GPtrArray     *problems,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GArray) byte_hits = NULL;
  ScanState st = { 0 };
  guint n_rules;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (text == NULL)
    text = "";
  g_return_val_if_fail (text_is_valid (text, len), NULL);

  byte_hits = g_array_new (FALSE, FALSE, sizeof (ByteHit));
  st.self = self;
  st.text = text;
  st.len = len;
  st.hits = byte_hits;
  st.problems = problems;
  st.cancellable = cancellable;

  n_rules = rl_rule_pack_get_n_rules (self->pack);
  for (guint r = 0; r < n_rules; r++)
    {
      const RlRule *rule = rl_rule_pack_get_rule (self->pack, r);
      guint first = byte_hits->len;

      if (rules != NULL && !rules[r])
        continue;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_free (st.lowered);
          return NULL;
        }

      st.rule_reported = FALSE;
      for (guint p = 0; p < rule->patterns->len; p++)
        {
          const RlPattern *pattern = g_ptr_array_index (rule->patterns, p);

          if (!may_match (&st, pattern))
            continue;
          if (!run_pattern (&st, rule, pattern))
            {
              g_free (st.lowered);
              g_cancellable_set_error_if_cancelled (cancellable, error);
              return NULL;
            }
        }

      if (rule->patterns->len > 1)
        merge_rule_hits (byte_hits, first);
    }

  g_free (st.lowered);
  return to_char_hits (self->pack, text, byte_hits);
}

GArray *
rl_scanner_scan (RlScanner     *self,
                 const char    *text,
                 gsize          len,
                 GPtrArray     *problems,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return rl_scanner_scan_rules (self, text, len, NULL, problems, cancellable, error);
}
