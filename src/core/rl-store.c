/* rl-store.c: the project file.
 *
 * One SQLite database in WAL mode.  The file comes from outside, so it is
 * opened the way SQLite's "defense against the dark arts" advice says:
 * defensive mode, no triggers or views of its own, trusted_schema off, and
 * application_id, user_version and the schema checked before use. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rl-segment.h"
#include "rl-store-private.h"

/* "RLN1": marks a SQLite file as a Redline project. */
#define RL_APPLICATION_ID 0x524C4E31

G_DEFINE_QUARK (rl-store-error-quark, rl_store_error)

static gboolean record_pack_history (RlStore     *self,
                                     RlRulePack  *pack,
                                     GError     **error);

/* The schema, one step per user_version.  Never edit a step that has
 * shipped: add one. */
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE pack ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  source TEXT NOT NULL,"
  "  hash TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL);"
  "CREATE TABLE documents ("
  "  id INTEGER PRIMARY KEY,"
  "  file_name TEXT NOT NULL,"
  "  path TEXT,"
  "  hash TEXT NOT NULL UNIQUE,"
  "  title TEXT NOT NULL,"
  "  date TEXT, source TEXT, url TEXT, author TEXT,"
  "  format TEXT NOT NULL,"
  "  encoding TEXT NOT NULL,"
  "  metadata TEXT,"
  "  n_chars INTEGER NOT NULL,"
  "  n_clauses INTEGER NOT NULL DEFAULT 0,"
  "  imported_at TEXT NOT NULL,"
  "  scanned_hash TEXT);"
  "CREATE INDEX documents_path ON documents (path);"
  "CREATE TABLE texts ("
  "  doc_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL);"
  "CREATE TABLE clauses ("
  "  id INTEGER PRIMARY KEY,"
  "  doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  category TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  start INTEGER NOT NULL,"
  "  end INTEGER NOT NULL,"
  "  text TEXT NOT NULL,"
  "  severity INTEGER NOT NULL,"
  "  present INTEGER NOT NULL DEFAULT 1,"
  "  status INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  reviewed_at TEXT,"
  "  UNIQUE (doc_id, category, key));"
  "CREATE INDEX clauses_category ON clauses (category, present);"
  "CREATE INDEX clauses_status ON clauses (status, present);"
  "CREATE TABLE hits ("
  "  id INTEGER PRIMARY KEY,"
  "  clause_id INTEGER NOT NULL REFERENCES clauses (id) ON DELETE CASCADE,"
  "  doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  rule TEXT NOT NULL,"
  "  match_start INTEGER NOT NULL,"
  "  match_end INTEGER NOT NULL,"
  "  match TEXT NOT NULL);"
  "CREATE INDEX hits_doc ON hits (doc_id, match_start);"
  "CREATE INDEX hits_clause ON hits (clause_id);",
  /* 2: every pack the project has used, so a rescan after a rule edit runs
   * only the rules that changed (rl_store_rule_delta). */
  "CREATE TABLE pack_history ("
  "  hash TEXT PRIMARY KEY,"
  "  rules TEXT NOT NULL);",
};

#define RL_SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

/* Tables a project must have before we touch it. */
static const char *const required_tables[] = { "pack", "documents", "texts", "clauses", "hits" };
/* pack_history came with version 2 and is checked after migrating. */

char *
rl_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
rl_store_set_sqlite_error (RlStore    *self,
                           int         rc,
                           const char *what,
                           GError    **error)
{
  RlStoreError code;
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  const char *name = self->path ? self->path : "";

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_BUSY,
                   _("%s: the project is busy: another Redline window or command is writing to it; try again when it has finished"),
                   name);
      return FALSE;
    case SQLITE_READONLY:
      code = RL_STORE_ERROR_READ_ONLY;
      break;
    case SQLITE_FULL:
      code = RL_STORE_ERROR_FULL;
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      code = RL_STORE_ERROR_IO;
      break;
    case SQLITE_CORRUPT:
      code = RL_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_NOTADB:
      code = RL_STORE_ERROR_NOT_PROJECT;
      break;
    default:
      code = RL_STORE_ERROR_FAILED;
      break;
    }

  g_set_error (error, RL_STORE_ERROR, code, "%s: %s: %s", name, what, detail);
  return FALSE;
}

sqlite3_stmt *
rl_store_prepare (RlStore    *self,
                  const char *sql,
                  GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, 0, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      rl_store_set_sqlite_error (self, rc, "prepare", error);
      return NULL;
    }
  return stmt;
}

gboolean
rl_store_exec (RlStore    *self,
               const char *sql,
               GError    **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return rl_store_set_sqlite_error (self, rc, "exec", error);
  return TRUE;
}

gboolean
rl_store_begin (RlStore  *self,
                GError  **error)
{
  if (self->read_only)
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_READ_ONLY,
                   _("%s: the project is open read-only"), self->path);
      return FALSE;
    }
  /* IMMEDIATE takes the write lock now, so busy_timeout applies here rather
   * than failing half-way through. */
  return rl_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
rl_store_commit (RlStore  *self,
                 GError  **error)
{
  return rl_store_exec (self, "COMMIT", error);
}

void
rl_store_rollback (RlStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           i,
                   const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           i)
{
  const unsigned char *s = sqlite3_column_text (stmt, i);

  return s ? g_strdup ((const char *) s) : NULL;
}

static int
query_int (RlStore    *self,
           const char *sql,
           int         fallback)
{
  sqlite3_stmt *stmt = NULL;
  int value = fallback;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
store_free (RlStore *self)
{
  if (self->stmt_cache != NULL)
    g_hash_table_unref (self->stmt_cache);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->pack, rl_rule_pack_unref);
  g_clear_pointer (&self->rule_index, g_hash_table_unref);
  g_free (self->path);
  g_free (self);
}

void
rl_store_close (RlStore *self)
{
  if (self != NULL)
    store_free (self);
}

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

sqlite3_stmt *
rl_store_cached (RlStore    *self,
                 const char *sql,
                 GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmt_cache, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      rl_store_set_sqlite_error (self, sqlite3_errcode (self->db), "prepare", error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  /* sql is a string literal in our code: keep the pointer as the key. */
  g_hash_table_insert (self->stmt_cache, (gpointer) sql, stmt);
  return stmt;
}

static RlStore *
store_new (const char *path)
{
  RlStore *self = g_new0 (RlStore, 1);

  self->path = g_strdup (path);
  self->stmt_cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_stmt);
  return self;
}

static gboolean
configure_connection (RlStore  *self,
                      GError  **error)
{
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 10000);
  /* Bound what a hostile file can make us allocate for one value. */
  sqlite3_limit (self->db, SQLITE_LIMIT_LENGTH, 512 * 1024 * 1024);

  return rl_store_exec (self,
                        "PRAGMA trusted_schema = OFF;"
                        "PRAGMA foreign_keys = ON;"
                        "PRAGMA cell_size_check = ON;",
                        error);
}

