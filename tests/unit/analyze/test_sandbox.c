/* SPDX-License-Identifier: Apache-2.0 */
/* The worker lock-down, in forked children: what it forbids kills, what reading needs works. */
#define _GNU_SOURCE 1 /* syscall numbers */
#include "core/compat.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <systemd/sd-journal.h>

#include "analyze/winlog/evtx_lib.h"
#include "analyze/winlog/evtx_xml.h"
#include "analyze/tsk/tsk_internal.h" /* libtsk itself: see do_readers */
#include "analyze/tsk/tsk_walk.h"
#include "analyze/worker/sandbox.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

#include "../unit_fork.h"
#include "../unit_skip.h"
#include "../unit_tmpdir.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* Child exit codes that say which step failed (the parent prints them). */
enum { C_OK = 0, C_LOCKDOWN = 90, C_SETUP = 91, C_WRONG = 92, C_SURVIVED = 93 };

static struct ll_sandbox_limits lim;
static int out_pipe[2] = { -1, -1 };

static void lockdown(void)
{
	if (ll_sandbox_enter(&lim) < 0) {
		/* before the filter: stderr still works */
		dprintf(2, "lockdown: %s\n", ll_error_message());
		_exit(C_LOCKDOWN);
	}
}

/* The lock-down of a child that reports on out_pipe. */
static void lockdown_piped(void)
{
	lim.write_fds[1] = out_pipe[1];
	lim.nwrite_fds = 2;
	lockdown();
}

/* Runs fn in a child with stdout kept for the test; returns its wait status. */
static int run_child(int (*fn)(void))
{
	return unit_fork_run(fn);
}

static void expect_signal(int st, int sig, const char *what)
{
	if (!WIFSIGNALED(st) || WTERMSIG(st) != sig)
		print_error("%s: status 0x%x (exit %d, signal %d), want signal "
			    "%d\n",
			what, st, WIFEXITED(st) ? WEXITSTATUS(st) : -1,
			WIFSIGNALED(st) ? WTERMSIG(st) : -1, sig);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), sig);
}

