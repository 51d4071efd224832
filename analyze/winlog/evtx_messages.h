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

/*
 * Expands a message template shared by the EVTX and EVT tables: text with
 * "{NAME}" (or "{NAME|logon}", which adds the logon type's name) replaced by
 * get(arg, NAME), "-" when absent, long values cut. *all_absent tells
 * whether every value was missing (then the caller falls back).
 */
int ll_evtx_expand(struct ll_buf *b, const char *t,
		   const char *(*get)(void *arg, const char *name), void *arg,
		   bool *all_absent);

/*
 * The common end of a message: caps `msg` (on a UTF-8 boundary, with "…")
 * and, when `user_tmpl` is given, expands it into `user` as an account:
 * "DOMAIN\\name", the bare name when the domain is "-", nothing when the
 * name is missing. The caller adds its own fallback (a SID) when empty.
 */
int ll_evtx_finish(struct ll_buf *msg, struct ll_buf *user, const char *user_tmpl,
		   const char *(*get)(void *arg, const char *name), void *arg);

/* Appends one value as a message shows it: "-" when absent, cut when long. */
int ll_evtx_put_value(struct ll_buf *b, const char *v);

/* The name of a Windows logon type ("10" -> "RemoteInteractive"), or NULL. */
const char *ll_evtx_logon_name(const char *v);

#endif