static gboolean
load_pack (RlStore  *self,
           GError  **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  const char *source;
  int rc;

  if (!(stmt = rl_store_prepare (self, "SELECT source FROM pack WHERE id = 1", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW || sqlite3_column_type (stmt, 0) != SQLITE_TEXT)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT,
                   _("%s: the project has no rule pack"), self->path);
      return FALSE;
    }
  source = (const char *) sqlite3_column_text (stmt, 0);
  name = g_strdup_printf ("%s (rule pack)", self->path);
  pack = rl_rule_pack_load_data (source, sqlite3_column_bytes (stmt, 0), name, &local_error);
  sqlite3_finalize (stmt);
  if (pack == NULL)
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_CORRUPT,
                   _("%s: the project's rule pack does not load: %s"),
                   self->path, local_error->message);
      return FALSE;
    }
  rl_store_take_pack (self, g_steal_pointer (&pack));
  return TRUE;
}

void
rl_store_take_pack (RlStore    *self,
                    RlRulePack *pack)
{
  g_clear_pointer (&self->pack, rl_rule_pack_unref);
  g_clear_pointer (&self->rule_index, g_hash_table_unref);
  self->pack = pack;
  self->rule_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rl_rule_pack_get_n_rules (pack); i++)
    g_hash_table_insert (self->rule_index,
                         (gpointer) rl_rule_get_id (rl_rule_pack_get_rule (pack, i)),
                         GUINT_TO_POINTER (i + 1));
}

guint
rl_store_find_rule (RlStore    *self,
                    const char *rule_id)
{
  gpointer p = g_hash_table_lookup (self->rule_index, rule_id);

  return p ? GPOINTER_TO_UINT (p) - 1 : G_MAXUINT;
}

static gboolean
migrate (RlStore  *self,
         int       from,
         GError  **error)
{
  g_autofree char *sql = NULL;

  if (from >= RL_SCHEMA_VERSION)
    return TRUE;
  if (!rl_store_begin (self, error))
    return FALSE;
  for (int v = from; v < RL_SCHEMA_VERSION; v++)
    if (!rl_store_exec (self, migrations[v], error))
      {
        rl_store_rollback (self);
        return FALSE;
      }
  sql = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                         RL_SCHEMA_VERSION, RL_APPLICATION_ID);
  if (!rl_store_exec (self, sql, error) || !rl_store_commit (self, error))
    {
      rl_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_project (RlStore   *self,
               gboolean   quick_check,
               GError   **error)
{
  int app_id, version, rc;
  sqlite3_stmt *stmt;
  g_autofree char *check = NULL;

  /* Reading the header is the first touch: a non-SQLite file fails here. */
  rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        {
          g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT,
                       _("%s: not a Redline project (not an SQLite database)"), self->path);
          return FALSE;
        }
      return rl_store_set_sqlite_error (self, rc, "open", error);
    }

  app_id = query_int (self, "PRAGMA application_id", -1);
  version = query_int (self, "PRAGMA user_version", -1);
  if (app_id != RL_APPLICATION_ID)
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT,
                   _("%s: not a Redline project"), self->path);
      return FALSE;
    }
  if (version > RL_SCHEMA_VERSION)
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_TOO_NEW,
                   _("%s: the project was written by a newer version of Redline (format %d; this version reads up to %d): update Redline to open it"),
                   self->path, version, RL_SCHEMA_VERSION);
      return FALSE;
    }
  if (version < 1)
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT,
                   _("%s: not a Redline project (no schema)"), self->path);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (required_tables); i++)
    {
      if (!(stmt = rl_store_prepare (self, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, required_tables[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW)
        {
          g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT,
                       _("%s: not a Redline project (table “%s” is missing)"),
                       self->path, required_tables[i]);
          return FALSE;
        }
    }

  /* quick_check catches a damaged file before we rely on it.  Table by
   * table: the whole-file check also accounts for every page, which costs
   * seconds on a large project and protects nothing we read. */
  for (guint i = 0; quick_check && i < G_N_ELEMENTS (required_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA quick_check(%s)", required_tables[i]);

      g_clear_pointer (&check, g_free);
      if (!(stmt = rl_store_prepare (self, sql, error)))
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        check = column_dup (stmt, 0);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_ROW || g_strcmp0 (check, "ok") != 0)
        {
          g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_CORRUPT,
                       _("%s: the project file is damaged (%s)"),
                       self->path, check ? check : sqlite3_errmsg (self->db));
          return FALSE;
        }
    }

  /* Read-only, an older project is read as it is: what it lacks (the pack
   * history) only serves rescans, which need writing anyway. */
  if (self->read_only)
    return TRUE;
  return migrate (self, version, error);
}

/* A read-only project in a folder we cannot write: SQLite cannot create the
 * -shm file a WAL database needs, and refuses even to read.  When no -wal
 * file holds changes, the main file is the whole project: read it as
 * immutable.  Otherwise say so rather than show an old state. */
static gboolean
open_without_shm (RlStore  *self,
                  GError  **error)
{
  g_autofree char *wal = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  GStatBuf st;
  int rc;

  rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
  if ((rc & 0xff) != SQLITE_READONLY && (rc & 0xff) != SQLITE_CANTOPEN)
    return TRUE;  /* readable, or a failure check_project reports */

  wal = g_strconcat (self->path, "-wal", NULL);
  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_READ_ONLY,
                   _("%s: the project is read-only and its latest changes (in %s) cannot be read without write access to its folder"),
                   self->path, wal);
      return FALSE;
    }

  g_hash_table_remove_all (self->stmt_cache);
  sqlite3_close_v2 (self->db);
  self->db = NULL;
  escaped = g_uri_escape_string (self->path, "/", FALSE);
  uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
  rc = sqlite3_open_v2 (uri, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    return rl_store_set_sqlite_error (self, rc, _("cannot open"), error);
  return configure_connection (self, error);
}

RlStore *
rl_store_open (const char        *path,
               RlStoreOpenFlags   flags,
               GError           **error)
{
  g_autoptr(RlStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_IO,
                   _("%s: no such file"), path);
      return NULL;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_PROJECT,
                   _("%s: not a Redline project (not a regular file)"), path);
      return NULL;
    }

  self = store_new (path);
  self->read_only = (flags & RL_STORE_OPEN_READ_ONLY) != 0 || g_access (path, W_OK) != 0;
  if (!self->read_only)
    {
      /* SQLite needs to create -wal and -shm files beside the project. */
      g_autofree char *dir = g_path_get_dirname (path);
      if (g_access (dir, W_OK) != 0)
        self->read_only = TRUE;
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      rl_store_set_sqlite_error (self, rc, _("cannot open"), error);
      return NULL;
    }
  if (!configure_connection (self, error))
    return NULL;

  if (self->read_only && !open_without_shm (self, error))
    return NULL;

  if (!check_project (self, (flags & RL_STORE_OPEN_CHECKED) == 0, error))
    return NULL;

  if (!self->read_only &&
      !rl_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error))
    return NULL;

  if (!load_pack (self, error))
    return NULL;

  /* Files from before pack_history existed: remember the pack now, so the
   * next rule edit rescans only what changed. */
  if (!self->read_only && !record_pack_history (self, self->pack, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* "id\tseverity\thash\n" per rule: what decides a rule's hits and clauses. */
static char *
pack_rule_list (RlRulePack *pack)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rl_rule_pack_get_n_rules (pack); i++)
    {
      const RlRule *rule = rl_rule_pack_get_rule (pack, i);
      g_string_append_printf (out, "%s\t%d\t%s\n", rl_rule_get_id (rule),
                              rl_rule_get_severity (rule), rl_rule_get_hash (rule));
    }
  return g_string_free (out, FALSE);
}

