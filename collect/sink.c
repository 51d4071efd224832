/* SPDX-License-Identifier: Apache-2.0 */
/* What every sink shares: wiring into the pipeline and the list of files written. */
#include "core/compat.h"
#include "collect/sink.h"

#include "core/alloc.h"
#include "core/error.h"

int ll_sink_attach(struct ll_sink *s, struct ll_pipe_config *cfg)
{
	if (cfg->nconsumers >= LL_PIPE_MAX_CONSUMERS)
		return ll_error_set(LL_EINTERNAL, "too many pipeline stages");
	cfg->consumer[cfg->nconsumers] = s->write;
	cfg->consumer_ctx[cfg->nconsumers] = s;
	cfg->after_prepare[cfg->nconsumers] = s->prepare != NULL;
	cfg->nconsumers++;
	if (s->prepare) {
		cfg->prepare = s->prepare;
		cfg->prepare_ctx = s;
		cfg->nworkers = s->nworkers;
		cfg->aux_size = s->aux_size;
	}
	return 0;
}

int ll_sink_add_file(struct ll_sink *s, const char *path)
{
	void *p = ll_reallocarray(s->files, s->nfiles + 1, sizeof(*s->files));

	if (!p)
		return ll_error_set(LL_ENOMEM, "out of memory");
	s->files = p;
	if (!(s->files[s->nfiles] = ll_strdup(path)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	s->nfiles++;
	return 0;
}

void ll_sink_free(struct ll_sink *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfiles; i++)
		ll_free(s->files[i]);
	ll_free(s->files);
	s->files = NULL;
	s->destroy(s);
}

/*
 * libewf 20140813 keeps the chunk table in one array capped near 2^27
 * entries (a 4 TiB disk fails at 32 KiB chunks); stay at half of that.
 */
#define MAX_CHUNKS (UINT64_C(1) << 26)

uint32_t ll_e01_sectors_per_chunk(int64_t media_size, uint32_t sector_size)
{
	uint32_t spc = 64;

	if (media_size < 0)
		return spc;
	while ((uint64_t)media_size / ((uint64_t)spc * sector_size) >= MAX_CHUNKS) {
		if (spc >= 32768)
			return 0;
		spc *= 2;
	}
	return spc;
}
