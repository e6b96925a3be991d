/* fuzz-rule-pack.c: the YAML rule-pack loader on arbitrary bytes.  A pack
 * that loads must also compile into a scanner and scan a short text within
 * its limits; a pack that does not load must say why, naming the place. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rl-rule-pack.h"
#include "rl-scanner.h"

static const char sample[] =
  "不得使用OpenAI技术进行大规模国内监控。The Department may use the model "
  "for all lawful purposes; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab.\n"
  "Fully autonomous weapons are excluded.";

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RlRulePack) pack = NULL;
  g_autoptr(GError) error = NULL;

  if (size > 256 * 1024)
    return 0;

  pack = rl_rule_pack_load_data ((const char *) data, size, "fuzz.yaml", &error);
  if (pack == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == RL_RULE_PACK_ERROR);
      /* Every problem is "file:line:column: message". */
      g_assert_true (g_str_has_prefix (error->message, "fuzz.yaml:"));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_null (error);
  g_assert_nonnull (rl_rule_pack_get_id (pack));
  for (guint i = 0; i < rl_rule_pack_get_n_rules (pack); i++)
    {
      const RlRule *rule = rl_rule_pack_get_rule (pack, i);

      g_assert_cmpuint (rl_rule_get_category (rule), <, rl_rule_pack_get_n_categories (pack));
      g_assert_nonnull (rl_rule_get_message (rule));
    }

  {
    g_autoptr(RlScanner) scanner = rl_scanner_new (pack);
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rl_scan_problem_free);
    g_autoptr(GArray) hits = NULL;
    gsize n_chars = g_utf8_strlen (sample, -1);

    hits = rl_scanner_scan (scanner, sample, strlen (sample), problems, NULL, NULL);
    g_assert_nonnull (hits);
    for (guint i = 0; i < hits->len; i++)
      {
        RlHit *hit = &g_array_index (hits, RlHit, i);

        g_assert_cmpuint (hit->rule, <, rl_rule_pack_get_n_rules (pack));
        g_assert_cmpuint (hit->match_start, <=, hit->match_end);
        g_assert_cmpuint (hit->match_end, <=, n_chars);
        g_assert_cmpuint (hit->clause_start, <=, hit->match_start);
        g_assert_cmpuint (hit->clause_end, >=, hit->match_end);
        g_assert_cmpuint (hit->clause_end, <=, n_chars);
      }
  }
  return 0;
}
