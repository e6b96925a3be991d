/* rl-literal-set.c: Aho-Corasick over all required literals, as a dense DFA.
 *
 * The trie is built over case-folded bytes (ASCII A-Z read as a-z, every
 * other byte as itself), so caseless and case-sensitive literals share one
 * automaton whose size is bounded by the total literal length: no subset
 * construction, no blow-up.  A case-sensitive literal that contains an
 * ASCII letter is checked with one memcmp against the text when the folded
 * automaton reports it; that happens only on a candidate hit.
 *
 * Failure links are resolved into a full transition table, so the search
 * reads one table entry per byte and never backtracks.  Bytes are first
 * mapped to classes (every byte that occurs in no literal shares class 0),
 * which keeps rows short; the table holds next states premultiplied by the
 * row length, so a step is two loads and an add.  States are numbered so
 * that every state with an output comes after every state without one: the
 * hot loop tests for a hit with one comparison.  Outputs are not copied into
 * every state whose suffix is a literal; each state keeps its own literals
 * and a link to the next state down its failure chain that has any (the
 * dictionary suffix link).
 *
 * rl_literal_set_scan, the scanner's path, cuts a text into four slices
 * and runs four automata in one loop (search_streams): a step waits on the
 * load of the previous step, so one stream leaves the core idle; four keep
 * four loads in flight.  On the two real corpora that took the literal pass
 * from about 250 to about 850 MB/s per core.  rl_literal_set_foreach keeps
 * one stream, to call back in end order; in the start state it skips bytes
 * that lead back to the start state with a 256-entry table. */
#include "config.h"

#include <string.h>

#include "rl-literal-set.h"

/* The transition table's cap: 64 MiB.  The default pack needs well under
 * one; a hostile pack gets an error and the caller runs without the set. */
#define MAX_TABLE_BYTES   ((gsize) 64 * 1024 * 1024)
#define NO_STATE          G_MAXUINT32

/* Interleaved search (search_streams): streams, and the shortest slice
 * worth a stream of its own. */
#define N_STREAMS         4
#define MIN_SLICE         64

typedef struct
{
  guint   id;
  guint   caseless;
  gsize   len;
  gsize   offset;    /* in the builder's pool */
} BuilderLit;

struct _RlLiteralSetBuilder
{
  GArray     *lits;   /* BuilderLit */
  GByteArray *pool;
  GHashTable *seen;   /* GBytes (id, caseless, bytes) -> NULL */
};

/* One literal, as the search reports it. */
typedef struct
{
  guint         id;
  guint32       len;
  const guint8 *exact;  /* check these bytes exactly, or NULL */
} Output;

/* A state's own outputs (first, count in outputs) and the next state with
 * outputs along its failure chain (NO_STATE when none). */
typedef struct
{
  guint32 first;
  guint32 count;
  guint32 link;
} StateOut;

struct _RlLiteralSet
{
  gatomicrefcount ref_count;
  guint8          classes[256];
  guint8          root_skip[256];  /* byte keeps the start state there */
  guint32        *trans;           /* n_states * n_classes, premultiplied */
  guint32         n_states;
  guint32         n_classes;
  guint64         class_recip;     /* ceil (2^32 / n_classes): s / n_classes by multiply */
  guint32         match_min;       /* premultiplied: s >= this has outputs */
  StateOut       *state_out;       /* n_states, by state number */
  Output         *outputs;
  guint           n_outputs;
  guint8         *exact_pool;
  guint           n_ids;
  gsize           max_len;         /* longest literal */
};

/* A growable array of hits; appending is the hot path of a dense text. */
typedef struct
{
  RlLiteralHit *data;
  gsize         len;
  gsize         cap;
} HitBuf;

static inline void
hit_buf_push (HitBuf             *buf,
              const RlLiteralHit *hit)
{
  if (G_UNLIKELY (buf->len == buf->cap))
    {
      buf->cap = MAX (64, buf->cap * 2);
      buf->data = g_renew (RlLiteralHit, buf->data, buf->cap);
    }
  buf->data[buf->len++] = *hit;
}