static void expect_exit0(int st, const char *what)
{
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		print_error("%s: status 0x%x (exit %d, signal %d)\n", what, st,
			WIFEXITED(st) ? WEXITSTATUS(st) : -1,
			WIFSIGNALED(st) ? WTERMSIG(st) : -1);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void reset_limits(void)
{
	memset(&lim, 0, sizeof(lim));
	lim.write_fds[0] = 2;
	lim.nwrite_fds = 1;
}

/*
 * Runs fn, which reports on out_pipe, in a child with the default limits:
 * it must exit 0; what it wrote is in buf (NUL-terminated).
 */
static void run_reporting(
	int (*fn)(void), const char *what, char *buf, size_t n)
{
	ssize_t got;
	int st;

	assert_int_equal(pipe(out_pipe), 0);
	reset_limits();
	st = run_child(fn);
	close(out_pipe[1]);
	expect_exit0(st, what);
	got = read(out_pipe[0], buf, n - 1);
	close(out_pipe[0]);
	assert_true(got > 0);
	buf[got] = '\0';
}

/* ---- what the filter forbids ---- */

static int do_open(void)
{
	lockdown();
	return syscall(SYS_open, "/etc/hostname", O_RDONLY) >= 0 ? C_SURVIVED
								 : C_WRONG;
}

static int do_openat(void)
{
	lockdown();
	return open("/etc/hostname", O_RDONLY) >= 0
		       ? C_SURVIVED
		       : C_WRONG; /* glibc: openat */
}

static int do_socket(void)
{
	lockdown();
	return socket(AF_INET, SOCK_STREAM, 0) >= 0 ? C_SURVIVED : C_WRONG;
}

static int do_execve(void)
{
	char *const argv[] = { (char *)"true", NULL };

	lockdown();
	execve("/bin/true", argv, argv + 1);
	return C_WRONG;
}

static int do_fork(void)
{
	lockdown();
	return fork() >= 0 ? C_SURVIVED : C_WRONG; /* clone */
}

static int do_ptrace(void)
{
	lockdown();
	return ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0 ? C_SURVIVED
							  : C_WRONG;
}

static int do_exec_map(void)
{
	lockdown();
	return mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED
		       ? C_SURVIVED
		       : C_WRONG;
}

static int do_write_stdout(void)
{
	lockdown(); /* only fd 2 may be written */
	return write(1, "x", 1) == 1 ? C_SURVIVED : C_WRONG;
}

static int do_kill_parent(void)
{
	lockdown();
	return kill(getppid(), 0) == 0 ? C_SURVIVED : C_WRONG;
}

static void forbidden_calls_kill(void **state)
{
	static const struct {
		int (*fn)(void);
		const char *what;
	} cases[] = {
		{ do_open, "open" },
		{ do_openat, "openat" },
		{ do_socket, "socket" },
		{ do_execve, "execve" },
		{ do_fork, "fork" },
		{ do_ptrace, "ptrace" },
		{ do_exec_map, "mmap PROT_EXEC" },
		{ do_write_stdout, "write to fd 1" },
		{ do_kill_parent, "kill" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset_limits();
		expect_signal(run_child(cases[i].fn), SIGSYS, cases[i].what);
	}
}

/* ---- threads (ll_sandbox_limits.threads: the E01 check's hashing pipeline) ---- */

static void *thread_fn(void *arg)
{
	return arg;
}

static int do_thread(void)
{
	pthread_t t;
	void *got = NULL;

	lim.threads = true;
	lockdown();
	if (pthread_create(&t, NULL, thread_fn, &lim) != 0 || pthread_join(t, &got) != 0)
		return C_WRONG;
	return got == &lim ? C_OK : C_WRONG;
}

static int do_fork_threads(void)
{
	lim.threads = true;
	lockdown();
	return fork() >= 0 ? C_SURVIVED : C_WRONG; /* clone without CLONE_THREAD */
}

static int do_thread_refused(void)
{
	pthread_t t;

	lockdown(); /* threads not asked for: clone3 and clone are forbidden */
	return pthread_create(&t, NULL, thread_fn, NULL) == 0 ? C_SURVIVED : C_WRONG;
}

static void threads_only_when_asked(void **state)
{
	(void)state;
	reset_limits();
	expect_exit0(run_child(do_thread), "a thread with threads allowed");
	reset_limits();
	expect_signal(run_child(do_fork_threads), SIGSYS, "fork with threads allowed");
	reset_limits();
	expect_signal(run_child(do_thread_refused), SIGSYS, "a thread without");
}

/* ---- what reading needs ---- */

static char data_path[512];

static int do_read(void)
{
	struct stat sb;
	char buf[64], *big, **small;
	int fd = open(data_path, O_RDONLY | O_CLOEXEC);
	void *m;

	if (fd < 0)
		return C_SETUP;
	lockdown_piped();
	if (fstat(fd, &sb) < 0 || sb.st_size != 11 ||
		lseek(fd, 6, SEEK_SET) != 6 || read(fd, buf, 5) != 5 ||
		memcmp(buf, "world", 5) || pread(fd, buf, 5, 0) != 5 ||
		memcmp(buf, "hello", 5))
		return C_WRONG;
	/* malloc: small (brk) and large (mmap), realloc (mremap), free (munmap) */
	if (!(small = malloc(1000 * sizeof(*small))))
		return C_WRONG;
	for (int i = 0; i < 1000; i++)
		if (!(small[i] = malloc((size_t)i * 13 + 1)))
			return C_WRONG;
	for (int i = 0; i < 1000; i++)
		free(small[i]);
	free(small);
	if (!(big = malloc(64 << 20)))
		return C_WRONG;
	memset(big, 1, 64 << 20);
	if (!(big = realloc(big, 128 << 20)))
		return C_WRONG;
	free(big);
	m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m, 4096, PROT_READ) < 0 ||
		munmap(m, 1 << 20) < 0)
		return C_WRONG;
	/* a file mapped read-only: libsystemd maps journals */
	m = mmap(NULL, 11, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED || memcmp(m, "hello world", 11) ||
		munmap(m, 11) < 0)
		return C_WRONG;
	if (write(out_pipe[1], "read ok", 7) != 7 || close(fd) < 0)
		return C_WRONG;
	return C_OK;
}

