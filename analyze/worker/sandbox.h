/* SPDX-License-Identifier: Apache-2.0 */
/* Locking down a reader worker: no_new_privs, an unprivileged user, rlimits, a seccomp filter. */
#ifndef LL_ANALYZE_WORKER_SANDBOX_H
#define LL_ANALYZE_WORKER_SANDBOX_H

#include "core/compat.h"

#include <sys/types.h>

/* The most fds a worker may write to (its frame pipe, stderr). */
#define LL_SANDBOX_MAX_WRITE_FDS 4

/*
 * What the worker may still do. 0 for a limit leaves it as it is (the
 * caller sizes them from the item). RLIMIT_FSIZE and RLIMIT_CORE always
 * become 0, RLIMIT_NOFILE the number of fds already open: a worker creates
 * no file and no new descriptor.
 */
struct ll_sandbox_limits {
	uint64_t as_bytes; /* RLIMIT_AS: address space */
	uint64_t
		cpu_seconds; /* RLIMIT_CPU: SIGXCPU then, a second later, SIGKILL */
	int write_fds
		[LL_SANDBOX_MAX_WRITE_FDS]; /* the only fds write/writev accept */
	size_t nwrite_fds;
	/*
	 * When the effective uid is 0: the user to become (NULL: "nobody").
	 * Looked up before the lock-down (NSS may open files).
	 */
	const char *user;
	/*
	 * Threads may be made (the E01 check's hashing pipeline): clone with
	 * CLONE_THREAD only (no new process), clone3 answered ENOSYS so glibc
	 * falls back to clone, and what a new thread sets up (set_robust_list,
	 * rseq).
	 */
	bool threads;
};

/*
 * Locks the calling process down, for good, after it opened its inputs:
 * 1. rlimits as above (soft = hard, so they cannot be raised again);
 * 2. as root: supplementary groups dropped, then gid and uid set to
 *    `user`'s, and verified (setuid(0) must then fail);
 * 3. PR_SET_NO_NEW_PRIVS and not dumpable (no ptrace by its new uid);
 * 4. a seccomp filter whose default kills the process (SIGSYS): allowed
 *    are reading open fds (read, pread64, readv, preadv, lseek, fstat,
 *    newfstatat with AT_EMPTY_PATH), memory (brk, mmap and mprotect
 *    without PROT_EXEC, munmap, mremap, madvise), write and writev to
 *    `write_fds`, close, futex, clocks and sleeps, getrandom, signal
 *    masks and handlers, getpid/gettid, tgkill to itself (abort), prlimit64
 *    that only reads, exit and exit_group. Not allowed, among the rest:
 *    open, openat, socket, connect, execve, ptrace, fork, and clone: a
 *    worker is one thread (see docs/formats/worker-frames.md).
 * Returns 0, or LL_EINVAL / LL_EIO / LL_EINTERNAL naming the step that
 * failed; the process is then in an unknown state and must exit.
 */
int ll_sandbox_enter(const struct ll_sandbox_limits *lim);

/*
 * The limits that may hold before the reader's prepare hook (which opens
 * files and may write the scratch file): RLIMIT_CORE 0, RLIMIT_AS and
 * RLIMIT_CPU from `lim`. ll_sandbox_enter sets them again with the rest.
 */
int ll_sandbox_early(const struct ll_sandbox_limits *lim);

#endif