struct _RlLiteralHits
{
  HitBuf   raw[N_STREAMS];  /* by stream, in end order */
  GArray  *sorted;    /* RlLiteralHit, grouped by id */
  guint   *count;     /* n_ids: hits of id in raw, then its bucket length */
  guint   *first;     /* n_ids: its bucket start in sorted */
  guint64 *seen;      /* n_words */
  guint    n_words;
  guint    n_ids;
  guint    n_hits;    /* after merging repeats */
  gsize    max_hits;
  gboolean overflowed;
  GArray  *seen_ids;  /* guint, in first-seen order */
};

G_DEFINE_QUARK (rl-literal-set-error-quark, rl_literal_set_error)

/* Past max_hits: remember only that id occurred. */
static void
hits_overflow (RlLiteralHits *hits,
               guint          id)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << (id % 64);

  hits->overflowed = TRUE;
  if (hits->seen[id / 64] & bit)
    return;
  hits->seen[id / 64] |= bit;
  g_array_append_val (hits->seen_ids, id);
}

static inline guint8
fold (guint8 b)
{
  return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
}

/* ------------------------------------------------------------------ */
/* Building */

RlLiteralSetBuilder *
rl_literal_set_builder_new (void)
{
  RlLiteralSetBuilder *self = g_new0 (RlLiteralSetBuilder, 1);

  self->lits = g_array_new (FALSE, FALSE, sizeof (BuilderLit));
  self->pool = g_byte_array_new ();
  self->seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                      (GDestroyNotify) g_bytes_unref, NULL);
  return self;
}

void
rl_literal_set_builder_free (RlLiteralSetBuilder *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->lits);
  g_byte_array_unref (self->pool);
  g_hash_table_unref (self->seen);
  g_free (self);
}

/* PCRE2_CASELESS with UTF: s and S also match U+017F LATIN SMALL LETTER
 * LONG S, k and K also match U+212A KELVIN SIGN; no other ASCII letter has
 * a non-ASCII case partner.  Byte folding covers ASCII case; these two are
 * added as literal variants (one per choice at each s or k), so a parser
 * may put s and k into caseless literals.  Past MAX_SK_UNITS such letters
 * only the literal's prefix before the next one is searched: every
 * occurrence of the literal starts with an occurrence of that prefix, at
 * the same offset. */
#define MAX_SK_UNITS 6

static const guint8 long_s[] = { 0xc5, 0xbf };
static const guint8 kelvin[] = { 0xe2, 0x84, 0xaa };

static void
add_caseless_variants (RlLiteralSetBuilder *self,
                       guint                id,
                       const guint8        *literal,
                       gsize                len)
{
  gsize unit_at[MAX_SK_UNITS];
  gsize unit_len[MAX_SK_UNITS];
  char unit_kind[MAX_SK_UNITS];
  guint n_units = 0;
  gsize k = 0;

  while (k < len)
    {
      char kind = 0;
      gsize ulen = 1;

      if (fold (literal[k]) == 's' || fold (literal[k]) == 'k')
        kind = (char) fold (literal[k]);
      else if (len - k >= sizeof long_s && memcmp (literal + k, long_s, sizeof long_s) == 0)
        {
          kind = 's';
          ulen = sizeof long_s;
        }
      else if (len - k >= sizeof kelvin && memcmp (literal + k, kelvin, sizeof kelvin) == 0)
        {
          kind = 'k';
          ulen = sizeof kelvin;
        }

      if (kind != 0)
        {
          if (n_units == MAX_SK_UNITS)
            break;
          unit_at[n_units] = k;
          unit_len[n_units] = ulen;
          unit_kind[n_units] = kind;
          n_units++;
        }
      k += ulen;
    }
  len = k;  /* maybe cut before the letter past MAX_SK_UNITS */

  for (guint mask = 0; mask < (1u << n_units); mask++)
    {
      BuilderLit lit = { id, TRUE, 0, self->pool->len };
      gsize from = 0;

      for (guint u = 0; u < n_units; u++)
        {
          const guint8 *alt = unit_kind[u] == 's' ? long_s : kelvin;
          gsize alt_len = unit_kind[u] == 's' ? sizeof long_s : sizeof kelvin;

          g_byte_array_append (self->pool, literal + from, unit_at[u] - from);
          if (mask & (1u << u))
            g_byte_array_append (self->pool, alt, alt_len);
          else
            g_byte_array_append (self->pool, (const guint8 *) &unit_kind[u], 1);
          from = unit_at[u] + unit_len[u];
        }
      g_byte_array_append (self->pool, literal + from, len - from);
      lit.len = self->pool->len - lit.offset;
      g_array_append_val (self->lits, lit);
    }
}

