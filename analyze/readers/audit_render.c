/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One parsed audit record as lifeline stores it: the attrs JSON (every
 * field, hex decoded, repeats as key_2 …), the readable message (logins,
 * sudo, commands run, account changes) and the user. Pure: no I/O.
 */
#include "core/compat.h"
#include "analyze/readers/audit_render.h"

#include "analyze/readers/textlog.h"
#include "core/alloc.h"
#include "core/error.h"

#define MSG_MAX 4096 /* the message is a summary; attrs keep every value */

static uint64_t hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)p[i]) * 1099511628211u;
	return h;
}

/* Counts one use of the key; returns how many times it was used. */
static unsigned use(struct ll_audit_render *r, const char *p, size_t n)
{
	size_t i = (size_t)hash(p, n) & (r->setcap - 1);

	while (r->set[i].p) {
		if (r->set[i].n == n && !memcmp(r->set[i].p, p, n))
			return ++r->set[i].count;
		i = (i + 1) & (r->setcap - 1);
	}
	r->set[i] = (struct ll_audit_slot){ p, n, 1 };
	return 1;
}

static const char *const reserved[] = {
	"record_type", "serial", "node", "auth_outcome", "client_ip", "command_line", "text",
};

static int prepare(struct ll_audit_render *r)
{
	size_t nf = r->rec->nf, need = 16;

	if (nf > r->cap) {
		size_t *o = ll_reallocarray(r->off, nf, sizeof(*o));

		if (!o)
			return ll_error_set(LL_ENOMEM, "audit record");
		r->off = o;
		if (!(o = ll_reallocarray(r->dlen, nf, sizeof(*o))))
			return ll_error_set(LL_ENOMEM, "audit record");
		r->dlen = o;
		bool *h = ll_reallocarray(r->hex, nf, sizeof(*h));
		if (!h)
			return ll_error_set(LL_ENOMEM, "audit record");
		r->hex = h;
		r->cap = nf;
	}
	/* at most half full: one slot per field (each maybe with _hex) and the reserved keys */
	while (need < 4 * (nf + LL_ARRAY_SIZE(reserved)))
		need *= 2;
	if (need > r->setcap) {
		struct ll_audit_slot *s = ll_reallocarray(r->set, need, sizeof(*s));

		if (!s)
			return ll_error_set(LL_ENOMEM, "audit record");
		r->set = s;
		r->setcap = need;
	}
	memset(r->set, 0, r->setcap * sizeof(*r->set));
	for (size_t i = 0; i < LL_ARRAY_SIZE(reserved); i++)
		use(r, reserved[i], strlen(reserved[i]));
	ll_buf_reset(&r->dec);
	for (size_t i = 0; i < nf; i++) {
		int rc;

		r->off[i] = r->dec.len;
		if ((rc = ll_audit_field_value(&r->dec, r->rec, &r->rec->f[i])) < 0)
			return rc;
		r->hex[i] = rc == 1;
		r->dlen[i] = r->dec.len - r->off[i];
		if ((rc = ll_buf_putc(&r->dec, '\0')) < 0)
			return rc;
	}
	return 0;
}

static const char *dv(const struct ll_audit_render *r, size_t i)
{
	return r->dec.ptr + r->off[i];
}

/* The decoded value of the first field `key` (where: -1 any), NULL if absent. */
static const char *get(const struct ll_audit_render *r, const char *key, int where, size_t *len)
{
	const struct ll_audit_field *f = ll_audit_find(r->rec, key, where);
	size_t i;

	if (!f)
		return NULL;
	i = (size_t)(f - r->rec->f);
	if (len)
		*len = r->dlen[i];
	return dv(r, i);
}

static bool unset(const char *v)
{
	return !v || !*v || !strcmp(v, "?") || !strcmp(v, "(null)") || !strcmp(v, "4294967295") ||
	       !strcmp(v, "-1") || !strcmp(v, "unset");
}

/* The JSON key for field i: its name, name_2 … for repeats. */
static const char *key_name(struct ll_audit_render *r, size_t i)
{
	const struct ll_audit_field *f = &r->rec->f[i];
	unsigned n = use(r, f->key.p, f->key.n);

	ll_buf_reset(&r->name);
	ll_buf_put(&r->name, f->key.p, f->key.n);
	if (n > 1)
		ll_buf_printf(&r->name, "_%u", n);
	return r->name.ptr;
}

