/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzzes the movement edges' reading of attacker-written text
 * (analyze/movement/): address and name checks, the sshd line, and EVTX
 * attrs (the input as a JSON object) for each event id an edge comes from.
 * Every edge made holds only a canonical address and names that pass.
 */
#include "core/compat.h"

#include <string.h>

#include "analyze/movement/movement_int.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_edges(const struct ll_movement_list *l)
{
	char a[MV_ADDR_LEN], n[MV_NAME_MAX + 1];

	for (size_t i = 0; i < l->n; i++) {
		const struct ll_movement_edge *e = &l->v[i];

		if ((e->from_addr && (mv_addr_check(a, e->from_addr) != MV_OK ||
				      strcmp(a, e->from_addr))) ||
		    (e->from_name && mv_name_check(n, e->from_name) != MV_OK) ||
		    (e->account && mv_name_check(n, e->account) != MV_OK) ||
		    mv_name_check(n, e->to_host) != MV_OK || !e->basis)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t codes[] = { 21, 25, 1149, 4624, 4625, 4648, 4697, 4698, 4702,
					 4778, 4779, 5140, 5145, 5858, 7045 };
	static bool init;
	struct ll_buf in = LL_BUF_INIT;
	struct mv_ctx c = { 0 };
	char a[MV_ADDR_LEN], n[MV_NAME_MAX + 1];
	json_t *attrs = NULL, *sshd = NULL;
	size_t len = 0;

	if (!init) {
		ll_json_init();
		init = true;
	}
	while (len < size && data[len])
		len++;
	if (ll_buf_put(&in, data, len) < 0 || ll_buf_putc(&in, '\0') < 0)
		goto out;
	(void)mv_addr_check(a, in.ptr);
	(void)mv_name_check(n, in.ptr);
	c.by_kind = json_object();
	c.skipped = json_object();
	c.refused = json_object();
	sshd = json_pack("{s:s}", "program", "sshd");
	if (!c.by_kind || !c.skipped || !c.refused || !sshd)
		goto out;
	{
		struct ll_move_event ev = { .id = 1, .time_ns = 1, .event_code = -1,
					    .evidence_id = "E1", .source = "syslog",
					    .host = "labsrv01", .locator = "line=1",
					    .message = in.ptr };

		(void)mv_linux(&c, &ev, sshd);
		ev.source = "web";
		ev.message = "GET /";
		(void)mv_linux(&c, &ev, sshd);
	}
	if (ll_json_load(&attrs, in.ptr, 0) == 0 && json_is_object(attrs)) {
		for (size_t i = 0; i < LL_ARRAY_SIZE(codes); i++) {
			struct ll_move_event ev = { .id = (int64_t)i + 2, .time_ns = (int64_t)i,
						    .event_code = codes[i], .evidence_id = "E1",
						    .source = "evtx", .host = "FS03.offsec.lan",
						    .user = "S-1-5-21-1", .locator = "record=1" };

			(void)mv_windows(&c, &ev, attrs);
		}
		for (size_t i = 0; i < LL_ARRAY_SIZE(codes); i++) {
			struct ll_move_event ev = { .id = 100, .event_code = codes[i],
						    .source = "login", .host = "h", .path = "btmp" };

			(void)mv_linux(&c, &ev, attrs);
			ev.source = "audit";
			(void)mv_linux(&c, &ev, attrs);
		}
	}
	(void)mv_link_installs(&c);
	check_edges(&c.edges);
out:
	ll_movement_list_release(&c.edges);
	ll_movement_list_release(&c.installs);
	json_decref(attrs);
	json_decref(sshd);
	json_decref(c.by_kind);
	json_decref(c.skipped);
	json_decref(c.refused);
	ll_buf_release(&in);
	return 0;
}
