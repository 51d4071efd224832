/* SPDX-License-Identifier: Apache-2.0 */
/* A worker's Landlock ruleset: read the system's libraries and the item's named files, nothing else. */
#define _GNU_SOURCE 1 /* syscall, O_PATH */
#include "core/compat.h"
#include "analyze/worker/landlock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/landlock.h>

#include "core/alloc.h"
#include "core/error.h"

/* The rights of later ABIs, for headers older than the kernel (Debian 12's are ABI 2). */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15)
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif

/* struct landlock_ruleset_attr as of ABI 6; the kernel is told how much of it it knows. */
struct ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;	     /* ABI 6 */
};

#define FS_ABI1                                                                \
	(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |          \
		LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR |   \
		LANDLOCK_ACCESS_FS_REMOVE_DIR |                                \
		LANDLOCK_ACCESS_FS_REMOVE_FILE |                               \
		LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |   \
		LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |   \
		LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK | \
		LANDLOCK_ACCESS_FS_MAKE_SYM)
#define GRANT_DIR (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define GRANT_FILE LANDLOCK_ACCESS_FS_READ_FILE

/*
 * What the readers' libraries read before the lock-down (strace -f -e
 * trace=%file of `analyze timeline` over each kind): the loader's cache and
 * directories (dlopen of libevtx, libevt, libtsk; NSS modules), the zone database and the
 * local zone, OpenSSL's configuration (the FHIR reader), NSS's files (the
 * lookup of "nobody" in ll_sandbox_enter), /proc/self (the fd count that
 * sizes RLIMIT_NOFILE; sanitizers' maps), /dev/null. No directory that holds
 * a case or a key: /home, /root, /tmp, /var, /srv, /mnt, /media stay shut.
 */
static const char *const system_dirs[] = {
	"/lib",
	"/lib64",
	"/lib32",
	"/libx32",
	"/usr/lib",
	"/usr/lib64",
	"/usr/lib32",
	"/usr/libx32",
	"/usr/local/lib",
	"/usr/share/zoneinfo",
	"/etc/ld.so.conf.d",
	"/etc/ssl",
	"/usr/lib/ssl",
	"/etc/pki/tls",
	"/proc/self",
};
static const char *const system_files[] = {
	"/etc/ld.so.cache",
	"/etc/ld.so.conf",
	"/etc/ld.so.preload",
	"/etc/localtime",
	"/etc/timezone",
	"/etc/passwd",
	"/etc/group",
	"/etc/nsswitch.conf",
	"/dev/null",
	"/dev/urandom",
	"/sys/devices/system/cpu/online",
};

static int landlock_create(
	const struct ruleset_attr *attr, size_t size, uint32_t flags)
{
	return (int)syscall(SYS_landlock_create_ruleset, attr, size, flags);
}

int ll_landlock_abi(void)
{
	int abi = landlock_create(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

	return abi < 0 ? 0 : abi;
}

/* A rule that the file of `fd` (a directory: all beneath it) may be read. */
static int allow_fd(int ruleset, int fd, const char *name)
{
	struct landlock_path_beneath_attr pb = { 0 };
	struct stat sb;

	if (fstat(fd, &sb) < 0)
		return 0;
	/* a directory's rule may hold READ_DIR; a file's only file rights */
	pb.allowed_access = S_ISDIR(sb.st_mode) ? GRANT_DIR : GRANT_FILE;
	pb.parent_fd = fd;
	if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
		    &pb, 0) < 0)
		return ll_error_set(LL_EIO,
			"landlock: cannot add a rule for %s: %s", name,
			strerror(errno));
	return 0;
}

