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

#include "rl-literal-set.h"
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
  GPtrArray           *literals;          /* Literal*, by id */
  /* The rules' own patterns, rule by rule (pattern index = position). */
  struct _ScanPattern *patterns;
  guint                n_patterns;
  guint               *rule_first;        /* n_rules + 1: each rule's first pattern */
  /* Literal id -> the patterns that list it among their filter literals
   * (lit_pats[lit_pats_start[id] .. lit_pats_start[id + 1]]). */
  guint               *lit_pats_start;
  guint               *lit_pats;
  guint8              *live;              /* per scan: pattern may match */
  GArray              *occurrences;       /* per pattern run: gsize, scratch */
  guint64              generation;        /* per scan: Literal state is fresh */
  RlLiteralSet        *set;               /* NULL: memmem per literal */
  RlLiteralHits       *set_hits;
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
 * (NULL: nothing known), plus the most characters a match can hold before
 * the start of that string (its prefix; UNBOUNDED when a quantifier such as
 * \s+ comes first).  A sequence's requirement is the best one among its
 * literal runs and its groups; a group's is the union of its branches'
 * (unknown if any branch is unknown).  Anything the parser does not fully
 * understand (inline option changes, verbs, \Q...\E, conditionals,
 * recursion, \K) makes the whole pattern unknown.  Lengths are counted in
 * characters and may be overestimated, never underestimated. */

#define MAX_ALTERNATIVES 32
#define UNBOUNDED        G_MAXUINT
/* Literals this long (bytes) count as equally rare when choosing. */
#define RARE_ENOUGH      6

typedef struct
{
  GPtrArray *strings;
  guint      prefix;
} Req;

static void
req_free (Req *req)
{
  if (req == NULL)
    return;
  g_ptr_array_unref (req->strings);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Req, req_free)

static guint
sat_add (guint a,
         guint b)
{
  if (a == UNBOUNDED || b == UNBOUNDED || a + b < a || a + b >= UNBOUNDED)
    return UNBOUNDED;
  return a + b;
}

static guint
sat_mul (guint a,
         guint n)
{
  if (a == 0 || n == 0)
    return 0;
  if (a == UNBOUNDED || n == UNBOUNDED || a > (UNBOUNDED - 1) / n)
    return UNBOUNDED;
  return a * n;
}

typedef struct
{
  const char *p;
  const char *end;
  gboolean    caseless;
  gboolean    bail;
  guint       depth;
} LitParser;


static gsize
req_min_len (Req *req)
{
  gsize min = G_MAXSIZE;

  for (guint i = 0; i < req->strings->len; i++)
    min = MIN (min, strlen (g_ptr_array_index (req->strings, i)));
  return min;
}

static Req *
req_dup (const Req *req)
{
  Req *copy;

  if (req == NULL)
    return NULL;
  copy = g_new0 (Req, 1);
  copy->strings = g_ptr_array_new_full (req->strings->len, g_free);
  for (guint i = 0; i < req->strings->len; i++)
    g_ptr_array_add (copy->strings, g_strdup (g_ptr_array_index (req->strings, i)));
  copy->prefix = req->prefix;
  return copy;
}

/* Two answers per construct: the rarest requirement (to skip texts that
 * cannot match) and the best one whose prefix is bounded (to run the
 * pattern only around its occurrences).  Both are true of every match. */
typedef struct
{
  Req *filter;
  Req *window;
} ReqPair;

static void
req_pair_clear (ReqPair *pair)
{
  g_clear_pointer (&pair->filter, req_free);
  g_clear_pointer (&pair->window, req_free);
}

static ReqPair lit_parse_alternation (LitParser *lp,
                                      guint     *maxlen);
static void    req_union             (Req      **all,
                                      gboolean  *unknown,
                                      Req       *branch);

/* How rare each byte is in the text Redline reads, in bits (-log2 of its
 * frequency, ASCII letters counted with their capitals): from the two real
 * corpora together, 121 MB of English and Chinese (tests/bench/
 * byte-rarity.py prints it).  A literal's rarity is the sum over its
 * bytes.  Length alone cannot tell 第 (three common bytes, in nearly every
 * Chinese law) from 702 (three digits). */