void
rl_literal_set_builder_add (RlLiteralSetBuilder *self,
                            guint                id,
                            const char          *literal,
                            gsize                len,
                            gboolean             caseless)
{
  BuilderLit lit = { id, !!caseless, len, 0 };
  g_autofree guint8 *key = NULL;
  GBytes *bytes;

  g_return_if_fail (self != NULL);
  g_return_if_fail (literal != NULL);
  g_return_if_fail (len > 0 && len < G_MAXUINT32);
  g_return_if_fail (id <= RL_LITERAL_SET_MAX_ID);

  /* Identical additions (alternatives that repeat a literal) would report
   * every occurrence twice. */
  key = g_malloc (sizeof (guint) + 1 + len);
  memcpy (key, &id, sizeof (guint));
  key[sizeof (guint)] = lit.caseless;
  memcpy (key + sizeof (guint) + 1, literal, len);
  bytes = g_bytes_new_take (g_steal_pointer (&key), sizeof (guint) + 1 + len);
  if (!g_hash_table_add (self->seen, bytes))
    return;

  if (!caseless)
    {
      lit.offset = self->pool->len;
      g_byte_array_append (self->pool, (const guint8 *) literal, len);
      g_array_append_val (self->lits, lit);
      return;
    }
  add_caseless_variants (self, id, (const guint8 *) literal, len);
}

static int
by_node_cmp (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  const guint32 *node_of = user_data;
  guint x = *(const guint *) a, y = *(const guint *) b;

  if (node_of[x] != node_of[y])
    return node_of[x] < node_of[y] ? -1 : 1;
  return x < y ? -1 : (x > y);
}

