/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The table of readable messages: event id + provider → a template over the
 * record's named fields. "{X}" is field X ("-" when absent or empty),
 * "{X|logon}" adds the logon type's name, "{@Channel}" etc. read System.
 */
#include "core/compat.h"
#include "analyze/winlog/evtx_messages.h"

#include "analyze/winlog/evtx_xml.h"
#include "analyze/readers/textlog.h"

#define MSG_MAX 8192      /* bytes of message */
#define VALUE_MAX 2048    /* bytes of one field inside a message */

struct tmpl {
	uint32_t id;
	const char *provider; /* case-insensitive substring of Provider Name; NULL = any */
	const char *text;
	const char *user;     /* template of the most telling user; NULL = default */
};

#define SEC "Security-Auditing"
#define SUBJ "{SubjectDomainName}\\{SubjectUserName}"
#define TARGET "{TargetDomainName}\\{TargetUserName}"

static const struct tmpl table[] = {
	{ 4624, SEC, "Successful logon of " TARGET ", logon type {LogonType|logon}, from {IpAddress}:{IpPort} (workstation {WorkstationName}), process {LogonProcessName}, package {AuthenticationPackageName}", TARGET },
	{ 4625, SEC, "Failed logon of " TARGET ", logon type {LogonType|logon}, from {IpAddress}:{IpPort} (workstation {WorkstationName}), status {Status}, sub-status {SubStatus}", TARGET },
	{ 4634, SEC, "Logoff of " TARGET ", logon type {LogonType|logon}", TARGET },
	{ 4647, SEC, "User-initiated logoff of " TARGET, TARGET },
	{ 4648, SEC, "Logon with explicit credentials: " SUBJ " used " TARGET " for {TargetServerName}, process {ProcessName}, from {IpAddress}", SUBJ },
	{ 4672, SEC, "Special privileges assigned to " SUBJ ": {PrivilegeList}", SUBJ },
	{ 4688, SEC, "Process created: {NewProcessName}, command line: {CommandLine}, by " SUBJ ", parent {ParentProcessName}", SUBJ },
	{ 4697, SEC, "Service installed: {ServiceName}, file {ServiceFileName}, account {ServiceAccount}, by " SUBJ, SUBJ },
	{ 4698, SEC, "Scheduled task created: {TaskName} by " SUBJ, SUBJ },
	{ 4719, SEC, "Audit policy changed by " SUBJ, SUBJ },
	{ 4720, SEC, "User account created: " TARGET " ({TargetSid}) by " SUBJ, SUBJ },
	{ 4722, SEC, "User account enabled: " TARGET " by " SUBJ, SUBJ },
	{ 4724, SEC, "Password reset of " TARGET " by " SUBJ, SUBJ },
	{ 4725, SEC, "User account disabled: " TARGET " by " SUBJ, SUBJ },
	{ 4726, SEC, "User account deleted: " TARGET " by " SUBJ, SUBJ },
	{ 4728, SEC, "Member {MemberName} ({MemberSid}) added to global group " TARGET " by " SUBJ, SUBJ },
	{ 4732, SEC, "Member {MemberName} ({MemberSid}) added to local group " TARGET " by " SUBJ, SUBJ },
	{ 4756, SEC, "Member {MemberName} ({MemberSid}) added to universal group " TARGET " by " SUBJ, SUBJ },
	{ 4729, SEC, "Member {MemberName} ({MemberSid}) removed from global group " TARGET " by " SUBJ, SUBJ },
	{ 4733, SEC, "Member {MemberName} ({MemberSid}) removed from local group " TARGET " by " SUBJ, SUBJ },
	{ 4738, SEC, "User account changed: " TARGET " by " SUBJ, SUBJ },
	{ 4663, SEC, "Object access: {ObjectName} ({AccessList}) by " SUBJ " with {ProcessName}", SUBJ },
	{ 5140, SEC, "Network share {ShareName} accessed by " SUBJ " from {IpAddress}", SUBJ },
	{ 5145, SEC, "Network share {ShareName} object {RelativeTargetName} checked for " SUBJ " from {IpAddress}", SUBJ },
	{ 5156, SEC, "Connection permitted: {Application} {SourceAddress}:{SourcePort} -> {DestAddress}:{DestPort}", NULL },
	{ 1102, "Eventlog", "Security audit log cleared by " SUBJ, SUBJ },
	{ 1100, "Eventlog", "Event logging service shut down", NULL },
	{ 104, "Eventlog", "Event log {Channel} cleared by " SUBJ, SUBJ },
	{ 7045, "Service Control Manager", "Service installed: {ServiceName}, image path {ImagePath}, type {ServiceType}, start {StartType}, account {AccountName}", NULL },
	{ 7036, "Service Control Manager", "Service {param1} entered the {param2} state", NULL },
	{ 7040, "Service Control Manager", "Service {param1} start type changed from {param2} to {param3}", NULL },
	{ 7034, "Service Control Manager", "Service {param1} terminated unexpectedly ({param2} times)", NULL },
	{ 7000, "Service Control Manager", "Service {param1} failed to start: {param2}", NULL },
	{ 7009, "Service Control Manager", "Timeout waiting for service {param2} to connect ({param1} ms)", NULL },
	{ 1, "Sysmon", "Process created: {Image}, command line: {CommandLine}, user {User}, parent {ParentImage} ({ParentCommandLine})", "{User}" },
	{ 3, "Sysmon", "Network connection by {Image}: {SourceIp}:{SourcePort} -> {DestinationIp}:{DestinationPort} ({Protocol}), user {User}", "{User}" },
	{ 11, "Sysmon", "File created: {TargetFilename} by {Image}", NULL },
	{ 13, "Sysmon", "Registry value set: {TargetObject} = {Details} by {Image}", NULL },
	{ 23, "Sysmon", "File deleted: {TargetFilename} by {Image}", "{User}" },
	{ 1149, "RemoteConnectionManager", "RDP user authentication succeeded: {Param2}\\{Param1} from {Param3}", "{Param2}\\{Param1}" },
	{ 21, "LocalSessionManager", "RDP session logon: {User}, session {SessionID}, from {Address}", "{User}" },
	{ 22, "LocalSessionManager", "RDP shell start: {User}, session {SessionID}, from {Address}", "{User}" },
	{ 24, "LocalSessionManager", "RDP session disconnected: {User}, session {SessionID}, from {Address}", "{User}" },
	{ 25, "LocalSessionManager", "RDP session reconnected: {User}, session {SessionID}, from {Address}", "{User}" },
	{ 4104, "PowerShell", "PowerShell script block: {ScriptBlockText}", NULL },
	{ 1116, "Windows Defender", "Malware detected: {Threat Name} in {Path}, by {Detection User}", "{Detection User}" },
	{ 1117, "Windows Defender", "Malware action taken: {Threat Name} in {Path}: {Action Name}", NULL },
	{ 5001, "Windows Defender", "Real-time protection disabled", NULL },
	{ 524, "Backup", "System catalog deleted", NULL },
};