static gboolean
record_pack_history (RlStore     *self,
                     RlRulePack  *pack,
                     GError     **error)
{
  g_autofree char *rules = pack_rule_list (pack);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = rl_store_prepare (self, "INSERT OR IGNORE INTO pack_history (hash, rules) VALUES (?, ?)", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, rl_rule_pack_get_hash (pack), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rules, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rl_store_set_sqlite_error (self, rc, "pack history", error);
  return TRUE;
}

RlStore *
rl_store_create (const char  *path,
                 RlRulePack  *pack,
                 GError     **error)
{
  g_autoptr(RlStore) self = NULL;
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (pack != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_EXISTS,
                   _("%s: a file of that name exists already"), path);
      return NULL;
    }

  self = store_new (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXCLUSIVE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      rl_store_set_sqlite_error (self, rc, _("cannot create"), error);
      return NULL;
    }
  if (!configure_connection (self, error) ||
      !rl_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error) ||
      !migrate (self, 0, error))
    goto fail;

  now = rl_now_iso8601 ();
  if (!(stmt = rl_store_prepare (self, "INSERT INTO pack (id, source, hash, updated_at) VALUES (1, ?, ?, ?)", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, rl_rule_pack_get_source (pack), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rl_rule_pack_get_hash (pack), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      rl_store_set_sqlite_error (self, rc, "create", error);
      goto fail;
    }

  if (!record_pack_history (self, pack, error))
    goto fail;

  rl_store_take_pack (self, rl_rule_pack_ref (pack));
  return g_steal_pointer (&self);

fail:
  g_clear_pointer (&self, store_free);
  /* Leave nothing half-made behind. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
  }
  return NULL;
}

const char *
rl_store_get_path (RlStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

void
rl_store_set_busy_timeout (RlStore *self,
                           int      msec)
{
  g_return_if_fail (self != NULL);
  sqlite3_busy_timeout (self->db, MAX (msec, 0));
}

gboolean
rl_store_is_read_only (RlStore *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->read_only;
}

RlRulePack *
rl_store_get_pack (RlStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->pack;
}

gboolean
rl_store_set_pack (RlStore     *self,
                   RlRulePack  *pack,
                   GError     **error)
{
  g_autofree char *now = rl_now_iso8601 ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (pack != NULL, FALSE);

  if (!rl_store_begin (self, error))
    return FALSE;
  if (!(stmt = rl_store_prepare (self, "UPDATE pack SET source = ?, hash = ?, updated_at = ? WHERE id = 1", error)))
    {
      rl_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, rl_rule_pack_get_source (pack), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, rl_rule_pack_get_hash (pack), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      rl_store_set_sqlite_error (self, rc, "set pack", error);
      rl_store_rollback (self);
      return FALSE;
    }
  if (!record_pack_history (self, pack, error) || !rl_store_commit (self, error))
    {
      rl_store_rollback (self);
      return FALSE;
    }
  rl_store_take_pack (self, rl_rule_pack_ref (pack));
  return TRUE;
}

/* Other front-matter keys as a JSON object, keys sorted for stable output. */
static char *
metadata_to_json (GHashTable *metadata)
{
  g_autoptr(GList) keys = NULL;
  GString *out;

  if (metadata == NULL || g_hash_table_size (metadata) == 0)
    return NULL;

  keys = g_list_sort (g_hash_table_get_keys (metadata), (GCompareFunc) strcmp);
  out = g_string_new ("{");
  for (GList *l = keys; l; l = l->next)
    {
      const char *pair[2] = { l->data, g_hash_table_lookup (metadata, l->data) };

      if (out->len > 1)
        g_string_append_c (out, ',');
      for (guint k = 0; k < 2; k++)
        {
          g_string_append_c (out, '"');
          for (const char *p = pair[k] ? pair[k] : ""; *p; p++)
            {
              if (*p == '"' || *p == '\\')
                g_string_append_printf (out, "\\%c", *p);
              else if ((guchar) *p < 0x20)
                g_string_append_printf (out, "\\u%04x", (guchar) *p);
              else
                g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
          if (k == 0)
            g_string_append_c (out, ':');
        }
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gboolean
rl_store_add_document (RlStore          *self,
                       const RlDocument *doc,
                       RlImportOutcome  *outcome,
                       gint64           *doc_id,
                       GError          **error)
{
  g_autofree char *now = rl_now_iso8601 ();
  g_autofree char *metadata = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;
  gint64 existing = 0;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (doc != NULL && doc->hash != NULL && doc->text != NULL, FALSE);

  if (!rl_store_begin (self, error))
    return FALSE;

  /* The same bytes anywhere in the project: nothing to do. */
  if (!(stmt = rl_store_cached (self, "SELECT id FROM documents WHERE hash = ?", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, doc->hash, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      rl_store_rollback (self);
      if (outcome)
        *outcome = RL_IMPORT_UNCHANGED;
      if (doc_id)
        *doc_id = id;
      return TRUE;
    }
  sqlite3_reset (stmt);

  /* The same file imported before with other content: replace it in place so
   * its reviews stay with it. */
  if (doc->path != NULL)
    {
      if (!(stmt = rl_store_cached (self, "SELECT id FROM documents WHERE path = ? ORDER BY id DESC LIMIT 1", error)))
        goto fail;
      sqlite3_bind_text (stmt, 1, doc->path, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        existing = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }

  metadata = metadata_to_json (doc->metadata);

  if (existing != 0)
    stmt = rl_store_cached (self,
                            "UPDATE documents SET file_name = ?1, path = ?2, hash = ?3, title = ?4,"
                            " date = ?5, source = ?6, url = ?7, author = ?8, format = ?9,"
                            " encoding = ?10, metadata = ?11, n_chars = ?12, imported_at = ?13,"
                            " scanned_hash = NULL WHERE id = ?14",
                            error);
  else
    stmt = rl_store_cached (self,
                            "INSERT INTO documents (file_name, path, hash, title, date, source, url,"
                            " author, format, encoding, metadata, n_chars, imported_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                            error);
  if (stmt == NULL)
    goto fail;
  bind_text_or_null (stmt, 1, doc->file_name ? doc->file_name : "");
  bind_text_or_null (stmt, 2, doc->path);
  bind_text_or_null (stmt, 3, doc->hash);
  bind_text_or_null (stmt, 4, doc->title ? doc->title : doc->file_name);
  bind_text_or_null (stmt, 5, doc->date);
  bind_text_or_null (stmt, 6, doc->source);
  bind_text_or_null (stmt, 7, doc->url);
  bind_text_or_null (stmt, 8, doc->author);
  bind_text_or_null (stmt, 9, doc->format ? doc->format : "text");
  bind_text_or_null (stmt, 10, doc->encoding ? doc->encoding : "UTF-8");
  bind_text_or_null (stmt, 11, metadata);
  sqlite3_bind_int64 (stmt, 12, doc->n_chars);
  bind_text_or_null (stmt, 13, now);
  if (existing != 0)
    sqlite3_bind_int64 (stmt, 14, existing);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rl_store_set_sqlite_error (self, rc, "add document", error);
      goto fail;
    }
  id = existing != 0 ? existing : sqlite3_last_insert_rowid (self->db);

  if (!(stmt = rl_store_cached (self, "INSERT OR REPLACE INTO texts (doc_id, text) VALUES (?, ?)", error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, doc->text, doc->text_len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rl_store_set_sqlite_error (self, rc, "add text", error);
      goto fail;
    }

  if (existing != 0 && !rl_store_forget_hits (self, id, error))
    goto fail;

  if (!rl_store_commit (self, error))
    goto fail;

  if (outcome)
    *outcome = existing != 0 ? RL_IMPORT_UPDATED : RL_IMPORT_IMPORTED;
  if (doc_id)
    *doc_id = id;
  return TRUE;

fail:
  rl_store_rollback (self);
  return FALSE;
}

/* The document's text changed: its hits' offsets mean nothing now.  Clauses
 * without a review go; reviewed ones wait, orphaned, for the next scan to
 * find them again. */
gboolean
rl_store_forget_hits (RlStore  *self,
                      gint64    doc_id,
                      GError  **error)
{
  static const char *const sql[] = {
    "DELETE FROM hits WHERE doc_id = ?",
    "DELETE FROM clauses WHERE doc_id = ? AND status = 0 AND note = ''",
    "UPDATE clauses SET present = 0 WHERE doc_id = ?",
    "UPDATE documents SET n_clauses = 0 WHERE id = ?",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = rl_store_cached (self, sql[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return rl_store_set_sqlite_error (self, rc, "forget hits", error);
    }
  return TRUE;
}

guint
rl_store_count_documents (RlStore *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return query_int (self, "SELECT count(*) FROM documents", 0);
}

/* LIKE pattern for a substring search: % and _ taken literally. */
static char *
like_pattern (const char *search)
{
  GString *s = g_string_new ("%");

  for (const char *p = search; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

const char *
rl_store_category_id (RlStore *self,
                      int      category)
{
  if (category < 0 || (guint) category >= rl_rule_pack_get_n_categories (self->pack))
    return NULL;
  return rl_rule_pack_get_category (self->pack, category)->id;
}

GArray *
rl_store_list_documents (RlStore           *self,
                         const RlDocQuery  *query,
                         GError           **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT d.id FROM documents d WHERE 1");
  g_autofree char *like = NULL;
  const char *category = NULL;
  sqlite3_stmt *stmt;
  GArray *ids;
  int rc, i = 1;
  const char *dir;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (query->category >= 0)
    {
      category = rl_store_category_id (self, query->category);
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM clauses c WHERE c.doc_id = d.id AND c.present = 1 AND c.category = :category)");
    }
  if (query->status >= 0)
    g_string_append (sql, " AND EXISTS (SELECT 1 FROM clauses c WHERE c.doc_id = d.id AND c.present = 1 AND c.status = :status)");
  if (query->search != NULL && query->search[0] != '\0')
    {
      like = like_pattern (query->search);
      g_string_append (sql, " AND (d.title LIKE :like ESCAPE '\\' OR EXISTS (SELECT 1 FROM texts t WHERE t.doc_id = d.id AND t.text LIKE :like ESCAPE '\\'))");
    }

  dir = query->descending ? "DESC" : "ASC";
  switch (query->sort)
    {
    case RL_DOC_SORT_DATE:
      g_string_append_printf (sql, " ORDER BY d.date IS NULL, d.date %s, d.title, d.id", dir);
      break;
    case RL_DOC_SORT_TITLE:
      g_string_append_printf (sql, " ORDER BY d.title %s, d.id", dir);
      break;
    case RL_DOC_SORT_HITS:
      g_string_append_printf (sql, " ORDER BY d.n_clauses %s, d.title, d.id", dir);
      break;
    case RL_DOC_SORT_IMPORTED:
    default:
      g_string_append_printf (sql, " ORDER BY d.id %s", dir);
      break;
    }

  if (!(stmt = rl_store_prepare (self, sql->str, error)))
    return NULL;
  if ((i = sqlite3_bind_parameter_index (stmt, ":category")) > 0)
    sqlite3_bind_text (stmt, i, category ? category : "", -1, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":status")) > 0)
    sqlite3_bind_int (stmt, i, query->status);
  if ((i = sqlite3_bind_parameter_index (stmt, ":like")) > 0)
    sqlite3_bind_text (stmt, i, like, -1, SQLITE_STATIC);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_array_unref (ids);
      rl_store_set_sqlite_error (self, rc, "list documents", error);
      return NULL;
    }
  return ids;
}

RlDocInfo *
rl_store_get_document (RlStore  *self,
                       gint64    doc_id,
                       GError  **error)
{
  g_autoptr(RlDocInfo) info = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(stmt = rl_store_cached (self,
                                "SELECT id, file_name, path, title, date, source, url, author, format,"
                                " encoding, metadata, n_chars, n_clauses FROM documents WHERE id = ?",
                                error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_FOUND,
                     _("%s: no document with id %" PRId64), self->path, (int64_t) doc_id);
      else
        rl_store_set_sqlite_error (self, rc, "get document", error);
      return NULL;
    }

  info = g_new0 (RlDocInfo, 1);
  info->id = sqlite3_column_int64 (stmt, 0);
  info->file_name = column_dup (stmt, 1);
  info->path = column_dup (stmt, 2);
  info->title = column_dup (stmt, 3);
  info->date = column_dup (stmt, 4);
  info->source = column_dup (stmt, 5);
  info->url = column_dup (stmt, 6);
  info->author = column_dup (stmt, 7);
  info->format = column_dup (stmt, 8);
  info->encoding = column_dup (stmt, 9);
  info->metadata_json = column_dup (stmt, 10);
  info->n_chars = sqlite3_column_int64 (stmt, 11);
  info->n_clauses = sqlite3_column_int (stmt, 12);
  sqlite3_reset (stmt);

  info->n_counts = rl_rule_pack_get_n_categories (self->pack);
  info->counts = g_new0 (guint, MAX (info->n_counts, 1));
  if (info->n_clauses > 0)
    {
      if (!(stmt = rl_store_cached (self,
                                    "SELECT category, count(*) FROM clauses"
                                    " WHERE doc_id = ? AND present = 1 GROUP BY category",
                                    error)))
        return NULL;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          int c = rl_rule_pack_find_category (self->pack, (const char *) sqlite3_column_text (stmt, 0));
          if (c >= 0)
            info->counts[c] = sqlite3_column_int (stmt, 1);
        }
      sqlite3_reset (stmt);
    }

  return g_steal_pointer (&info);
}

char *
rl_store_get_document_text (RlStore  *self,
                            gint64    doc_id,
                            gsize    *len,
                            GError  **error)
{
  sqlite3_stmt *stmt;
  char *text;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(stmt = rl_store_cached (self, "SELECT text FROM texts WHERE doc_id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_FOUND,
                     _("%s: no document with id %" PRId64), self->path, (int64_t) doc_id);
      else
        rl_store_set_sqlite_error (self, rc, "get text", error);
      return NULL;
    }
  text = g_strndup ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (len)
    *len = sqlite3_column_bytes (stmt, 0);
  sqlite3_reset (stmt);

  /* The file may have been edited outside Redline: never hand invalid UTF-8
   * to a caller that trusts it.  The length counts, too: a NUL inside would
   * hide what follows it from a check that stops there. */
  if (!g_utf8_validate_len (text, len ? *len : strlen (text), NULL) ||
      (len && strlen (text) != *len))
    {
      g_free (text);
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_CORRUPT,
                   _("%s: document %" PRId64 " holds invalid text"), self->path, (int64_t) doc_id);
      return NULL;
    }
  return text;
}

GArray *
rl_store_get_document_hits (RlStore  *self,
                            gint64    doc_id,
                            GError  **error)
{
  sqlite3_stmt *stmt;
  GArray *hits;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(stmt = rl_store_cached (self,
                                "SELECT h.clause_id, h.rule, c.category, h.match_start, h.match_end"
                                " FROM hits h JOIN clauses c ON c.id = h.clause_id"
                                " WHERE h.doc_id = ? ORDER BY h.match_start, h.match_end",
                                error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, doc_id);

  hits = g_array_new (FALSE, FALSE, sizeof (RlStoredHit));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlStoredHit hit;
      int c = rl_rule_pack_find_category (self->pack, (const char *) sqlite3_column_text (stmt, 2));

      hit.clause_id = sqlite3_column_int64 (stmt, 0);
      hit.rule = rl_store_find_rule (self, (const char *) sqlite3_column_text (stmt, 1));
      hit.category = c >= 0 ? (guint) c : G_MAXUINT;
      hit.match_start = sqlite3_column_int64 (stmt, 3);
      hit.match_end = sqlite3_column_int64 (stmt, 4);
      g_array_append_val (hits, hit);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_array_unref (hits);
      rl_store_set_sqlite_error (self, rc, "get hits", error);
      return NULL;
    }
  return hits;
}

static void
append_clause_filter (RlStore             *self,
                      GString             *sql,
                      const RlClauseQuery *query)
{
  g_string_append (sql, query->orphaned ? " WHERE c.present = 0" : " WHERE c.present = 1");
  if (query->doc_id > 0)
    g_string_append (sql, " AND c.doc_id = :doc");
  if (query->category >= 0)
    g_string_append (sql, " AND c.category = :category");
  if (query->severity >= 0)
    g_string_append (sql, " AND c.severity = :severity");
  if (query->status >= 0)
    g_string_append (sql, " AND c.status = :status");
  g_string_append (sql, " ORDER BY c.doc_id, c.start, c.category");
}

static void
bind_clause_filter (RlStore             *self,
                    sqlite3_stmt        *stmt,
                    const RlClauseQuery *query)
{
  const char *category = rl_store_category_id (self, query->category);
  int i;

  if ((i = sqlite3_bind_parameter_index (stmt, ":doc")) > 0)
    sqlite3_bind_int64 (stmt, i, query->doc_id);
  if ((i = sqlite3_bind_parameter_index (stmt, ":category")) > 0)
    sqlite3_bind_text (stmt, i, category ? category : "", -1, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":severity")) > 0)
    sqlite3_bind_int (stmt, i, query->severity);
  if ((i = sqlite3_bind_parameter_index (stmt, ":status")) > 0)
    sqlite3_bind_int (stmt, i, query->status);
}

GArray *
rl_store_list_clause_ids (RlStore              *self,
                          const RlClauseQuery  *query,
                          GError              **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT c.id FROM clauses c");
  sqlite3_stmt *stmt;
  GArray *ids;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  append_clause_filter (self, sql, query);
  if (!(stmt = rl_store_prepare (self, sql->str, error)))
    return NULL;
  bind_clause_filter (self, stmt, query);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_array_unref (ids);
      rl_store_set_sqlite_error (self, rc, "list clauses", error);
      return NULL;
    }
  return ids;
}

#define CLAUSE_COLUMNS \
  "c.id, c.doc_id, d.title, d.file_name, d.date, d.source, d.url, c.category," \
  " c.severity, c.text, c.start, c.end, c.status, c.note, c.reviewed_at, c.present"

/* Fills rules, messages and matches from the clause's hits. */
static gboolean
fill_clause_hits (RlStore   *self,
                  RlClause  *clause,
                  GError   **error)
{
  g_autoptr(GString) rules = g_string_new (NULL);
  g_autoptr(GString) messages = g_string_new (NULL);
  g_autoptr(GString) matches = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  gboolean first = TRUE;
  int rc;

  if (!(stmt = rl_store_cached (self,
                                "SELECT rule, match_start, match_end, match FROM hits"
                                " WHERE clause_id = ? ORDER BY match_start, rule",
                                error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, clause->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *rule = (const char *) sqlite3_column_text (stmt, 0);
      const char *match = (const char *) sqlite3_column_text (stmt, 3);

      if (first)
        {
          clause->match_start = sqlite3_column_int64 (stmt, 1);
          clause->match_end = sqlite3_column_int64 (stmt, 2);
          first = FALSE;
        }
      if (!g_hash_table_contains (seen, rule))
        {
          guint r = rl_store_find_rule (self, rule);

          g_hash_table_add (seen, g_strdup (rule));
          if (rules->len)
            {
              g_string_append (rules, " | ");
              g_string_append (messages, " | ");
            }
          g_string_append (rules, rule);
          g_string_append (messages, r != G_MAXUINT ? rl_rule_get_message (rl_rule_pack_get_rule (self->pack, r)) : "");
        }
      {
        g_autofree char *key = g_strconcat ("\x01", match, NULL);
        if (!g_hash_table_contains (seen, key))
          {
            if (matches->len)
              g_string_append (matches, " | ");
            g_string_append (matches, match);
            g_hash_table_add (seen, g_steal_pointer (&key));
          }
      }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return rl_store_set_sqlite_error (self, rc, "clause hits", error);

  clause->rules = g_string_free (g_steal_pointer (&rules), FALSE);
  clause->messages = g_string_free (g_steal_pointer (&messages), FALSE);
  clause->match = g_string_free (g_steal_pointer (&matches), FALSE);
  return TRUE;
}

static RlClause *
clause_from_row (RlStore       *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(RlClause) clause = g_new0 (RlClause, 1);
  int c;

  clause->id = sqlite3_column_int64 (stmt, 0);
  clause->doc_id = sqlite3_column_int64 (stmt, 1);
  clause->doc_title = column_dup (stmt, 2);
  clause->doc_file = column_dup (stmt, 3);
  clause->doc_date = column_dup (stmt, 4);
  clause->doc_source = column_dup (stmt, 5);
  clause->doc_url = column_dup (stmt, 6);
  clause->category_id = column_dup (stmt, 7);
  c = rl_rule_pack_find_category (self->pack, clause->category_id);
  clause->category = c >= 0 ? (guint) c : G_MAXUINT;
  clause->severity = CLAMP (sqlite3_column_int (stmt, 8), RL_SEVERITY_LOW, RL_SEVERITY_HIGH);
  clause->text = column_dup (stmt, 9);
  clause->start = sqlite3_column_int64 (stmt, 10);
  clause->end = sqlite3_column_int64 (stmt, 11);
  clause->status = CLAMP (sqlite3_column_int (stmt, 12), RL_STATUS_UNREVIEWED, RL_STATUS_DISMISSED);
  clause->note = column_dup (stmt, 13);
  if (clause->note == NULL)
    clause->note = g_strdup ("");
  clause->reviewed_at = column_dup (stmt, 14);
  clause->orphaned = sqlite3_column_int (stmt, 15) == 0;

  if (!fill_clause_hits (self, clause, error))
    return NULL;
  return g_steal_pointer (&clause);
}

GPtrArray *
rl_store_list_clauses (RlStore              *self,
                       const RlClauseQuery  *query,
                       GError              **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " CLAUSE_COLUMNS " FROM clauses c JOIN documents d ON d.id = c.doc_id");
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_clause_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  append_clause_filter (self, sql, query);
  if (!(stmt = rl_store_prepare (self, sql->str, error)))
    return NULL;
  bind_clause_filter (self, stmt, query);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlClause *clause = clause_from_row (self, stmt, error);

      if (clause == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (clauses, clause);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      rl_store_set_sqlite_error (self, rc, "list clauses", error);
      return NULL;
    }
  return g_steal_pointer (&clauses);
}

RlClause *
rl_store_get_clause (RlStore  *self,
                     gint64    clause_id,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  RlClause *clause;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(stmt = rl_store_cached (self,
                                "SELECT " CLAUSE_COLUMNS " FROM clauses c JOIN documents d ON d.id = c.doc_id WHERE c.id = ?",
                                error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, clause_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_FOUND,
                     _("%s: no clause with id %" PRId64), self->path, (int64_t) clause_id);
      else
        rl_store_set_sqlite_error (self, rc, "get clause", error);
      return NULL;
    }
  clause = clause_from_row (self, stmt, error);
  sqlite3_reset (stmt);
  return clause;
}

static gboolean
update_clause (RlStore     *self,
               gint64       clause_id,
               const char  *sql,
               int          status,
               const char  *note,
               GError     **error)
{
  g_autofree char *now = rl_now_iso8601 ();
  sqlite3_stmt *stmt;
  int rc;

  if (note != NULL && !g_utf8_validate (note, -1, NULL))
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_INVALID,
                   _("the note is not valid UTF-8 text"));
      return FALSE;
    }
  if (!rl_store_begin (self, error))
    return FALSE;
  if (!(stmt = rl_store_prepare (self, sql, error)))
    goto fail;
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":status"), status);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":note"), note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":now"), now, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":id"), clause_id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      rl_store_set_sqlite_error (self, rc, "review", error);
      goto fail;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_NOT_FOUND,
                   _("%s: no clause with id %" PRId64), self->path, (int64_t) clause_id);
      goto fail;
    }
  if (!rl_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  rl_store_rollback (self);
  return FALSE;
}

