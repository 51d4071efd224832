/* SPDX-License-Identifier: Apache-2.0 */
/* The reader worker's lock-down: rlimits, an unprivileged user, no_new_privs, the seccomp allow-list. */
#define _GNU_SOURCE 1 /* setresuid, setresgid, AT_EMPTY_PATH */
#include "core/compat.h"
#include "analyze/worker/sandbox.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <unistd.h>

#include <seccomp.h>

#ifndef CLONE_THREAD
#define CLONE_THREAD 0x00010000 /* <sched.h> has it with _GNU_SOURCE only */
#endif

#include "core/error.h"

/* One past the highest open fd: RLIMIT_NOFILE so that no new one fits. */
static int open_fd_bound(rlim_t *out)
{
	struct rlimit cur;
	DIR *dir;
	struct dirent *de;
	long top = -1;

	if ((dir = opendir("/proc/self/fd"))) {
		while ((de = readdir(dir))) {
			char *end;
			long fd = strtol(de->d_name, &end, 10);

			if (*end == '\0' && end != de->d_name &&
				fd != dirfd(dir) && fd > top)
				top = fd;
		}
		closedir(dir);
	} else {
		/* no /proc: probe the fds the current limit allows, up to a sane bound */
		if (getrlimit(RLIMIT_NOFILE, &cur) < 0)
			return ll_error_set(LL_EIO, "sandbox: getrlimit: %s",
				strerror(errno));
		for (long fd = 0; fd < (long)cur.rlim_cur && fd < 65536; fd++)
			if (fcntl((int)fd, F_GETFD) >= 0)
				top = fd;
	}
	*out = (rlim_t)(top + 1);
	return 0;
}

static int limit(int res, const char *name, rlim_t v)
{
	struct rlimit rl = { v, v };

	/* the CPU limit's hard value a second later: SIGXCPU first, then SIGKILL */
	if (res == RLIMIT_CPU)
		rl.rlim_max = v + 1;
	if (setrlimit(res, &rl) < 0)
		return ll_error_set(LL_EIO,
			"sandbox: cannot set %s to %llu: %s", name,
			(unsigned long long)v, strerror(errno));
	return 0;
}

int ll_sandbox_early(const struct ll_sandbox_limits *lim)
{
	int rc;

	if ((rc = limit(RLIMIT_CORE, "RLIMIT_CORE", 0)) < 0)
		return rc;
	if (lim->as_bytes &&
		(rc = limit(RLIMIT_AS, "RLIMIT_AS", (rlim_t)lim->as_bytes)) < 0)
		return rc;
	if (lim->cpu_seconds && (rc = limit(RLIMIT_CPU, "RLIMIT_CPU",
					 (rlim_t)lim->cpu_seconds)) < 0)
		return rc;
	return 0;
}

static int set_limits(const struct ll_sandbox_limits *lim)
{
	rlim_t nofile = 0;
	int rc;

	/*
	 * No file may grow, but stderr may be a regular file (a log, a test's
	 * capture): a write there past the limit must fail with EFBIG, not
	 * kill the worker with SIGXFSZ — which a sanitizer's or the worker's
	 * own message would otherwise do, and the parent would then blame a
	 * file-size limit instead of the real cause.
	 */
	signal(SIGXFSZ, SIG_IGN);
	if ((rc = open_fd_bound(&nofile)) < 0 ||
		(rc = limit(RLIMIT_NOFILE, "RLIMIT_NOFILE", nofile)) < 0 ||
		(rc = limit(RLIMIT_FSIZE, "RLIMIT_FSIZE", 0)) < 0)
		return rc;
	/* again: a worker set these before its prepare hook, other callers did not */
	return ll_sandbox_early(lim);
}