/* EXECVE: a0 … aN, pieces aN[0] aN[1] … of long arguments joined, into one command line. */
static int command_line(struct ll_audit_render *r)
{
	const struct ll_audit_rec *a = r->rec;
	uint64_t cur = UINT64_MAX;
	bool any = false;
	int rc = 0;

	ll_buf_reset(&r->cmd);
	for (size_t i = 0; i < a->nf && rc >= 0; i++) {
		const struct ll_audit_field *f = &a->f[i];
		uint64_t n = 0;
		size_t k = 1;

		if (f->where != LL_AUDIT_OUTER || f->key.n < 2 || f->key.p[0] != 'a' ||
		    !ll_audit_field_encodable(a, f->key))
			continue;
		while (k < f->key.n && f->key.p[k] >= '0' && f->key.p[k] <= '9' && n < UINT64_MAX / 10)
			n = n * 10 + (uint64_t)(f->key.p[k++] - '0');
		if (any && n != cur)
			rc = ll_buf_putc(&r->cmd, ' ');
		if (rc >= 0)
			rc = ll_buf_put(&r->cmd, dv(r, i), r->dlen[i]);
		cur = n;
		any = true;
	}
	return rc < 0 ? rc : any;
}

/* x86_64 syscall numbers of the calls audit rules usually watch (ausyscall x86_64). */
static const struct {
	unsigned nr;
	const char *name;
} x86_64[] = {
	{ 0, "read" }, { 1, "write" }, { 2, "open" }, { 4, "stat" }, { 9, "mmap" },
	{ 41, "socket" }, { 42, "connect" }, { 43, "accept" }, { 49, "bind" }, { 50, "listen" },
	{ 56, "clone" }, { 57, "fork" }, { 58, "vfork" }, { 59, "execve" }, { 62, "kill" },
	{ 76, "truncate" }, { 77, "ftruncate" }, { 82, "rename" }, { 83, "mkdir" },
	{ 84, "rmdir" }, { 85, "creat" }, { 86, "link" }, { 87, "unlink" }, { 88, "symlink" },
	{ 90, "chmod" }, { 91, "fchmod" }, { 92, "chown" }, { 93, "fchown" }, { 94, "lchown" },
	{ 101, "ptrace" }, { 105, "setuid" }, { 106, "setgid" }, { 113, "setreuid" },
	{ 117, "setresuid" }, { 159, "adjtimex" }, { 164, "settimeofday" }, { 165, "mount" },
	{ 166, "umount2" }, { 170, "sethostname" }, { 175, "init_module" },
	{ 176, "delete_module" }, { 188, "setxattr" }, { 227, "clock_settime" },
	{ 257, "openat" }, { 260, "fchownat" }, { 263, "unlinkat" }, { 264, "renameat" },
	{ 268, "fchmodat" }, { 288, "accept4" }, { 313, "finit_module" }, { 316, "renameat2" },
	{ 322, "execveat" },
};

static const char *syscall_name(const struct ll_audit_render *r)
{
	const char *v = get(r, "SYSCALL", LL_AUDIT_ENRICHED, NULL), *arch;
	size_t n = 0;
	uint64_t nr = 0;

	if (v && *v)
		return v;
	arch = get(r, "arch", LL_AUDIT_OUTER, NULL);
	v = get(r, "syscall", LL_AUDIT_OUTER, &n);
	if (!arch || strcmp(arch, "c000003e") || !v || !n || n > 4)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return NULL;
		nr = nr * 10 + (uint64_t)(v[i] - '0');
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(x86_64); i++)
		if (x86_64[i].nr == nr)
			return x86_64[i].name;
	return NULL;
}

/* " key=value" to the message, value quoted when it holds a space or is empty. */
static void say(struct ll_buf *m, const char *k, const char *v, size_t n)
{
	bool q = !n || memchr(v, ' ', n);

	if (m->len >= MSG_MAX)
		return;
	ll_buf_printf(m, " %s=%s", k, q ? "\"" : "");
	ll_buf_put(m, v, n);
	if (q)
		ll_buf_putc(m, '"');
}

static void say_field(struct ll_audit_render *r, struct ll_buf *m, const char *k, int where)
{
	size_t n = 0;
	const char *v = get(r, k, where, &n);

	if (!unset(v))
		say(m, k, v, n);
}

/* auid as its name from the enriched part, else the number; nothing when unset. */
static void say_id(struct ll_audit_render *r, struct ll_buf *m, const char *k, const char *K)
{
	size_t n = 0;
	const char *v = get(r, K, LL_AUDIT_ENRICHED, &n);

	if (unset(v))
		v = get(r, k, LL_AUDIT_OUTER, &n);
	if (!unset(v))
		say(m, k, v, n);
}