static const guint8 byte_bits[256] = {
  20, 20, 20, 20, 20, 20, 20, 20, 20, 20,  6, 20, 20, 20, 20, 20,
  20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20,
   4, 14, 11, 11, 12, 12, 14, 12, 10, 10,  9, 15,  8,  7,  8,  8,
   8,  9,  8, 10, 10, 10, 11, 11, 11, 11,  9, 12, 11, 12, 11, 14,
  15,  5,  8,  6,  6,  4,  7,  7,  6,  5, 10,  9,  6,  7,  5,  5,
   7, 11,  5,  5,  5,  6,  8,  8, 10,  8, 11, 12, 11, 12, 20, 11,
  20,  5,  8,  6,  6,  4,  7,  7,  6,  5, 10,  9,  6,  7,  5,  5,
   7, 11,  5,  5,  5,  6,  8,  8, 10,  8, 11, 20, 18, 20, 17, 20,
   6,  7,  8,  8,  7,  7,  8,  8,  7,  7,  8,  8,  7,  7,  8,  8,
   8,  8,  9,  8,  7,  8,  8,  8,  9,  8,  7,  8,  7,  8,  9,  8,
   8,  7,  9,  9,  8,  8,  9,  8,  8,  9,  9,  9,  7,  8,  7,  8,
   8,  9, 10,  8,  8,  9,  8,  9,  7,  8,  6,  7,  7,  7,  8,  8,
  20, 20,  9, 14, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20,
  20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20,
  20, 20, 10,  7,  6,  4,  5,  5,  6,  7, 20, 20, 20, 20, 20,  7,
  19, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20,
};

/* The rarity of the commonest alternative. */
static guint
req_min_bits (Req *req)
{
  guint min = G_MAXUINT;

  for (guint i = 0; i < req->strings->len; i++)
    {
      const guchar *p = g_ptr_array_index (req->strings, i);
      guint bits = 0;

      for (; *p; p++)
        bits += byte_bits[*p];
      min = MIN (min, bits);
    }
  return min;
}

/* Rarer: the commonest alternative rarer, then fewer alternatives. */
static gboolean
filter_better (Req *a,
               Req *b)
{
  guint ra, rb;

  if (b == NULL)
    return TRUE;
  ra = req_min_bits (a);
  rb = req_min_bits (b);
  if (ra != rb)
    return ra > rb;
  return a->strings->len < b->strings->len;
}

/* Rare enough, then a short prefix (small windows), then rarer. */
static gboolean
window_better (Req *a,
               Req *b)
{
  gsize la, lb;

  if (b == NULL)
    return TRUE;
  la = req_min_len (a);
  lb = req_min_len (b);
  if (MIN (la, RARE_ENOUGH) != MIN (lb, RARE_ENOUGH))
    return MIN (la, RARE_ENOUGH) > MIN (lb, RARE_ENOUGH);
  if (a->prefix != b->prefix)
    return a->prefix < b->prefix;
  if (la != lb)
    return la > lb;
  return a->strings->len < b->strings->len;
}

static gboolean
req_usable (Req *req)
{
  return req != NULL && req->strings->len > 0 && req_min_len (req) > 0;
}

/* Takes filter and window (either may be NULL). */
static void
req_consider (ReqPair *best,
              Req     *filter,
              Req     *window)
{
  if (req_usable (filter) && filter_better (filter, best->filter))
    {
      req_free (best->filter);
      best->filter = filter;
    }
  else
    req_free (filter);

  if (req_usable (window) && window->prefix != UNBOUNDED && window_better (window, best->window))
    {
      req_free (best->window);
      best->window = window;
    }
  else
    req_free (window);
}

static void
flush_run (ReqPair *best,
           GString *run,
           guint    prefix)
{
  Req *req;

  if (run->len == 0)
    return;
  req = g_new0 (Req, 1);
  req->strings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (req->strings, g_strndup (run->str, run->len));
  req->prefix = prefix;
  req_consider (best, req_dup (req), req);
  g_string_truncate (run, 0);
}

/* A sequence that starts with an optional group, as in
 * (?:materially\s+)?breach: a match either holds the group's text, and then
 * starts with it, or starts where the rest does.  So the group's window
 * literals, at their prefix, together with the best window of the rest,
 * counted from the group's end, are a window of the whole; without this the
 * group's unknown length would leave "breach" no bounded prefix.  head is
 * NULL until such a group is seen. */
typedef struct
{
  Req     *head;       /* the optional group's window requirement */
  ReqPair  rest;       /* only .window is used */
  guint    rest_len;   /* like seq_len, counted from the group's end */
  guint    run_prefix; /* rest_len where the current run started */
} OptHead;

static void
opt_head_clear (OptHead *oh)
{
  g_clear_pointer (&oh->head, req_free);
  req_pair_clear (&oh->rest);
}

static void
opt_head_run (OptHead *oh,
              GString *run)
{
  Req *req;

  if (oh->head == NULL || run->len == 0)
    return;
  req = g_new0 (Req, 1);
  req->strings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (req->strings, g_strndup (run->str, run->len));
  req->prefix = oh->run_prefix;
  req_consider (&oh->rest, NULL, req);
}

/* Offers the sequence the head's window joined with the rest's. */
static void
opt_head_finish (OptHead *oh,
                 ReqPair *best)
{
  Req *all = NULL;
  gboolean unknown = FALSE;

  if (oh->head != NULL && oh->rest.window != NULL)
    {
      req_union (&all, &unknown, g_steal_pointer (&oh->head));
      req_union (&all, &unknown, g_steal_pointer (&oh->rest.window));
      if (!unknown)
        req_consider (best, NULL, g_steal_pointer (&all));
      req_free (all);
    }
  opt_head_clear (oh);
}

