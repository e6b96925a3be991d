/* Multi-literal search: every occurrence, checked against a naive search
 * over random texts and literal sets, plus the cases a user of the scanner
 * would worry about (case, CJK, overlaps, edges, duplicates). */
#include "config.h"

#include <string.h>

#include "rl-literal-set.h"
#include "rl-rule-pack-private.h"
#include "rl-scanner.h"

typedef struct
{
  guint     id;
  char     *bytes;
  gsize     len;
  gboolean  caseless;
} Lit;

static void
lit_clear (gpointer data)
{
  Lit *lit = data;

  g_free (lit->bytes);
}

static void
add_lit (GArray     *lits,
         guint       id,
         const char *bytes,
         gsize       len,
         gboolean    caseless)
{
  Lit lit = { id, g_memdup2 (bytes, len), len, caseless };

  g_array_append_val (lits, lit);
}

static GArray *
lits_new (void)
{
  GArray *lits = g_array_new (FALSE, FALSE, sizeof (Lit));

  g_array_set_clear_func (lits, lit_clear);
  return lits;
}

static RlLiteralSet *
build (GArray *lits)
{
  g_autoptr(RlLiteralSetBuilder) builder = rl_literal_set_builder_new ();
  g_autoptr(GError) error = NULL;
  RlLiteralSet *set;

  for (guint i = 0; i < lits->len; i++)
    {
      const Lit *lit = &g_array_index (lits, Lit, i);

      rl_literal_set_builder_add (builder, lit->id, lit->bytes, lit->len, lit->caseless);
    }
  set = rl_literal_set_builder_build (builder, &error);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static int
hit_cmp (gconstpointer a,
         gconstpointer b)
{
  const RlLiteralHit *x = a, *y = b;

  if (x->id != y->id)
    return x->id < y->id ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return 0;
}

/* How PCRE2_CASELESS reads an s or a k: s, S and U+017F LONG S are one
 * letter, k, K and U+212A KELVIN SIGN another.  Returns the letter (or 0)
 * and its length at p. */
static char
sk_at (const char *p,
       gsize       avail,
       gsize      *len)
{
  *len = 1;
  if (g_ascii_tolower (p[0]) == 's' || g_ascii_tolower (p[0]) == 'k')
    return g_ascii_tolower (p[0]);
  if (avail >= 2 && memcmp (p, "\xc5\xbf", 2) == 0)
    {
      *len = 2;
      return 's';
    }
  if (avail >= 3 && memcmp (p, "\xe2\x84\xaa", 3) == 0)
    {
      *len = 3;
      return 'k';
    }
  return 0;
}

/* Where an occurrence of lit at text[0] ends, or 0.  Caseless: ASCII
 * case-insensitive, s and k as PCRE2 reads them, every other byte exact,
 * and only up to the seventh s or k (the documented cut).  NUL is an
 * ordinary byte. */
static gsize
match_at (const char *text,
          gsize       avail,
          const Lit  *lit)
{
  gsize t = 0, n_sk = 0;

  if (!lit->caseless)
    return avail >= lit->len && memcmp (text, lit->bytes, lit->len) == 0 ? lit->len : 0;

  for (gsize k = 0; k < lit->len;)
    {
      gsize llen, tlen;
      char lc = sk_at (lit->bytes + k, lit->len - k, &llen);

      if (lc != 0)
        {
          if (++n_sk > 6)
            break;
          if (t >= avail || sk_at (text + t, avail - t, &tlen) != lc)
            return 0;
          t += tlen;
        }
      else
        {
          if (t >= avail || g_ascii_tolower (text[t]) != g_ascii_tolower (lit->bytes[k]))
            return 0;
          t++;
        }
      k += llen;
    }
  return t;
}

/* The naive reference: every literal at every offset.  Identical
 * (id, bytes, caseless) literals count once, as the builder promises. */
static GArray *
naive_hits (GArray     *lits,
            const char *text,
            gsize       len)
{
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (RlLiteralHit));

  for (guint i = 0; i < lits->len; i++)
    {
      const Lit *lit = &g_array_index (lits, Lit, i);
      gboolean repeat = FALSE, plain;
      guint n_found = 0;

      for (guint j = 0; j < i && !repeat; j++)
        {
          const Lit *o = &g_array_index (lits, Lit, j);

          repeat = o->id == lit->id && o->len == lit->len && o->caseless == lit->caseless &&
                   memcmp (o->bytes, lit->bytes, lit->len) == 0;
        }
      if (repeat)
        continue;

      plain = memchr (lit->bytes, '\0', lit->len) == NULL;
      for (gsize k = 0; k < lit->len && plain; k++)
        {
          gsize l;

          plain = sk_at (lit->bytes + k, lit->len - k, &l) == 0 && !(lit->bytes[k] & 0x80);
        }

      for (gsize s = 0; s < len; s++)
        {
          gsize n = match_at (text + s, len - s, lit);

          /* Where they apply, the library's own comparisons agree:
           * memmem for exact literals, g_ascii_strncasecmp for caseless
           * ones without s, k or NUL. */
          if (lit->caseless && plain && s + lit->len <= len &&
              memchr (text + s, '\0', lit->len) == NULL)
            g_assert_cmpint (n > 0, ==, g_ascii_strncasecmp (text + s, lit->bytes, lit->len) == 0);
          if (n > 0)
            {
              RlLiteralHit h = { s, s + n, lit->id };

              g_array_append_val (hits, h);
              n_found++;
            }
        }

      if (!lit->caseless)
        {
          const char *p = text;
          guint n_memmem = 0;

          while (len > 0 && (p = memmem (p, len - (p - text), lit->bytes, lit->len)) != NULL)
            {
              n_memmem++;
              p++;
            }
          g_assert_cmpuint (n_memmem, ==, n_found);
        }
    }
  g_array_sort (hits, hit_cmp);
  return hits;
}

