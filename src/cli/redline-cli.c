/* redline-cli: the command-line twin of the window.  Argument parsing and
 * printing over src/core; nothing else. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rl-import.h"
#include "rl-ops.h"
#include "rl-rule-pack.h"
#include "rl-store.h"

#define EXIT_USAGE 2

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  func;
  const char  *args;     /* parameter string for --help */
  const char  *summary;
} Command;

static gboolean opt_json;

static void
print_error (const GError *error)
{
  g_printerr ("redline-cli: %s\n", error->message);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("redline-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

/* Parses argv (argv[0] is the command's name) with entries; on failure
 * prints the usage and returns FALSE. */
static gboolean
parse_args (GOptionContext  *context,
            int             *argc,
            char          ***argv,
            int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, error->message);
      return FALSE;
    }
  return TRUE;
}

static GOptionContext *
command_context (const char         *name,
                 const char         *args,
                 const char         *summary,
                 const GOptionEntry *entries)
{
  g_autofree char *param = g_strdup_printf ("%s %s", name, args);
  GOptionContext *context = g_option_context_new (param);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static RlStore *
open_store (const char *path,
            gboolean    read_only)
{
  g_autoptr(GError) error = NULL;
  RlStore *store = rl_store_open (path, read_only ? RL_STORE_OPEN_READ_ONLY : RL_STORE_OPEN_DEFAULT, &error);

  if (store == NULL)
    print_error (error);
  return store;
}

/* JSON: just enough to print strings and numbers correctly. */
static void
json_string (GString    *out,
             const char *s)
{
  g_autofree char *valid = NULL;

  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  /* JSON is UTF-8; a path from disk need not be. */
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = *p;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static int
category_arg (RlRulePack *pack,
              const char *id)
{
  int c;

  if (id == NULL)
    return -1;
  if ((c = rl_rule_pack_find_category (pack, id)) < 0)
    {
      g_autoptr(GString) known = g_string_new (NULL);
      for (guint i = 0; i < rl_rule_pack_get_n_categories (pack); i++)
        g_string_append_printf (known, "%s%s", i ? ", " : "", rl_rule_pack_get_category (pack, i)->id);
      g_printerr (_("redline-cli: unknown category “%s” (the pack has: %s)\n"), id, known->str);
    }
  return c;
}

/* ---------------------------------------------------------------- init */

static int
cmd_init (int argc, char **argv)
{
  g_autofree char *pack_path = NULL;
  const GOptionEntry entries[] = {
    { "pack", 0, 0, G_OPTION_ARG_FILENAME, &pack_path, N_("Use this rule pack instead of the default one"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("init", "PROJECT", _("Create a project with the default rule pack (or --pack FILE).\n\nExample:\n  redline-cli init review.redline"), entries);
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(RlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("init takes one project file"));

  if (pack_path == NULL && !(pack_path = rl_default_pack_path ()))
    {
      g_printerr (_("redline-cli: the default rule pack is not installed (set REDLINE_DATADIR)\n"));
      return EXIT_FAILURE;
    }
  if (!(pack = rl_rule_pack_load_file (pack_path, &error)) ||
      !(store = rl_store_create (argv[1], pack, &error)))
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  g_print (_("Created %s with the rule pack “%s” (%u categories, %u rules)\n"),
           argv[1], rl_rule_pack_get_name (pack),
           rl_rule_pack_get_n_categories (pack), rl_rule_pack_get_n_rules (pack));
  return EXIT_SUCCESS;
}

/* -------------------------------------------------------------- import */

static void
import_file_cb (const char      *path,
                RlImportOutcome  outcome,
                gint64           doc_id,
                const GError    *error,
                gpointer         user_data)
{
  if (error != NULL)
    {
      g_autofree char *base = g_path_get_basename (path);

      /* The importer's messages name the file already. */
      if (strstr (error->message, base) != NULL)
        g_print (_("refused    %s\n"), error->message);
      else
        g_print (_("refused    %s: %s\n"), path, error->message);
      return;
    }
  switch (outcome)
    {
    case RL_IMPORT_IMPORTED:
      g_print (_("imported   %s\n"), path);
      break;
    case RL_IMPORT_UPDATED:
      g_print (_("updated    %s\n"), path);
      break;
    case RL_IMPORT_UNCHANGED:
    default:
      g_print (_("unchanged  %s (already in the project)\n"), path);
      break;
    }
}

static int
cmd_import (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("import", "PROJECT PATH…", _("Import files and folders (recursively): .txt, .md, .markdown, .html, .htm.\n\nExample:\n  redline-cli import review.redline ~/reports statement.html"), NULL);
  g_autoptr(RlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  RlImportReport report = { 0 };
  gboolean ok;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return usage_error (context, _("import takes a project and at least one file or folder"));
  if (!(store = open_store (argv[1], FALSE)))
    return EXIT_FAILURE;

  ok = rl_ops_import (store, (const char *const *) argv + 2, import_file_cb, NULL, NULL, &report, NULL, &error);
  g_print (_("%u imported, %u updated, %u unchanged, %u refused\n"),
           report.n_imported, report.n_updated, report.n_unchanged, report.n_refused);
  if (!ok)
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  return report.n_refused > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ---------------------------------------------------------------- scan */

static int
cmd_scan (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("scan", "PROJECT", _("Run the project's rule pack over every document not yet scanned with it.\n\nExample:\n  redline-cli scan review.redline"), NULL);
  g_autoptr(RlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  RlScanReport report = { 0 };
  gboolean ok;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("scan takes one project file"));
  if (!(store = open_store (argv[1], FALSE)))
    return EXIT_FAILURE;

  ok = rl_ops_scan (store, NULL, NULL, &report, NULL, &error);
  if (report.problems != NULL)
    for (guint i = 0; i < report.problems->len; i++)
      g_printerr (_("redline-cli: warning: %s (other hits kept)\n"), (const char *) report.problems->pdata[i]);
  if (!ok)
    {
      print_error (error);
      rl_scan_report_clear (&report);
      return EXIT_FAILURE;
    }
  g_print (_("Scanned %u of %u documents (the rest were up to date): %u hits, %u clauses in the project"),
           report.n_scanned, report.n_documents, report.n_hits, report.n_clauses);
  if (report.n_orphaned > 0)
    g_print (_("; %u reviewed clauses no longer match (kept, see “stats”)"), report.n_orphaned);
  g_print ("\n");
  rl_scan_report_clear (&report);
  return EXIT_SUCCESS;
}

/* ---------------------------------------------------------------- docs */

static int
cmd_docs (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("docs", "PROJECT", _("List documents: id, date, title, source and clauses per category.\n\nExample:\n  redline-cli docs review.redline --json"), entries);
  g_autoptr(RlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) json = g_string_new ("[");
  RlDocQuery query = { RL_DOC_SORT_IMPORTED, FALSE, -1, -1, NULL };
  RlRulePack *pack;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("docs takes one project file"));
  if (!(store = open_store (argv[1], TRUE)))
    return EXIT_FAILURE;
  pack = rl_store_get_pack (store);

  if (!(ids = rl_store_list_documents (store, &query, &error)))
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RlDocInfo) info = rl_store_get_document (store, g_array_index (ids, gint64, i), &error);
      g_autoptr(GString) counts = g_string_new (NULL);

      if (info == NULL)
        {
          print_error (error);
          return EXIT_FAILURE;
        }
      if (opt_json)
        {
          g_string_append_printf (json, "%s\n  {\"id\": %" G_GINT64_FORMAT ", \"title\": ", i ? "," : "", info->id);
          json_string (json, info->title);
          g_string_append (json, ", \"file\": ");
          json_string (json, info->file_name);
          g_string_append (json, ", \"path\": ");
          json_string (json, info->path);
          g_string_append (json, ", \"date\": ");
          json_string (json, info->date);
          g_string_append (json, ", \"source\": ");
          json_string (json, info->source);
          g_string_append (json, ", \"url\": ");
          json_string (json, info->url);
          g_string_append (json, ", \"author\": ");
          json_string (json, info->author);
          g_string_append_printf (json, ", \"characters\": %" G_GSIZE_FORMAT ", \"clauses\": {", info->n_chars);
          for (guint c = 0, n = 0; c < info->n_counts; c++)
            if (info->counts[c] > 0)
              {
                g_string_append (json, n++ ? ", " : "");
                json_string (json, rl_rule_pack_get_category (pack, c)->id);
                g_string_append_printf (json, ": %u", info->counts[c]);
              }
          g_string_append (json, "}}");
          continue;
        }
      for (guint c = 0; c < info->n_counts; c++)
        if (info->counts[c] > 0)
          g_string_append_printf (counts, " %s=%u", rl_rule_pack_get_category (pack, c)->id, info->counts[c]);
      g_print ("%4" G_GINT64_FORMAT "  %-10s  %s  [%s]%s\n", info->id,
               info->date ? info->date : "-", info->title,
               info->source ? info->source : "-", counts->str);
    }
  if (opt_json)
    g_print ("%s\n]\n", json->str);
  return EXIT_SUCCESS;
}

/* ---------------------------------------------------------------- hits */

static int
cmd_hits (int argc, char **argv)
{
  gint64 doc = 0;
  g_autofree char *category = NULL;
  g_autofree char *status_str = NULL;
  gboolean orphaned = FALSE;
  const GOptionEntry entries[] = {
    { "doc", 0, 0, G_OPTION_ARG_INT64, &doc, N_("Only this document"), N_("ID") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category"), N_("CATEGORY") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_str, N_("Only this status: unreviewed, confirmed or dismissed"), N_("STATUS") },
    { "orphaned", 0, 0, G_OPTION_ARG_NONE, &orphaned, N_("List reviews whose clause no longer matches"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("hits", "PROJECT", _("List clauses with their hits.\n\nExample:\n  redline-cli hits review.redline --category surveillance --status unreviewed"), entries);
  g_autoptr(RlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GString) json = g_string_new ("[");
  RlClauseQuery query = { 0, -1, -1, -1, FALSE };
  RlStatus st;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("hits takes one project file"));
  if (status_str != NULL && !rl_status_from_string (status_str, &st))
    return usage_error (context, _("--status must be unreviewed, confirmed or dismissed"));
  if (!(store = open_store (argv[1], TRUE)))
    return EXIT_FAILURE;

  query.doc_id = doc;
  query.orphaned = orphaned;
  query.status = status_str ? (int) st : -1;
  if (category && (query.category = category_arg (rl_store_get_pack (store), category)) < 0)
    return EXIT_USAGE;

  if (!(clauses = rl_store_list_clauses (store, &query, &error)))
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < clauses->len; i++)
    {
      RlClause *c = clauses->pdata[i];

      if (opt_json)
        {
          g_string_append_printf (json, "%s\n  {\"id\": %" G_GINT64_FORMAT ", \"document\": %" G_GINT64_FORMAT ", \"category\": ",
                                  i ? "," : "", c->id, c->doc_id);
          json_string (json, c->category_id);
          g_string_append (json, ", \"severity\": ");
          json_string (json, rl_severity_to_string (c->severity));
          g_string_append (json, ", \"rules\": ");
          json_string (json, c->rules);
          g_string_append (json, ", \"match\": ");
          json_string (json, c->match);
          g_string_append (json, ", \"clause\": ");
          json_string (json, c->text);
          g_string_append_printf (json, ", \"start\": %" G_GSIZE_FORMAT ", \"end\": %" G_GSIZE_FORMAT ", \"status\": ", c->start, c->end);
          json_string (json, rl_status_to_string (c->status));
          g_string_append (json, ", \"note\": ");
          json_string (json, c->note);
          g_string_append_printf (json, ", \"orphaned\": %s}", c->orphaned ? "true" : "false");
          continue;
        }
      {
        g_autofree char *one_line = g_strdup (c->text);
        g_strdelimit (one_line, "\n\r\t", ' ');
        g_print ("%5" G_GINT64_FORMAT "  doc %-4" G_GINT64_FORMAT " %-20s %-10s %s\n       %s\n       “%s”%s%s\n",
                 c->id, c->doc_id, c->category_id, rl_status_to_string (c->status), c->rules,
                 one_line, c->match, c->note[0] ? "  note: " : "", c->note);
      }
    }
  if (opt_json)
    g_print ("%s\n]\n", json->str);
  return EXIT_SUCCESS;
}

/* -------------------------------------------------------------- review */

static int
cmd_review (int argc, char **argv)
{
  g_autofree char *status_str = NULL;
  g_autofree char *note = NULL;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_str, N_("confirmed, dismissed or unreviewed"), N_("STATUS") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note to keep with the decision"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("review", "PROJECT CLAUSE_ID", _("Record a decision on a clause.\n\nExample:\n  redline-cli review review.redline 12 --status confirmed --note \"Clause 4.2\""), entries);
  g_autoptr(RlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  RlStatus st;
  gint64 id;
  char *end = NULL;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, _("review takes a project and a clause id"));
  id = g_ascii_strtoll (argv[2], &end, 10);
  if (end == argv[2] || *end != '\0' || id <= 0)
    return usage_error (context, _("the clause id must be a positive number"));
  if (status_str == NULL || !rl_status_from_string (status_str, &st))
    return usage_error (context, _("--status must be confirmed, dismissed or unreviewed"));
  if (!(store = open_store (argv[1], FALSE)))
    return EXIT_FAILURE;
  if (!rl_store_review (store, id, st, note, &error))
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  g_print (_("Clause %" PRId64 ": %s\n"), (int64_t) id, rl_status_to_string (st));
  return EXIT_SUCCESS;
}

/* -------------------------------------------------------------- export */

static int
cmd_export (int argc, char **argv)
{
  g_autofree char *csv = NULL;
  g_autofree char *category = NULL;
  g_autofree char *status_str = NULL;
  gboolean excel = FALSE;
  const GOptionEntry entries[] = {
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write CSV to FILE"), N_("FILE") },
    { "excel", 0, 0, G_OPTION_ARG_NONE, &excel, N_("Start with a UTF-8 byte order mark, for Excel"), NULL },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_str, N_("Only this status"), N_("STATUS") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category"), N_("CATEGORY") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("export", "PROJECT", _("Write clauses to CSV.\n\nExample:\n  redline-cli export review.redline --csv clauses.csv --status confirmed --excel"), entries);
  g_autoptr(RlStore) store = NULL;
  g_autoptr(GError) error = NULL;
  RlExportOptions options = { NULL, FALSE, -1, -1, -1, 0 };
  RlStatus st;
  guint n_rows = 0;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("export takes one project file"));
  if (csv == NULL)
    return usage_error (context, _("say where to write: --csv FILE"));
  if (status_str != NULL && !rl_status_from_string (status_str, &st))
    return usage_error (context, _("--status must be unreviewed, confirmed or dismissed"));
  if (!(store = open_store (argv[1], TRUE)))
    return EXIT_FAILURE;

  options.path = csv;
  options.excel = excel;
  options.status = status_str ? (int) st : -1;
  if (category && (options.category = category_arg (rl_store_get_pack (store), category)) < 0)
    return EXIT_USAGE;
  if (!rl_ops_export_csv (store, &options, &n_rows, NULL, &error))
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %u clause to %s\n", "Wrote %u clauses to %s\n", n_rows), n_rows, csv);
  return EXIT_SUCCESS;
}

/* ---------------------------------------------------------------- pack */

static int
cmd_pack (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("pack", "PROJECT FILE", _("Replace the project's rule pack (validated first; reviews are kept). Run “scan” afterwards.\n\nExample:\n  redline-cli pack review.redline my-rules.yaml"), NULL);
  g_autoptr(RlStore) store = NULL;
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, _("pack takes a project and a rule pack file"));
  if (!(pack = rl_rule_pack_load_file (argv[2], &error)))
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  if (!(store = open_store (argv[1], FALSE)))
    return EXIT_FAILURE;
  if (!rl_store_set_pack (store, pack, &error))
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  g_print (_("The project now uses “%s” (%u rules); run “redline-cli scan %s” to apply it\n"),
           rl_rule_pack_get_name (pack), rl_rule_pack_get_n_rules (pack), argv[1]);
  return EXIT_SUCCESS;
}

/* --------------------------------------------------------------- rules */

static int
cmd_rules (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = command_context ("rules", "check|test FILE", _("Validate a rule pack (check) or run every rule's examples (test). Problems are printed as file:line:column: message.\n\nExamples:\n  redline-cli rules check my-rules.yaml\n  redline-cli rules test my-rules.yaml"), NULL);
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(GError) error = NULL;
  gboolean test;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || (strcmp (argv[1], "check") != 0 && strcmp (argv[1], "test") != 0))
    return usage_error (context, _("use “rules check FILE” or “rules test FILE”"));
  test = strcmp (argv[1], "test") == 0;

  if (!(pack = rl_rule_pack_load_file (argv[2], &error)))
    {
      /* One problem per line, each already "file:line:column: message". */
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }
  if (test)
    {
      g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);

      if (!rl_rule_pack_test (pack, failures))
        {
          for (guint i = 0; i < failures->len; i++)
            g_printerr ("%s\n", (const char *) failures->pdata[i]);
          g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u failure\n", "%s: %u failures\n", failures->len),
                      argv[2], failures->len);
          return EXIT_FAILURE;
        }
      g_print (_("%s: every example of %u rules passed\n"), argv[2], rl_rule_pack_get_n_rules (pack));
      return EXIT_SUCCESS;
    }
  g_print (_("%s: valid (%u categories, %u rules)\n"), argv[2],
           rl_rule_pack_get_n_categories (pack), rl_rule_pack_get_n_rules (pack));
  return EXIT_SUCCESS;
}

