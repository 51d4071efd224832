/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The table of readable messages for Windows XP / Server 2003 events: event
 * code + source name → a template over the record's strings. Legacy records
 * have no field names, only positions: "{N}" is String N ("-" when absent
 * or empty), "{N|logon}" adds the logon type's name. Positions follow the
 * Windows Server 2003 message texts (msaudite.dll, netevent.dll); XP writes
 * fewer strings for some logon events, and the missing ones show as "-".
 */
#include "core/compat.h"
#include "analyze/winlog/evt_messages.h"

#include <strings.h>

#include "analyze/winlog/evtx_messages.h"
#include "analyze/readers/textlog.h"

#define MSG_MAX 8192   /* bytes of message */

struct tmpl {
	uint16_t id;
	const char *source; /* exact source name, case-insensitive */
	const char *text;
	const char *user;   /* template of the most telling user; NULL = the SID */
};

#define SEC "Security"
#define SCM "Service Control Manager"
/* 528/540: user, domain, logon id, type, process, package, workstation, guid, caller ×4, transited, address, port */
#define LOGON "{2}\\{1}, logon type {4|logon}, from {14}:{15} (workstation {7}), process {5}, package {6}"
/* 529–537, 539: user, domain, type, process, package, workstation, caller ×4, transited, address, port */
#define FAIL(reason) "Failed logon of {2}\\{1} (" reason "), logon type {3|logon}, from {12}:{13} (workstation {6}), process {4}, package {5}"
/* 624, 626–630: target name, domain, id, caller name, domain, logon id */
#define ACCT(what) what " {2}\\{1} ({3}) by {5}\\{4}"
/* 632/633, 636/637, 660/661: member name, member id, group, domain, group id, caller name, domain, logon id */
#define GROUP(what) "Member {1} ({2}) " what " {4}\\{3} by {7}\\{6}"

static const struct tmpl table[] = {
	{ 512, SEC, "Windows is starting up", NULL },
	{ 513, SEC, "Windows is shutting down", NULL },
	{ 517, SEC, "Security audit log cleared by {5}\\{4} (logon ID {6})", "{5}\\{4}" },
	{ 528, SEC, "Successful logon of " LOGON, "{2}\\{1}" },
	{ 540, SEC, "Successful network logon of " LOGON, "{2}\\{1}" },
	{ 529, SEC, FAIL("unknown user name or bad password"), "{2}\\{1}" },
	{ 530, SEC, FAIL("logon time restriction"), "{2}\\{1}" },
	{ 531, SEC, FAIL("account disabled"), "{2}\\{1}" },
	{ 532, SEC, FAIL("account expired"), "{2}\\{1}" },
	{ 533, SEC, FAIL("not allowed to log on at this computer"), "{2}\\{1}" },
	{ 534, SEC, FAIL("logon type not granted"), "{2}\\{1}" },
	{ 535, SEC, FAIL("password expired"), "{2}\\{1}" },
	{ 536, SEC, FAIL("NetLogon not active"), "{2}\\{1}" },
	{ 537, SEC, FAIL("unexpected error"), "{2}\\{1}" },
	{ 539, SEC, FAIL("account locked out"), "{2}\\{1}" },
	{ 538, SEC, "Logoff of {2}\\{1}, logon type {4|logon}", "{2}\\{1}" },
	{ 552, SEC, "Logon with explicit credentials: {2}\\{1} used {6}\\{5} for {8}, from {11}:{12}", "{2}\\{1}" },
	{ 576, SEC, "Special privileges assigned to {2}\\{1}: {4}", "{2}\\{1}" },
	{ 592, SEC, "Process created: {2} (PID {1}), by {5}\\{4}, parent PID {3}", "{5}\\{4}" },
	{ 601, SEC, "Service installed: {1}, file {2}, type {3}, start {4}, account {5}, by {7}\\{6}", "{7}\\{6}" },
	{ 624, SEC, ACCT("User account created:"), "{5}\\{4}" },
	{ 626, SEC, ACCT("User account enabled:"), "{5}\\{4}" },
	{ 627, SEC, ACCT("Password change attempt for"), "{5}\\{4}" },
	{ 628, SEC, ACCT("Password reset of"), "{5}\\{4}" },
	{ 629, SEC, ACCT("User account disabled:"), "{5}\\{4}" },
	{ 630, SEC, ACCT("User account deleted:"), "{5}\\{4}" },
	{ 632, SEC, GROUP("added to global group"), "{7}\\{6}" },
	{ 633, SEC, GROUP("removed from global group"), "{7}\\{6}" },
	{ 636, SEC, GROUP("added to local group"), "{7}\\{6}" },
	{ 637, SEC, GROUP("removed from local group"), "{7}\\{6}" },
	{ 660, SEC, GROUP("added to universal group"), "{7}\\{6}" },
	{ 661, SEC, GROUP("removed from universal group"), "{7}\\{6}" },
	{ 675, SEC, "Kerberos pre-authentication failed for {1} ({2}), failure code {5}, from {6}", "{1}" },
	{ 680, SEC, "Credential validation of {2} from workstation {3} by {1}, error code {4}", "{2}" },
	{ 6005, "EventLog", "Event log service started", NULL },
	{ 6006, "EventLog", "Event log service stopped", NULL },
	{ 6008, "EventLog", "Unexpected shutdown: the previous shutdown at {1} {2} was unexpected", NULL },
	{ 7000, SCM, "Service {1} failed to start: {2}", NULL },
	{ 7009, SCM, "Timeout waiting for service {2} to connect ({1} ms)", NULL },
	{ 7034, SCM, "Service {1} terminated unexpectedly ({2} times)", NULL },
	{ 7035, SCM, "Service {1} was sent a {2} control", NULL },
	{ 7036, SCM, "Service {1} entered the {2} state", NULL },
	{ 7040, SCM, "Service {1} start type changed from {2} to {3}", NULL },
	{ 7045, SCM, "Service installed: {1}, image path {2}, type {3}, start {4}, account {5}", NULL },
};

