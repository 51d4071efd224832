/* SPDX-License-Identifier: Apache-2.0 */
/* HTML to PDF/A-2b with WeasyPrint (see pdf_render.h). */
#include "core/compat.h"
#include "casefile/pdf_render.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"

/*
 * The renderer. Exit 3: WeasyPrint is not installed. Anything the page
 * points to (stylesheets, images, fonts by URL) goes through refuse(): the
 * report embeds what it shows, so only data: URIs are ever needed.
 */
static const char script[] =
	"import sys\n"
	"try:\n"
	"    from weasyprint import HTML, default_url_fetcher\n"
	"except ImportError as e:\n"
	"    sys.stderr.write('WeasyPrint is not installed (%s)\\n' % e)\n"
	"    sys.exit(3)\n"
	"def refuse(url, timeout=10, ssl_context=None):\n"
	"    if url.startswith('data:'):\n"
	"        return default_url_fetcher(url)\n"
	"    raise ValueError('lifeline: the renderer fetches nothing: ' + url[:200])\n"
	"html = sys.stdin.buffer.read().decode('utf-8', 'replace')\n"
	"HTML(string=html, url_fetcher=refuse).write_pdf(sys.stdout.buffer, variant='pdf/a-2b')\n"
	"sys.stdout.buffer.flush()\n";

/* in the child: no sockets of any family (a renderer has no one to talk to) */
static int deny_network(void)
{
	static const int calls[] = { SCMP_SYS(socket), SCMP_SYS(socketpair), SCMP_SYS(connect),
				     SCMP_SYS(bind), SCMP_SYS(ptrace) };
	scmp_filter_ctx ctx;
	int rc = 0;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !(ctx = seccomp_init(SCMP_ACT_ALLOW)))
		return -1;
	for (size_t i = 0; i < LL_ARRAY_SIZE(calls) && rc == 0; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), calls[i], 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc;
}