/* The user a root worker becomes, looked up while files may still be opened (NSS). */
static int find_user(uid_t *uid, gid_t *gid, const char *name)
{
	struct passwd pw, *res = NULL;
	char buf[4096];
	int e;

	if ((e = getpwnam_r(name, &pw, buf, sizeof(buf), &res)) != 0 || !res)
		return ll_error_set(LL_EINVAL,
			"sandbox: no user '%s' to run the worker as%s%s", name,
			e ? ": " : "", e ? strerror(e) : "");
	if (pw.pw_uid == 0 || pw.pw_gid == 0)
		return ll_error_set(LL_EINVAL,
			"sandbox: user '%s' is privileged (uid or gid 0)",
			name);
	*uid = pw.pw_uid;
	*gid = pw.pw_gid;
	return 0;
}

/* Groups, gid, uid, in that order, and a check that it took. */
static int become(uid_t uid, gid_t gid, const char *name)
{
	if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
		setresuid(uid, uid, uid) < 0)
		return ll_error_set(LL_EIO, "sandbox: cannot become '%s': %s",
			name, strerror(errno));
	/* a drop that can be undone is no drop */
	if (getuid() != uid || geteuid() != uid || getgid() != gid ||
		getegid() != gid || getgroups(0, NULL) != 0 || setuid(0) == 0 ||
		setgid(0) == 0)
		return ll_error_set(LL_EINTERNAL,
			"sandbox: the drop to '%s' did not hold", name);
	return 0;
}

#define ALLOW(ctx, name, ...)                                                  \
	seccomp_rule_add((ctx), SCMP_ACT_ALLOW, SCMP_SYS(name), __VA_ARGS__)

/* ll_sandbox_limits.threads: a thread of this process, never a new process. */
static int allow_threads(scmp_filter_ctx ctx)
{
	int rc = ALLOW(ctx, clone, 1,
		SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));

	/* clone3's flags are in memory a filter cannot see: glibc falls back on ENOSYS */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (rc == 0)
		rc = ALLOW(ctx, set_robust_list, 0);
	if (rc == 0)
		rc = ALLOW(ctx, rseq, 0);
	/* pthread_getattr_np (ASan's thread start) reads the CPU set */
	if (rc == 0)
		rc = ALLOW(ctx, sched_getaffinity, 0);
	return rc;
}

/*
 * The allow-list. Found by running the readers under it (tests/unit/
 * analyze/test_sandbox.c) and by strace -f -c of `analyze timeline`: glibc's
 * malloc (brk, mmap, munmap, mremap, madvise), libtsk and libewf (pread64,
 * lseek, fstat), libevtx, libsystemd (mmap of the journal, getrandom for its
 * hash seeds, fstat through newfstatat), stdio on the pipe.
 */
