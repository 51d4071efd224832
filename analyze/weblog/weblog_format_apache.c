/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Apache mod_log_config LogFormat strings: every "%" directive the module
 * documents, with its modifiers (status conditions "%400,501{…}i",
 * "%!200{…}i", original/final "%<s" "%>s") and arguments ("%{Referer}i",
 * "%{%d/%b/%Y %T}t", "%{ms}T", "%{c}a" …). Escapes "\n", "\t", "\"" and
 * "\\" in the string are what Apache's configuration parser makes of them.
 */
#include "core/compat.h"
#include "analyze/weblog/weblog_format.h"

#include <stdio.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/error.h"

/* A request or response header's role: the event's columns for the usual ones. */
static enum ll_wf_role header_role(const char *h, size_t n, int *prio)
{
	*prio = 2;
	if (n == 7 && !strncasecmp(h, "Referer", 7))
		return LL_WF_REFERER;
	if (n == 10 && !strncasecmp(h, "User-Agent", 10))
		return LL_WF_AGENT;
	if (n == 15 && !strncasecmp(h, "X-Forwarded-For", 15))
		return LL_WF_XFF;
	if (n == 4 && !strncasecmp(h, "Host", 4))
		return LL_WF_VHOST;
	return LL_WF_OTHER;
}

static int push(struct ll_wf_format *f, enum ll_wf_role role, const char *name, int prio,
		bool number)
{
	int rc = ll_wf_push(f, role, name, strlen(name));

	if (rc < 0)
		return rc;
	f->items[f->n - 1].prio = prio;
	f->items[f->n - 1].number = number;
	return 0;
}

static int reqtime(struct ll_wf_format *f, const char *name, int64_t unit_ns)
{
	int rc = push(f, LL_WF_REQTIME, name, 0, true);

	if (rc == 0)
		f->items[f->n - 1].unit_ns = unit_ns;
	return rc;
}