static void reading_works(void **state)
{
	char buf[16] = "";
	FILE *f;

	(void)state;
	snprintf(data_path, sizeof(data_path), "%s/data", unit_dir);
	assert_non_null(f = fopen(data_path, "w"));
	fputs("hello world", f);
	assert_int_equal(fclose(f), 0);
	run_reporting(do_read, "read, malloc, mmap", buf, sizeof(buf));
	assert_string_equal(buf, "read ok");
}

/* ---- the state left: no_new_privs, seccomp, uid, limits ---- */

static int hold_pipe[2];

static int do_hold(void)
{
	char c;

	close(hold_pipe[1]);
	lockdown_piped();
	if (write(out_pipe[1], "l", 1) != 1)
		return C_WRONG;
	return read(hold_pipe[0], &c, 1) == 0
		       ? C_OK
		       : C_WRONG; /* until the parent is done */
}

/* The value of "Name:" in /proc/PID/status. */
static void status_field(char *out, size_t n, pid_t pid, const char *name)
{
	char path[64], line[256];
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, strlen(name)) &&
			line[strlen(name)] == ':') {
			snprintf(out, n, "%s",
				line + strlen(name) + 1 +
					strspn(line + strlen(name) + 1, " \t"));
			out[strcspn(out, "\n")] = '\0';
		}
	fclose(f);
}

/* The highest fd open here: the child's RLIMIT_NOFILE is at most one past it. */
static int top_fd(void)
{
	int top = -1;

	for (int fd = 0; fd < 4096; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			top = fd;
	return top;
}

static void state_after_lockdown(void **state)
{
	char v[128], path[64], line[256], c;
	bool saw_fsize = false, saw_core = false, saw_nofile = false;
	bool saw_as = false, saw_cpu = false;
	FILE *f;
	pid_t pid;
	int st;

	(void)state;
	assert_int_equal(pipe(out_pipe), 0);
	assert_int_equal(pipe(hold_pipe), 0);
	reset_limits();
	/* above what ASan reserves (its shadow): the limits are read back below */
	lim.as_bytes = UINT64_C(1) << 46;
	lim.cpu_seconds = 3600;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(do_hold());
	close(hold_pipe[0]);
	close(out_pipe[1]);
	assert_int_equal(read(out_pipe[0], &c, 1), 1);
	/* PR_GET_NO_NEW_PRIVS is not allowed inside: the kernel's account of it */
	status_field(v, sizeof(v), pid, "NoNewPrivs");
	assert_string_equal(v, "1");
	status_field(v, sizeof(v), pid, "Seccomp");
	assert_string_equal(v, "2"); /* filter mode */
	status_field(v, sizeof(v), pid, "Uid");
	if (geteuid() ==
		0) /* dropped: real, effective, saved and fs uid all non-zero */
		assert_true(v[0] != '0' && !strstr(v, "\t0"));
	status_field(v, sizeof(v), pid, "Groups");
	if (geteuid() == 0)
		assert_string_equal(v, "");
	snprintf(path, sizeof(path), "/proc/%d/limits", (int)pid);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f)) {
		unsigned long long soft, hard;

		if (!strncmp(line, "Max file size", 13) &&
			sscanf(line + 26, "%llu %llu", &soft, &hard) == 2)
			saw_fsize = soft == 0 && hard == 0;
		if (!strncmp(line, "Max core file size", 18) &&
			sscanf(line + 26, "%llu %llu", &soft, &hard) == 2)
			saw_core = soft == 0 && hard == 0;
		if (!strncmp(line, "Max open files", 14) &&
			sscanf(line + 26, "%llu %llu", &soft, &hard) == 2)
			saw_nofile = soft == hard &&
				     soft > (unsigned long long)out_pipe[1] &&
				     soft <= (unsigned long long)top_fd() + 1;
		if (!strncmp(line, "Max address space", 17) &&
			sscanf(line + 26, "%llu %llu", &soft, &hard) == 2)
			saw_as = soft == (1ULL << 46) && hard == soft;
		if (!strncmp(line, "Max cpu time", 12) &&
			sscanf(line + 26, "%llu %llu", &soft, &hard) == 2)
			saw_cpu = soft == 3600 && hard == 3601;
	}
	fclose(f);
	assert_true(saw_fsize);
	assert_true(saw_core);
	assert_true(saw_nofile);
	assert_true(saw_as);
	assert_true(saw_cpu);
	close(hold_pipe[1]);
	close(out_pipe[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	expect_exit0(st, "held child");
}

/* ---- rlimits ---- */

#ifndef UNDER_ASAN
static int do_big_malloc(void)
{
	void *p;

	lockdown();
	if (!(p = malloc(16 << 20)))
		return C_WRONG; /* a modest one still works */
	free(p);
	return malloc((size_t)1 << 30) == NULL ? C_OK : C_SURVIVED;
}
#endif

static void address_space_limit(void **state)
{
	(void)state;
#ifdef UNDER_ASAN
	LL_SKIP("RLIMIT_AS: ASan reserves terabytes of shadow memory (the "
		"workers' cap is off there)");
#else
	reset_limits();
	lim.as_bytes = 512u << 20;
	expect_exit0(
		run_child(do_big_malloc), "1 GiB malloc under a 512 MiB cap");
#endif
}

static int do_spin(void)
{
	struct timespec t0, t;
	volatile uint64_t x = 0;

	lockdown();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (int i = 0; i < 1000000; i++)
			x += (uint64_t)i;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 20);
	return C_SURVIVED;
}