/* Parses a quantifier at lp->p, if any.  Returns whether there was one,
 * with its bounds (max UNBOUNDED for *, + and {n,}). */
static gboolean
lit_quantifier (LitParser *lp,
                guint     *min,
                guint     *max)
{
  const char *p = lp->p;

  *min = *max = 1;
  if (p >= lp->end)
    return FALSE;

  if (*p == '*' || *p == '?' || *p == '+')
    {
      *min = *p == '+' ? 1 : 0;
      *max = *p == '?' ? 1 : UNBOUNDED;
      p++;
    }
  else if (*p == '{')
    {
      const char *q = p + 1;
      guint n = 0, m;
      gboolean digits = FALSE;

      while (q < lp->end && g_ascii_isdigit (*q))
        {
          n = MIN (n * 10 + (guint) (*q - '0'), 100000u);
          digits = TRUE;
          q++;
        }
      m = n;
      if (q < lp->end && *q == ',')
        {
          gboolean max_digits = FALSE;

          q++;
          m = 0;
          while (q < lp->end && g_ascii_isdigit (*q))
            {
              m = MIN (m * 10 + (guint) (*q - '0'), 100000u);
              max_digits = TRUE;
              q++;
            }
          if (!max_digits)
            m = UNBOUNDED;
        }
      if (q >= lp->end || *q != '}' || !digits)
        {
          /* PCRE2 reads a "{" that is not a quantifier as a literal (and
           * 10.43 changed which forms count); do not guess. */
          lp->bail = TRUE;
          return FALSE;
        }
      *min = n;
      *max = m;
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
  ATOM_OTHER,     /* not a known literal */
  ATOM_GROUP,     /* a group, with its requirement (maybe NULL) */
} AtomKind;

/* Reads one escape; lp->p is just after the backslash.  *maxlen: how many
 * characters it can match. */
static AtomKind
lit_escape (LitParser *lp,
            char      *buf,
            guint     *maxlen)
{
  char c;

  *maxlen = 1;
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
      /* Back-reference (any length) or octal. */
      while (lp->p < lp->end && g_ascii_isdigit (*lp->p))
        lp->p++;
      *maxlen = UNBOUNDED;
      return ATOM_OTHER;
    }

  switch (c)
    {
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
    case 'h': case 'H': case 'v': case 'V':
    case 'n': case 't': case 'r': case 'f': case 'e': case 'a':
      return ATOM_OTHER;

    case 'R':
      *maxlen = 2;  /* CR LF */
      return ATOM_OTHER;

    case 'X':
      *maxlen = UNBOUNDED;  /* a grapheme cluster */
      return ATOM_OTHER;

    case 'b': case 'B': case 'A': case 'z': case 'Z':
      *maxlen = 0;
      return ATOM_OTHER;

    case 'G':
      /* \G asserts the start offset, which windows move: a windowed run
       * would find matches a plain global search does not. */
      lp->bail = TRUE;
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

/* Reads a group; lp->p is just after "(".  Returns its requirement (NULL
 * for lookarounds, whose text is not part of the match). */
static ReqPair
lit_group (LitParser *lp,
           guint     *maxlen)
{
  gboolean lookaround = FALSE;
  const char *p = lp->p;
  ReqPair none = { NULL, NULL };
  ReqPair req;

  *maxlen = 0;

  if (p < lp->end && *p == '*')
    {
      lp->bail = TRUE;  /* (*VERB) */
      return none;
    }

  if (p < lp->end && *p == '?')
    {
      p++;
      if (p >= lp->end)
        {
          lp->bail = TRUE;
          return none;
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
              return none;
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
          return none;
        }
      else
        {
          /* Option settings, conditionals, recursion, callouts. */
          lp->bail = TRUE;
          return none;
        }
    }

  lp->p = p;
  if (++lp->depth > 200)
    {
      lp->bail = TRUE;
      return none;
    }
  req = lit_parse_alternation (lp, maxlen);
  lp->depth--;

  if (lp->bail || lp->p >= lp->end || *lp->p != ')')
    {
      lp->bail = TRUE;
      req_pair_clear (&req);
      return none;
    }
  lp->p++;

  if (lookaround)
    {
      *maxlen = 0;
      req_pair_clear (&req);
    }
  return req;
}

/* Whether PCRE2_CASELESS could make c match another character.  ASCII
 * letters are compared case-insensitively by the prefilter, except k and s:
 * under UTF caseless matching they also match U+212A KELVIN SIGN and U+017F
 * LONG S. */
static gboolean
caseless_safe (gunichar c)
{
  /* ASCII letters are safe, s and k included: the literal set also finds
   * the long s (U+017F) and the Kelvin sign (U+212A) that PCRE2_CASELESS
   * folds onto them. */
  if (c < 0x80)
    return TRUE;
  return g_unichar_tolower (c) == c && g_unichar_toupper (c) == c &&
         g_unichar_totitle (c) == c;
}

static ReqPair
lit_parse_sequence (LitParser *lp,
                    guint     *maxlen)
{
  g_autoptr(GString) run = g_string_new (NULL);
  ReqPair best = { NULL, NULL };
  OptHead oh = { NULL, { NULL, NULL }, 0, 0 };
  guint seq_len = 0;     /* most characters matched so far in this sequence */
  guint run_prefix = 0;  /* seq_len where the current run started */

  while (lp->p < lp->end && !lp->bail && *lp->p != '|' && *lp->p != ')')
    {
      ReqPair group_req = { NULL, NULL };
      char buf[8] = { 0 };
      AtomKind kind;
      gboolean quantified;
      guint atom_max = 1, min, max;
      char c = *lp->p;

      if (c == '\\')
        {
          lp->p++;
          kind = lit_escape (lp, buf, &atom_max);
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
          group_req = lit_group (lp, &atom_max);
          kind = ATOM_GROUP;
        }
      else if (c == '.')
        {
          lp->p++;
          kind = ATOM_OTHER;
        }
      else if (c == '^' || c == '$')
        {
          lp->p++;
          atom_max = 0;
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
          req_pair_clear (&group_req);
          break;
        }

      quantified = lit_quantifier (lp, &min, &max);
      if (lp->bail)
        {
          req_pair_clear (&group_req);
          break;
        }

      switch (kind)
        {
        case ATOM_LITERAL:
          if (min >= 1)
            {
              if (run->len == 0)
                {
                  run_prefix = seq_len;
                  oh.run_prefix = oh.rest_len;
                }
              g_string_append (run, buf);
            }
          if (quantified)
            {
              opt_head_run (&oh, run);
              flush_run (&best, run, run_prefix);
            }
          break;

        case ATOM_GROUP:
          opt_head_run (&oh, run);
          flush_run (&best, run, run_prefix);
          if (min == 0 && seq_len == 0 && oh.head == NULL && group_req.window != NULL)
            {
              oh.head = g_steal_pointer (&group_req.window);
              req_pair_clear (&group_req);
              seq_len = sat_mul (atom_max, max);
              continue;
            }
          if (min >= 1)
            {
              if (oh.head != NULL && group_req.window != NULL)
                {
                  Req *w = req_dup (group_req.window);

                  w->prefix = sat_add (oh.rest_len, w->prefix);
                  req_consider (&oh.rest, NULL, w);
                }
              if (group_req.filter != NULL)
                group_req.filter->prefix = sat_add (seq_len, group_req.filter->prefix);
              if (group_req.window != NULL)
                group_req.window->prefix = sat_add (seq_len, group_req.window->prefix);
              req_consider (&best, g_steal_pointer (&group_req.filter),
                            g_steal_pointer (&group_req.window));
            }
          req_pair_clear (&group_req);
          break;

        case ATOM_OTHER:
        default:
          opt_head_run (&oh, run);
          flush_run (&best, run, run_prefix);
          break;
        }

      seq_len = sat_add (seq_len, sat_mul (atom_max, max));
      oh.rest_len = sat_add (oh.rest_len, sat_mul (atom_max, max));
    }

  opt_head_run (&oh, run);
  flush_run (&best, run, run_prefix);
  if (lp->bail)
    {
      opt_head_clear (&oh);
      req_pair_clear (&best);
    }
  else
    opt_head_finish (&oh, &best);
  *maxlen = seq_len;
  return best;
}

/* Adds branch to *all (taking it); *unknown once any branch has nothing. */
static void
req_union (Req      **all,
           gboolean  *unknown,
           Req       *branch)
{
  if (*unknown || branch == NULL)
    {
      *unknown = TRUE;
      req_free (branch);
      return;
    }
  if (*all == NULL)
    {
      *all = branch;
      return;
    }
  for (guint i = 0; i < branch->strings->len; i++)
    {
      const char *s = g_ptr_array_index (branch->strings, i);

      if (!g_ptr_array_find_with_equal_func ((*all)->strings, s, g_str_equal, NULL))
        g_ptr_array_add ((*all)->strings, g_strdup (s));
    }
  (*all)->prefix = MAX ((*all)->prefix, branch->prefix);
  req_free (branch);
  if ((*all)->strings->len > MAX_ALTERNATIVES)
    *unknown = TRUE;  /* too many to be a cheap test */
}

static ReqPair
lit_parse_alternation (LitParser *lp,
                       guint     *maxlen)
{
  ReqPair all = { NULL, NULL };
  gboolean unknown_filter = FALSE, unknown_window = FALSE;

  *maxlen = 0;
  for (;;)
    {
      guint branch_len = 0;
      ReqPair branch = lit_parse_sequence (lp, &branch_len);

      if (lp->bail)
        {
          req_pair_clear (&branch);
          req_pair_clear (&all);
          return all;
        }

      /* Every branch is parsed even when the answer is already "unknown":
       * the group's length and where it ends are still needed. */
      *maxlen = MAX (*maxlen, branch_len);
      req_union (&all.filter, &unknown_filter, branch.filter);
      req_union (&all.window, &unknown_window, branch.window);

      if (lp->p < lp->end && *lp->p == '|')
        {
          lp->p++;
          continue;
        }
      break;
    }

  if (unknown_filter)
    g_clear_pointer (&all.filter, req_free);
  if (unknown_window)
    g_clear_pointer (&all.window, req_free);
  return all;
}

gboolean
rl_pattern_literals (const char  *pattern,
                     gsize        len,
                     gboolean     caseless,
                     GPtrArray  **filter,
                     GPtrArray  **window,
                     guint       *window_prefix)
{
  LitParser lp = { pattern, pattern + len, caseless, FALSE, 0 };
  ReqPair req;
  guint maxlen;

  g_return_val_if_fail (pattern != NULL, FALSE);

  *filter = NULL;
  *window = NULL;
  *window_prefix = G_MAXUINT;

  req = lit_parse_alternation (&lp, &maxlen);
  /* A stray ")" (PCRE2 would not have compiled it) or anything left over. */
  if (lp.bail || lp.p != lp.end)
    {
      req_pair_clear (&req);
      return FALSE;
    }

  if (req.filter != NULL)
    *filter = g_ptr_array_ref (req.filter->strings);
  if (req.window != NULL)
    {
      *window = g_ptr_array_ref (req.window->strings);
      *window_prefix = req.window->prefix;
    }
  req_pair_clear (&req);
  return *filter != NULL || *window != NULL;
}

GPtrArray *
rl_pattern_required_literals (const char *pattern,
                              gsize       len,
                              gboolean    caseless)
{
  GPtrArray *filter = NULL, *window = NULL;
  guint prefix;

  rl_pattern_literals (pattern, len, caseless, &filter, &window, &prefix);
  g_clear_pointer (&window, g_ptr_array_unref);
  return filter;
}

/* ------------------------------------------------------------------ */
/* Literal index
 *
 * Every distinct required literal of the pack gets an id.  One pass of an
 * Aho-Corasick automaton over the text (rl-literal-set.c) finds where each
 * literal occurs; patterns then run only around those places.  A pack whose
 * literals would make the automaton too large falls back to memmem per
 * literal, with the same results. */

typedef struct
{
  char               *text;
  gsize               len;
  gboolean            caseless;
  /* This scan's occurrences, sorted by start, when the set found them. */
  const RlLiteralHit *hits;
  guint               n_hits;
  gsize               first;  /* memmem cache in this scan, without a set */
  /* Caseless with s or k, which PCRE2 also matches as LONG S and KELVIN
   * SIGN: the literal set finds those spellings, memmem does not. */
  gboolean            sk;
  /* Occurs in this scan (with a set; exact even when positions were not
   * kept). */
  gboolean            present;
  /* The scan the fields above belong to: they are filled on first use, so
   * a text costs nothing for the literals no live pattern asks about. */
  guint64             generation;
} Literal;

/* One of the rules' patterns with its literal ids, looked up once. */
typedef struct _ScanPattern
{
  const RlPattern *pattern;
  guint           *lits;    /* filter literals; NULL: always runs */
  guint            n_lits;
  guint           *win;     /* window literals; NULL: runs over the whole text */
  guint            n_win;
  gboolean         jit;     /* JIT-compiled: pcre2_jit_match skips the checks */
} ScanPattern;

static void
literal_free (Literal *lit)
{
  g_free (lit->text);
  g_free (lit);
}

static guint
literal_id (RlScanner  *self,
            GHashTable *ids,
            const char *s,
            gboolean    caseless)
{
  g_autofree char *key = g_strconcat (caseless ? "i:" : "s:", s, NULL);
  gpointer value;
  Literal *lit;
  guint id;

  if (g_hash_table_lookup_extended (ids, key, NULL, &value))
    return GPOINTER_TO_UINT (value);

  lit = g_new0 (Literal, 1);
  lit->text = g_strdup (s);
  lit->len = strlen (s);
  lit->caseless = caseless;
  lit->sk = caseless && strpbrk (s, "sk") != NULL;
  id = self->literals->len;
  g_ptr_array_add (self->literals, lit);
  g_hash_table_insert (ids, g_steal_pointer (&key), GUINT_TO_POINTER (id));
  return id;
}

static guint *
literal_ids (RlScanner  *self,
             GHashTable *ids,
             GPtrArray  *strings,
             gboolean    caseless,
             guint      *n)
{
  guint *list = g_new (guint, strings->len);

  for (guint i = 0; i < strings->len; i++)
    list[i] = literal_id (self, ids, g_ptr_array_index (strings, i), caseless);
  *n = strings->len;
  return list;
}

/* Gives every distinct literal of the pack an id, each pattern the lists
 * of its literals' ids, and each literal the patterns it can wake. */
static void
index_literals (RlScanner *self)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_rules = rl_rule_pack_get_n_rules (self->pack);
  guint k = 0;

  self->literals = g_ptr_array_new_with_free_func ((GDestroyNotify) literal_free);
  self->rule_first = g_new0 (guint, n_rules + 1);
  for (guint r = 0; r < n_rules; r++)
    self->n_patterns += rl_rule_pack_get_rule (self->pack, r)->patterns->len;
  self->patterns = g_new0 (ScanPattern, MAX (self->n_patterns, 1));
  self->live = g_new0 (guint8, MAX (self->n_patterns, 1));
  self->occurrences = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (guint r = 0; r < n_rules; r++)
    {
      const RlRule *rule = rl_rule_pack_get_rule (self->pack, r);

      self->rule_first[r] = k;
      for (guint p = 0; p < rule->patterns->len; p++, k++)
        {
          const RlPattern *pattern = g_ptr_array_index (rule->patterns, p);
          ScanPattern *sp = &self->patterns[k];

          sp->pattern = pattern;
          {
            size_t jit_size = 0;

            sp->jit = pcre2_pattern_info (pattern->code, PCRE2_INFO_JITSIZE, &jit_size) == 0 &&
                      jit_size > 0;
          }
          if (pattern->literals != NULL)
            sp->lits = literal_ids (self, ids, pattern->literals,
                                    pattern->literals_caseless, &sp->n_lits);
          if (pattern->window_literals != NULL)
            sp->win = literal_ids (self, ids, pattern->window_literals,
                                   pattern->literals_caseless, &sp->n_win);
        }
    }
  self->rule_first[n_rules] = k;

  /* The inverse of the filter lists, as one array in id order. */
  self->lit_pats_start = g_new0 (guint, self->literals->len + 1);
  for (guint i = 0; i < self->n_patterns; i++)
    for (guint j = 0; j < self->patterns[i].n_lits; j++)
      self->lit_pats_start[self->patterns[i].lits[j] + 1]++;
  for (guint id = 0; id < self->literals->len; id++)
    self->lit_pats_start[id + 1] += self->lit_pats_start[id];
  self->lit_pats = g_new (guint, MAX (self->lit_pats_start[self->literals->len], 1));
  {
    g_autofree guint *fill = g_memdup2 (self->lit_pats_start,
                                        sizeof (guint) * (self->literals->len + 1));

    for (guint i = 0; i < self->n_patterns; i++)
      for (guint j = 0; j < self->patterns[i].n_lits; j++)
        self->lit_pats[fill[self->patterns[i].lits[j]]++] = i;
  }

  if (self->literals->len > 0 && self->literals->len <= RL_LITERAL_SET_MAX_ID)
    {
      g_autoptr(RlLiteralSetBuilder) builder = rl_literal_set_builder_new ();

      for (guint id = 0; id < self->literals->len; id++)
        {
          const Literal *lit = g_ptr_array_index (self->literals, id);
          rl_literal_set_builder_add (builder, id, lit->text, lit->len, lit->caseless);
        }
      /* Too large (a hostile pack): memmem per literal instead. */
      self->set = rl_literal_set_builder_build (builder, NULL);
      if (self->set != NULL)
        {
          self->set_hits = rl_literal_hits_new (self->set);
          /* A huge text dense with literals keeps no positions (and runs
           * patterns whole) rather than taking gigabytes. */
          rl_literal_hits_set_max_hits (self->set_hits, RL_LITERAL_SET_MAX_HITS);
        }
    }
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
  index_literals (self);
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
  g_clear_pointer (&self->literals, g_ptr_array_unref);
  for (guint i = 0; i < self->n_patterns; i++)
    {
      g_free (self->patterns[i].lits);
      g_free (self->patterns[i].win);
    }
  g_free (self->patterns);
  g_free (self->rule_first);
  g_free (self->lit_pats_start);
  g_free (self->lit_pats);
  g_free (self->live);
  g_clear_pointer (&self->occurrences, g_array_unref);
  g_clear_pointer (&self->set_hits, rl_literal_hits_free);
  g_clear_pointer (&self->set, rl_literal_set_unref);
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
rl_scanner_drop_literal_set (RlScanner *self)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->set_hits, rl_literal_hits_free);
  g_clear_pointer (&self->set, rl_literal_set_unref);
}