RlLiteralSet *
rl_literal_set_builder_build (RlLiteralSetBuilder  *self,
                              GError              **error)
{
  g_autoptr(RlLiteralSet) set = NULL;
  g_autoptr(GArray) trie = NULL;        /* guint32 rows of n_classes */
  g_autofree guint32 *node_of = NULL;   /* literal -> terminal node */
  g_autofree guint32 *fail = NULL;
  g_autofree guint32 *queue = NULL;
  g_autofree guint32 *own_first = NULL;
  g_autofree guint32 *own_count = NULL;
  g_autofree guint32 *link = NULL;
  g_autofree guint32 *renum = NULL;
  g_autofree guint *order = NULL;
  guint8 class_of[256] = { 0 };
  guint n_lits, n_nodes, n_classes = 1, n_match = 0;
  gsize exact_len = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_lits = self->lits->len;
  set = g_new0 (RlLiteralSet, 1);
  g_atomic_ref_count_init (&set->ref_count);

  /* Byte classes over folded bytes; class 0 is "in no literal". */
  for (guint i = 0; i < n_lits; i++)
    {
      const BuilderLit *lit = &g_array_index (self->lits, BuilderLit, i);

      for (gsize k = 0; k < lit->len; k++)
        {
          guint8 b = fold (self->pool->data[lit->offset + k]);

          if (class_of[b] == 0)
            class_of[b] = n_classes++;
        }
    }
  for (guint b = 0; b < 256; b++)
    set->classes[b] = class_of[fold (b)];
  set->n_classes = n_classes;
  set->class_recip = ((G_GUINT64_CONSTANT (1) << 32) + n_classes - 1) / n_classes;

  /* The trie, as rows of the future table (0: no child; the root is never
   * a child). */
  trie = g_array_new (FALSE, TRUE, sizeof (guint32));
  g_array_set_size (trie, n_classes);
  n_nodes = 1;
  node_of = g_new (guint32, MAX (n_lits, 1));
  for (guint i = 0; i < n_lits; i++)
    {
      const BuilderLit *lit = &g_array_index (self->lits, BuilderLit, i);
      guint32 node = 0;

      set->n_ids = MAX (set->n_ids, lit->id + 1);
      set->max_len = MAX (set->max_len, lit->len);
      for (gsize k = 0; k < lit->len; k++)
        {
          guint8 c = set->classes[self->pool->data[lit->offset + k]];
          guint32 *slot = &g_array_index (trie, guint32, (gsize) node * n_classes + c);

          if (*slot == 0)
            {
              if ((gsize) (n_nodes + 1) * n_classes * sizeof (guint32) > MAX_TABLE_BYTES)
                {
                  g_set_error (error, RL_LITERAL_SET_ERROR, RL_LITERAL_SET_ERROR_TOO_LARGE,
                               "%u literals need more than %u MiB of automaton",
                               n_lits, (guint) (MAX_TABLE_BYTES >> 20));
                  return NULL;
                }
              *slot = n_nodes++;
              g_array_set_size (trie, (gsize) n_nodes * n_classes);
              /* set_size may have moved the array. */
              slot = &g_array_index (trie, guint32, (gsize) node * n_classes + c);
            }
          node = *slot;
        }
      node_of[i] = node;
    }

  /* Own outputs: literals grouped by terminal node. */
  order = g_new (guint, MAX (n_lits, 1));
  for (guint i = 0; i < n_lits; i++)
    order[i] = i;
  g_qsort_with_data (order, n_lits, sizeof (guint), by_node_cmp, node_of);
  own_first = g_new0 (guint32, n_nodes);
  own_count = g_new0 (guint32, n_nodes);
  for (guint i = 0; i < n_lits; i++)
    {
      guint32 node = node_of[order[i]];

      if (own_count[node]++ == 0)
        own_first[node] = i;
    }

  /* Breadth first: failure links, full transitions, dictionary links. */
  fail = g_new0 (guint32, n_nodes);
  link = g_new (guint32, n_nodes);
  queue = g_new (guint32, n_nodes);
  {
    guint32 *t = (guint32 *) (void *) trie->data;
    guint head = 0, tail = 0;

    link[0] = NO_STATE;
    queue[tail++] = 0;
    while (head < tail)
      {
        guint32 u = queue[head++];

        for (guint c = 0; c < n_classes; c++)
          {
            guint32 v = t[(gsize) u * n_classes + c];

            if (v != 0)
              {
                guint32 f = u == 0 ? 0 : t[(gsize) fail[u] * n_classes + c];

                fail[v] = f;
                link[v] = own_count[f] > 0 ? f : link[f];
                queue[tail++] = v;
              }
            else if (u != 0)
              t[(gsize) u * n_classes + c] = t[(gsize) fail[u] * n_classes + c];
          }
      }
    g_assert (tail == n_nodes);
  }

  /* Number states without outputs first, in breadth-first order (the root
   * stays 0), then states with outputs. */
  renum = g_new (guint32, n_nodes);
  {
    guint32 next = 0;

    for (guint i = 0; i < n_nodes; i++)
      if (own_count[queue[i]] == 0 && link[queue[i]] == NO_STATE)
        renum[queue[i]] = next++;
    n_match = n_nodes - next;
    for (guint i = 0; i < n_nodes; i++)
      if (!(own_count[queue[i]] == 0 && link[queue[i]] == NO_STATE))
        renum[queue[i]] = next++;
  }
  set->n_states = n_nodes;
  set->match_min = (n_nodes - n_match) * n_classes;

  set->trans = g_new (guint32, (gsize) n_nodes * n_classes);
  for (guint u = 0; u < n_nodes; u++)
    for (guint c = 0; c < n_classes; c++)
      set->trans[(gsize) renum[u] * n_classes + c] =
        renum[g_array_index (trie, guint32, (gsize) u * n_classes + c)] * n_classes;

  for (guint b = 0; b < 256; b++)
    set->root_skip[b] = set->trans[set->classes[b]] == 0;

  /* Outputs, in the order of "order"; exact bytes for case-sensitive
   * literals whose ASCII letters the folded trie cannot tell apart. */
  for (guint i = 0; i < n_lits; i++)
    exact_len += g_array_index (self->lits, BuilderLit, i).len;
  set->exact_pool = g_malloc (MAX (exact_len, 1));
  set->outputs = g_new (Output, MAX (n_lits, 1));
  set->n_outputs = n_lits;
  exact_len = 0;
  for (guint i = 0; i < n_lits; i++)
    {
      const BuilderLit *lit = &g_array_index (self->lits, BuilderLit, order[i]);
      const guint8 *bytes = self->pool->data + lit->offset;
      Output *out = &set->outputs[i];
      gboolean letters = FALSE;

      out->id = lit->id;
      out->len = lit->len;
      out->exact = NULL;
      for (gsize k = 0; k < lit->len && !letters; k++)
        letters = g_ascii_isalpha (bytes[k]);
      if (!lit->caseless && letters)
        {
          memcpy (set->exact_pool + exact_len, bytes, lit->len);
          out->exact = set->exact_pool + exact_len;
          exact_len += lit->len;
        }
    }

  set->state_out = g_new (StateOut, n_nodes);
  for (guint u = 0; u < n_nodes; u++)
    {
      StateOut *so = &set->state_out[renum[u]];

      so->first = own_first[u];
      so->count = own_count[u];
      so->link = link[u] == NO_STATE ? NO_STATE : renum[link[u]];
    }

  return g_steal_pointer (&set);
}