/* `path` (a directory only when `dir_ok`) may be read; a name that does not open is skipped. */
static int allow(int ruleset, const char *path, bool dir_ok)
{
	struct stat sb;
	int fd, rc = 0;

	if (!path || !path[0] || (fd = open(path, O_PATH | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && (dir_ok || !S_ISDIR(sb.st_mode)))
		rc = allow_fd(ruleset, fd, path);
	close(fd);
	return rc;
}

/* The directories of a PATH-like variable (LD_LIBRARY_PATH, TZDIR ...). */
static int allow_list(int ruleset, const char *var)
{
	const char *v = getenv(var);
	char buf[4096];
	int rc = 0;

	if (!v || strlen(v) >= sizeof(buf))
		return 0;
	memcpy(buf, v, strlen(v) + 1);
	for (char *save = NULL, *p = strtok_r(buf, ":", &save); p && rc == 0;
		p = strtok_r(NULL, ":", &save))
		if (p[0] == '/')
			rc = allow(ruleset, p, true);
	return rc;
}

static int rules(int ruleset, const char *const *files, size_t n)
{
	static const char *const vars[] = { "LD_LIBRARY_PATH", "TZDIR",
		"OPENSSL_CONF", "OPENSSL_MODULES" };
	int rc = 0;

	for (size_t i = 0;
		i < sizeof(system_dirs) / sizeof(system_dirs[0]) && rc == 0;
		i++)
		rc = allow(ruleset, system_dirs[i], true);
	for (size_t i = 0;
		i < sizeof(system_files) / sizeof(system_files[0]) && rc == 0;
		i++)
		rc = allow(ruleset, system_files[i], false);
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]) && rc == 0; i++)
		rc = allow_list(ruleset, vars[i]);
	/* the item's files: files only, a directory named here grants nothing */
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = allow(ruleset, files[i], false);
	return rc;
}

static int unavailable(char *why, size_t whylen, const char *reason)
{
	snprintf(why, whylen,
		LL_LANDLOCK_UNAVAILABLE
		": %s; the reader opened its files without a file-system "
		"confinement (the seccomp lock-down after it still holds)",
		reason);
	return 0;
}

