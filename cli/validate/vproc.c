/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Child processes of `lifeline validate`: every peer tool and every lifeline
 * step runs from an argv array through posix_spawnp (never a shell string),
 * with its output in a file and a time limit, so a hung or hostile peer costs
 * its check, not the run.
 */
#include "core/compat.h"
#include "cli/validate/vcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

extern char **environ;

int vrun(const struct vctx *c, const char *const *argv, const char *out_path,
	 const char *err_path)
{
	posix_spawn_file_actions_t fa;
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	const char *out = out_path ? out_path : "/dev/null";
	long waited_ms = 0, limit_ms = (long)(c->timeout_s > 0 ? c->timeout_s : 300) * 1000;
	pid_t pid;
	int st = 0, e;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return ll_error_set(LL_ENOMEM, "out of memory");
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (err_path)
		posix_spawn_file_actions_addopen(&fa, 2, err_path,
						 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	else
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	e = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e != 0)
		return ll_error_set(LL_ENOTFOUND, "cannot run '%s': %s", argv[0], strerror(e));
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return ll_error_set(LL_EIO, "waiting for '%s': %s", argv[0], strerror(errno));
		if (waited_ms >= limit_ms) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			return 128 + SIGKILL;
		}
		nanosleep(&nap, NULL);
		waited_ms += 20;
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

int vrun_self(const struct vctx *c, const char *const *argv, const char *out_path)
{
	const char *v[40];
	size_t n = 0;

	v[n++] = c->self;
	for (size_t i = 1; argv[i] && n < LL_ARRAY_SIZE(v) - 1; i++)
		v[n++] = argv[i];
	v[n] = NULL;
	return vrun(c, v, out_path, NULL);
}

bool vtool_present(const char *tool)
{
	const char *path = getenv("PATH");
	struct ll_buf b = LL_BUF_INIT;
	bool found = false;

	if (strchr(tool, '/'))
		return access(tool, X_OK) == 0;
	while (path && *path && !found) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);

		ll_buf_reset(&b);
		if (ll_buf_printf(&b, "%.*s/%s", (int)n, path, tool) == 0)
			found = access(b.ptr, X_OK) == 0;
		path = colon ? colon + 1 : NULL;
	}
	ll_buf_release(&b);
	return found;
}

char *vtool_version(const struct vctx *c, const char *tool)
{
	static const char *const flags[] = { "-V", "--version" };
	struct ll_buf b = LL_BUF_INIT;
	char out[4096];
	char *line = NULL;

	if (!vtool_present(tool))
		return NULL;
	vfmt(out, sizeof(out), "%s/version.txt", c->tmp);
	for (size_t i = 0; i < LL_ARRAY_SIZE(flags) && !line; i++) {
		const char *argv[] = { tool, flags[i], NULL };
		char *nl;

		ll_buf_reset(&b);
		if (vrun(c, argv, out, NULL) < 0 || ll_buf_read_file(&b, out) < 0)
			continue;
		/* mkfs.vfat -V also prints a usage line: the first line with a digit */
		for (char *p = b.ptr; p && *p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			if (strpbrk(p, "0123456789") && strlen(p) < 200) {
				line = ll_strdup(p);
				break;
			}
		}
	}
	ll_buf_release(&b);
	unlink(out);
	return line ? line : ll_strdup("version unknown");
}

int vfmt(char *out, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, len, fmt, ap);
	va_end(ap);
	return n;
}

const char *vpath(struct vctx *c, char *buf, size_t len, const char *name)
{
	vfmt(buf, len, "%s/%s.%u", c->tmp, name, ++c->seq);
	return buf;
}

void vsay(const struct vctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->progress)
		return;
	va_start(ap, fmt);
	fputs("validate: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Lines of a file, sorted, in one buffer (the pointers into it). */
struct lines {
	struct ll_buf b;
	char **v;
	size_t n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_lines(struct lines *l, const char *path, void (*norm)(char *line))
{
	size_t cap = 0;
	char *p;
	int rc;

	ll_buf_init(&l->b);
	l->v = NULL;
	l->n = 0;
	if ((rc = ll_buf_read_file(&l->b, path)) < 0)
		return rc;
	for (p = l->b.ptr; p && *p;) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		if (l->n == cap) {
			char **nv = ll_reallocarray(l->v, (cap = cap ? cap * 2 : 64), sizeof(*nv));

			if (!nv)
				return ll_error_set(LL_ENOMEM, "out of memory");
			l->v = nv;
		}
		if (norm)
			norm(p);
		l->v[l->n++] = p;
		p = nl ? nl + 1 : NULL;
	}
	qsort(l->v, l->n, sizeof(*l->v), cmp_str);
	return 0;
}

int vcompare_lines(uint64_t *compared, uint64_t *equal, uint64_t *differing, const char *a,
		   const char *b, void (*norm)(char *line))
{
	struct lines la, lb;
	size_t i = 0, j = 0;
	uint64_t eq = 0;
	int rc;

	if ((rc = load_lines(&la, a, norm)) == 0)
		rc = load_lines(&lb, b, NULL);
	else
		ll_buf_init(&lb.b), lb.v = NULL, lb.n = 0;
	if (rc == 0) {
		/* a merge of the two sorted lists: a line matches at most one line */
		while (i < la.n && j < lb.n) {
			int d = strcmp(la.v[i], lb.v[j]);

			if (d == 0) {
				eq++;
				i++;
				j++;
			} else if (d < 0) {
				i++;
			} else {
				j++;
			}
		}
		*compared = la.n > lb.n ? la.n : lb.n;
		*equal = eq;
		*differing = (la.n - eq) + (lb.n - eq);
	}
	ll_free(la.v);
	ll_free(lb.v);
	ll_buf_release(&la.b);
	ll_buf_release(&lb.b);
	return rc;
}

int vjson_id(char *id, size_t len, const char *path, const char *key)
{
	json_t *doc = json_load_file(path, 0, NULL);
	const char *s = json_string_value(json_object_get(doc, key));
	int rc = 0;

	if (s)
		vfmt(id, len, "%s", s);
	else
		rc = ll_error_set(LL_ECORRUPT, "%s: no \"%s\" in lifeline's JSON output", path, key);
	json_decref(doc);
	return rc;
}

int vcase_new(struct vctx *c, char *dir, size_t len, const char *name)
{
	const char *argv[] = { "lifeline", "case", "init", dir, "--case-id", "VALIDATION",
			       "--title", "lifeline validate", NULL };
	int rc;

	vpath(c, dir, len, name);
	if ((rc = vrun_self(c, argv, NULL)) != 0)
		return rc < 0 ? rc : ll_error_set(LL_EIO, "'lifeline case init %s' exited %d", dir, rc);
	return 0;
}
