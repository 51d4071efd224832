/* SPDX-License-Identifier: Apache-2.0 */
/* A parsed audit record turned into what an event stores: attrs JSON, message, user. */
#ifndef LL_ANALYZE_AUDIT_RENDER_H
#define LL_ANALYZE_AUDIT_RENDER_H

#include "core/compat.h"
#include "core/buf.h"
#include "analyze/readers/audit_parse.h"

struct ll_audit_slot {
	const char *p;
	size_t n;
	unsigned count;
};

/*
 * Reused record after record (no allocation per record once grown).
 * Outputs, valid until the next call: `attrs` (a JSON object), `msg` and
 * `user` (UTF-8, repaired; `user` empty when the record names nobody).
 */
struct ll_audit_render {
	struct ll_buf attrs, msg, user;
	/* scratch */
	const struct ll_audit_rec *rec;
	struct ll_buf dec, name, cmd, text; /* decoded values, a key, EXECVE's command line, free text */
	size_t *off, *dlen;                 /* per field: its decoded value in dec */
	bool *hex;                          /* per field: decoded from hex */
	size_t cap;
	struct ll_audit_slot *set;          /* keys used in attrs (open addressing) */
	size_t setcap;
};

void ll_audit_render_init(struct ll_audit_render *r);
void ll_audit_render_release(struct ll_audit_render *r);

/*
 * Fills attrs, msg and user from `rec` (which must stay alive until the
 * next call). attrs: record_type, serial, node, every field by its name
 * (decoded; the hex as <key>_hex; a repeated name as name_2 …), then
 * auth_outcome (from res=), client_ip (addr= unless "?"), command_line
 * (EXECVE) and text (words that are not key=value). Returns 0 or < 0.
 */
int ll_audit_render(struct ll_audit_render *r, const struct ll_audit_rec *rec);

#endif