static gboolean
collect_cb (const RlLiteralHit *hit,
            gpointer            user_data)
{
  g_array_append_val ((GArray *) user_data, *hit);
  return TRUE;
}

static void
assert_hits_equal (GArray *got,
                   GArray *expected)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    {
      const RlLiteralHit *g = &g_array_index (got, RlLiteralHit, i);
      const RlLiteralHit *e = &g_array_index (expected, RlLiteralHit, i);

      g_assert_cmpuint (g->id, ==, e->id);
      g_assert_cmpuint (g->start, ==, e->start);
      g_assert_cmpuint (g->end, ==, e->end);
    }
}

/* Checks foreach (every occurrence, in end order) and scan (per id, sorted,
 * each (start, end) once, and the seen set) against the naive search. */
static void
check_set (RlLiteralSet  *set,
           RlLiteralHits *scratch,
           GArray        *lits,
           const char    *text,
           gsize          len)
{
  g_autoptr(GArray) expected = naive_hits (lits, text, len);
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (RlLiteralHit));
  g_autoptr(GArray) distinct = g_array_new (FALSE, FALSE, sizeof (RlLiteralHit));
  guint max_id = 0, n_seen = 0, n_words = 0;
  const guint64 *seen;

  g_assert_true (rl_literal_set_foreach (set, text, len, collect_cb, got));
  for (guint i = 1; i < got->len; i++)
    g_assert_cmpuint (g_array_index (got, RlLiteralHit, i - 1).end, <=,
                      g_array_index (got, RlLiteralHit, i).end);
  g_array_sort (got, hit_cmp);
  assert_hits_equal (got, expected);

  /* scan: the same hits, repeats of one (id, start, end) merged. */
  for (guint i = 0; i < expected->len; i++)
    {
      const RlLiteralHit *h = &g_array_index (expected, RlLiteralHit, i);

      if (distinct->len == 0 ||
          hit_cmp (&g_array_index (distinct, RlLiteralHit, distinct->len - 1), h) != 0)
        g_array_append_val (distinct, *h);
    }
  rl_literal_set_scan (set, text, len, scratch);
  g_assert_cmpuint (rl_literal_hits_get_n_hits (scratch), ==, distinct->len);

  for (guint i = 0; i < lits->len; i++)
    max_id = MAX (max_id, g_array_index (lits, Lit, i).id);
  seen = rl_literal_hits_get_seen (scratch, &n_words);
  g_assert_cmpuint (n_words, >=, (rl_literal_set_get_n_ids (set) + 63) / 64);

  for (guint id = 0, k = 0; id <= max_id + 70; id++)
    {
      guint n = 0, n_expected = 0;
      const RlLiteralHit *h = rl_literal_hits_get (scratch, id, &n);
      gboolean bit = id / 64 < n_words && ((seen[id / 64] >> (id % 64)) & 1);

      for (; k < distinct->len && g_array_index (distinct, RlLiteralHit, k).id == id; k++)
        {
          const RlLiteralHit *e = &g_array_index (distinct, RlLiteralHit, k);

          g_assert_cmpuint (n_expected, <, n);
          g_assert_cmpuint (h[n_expected].id, ==, id);
          g_assert_cmpuint (h[n_expected].start, ==, e->start);
          g_assert_cmpuint (h[n_expected].end, ==, e->end);
          n_expected++;
        }
      g_assert_cmpuint (n, ==, n_expected);
      g_assert_cmpint (rl_literal_hits_contains (scratch, id), ==, n > 0);
      g_assert_cmpint (bit, ==, n > 0);
      if (n > 0)
        n_seen++;
      else
        g_assert_null (h);
    }
  g_assert_cmpuint (rl_literal_hits_get_n_seen (scratch), ==, n_seen);

  /* The list of seen ids: the same ids, each once. */
  {
    guint n_list = 0;
    const guint *list = rl_literal_hits_get_seen_ids (scratch, &n_list);

    g_assert_cmpuint (n_list, ==, n_seen);
    for (guint i = 0; i < n_list; i++)
      {
        g_assert_true (rl_literal_hits_contains (scratch, list[i]));
        for (guint j = 0; j < i; j++)
          g_assert_cmpuint (list[j], !=, list[i]);
      }
  }
}

