/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes what `casefile verify` reads from an untrusted bag to rebuild the
 * cover sheet: data/case.jsonld (the Investigation, its Authorization).
 * Whatever it holds, the rebuilt sheet has the fixed structure (no markup
 * smuggled in through a value) and renders the same bytes twice.
 */
#include "core/compat.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casefile/report/cover.h"
#include "core/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static char dir[64], file[96], sub[80];

static void remove_dir(void)
{
	unlink(file);
	rmdir(sub);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_cover_facts f = { 0 };
	struct ll_buf a = LL_BUF_INIT, b = LL_BUF_INIT;
	FILE *out;

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "%s", "/tmp/ll-fuzz-cover.XXXXXX");
		if (!mkdtemp(dir))
			abort();
		snprintf(sub, sizeof(sub), "%s/data", dir);
		if (mkdir(sub, 0700) != 0)
			abort();
		snprintf(file, sizeof(file), "%s/data/case.jsonld", dir);
		atexit(remove_dir);
	}
	if (!(out = fopen(file, "wb")))
		abort();
	if (size && fwrite(data, 1, size, out) != size)
		abort();
	fclose(out);
	if (ll_casefile_cover_case(&f, dir) == 0) {
		f.examiner = "Test Examiner";
		f.examiner_fpr = "00";
		f.fingerprint = "11";
		f.timestamp = NULL;
		if (ll_casefile_cover_render(&a, &f) < 0 || ll_casefile_cover_render(&b, &f) < 0 ||
		    a.len != b.len || memcmp(a.ptr, b.ptr, a.len) != 0)
			__builtin_trap();
		/* five statements, one link: nothing a value holds becomes markup */
		if (count(a.ptr, "<dd") != 5 || count(a.ptr, "<dt>") != 5 ||
		    count(a.ptr, "<a ") != 1 || count(a.ptr, "<script") != 0)
			__builtin_trap();
	}
	ll_casefile_cover_release(&f);
	ll_buf_release(&a);
	ll_buf_release(&b);
	return 0;
}