gboolean
rl_store_review (RlStore     *self,
                 gint64       clause_id,
                 RlStatus     status,
                 const char  *note,
                 GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if ((int) status < RL_STATUS_UNREVIEWED || status > RL_STATUS_DISMISSED)
    {
      g_set_error (error, RL_STORE_ERROR, RL_STORE_ERROR_INVALID, _("invalid status"));
      return FALSE;
    }
  if (note != NULL)
    return update_clause (self, clause_id,
                          "UPDATE clauses SET status = :status, note = :note, reviewed_at = :now WHERE id = :id",
                          status, note, error);
  return update_clause (self, clause_id,
                        "UPDATE clauses SET status = :status, reviewed_at = :now WHERE id = :id",
                        status, NULL, error);
}

gboolean
rl_store_set_note (RlStore     *self,
                   gint64       clause_id,
                   const char  *note,
                   GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  return update_clause (self, clause_id,
                        "UPDATE clauses SET note = :note, reviewed_at = :now WHERE id = :id",
                        0, note, error);
}

RlStats *
rl_store_get_stats (RlStore  *self,
                    GError  **error)
{
  g_autoptr(RlStats) stats = g_new0 (RlStats, 1);
  sqlite3_stmt *stmt;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  n = rl_rule_pack_get_n_categories (self->pack);
  stats->n_categories = n;
  stats->category_hits = g_new0 (guint, MAX (n, 1));
  stats->category_clauses = g_new0 (guint, MAX (n, 1));
  stats->category_documents = g_new0 (guint, MAX (n, 1));

  if (!(stmt = rl_store_prepare (self,
                                 "SELECT count(*), coalesce(sum(n_chars), 0),"
                                 " coalesce(sum(scanned_hash IS NOT (SELECT hash FROM pack WHERE id = 1)), 0)"
                                 " FROM documents",
                                 error)))
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      stats->n_documents = sqlite3_column_int (stmt, 0);
      stats->n_chars = sqlite3_column_int64 (stmt, 1);
      stats->n_unscanned = sqlite3_column_int (stmt, 2);
    }
  sqlite3_finalize (stmt);

  if (!(stmt = rl_store_prepare (self,
                                 "SELECT category, count(*), count(DISTINCT doc_id)"
                                 " FROM clauses WHERE present = 1 GROUP BY category",
                                 error)))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int c = rl_rule_pack_find_category (self->pack, (const char *) sqlite3_column_text (stmt, 0));
      guint clauses = sqlite3_column_int (stmt, 1);

      stats->n_clauses += clauses;
      if (c >= 0)
        {
          stats->category_clauses[c] = clauses;
          stats->category_documents[c] = sqlite3_column_int (stmt, 2);
        }
    }
  sqlite3_finalize (stmt);

  /* Hits of present clauses only: an orphaned review has none. */
  if (!(stmt = rl_store_prepare (self,
                                 "SELECT c.category, count(*) FROM hits h JOIN clauses c ON c.id = h.clause_id"
                                 " GROUP BY c.category",
                                 error)))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int c = rl_rule_pack_find_category (self->pack, (const char *) sqlite3_column_text (stmt, 0));
      guint hits = sqlite3_column_int (stmt, 1);

      stats->n_hits += hits;
      if (c >= 0)
        stats->category_hits[c] = hits;
    }
  sqlite3_finalize (stmt);

  if (!(stmt = rl_store_prepare (self,
                                 "SELECT status, count(*) FROM clauses WHERE present = 1 GROUP BY status",
                                 error)))
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      int s = sqlite3_column_int (stmt, 0);
      if (s >= 0 && s < RL_N_STATUSES)
        stats->status_counts[s] = sqlite3_column_int (stmt, 1);
    }
  sqlite3_finalize (stmt);

  stats->n_orphaned = query_int (self, "SELECT count(*) FROM clauses WHERE present = 0", 0);

  return g_steal_pointer (&stats);
}