static void
check (GArray     *lits,
       const char *text)
{
  g_autoptr(RlLiteralSet) set = build (lits);
  g_autoptr(RlLiteralHits) scratch = rl_literal_hits_new (set);

  check_set (set, scratch, lits, text, strlen (text));
}

/* The classic example, with exact expected offsets. */
static void
test_classic (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(RlLiteralSet) set = NULL;
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (RlLiteralHit));
  static const RlLiteralHit expected[] = {
    { 1, 4, 1 },  /* she */
    { 2, 4, 0 },  /* he */
    { 2, 6, 3 },  /* hers */
  };

  add_lit (lits, 0, "he", 2, FALSE);
  add_lit (lits, 1, "she", 3, FALSE);
  add_lit (lits, 2, "his", 3, FALSE);
  add_lit (lits, 3, "hers", 4, FALSE);
  set = build (lits);
  g_assert_cmpuint (rl_literal_set_get_n_literals (set), ==, 4);
  g_assert_cmpuint (rl_literal_set_get_n_ids (set), ==, 4);

  g_assert_true (rl_literal_set_foreach (set, "ushers", 6, collect_cb, got));
  g_array_sort (got, hit_cmp);
  g_assert_cmpuint (got->len, ==, G_N_ELEMENTS (expected));
  /* Sorted by id: he(0), she(1), hers(3). */
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 0).id, ==, 0);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 0).start, ==, 2);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 1).id, ==, 1);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 1).start, ==, 1);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 2).id, ==, 3);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 2).end, ==, 6);

  check (lits, "ushers");
  check (lits, "hishershe");
  check (lits, "");
}

static void
test_case (void)
{
  g_autoptr(GArray) lits = lits_new ();

  add_lit (lits, 0, "human", 5, TRUE);
  add_lit (lits, 1, "Force", 5, FALSE);   /* exact: not "force", not "FORCE" */
  add_lit (lits, 2, "force", 5, TRUE);
  add_lit (lits, 3, "é", strlen ("é"), TRUE);  /* non-ASCII: exact, É is not é */
  add_lit (lits, 4, "ai", 2, FALSE);
  check (lits, "HUMAN humAn Human force Force FORCE é É AI ai aI");
  check (lits, "humanForceforceFORCEhuman");
}

/* PCRE2_CASELESS matches U+017F LONG S for s and U+212A KELVIN SIGN for
 * k; a caseless literal must find those spellings too, or the prefilter
 * would drop a document the pattern matches. */
