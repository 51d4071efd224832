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
	"n = int(sys.argv[1])\n"
	"for i in range(n):\n"
	"    fi, fo = (0, 1) if i == 0 else (1 + 2 * i, 2 + 2 * i)\n"
	"    with open(fi, 'rb', closefd=False) as f:\n"
	"        html = f.read().decode('utf-8', 'replace')\n"
	"    try:\n"
	"        with open(fo, 'wb', closefd=False) as f:\n"
	"            HTML(string=html, url_fetcher=refuse).write_pdf(f, variant='pdf/a-2b')\n"
	"    except Exception as e:\n"
	"        sys.stderr.write('%s: %s\\n' % (type(e).__name__, e))\n"
	"        sys.exit(10 + i)\n"
	"    del html\n";

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

/* document i's page on fd in_fd(i), its PDF to out_fd(i): the first on stdin/stdout */
static int in_fd(size_t i)
{
	return i == 0 ? 0 : (int)(1 + 2 * i);
}

static int out_fd(size_t i)
{
	return i == 0 ? 1 : (int)(2 + 2 * i);
}

static void child(const int *in, const int *out, size_t n, int err, const char *python,
		  int64_t epoch_s, int timeout)
{
	struct rlimit as = { LL_PDF_MEMORY, LL_PDF_MEMORY }, core = { 0, 0 },
		      cpu = { (rlim_t)timeout + 5, (rlim_t)timeout + 5 };
	char sde[40], count[8];
	char *argv[] = { (char *)python, (char *)"-I", (char *)"-c", (char *)script, count, NULL };
	char *envp[] = { sde, (char *)"PYTHONHASHSEED=0", (char *)"LC_ALL=C.UTF-8",
			 (char *)"PATH=/usr/bin:/bin", (char *)"HOME=/nonexistent", NULL };
	int high[2 * LL_PDF_MAX_DOCS + 1];

	snprintf(sde, sizeof(sde), "SOURCE_DATE_EPOCH=%" PRId64, epoch_s);
	snprintf(count, sizeof(count), "%zu", n);
	/* first above every target, so that no dup2 below overwrites a descriptor still to move */
	for (size_t i = 0; i < n; i++)
		if ((high[2 * i] = fcntl(in[i], F_DUPFD, 100)) < 0 ||
		    (high[2 * i + 1] = fcntl(out[i], F_DUPFD, 100)) < 0)
			_exit(126);
	if ((high[2 * n] = fcntl(err, F_DUPFD, 100)) < 0 || dup2(high[2 * n], 2) < 0)
		_exit(126);
	for (size_t i = 0; i < n; i++)
		if (dup2(high[2 * i], in_fd(i)) < 0 || dup2(high[2 * i + 1], out_fd(i)) < 0)
			_exit(126);
	for (int fd = out_fd(n - 1) + 1; fd < 1024; fd++)
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

/* exit 10 + i: the script stopped at document i; any other failure is put on the first */
static size_t failed_doc(int status, size_t n)
{
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;

	return code >= 10 && (size_t)(code - 10) < n ? (size_t)(code - 10) : 0;
}

/* each document's PDF checked, written to disk and given its name; -1 if all are */
static int finish(const int *out, const struct ll_buf *tmp, const char *const *pdf_paths,
		  const char *const *html_paths, size_t n, struct ll_buf *err)
{
	for (size_t i = 0; i < n; i++)
		if (!is_pdf(out[i]))
			return ll_error_set(LL_EIO, "rendering '%s' to PDF gave no PDF: %s",
					    html_paths[i], last_line(err));
		else if (fsync(out[i]) != 0)
			return ll_error_set(LL_EIO, "cannot write '%s': %s", tmp[i].ptr, strerror(errno));
	for (size_t i = 0; i < n; i++)
		if (rename(tmp[i].ptr, pdf_paths[i]) != 0) {
			int rc = ll_error_set(LL_EIO, "cannot rename '%s': %s", tmp[i].ptr,
					      strerror(errno));

			while (i-- > 0) /* all of the batch or none */
				unlink(pdf_paths[i]);
			return rc;
		}
	return 0;
}

int ll_pdf_render_many(const char *const *html_paths, const char *const *pdf_paths, size_t n,
		       int64_t epoch_s)
{
	const char *python = getenv("LIFELINE_PDF_PYTHON");
	const char *tenv = getenv("LIFELINE_PDF_TIMEOUT");
	long tv = tenv ? strtol(tenv, NULL, 10) : 0;
	int timeout = tv > 0 && tv < 86400 ? (int)tv : LL_PDF_TIMEOUT_S;
	struct ll_buf err = LL_BUF_INIT, tmp[LL_PDF_MAX_DOCS];
	int in[LL_PDF_MAX_DOCS], out[LL_PDF_MAX_DOCS], pfd[2] = { -1, -1 }, status = 0, rc = 0;
	bool done = false;
	double deadline;
	pid_t pid;

	if (n == 0 || n > LL_PDF_MAX_DOCS)
		return ll_error_set(LL_EINVAL, "cannot render %zu documents at once", n);
	if (!python || !*python)
		python = LL_PDF_PYTHON;
	if (access(python, X_OK) != 0)
		return ll_error_set(LL_ENOTFOUND,
				    "cannot render the PDF: no %s (install the Debian package weasyprint, "
				    "or build with --no-pdf)", python);
	for (size_t i = 0; i < n; i++) {
		tmp[i] = (struct ll_buf)LL_BUF_INIT;
		in[i] = out[i] = -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((rc = ll_buf_printf(&tmp[i], "%s.part", pdf_paths[i])) < 0)
			break;
		if ((in[i] = open(html_paths[i], O_RDONLY | O_CLOEXEC)) < 0)
			rc = ll_error_set(LL_EIO, "cannot open '%s': %s", html_paths[i], strerror(errno));
		else if ((out[i] = open(tmp[i].ptr, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
			rc = ll_error_set(LL_EIO, "cannot create '%s': %s", tmp[i].ptr, strerror(errno));
	}
	if (rc < 0)
		goto out;
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
		child(in, out, n, pfd[1], python, epoch_s, timeout);
	close(pfd[1]);
	pfd[1] = -1;
	/* one deadline for the whole run: the documents share one renderer */
	deadline = now_s() + timeout;
	while (!done) {
		struct pollfd p = { pfd[0], POLLIN, 0 };
		char buf[4096];
		ssize_t r;

		if (poll(&p, 1, 200) > 0 && (r = read(pfd[0], buf, sizeof(buf))) > 0) {
			if (err.len > 16384) /* keep the end: the error is last */
				ll_buf_reset(&err);
			(void)ll_buf_put(&err, buf, (size_t)r); /* short of memory: a shorter message */
		}
		if (waitpid(pid, &status, WNOHANG) == pid) {
			done = true;
		} else if (now_s() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			rc = ll_error_set(LL_EIO, "rendering '%s' to PDF took more than %d s: stopped",
					  html_paths[0], timeout);
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
		rc = ll_error_set(LL_EIO, "rendering '%s' to PDF failed (%s %d): %s",
				  html_paths[failed_doc(status, n)], WIFEXITED(status) ? "exit" : "signal",
				  WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				  last_line(&err));
	else
		rc = finish(out, tmp, pdf_paths, html_paths, n, &err);
out:
	for (size_t i = 0; i < n; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0) {
			close(out[i]);
			if (rc < 0)
				unlink(tmp[i].ptr);
		}
		ll_buf_release(&tmp[i]);
	}
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	ll_buf_release(&err);
	return rc;
}

int ll_pdf_render(const char *html_path, const char *pdf_path, int64_t epoch_s)
{
	return ll_pdf_render_many(&html_path, &pdf_path, 1, epoch_s);
}
