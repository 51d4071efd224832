/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A movement edge's step in French (basis_fr of docs/formats/correlation.md),
 * from the edge's own fields: its kind, the host reached, the account, the
 * source and how the inventory resolves it, and the events cited. The English
 * (movement_edge.c's basis, the record) and this sentence say the same thing
 * from the same fields; the French report prints this one.
 */
#include "core/compat.h"
#include "analyze/correlate/attack_graph_int.h"

#include <string.h>

#include "core/buf.h"
#include "core/error.h"

#define NBSP "\xc2\xa0"


static int source_fr(struct ll_buf *b, const struct ll_movement_edge *e)
{
	int rc;

	if (e->from_name && e->from_addr)
		rc = ll_buf_printf(b, " depuis %s (%s)", e->from_name, e->from_addr);
	else if (e->from_name || e->from_addr)
		rc = ll_buf_printf(b, " depuis %s", e->from_name ? e->from_name : e->from_addr);
	else
		rc = ll_buf_puts(b, " depuis une source que l’enregistrement ne nomme pas");
	if (rc < 0)
		return rc;
	if (e->from_host)
		return ll_buf_printf(b, ", hôte %s de l’inventaire", e->from_host);
	return ll_buf_puts(b, !e->from_addr ? ", un nom qu’aucun hôte de l’inventaire ne porte"
			      : ll_movement_addr_private(e->from_addr)
				      ? ", une adresse privée qu’aucun hôte de l’inventaire ne possède (non résolue)"
				      : ", une adresse qu’aucun hôte de l’inventaire ne possède (externe)");
}

int ll_ag_edge_basis_fr(char **out, const struct ll_movement_edge *e,
			const struct ll_attack_cite *cites, size_t ncites)
{
	struct ll_buf b = LL_BUF_INIT;
	const char *what = NULL;
	bool install = false;
	int rc;

	const struct ll_movement_kind_fr *k = ll_movement_kind_fr(e->kind); /* movement.h */

	if (k) {
		what = k->cap;
		install = k->install;
	}
	/* a kind this table does not know: named as stored, never guessed */
	if (what)
		rc = ll_buf_printf(&b, "%s sur %s", what, e->to_host ? e->to_host : "?");
	else
		rc = ll_buf_printf(&b, "%s sur %s", e->kind ? e->kind : "?", e->to_host ? e->to_host : "?");
	if (rc == 0 && e->account)
		rc = ll_buf_printf(&b, install ? " par %s" : " pour le compte %s", e->account);
	if (rc == 0 && !install)
		rc = source_fr(&b, e);
	for (size_t i = 0; rc == 0 && i < ncites; i++)
		rc = ll_buf_printf(&b, "%sévénement %lld (%s %s)", i ? ", " : NBSP ": ",
				   (long long)cites[i].event_id, cites[i].evidence_id, cites[i].locator);
	if (rc == 0 && !(*out = ll_buf_detach(&b)))
		rc = ll_error_set(LL_ENOMEM, "out of memory");
	ll_buf_release(&b);
	return rc < 0 ? ll_error_set(LL_ENOMEM, "out of memory") : 0;
}
