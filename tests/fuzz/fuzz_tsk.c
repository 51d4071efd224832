/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: libtsk's volume and file-system readers over an image held in memory. */
#include "core/compat.h"

#include "analyze/tsk/tsk_walk.h"
#include "core/hostname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_entry(const struct ll_tsk_entry *e, void *payload)
{
	size_t *n = payload;

	/* touch what the reader stores, so sanitizers see bad strings */
	*n += strlen(e->path) + strlen(e->body_name) + strlen(e->inode) + strlen(e->mode);
	return 0;
}

/* An /etc/hostname found: its bytes as the parent judges them (analyze/tsk/tsk_hostname.c). */
static void on_hostname(const struct ll_tsk_volume *v, const uint8_t *raw, size_t len,
			uint64_t size, void *payload)
{
	char name[LL_HOSTNAME_MAX + 1], why[160];

	(void)v;
	(void)payload;
	if (len > LL_HOSTNAME_FILE_MAX || len > size)
		__builtin_trap();
	(void)ll_hostname_from_file(name, raw, len, size, why, sizeof(why));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_tsk_image *img = NULL;
	struct ll_tsk_walk_cb cb = { 0 };
	size_t n = 0;

	if (ll_tsk_image_open_mem(&img, data, size) < 0)
		return 0;
	cb.entry = on_entry;
	cb.hostname = on_hostname;
	cb.payload = &n;
	cb.local_tz = "Europe/Berlin";
	cb.max_entries = 20000; /* a hostile directory loop must not run forever */
	ll_tsk_walk(img, &cb);
	ll_tsk_image_close(img);
	return 0;
}