static void cpu_limit(void **state)
{
	int st;

	(void)state;
	reset_limits();
	lim.cpu_seconds = 1;
	st = run_child(do_spin);
	assert_true(WIFSIGNALED(st));
	assert_true(WTERMSIG(st) == SIGXCPU || WTERMSIG(st) == SIGKILL);
}

static int do_write_file(void)
{
	int fd =
		open(data_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		return C_SETUP;
	lim.write_fds[1] = fd;
	lim.nwrite_fds = 2;
	lockdown();
	/* refused (EFBIG), not killed: stderr may be a file a message must not kill on */
	if (write(fd, "x", 1) == 1)
		return C_SURVIVED;
	return errno == EFBIG ? C_OK : C_WRONG;
}

static void no_file_grows(void **state)
{
	struct stat sb;

	(void)state;
	snprintf(data_path, sizeof(data_path), "%s/grow", unit_dir);
	reset_limits();
	/* even an fd opened for writing before, and allowed by the filter */
	expect_exit0(run_child(do_write_file), "write to a regular file refused with EFBIG");
	assert_int_equal(stat(data_path, &sb), 0);
	assert_int_equal(sb.st_size, 0);
}

/* ---- the real readers under the filter ---- */

static char evtx_path[512], image_path[512];

/* Every file's name and content, as icat would read them. */
static TSK_WALK_RET_ENUM on_file(TSK_FS_FILE *file, const char *path, void *p)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	char buf[64];

	(void)path;
	if (file->meta && file->meta->type == TSK_FS_META_TYPE_REG &&
		tk->fs_file_read(file, 0, buf, sizeof(buf),
			TSK_FS_FILE_READ_FLAG_NONE) < 0 &&
		file->meta->size > 0)
		return TSK_WALK_ERROR;
	(*(uint64_t *)p)++;
	return TSK_WALK_CONT;
}