static const char *outcome(const char *res)
{
	if (!res)
		return NULL;
	if (!strcmp(res, "success") || !strcmp(res, "yes") || !strcmp(res, "1"))
		return "success";
	if (!strcmp(res, "failed") || !strcmp(res, "failure") || !strcmp(res, "fail") ||
	    !strcmp(res, "no") || !strcmp(res, "0"))
		return "failure";
	return NULL;
}

static int message(struct ll_audit_render *r, struct ll_buf *m, bool have_cmd)
{
	const struct ll_audit_rec *a = r->rec;
	bool nested = false;
	size_t n = 0;
	const char *v;

	ll_buf_reset(m);
	ll_buf_put(m, a->type.p, a->type.n);
	for (size_t i = 0; i < a->nf; i++)
		nested |= a->f[i].where == LL_AUDIT_NESTED;
	if (ll_audit_type_is(a, "EXECVE")) {
		v = get(r, "argc", LL_AUDIT_OUTER, &n);
		if (v) {
			ll_buf_puts(m, " argc=");
			ll_buf_put(m, v, n);
		}
		ll_buf_puts(m, ": ");
		if (have_cmd)
			ll_buf_put(m, r->cmd.ptr, r->cmd.len > MSG_MAX ? MSG_MAX : r->cmd.len);
	} else if (ll_audit_type_is(a, "PROCTITLE") && (v = get(r, "proctitle", -1, &n))) {
		ll_buf_puts(m, ": ");
		ll_buf_put(m, v, n > MSG_MAX ? MSG_MAX : n);
	} else if (ll_audit_type_is(a, "SYSCALL")) {
		const char *name = syscall_name(r);

		if (name)
			ll_buf_printf(m, " %s", name);
		else if ((v = get(r, "syscall", LL_AUDIT_OUTER, &n)))
			say(m, "syscall", v, n);
		say_field(r, m, "success", LL_AUDIT_OUTER);
		say_field(r, m, "exit", LL_AUDIT_OUTER);
		ll_buf_putc(m, ':');
		say_field(r, m, "exe", LL_AUDIT_OUTER);
		say_field(r, m, "comm", LL_AUDIT_OUTER);
		say_id(r, m, "auid", "AUID");
		say_id(r, m, "uid", "UID");
		say_id(r, m, "euid", "EUID");
		say_field(r, m, "ses", LL_AUDIT_OUTER);
		say_field(r, m, "key", LL_AUDIT_OUTER);
	} else if (nested) {
		/* user-space messages (PAM, sshd, sudo, shadow-utils, systemd) */
		if ((v = get(r, "res", LL_AUDIT_NESTED, &n)) || (v = get(r, "res", -1, &n))) {
			ll_buf_putc(m, ' ');
			ll_buf_put(m, v, n);
		}
		ll_buf_putc(m, ':');
		if (ll_audit_type_is(a, "USER_CMD"))
			say_field(r, m, "cmd", LL_AUDIT_NESTED);
		for (size_t i = 0; i < a->nf; i++) {
			const struct ll_audit_field *f = &a->f[i];
			char key[64];

			if (f->where != LL_AUDIT_NESTED || !f->key.n || f->key.n >= sizeof(key) ||
			    unset(dv(r, i)))
				continue;
			memcpy(key, f->key.p, f->key.n);
			key[f->key.n] = '\0';
			if (!strcmp(key, "res") || (!strcmp(key, "cmd") && ll_audit_type_is(a, "USER_CMD")) ||
			    !strcmp(key, "grantors"))
				continue;
			say(m, key, dv(r, i), r->dlen[i]);
		}
		say_id(r, m, "auid", "AUID");
	} else {
		/* kernel records: the outcome first (res=1 is success), then every field */
		const struct ll_audit_field *res = ll_audit_find(a, "res", LL_AUDIT_OUTER);

		if (res) {
			const char *oc = outcome(dv(r, (size_t)(res - a->f)));

			ll_buf_putc(m, ' ');
			if (oc)
				ll_buf_puts(m, oc);
			else
				ll_buf_put(m, res->val.p, res->val.n);
		}
		ll_buf_putc(m, ':');
		for (size_t i = 0; i < a->nf && m->len < MSG_MAX; i++) {
			const struct ll_audit_field *f = &a->f[i];

			if (f->where == LL_AUDIT_ENRICHED || f == res)
				continue;
			if (!f->key.n) {
				ll_buf_putc(m, ' ');
				ll_buf_put(m, dv(r, i), r->dlen[i]);
			} else {
				char key[64];

				if (f->key.n >= sizeof(key))
					continue;
				memcpy(key, f->key.p, f->key.n);
				key[f->key.n] = '\0';
				say(m, key, dv(r, i), r->dlen[i]);
			}
		}
	}
	if (m->len > MSG_MAX) {
		m->len = MSG_MAX;
		m->ptr[m->len] = '\0';
		ll_buf_puts(m, "…");
	}
	return ll_buf_grow(m, 0);
}