static bool contains_ci(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);

	for (; *hay; hay++) {
		size_t i = 0;

		while (i < nl && hay[i] &&
		       (hay[i] | 0x20) == (needle[i] | 0x20))
			i++;
		if (i == nl)
			return true;
	}
	return false;
}

const char *ll_evtx_logon_name(const char *v)
{
	static const char *const names[] = {
		[2] = "Interactive", [3] = "Network", [4] = "Batch", [5] = "Service",
		[7] = "Unlock", [8] = "NetworkCleartext", [9] = "NewCredentials",
		[10] = "RemoteInteractive", [11] = "CachedInteractive",
		[12] = "CachedRemoteInteractive", [13] = "CachedUnlock",
	};
	char *end;
	long t = strtol(v, &end, 10);

	if (end == v || *end || t < 0 || t >= (long)LL_ARRAY_SIZE(names))
		return NULL;
	return names[t];
}

static const char *system_field(const struct ll_evtx_doc *d, const char *name)
{
	if (!strcmp(name, "Channel"))
		return d->channel;
	if (!strcmp(name, "Computer"))
		return d->computer;
	if (!strcmp(name, "Provider"))
		return d->provider;
	if (!strcmp(name, "UserID"))
		return d->user_sid;
	return NULL;
}

int ll_evtx_put_value(struct ll_buf *b, const char *v)
{
	size_t l;

	if (!v || !*v)
		return ll_buf_putc(b, '-');
	l = strlen(v);
	if (l > VALUE_MAX) {
		int rc = ll_tl_put_text(b, v, VALUE_MAX, false);

		return rc < 0 ? rc : ll_buf_puts(b, "…");
	}
	return ll_tl_put_text(b, v, l, false);
}

