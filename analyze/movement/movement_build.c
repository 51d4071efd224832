/* SPDX-License-Identifier: Apache-2.0 */
/* The build: events scanned, edges made and tied, stored in place of the last run's. */
#include "core/compat.h"
#include "analyze/movement/movement_int.h"

#include <string.h>

#include "analyze/harm/harm.h"
#include "core/alloc.h"
#include "core/analysis.h"
#include "core/error.h"
#include "core/json.h"
#include "core/store.h"

static int on_event(const struct ll_move_event *ev, void *payload)
{
	struct mv_ctx *c = payload;
	json_t *a = NULL;
	int rc;

	if (!ev->source)
		return mv_skip(c, "event without a source");
	if (ev->attrs) {
		if ((rc = ll_json_load(&a, ev->attrs, 0)) == LL_ENOMEM)
			return rc;
		if (rc < 0 || !json_is_object(a)) {
			json_decref(a);
			ll_error_clear();
			return mv_refuse(c, "attributes not a JSON object");
		}
	} else if (!(a = json_object())) {
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if (!strcmp(ev->source, "evtx") || !strcmp(ev->source, "evt"))
		rc = mv_windows(c, ev, a);
	else
		rc = mv_linux(c, ev, a);
	json_decref(a);
	return rc;
}

static int load_inventory(struct mv_ctx *c, struct ll_store *st)
{
	struct ll_harm_data d = { 0 };
	int rc;

	if ((rc = ll_harm_host_addrs(&c->addrs, &c->naddrs, st)) < 0 ||
	    (rc = ll_harm_load(&d, st)) < 0)
		return rc;
	if (d.nsystems && !(c->hosts = ll_calloc(d.nsystems, sizeof(*c->hosts))))
		rc = ll_error_set(LL_ENOMEM, "out of memory");
	for (size_t i = 0; rc == 0 && i < d.nsystems; i++) {
		c->hosts[c->nhosts++] = d.systems[i].hostname;
		d.systems[i].hostname = NULL;
	}
	ll_harm_data_release(&d);
	return rc;
}

/* The events in time order, read through a second connection when the case has a file. */
static int scan_events(struct ll_store *st, struct mv_ctx *c)
{
	struct ll_store *rd = NULL;
	int rc;

	if ((rc = ll_store_open_reader(&rd, st)) < 0)
		return rc;
	rc = ll_event_scan_movement(rd ? rd : st, on_event, c);
	ll_store_free(rd);
	return rc;
}

/* Per evidence item: {"edges": n, "by_kind": {kind: n}}, recorded as its `movement` analysis. */
static int record(struct ll_store *st, json_t *per)
{
	const char *id;
	json_t *v;
	int rc = 0;

	json_object_foreach(per, id, v) {
		char *text = ll_json_dump(v);

		if (!text)
			return ll_error_set(LL_ENOMEM, "out of memory");
		rc = ll_analysis_record(st, id, "movement", NULL, text, NULL);
		ll_free(text);
		if (rc < 0)
			break;
	}
	return rc;
}

static void ctx_release(struct mv_ctx *c)
{
	ll_movement_list_release(&c->edges);
	ll_movement_list_release(&c->installs);
	ll_harm_host_addrs_free(c->addrs, c->naddrs);
	for (size_t i = 0; i < c->nhosts; i++)
		ll_free(c->hosts[i]);
	ll_free(c->hosts);
	json_decref(c->by_kind);
	json_decref(c->skipped);
	json_decref(c->refused);
	json_decref(c->per_evidence);
}

int ll_movement_build(struct ll_movement_report *rep, struct ll_store *st)
{
	struct mv_writer w;
	struct mv_ctx c = { 0 };
	int rc;

	memset(rep, 0, sizeof(*rep));
	c.by_kind = json_object();
	c.skipped = json_object();
	c.refused = json_object();
	c.per_evidence = json_object();
	if (!c.by_kind || !c.skipped || !c.refused || !c.per_evidence) {
		ctx_release(&c);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	if ((rc = load_inventory(&c, st)) < 0 || (rc = mv_store_begin(&w, st)) < 0) {
		ctx_release(&c);
		return rc;
	}
	/*
	 * One transaction: the edges are stored as the events are read, and the
	 * events are read through a connection of their own, whose page cache the
	 * edges' dirty pages do not take (core/store.h, ll_store_open_reader).
	 */
	c.w = &w;
	if ((rc = scan_events(st, &c)) < 0 ||
	    (rc = mv_link_installs(&c)) < 0 || (rc = record(st, c.per_evidence)) < 0) {
		mv_store_end(&w, false);
		ctx_release(&c);
		return rc;
	}
	if ((rc = mv_store_end(&w, true)) < 0) {
		ctx_release(&c);
		return rc;
	}
	rep->edges = c.stored;
	rep->by_kind = c.by_kind;
	rep->skipped = c.skipped;
	rep->refused = c.refused;
	c.by_kind = c.skipped = c.refused = NULL;
	ctx_release(&c);
	return 0;
}

void ll_movement_report_release(struct ll_movement_report *rep)
{
	json_decref(rep->by_kind);
	json_decref(rep->skipped);
	json_decref(rep->refused);
	memset(rep, 0, sizeof(*rep));
}
