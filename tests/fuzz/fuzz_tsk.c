/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: libtsk's volume and file-system readers over an image held in memory. */
#include "core/compat.h"

#include "analyze/tsk/tsk_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_entry(const struct ll_tsk_entry *e, void *payload)
{
	size_t *n = payload;

	/* touch what the reader stores, so sanitizers see bad strings */
	*n += strlen(e->path) + strlen(e->body_name) + strlen(e->inode) + strlen(e->mode);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ll_tsk_image *img = NULL;
	struct ll_tsk_walk_cb cb = { 0 };
	size_t n = 0;

	if (ll_tsk_image_open_mem(&img, data, size) < 0)
		return 0;
	cb.entry = on_entry;
	cb.payload = &n;
	cb.local_tz = "Europe/Berlin";
	cb.max_entries = 20000; /* a hostile directory loop must not run forever */
	ll_tsk_walk(img, &cb);
	ll_tsk_image_close(img);
	return 0;
}
