/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where the shipped rules are (rules/builtin, ransom_notes.txt,
 * backup_patterns.txt), found without any environment variable wherever the
 * binary runs from. In this order, the first that applies wins:
 *
 *  1. $LIFELINE_RULES_DIR: the examiner's (or a test's) own choice.
 *  2. The build tree: a binary running from the build directory it was built
 *     in (LL_RULES_BUILD_DIR) uses the source tree's rules/ (LL_RULES_SOURCE_DIR),
 *     so an edit of a rule takes effect without an install. Not in a package
 *     (cmake -DLL_RULES_BUILD_TREE=OFF): its binary names no build path.
 *  3. Relative to the binary: <directory of the binary>/LL_RULES_RELATIVE, i.e.
 *     bin/../share/lifeline. This makes an install relocatable: `cmake
 *     --install --prefix P` (or DESTDIR) and a package unpacked with `dpkg -x`
 *     into a root directory find their own rules, not those of another install.
 *  4. The compiled install path, ${CMAKE_INSTALL_FULL_DATADIR}/lifeline
 *     (LL_RULES_INSTALL_DIR): /usr/share/lifeline in the Debian package.
 *
 * Steps 2 and 3 need the binary's own path: /proc/self/exe. Without /proc
 * (a chroot) they are skipped and 4 applies. A directory counts only if it
 * holds builtin/, so a stray share/lifeline does not hide the real one.
 */
#include "core/compat.h"
#include "analyze/detect/detect_rules.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LL_RULES_SOURCE_DIR
#define LL_RULES_SOURCE_DIR "rules"
#endif
#ifndef LL_RULES_INSTALL_DIR
#define LL_RULES_INSTALL_DIR "/usr/share/lifeline"
#endif
#ifndef LL_RULES_RELATIVE
#define LL_RULES_RELATIVE "../share/lifeline"
#endif

static bool has_builtin(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	int n = snprintf(p, sizeof(p), "%s/builtin", dir);

	return n > 0 && (size_t)n < sizeof(p) && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The directory of the running binary into `out`; false if unknown. */
static bool exe_dir(char *out, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", out, cap - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= cap - 1)
		return false;
	out[n] = '\0';
	if (!(slash = strrchr(out, '/')))
		return false;
	*slash = '\0';
	return true;
}

const char *ll_rules_dir(void)
{
	static char found[PATH_MAX];
	const char *e = getenv("LIFELINE_RULES_DIR");
	char dir[PATH_MAX];

	if (e && *e)
		return e;
	if (exe_dir(dir, sizeof(dir))) {
#ifdef LL_RULES_BUILD_DIR
		char build[PATH_MAX];

		/* realpath: the build directory may be named through a symlink */
		if (realpath(LL_RULES_BUILD_DIR, build) && !strcmp(build, dir))
			return LL_RULES_SOURCE_DIR;
#endif
		int n = snprintf(found, sizeof(found), "%s/%s", dir, LL_RULES_RELATIVE);

		if (n > 0 && (size_t)n < sizeof(found) && has_builtin(found))
			return found;
	}
	return LL_RULES_INSTALL_DIR;
}