static void child(int in, int out, int err, const char *python, int64_t epoch_s, int timeout)
{
	struct rlimit as = { LL_PDF_MEMORY, LL_PDF_MEMORY }, core = { 0, 0 },
		      cpu = { (rlim_t)timeout + 5, (rlim_t)timeout + 5 };
	char sde[40];
	char *argv[] = { (char *)python, (char *)"-I", (char *)"-c", (char *)script, NULL };
	char *envp[] = { sde, (char *)"PYTHONHASHSEED=0", (char *)"LC_ALL=C.UTF-8",
			 (char *)"PATH=/usr/bin:/bin", (char *)"HOME=/nonexistent", NULL };

	snprintf(sde, sizeof(sde), "SOURCE_DATE_EPOCH=%" PRId64, epoch_s);
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	/*
	 * The address-space limit last, just before exec: libseccomp allocates,
	 * and under ASan (whose shadow memory needs terabytes of address space)
	 * any allocation after it aborts ("Failed to mmap").
	 */
	if (chdir("/") != 0 || setrlimit(RLIMIT_CORE, &core) != 0 ||
	    setrlimit(RLIMIT_CPU, &cpu) != 0 || deny_network() != 0 ||
	    setrlimit(RLIMIT_AS, &as) != 0) {
		dprintf(2, "cannot confine the renderer: %s\n", strerror(errno));
		_exit(126);
	}
	execve(python, argv, envp);
	dprintf(2, "cannot run %s: %s\n", python, strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* the renderer's last line of stderr, for the error message */
static const char *last_line(struct ll_buf *e)
{
	char *p;

	while (e->len && (e->ptr[e->len - 1] == '\n' || e->ptr[e->len - 1] == '\r'))
		e->ptr[--e->len] = '\0';
	if (!e->len)
		return "no message";
	p = strrchr(e->ptr, '\n');
	return p ? p + 1 : e->ptr;
}

static bool is_pdf(int fd)
{
	char head[5];

	return pread(fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) && !memcmp(head, "%PDF-", 5);
}

int ll_pdf_render(const char *html_path, const char *pdf_path, int64_t epoch_s)
{
	const char *python = getenv("LIFELINE_PDF_PYTHON");
	const char *tenv = getenv("LIFELINE_PDF_TIMEOUT");
	long tv = tenv ? strtol(tenv, NULL, 10) : 0;
	int timeout = tv > 0 && tv < 86400 ? (int)tv : LL_PDF_TIMEOUT_S;
	struct ll_buf err = LL_BUF_INIT, tmp = LL_BUF_INIT;
	int in = -1, out = -1, pfd[2] = { -1, -1 }, status = 0, rc = 0;
	bool done = false;
	double deadline;
	pid_t pid;

	if (!python || !*python)
		python = LL_PDF_PYTHON;
	if (access(python, X_OK) != 0)
		return ll_error_set(LL_ENOTFOUND,
				    "cannot render the PDF: no %s (install the Debian package weasyprint, "
				    "or build with --no-pdf)", python);
	if ((rc = ll_buf_printf(&tmp, "%s.part", pdf_path)) < 0)
		return rc;
	if ((in = open(html_path, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = ll_error_set(LL_EIO, "cannot open '%s': %s", html_path, strerror(errno));
		goto out;
	}
	if ((out = open(tmp.ptr, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
		rc = ll_error_set(LL_EIO, "cannot create '%s': %s", tmp.ptr, strerror(errno));
		goto out;
	}
	if (pipe(pfd) != 0 || fcntl(pfd[0], F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(pfd[1], F_SETFD, FD_CLOEXEC) != 0) {
		rc = ll_error_set(LL_EIO, "cannot make a pipe: %s", strerror(errno));
		goto out;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		rc = ll_error_set(LL_EIO, "cannot start the PDF renderer: %s", strerror(errno));
		goto out;
	}
	if (pid == 0)
		child(in, out, pfd[1], python, epoch_s, timeout);
	close(pfd[1]);
	pfd[1] = -1;
	deadline = now_s() + timeout;
	while (!done) {
		struct pollfd p = { pfd[0], POLLIN, 0 };
		char buf[4096];
		ssize_t n;

		if (poll(&p, 1, 200) > 0 && (n = read(pfd[0], buf, sizeof(buf))) > 0) {
			if (err.len > 16384) /* keep the end: the error is last */
				ll_buf_reset(&err);
			(void)ll_buf_put(&err, buf, (size_t)n); /* short of memory: a shorter message */
		}
		if (waitpid(pid, &status, WNOHANG) == pid) {
			done = true;
		} else if (now_s() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			rc = ll_error_set(LL_EIO, "rendering '%s' to PDF took more than %d s: stopped",
					  html_path, timeout);
			goto out;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		rc = ll_error_set(LL_ENOTFOUND,
				  "cannot render the PDF: %s (install the Debian package weasyprint, "
				  "or build with --no-pdf)", last_line(&err));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		rc = ll_error_set(LL_ENOTFOUND, "cannot render the PDF: %s", last_line(&err));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = ll_error_set(LL_EIO, "rendering '%s' to PDF failed (%s %d): %s", html_path,
				  WIFEXITED(status) ? "exit" : "signal",
				  WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				  last_line(&err));
	else if (!is_pdf(out))
		rc = ll_error_set(LL_EIO, "rendering '%s' to PDF gave no PDF: %s", html_path,
				  last_line(&err));
	else if (fsync(out) != 0)
		rc = ll_error_set(LL_EIO, "cannot write '%s': %s", tmp.ptr, strerror(errno));
	else if (rename(tmp.ptr, pdf_path) != 0)
		rc = ll_error_set(LL_EIO, "cannot rename '%s': %s", tmp.ptr, strerror(errno));
out:
	if (in >= 0)
		close(in);
	if (out >= 0) {
		close(out);
		if (rc < 0)
			unlink(tmp.ptr);
	}
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	ll_buf_release(&err);
	ll_buf_release(&tmp);
	return rc;
}
