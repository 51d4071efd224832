/* SPDX-License-Identifier: Apache-2.0 */
/* Readable messages for the legacy (.evt) Windows events that matter in attacks. */
#ifndef LL_ANALYZE_EVT_MESSAGES_H
#define LL_ANALYZE_EVT_MESSAGES_H

#include "core/compat.h"
#include "core/buf.h"

/* The parts of an EVT record the messages read; strings are valid UTF-8. */
struct ll_evt_rec {
	const char *source;         /* source name; may be NULL */
	const char *sid;            /* user SID; may be NULL */
	const char *const *strings; /* String1 … StringN */
	size_t nstrings;
};

/*
 * Writes the message of a record with event code `code` (the low 16 bits
 * of the event identifier) into `msg` (valid UTF-8, capped) and the most
 * telling user into `user` ("DOMAIN\\name" of a logon's account or of the
 * caller, else the record's SID; empty when none).
 */
int ll_evt_message(struct ll_buf *msg, struct ll_buf *user,
		   const struct ll_evt_rec *r, uint32_t code);

#endif