void
rl_scan_problem_free (RlScanProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

#define NOT_FOUND   G_MAXSIZE
#define UNKNOWN_POS (G_MAXSIZE - 1)

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
  gboolean      use_set;    /* the literal set was run over this text */
  gboolean      positions;  /* literal occurrences are all known */
} ScanState;

/* Literal id's state for this scan, filled on first use. */
static Literal *
lit_get (ScanState *st,
         guint      id)
{
  RlScanner *self = st->self;
  Literal *lit = g_ptr_array_index (self->literals, id);

  if (lit->generation != self->generation)
    {
      lit->generation = self->generation;
      lit->first = UNKNOWN_POS;
      lit->hits = NULL;
      lit->n_hits = 0;
      lit->present = FALSE;
      if (st->use_set)
        {
          lit->hits = rl_literal_hits_get (self->set_hits, id, &lit->n_hits);
          lit->present = lit->n_hits > 0 || rl_literal_hits_contains (self->set_hits, id);
        }
    }
  return lit;
}

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

/* Beyond this, windows around literals overlap too much to pay. */
#define MAX_WINDOW_PREFIX 256

static const char *
haystack (ScanState *st,
          gboolean   caseless)
{
  if (!caseless)
    return st->text;
  if (st->lowered == NULL)
    {
      /* Not g_ascii_strdown: it would stop at a NUL in the text.  ASCII
       * lowering keeps every byte offset. */
      st->lowered = g_malloc (MAX (st->len, 1));
      for (gsize i = 0; i < st->len; i++)
        st->lowered[i] = g_ascii_tolower (st->text[i]);
    }
  return st->lowered;
}