RlLiteralSet *
rl_literal_set_ref (RlLiteralSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
rl_literal_set_unref (RlLiteralSet *self)
{
  if (self == NULL)
    return;
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->trans);
  g_free (self->state_out);
  g_free (self->outputs);
  g_free (self->exact_pool);
  g_free (self);
}

guint
rl_literal_set_get_n_literals (const RlLiteralSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_outputs;
}

guint
rl_literal_set_get_n_states (const RlLiteralSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_states;
}

guint
rl_literal_set_get_n_classes (const RlLiteralSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_classes;
}

guint
rl_literal_set_get_n_ids (const RlLiteralSet *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_ids;
}

/* ------------------------------------------------------------------ */
/* Searching */

typedef struct
{
  RlLiteralHitFunc  func;
  gpointer          user_data;
  HitBuf           *out;   /* used when func is NULL */
  gsize             limit;     /* hits out may hold */
  RlLiteralHits    *hits;      /* past the limit: only mark ids seen here */
} Sink;

/* The outputs of state s (premultiplied), for a hit ending at end. */
static gboolean
report (const RlLiteralSet *set,
        guint32             s,
        const guint8       *text,
        gsize               end,
        Sink               *sink)
{
  /* s is a multiple of n_classes below 2^26 (the table cap), so the
   * multiply-shift is exact; a division would cost more than the rest. */
  guint32 state = (guint32) (((guint64) s * set->class_recip) >> 32);

  do
    {
      const StateOut *so = &set->state_out[state];

      for (guint32 k = so->first; k < so->first + so->count; k++)
        {
          const Output *out = &set->outputs[k];
          RlLiteralHit hit = { end - out->len, end, out->id };

          if (out->exact != NULL && memcmp (text + hit.start, out->exact, out->len) != 0)
            continue;
          if (sink->func == NULL)
            {
              if (G_LIKELY (sink->out->len < sink->limit))
                hit_buf_push (sink->out, &hit);
              else
                hits_overflow (sink->hits, hit.id);
            }
          else if (!sink->func (&hit, sink->user_data))
            return FALSE;
        }
      state = so->link;
    }
  while (state != NO_STATE);
  return TRUE;
}

/* One stream: from the start state at text[from], to text[to]; hits that
 * end at or before min_end belong to another stream.  *state carries the
 * automaton state in and out, so a stream can be continued. */
static gboolean
search_range (const RlLiteralSet *set,
              const guint8       *text,
              gsize               from,
              gsize               to,
              gsize               min_end,
              guint32            *state,
              Sink               *sink)
{
  const guint32 *trans = set->trans;
  const guint8 *classes = set->classes;
  const guint8 *skip = set->root_skip;
  const guint32 match_min = set->match_min;
  guint32 s = *state;
  gsize i = from;

  while (i < to)
    {
      if (s == 0)
        {
          while (i < to && skip[text[i]])
            i++;
          if (i == to)
            break;
        }
      s = trans[s + classes[text[i++]]];
      if (G_UNLIKELY (s >= match_min) && i > min_end &&
          !report (set, s, text, i, sink))
        return FALSE;
    }
  *state = s;
  return TRUE;
}