int ll_audit_render(struct ll_audit_render *r, const struct ll_audit_rec *rec)
{
	const struct ll_audit_rec *a = rec;
	struct ll_tl_obj o;
	const char *v, *user = NULL;
	size_t n = 0, ulen = 0;
	int have_cmd, rc;

	r->rec = rec;
	if ((rc = prepare(r)) < 0 || (have_cmd = ll_audit_type_is(a, "EXECVE") ? command_line(r) : 0) < 0)
		return rc < 0 ? rc : have_cmd;
	ll_buf_reset(&r->attrs);
	ll_buf_reset(&r->text);
	ll_tl_obj_begin(&o, &r->attrs);
	ll_tl_obj_str(&o, "record_type", a->type.p, a->type.n);
	if (a->serial <= (uint64_t)INT64_MAX) {
		ll_tl_obj_int(&o, "serial", (int64_t)a->serial);
	} else {
		char d[24];
		size_t dn;
		const char *ds = ll_u64_dec(d, a->serial, &dn);

		ll_tl_obj_str(&o, "serial", ds, dn);
	}
	if (a->node.p)
		ll_tl_obj_str(&o, "node", a->node.p, a->node.n);
	for (size_t i = 0; i < a->nf; i++) {
		const struct ll_audit_field *f = &a->f[i];
		const char *k;

		if (!f->key.n) {
			if (r->text.len)
				ll_buf_putc(&r->text, ' ');
			ll_buf_put(&r->text, f->val.p, f->val.n);
			continue;
		}
		k = key_name(r, i);
		ll_tl_obj_str(&o, k, dv(r, i), r->dlen[i]);
		if (r->hex[i]) {
			/* not put in the key set: no auditd field ends in _hex */
			ll_buf_puts(&r->name, "_hex");
			ll_tl_obj_str(&o, r->name.ptr, f->val.p, f->val.n);
		}
	}
	v = get(r, "res", LL_AUDIT_NESTED, NULL);
	if (!v)
		v = get(r, "res", -1, NULL);
	ll_tl_obj_cstr(&o, "auth_outcome", outcome(v));
	if (!unset(v = get(r, "addr", -1, &n)))
		ll_tl_obj_str(&o, "client_ip", v, n);
	if (have_cmd)
		ll_tl_obj_str(&o, "command_line", r->cmd.ptr, r->cmd.len);
	if (r->text.len)
		ll_tl_obj_str(&o, "text", r->text.ptr, r->text.len);
	if ((rc = ll_tl_obj_end(&o)) < 0)
		return rc;

	/* user: the account acted on, else the login uid's name (enriched) */
	if (!unset(v = get(r, "acct", -1, &n)))
		user = v, ulen = n;
	else if (!unset(v = get(r, "AUID", LL_AUDIT_ENRICHED, &n)))
		user = v, ulen = n;
	ll_buf_reset(&r->user);
	if (user && (rc = ll_tl_put_text(&r->user, user, ulen, false)) < 0)
		return rc;
	if ((rc = message(r, &r->text, have_cmd)) < 0)
		return rc;
	ll_buf_reset(&r->msg);
	return ll_tl_put_text(&r->msg, r->text.ptr, r->text.len, false);
}

void ll_audit_render_init(struct ll_audit_render *r)
{
	memset(r, 0, sizeof(*r));
	ll_buf_init(&r->attrs);
	ll_buf_init(&r->msg);
	ll_buf_init(&r->user);
	ll_buf_init(&r->dec);
	ll_buf_init(&r->name);
	ll_buf_init(&r->cmd);
	ll_buf_init(&r->text);
}

void ll_audit_render_release(struct ll_audit_render *r)
{
	ll_buf_release(&r->attrs);
	ll_buf_release(&r->msg);
	ll_buf_release(&r->user);
	ll_buf_release(&r->dec);
	ll_buf_release(&r->name);
	ll_buf_release(&r->cmd);
	ll_buf_release(&r->text);
	ll_free(r->off);
	ll_free(r->dlen);
	ll_free(r->hex);
	ll_free(r->set);
	memset(r, 0, sizeof(*r));
}
