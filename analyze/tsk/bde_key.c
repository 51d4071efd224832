/* SPDX-License-Identifier: Apache-2.0 */
/*
 * --bde-password-file: the password read from the examiner's file (not
 * evidence) into memory once, in the process that unlocks (tsk_source.h).
 * The buffer is wiped at exit; the secret is never printed or stored.
 */
#include "core/compat.h"
#include "analyze/tsk/tsk_source.h"

#include "core/error.h"

#include <errno.h>

#define BDE_PASSWORD_MAX 1024

static char password[BDE_PASSWORD_MAX + 2];

static void wipe(void)
{
	volatile char *p = password;

	for (size_t i = 0; i < sizeof(password); i++)
		p[i] = 0;
}

int ll_tsk_bde_password_load(struct ll_timeline_opts *o)
{
	static bool registered;
	FILE *f;
	size_t n;

	if (!o->bde_password_file || o->bde_password)
		return 0;
	if (!(f = fopen(o->bde_password_file, "rb")))
		return ll_error_set(LL_EIO, "--bde-password-file '%s': %s", o->bde_password_file,
				    strerror(errno));
	n = fread(password, 1, sizeof(password) - 1, f);
	fclose(f);
	password[n] = '\0';
	n = strcspn(password, "\r\n");
	if (n > BDE_PASSWORD_MAX) {
		wipe();
		return ll_error_set(LL_EINVAL, "--bde-password-file '%s': the first line is longer "
				    "than %d bytes", o->bde_password_file, BDE_PASSWORD_MAX);
	}
	password[n] = '\0';
	if (n == 0)
		return ll_error_set(LL_EINVAL, "--bde-password-file '%s': the first line is empty",
				    o->bde_password_file);
	if (!registered) {
		atexit(wipe);
		registered = true;
	}
	o->bde_password = password;
	return 0;
}
