/* SPDX-License-Identifier: Apache-2.0 */
/* What the profile's and the mandate's options share (cli/expert_opts.h). */
#include "core/compat.h"
#include "cli/expert_opts.h"

#include <stdio.h>

int ll_cli_list_add(struct ll_cli *cli, const char *usage, const char **list, size_t *n,
		    size_t max, const char *opt, const char *arg)
{
	if (*n >= max)
		return ll_cli_usage(cli, usage, "at most %zu --%s", max, opt);
	list[(*n)++] = arg;
	return 1;
}

void ll_cli_print_fields(const json_t *o, const char *const (*k)[2], size_t nk,
			 const char *list_key, const char *list_label, bool numbered)
{
	const json_t *q;
	size_t i;

	for (i = 0; i < nk; i++) {
		const char *s = json_string_value(json_object_get(o, k[i][0]));

		if (s && *s)
			printf("%s %s\n", k[i][1], ll_cli_q(s));
	}
	json_array_foreach(json_object_get(o, list_key), i, q)
		if (numbered)
			printf("%s %zu  %s\n", list_label, i + 1, ll_cli_q(json_string_value(q)));
		else
			printf("%s %s\n", list_label, ll_cli_q(json_string_value(q)));
}