static const char *string_at(const struct ll_evt_rec *r, unsigned long n)
{
	return n >= 1 && n <= r->nstrings ? r->strings[n - 1] : NULL;
}

/* A template name: the 1-based number of a record string ("3"). */
static const char *rec_get(void *arg, const char *name)
{
	char *end;
	unsigned long n = strtoul(name, &end, 10);

	return *end ? NULL : string_at(arg, n);
}

static int fallback(struct ll_buf *msg, const struct ll_evt_rec *r, uint32_t code)
{
	int rc = r->source && *r->source ? ll_tl_put_text(msg, r->source, strlen(r->source), false)
					 : ll_buf_puts(msg, "Windows");

	if (rc >= 0)
		rc = ll_buf_printf(msg, " event %" PRIu32, code);
	for (size_t i = 0; i < r->nstrings && rc >= 0 && msg->len < MSG_MAX; i++) {
		rc = ll_buf_puts(msg, i ? "; " : ": ");
		if (rc >= 0)
			rc = ll_evtx_put_value(msg, r->strings[i]);
	}
	return rc;
}

int ll_evt_message(struct ll_buf *msg, struct ll_buf *user,
		   const struct ll_evt_rec *r, uint32_t code)
{
	const struct tmpl *t = NULL;
	bool absent;
	int rc;

	ll_buf_reset(msg);
	ll_buf_reset(user);
	for (size_t i = 0; i < LL_ARRAY_SIZE(table); i++) {
		if (table[i].id == code && r->source &&
		    !strcasecmp(r->source, table[i].source)) {
			t = &table[i];
			break;
		}
	}
	rc = t ? ll_evtx_expand(msg, t->text, rec_get, (void *)r, &absent) : fallback(msg, r, code);
	if (rc < 0)
		return rc;
	if ((rc = ll_evtx_finish(msg, user, t ? t->user : NULL, rec_get, (void *)r)) < 0)
		return rc;
	if (!user->len && r->sid && *r->sid)
		rc = ll_tl_put_text(user, r->sid, strlen(r->sid), false);
	return rc;
}
