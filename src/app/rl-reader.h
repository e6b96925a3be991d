/* rl-reader.h: the centre pane: a document's metadata and its text, read
 * only, with every hit highlighted in its category's colour. */
#pragma once

#include <gtk/gtk.h>

#include "rl-query.h"
#include "rl-store.h"

G_BEGIN_DECLS

#define RL_TYPE_READER (rl_reader_get_type ())

G_DECLARE_FINAL_TYPE (RlReader, rl_reader, RL, READER, GtkWidget)

GtkWidget     *rl_reader_new              (void);
/* store is borrowed; NULL clears the reader.  Rebuilds the category tags.
 * With qs, documents are read off the main thread. */
void           rl_reader_set_store        (RlReader     *self,
                                           RlStore      *store,
                                           RlQueryStore *qs);
/* With a query store, reads in a worker and returns TRUE at once; a
 * failure then comes as "load-failed".  Without, reads here. */
gboolean       rl_reader_load_document    (RlReader  *self,
                                           gint64     doc_id,
                                           GError   **error);
/* Reloads the current document's hits (after a scan) and its tags. */
void           rl_reader_reload           (RlReader  *self);
gint64         rl_reader_get_document_id  (RlReader  *self);
/* Selects [start, end) (characters) and scrolls to it. */
void           rl_reader_select_range     (RlReader  *self,
                                           gsize      start,
                                           gsize      end);
/* Moves the selection to the next (or previous) hit after (or before) the
 * current one.  Returns its clause id, 0 when there is none. */
gint64         rl_reader_move_to_hit      (RlReader  *self,
                                           gboolean   forward);
/* TRUE while the document is being read, or its tags still being applied
 * in idle slices. */
gboolean       rl_reader_is_highlighting  (RlReader  *self);
GtkTextBuffer *rl_reader_get_buffer       (RlReader  *self);
GtkTextView   *rl_reader_get_text_view    (RlReader  *self);
/* The tag of a pack category, or NULL. */
GtkTextTag    *rl_reader_get_category_tag (RlReader  *self,
                                           guint      category);
/* The address the metadata link opens, or NULL when none is shown (only
 * http and https addresses are). */
const char    *rl_reader_get_link_uri     (RlReader  *self);
/* The messages of the hits at a character offset, one per line, or NULL. */
char          *rl_reader_describe_hits_at (RlReader  *self,
                                           gsize      offset);

G_END_DECLS
