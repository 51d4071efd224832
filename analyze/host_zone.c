/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The host's own zone given to its local-time logs (host_zone.h). Why here
 * and not in the reader: the reader runs in a worker that cannot see the
 * case; the driver looks the zone up in the store and hands the worker its
 * words (--host-zone), which regf_tzparse.h reads back into the rule.
 */
#include "core/compat.h"
#include "analyze/host_zone.h"

#include <stdio.h>
#include <string.h>

#include "analyze/hosts.h"
#include "analyze/registry/regf_tzparse.h"
#include "analyze/registry/regf_tzrule.h"
#include "analyze/tsk/tsk_hosts.h"
#include "core/alloc.h"
#include "core/case.h"
#include "core/error.h"
#include "core/evidence.h"
#include "core/hostname.h"
#include "core/json.h"
#include "core/time.h"

bool ll_host_zone_reader(const struct ll_source_kind *k)
{
	return k && k->host_local_time;
}

struct found {
	char *host;             /* the log's host */
	char words[LL_HOST_ZONE_MAX];
	struct ll_regf_tz rule;
	bool has;
	char pending[64];       /* an image item not analysed yet */
};

/* The zone of another item `o` of the same host, when its volumes gave one. */
static int from_item(struct found *f, struct ll_store *st, const struct ll_evidence *o)
{
	struct ll_tsk_hostname *z = NULL;
	size_t nz = 0;
	int64_t volumes = 0;
	char *host = NULL;
	int rc;

	if ((rc = ll_tsk_zones(&z, &nz, &volumes, st, o->id)) < 0)
		return rc;
	if (volumes == 0 && o->kind && !strcmp(o->kind, "image") && !f->pending[0])
		snprintf(f->pending, sizeof(f->pending), "%s", o->id);
	if (nz && (rc = ll_hosts_item_host(&host, st, o)) == 0 && host &&
	    ll_hostname_same(f->host, host)) {
		/* the first volume's: one Windows per image is the case this serves */
		if (ll_regf_tz_parse(&f->rule, z[0].name, NULL) == 0) {
			snprintf(f->words, sizeof(f->words), "%s, image %s, file system at offset %" PRIu64,
				 z[0].name, o->id, z[0].offset);
			f->has = true;
		}
	}
	ll_free(host);
	ll_tsk_hostnames_free(z, nz);
	return rc;
}

int ll_host_zone_apply(struct ll_source_ctx *ctx, const struct ll_source_kind *k,
		       struct ll_timeline_opts *ropts, char *buf)
{
	struct ll_store *st = ctx->cs->store;
	struct ll_evidence **list = NULL;
	struct found f = { 0 };
	size_t n = 0;
	int rc;

	if (!ll_host_zone_reader(k))
		return 0;
	if ((rc = ll_hosts_item_host(&f.host, st, ctx->ev)) < 0 || !f.host)
		return rc;
	if ((rc = ll_evidence_list(&list, &n, st, NULL, 0)) < 0)
		goto out;
	for (size_t i = 0; i < n && !f.has && rc == 0; i++)
		if (strcmp(list[i]->id, ctx->ev->id))
			rc = from_item(&f, st, list[i]);
	if (rc < 0)
		goto out;
	if (f.has && !ropts->tz) {
		snprintf(buf, LL_HOST_ZONE_MAX, "%s", f.words);
		ropts->host_zone = buf;
		ll_source_warn_code(ctx, "host-zone.used",
				    json_pack("{s:s, s:s, s:s}", "file", ctx->rel_path, "host", f.host,
					      "zone", f.words),
				    "'%s': local times read in host %s's own zone %s (no --tz given)",
				    ctx->rel_path, f.host, f.words);
	} else if (f.has && ll_regf_tz_differs(&f.rule, ropts->tz)) {
		ll_source_warn_code(ctx, "host-zone.conflict",
				    json_pack("{s:s, s:s, s:s, s:s}", "file", ctx->rel_path, "tz", ropts->tz,
					      "host", f.host, "zone", f.words),
				    "'%s': " LL_HOST_ZONE_CONFLICT "--tz %s differs from host %s's own "
				    "zone %s; --tz is used", ctx->rel_path, ropts->tz, f.host, f.words);
	} else if (!f.has && !ropts->tz && f.pending[0]) {
		ll_source_warn_code(ctx, "host-zone.pending",
				    json_pack("{s:s, s:s, s:s, s:s}", "file", ctx->rel_path, "host", f.host,
					      "image", f.pending, "item", ctx->ev->id),
				    "'%s': host %s's zone unknown when this log was analysed (image "
				    "%s is not analysed yet); its local times are read in UTC: re-run "
				    "`analyze timeline %s` after the image", ctx->rel_path, f.host,
				    f.pending, ctx->ev->id);
	}
out:
	ll_evidence_list_free(list, n);
	ll_free(f.host);
	return rc;
}