static gboolean
search (const RlLiteralSet *set,
        const guint8       *text,
        gsize               len,
        Sink               *sink)
{
  guint32 s = 0;

  if (set->n_outputs == 0)
    return TRUE;
  return search_range (set, text, 0, len, 0, &s, sink);
}

/* A DFA step is a load that depends on the previous one, so one stream
 * waits on memory latency.  N_STREAMS independent streams over N_STREAMS
 * slices of the text keep several loads in flight.  Stream j starts from
 * the start state max_len bytes before its slice: any literal ending in
 * the slice starts after that point, and the automaton has forgotten
 * nothing that matters by the slice's first byte.  Hits ending before the
 * slice are the previous stream's.  Each stream appends to its own array,
 * so concatenating them keeps end order. */

/* Streams run BLOCK bytes, then their hits are reported. */
#define BLOCK 128

typedef struct
{
  guint32 state;
  guint32 k;      /* byte index within the block */
} Cand;

static void
search_streams (const RlLiteralSet *set,
                const guint8       *text,
                gsize               len,
                RlLiteralHits      *hits)
{
  const guint32 *trans = set->trans;
  const guint8 *classes = set->classes;
  const guint32 match_min = set->match_min;
  HitBuf *outs = hits->raw;
  gsize slice = len / N_STREAMS;
  gsize from[N_STREAMS], to[N_STREAMS], min_end[N_STREAMS];
  guint32 st[N_STREAMS] = { 0 };
  Sink sinks[N_STREAMS];
  const guint8 *t0, *t1, *t2, *t3;
  guint32 s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  gsize common = G_MAXSIZE;
  Cand cand[N_STREAMS][BLOCK + 1];

  G_STATIC_ASSERT (N_STREAMS == 4);

  if (set->n_outputs == 0)
    return;
  if (slice < MIN_SLICE || slice < 2 * set->max_len)
    {
      Sink sink = { NULL, NULL, &outs[0], hits->max_hits, hits };

      search_range (set, text, 0, len, 0, &st[0], &sink);
      return;
    }

  for (guint j = 0; j < N_STREAMS; j++)
    {
      gsize start = j * slice;

      from[j] = j == 0 ? 0 : start - set->max_len;
      to[j] = j == N_STREAMS - 1 ? len : start + slice;
      min_end[j] = start;
      common = MIN (common, to[j] - from[j]);
      sinks[j] = (Sink) { NULL, NULL, &outs[j], hits->max_hits / N_STREAMS + 1, hits };
      if (hits->max_hits == G_MAXSIZE)
        sinks[j].limit = G_MAXSIZE;
    }

  t0 = text + from[0];
  t1 = text + from[1];
  t2 = text + from[2];
  t3 = text + from[3];
  for (gsize base = 0; base < common; base += BLOCK)
    {
      gsize end = MIN (common, base + BLOCK);
      guint n0 = 0, n1 = 0, n2 = 0, n3 = 0;

      /* Candidates are written unconditionally and kept by advancing the
       * count: in a text dense with hits a branch here would be
       * mispredicted every few bytes. */
      for (gsize k = base; k < end; k++)
        {
          s0 = trans[s0 + classes[t0[k]]];
          s1 = trans[s1 + classes[t1[k]]];
          s2 = trans[s2 + classes[t2[k]]];
          s3 = trans[s3 + classes[t3[k]]];
          cand[0][n0] = (Cand) { s0, (guint32) (k - base) };
          n0 += s0 >= match_min;
          cand[1][n1] = (Cand) { s1, (guint32) (k - base) };
          n1 += s1 >= match_min;
          cand[2][n2] = (Cand) { s2, (guint32) (k - base) };
          n2 += s2 >= match_min;
          cand[3][n3] = (Cand) { s3, (guint32) (k - base) };
          n3 += s3 >= match_min;
        }

      if (G_UNLIKELY ((n0 | n1 | n2 | n3) != 0))
        {
          guint n[N_STREAMS] = { n0, n1, n2, n3 };

          for (guint j = 0; j < N_STREAMS; j++)
            for (guint c = 0; c < n[j]; c++)
              {
                gsize hit_end = from[j] + base + cand[j][c].k + 1;

                if (hit_end > min_end[j])
                  report (set, cand[j][c].state, text, hit_end, &sinks[j]);
              }
        }
    }

  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  for (guint j = 0; j < N_STREAMS; j++)
    search_range (set, text, from[j] + common, to[j], min_end[j], &st[j], &sinks[j]);
}