/* %{arg}t: an epoch or fraction keyword, or a strftime pattern ("begin:"/"end:" first). */
static int time_item(struct ll_wf_format *f, const char *arg, size_t n, size_t at)
{
	static const struct {
		const char *kw;
		enum ll_wt_kind kind;
	} kws[] = {
		{ "sec", LL_WT_EPOCH_S }, { "msec", LL_WT_EPOCH_MS }, { "usec", LL_WT_EPOCH_US },
		{ "msec_frac", LL_WT_FRAC_MS }, { "usec_frac", LL_WT_FRAC_US },
	};
	struct ll_wf_item *it;
	int rc;

	if (n >= 6 && !memcmp(arg, "begin:", 6))
		arg += 6, n -= 6;
	else if (n >= 4 && !memcmp(arg, "end:", 4))
		arg += 4, n -= 4;
	if ((rc = ll_wf_push(f, LL_WF_TIME, "time", 4)) < 0)
		return rc;
	it = &f->items[f->n - 1];
	for (size_t i = 0; i < LL_ARRAY_SIZE(kws); i++) {
		if (strlen(kws[i].kw) == n && !memcmp(kws[i].kw, arg, n)) {
			it->time = kws[i].kind;
			return 0;
		}
	}
	it->time = LL_WT_STRF;
	if (!(it->pat = ll_malloc(n + 1)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	memcpy(it->pat, arg, n);
	it->pat[n] = '\0';
	if (ll_wt_strf_check(it->pat) < 0)
		return ll_error_context("Apache directive '%%{%s}t' at offset %zu", it->pat, at);
	return 0;
}

static int directive(struct ll_wf_format *f, char c, const char *arg, size_t n, size_t at)
{
	char name[80];
	int prio;

	if (arg)
		snprintf(name, sizeof(name), "%c:%.*s", c, (int)(n > 70 ? 70 : n), arg);
	switch (c) {
	case 'a':
		return arg && n == 1 && arg[0] == 'c' ? push(f, LL_WF_OTHER, "peer_ip", 0, false)
						      : push(f, LL_WF_CLIENT, "client_ip", 1, false);
	case 'h':
		return arg ? push(f, LL_WF_OTHER, "peer_host", 0, false)
			   : push(f, LL_WF_CLIENT, "remote_host", 2, false);
	case 'A': return push(f, LL_WF_OTHER, "local_ip", 0, false);
	case 'B': case 'b': return push(f, LL_WF_BYTES, "bytes", 1, true);
	case 'O': return push(f, LL_WF_BYTES, "bytes_out", 2, true);
	case 'I': return push(f, LL_WF_OTHER, "bytes_in", 0, true);
	case 'S': return push(f, LL_WF_OTHER, "bytes_total", 0, true);
	case 'D': return reqtime(f, "request_time_us", 1000);
	case 'T':
		if (!arg || (n == 1 && arg[0] == 's'))
			return reqtime(f, "request_time_s", 1000000000);
		if (n == 2 && !memcmp(arg, "ms", 2))
			return reqtime(f, "request_time_ms", 1000000);
		if (n == 2 && !memcmp(arg, "us", 2))
			return reqtime(f, "request_time_us", 1000);
		return ll_error_set(LL_EINVAL, "unknown unit '%.*s' of Apache directive %%T at offset %zu",
				    (int)n, arg, at);
	case 'f': return push(f, LL_WF_OTHER, "filename", 0, false);
	case 'H': return push(f, LL_WF_PROTOCOL, "protocol", 0, false);
	case 'k': return push(f, LL_WF_OTHER, "keepalive_requests", 0, true);
	case 'l': return push(f, LL_WF_IDENT, "ident", 0, false);
	case 'L': return push(f, LL_WF_OTHER, "log_id", 0, false);
	case 'm': return push(f, LL_WF_METHOD, "method", 0, false);
	case 'p':
		if (arg && n == 6 && !memcmp(arg, "remote", 6))
			return push(f, LL_WF_OTHER, "remote_port", 0, true);
		return push(f, LL_WF_PORT, "port", 0, true);
	case 'P': return push(f, LL_WF_OTHER, arg ? name : "pid", 0, false);
	case 'q': return push(f, LL_WF_QUERY, "query", 0, false);
	case 'r': return push(f, LL_WF_REQUEST, "request", 0, false);
	case 'R': return push(f, LL_WF_OTHER, "handler", 0, false);
	case 's': return push(f, LL_WF_STATUS, "status", 0, true);
	case 't':
		if (!arg) {
			int rc = ll_wf_push(f, LL_WF_TIME, "time", 4);

			if (rc == 0)
				f->items[f->n - 1].time = LL_WT_CLF_BRACKET;
			return rc;
		}
		return time_item(f, arg, n, at);
	case 'u': return push(f, LL_WF_USER, "user", 0, false);
	case 'U': return push(f, LL_WF_PATH, "path", 0, false);
	case 'v': return push(f, LL_WF_VHOST, "vhost", 0, false);
	case 'V': return push(f, LL_WF_VHOST, "server_name", 1, false);
	case 'X': return push(f, LL_WF_OTHER, "connection_status", 0, false);
	case 'i': {
		enum ll_wf_role r;

		if (!arg)
			break;
		r = header_role(arg, n, &prio);
		return push(f, r, name, prio, false);
	}
	case 'C': case 'e': case 'n': case 'o': case '^':
		if (!arg)
			break;
		return push(f, LL_WF_OTHER, name, 0, false);
	default:
		return ll_error_set(LL_EINVAL, "unknown Apache directive '%%%c' at offset %zu", c, at);
	}
	return ll_error_set(LL_EINVAL, "Apache directive '%%%c' at offset %zu needs a {name}", c, at);
}

int ll_wf_compile_apache(struct ll_wf_format *f, const char *def)
{
	size_t len = strlen(def), i = 0, nl = 0;
	char *lit = ll_malloc(len + 1);
	int rc = 0;

	if (!lit)
		return ll_error_set(LL_ENOMEM, "out of memory");
#define FLUSH()                                                                    \
	do {                                                                       \
		if (nl && (rc = ll_wf_push(f, LL_WF_LITERAL, lit, nl)) < 0)        \
			goto out;                                                  \
		nl = 0;                                                            \
	} while (0)
	while (i < len) {
		size_t at = i, a = 0, n = 0;
		const char *arg = NULL;
		char c;

		if (def[i] == '\\' && i + 1 < len) {
			c = def[i + 1];
			lit[nl++] = c == 'n' ? '\n' : c == 't' ? '\t' : c;
			i += 2;
			continue;
		}
		if (def[i] != '%') {
			lit[nl++] = def[i++];
			continue;
		}
		i++;
		if (i < len && def[i] == '%') {
			lit[nl++] = '%';
			i++;
			continue;
		}
		/* modifiers: conditions on the status, original or final request */
		while (i < len && strchr("!0123456789,<>", def[i]))
			i++;
		if (i < len && def[i] == '{') {
			const char *e = memchr(def + i, '}', len - i);

			if (!e) {
				rc = ll_error_set(LL_EINVAL, "unterminated '%%{' at offset %zu", at);
				goto out;
			}
			a = i + 1;
			n = (size_t)(e - def) - a;
			arg = def + a;
			i = (size_t)(e - def) + 1;
		}
		while (i < len && (def[i] == '<' || def[i] == '>'))
			i++;
		if (i >= len) {
			rc = ll_error_set(LL_EINVAL, "'%%' without a directive at offset %zu", at);
			goto out;
		}
		c = def[i++];
		if (c == '^') {
			/* %{name}^ti, %{name}^to: trailers */
			if (i + 1 >= len || def[i] != 't' || (def[i + 1] != 'i' && def[i + 1] != 'o')) {
				rc = ll_error_set(LL_EINVAL, "unknown Apache directive '%%^' at offset %zu",
						  at);
				goto out;
			}
			i += 2;
		}
		FLUSH();
		if ((rc = directive(f, c, arg, n, at)) < 0)
			goto out;
	}
	FLUSH();
#undef FLUSH
out:
	ll_free(lit);
	return rc;
}
