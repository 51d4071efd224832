/* SPDX-License-Identifier: Apache-2.0 */
/* The process's command line, for the record of the analyses it runs. */
#include "core/compat.h"
#include "core/cmdline.h"

#include <stdbool.h>
#include <stdio.h>
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

/*
 * The options whose value is a secret (a BitLocker recovery key): their
 * value is never recorded. getopt_long takes any unambiguous prefix
 * ("--bde-r KEY") and "--opt=VALUE", so both are matched.
 */
static const char secret_opt[] = "--bde-recovery-key";
#define SECRET_PREFIX_MIN 7 /* "--bde-r": shorter is ambiguous with --bde-password-file */
#define REDACTED "(secret, not recorded)"

/* 1: `arg` is the option, its value next; 2: "--opt=VALUE"; 0: neither. */
static int secret_kind(const char *arg)
{
	size_t n = strcspn(arg, "=");

	if (n < SECRET_PREFIX_MIN || n > sizeof(secret_opt) - 1 || strncmp(arg, secret_opt, n))
		return 0;
	return arg[n] == '=' ? 2 : 1;
}

char *ll_cmdline_json(void)
{
	json_t *a;
	char *text;
	bool hide_next = false;

	if (!saved_argv || saved_argc < 1 || !(a = json_array()))
		return NULL;
	json_array_append_new(a, json_string("lifeline"));
	for (int i = 1; i < saved_argc && saved_argv[i]; i++) {
		const char *arg = saved_argv[i];
		int k = hide_next ? 0 : secret_kind(arg);

		if (hide_next) {
			json_array_append_new(a, json_string(REDACTED));
			hide_next = false;
		} else if (k == 2) {
			char buf[sizeof(secret_opt) + sizeof(REDACTED) + 1];

			/* the option as given (a prefix of secret_opt, so it fits), then '=' */
			snprintf(buf, sizeof(buf), "%.*s=%s", (int)strcspn(arg, "="), arg, REDACTED);
			json_array_append_new(a, json_string(buf));
		} else {
			json_array_append_new(a, ll_json_string_lossy(arg, strlen(arg)));
			hide_next = k == 1;
		}
	}
	text = json_array_size(a) == (size_t)saved_argc ? ll_json_dump(a) : NULL;
	json_decref(a);
	return text;
}