void
rl_doc_info_free (RlDocInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->file_name);
  g_free (info->path);
  g_free (info->title);
  g_free (info->date);
  g_free (info->source);
  g_free (info->url);
  g_free (info->author);
  g_free (info->format);
  g_free (info->encoding);
  g_free (info->metadata_json);
  g_free (info->counts);
  g_free (info);
}

void
rl_clause_free (RlClause *clause)
{
  if (clause == NULL)
    return;
  g_free (clause->doc_title);
  g_free (clause->doc_file);
  g_free (clause->doc_date);
  g_free (clause->doc_source);
  g_free (clause->doc_url);
  g_free (clause->category_id);
  g_free (clause->rules);
  g_free (clause->messages);
  g_free (clause->match);
  g_free (clause->text);
  g_free (clause->note);
  g_free (clause->reviewed_at);
  g_free (clause);
}

void
rl_stats_free (RlStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->category_hits);
  g_free (stats->category_clauses);
  g_free (stats->category_documents);
  g_free (stats);
}

static const char *const status_names[] = { "unreviewed", "confirmed", "dismissed" };

const char *
rl_status_to_string (RlStatus status)
{
  if ((guint) status < G_N_ELEMENTS (status_names))
    return status_names[status];
  return "unreviewed";
}

gboolean
rl_status_from_string (const char *str,
                       RlStatus   *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (str, status_names[i]) == 0)
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

