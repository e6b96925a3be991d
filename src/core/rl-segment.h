/* rl-segment.h: clause boundaries.
 *
 * A clause is the sentence around a match: cut at 。！？；.!?; and line
 * breaks (not at the dot of "U.S." or "3.5"), at most RL_CLAUSE_MAX_CHARS
 * characters.  Offsets here are bytes into valid UTF-8. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RL_CLAUSE_MAX_CHARS 500

/* Finds the clause that contains [match_start, match_end) in text[0..len).
 * The clause always contains the match (a match longer than the cap is its
 * own clause) and has leading and trailing white space trimmed. */
void  rl_segment_clause        (const char *text,
                                gsize       len,
                                gsize       match_start,
                                gsize       match_end,
                                gsize      *clause_start,
                                gsize      *clause_end);

/* The key a review is filed under: the clause text with white space runs
 * folded to one space, ends trimmed, and ASCII case folded.  Free with g_free. */
char *rl_segment_normalize     (const char *clause,
                                gssize      len);

G_END_DECLS