/* Byte offset of the first occurrence of lit at or after from (memmem:
 * for literals the automata do not cover). */
static gsize
find_from (ScanState     *st,
           const Literal *lit,
           gsize          from)
{
  const char *hay = haystack (st, lit->caseless);
  const char *found;

  if (from >= st->len)
    return NOT_FOUND;
  found = memmem (hay + from, st->len - from, lit->text, lit->len);
  return found ? (gsize) (found - hay) : NOT_FOUND;
}

static gsize
literal_first (ScanState *st,
               Literal   *lit)
{
  if (st->use_set)
    return lit->n_hits > 0 ? lit->hits[0].start : lit->present ? 0 : NOT_FOUND;
  if (lit->sk)
    return 0;  /* memmem cannot tell: assume it occurs */
  if (lit->first == UNKNOWN_POS)
    lit->first = find_from (st, lit, 0);
  return lit->first;
}

static int
offset_cmp (gconstpointer a,
            gconstpointer b)
{
  gsize x = *(const gsize *) a, y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

/* Where the window literals start in this text, sorted (repeats allowed),
 * in the scanner's scratch. */
static const gsize *
window_occurrences (ScanState         *st,
                    const ScanPattern *sp,
                    gsize             *n_occ)
{
  GArray *occ = st->self->occurrences;
  guint n_present = 0;

  g_array_set_size (occ, 0);
  for (guint i = 0; i < sp->n_win; i++)
    {
      Literal *lit = lit_get (st, sp->win[i]);
      guint before = occ->len;

      if (st->use_set)
        {
          gsize *out;

          g_array_set_size (occ, before + lit->n_hits);
          out = &g_array_index (occ, gsize, before);
          for (guint k = 0; k < lit->n_hits; k++)
            out[k] = lit->hits[k].start;
        }
      else
        for (gsize pos = literal_first (st, lit); pos != NOT_FOUND; pos = find_from (st, lit, pos + 1))
          g_array_append_val (occ, pos);
      n_present += occ->len > before;
    }
  if (n_present > 1)
    g_array_sort (occ, offset_cmp);
  *n_occ = occ->len;
  return (const gsize *) (void *) occ->data;
}

/* The pattern's window literals when it can run around them, or NULL. */
static const guint *
pattern_window_ids (ScanState         *st,
                    const ScanPattern *sp)
{
  if (!st->self->prefilter || sp->win == NULL || !sp->pattern->offset_limit ||
      sp->pattern->window_prefix > MAX_WINDOW_PREFIX || !st->positions)
    return NULL;
  if (!st->use_set)
    for (guint i = 0; i < sp->n_win; i++)
      if (lit_get (st, sp->win[i])->sk)
        return NULL;
  return sp->win;
}

/* Without the set: whether one of the pattern's literals occurs (memmem). */
static gboolean
may_match (ScanState         *st,
           const ScanPattern *sp)
{
  if (!st->self->prefilter || sp->lits == NULL)
    return TRUE;
  for (guint i = 0; i < sp->n_lits; i++)
    if (literal_first (st, lit_get (st, sp->lits[i])) != NOT_FOUND)
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

/* Runs a pattern over the text with PCRE2's global matching, from one
 * match's end to the next search.
 *
 * Windowed, it searches only around the occurrences of its literals: a
 * match holds one of them, at most window_prefix characters after its
 * start.  So no match can start in [e, q - prefix) when q is the first
 * literal occurrence at or after e, and none that uses q can start after
 * q: PCRE2 searches from q - prefix with the offset limit at q.  Windows
 * that touch are one search: while the next occurrence q' is at most
 * window_prefix bytes past the limit, its window (which starts at least
 * that many bytes before q') reaches back into the current one, so the
 * limit moves to q'.  At any one start position PCRE2 finds exactly what a
 * search without windows would, so the hits are the same. */
static gboolean
run_pattern (ScanState         *st,
             const RlRule      *rule,
             const ScanPattern *sp)
{
  const RlPattern *pattern = sp->pattern;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer (st->self->match_data);
  gboolean windowed;
  gsize n_occ = 0, i = 0, e = 0;
  const gsize *occ = NULL;
  guint n = 0;

  if (!st->use_set && !may_match (st, sp))
    return TRUE;
  windowed = pattern_window_ids (st, sp) != NULL;
  if (windowed)
    occ = window_occurrences (st, sp, &n_occ);

  while (e <= st->len)
    {
      gsize limit = PCRE2_UNSET, s = e, ms, me;
      int rc;

      if (windowed)
        {
          /* The first occurrence at or after e; a match inside a merged
           * window can send e back before occurrences already passed. */
          while (i > 0 && occ[i - 1] >= e)
            i--;
          while (i < n_occ && occ[i] < e)
            i++;
          if (i == n_occ)
            break;

          s = occ[i];
          for (guint k = 0; k < pattern->window_prefix && s > e; k++)
            s = g_utf8_prev_char (st->text + s) - st->text;

          for (limit = occ[i]; i + 1 < n_occ && occ[i + 1] - limit <= pattern->window_prefix; i++)
            limit = occ[i + 1];
        }

      /* The windows are many and short: pcre2_jit_match skips the argument
       * checks pcre2_match would repeat for each. */
      pcre2_set_offset_limit (st->self->match_context, limit);
      if (sp->jit)
        rc = pcre2_jit_match (pattern->code, (PCRE2_SPTR) st->text, st->len, s,
                              PCRE2_NO_UTF_CHECK, st->self->match_data,
                              st->self->match_context);
      else
        rc = pcre2_match (pattern->code, (PCRE2_SPTR) st->text, st->len, s,
                          PCRE2_NO_UTF_CHECK, st->self->match_data,
                          st->self->match_context);
      pcre2_set_offset_limit (st->self->match_context, PCRE2_UNSET);

      if (rc == PCRE2_ERROR_NOMATCH)
        {
          if (!windowed)
            break;
          /* Nothing uses these occurrences; limit is inside the text (a
           * literal is not empty). */
          e = g_utf8_next_char (st->text + limit) - st->text;
          continue;
        }
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
          e = g_utf8_next_char (st->text + MAX (me, e)) - st->text;
          continue;
        }

      consider_match (st, rule, ms, me);
      e = me;

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

int
rl_hit_compare (gconstpointer a,
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

  /* Most texts have no hit at all. */
  if (byte_hits->len == 0)
    return hits;
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

  g_array_sort (hits, rl_hit_compare);
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
  /* No UTF-8 check here: it cost an eighth of the engine's time, and every
   * caller's text is already checked (the store checks what it returns,
   * libyaml what it reads). */

  byte_hits = g_array_new (FALSE, FALSE, sizeof (ByteHit));
  st.self = self;
  st.text = text;
  st.len = len;
  st.hits = byte_hits;
  st.problems = problems;
  st.cancellable = cancellable;

  /* One pass finds every literal occurrence; the patterns that can match
   * are then those without filter literals and those woken by one that
   * occurred.  Without the set, may_match asks memmem per pattern. */
  self->generation++;
  st.positions = TRUE;
  st.use_set = self->prefilter && self->set != NULL;
  for (guint i = 0; i < self->n_patterns; i++)
    self->live[i] = !st.use_set || self->patterns[i].lits == NULL;
  if (st.use_set)
    {
      const guint *seen;
      guint n_seen;

      rl_literal_set_scan (self->set, text, len, self->set_hits);
      st.positions = rl_literal_hits_is_complete (self->set_hits);
      seen = rl_literal_hits_get_seen_ids (self->set_hits, &n_seen);
      for (guint i = 0; i < n_seen; i++)
        for (guint j = self->lit_pats_start[seen[i]]; j < self->lit_pats_start[seen[i] + 1]; j++)
          self->live[self->lit_pats[j]] = TRUE;
    }

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
      for (guint k = self->rule_first[r]; k < self->rule_first[r + 1]; k++)
        {
          if (!self->live[k])
            continue;
          if (!run_pattern (&st, rule, &self->patterns[k]))
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