int ll_landlock_confine(const char *const *files, size_t n, int reopen_fd,
	char *why, size_t whylen)
{
	struct ruleset_attr attr = { .handled_access_fs = FS_ABI1 };
	size_t size = sizeof(attr.handled_access_fs);
	int abi, ruleset, rc;

	why[0] = '\0';
#ifdef LL_TEST_HOOKS
	if (getenv("LIFELINE_TEST_NO_LANDLOCK"))
		return unavailable(why, whylen,
			"turned off for a test (LIFELINE_TEST_NO_LANDLOCK)");
#endif
	if ((abi = landlock_create(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)) <
		0) {
		if (errno == ENOSYS || errno == EOPNOTSUPP)
			return unavailable(why, whylen,
				errno == ENOSYS
					? "the kernel has no Landlock (ENOSYS)"
					: "Landlock is disabled (EOPNOTSUPP)");
		return ll_error_set(LL_EIO,
			"landlock: cannot read its ABI version: %s",
			strerror(errno));
	}
#ifdef LL_TEST_HOOKS
	/* LIFELINE_TEST_LANDLOCK_ABI=N: as an older kernel (Debian 12's 6.1 has ABI 2) */
	{
		const char *cap = getenv("LIFELINE_TEST_LANDLOCK_ABI");

		if (cap && cap[0] >= '1' && cap[0] <= '9' && !cap[1] &&
			cap[0] - '0' < abi)
			abi = cap[0] - '0';
	}
#endif
	if (abi >= 2)
		attr.handled_access_fs |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		attr.handled_access_fs |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 4) {
		attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP |
					  LANDLOCK_ACCESS_NET_CONNECT_TCP;
		size = offsetof(struct ruleset_attr, scoped);
	}
	if (abi >= 5)
		attr.handled_access_fs |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	if (abi >= 6) {
		attr.scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET |
			      LANDLOCK_SCOPE_SIGNAL;
		size = sizeof(attr);
	}
	if ((ruleset = landlock_create(&attr, size, 0)) < 0)
		return ll_error_set(LL_EIO,
			"landlock: cannot create the ruleset (ABI %d): %s", abi,
			strerror(errno));
	rc = rules(ruleset, files, n);
	if (rc == 0 && reopen_fd >= 0)
		rc = allow_fd(ruleset, reopen_fd, "the scratch file");
	/* Landlock needs no_new_privs from an unprivileged process; a worker wants it anyway */
	if (rc == 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		rc = ll_error_set(LL_EIO,
			"landlock: cannot set no_new_privs: %s",
			strerror(errno));
	if (rc == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
		rc = ll_error_set(LL_EIO,
			"landlock: cannot enforce the ruleset: %s",
			strerror(errno));
	close(ruleset);
	return rc < 0 ? rc : 1;
}

int ll_landlock_worker(const char *path, const char *mapping,
	const char *const *segs, size_t nsegs, int scratch_fd, json_t *warnings)
{
	const char **files;
	char why[256];
	size_t n = 0;
	int rc;

	if (!(files = ll_calloc(nsegs + 2, sizeof(*files))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	files[n++] = path;
	files[n++] = mapping;
	for (size_t i = 0; i < nsegs; i++)
		files[n++] = segs[i];
	rc = ll_landlock_confine(files, n, scratch_fd, why, sizeof(why));
	ll_free(files);
	if (rc == 0 && warnings) {
		if (json_array_append_new(warnings, json_string(why)) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
	} else if (rc == 0)
		fprintf(stderr, "lifeline __worker: warning: %s\n", why);
#ifdef LL_TEST_HOOKS
	{
		/* LIFELINE_TEST_WORKER=prepopen[:TEXT]: the workers of the files whose path holds TEXT */
		const char *hook = getenv("LIFELINE_TEST_WORKER");

		if (rc >= 0 && hook && !strncmp(hook, "prepopen", 8) &&
			(hook[8] == '\0' || (hook[8] == ':' && path &&
						    strstr(path, hook + 9))))
			ll_landlock_test_prepopen();
	}
#endif
	return rc < 0 ? rc : 0;
}

/* A Landlock warning `list` already holds. */
static bool repeated(const json_t *list, const char *text)
{
	if (!text || strncmp(text, LL_LANDLOCK_UNAVAILABLE,
			     strlen(LL_LANDLOCK_UNAVAILABLE)) != 0)
		return false;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *s = json_string_value(json_array_get(list, i));

		if (s && !strcmp(s, text))
			return true;
	}
	return false;
}

int ll_landlock_warn_extend(json_t *to, const json_t *from)
{
	for (size_t i = 0; i < json_array_size(from); i++) {
		json_t *w = json_array_get(from, i);

		if (!repeated(to, json_string_value(w)) &&
			json_array_append(to, w) < 0)
			return ll_error_set(LL_ENOMEM, "out of memory");
	}
	return 0;
}

bool ll_landlock_warn_seen(const json_t *list, const char *text)
{
	static bool said;

	if (strncmp(text, LL_LANDLOCK_UNAVAILABLE,
		    strlen(LL_LANDLOCK_UNAVAILABLE)) != 0)
		return false;
	if (repeated(list, text))
		return true;
	if (!said)
		fprintf(stderr, "lifeline: warning: %s\n", text);
	said = true;
	return false;
}

#ifdef LL_TEST_HOOKS
static const char *try_open(const char *path, int flags, char *buf, size_t len)
{
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0) {
		snprintf(buf, len, "refused (%s)", strerror(errno));
		return buf;
	}
	close(fd);
	return "OPENED";
}

void ll_landlock_test_prepopen(void)
{
	const char *v = getenv("LIFELINE_TEST_PREPOPEN");
	char list[4096], r[128], w[128];

	if (!v || strlen(v) >= sizeof(list))
		return;
	memcpy(list, v, strlen(v) + 1);
	for (char *save = NULL, *p = strtok_r(list, ":", &save); p;
		p = strtok_r(NULL, ":", &save))
		fprintf(stderr,
			"lifeline __worker: prepopen %s: read %s, write %s\n",
			p, try_open(p, O_RDONLY, r, sizeof(r)),
			try_open(p, O_WRONLY | O_APPEND, w, sizeof(w)));
}
#endif