int ll_evtx_expand(struct ll_buf *b, const char *t,
		   const char *(*get)(void *arg, const char *name), void *arg,
		   bool *all_absent)
{
	int rc = 0;

	*all_absent = true;
	while (*t && rc >= 0) {
		const char *open = strchr(t, '{'), *close;
		char name[64], *bar;
		const char *v;
		size_t nl;

		if (!open) {
			rc = ll_buf_puts(b, t);
			break;
		}
		if ((rc = ll_buf_put(b, t, (size_t)(open - t))) < 0)
			break;
		close = strchr(open, '}');
		nl = close ? (size_t)(close - open - 1) : 0;
		if (!close || nl >= sizeof(name))
			break; /* the tables are ours; cannot happen */
		memcpy(name, open + 1, nl);
		name[nl] = '\0';
		bar = strchr(name, '|');
		if (bar)
			*bar++ = '\0';
		v = get(arg, name);
		if (v && *v && strcmp(v, "-") != 0)
			*all_absent = false;
		rc = ll_evtx_put_value(b, v);
		if (rc >= 0 && bar && !strcmp(bar, "logon") && v && ll_evtx_logon_name(v))
			rc = ll_buf_printf(b, " (%s)", ll_evtx_logon_name(v));
		t = close + 1;
	}
	return rc;
}

int ll_evtx_finish(struct ll_buf *msg, struct ll_buf *user, const char *user_tmpl,
		   const char *(*get)(void *arg, const char *name), void *arg)
{
	bool absent;
	int rc;

	if (msg->len > MSG_MAX) {
		/* cut on a UTF-8 boundary */
		size_t l = MSG_MAX;

		while (l > 0 && ((unsigned char)msg->ptr[l] & 0xc0) == 0x80)
			l--;
		msg->len = l;
		msg->ptr[l] = '\0';
		if ((rc = ll_buf_puts(msg, "…")) < 0)
			return rc;
	}
	if (!user_tmpl)
		return 0;
	if ((rc = ll_evtx_expand(user, user_tmpl, get, arg, &absent)) < 0)
		return rc;
	if (absent || !strcmp(user->ptr, "-") ||
	    (user->len >= 2 && !strcmp(user->ptr + user->len - 2, "\\-"))) {
		ll_buf_reset(user); /* no account name */
	} else if (!strncmp(user->ptr, "-\\", 2)) {
		/* no domain: keep the bare name */
		memmove(user->ptr, user->ptr + 2, user->len - 1);
		user->len -= 2;
	}
	return 0;
}

/* A template name: "@Computer" (System fields) or an EventData/UserData name. */
static const char *doc_get(void *arg, const char *name)
{
	const struct ll_evtx_doc *d = arg;

	return name[0] == '@' ? system_field(d, name + 1) : ll_evtx_doc_get(d, name);
}

static int fallback(struct ll_buf *msg, const struct ll_evtx_doc *d, int64_t id)
{
	int rc = d->provider ? ll_tl_put_text(msg, d->provider, strlen(d->provider), false)
			     : ll_buf_puts(msg, "Windows");

	if (rc >= 0)
		rc = ll_buf_printf(msg, " event %" PRId64, id);
	for (size_t i = 0; i < d->nfields && rc >= 0 && msg->len < MSG_MAX; i++) {
		rc = ll_buf_puts(msg, i ? "; " : ": ");
		if (rc >= 0)
			rc = ll_tl_put_text(msg, d->fields[i].name, strlen(d->fields[i].name), false);
		if (rc >= 0)
			rc = ll_buf_putc(msg, '=');
		if (rc >= 0)
			rc = ll_evtx_put_value(msg, d->fields[i].value);
	}
	return rc;
}

int ll_evtx_message(struct ll_buf *msg, struct ll_buf *user,
		    const struct ll_evtx_doc *d, int64_t event_id)
{
	const struct tmpl *t = NULL;
	bool absent;
	int rc = 0;

	ll_buf_reset(msg);
	ll_buf_reset(user);
	for (size_t i = 0; i < LL_ARRAY_SIZE(table); i++) {
		if (table[i].id != event_id)
			continue;
		if (table[i].provider &&
		    (!d->provider || !contains_ci(d->provider, table[i].provider)))
			continue;
		t = &table[i];
		break;
	}
	if (t)
		rc = ll_evtx_expand(msg, t->text, doc_get, (void *)d, &absent);
	else
		rc = fallback(msg, d, event_id);
	if (rc < 0)
		return rc;
	if ((rc = ll_evtx_finish(msg, user, t ? t->user : NULL, doc_get, (void *)d)) < 0)
		return rc;
	if (!user->len && d->user_sid && *d->user_sid)
		rc = ll_tl_put_text(user, d->user_sid, strlen(d->user_sid), false);
	if (!user->len && rc >= 0) {
		const char *s = ll_evtx_doc_get(d, "SubjectUserName");

		if (s && *s && strcmp(s, "-") != 0)
			rc = ll_tl_put_text(user, s, strlen(s), false);
	}
	return rc;
}