/* --------------------------------------------------------------- stats */

/* Appends text padded with spaces to width terminal columns (wide
 * characters take two), on the left when right-aligned; a space first
 * unless the line is empty. */
static void
append_cell (GString    *line,
             const char *text,
             guint       width,
             gboolean    right)
{
  guint columns = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        columns += g_unichar_iswide (c) ? 2 : 1;
    }
  if (line->len > 0)
    g_string_append_c (line, ' ');
  if (right)
    for (guint i = columns; i < width; i++)
      g_string_append_c (line, ' ');
  g_string_append (line, text);
  if (!right)
    for (guint i = columns; i < width; i++)
      g_string_append_c (line, ' ');
}

static int
cmd_stats (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("stats", "PROJECT", _("Documents, characters, hits and clauses per category and per status, orphaned reviews.\n\nExample:\n  redline-cli stats review.redline"), entries);
  g_autoptr(RlStore) store = NULL;
  g_autoptr(RlStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  RlRulePack *pack;
  int status;

  if (!parse_args (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("stats takes one project file"));
  if (!(store = open_store (argv[1], TRUE)))
    return EXIT_FAILURE;
  if (!(stats = rl_store_get_stats (store, &error)))
    {
      print_error (error);
      return EXIT_FAILURE;
    }
  pack = rl_store_get_pack (store);

  if (opt_json)
    {
      g_autoptr(GString) json = g_string_new ("{");

      g_string_append_printf (json, "\"documents\": %u, \"characters\": %" G_GUINT64_FORMAT
                              ", \"hits\": %u, \"clauses\": %u, \"orphaned\": %u, \"unscanned\": %u, \"status\": {",
                              stats->n_documents, stats->n_chars, stats->n_hits, stats->n_clauses,
                              stats->n_orphaned, stats->n_unscanned);
      for (guint s = 0; s < RL_N_STATUSES; s++)
        g_string_append_printf (json, "%s\"%s\": %u", s ? ", " : "", rl_status_to_string (s), stats->status_counts[s]);
      g_string_append (json, "}, \"categories\": {");
      for (guint c = 0; c < stats->n_categories; c++)
        {
          g_string_append (json, c ? ", " : "");
          json_string (json, rl_rule_pack_get_category (pack, c)->id);
          g_string_append_printf (json, ": {\"hits\": %u, \"clauses\": %u, \"documents\": %u}",
                                  stats->category_hits[c], stats->category_clauses[c], stats->category_documents[c]);
        }
      g_string_append (json, "}}");
      g_print ("%s\n", json->str);
      return EXIT_SUCCESS;
    }

  g_print (_("Project      %s\n"), argv[1]);
  g_print (_("Rule pack    %s (%u rules)\n"), rl_rule_pack_get_name (pack), rl_rule_pack_get_n_rules (pack));
  g_print (_("Documents    %u (%" PRIu64 " characters; %u not scanned with the current pack)\n"),
           stats->n_documents, (uint64_t) stats->n_chars, stats->n_unscanned);
  g_print (_("Hits         %u in %u clauses\n\n"), stats->n_hits, stats->n_clauses);
  {
    /* Columns by display width, not bytes: a Chinese header is three
     * bytes and two columns a character. */
    const char *status_names[RL_N_STATUSES] = {
      [RL_STATUS_UNREVIEWED] = _("Unreviewed"),
      [RL_STATUS_CONFIRMED] = _("Confirmed"),
      [RL_STATUS_DISMISSED] = _("Dismissed"),
    };
    g_autoptr(GString) line = g_string_new (NULL);

    append_cell (line, _("Category"), 22, FALSE);
    append_cell (line, _("Hits"), 7, TRUE);
    append_cell (line, _("Clauses"), 9, TRUE);
    append_cell (line, _("Documents"), 11, TRUE);
    g_print ("%s\n", line->str);
    for (guint c = 0; c < stats->n_categories; c++)
      {
        g_autofree char *hits = g_strdup_printf ("%u", stats->category_hits[c]);
        g_autofree char *clauses = g_strdup_printf ("%u", stats->category_clauses[c]);
        g_autofree char *documents = g_strdup_printf ("%u", stats->category_documents[c]);

        g_string_truncate (line, 0);
        append_cell (line, rl_rule_pack_get_category (pack, c)->id, 22, FALSE);
        append_cell (line, hits, 7, TRUE);
        append_cell (line, clauses, 9, TRUE);
        append_cell (line, documents, 11, TRUE);
        g_print ("%s\n", line->str);
      }
    g_print ("\n");
    for (guint s = 0; s <= RL_N_STATUSES; s++)
      {
        g_autofree char *count = g_strdup_printf ("%u", s < RL_N_STATUSES ? stats->status_counts[s]
                                                                          : stats->n_orphaned);

        g_string_truncate (line, 0);
        append_cell (line, s < RL_N_STATUSES ? status_names[s] : _("Orphaned"), 22, FALSE);
        append_cell (line, count, 7, TRUE);
        if (s == RL_N_STATUSES)
          g_string_append (line, _("  (reviews kept after their clause stopped matching)"));
        g_print ("%s\n", line->str);
      }
  }
  return EXIT_SUCCESS;
}

/* ---------------------------------------------------------------- main */

static const Command commands[] = {
  { "init",   cmd_init,   "PROJECT [--pack FILE]", N_("Create a project with the default rule pack") },
  { "import", cmd_import, "PROJECT PATH…",        N_("Import files and folders (recursive)") },
  { "scan",   cmd_scan,   "PROJECT",               N_("Run the rule pack over the documents (incremental)") },
  { "docs",   cmd_docs,   "PROJECT [--json]",      N_("List documents") },
  { "hits",   cmd_hits,   "PROJECT [--doc ID] [--category C] [--status S] [--json]", N_("List clauses with their hits") },
  { "review", cmd_review, "PROJECT CLAUSE_ID --status S [--note TEXT]", N_("Record a decision on a clause") },
  { "export", cmd_export, "PROJECT --csv FILE [--excel] [--status S] [--category C]", N_("Write clauses to CSV") },
  { "pack",   cmd_pack,   "PROJECT FILE",          N_("Replace the project's rule pack") },
  { "rules",  cmd_rules,  "check|test FILE",       N_("Validate a rule pack or run its examples") },
  { "stats",  cmd_stats,  "PROJECT [--json]",      N_("Counts per category and status") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s", _("Usage: redline-cli COMMAND PROJECT [ARGS…]\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-7s %s\n          %s\n", commands[i].name, commands[i].args, _(commands[i].summary));
  fprintf (out, "%s", _("\nRun “redline-cli COMMAND --help” for a command's options.\n\n"
                        "Example:\n"
                        "  redline-cli init p.redline && redline-cli import p.redline reports/ &&\n"
                        "  redline-cli scan p.redline && redline-cli export p.redline --csv out.csv\n"));
}

/* Output is UTF-8 whatever the locale: g_print would turn every Chinese
 * title into "?" under LC_ALL=C, and JSON must be UTF-8 anyway. */
static void
print_utf8 (const char *text)
{
  fputs (text, stdout);
}

static void
printerr_utf8 (const char *text)
{
  fputs (text, stderr);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_print_handler (print_utf8);
  g_set_printerr_handler (printerr_utf8);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return EXIT_SUCCESS;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("redline-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].func (argc - 1, argv + 1);

  g_printerr (_("redline-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
