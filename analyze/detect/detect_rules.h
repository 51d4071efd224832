/* SPDX-License-Identifier: Apache-2.0 */
/* A rule set: every Sigma file under a path, loaded or skipped with a reason. */
#ifndef LL_ANALYZE_DETECT_RULES_H
#define LL_ANALYZE_DETECT_RULES_H

#include "core/compat.h"

struct ll_sigma_rule;

struct ll_rule_skip {
	char *path;    /* relative to the rule set root */
	char *reason;  /* short, for grouping: "modifier 'expand'" */
	char *detail;  /* the full message */
};

struct ll_ruleset {
	char *root;                    /* as given */
	struct ll_sigma_rule **rules;
	size_t nrules;
	struct ll_rule_skip *skips;
	size_t nskips;
	size_t files;                  /* .yml/.yaml files seen */
	/* SHA-256 over each file's relative path, a NUL, its length and bytes, in path order */
	char sha256[65];
};

/*
 * Loads `path` (one rule file or a directory searched recursively for
 * .yml/.yaml, in byte order of the relative path). A rule that does not
 * load is recorded in `skips`, never silently dropped. Fails only when the
 * path cannot be read.
 */
int ll_ruleset_load(struct ll_ruleset **out, const char *path);

enum ll_ruleset_load_flags {
	/*
	 * Parse the YAML in a sandboxed worker (`lifeline __worker --sigma`),
	 * not in this process; the rules are built here from the trees it
	 * sends, with the same rules, skips, messages and digest.
	 */
	LL_RULESET_LOAD_WORKER = 1 << 0,
};

/* ll_ruleset_load with `flags` (enum ll_ruleset_load_flags). */
int ll_ruleset_load_ext(struct ll_ruleset **out, const char *path, unsigned flags);
void ll_ruleset_free(struct ll_ruleset *rs);
/* Records that `rel` (a rule file) was not loaded, and why. */
int ll_ruleset_add_skip(struct ll_ruleset *rs, const char *rel, const char *reason,
			const char *detail);

/*
 * Directory of the rules shipped with lifeline: $LIFELINE_RULES_DIR, else the
 * source tree's rules/ for a binary in its build directory, else
 * <binary's dir>/../share/lifeline, else the compiled install path (rules_dir.c).
 */
const char *ll_rules_dir(void);

#endif