static void
test_long_s_kelvin (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (RlLiteralHit));
  g_autoptr(RlLiteralSet) set = NULL;
  const char *text = "ma\xc5\xbf\xc5\xbf surveillance, \xe2\x84\xaaill, kill, MASS";

  add_lit (lits, 0, "mass", 4, TRUE);
  add_lit (lits, 1, "kill", 4, TRUE);
  add_lit (lits, 2, "mass", 4, FALSE);            /* exact: only "mass" */
  add_lit (lits, 3, "\xc5\xbfurv", 5, TRUE);       /* written with LONG S */
  add_lit (lits, 4, "ssssssssss", 10, TRUE);      /* past six: cut */
  check (lits, text);
  check (lits, "s\xc5\xbfS\xc5\xbfsS\xc5\xbf sssssssss");

  set = build (lits);
  g_assert_true (rl_literal_set_foreach (set, text, strlen (text), collect_cb, got));
  g_array_sort (got, hit_cmp);
  /* mass: "maſſ" (6 bytes) and "MASS"; kill: "Kill" (6 bytes) and "kill". */
  g_assert_cmpuint (got->len, ==, 5);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 0).end, ==, 6);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 2).id, ==, 1);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 2).end - g_array_index (got, RlLiteralHit, 2).start, ==, 6);
  g_assert_cmpuint (g_array_index (got, RlLiteralHit, 4).id, ==, 3);
}

static void
test_cjk (void)
{
  g_autoptr(GArray) lits = lits_new ();

  add_lit (lits, 0, "监控", strlen ("监控"), FALSE);
  add_lit (lits, 1, "大规模监控", strlen ("大规模监控"), TRUE);
  add_lit (lits, 2, "控", strlen ("控"), FALSE);
  add_lit (lits, 3, "AI监控", strlen ("AI监控"), TRUE);
  /* A literal that is the tail of one character and the head of another:
   * bytes, not characters, so it is found across the boundary. */
  add_lit (lits, 4, "\xa7\x84\xe5", 3, FALSE);
  check (lits, "不得进行大规模监控；ai监控与AI监控，监控监控控。");
  check (lits, "监控");
  check (lits, "规模");
}

static void
test_edges (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(RlLiteralSet) set = NULL;
  g_autoptr(RlLiteralHits) scratch = NULL;
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (RlLiteralHit));
  const char nul_text[] = "x\0y\0\0a\0b";

  add_lit (lits, 0, "ab", 2, FALSE);
  add_lit (lits, 1, "a", 1, TRUE);
  add_lit (lits, 2, "b", 1, FALSE);
  add_lit (lits, 3, "a\0b", 3, FALSE);
  add_lit (lits, 4, "\0", 1, FALSE);
  add_lit (lits, 5, "abababab", 8, TRUE);
  check (lits, "ab");
  check (lits, "a");
  check (lits, "abxxxxab");
  check (lits, "ABABABABAB");
  check (lits, "zzzzzz");

  set = build (lits);
  scratch = rl_literal_hits_new (set);
  check_set (set, scratch, lits, nul_text, sizeof nul_text - 1);
  /* The same scratch, reused for another text: nothing left over. */
  check_set (set, scratch, lits, "b", 1);
  check_set (set, scratch, lits, "", 0);
  g_assert_cmpuint (rl_literal_hits_get_n_hits (scratch), ==, 0);
  g_assert_cmpuint (rl_literal_hits_get_n_seen (scratch), ==, 0);

  /* A NULL text of length 0 is an empty text. */
  g_assert_true (rl_literal_set_foreach (set, NULL, 0, collect_cb, got));
  g_assert_cmpuint (got->len, ==, 0);
}

static void
test_empty_set (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(RlLiteralSet) set = build (lits);
  g_autoptr(RlLiteralHits) scratch = rl_literal_hits_new (set);
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (RlLiteralHit));
  guint n = 1;

  g_assert_cmpuint (rl_literal_set_get_n_literals (set), ==, 0);
  g_assert_cmpuint (rl_literal_set_get_n_ids (set), ==, 0);
  g_assert_true (rl_literal_set_foreach (set, "anything", 8, collect_cb, got));
  g_assert_cmpuint (got->len, ==, 0);
  rl_literal_set_scan (set, "anything", 8, scratch);
  g_assert_cmpuint (rl_literal_hits_get_n_hits (scratch), ==, 0);
  g_assert_false (rl_literal_hits_contains (scratch, 0));
  g_assert_null (rl_literal_hits_get (scratch, 3, &n));
  g_assert_cmpuint (n, ==, 0);
  check_set (set, scratch, lits, "", 0);
}