static int do_readers(void)
{
	/* loaded before the lock-down, as the workers do (core/dynlib.h) */
	const struct ll_evtx_api *lx = ll_evtx_api_get();
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	libevtx_file_t *f = NULL;
	struct ll_tsk_image *img = NULL;
	struct stat sb;
	void *map = NULL;
	int fd = -1;
	TSK_FS_INFO *fs = NULL;
	struct ll_evtx_doc doc = { 0 };
	int n = 0, parsed = 0;
	uint64_t entries = 0;
	char msg[64];

	/*
	 * What the worker will do: open every input, then lock down. libtsk's
	 * raw image reopens its files by name on every read (the open below
	 * proves it: the walk of an image opened by path dies on openat), so
	 * the image is handed over as a read-only mapping of the open file.
	 */
	if (!lx || !tk || lx->file_initialize(&f, NULL) != 1 ||
		lx->file_open(f, evtx_path, LIBEVTX_OPEN_READ, NULL) != 1 ||
		(fd = open(image_path, O_RDONLY | O_CLOEXEC)) < 0 ||
		fstat(fd, &sb) < 0 ||
		(map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE,
			 fd, 0)) == MAP_FAILED ||
		ll_tsk_image_open_mem(&img, map, (size_t)sb.st_size) < 0)
		return C_SETUP;
	/*
	 * The walk pins TZ=UTC0 and calls tzset(), which looks for a zoneinfo
	 * file of that name: glibc reads it once per TZ value, so the worker
	 * primes it before the lock-down (any --tz zone likewise).
	 */
	setenv("TZ", "UTC0", 1);
	tzset();
	lockdown_piped();
	if (lx->file_get_number_of_records(f, &n, NULL) != 1 || n < 1)
		return C_WRONG;
	for (int i = 0; i < n; i++) {
		libevtx_record_t *r = NULL;
		struct ll_buf x = LL_BUF_INIT;
		size_t xs = 0;

		if (lx->file_get_record_by_index(f, i, &r, NULL) != 1 ||
			lx->record_get_utf8_xml_string_size(r, &xs, NULL) !=
				1 ||
			ll_buf_grow(&x, xs) < 0 ||
			lx->record_get_utf8_xml_string(
				r, (uint8_t *)x.ptr, xs, NULL) != 1)
			return C_WRONG;
		parsed +=
			ll_evtx_xml_parse(&doc, x.ptr, strnlen(x.ptr, xs)) == 0;
		ll_buf_release(&x);
		lx->record_free(&r, NULL);
	}
	ll_evtx_doc_release(&doc);
	lx->file_close(f, NULL);
	lx->file_free(&f, NULL);
	/*
	 * libtsk itself, not ll_tsk_walk: its address-space guard
	 * (analyze/tsk/tsk_guard.c) reads /proc/self/statm and sets
	 * RLIMIT_AS, which a worker's own RLIMIT_AS replaces.
	 */
	if (!(fs = tk->fs_open_img(img->img, 0, TSK_FS_TYPE_DETECT)) ||
		tk->fs_dir_walk(fs, fs->root_inum, TSK_FS_DIR_WALK_FLAG_RECURSE,
			on_file, &entries) != 0 ||
		entries < 3)
		return C_WRONG;
	tk->fs_close(fs);
	ll_tsk_image_close(img);
	snprintf(msg, sizeof(msg), "%d %d %llu", n, parsed,
		(unsigned long long)entries);
	return write(out_pipe[1], msg, strlen(msg)) > 0 ? C_OK : C_WRONG;
}

static void readers_under_filter(void **state)
{
	char cmd[2048], buf[64] = "";
	int st, n = 0, parsed = 0;
	unsigned long long entries = 0;

	(void)state;
	snprintf(evtx_path, sizeof(evtx_path),
		"%s/testdata/evtx/cc0_4624_runas_different_user.evtx",
		LL_SHARED_DIR);
	if (access(evtx_path, R_OK) != 0) {
		LL_SKIP("../shared/testdata/evtx is not here");
		return;
	}
	snprintf(image_path, sizeof(image_path), "%s/ext.img", unit_dir);
	snprintf(cmd, sizeof(cmd),
		"command -v mkfs.ext4 >/dev/null || exit 77; d='%s/tree'; "
		"mkdir -p \"$d/etc\" && "
		"echo hi > \"$d/etc/motd\" && echo x > \"$d/a\" && "
		"mkfs.ext4 -q -F -d \"$d\" '%s' 4M",
		unit_dir, image_path);
	st = ll_unit_sh(cmd);
	if (st == 77) {
		LL_SKIP("mkfs.ext4 is not installed");
		return;
	}
	assert_int_equal(st, 0);
	run_reporting(do_readers, "libevtx and libtsk after the lock-down", buf,
		sizeof(buf));
	assert_int_equal(sscanf(buf, "%d %d %llu", &n, &parsed, &entries), 3);
	assert_true(n >= 1);
	assert_int_equal(parsed, n);
	assert_true(entries >= 3);
}

static char e01_path[512];

/* libewf keeps its segment files open: an E01 opened by name reads after the lock-down. */
static int do_e01(void)
{
	const char *paths[1] = { e01_path };
	struct ll_tsk_image *img = NULL;
	char buf[4096];
	uint64_t size, sum = 0;
	const struct ll_tsk_api *tk;

	if (ll_tsk_image_open(&img, paths, 1) < 0 || !(tk = ll_tsk_api_get()))
		return C_SETUP;
	lockdown_piped();
	size = ll_tsk_image_size(img);
	for (uint64_t off = 0; off < size; off += sizeof(buf) * 97) {
		if (tk->img_read(img->img, (TSK_OFF_T)off, buf, sizeof(buf)) <
			0)
			return C_WRONG;
		sum += (unsigned char)buf[0];
	}
	ll_tsk_image_close(img);
	return dprintf(out_pipe[1], "%llu", (unsigned long long)sum) > 0
		       ? C_OK
		       : C_WRONG;
}

