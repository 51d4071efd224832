/* SPDX-License-Identifier: Apache-2.0 */
/* The process's command line, for the record of the analyses it runs. */
#include "core/compat.h"
#include "core/cmdline.h"

#include <string.h>

#include <jansson.h>

#include "core/json.h"

static int saved_argc;
static char **saved_argv;

void ll_cmdline_set(int argc, char **argv)
{
	saved_argc = argc;
	saved_argv = argv;
}

char *ll_cmdline_json(void)
{
	json_t *a;
	char *text;

	if (!saved_argv || saved_argc < 1 || !(a = json_array()))
		return NULL;
	json_array_append_new(a, json_string("lifeline"));
	for (int i = 1; i < saved_argc && saved_argv[i]; i++)
		json_array_append_new(a, ll_json_string_lossy(saved_argv[i], strlen(saved_argv[i])));
	text = json_array_size(a) == (size_t)saved_argc ? ll_json_dump(a) : NULL;
	json_decref(a);
	return text;
}