gboolean
rl_literal_set_foreach (const RlLiteralSet *self,
                        const char         *text,
                        gsize               len,
                        RlLiteralHitFunc    func,
                        gpointer            user_data)
{
  Sink sink = { func, user_data, NULL, 0, NULL };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return search (self, (const guint8 *) text, len, &sink);
}

RlLiteralHits *
rl_literal_hits_new (const RlLiteralSet *set)
{
  RlLiteralHits *self = g_new0 (RlLiteralHits, 1);

  self->sorted = g_array_new (FALSE, FALSE, sizeof (RlLiteralHit));
  self->seen_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  self->max_hits = G_MAXSIZE;
  if (set != NULL)
    {
      self->n_ids = set->n_ids;
      self->n_words = (set->n_ids + 63) / 64;
      self->count = g_new0 (guint, MAX (self->n_ids, 1));
      self->first = g_new0 (guint, MAX (self->n_ids, 1));
      self->seen = g_new0 (guint64, MAX (self->n_words, 1));
    }
  return self;
}

void
rl_literal_hits_free (RlLiteralHits *self)
{
  if (self == NULL)
    return;
  for (guint j = 0; j < N_STREAMS; j++)
    g_free (self->raw[j].data);
  g_array_unref (self->sorted);
  g_array_unref (self->seen_ids);
  g_free (self->count);
  g_free (self->first);
  g_free (self->seen);
  g_free (self);
}

static void
hits_reset (RlLiteralHits *self,
            guint          n_ids)
{
  for (guint i = 0; i < self->seen_ids->len; i++)
    {
      guint id = g_array_index (self->seen_ids, guint, i);

      self->count[id] = 0;
      self->seen[id / 64] = 0;
    }
  g_array_set_size (self->seen_ids, 0);
  for (guint j = 0; j < N_STREAMS; j++)
    self->raw[j].len = 0;
  g_array_set_size (self->sorted, 0);
  self->n_hits = 0;
  self->overflowed = FALSE;

  if (n_ids > self->n_ids)
    {
      /* Scratch made for a smaller set (or none). */
      g_free (self->count);
      g_free (self->first);
      g_free (self->seen);
      self->n_ids = n_ids;
      self->n_words = (n_ids + 63) / 64;
      self->count = g_new0 (guint, n_ids);
      self->first = g_new0 (guint, n_ids);
      self->seen = g_new0 (guint64, self->n_words);
    }
}