GArray *
rl_store_list_unscanned (RlStore  *self,
                         GError  **error)
{
  sqlite3_stmt *stmt;
  GArray *docs;
  int rc;

  if (!(stmt = rl_store_prepare (self,
                                 "SELECT id, scanned_hash FROM documents WHERE scanned_hash IS NOT"
                                 " (SELECT hash FROM pack WHERE id = 1) ORDER BY id",
                                 error)))
    return NULL;
  docs = g_array_new (FALSE, TRUE, sizeof (RlUnscanned));
  g_array_set_clear_func (docs, (GDestroyNotify) rl_unscanned_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RlUnscanned u = { sqlite3_column_int64 (stmt, 0), column_dup (stmt, 1) };
      g_array_append_val (docs, u);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_array_unref (docs);
      rl_store_set_sqlite_error (self, rc, "list unscanned", error);
      return NULL;
    }
  return docs;
}

void
rl_unscanned_clear (RlUnscanned *u)
{
  g_clear_pointer (&u->old_hash, g_free);
}

RlRuleDelta *
rl_store_rule_delta (RlStore     *self,
                     const char  *old_hash)
{
  RlRuleDelta *delta = g_new0 (RlRuleDelta, 1);
  guint n = rl_rule_pack_get_n_rules (self->pack);
  g_autofree char *old_rules = NULL;
  g_autoptr(GHashTable) old = NULL;
  sqlite3_stmt *stmt;

  delta->run = g_new0 (guint8, MAX (n, 1));
  delta->stale = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (old_hash != NULL &&
      (stmt = rl_store_cached (self, "SELECT rules FROM pack_history WHERE hash = ?", NULL)))
    {
      sqlite3_bind_text (stmt, 1, old_hash, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        old_rules = column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }

  if (old_rules == NULL)
    {
      /* Never scanned, or with a pack we know nothing of: everything. */
      delta->full = TRUE;
      memset (delta->run, 1, n);
      return delta;
    }

  /* id -> "severity\thash" of the pack the document was scanned with. */
  old = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  {
    g_auto(GStrv) lines = g_strsplit (old_rules, "\n", -1);
    for (guint i = 0; lines[i]; i++)
      {
        char *tab = strchr (lines[i], '\t');
        if (tab == NULL)
          continue;
        *tab = '\0';
        g_hash_table_insert (old, g_strdup (lines[i]), g_strdup (tab + 1));
      }
  }

  for (guint i = 0; i < n; i++)
    {
      const RlRule *rule = rl_rule_pack_get_rule (self->pack, i);
      g_autofree char *now = g_strdup_printf ("%d\t%s", rl_rule_get_severity (rule), rl_rule_get_hash (rule));
      const char *before = g_hash_table_lookup (old, rl_rule_get_id (rule));

      if (g_strcmp0 (before, now) != 0)
        {
          delta->run[i] = 1;
          delta->n_run++;
          g_hash_table_add (delta->stale, g_strdup (rl_rule_get_id (rule)));
        }
      g_hash_table_remove (old, rl_rule_get_id (rule));
    }
  /* Rules that are gone: their hits go too. */
  {
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, old);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_hash_table_add (delta->stale, g_strdup (key));
  }
  return delta;
}

