/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test helper (compiled by the CLI tests with the system's cc): appends login
 * records to FILE through glibc's own writer, updwtmp(3), one per input line:
 *   TYPE PID LINE ID USER HOST ADDR SEC USEC SESSION TERMINATION EXIT
 * separated by tabs, "-" for an empty string. ADDR is IPv4 or IPv6 text.
 * The layout is glibc's struct utmp of this machine: lifeline decodes the
 * bytes without it, so the two are checked against each other.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utmp.h>

#define NF 12

static void str(char *dst, size_t size, const char *s)
{
	/* strncpy as login programs do: NUL-padded, not terminated when full */
	strncpy(dst, strcmp(s, "-") ? s : "", size);
}

int main(int argc, char **argv)
{
	char buf[4096];
	unsigned lineno = 0;
	struct stat sb;
	off_t before;
	FILE *t;

	if (argc != 2) {
		fprintf(stderr, "usage: utmp_write FILE <records.tsv\n");
		return 2;
	}
	/* updwtmp appends only to a file that exists */
	if (!(t = fopen(argv[1], "ab")) || fclose(t)) {
		perror(argv[1]);
		return 1;
	}
	while (fgets(buf, sizeof(buf), stdin)) {
		char *f[NF], *p = buf;
		struct utmp u;
		int n = 0;

		lineno++;
		buf[strcspn(buf, "\n")] = '\0';
		if (!*buf || *buf == '#')
			continue;
		while (n < NF) {
			f[n++] = p;
			if (!(p = strchr(p, '\t')))
				break;
			*p++ = '\0';
		}
		if (n != NF || p) {
			fprintf(stderr, "line %u: %d fields, %d expected\n", lineno, n, NF);
			return 1;
		}
		memset(&u, 0, sizeof(u));
		u.ut_type = (short)strtol(f[0], NULL, 0);
		u.ut_pid = (pid_t)strtol(f[1], NULL, 0);
		str(u.ut_line, sizeof(u.ut_line), f[2]);
		str(u.ut_id, sizeof(u.ut_id), f[3]);
		str(u.ut_user, sizeof(u.ut_user), f[4]);
		str(u.ut_host, sizeof(u.ut_host), f[5]);
		if (strcmp(f[6], "-") &&
		    inet_pton(strchr(f[6], ':') ? AF_INET6 : AF_INET, f[6], u.ut_addr_v6) != 1) {
			fprintf(stderr, "line %u: bad address '%s'\n", lineno, f[6]);
			return 1;
		}
		u.ut_tv.tv_sec = (int32_t)strtol(f[7], NULL, 10);
		u.ut_tv.tv_usec = (int32_t)strtol(f[8], NULL, 10);
		u.ut_session = (int32_t)strtol(f[9], NULL, 10);
		u.ut_exit.e_termination = (short)strtol(f[10], NULL, 10);
		u.ut_exit.e_exit = (short)strtol(f[11], NULL, 10);
		if (stat(argv[1], &sb)) {
			perror(argv[1]);
			return 1;
		}
		before = sb.st_size;
		updwtmp(argv[1], &u);
		/* updwtmp says nothing when it fails: the file must have grown */
		if (stat(argv[1], &sb) || sb.st_size != before + (off_t)sizeof(u)) {
			fprintf(stderr, "line %u: updwtmp did not append a record\n", lineno);
			return 1;
		}
	}
	return 0;
}