static void
test_duplicates (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(RlLiteralSet) set = NULL;
  g_autoptr(RlLiteralHits) scratch = NULL;
  const RlLiteralHit *h;
  guint n = 0;

  add_lit (lits, 0, "force", 5, TRUE);
  add_lit (lits, 7, "force", 5, TRUE);    /* another id: reported for both */
  add_lit (lits, 0, "force", 5, TRUE);    /* repeated: once */
  add_lit (lits, 0, "Force", 5, FALSE);   /* same id, same bytes found: once in scan */
  set = build (lits);
  g_assert_cmpuint (rl_literal_set_get_n_literals (set), ==, 3);
  g_assert_cmpuint (rl_literal_set_get_n_ids (set), ==, 8);
  scratch = rl_literal_hits_new (set);
  check_set (set, scratch, lits, "Force and force", 15);

  rl_literal_set_scan (set, "Force and force", 15, scratch);
  h = rl_literal_hits_get (scratch, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (h[0].start, ==, 0);
  g_assert_cmpuint (h[1].start, ==, 10);
  h = rl_literal_hits_get (scratch, 7, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (rl_literal_hits_get_n_seen (scratch), ==, 2);
}

/* One id with a long and a short literal over a run of one letter: the
 * long literal's hits come out far from start order, so ordering them
 * takes the slow path. */
static void
test_far_order (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autofree char *long_lit = g_strnfill (200, 'a');
  g_autofree char *text = g_strnfill (3000, 'a');

  add_lit (lits, 0, "a", 1, FALSE);
  add_lit (lits, 0, long_lit, 200, TRUE);
  add_lit (lits, 1, "aa", 2, FALSE);
  check (lits, text);
  text[1500] = 'b';
  check (lits, text);
}

static gboolean
stop_cb (const RlLiteralHit *hit,
         gpointer            user_data)
{
  guint *calls = user_data;

  (*calls)++;
  return FALSE;
}

static void
test_stop (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(RlLiteralSet) set = NULL;
  guint calls = 0;

  add_lit (lits, 0, "a", 1, FALSE);
  set = build (lits);
  g_assert_false (rl_literal_set_foreach (set, "aaaa", 4, stop_cb, &calls));
  g_assert_cmpuint (calls, ==, 1);
}

/* Random texts over small alphabets, so that literals overlap and share
 * prefixes and suffixes; literals are taken from the text half the time. */
static const char *const ascii_alphabet[] = { "a", "b", "A", "B", "h", "e", "s", "r", " ", "\n" };
static const char *const cjk_alphabet[] = { "监", "控", "大", "规", "模", "武", "器", "。" };
static const char *const mixed_alphabet[] = { "a", "B", "监", "控", "é", "É", " ", "\xc2\xa0", "e" };
static const char *const sk_alphabet[] = { "s", "S", "\xc5\xbf", "k", "K", "\xe2\x84\xaa", "a", "\xc5", "\xbf", "\x84" };

static char *
random_string (GRand             *rand,
               const char *const *alphabet,
               guint              n_alphabet,
               guint              n_chars)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_chars; i++)
    g_string_append (s, alphabet[g_rand_int_range (rand, 0, n_alphabet)]);
  return g_string_free (s, FALSE);
}

static void
random_round (GRand             *rand,
              const char *const *alphabet,
              guint              n_alphabet,
              guint              max_text,
              guint              max_lit)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(RlLiteralSet) set = NULL;
  g_autoptr(RlLiteralHits) scratch = NULL;
  g_autofree char *text = random_string (rand, alphabet, n_alphabet,
                                         g_rand_int_range (rand, 0, max_text));
  gsize text_len = strlen (text);
  guint n_lits = g_rand_int_range (rand, 0, 40);
  guint n_ids = g_rand_int_range (rand, 1, 90);

  for (guint i = 0; i < n_lits; i++)
    {
      g_autofree char *lit = NULL;
      gsize len;

      if (text_len > 0 && g_rand_boolean (rand))
        {
          /* A substring of the text, possibly cutting a UTF-8 sequence. */
          gsize s = g_rand_int_range (rand, 0, text_len);

          len = MIN ((gsize) g_rand_int_range (rand, 1, max_lit), text_len - s);
          lit = g_strndup (text + s, len);
        }
      else
        {
          lit = random_string (rand, alphabet, n_alphabet, g_rand_int_range (rand, 1, 5));
          len = strlen (lit);
        }
      add_lit (lits, g_rand_int_range (rand, 0, n_ids), lit, len, g_rand_boolean (rand));
      if (g_rand_int_range (rand, 0, 8) == 0)
        {
          /* The same literal under another id, or again under its own. */
          const Lit *last = &g_array_index (lits, Lit, lits->len - 1);
          g_autofree char *copy = g_memdup2 (last->bytes, last->len);

          add_lit (lits, g_rand_int_range (rand, 0, n_ids), copy, last->len, last->caseless);
        }
    }

  set = build (lits);
  scratch = rl_literal_hits_new (set);
  check_set (set, scratch, lits, text, text_len);
  /* Scratch reuse on a second text. */
  {
    g_autofree char *text2 = random_string (rand, alphabet, n_alphabet, max_text / 2);

    check_set (set, scratch, lits, text2, strlen (text2));
  }
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);

  for (guint round = 0; round < 300; round++)
    {
      random_round (rand, ascii_alphabet, G_N_ELEMENTS (ascii_alphabet), 400, 12);
      random_round (rand, cjk_alphabet, G_N_ELEMENTS (cjk_alphabet), 400, 12);
      random_round (rand, mixed_alphabet, G_N_ELEMENTS (mixed_alphabet), 400, 12);
      random_round (rand, sk_alphabet, G_N_ELEMENTS (sk_alphabet), 400, 20);
    }
}

