/* SPDX-License-Identifier: Apache-2.0 */
/* A source's life: the generic object every kind of source (file, device, E01, ...) fills in. */
#include "core/compat.h"
#include "collect/source.h"

#include "core/alloc.h"
#include "core/error.h"

int ll_source_new(struct ll_source **out, const char *name,
		  const struct ll_source_ops *ops)
{
	struct ll_source *s = ll_calloc(1, sizeof(*s));

	if (!s || !(s->name = ll_strdup(name))) {
		ll_free(s);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	s->ops = ops;
	s->size = -1;
	s->sector_size = 512;
	*out = s;
	return 0;
}

void ll_source_free(struct ll_source *s)
{
	if (!s)
		return;
	if (s->ops && s->ops->close)
		s->ops->close(s);
	ll_free(s->name);
	ll_free(s->model);
	ll_free(s->serial);
	ll_free(s);
}