void
rl_rule_delta_free (RlRuleDelta *delta)
{
  if (delta == NULL)
    return;
  g_free (delta->run);
  g_hash_table_unref (delta->stale);
  g_free (delta);
}

gboolean
rl_store_has_stale_hits (RlStore      *self,
                         gint64        doc_id,
                         RlRuleDelta  *delta,
                         gboolean     *stale,
                         GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *stale = FALSE;
  if (!(stmt = rl_store_cached (self, "SELECT DISTINCT rule FROM hits WHERE doc_id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  while (!*stale && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *rule_id = (const char *) sqlite3_column_text (stmt, 0);

      if (rl_store_find_rule (self, rule_id) == G_MAXUINT || g_hash_table_contains (delta->stale, rule_id))
        *stale = TRUE;
    }
  if (*stale)
    rc = SQLITE_DONE;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return rl_store_set_sqlite_error (self, rc, "stale hits", error);
  return TRUE;
}

gboolean
rl_store_mark_scanned (RlStore  *self,
                       gint64    doc_id,
                       GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = rl_store_cached (self,
                                "UPDATE documents SET scanned_hash = (SELECT hash FROM pack WHERE id = 1) WHERE id = ?",
                                error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return rl_store_set_sqlite_error (self, rc, "scan", error);
  return TRUE;
}

/* Character offset -> byte offset, walking from the last answer: hits come
 * nearly in order, so this stays linear over a document. */
typedef struct
{
  const char *text;
  gsize       len;
  gsize       chars;
  gsize       bytes;
} Cursor;

static gsize
cursor_bytes (Cursor *cur,
              gsize   chars)
{
  const char *p = cur->text + cur->bytes;

  while (cur->chars < chars && cur->bytes < cur->len)
    {
      p = g_utf8_next_char (p);
      cur->bytes = p - cur->text;
      cur->chars++;
    }
  while (cur->chars > chars && cur->bytes > 0)
    {
      p = g_utf8_prev_char (p);
      cur->bytes = p - cur->text;
      cur->chars--;
    }
  return MIN (cur->bytes, cur->len);
}

typedef struct
{
  gint64     id;
  RlSeverity severity;
} SeenClause;

gboolean
rl_store_save_hits (RlStore     *self,
                    gint64       doc_id,
                    const char  *text,
                    gsize        len,
                    GArray      *hits,
                    guint       *n_clauses,
                    GError     **error)
{
  static const char *const before[] = {
    "DELETE FROM hits WHERE doc_id = ?",
    "UPDATE clauses SET present = 0 WHERE doc_id = ? AND present = 1",
  };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Cursor cur = { text, len, 0, 0 };
  sqlite3_stmt *stmt;
  guint n = 0;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (before); i++)
    {
      if (!(stmt = rl_store_cached (self, before[i], error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, doc_id);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return rl_store_set_sqlite_error (self, rc, "scan", error);
    }

  for (guint i = 0; i < hits->len; i++)
    {
      const RlHit *hit = &g_array_index (hits, RlHit, i);
      const RlRule *rule = rl_rule_pack_get_rule (self->pack, hit->rule);
      const RlCategory *category = rl_rule_pack_get_category (self->pack, hit->category);
      RlSeverity severity = rl_rule_get_severity (rule);
      /* In text order, so the cursor mostly moves forward. */
      gsize cs = cursor_bytes (&cur, hit->clause_start);
      gsize ms = cursor_bytes (&cur, hit->match_start);
      gsize me = cursor_bytes (&cur, hit->match_end);
      gsize ce = cursor_bytes (&cur, hit->clause_end);
      g_autofree char *normal = rl_segment_normalize (text + cs, ce - cs);
      g_autofree char *key = g_strconcat (category->id, "\x1f", normal, NULL);
      SeenClause *clause = g_hash_table_lookup (seen, key);

      if (clause == NULL)
        {
          if (!(stmt = rl_store_cached (self,
                                        "INSERT INTO clauses (doc_id, category, key, start, end, text, severity, present)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)"
                                        " ON CONFLICT (doc_id, category, key) DO UPDATE SET"
                                        " start = excluded.start, end = excluded.end, text = excluded.text,"
                                        " severity = excluded.severity, present = 1"
                                        " RETURNING id",
                                        error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, doc_id);
          sqlite3_bind_text (stmt, 2, category->id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, normal, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 4, hit->clause_start);
          sqlite3_bind_int64 (stmt, 5, hit->clause_end);
          sqlite3_bind_text (stmt, 6, text + cs, ce - cs, SQLITE_STATIC);
          sqlite3_bind_int (stmt, 7, severity);
          rc = sqlite3_step (stmt);
          if (rc != SQLITE_ROW)
            {
              sqlite3_reset (stmt);
              return rl_store_set_sqlite_error (self, rc, "save clause", error);
            }
          clause = g_new0 (SeenClause, 1);
          clause->id = sqlite3_column_int64 (stmt, 0);
          clause->severity = severity;
          sqlite3_reset (stmt);
          g_hash_table_insert (seen, g_steal_pointer (&key), clause);
          n++;
        }
      else if (severity > clause->severity)
        {
          if (!(stmt = rl_store_cached (self, "UPDATE clauses SET severity = ? WHERE id = ?", error)))
            return FALSE;
          sqlite3_bind_int (stmt, 1, severity);
          sqlite3_bind_int64 (stmt, 2, clause->id);
          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            return rl_store_set_sqlite_error (self, rc, "save clause", error);
          clause->severity = severity;
        }

      if (!(stmt = rl_store_cached (self,
                                    "INSERT INTO hits (clause_id, doc_id, rule, match_start, match_end, match)"
                                    " VALUES (?, ?, ?, ?, ?, ?)",
                                    error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, clause->id);
      sqlite3_bind_int64 (stmt, 2, doc_id);
      sqlite3_bind_text (stmt, 3, rl_rule_get_id (rule), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, hit->match_start);
      sqlite3_bind_int64 (stmt, 5, hit->match_end);
      sqlite3_bind_text (stmt, 6, text + ms, me - ms, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return rl_store_set_sqlite_error (self, rc, "save hit", error);
    }

  /* A reviewed clause not found again may only have changed its extent (a
   * sentence merged or split, the segmentation improved): when a new,
   * unreviewed clause of the same category contains it or lies within it,
   * the review moves there instead of being orphaned. */
  {
    static const char *const steps[] = {
      "UPDATE clauses AS n SET status = o.status, note = o.note, reviewed_at = o.reviewed_at"
      " FROM (SELECT c.id AS old_id, c.status, c.note, c.reviewed_at,"
      "        (SELECT m.id FROM clauses m WHERE m.doc_id = c.doc_id AND m.category = c.category"
      "          AND m.present = 1 AND m.status = 0 AND m.note = ''"
      "          AND (instr (m.key, c.key) > 0 OR instr (c.key, m.key) > 0) ORDER BY m.id LIMIT 1) AS new_id"
      "       FROM clauses c WHERE c.doc_id = ?1 AND c.present = 0 AND (c.status != 0 OR c.note != '')) AS o"
      " WHERE n.id = o.new_id",
      "DELETE FROM clauses WHERE doc_id = ?1 AND present = 0 AND (status != 0 OR note != '')"
      " AND EXISTS (SELECT 1 FROM clauses m WHERE m.doc_id = clauses.doc_id AND m.category = clauses.category"
      "  AND m.present = 1 AND m.status = clauses.status AND m.note = clauses.note"
      "  AND m.reviewed_at IS clauses.reviewed_at"
      "  AND (instr (m.key, clauses.key) > 0 OR instr (clauses.key, m.key) > 0))",
    };

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        if (!(stmt = rl_store_cached (self, steps[i], error)))
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, doc_id);
        rc = sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (rc != SQLITE_DONE)
          return rl_store_set_sqlite_error (self, rc, "scan", error);
      }
  }

  /* Clauses that no longer match: gone unless someone reviewed them. */
  if (!(stmt = rl_store_cached (self,
                                "DELETE FROM clauses WHERE doc_id = ? AND present = 0 AND status = 0 AND note = ''",
                                error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, doc_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return rl_store_set_sqlite_error (self, rc, "scan", error);

  if (!(stmt = rl_store_cached (self,
                                "UPDATE documents SET n_clauses = ?, scanned_hash = (SELECT hash FROM pack WHERE id = 1) WHERE id = ?",
                                error)))
    return FALSE;
  sqlite3_bind_int (stmt, 1, n);
  sqlite3_bind_int64 (stmt, 2, doc_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return rl_store_set_sqlite_error (self, rc, "scan", error);

  if (n_clauses)
    *n_clauses = n;
  return TRUE;
}
