/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check (c): the Sigma rules' regression cases. The built-in rules
 * (rules/builtin/) carry no positive/negative cases of their own yet, and
 * the SigmaHQ regression data the unit tests read is not installed, so this
 * check is listed as not run, with the reason, rather than dropped or passed.
 */
#include "core/compat.h"
#include "cli/validate/vcheck.h"

int vcheck_sigma(struct vctx *c, json_t *checks)
{
	json_t *check = vcheck_new("sigma-regression", "built-in Sigma rules on their regression cases",
				   "lifeline analyze detect", LL_VERSION,
				   "Not measured by this run: the built-in rules' false-positive and "
				   "false-negative rates are not known from it.");

	(void)c;
	json_array_append_new(checks, check);
	vcheck_not_run(check, "no regression cases are installed for the built-in rules "
			      "(rules/builtin has no positive/negative cases; tests/unit "
			      "test_sigma_builtin and test_sigma_regression run at build time only)");
	return 0;
}