static void e01_under_filter(void **state)
{
	char buf[64] = "";

	(void)state;
	snprintf(e01_path, sizeof(e01_path), "%s/testdata/disk/e01rs_image.E01",
		LL_SHARED_DIR);
	if (access(e01_path, R_OK) != 0) {
		LL_SKIP("../shared/testdata/disk is not here");
		return;
	}
	run_reporting(do_e01, "libewf after the lock-down", buf, sizeof(buf));
}

static char journal_path[512];

/* libsystemd over a journal opened as an fd: it maps the file and decompresses. */
static int do_journal(void)
{
	sd_journal *j = NULL;
	const void *d;
	size_t len, total = 0;
	int fd = open(journal_path, O_RDONLY | O_CLOEXEC), n = 0;

	if (fd < 0 || sd_journal_open_files_fd(&j, &fd, 1, 0) < 0)
		return C_SETUP;
	lockdown_piped();
	SD_JOURNAL_FOREACH(j)
	{
		if (sd_journal_get_data(j, "MESSAGE", &d, &len) < 0)
			return C_WRONG;
		total += len;
		n++;
	}
	sd_journal_close(j);
	return dprintf(out_pipe[1], "%d %zu", n, total) > 0 ? C_OK : C_WRONG;
}

static void journal_under_filter(void **state)
{
	char cmd[2048], buf[64] = "";
	int st, n = 0;
	size_t total = 0;

	(void)state;
	snprintf(journal_path, sizeof(journal_path), "%s/x.journal", unit_dir);
	/* the second message is longer than journald's compression threshold */
	snprintf(cmd, sizeof(cmd),
		"JR=/lib/systemd/systemd-journal-remote; [ -x $JR ] || "
		"JR=/usr/lib/systemd/systemd-journal-remote; "
		"[ -x $JR ] || exit 77; long=$(printf 'study%%04d ' $(seq 1 "
		"200)); "
		"printf "
		"'__REALTIME_TIMESTAMP=1717236000123456\n__MONOTONIC_TIMESTAMP="
		"1000000\n"
		"_BOOT_ID=0123456789abcdef0123456789abcdef\nMESSAGE=hello\n\n"
		"__REALTIME_TIMESTAMP=1717236060000001\n__MONOTONIC_TIMESTAMP="
		"2000000\n"
		"_BOOT_ID=0123456789abcdef0123456789abcdef\nMESSAGE=%%s\n\n' "
		"\"$long\" | "
		"$JR -o '%s' - 2>/dev/null",
		journal_path);
	st = ll_unit_sh(cmd);
	if (st == 77) {
		LL_SKIP("systemd-journal-remote is not installed");
		return;
	}
	assert_int_equal(st, 0);
	run_reporting(
		do_journal, "libsystemd after the lock-down", buf, sizeof(buf));
	assert_int_equal(sscanf(buf, "%d %zu", &n, &total), 2);
	assert_int_equal(n, 2);
	assert_int_equal(
		total, strlen("MESSAGE=hello") + strlen("MESSAGE=") + 200 * 10);
}

static int setup(void **state)
{
	(void)state;
	return unit_tmpdir_make("sandbox");
}

static int teardown(void **state)
{
	(void)state;
	return unit_tmpdir_remove();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forbidden_calls_kill),
		cmocka_unit_test(threads_only_when_asked),
		cmocka_unit_test(reading_works),
		cmocka_unit_test(state_after_lockdown),
		cmocka_unit_test(address_space_limit),
		cmocka_unit_test(cpu_limit),
		cmocka_unit_test(no_file_grows),
		cmocka_unit_test(readers_under_filter),
		cmocka_unit_test(e01_under_filter),
		cmocka_unit_test(journal_under_filter),
	};

	return ll_unit_exit(cmocka_run_group_tests(tests, setup, teardown));
}