/* Texts long enough for the interleaved search (several slices searched
 * at once), with literals up to a few hundred bytes long. */
static void
test_random_long (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 40; round++)
    {
      random_round (rand, ascii_alphabet, G_N_ELEMENTS (ascii_alphabet), 12000, 12);
      random_round (rand, cjk_alphabet, G_N_ELEMENTS (cjk_alphabet), 6000, 30);
      random_round (rand, mixed_alphabet, G_N_ELEMENTS (mixed_alphabet), 12000, 400);
      random_round (rand, sk_alphabet, G_N_ELEMENTS (sk_alphabet), 6000, 30);
    }
}

/* A literal at every offset around the places where the interleaved search
 * splits a text: found once, whichever slice it ends in. */
static void
test_slice_edges (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(RlLiteralSet) set = NULL;
  g_autoptr(RlLiteralHits) scratch = NULL;
  g_autofree char *long_lit = g_strnfill (100, 'q');
  const gsize len = 4096;
  g_autofree char *text = g_malloc (len + 1);

  add_lit (lits, 0, "needle", 6, TRUE);
  add_lit (lits, 1, "e", 1, FALSE);
  add_lit (lits, 2, long_lit, 100, FALSE);
  add_lit (lits, 3, "xqqq", 4, FALSE);
  set = build (lits);
  scratch = rl_literal_hits_new (set);

  for (gsize cut = len / 4; cut < len; cut += len / 4)
    for (gsize end = cut - 110; end <= cut + 110; end++)
      {
        memset (text, 'x', len);
        text[len] = '\0';
        memcpy (text + end - 100, long_lit, 100);
        memcpy (text + end - 6, "NEEDLE", 6);
        check_set (set, scratch, lits, text, len);

        memset (text, 'x', len);
        memcpy (text + end - 100, long_lit, 100);
        check_set (set, scratch, lits, text, len);
        rl_literal_set_scan (set, text, len, scratch);
        g_assert_true (rl_literal_hits_contains (scratch, 2));
      }
}

/* Random bytes, all 256 values: the byte classes and folding at their
 * limits (every byte in some literal). */
static void
test_random_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 50; round++)
    {
      g_autoptr(GArray) lits = lits_new ();
      g_autoptr(RlLiteralSet) set = NULL;
      g_autoptr(RlLiteralHits) scratch = NULL;
      char text[2000];
      guint span = round % 2 ? 256 : 4;

      for (guint i = 0; i < sizeof text; i++)
        text[i] = (char) g_rand_int_range (rand, 0, span);
      for (guint b = 0; b < 256; b++)
        {
          char lit[3] = { (char) b, (char) g_rand_int_range (rand, 0, span),
                          (char) g_rand_int_range (rand, 0, span) };

          add_lit (lits, b % 50, lit, 1 + b % 3, b % 2);
        }
      set = build (lits);
      g_assert_cmpuint (rl_literal_set_get_n_classes (set), <=, 256 - 26 + 1);
      scratch = rl_literal_hits_new (set);
      check_set (set, scratch, lits, text, sizeof text);
    }
}

/* More occurrences than the scratch keeps: no positions, but which ids
 * occurred stays exact; fewer: everything as usual. */