static int
hit_cmp (gconstpointer a,
         gconstpointer b)
{
  const RlLiteralHit *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

static inline gboolean
hit_after (const RlLiteralHit *x,
           const RlLiteralHit *y)
{
  return x->start > y->start || (x->start == y->start && x->end > y->end);
}

/* A bucket in end order is nearly in start order: a hit moves back only
 * past hits that end within one literal's length of it.  Insertion sort
 * is then linear; when it is not (a long literal over many short hits),
 * it gives up after a few moves per hit and returns FALSE, the bucket
 * still a permutation of itself. */
static gboolean
insertion_sort (RlLiteralHit *b,
                guint         m)
{
  guint64 moves = 0, limit = 8 * (guint64) m + 64;

  for (guint k = 1; k < m; k++)
    {
      RlLiteralHit x = b[k];
      guint j = k;

      while (j > 0 && hit_after (&b[j - 1], &x))
        {
          b[j] = b[j - 1];
          j--;
          if (++moves > limit)
            {
              b[j] = x;
              return FALSE;
            }
        }
      b[j] = x;
    }
  return TRUE;
}

void
rl_literal_set_scan (const RlLiteralSet *self,
                     const char         *text,
                     gsize               len,
                     RlLiteralHits      *hits)
{
  RlLiteralHit *sorted;
  guint n = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL || len == 0);
  g_return_if_fail (hits != NULL);

  hits_reset (hits, self->n_ids);
  search_streams (self, (const guint8 *) text, len, hits);

  if (hits->overflowed)
    {
      /* Too many to keep: which ids occurred is still exact. */
      for (guint j = 0; j < N_STREAMS; j++)
        {
          for (gsize i = 0; i < hits->raw[j].len; i++)
            hits_overflow (hits, hits->raw[j].data[i].id);
          hits->raw[j].len = 0;
        }
      return;
    }

  /* Counting sort by id (stable, and streams in order, so each bucket is
   * in end order). */
  for (guint j = 0; j < N_STREAMS; j++)
    {
      const RlLiteralHit *raw = hits->raw[j].data;

      for (gsize i = 0; i < hits->raw[j].len; i++)
        {
          guint id = raw[i].id;

          if (hits->count[id]++ == 0)
            {
              g_array_append_val (hits->seen_ids, id);
              hits->seen[id / 64] |= G_GUINT64_CONSTANT (1) << (id % 64);
            }
        }
    }
  if (hits->seen_ids->len == 0)
    return;
  for (guint i = 0; i < hits->seen_ids->len; i++)
    {
      guint id = g_array_index (hits->seen_ids, guint, i);

      hits->first[id] = n;
      n += hits->count[id];
      hits->count[id] = 0;
    }
  g_array_set_size (hits->sorted, n);
  sorted = (RlLiteralHit *) (void *) hits->sorted->data;
  for (guint j = 0; j < N_STREAMS; j++)
    {
      const RlLiteralHit *raw = hits->raw[j].data;

      for (gsize i = 0; i < hits->raw[j].len; i++)
        {
          guint id = raw[i].id;

          sorted[hits->first[id] + hits->count[id]++] = raw[i];
        }
    }

  /* Each bucket by start; literals of different lengths make end order
   * differ from start order, and two literals of one id can find the same
   * bytes. */
  for (guint i = 0; i < hits->seen_ids->len; i++)
    {
      guint id = g_array_index (hits->seen_ids, guint, i);
      RlLiteralHit *b = sorted + hits->first[id];
      guint m = hits->count[id], kept = 1;
      gboolean in_order = TRUE;

      for (guint k = 1; k < m && in_order; k++)
        in_order = hit_cmp (&b[k - 1], &b[k]) < 0;
      if (in_order)
        {
          hits->n_hits += m;
          continue;
        }
      if (!insertion_sort (b, m))
        qsort (b, m, sizeof (RlLiteralHit), hit_cmp);
      for (guint k = 1; k < m; k++)
        if (hit_cmp (&b[kept - 1], &b[k]) != 0)
          b[kept++] = b[k];
      hits->count[id] = kept;
      hits->n_hits += kept;
    }
}

gboolean
rl_literal_hits_contains (const RlLiteralHits *self,
                          guint                id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (id >= self->n_ids)
    return FALSE;
  return (self->seen[id / 64] >> (id % 64)) & 1;
}

const guint64 *
rl_literal_hits_get_seen (const RlLiteralHits *self,
                          guint               *n_words)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_words != NULL, NULL);

  *n_words = self->n_words;
  return self->seen;
}

guint
rl_literal_hits_get_n_seen (const RlLiteralHits *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->seen_ids->len;
}

const guint *
rl_literal_hits_get_seen_ids (const RlLiteralHits *self,
                              guint               *n_seen)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_seen != NULL, NULL);

  *n_seen = self->seen_ids->len;
  return (const guint *) (void *) self->seen_ids->data;
}

const RlLiteralHit *
rl_literal_hits_get (const RlLiteralHits *self,
                     guint                id,
                     guint               *n_hits)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_hits != NULL, NULL);

  *n_hits = 0;
  if (self->overflowed || !rl_literal_hits_contains (self, id))
    return NULL;
  *n_hits = self->count[id];
  return &g_array_index (self->sorted, RlLiteralHit, self->first[id]);
}

gboolean
rl_literal_hits_is_complete (const RlLiteralHits *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return !self->overflowed;
}

void
rl_literal_hits_set_max_hits (RlLiteralHits *self,
                              gsize          max_hits)
{
  g_return_if_fail (self != NULL);
  self->max_hits = max_hits;
}

guint
rl_literal_hits_get_n_hits (const RlLiteralHits *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_hits;
}
