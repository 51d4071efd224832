/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The worker fork server ("zygote"): both sides. A worker started by
 * fork+exec of /proc/self/exe pays the exec and the dynamic linking of
 * every library each time (~14 ms); hundreds of small .evtx files pay it
 * hundreds of times. The zygote pays it once per run: it is exec'd like a
 * worker (nothing of the parent's memory, no descriptor but its socket),
 * and clones each worker from that fresh image. docs/formats/worker-frames.md,
 * "Workers", says why each property below holds.
 */
#define _GNU_SOURCE 1 /* close_range, MSG_CMSG_CLOEXEC */
#include "core/compat.h"
#include "analyze/worker/zygote.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze/worker/worker.h"
#include "analyze/worker/worker_int.h"
#include "core/error.h"

/*
 * A request: "LLZ1", the argv strings each ended by NUL, and 2 or 3
 * descriptors (SCM_RIGHTS). A larger argv (a whole-item reader's many
 * segments) is started by fork+exec instead.
 */
#define REQ_MAX ((size_t)64 * 1024)
#define MAGIC "LLZ1"
#define NFD_MAX 3
#define ARGV_MAX 4096
/* How long the parent waits for a pid: the zygote only clones. */
#define REPLY_MS 30000
#define ZYGOTE_FD 3

/* The parent's zygote: -1 socket when none runs. */
static struct {
	int sock;
	pid_t pid;
	int state; /* 0: not started yet; 1: up; -1: off for the rest of the process */
} zy = { -1, 0, 0 };

/* The fallback: fork, then exec of /proc/self/exe (worker_run.c's child). */
static int fork_exec(pid_t *pid, int in_fd, int out_fd, int map_fd, char **argv)
{
	fflush(NULL); /* nothing buffered is written twice */
	if ((*pid = fork()) < 0)
		return ll_error_set(LL_EIO, "cannot start a worker: %s", strerror(errno));
	if (*pid == 0)
		ll_worker_exec(in_fd, out_fd, map_fd, argv);
	return 0;
}

/*
 * The zygote ended, stopped answering or sent nonsense: killed, reaped, and
 * never used again in this process (the workers to come are fork+exec'd).
 */
static void lose(const char *why)
{
	if (zy.sock >= 0)
		close(zy.sock);
	zy.sock = -1;
	if (zy.pid > 0) {
		kill(zy.pid, SIGKILL);
		while (waitpid(zy.pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	zy.pid = 0;
	zy.state = -1;
	fprintf(stderr,
		"lifeline: warning: the process that starts the readers' workers was lost (%s); "
		"they are started one by one for the rest of the run\n",
		why);
}

/*
 * At the command's exit: the zygote is stopped and reaped then, not left to
 * notice its closed socket a moment later — a process of the run still
 * alive, its working directory in the case, after lifeline returned (a
 * script that unmounts the case's disk next found it busy: h0524). Only in
 * the process that started it.
 */
static pid_t starter;

static void stop_at_exit(void)
{
	if (getpid() != starter || zy.pid <= 0)
		return;
	if (zy.sock >= 0)
		close(zy.sock);
	zy.sock = -1;
	kill(zy.pid, SIGKILL); /* it holds nothing: its workers are this process's children */
	while (waitpid(zy.pid, NULL, 0) < 0 && errno == EINTR)
		;
	zy.pid = 0;
}

static bool up(void)
{
	char *argv[] = { (char *)"lifeline", (char *)"__worker", (char *)"--zygote", NULL };
	int sv[2];

	if (zy.state)
		return zy.state > 0;
	zy.state = -1;
#ifdef LL_TEST_HOOKS
	/* LIFELINE_TEST_ZYGOTE=off: the fork+exec path, as when no zygote can start */
	const char *t = getenv("LIFELINE_TEST_ZYGOTE");

	if (t && !strcmp(t, "off"))
		return false;
#endif
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return false;
	fflush(NULL);
	if ((zy.pid = fork()) < 0) {
		close(sv[0]);
		close(sv[1]);
		return false;
	}
	if (zy.pid == 0) {
		/* only its socket, as fd 3 (dup2 clears close-on-exec) */
		if (dup2(sv[1], ZYGOTE_FD) < 0 || close_range(ZYGOTE_FD + 1, ~0U, 0) < 0)
			_exit(126);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(sv[1]);
	zy.sock = sv[0];
	zy.state = 1;
	if (!starter) {
		starter = getpid();
		atexit(stop_at_exit);
	}
	return true;
}

/* argv as a request in buf: its length, or 0 when it does not fit. */
static size_t encode(char *buf, char **argv)
{
	size_t len = sizeof(MAGIC) - 1;

	memcpy(buf, MAGIC, len);
	for (size_t i = 0; argv[i]; i++) {
		size_t n = strlen(argv[i]) + 1;

		if (i >= ARGV_MAX - 1 || n > REQ_MAX - len)
			return 0;
		memcpy(buf + len, argv[i], n);
		len += n;
	}
	return len;
}

/*
 * One request: 1 with *pid (the zygote's clone is our child), 0 when this
 * worker is to be fork+exec'd (the zygote is lost, or it could not clone).
 */
static int ask(pid_t *pid, const int *fds, int nfd, char **argv)
{
	static char req[REQ_MAX];
	union {
		char buf[CMSG_SPACE(sizeof(int) * NFD_MAX)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { req, 0 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfd) };
	struct cmsghdr *c;
	struct pollfd pfd = { .events = POLLIN };
	int32_t reply;
	ssize_t n;
	int rc;

	if (!(iov.iov_len = encode(req, argv)))
		return 0;
	memset(u.buf, 0, sizeof(u.buf));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfd);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfd);
	while ((n = sendmsg(zy.sock, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (n < 0) {
		lose(strerror(errno));
		return 0;
	}
	pfd.fd = zy.sock;
	while ((rc = poll(&pfd, 1, REPLY_MS)) < 0 && errno == EINTR)
		;
	if (rc <= 0) {
		lose(rc ? strerror(errno) : "it did not answer");
		return 0;
	}
	while ((n = recv(zy.sock, &reply, sizeof(reply), 0)) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(reply)) {
		/*
		 * It ended before it answered (killed, or crashed): a worker it
		 * may have cloned has this request's pipe, which the caller's
		 * retry does not reuse, so it can only fail writing and end.
		 */
		lose(n < 0 ? strerror(errno) : "it ended");
		return 0;
	}
	if (reply <= 0)
		return 0; /* it could not clone (EAGAIN...): fork says why, or starts it */
	*pid = (pid_t)reply;
	return 1;
}

int ll_worker_spawn(pid_t *pid, int in_fd, int out[2], int map_fd, char **argv)
{
	int fds[NFD_MAX] = { in_fd, out[1], map_fd }, p[2];

	if (!up())
		return fork_exec(pid, in_fd, out[1], map_fd, argv);
	if (ask(pid, fds, map_fd >= 0 ? 3 : 2, argv))
		return 0;
	if (zy.state > 0) /* the zygote is fine (it could not clone, or argv is large) */
		return fork_exec(pid, in_fd, out[1], map_fd, argv);
	/*
	 * Lost while it started this worker: a clone it made before it died
	 * (unknown to us) holds out[1]. The retry writes to a new pipe; the
	 * old one is closed, so such a clone fails at its first write and
	 * ends, and nothing of it is read.
	 */
	if (pipe2(p, O_CLOEXEC) < 0)
		return ll_error_set(LL_EIO, "cannot make the worker's pipe: %s", strerror(errno));
	fcntl(p[0], F_SETPIPE_SZ, fcntl(out[0], F_GETPIPE_SZ));
	close(out[0]);
	close(out[1]);
	out[0] = p[0];
	out[1] = p[1];
	return fork_exec(pid, in_fd, out[1], map_fd, argv);
}

/* ---- the zygote ---- */

void ll_worker_place_fds(int *fds, int n)
{
	/* above any target first, so no dup2 overwrites a descriptor still to move */
	for (int i = 0; i < n; i++)
		if ((fds[i] = fcntl(fds[i], F_DUPFD, 3 + n > 10 ? 3 + n : 10)) < 0)
			_exit(126);
	for (int i = 0; i < n; i++)
		if (dup2(fds[i], 3 + i) < 0)
			_exit(126);
	if (close_range((unsigned)(3 + n), ~0U, 0) < 0)
		_exit(126);
}

/*
 * The clone, before ll_worker_main: its descriptors at 3, 4 (and 5), no
 * other; the zygote's socket (fd 3) is replaced by the first, so a worker
 * cannot ask for workers.
 */
static void child(int *fds, int nfd, int argc, char **argv)
{
	ll_worker_place_fds(fds, nfd);
	ll_worker_main(argc - 2, argv + 2);
	_exit(127);
}

/* A request's argv, in place in req[len] (NUL-ended strings): argc, or -1 when malformed. */
static int decode(char **argv, char *req, size_t len)
{
	size_t at = sizeof(MAGIC) - 1;
	int argc = 0;

	if (len < at || memcmp(req, MAGIC, at) || req[len - 1] != '\0')
		return -1;
	while (at < len) {
		if (argc >= ARGV_MAX - 1)
			return -1;
		argv[argc++] = req + at;
		at += strlen(req + at) + 1;
	}
	argv[argc] = NULL;
	return argc >= 2 && !strcmp(argv[1], "__worker") ? argc : -1;
}

static void answer(int32_t v)
{
	if (send(ZYGOTE_FD, &v, sizeof(v), MSG_NOSIGNAL) != (ssize_t)sizeof(v))
		_exit(0); /* the parent is gone */
}

void ll_worker_zygote_main(void)
{
	static char req[REQ_MAX];
	static char *argv[ARGV_MAX];
	union {
		char buf[CMSG_SPACE(sizeof(int) * NFD_MAX)];
		struct cmsghdr align;
	} u;
	unsigned long served = 0, die_at = 0;

	/*
	 * It ends with the parent: the socket's end, or this when the parent
	 * is killed. The signal follows the thread that forked the zygote:
	 * analyze starts its workers from its one thread.
	 */
#ifdef LL_TEST_HOOKS
	/*
	 * LIFELINE_TEST_ZYGOTE=exit:N: the zygote ends on its Nth request, before it clones;
	 * =linger: it outlives its parent by 3 s (a zygote slow to die: the parent must stop
	 * and reap it before it returns, h0533)
	 */
	const char *t = getenv("LIFELINE_TEST_ZYGOTE");
	bool linger = t && !strcmp(t, "linger");

	if (t && !strncmp(t, "exit:", 5))
		die_at = strtoul(t + 5, NULL, 10);
	if (!linger)
#endif
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	for (;;) {
		struct iovec iov = { req, sizeof(req) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
				      .msg_controllen = sizeof(u.buf) };
		struct cmsghdr *c;
		int fds[NFD_MAX], nfd = 0, argc;
		ssize_t n;
		pid_t pid;

		n = recvmsg(ZYGOTE_FD, &msg, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
#ifdef LL_TEST_HOOKS
			if (linger)
				sleep(3);
#endif
			_exit(0); /* the parent closed its end: the run is over */
		}
		if (die_at && ++served == die_at)
			_exit(9);
		for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
				size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

				for (size_t i = 0; i < k; i++) {
					int fd;

					memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
					if (nfd < NFD_MAX)
						fds[nfd++] = fd;
					else
						close(fd);
				}
			}
		argc = decode(argv, req, (size_t)n);
		if (argc < 0 || nfd < 2 || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
			answer(-EINVAL);
		} else {
			/*
			 * Fork semantics with the parent's parent as the
			 * worker's: the run waits for, kills and accounts it
			 * as it did the exec'd one. glibc >= 2.34 signals
			 * itself (raise, abort) by gettid(), so no cached tid
			 * of the zygote's is used by the clone.
			 */
			pid = (pid_t)syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), 0,
					     0, 0, 0);
			if (pid == 0)
				child(fds, nfd, argc, argv);
			answer(pid < 0 ? -errno : pid);
		}
		for (int i = 0; i < nfd; i++)
			close(fds[i]);
	}
}