static void
test_too_many_hits (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);

  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(GArray) lits = lits_new ();
      g_autoptr(RlLiteralSet) set = NULL;
      g_autoptr(RlLiteralHits) scratch = NULL;
      g_autoptr(GArray) expected = NULL;
      g_autofree char *text = random_string (rand, ascii_alphabet, G_N_ELEMENTS (ascii_alphabet),
                                             g_rand_int_range (rand, 0, 3000));
      gsize len = strlen (text);
      guint max = g_rand_int_range (rand, 0, 60);

      for (guint i = 0; i < 6; i++)
        {
          g_autofree char *lit = random_string (rand, ascii_alphabet, G_N_ELEMENTS (ascii_alphabet),
                                                g_rand_int_range (rand, 1, 5));

          add_lit (lits, g_rand_int_range (rand, 0, 100), lit, strlen (lit), g_rand_boolean (rand));
        }
      set = build (lits);
      scratch = rl_literal_hits_new (set);
      rl_literal_hits_set_max_hits (scratch, max);
      expected = naive_hits (lits, text, len);
      rl_literal_set_scan (set, text, len, scratch);

      if (expected->len <= max / 4)
        g_assert_true (rl_literal_hits_is_complete (scratch));
      if (expected->len > max + 4)
        g_assert_false (rl_literal_hits_is_complete (scratch));

      if (rl_literal_hits_is_complete (scratch))
        {
          rl_literal_hits_set_max_hits (scratch, RL_LITERAL_SET_MAX_HITS);
          check_set (set, scratch, lits, text, len);
          continue;
        }

      g_assert_cmpuint (rl_literal_hits_get_n_hits (scratch), ==, 0);
      {
        guint n_list = 0;
        const guint *list = rl_literal_hits_get_seen_ids (scratch, &n_list);

        g_assert_cmpuint (n_list, ==, rl_literal_hits_get_n_seen (scratch));
        for (guint i = 0; i < n_list; i++)
          g_assert_true (rl_literal_hits_contains (scratch, list[i]));
      }
      for (guint id = 0; id < 100; id++)
        {
          gboolean occurs = FALSE;
          guint n = 1;

          for (guint i = 0; i < expected->len && !occurs; i++)
            occurs = g_array_index (expected, RlLiteralHit, i).id == id;
          g_assert_cmpint (rl_literal_hits_contains (scratch, id), ==, occurs);
          g_assert_null (rl_literal_hits_get (scratch, id, &n));
          g_assert_cmpuint (n, ==, 0);
        }

      /* The next text is complete again. */
      rl_literal_set_scan (set, "", 0, scratch);
      g_assert_true (rl_literal_hits_is_complete (scratch));
      g_assert_cmpuint (rl_literal_hits_get_n_seen (scratch), ==, 0);
    }
}

typedef struct
{
  RlLiteralSet *set;
  const char   *text;
  gsize         len;
  guint         n_hits;
} ThreadJob;

static gpointer
thread_cb (gpointer data)
{
  ThreadJob *job = data;
  g_autoptr(RlLiteralHits) scratch = rl_literal_hits_new (job->set);

  for (guint i = 0; i < 50; i++)
    rl_literal_set_scan (job->set, job->text, job->len, scratch);
  job->n_hits = rl_literal_hits_get_n_hits (scratch);
  return NULL;
}

/* One set, searched from two threads at once: the same answer as alone. */
static void
test_threads (void)
{
  g_autoptr(GArray) lits = lits_new ();
  g_autoptr(RlLiteralSet) set = NULL;
  g_autoptr(RlLiteralHits) scratch = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree char *text = random_string (rand, ascii_alphabet, G_N_ELEMENTS (ascii_alphabet), 20000);
  ThreadJob jobs[2];
  GThread *threads[2];

  add_lit (lits, 0, "she", 3, TRUE);
  add_lit (lits, 1, "hers", 4, FALSE);
  add_lit (lits, 2, "ab", 2, TRUE);
  set = build (lits);
  scratch = rl_literal_hits_new (set);
  rl_literal_set_scan (set, text, strlen (text), scratch);
  g_assert_cmpuint (rl_literal_hits_get_n_hits (scratch), >, 0);

  for (guint i = 0; i < 2; i++)
    {
      jobs[i] = (ThreadJob) { set, text, strlen (text), 0 };
      threads[i] = g_thread_new ("scan", thread_cb, &jobs[i]);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (jobs[i].n_hits, ==, rl_literal_hits_get_n_hits (scratch));
    }
}