static int add_rules(scmp_filter_ctx ctx, const struct ll_sandbox_limits *lim)
{
	static const int plain[] = {
		SCMP_SYS(read),
		SCMP_SYS(readv),
		SCMP_SYS(pread64),
		SCMP_SYS(preadv),
		SCMP_SYS(lseek),
		SCMP_SYS(fstat),
		SCMP_SYS(close),
		SCMP_SYS(brk),
		SCMP_SYS(munmap),
		SCMP_SYS(mremap),
		SCMP_SYS(madvise),
		SCMP_SYS(futex),
		SCMP_SYS(clock_gettime),
		SCMP_SYS(clock_getres),
		SCMP_SYS(gettimeofday),
		SCMP_SYS(nanosleep),
		SCMP_SYS(clock_nanosleep),
		SCMP_SYS(sched_yield),
		SCMP_SYS(getrandom),
		SCMP_SYS(rt_sigreturn),
		SCMP_SYS(rt_sigprocmask),
		SCMP_SYS(rt_sigaction),
		SCMP_SYS(sigaltstack),
		SCMP_SYS(getpid),
		SCMP_SYS(gettid),
		SCMP_SYS(getuid),
		SCMP_SYS(geteuid),
		SCMP_SYS(getgid),
		SCMP_SYS(getegid),
		SCMP_SYS(exit),
		SCMP_SYS(exit_group),
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]) && rc == 0; i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, plain[i], 0);
	/* memory, never executable: a parser bug cannot map new code */
	if (rc == 0)
		rc = ALLOW(ctx, mmap, 1,
			SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (rc == 0)
		rc = ALLOW(ctx, mprotect, 1,
			SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	/* glibc's fstat is newfstatat(fd, "", AT_EMPTY_PATH) */
	if (rc == 0)
		rc = ALLOW(ctx, newfstatat, 1,
			SCMP_A3(SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH,
				AT_EMPTY_PATH));
	/* fcntl only to read flags (libsystemd checks its fds) */
	if (rc == 0)
		rc = ALLOW(ctx, fcntl, 1, SCMP_A1(SCMP_CMP_EQ, F_GETFL));
	if (rc == 0)
		rc = ALLOW(ctx, fcntl, 1, SCMP_A1(SCMP_CMP_EQ, F_GETFD));
	/* limits may be read (ASan, glibc), not changed */
	if (rc == 0)
		rc = ALLOW(ctx, prlimit64, 1, SCMP_A2(SCMP_CMP_EQ, 0));
	if (rc == 0)
		rc = ALLOW(ctx, getrlimit, 0);
	/* abort() signals itself; a signal to any other process is refused */
	if (rc == 0)
		rc = ALLOW(ctx, tgkill, 1,
			SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
	if (rc == 0 && lim->threads)
		rc = allow_threads(ctx);
	for (size_t i = 0; i < lim->nwrite_fds && rc == 0; i++) {
		scmp_datum_t fd = (scmp_datum_t)lim->write_fds[i];

		rc = ALLOW(ctx, write, 1, SCMP_A0(SCMP_CMP_EQ, fd));
		if (rc == 0)
			rc = ALLOW(ctx, writev, 1, SCMP_A0(SCMP_CMP_EQ, fd));
	}
	return rc;
}

static int install_filter(const struct ll_sandbox_limits *lim)
{
	scmp_filter_ctx ctx;
	int rc;

	if (!(ctx = seccomp_init(SCMP_ACT_KILL_PROCESS)))
		return ll_error_set(
			LL_EINTERNAL, "sandbox: seccomp_init failed");
	if ((rc = add_rules(ctx, lim)) < 0) {
		seccomp_release(ctx);
		return ll_error_set(LL_EINTERNAL, "sandbox: seccomp rule: %s",
			strerror(-rc));
	}
	rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0)
		return ll_error_set(LL_EIO,
			"sandbox: cannot load the seccomp filter: %s",
			strerror(-rc));
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/*
 * glibc's qsort (before 2.37) asks sysinfo for the memory size on its
 * first sort of more than 1 KiB, to choose its merge sort, and keeps the
 * answer: asked now, the filter need not allow sysinfo (the EVTX record
 * map sorts its chunks).
 */
static void warm_qsort(void)
{
	int v[512];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		v[i] = (int)(sizeof(v) / sizeof(v[0]) - i);
	qsort(v, sizeof(v) / sizeof(v[0]), sizeof(v[0]), cmp_int);
}

int ll_sandbox_enter(const struct ll_sandbox_limits *lim)
{
	const char *user = lim->user ? lim->user : "nobody";
	bool root = geteuid() == 0;
	uid_t uid = 0;
	gid_t gid = 0;
	int rc;

	if (lim->nwrite_fds > LL_SANDBOX_MAX_WRITE_FDS)
		return ll_error_set(LL_EINVAL,
			"sandbox: %zu write fds (at most %d)", lim->nwrite_fds,
			LL_SANDBOX_MAX_WRITE_FDS);
	/*
	 * The user is looked up before RLIMIT_NOFILE leaves no fd for NSS;
	 * the limits are set while still root, as hard limits an
	 * unprivileged process cannot raise again.
	 */
	if ((root && (rc = find_user(&uid, &gid, user)) < 0) ||
		(rc = set_limits(lim)) < 0 ||
		(root && (rc = become(uid, gid, user)) < 0))
		return rc;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return ll_error_set(LL_EIO,
			"sandbox: cannot set no_new_privs: %s",
			strerror(errno));
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return ll_error_set(LL_EIO,
			"sandbox: cannot clear dumpable: %s", strerror(errno));
	warm_qsort();
	return install_filter(lim);
}
