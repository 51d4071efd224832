/* SPDX-License-Identifier: Apache-2.0 */
/* Readable messages for the Windows events that matter in attacks. */
#ifndef LL_ANALYZE_EVTX_MESSAGES_H
#define LL_ANALYZE_EVTX_MESSAGES_H

#include "core/compat.h"
#include "core/buf.h"

struct ll_evtx_doc;

/*
 * Writes the message of a record into `msg` (valid UTF-8, capped) and the
 * most telling user into `user` ("DOMAIN\\name" of the logon target, the
 * process user, else the System/Security SID; empty when none).
 */
int ll_evtx_message(struct ll_buf *msg, struct ll_buf *user,
		    const struct ll_evtx_doc *d, int64_t event_id);

/* The name of a Windows logon type ("10" -> "RemoteInteractive"), or NULL. */
const char *ll_evtx_logon_name(const char *v);

#endif