/* A set too big for the memory cap is an error, not an abort. */
static void
test_too_large (void)
{
  g_autoptr(RlLiteralSetBuilder) builder = rl_literal_set_builder_new ();
  g_autoptr(RlLiteralSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < 4000; i++)
    {
      char lit[64];

      for (guint k = 0; k < sizeof lit; k++)
        lit[k] = (char) g_rand_int_range (rand, 0, 256);
      rl_literal_set_builder_add (builder, i % 100, lit, sizeof lit, FALSE);
    }
  set = rl_literal_set_builder_build (builder, &error);
  g_assert_error (error, RL_LITERAL_SET_ERROR, RL_LITERAL_SET_ERROR_TOO_LARGE);
  g_assert_null (set);
}

/* The scanner runs a rule's patterns only around literal occurrences
 * found with a literal set.  Where that would be easy to get wrong, the
 * hits must still equal those of a scan without the prefilter. */
static void
assert_scan_same (RlRulePack *pack,
                  const char *text,
                  gsize       len)
{
  g_autoptr(RlScanner) fast = rl_scanner_new (pack);
  g_autoptr(RlScanner) slow = rl_scanner_new (pack);
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  rl_scanner_set_prefilter (slow, FALSE);
  a = rl_scanner_scan (fast, text, len, NULL, NULL, NULL);
  b = rl_scanner_scan (slow, text, len, NULL, NULL, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_assert_cmpuint (g_array_index (a, RlHit, i).rule, ==, g_array_index (b, RlHit, i).rule);
      g_assert_cmpuint (g_array_index (a, RlHit, i).match_start, ==, g_array_index (b, RlHit, i).match_start);
      g_assert_cmpuint (g_array_index (a, RlHit, i).match_end, ==, g_array_index (b, RlHit, i).match_end);
    }
}

static void
test_scanner_windows (void)
{
  static const char yaml[] =
    "pack: p\n"
    "version: 1\n"
    "categories:\n"
    "  - {id: en, name: English, color: \"#445566\"}\n"
    "rules:\n"
    "  - {id: g, category: en, message: m, pattern: '\\Gfoo'}\n"
    "  - {id: a, category: en, message: m, pattern: 'ab(?=c)'}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(RlRulePack) pack = rl_rule_pack_load_data (yaml, strlen (yaml), "t.yaml", &error);
  g_autoptr(GString) dense = g_string_new (NULL);

  g_assert_no_error (error);

  /* \G holds at the start offset: a window starting at the third "foo"
   * would match there, a global search does not. */
  assert_scan_same (pack, "foofoo xfoo", 11);

  /* More occurrences than the scanner keeps positions for
   * (RL_LITERAL_SET_MAX_HITS): the patterns then run over the whole text. */
  for (guint i = 0; i < RL_LITERAL_SET_MAX_HITS + 1000; i++)
    g_string_append (dense, i % 200000 == 7 ? "abc" : "ab");
  assert_scan_same (pack, dense->str, dense->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/literal-set/classic", test_classic);
  g_test_add_func ("/literal-set/case", test_case);
  g_test_add_func ("/literal-set/long-s-kelvin", test_long_s_kelvin);
  g_test_add_func ("/literal-set/cjk", test_cjk);
  g_test_add_func ("/literal-set/edges", test_edges);
  g_test_add_func ("/literal-set/empty-set", test_empty_set);
  g_test_add_func ("/literal-set/duplicates", test_duplicates);
  g_test_add_func ("/literal-set/stop", test_stop);
  g_test_add_func ("/literal-set/far-order", test_far_order);
  g_test_add_func ("/literal-set/random", test_random);
  g_test_add_func ("/literal-set/random-long", test_random_long);
  g_test_add_func ("/literal-set/slice-edges", test_slice_edges);
  g_test_add_func ("/literal-set/random-bytes", test_random_bytes);
  g_test_add_func ("/literal-set/too-many-hits", test_too_many_hits);
  g_test_add_func ("/literal-set/threads", test_threads);
  g_test_add_func ("/literal-set/too-large", test_too_large);
  g_test_add_func ("/literal-set/scanner-windows", test_scanner_windows);

  return g_test_run ();
}
