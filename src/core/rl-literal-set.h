/* rl-literal-set.h: find every occurrence of many literals in one pass.
 *
 * Built once from all patterns' required literals (each tagged with an id the
 * caller chooses, typically a pattern index), then immutable: one set can be
 * searched from several threads at once.  A literal is a byte string; a
 * caseless one matches ASCII letters case-insensitively, s and k also as
 * U+017F LONG S and U+212A KELVIN SIGN (as PCRE2_CASELESS does with UTF),
 * and every other byte (UTF-8 lead and continuation bytes included)
 * exactly.  A caseless literal with more than six s or k is searched up to
 * the seventh: its hits start where the literal would and end early.
 *
 * Ids index arrays of size (largest id + 1): keep them small and dense. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RL_LITERAL_SET_ERROR (rl_literal_set_error_quark ())

typedef enum
{
  RL_LITERAL_SET_ERROR_TOO_LARGE,  /* the automaton would exceed its memory cap */
} RlLiteralSetError;

/* Largest id accepted by rl_literal_set_builder_add. */
#define RL_LITERAL_SET_MAX_ID (1u << 20)

/* A sensible cap for rl_literal_hits_set_max_hits: each occurrence costs
 * 48 bytes while sorting, and the default pack's window literals occur
 * about 100 times per KB of English, so 2^20 is some 10 MB of text and
 * 50 MB of memory.  The scratch has no cap until one is set. */
#define RL_LITERAL_SET_MAX_HITS (1u << 20)

typedef struct _RlLiteralSet        RlLiteralSet;
typedef struct _RlLiteralSetBuilder RlLiteralSetBuilder;
typedef struct _RlLiteralHits       RlLiteralHits;

/* One occurrence: text[start, end) equals the literal. */
typedef struct
{
  gsize start;
  gsize end;
  guint id;
} RlLiteralHit;

/* Return FALSE to stop the search. */
typedef gboolean (*RlLiteralHitFunc) (const RlLiteralHit *hit,
                                      gpointer            user_data);

GQuark               rl_literal_set_error_quark        (void);

RlLiteralSetBuilder *rl_literal_set_builder_new        (void);
void                 rl_literal_set_builder_free       (RlLiteralSetBuilder *builder);
/* len > 0.  Adding the same (id, bytes, caseless) twice adds it once. */
void                 rl_literal_set_builder_add        (RlLiteralSetBuilder *builder,
                                                        guint                id,
                                                        const char          *literal,
                                                        gsize                len,
                                                        gboolean             caseless);
/* The builder stays usable; the set does not depend on it. */
RlLiteralSet        *rl_literal_set_builder_build      (RlLiteralSetBuilder *builder,
                                                        GError             **error);

RlLiteralSet        *rl_literal_set_ref                (RlLiteralSet        *set);
void                 rl_literal_set_unref              (RlLiteralSet        *set);

/* Number of literals (after merging duplicates, counting each s/k spelling
 * of a caseless literal), automaton states, byte
 * classes, and one more than the largest id (0 when empty). */
guint                rl_literal_set_get_n_literals     (const RlLiteralSet  *set);
guint                rl_literal_set_get_n_states       (const RlLiteralSet  *set);
guint                rl_literal_set_get_n_classes      (const RlLiteralSet  *set);
guint                rl_literal_set_get_n_ids          (const RlLiteralSet  *set);

/* Calls func for every occurrence of every literal, in order of end offset
 * (several literals ending at one offset: in no set order).  Two literals
 * with the same id that match the same bytes (say "foo" caseless and "Foo")
 * are two calls.  Returns FALSE when func stopped the search. */
gboolean             rl_literal_set_foreach            (const RlLiteralSet  *set,
                                                        const char          *text,
                                                        gsize                len,
                                                        RlLiteralHitFunc     func,
                                                        gpointer             user_data);

/* Per-thread scratch for rl_literal_set_scan: reuse it across texts, so
 * scanning allocates only when a text has more hits than any before. */
RlLiteralHits       *rl_literal_hits_new               (const RlLiteralSet  *set);
void                 rl_literal_hits_free              (RlLiteralHits       *hits);

/* Replaces the contents of hits with the occurrences in text.  A text with
 * more occurrences than the scratch's maximum (rl_literal_hits_set_max_hits;
 * none by default) keeps no positions: see rl_literal_hits_is_complete. */
void                 rl_literal_set_scan               (const RlLiteralSet  *set,
                                                        const char          *text,
                                                        gsize                len,
                                                        RlLiteralHits       *hits);

/* Whether id occurred; the bitset of ids that occurred (bit id % 64 of word
 * id / 64), n_words long; how many ids occurred. */
gboolean             rl_literal_hits_contains          (const RlLiteralHits *hits,
                                                        guint                id);
const guint64       *rl_literal_hits_get_seen          (const RlLiteralHits *hits,
                                                        guint               *n_words);
guint                rl_literal_hits_get_n_seen        (const RlLiteralHits *hits);
/* The ids that occurred, each once, in no set order (n_seen long): to visit
 * only those instead of every id. */
const guint         *rl_literal_hits_get_seen_ids      (const RlLiteralHits *hits,
                                                        guint               *n_seen);
/* The occurrences of id, sorted by start then end, each (start, end) once;
 * NULL with *n_hits 0 when there are none or when hits is not complete. */
const RlLiteralHit  *rl_literal_hits_get               (const RlLiteralHits *hits,
                                                        guint                id,
                                                        guint               *n_hits);
/* FALSE after a text with too many occurrences: which ids occurred is
 * still exact (contains, get_seen, get_n_seen), but rl_literal_hits_get
 * returns NULL for every id.  A caller that runs patterns around
 * occurrences must then run them over the whole text. */
gboolean             rl_literal_hits_is_complete       (const RlLiteralHits *hits);
void                 rl_literal_hits_set_max_hits      (RlLiteralHits       *hits,
                                                        gsize                max_hits);
/* All occurrences, over all ids (0 when not complete). */
guint                rl_literal_hits_get_n_hits        (const RlLiteralHits *hits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlLiteralSetBuilder, rl_literal_set_builder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlLiteralSet, rl_literal_set_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RlLiteralHits, rl_literal_hits_free)

G_END_DECLS
