/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check (a): the file-system timeline against The Sleuth Kit's `fls -r -m /`.
 * Images are made on the spot with the real tools (mkfs.ext4 -d; mkfs.vfat and
 * mtools), plus any under DATA/fs/; each is acquired with `collect image`,
 * read by `analyze timeline`, exported as a bodyfile and compared line by line
 * with fls's bodyfile of the same image.
 */
#include "core/compat.h"
#include "cli/validate/vcheck.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/fsutil.h"

static const char limits_fs[] =
	"Compares the bodyfile (names, inode, mode, uid, gid, size and the four MACB times) "
	"that lifeline and fls derive from the same libtsk walk; an error common to both "
	"(libtsk itself) is not detected. Only the file systems made here and those under "
	"--data are covered; lifeline escapes '|' as %7C and '%' as %25, undone before "
	"comparing.";

/* our documented escapes undone: %7C is '|', %25 is '%' (tests/cli/t2002) */
static void unescape_line(char *s)
{
	char *w = s;

	for (char *r = s; *r;) {
		if (r[0] == '%' && r[1] == '7' && (r[2] == 'C' || r[2] == 'c')) {
			*w++ = '|';
			r += 3;
		} else if (r[0] == '%' && r[1] == '2' && r[2] == '5') {
			*w++ = '%';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static int put_file(const char *dir, const char *rel, const char *text, time_t t)
{
	char p[4096];
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };
	int rc;

	vfmt(p, sizeof(p), "%s/%s", dir, rel);
	if ((rc = ll_write_new_file(p, 0644, text, strlen(text))) < 0)
		return rc;
	utimensat(AT_FDCWD, p, ts, 0);
	return 0;
}

/* The tree both images hold: names with '|' and '%', nested folders, fixed times. */
static int make_tree(const char *t)
{
	char p[4096];
	int rc = 0;

	vfmt(p, sizeof(p), "%s/dir/sub", t);
	if ((rc = ll_mkdirs(p, 0755)) < 0)
		return rc;
	if ((rc = put_file(t, "a.txt", "hello\n", 1580702706)) < 0 ||
	    (rc = put_file(t, "pipe|name.txt", "pipe\n", 1600000000)) < 0 ||
	    (rc = put_file(t, "pct%41.txt", "pct\n", 1600000001)) < 0 ||
	    (rc = put_file(t, "dir/b.txt", "b\n", 1625402096)) < 0 ||
	    (rc = put_file(t, "dir/sub/c.txt", "x", 1625402097)) < 0)
		return rc;
	return 0;
}

static int make_fat(struct vctx *c, const char *img, const char *tree)
{
	char a[4096], b[4096];
	const char *mk[] = { "mkfs.vfat", "-C", img, "1440", NULL };
	const char *cp[] = { "mcopy", "-m", "-i", img, a, "::/", NULL };
	const char *md[] = { "mmd", "-i", img, "::/DIR", NULL };
	const char *cp2[] = { "mcopy", "-m", "-i", img, b, "::/DIR/", NULL };
	int rc;

	vfmt(a, sizeof(a), "%s/a.txt", tree);
	vfmt(b, sizeof(b), "%s/dir/b.txt", tree);
	if ((rc = vrun(c, mk, NULL, NULL)) != 0 || (rc = vrun(c, cp, NULL, NULL)) != 0 ||
	    (rc = vrun(c, md, NULL, NULL)) != 0 || (rc = vrun(c, cp2, NULL, NULL)) != 0)
		return rc < 0 ? rc : ll_error_set(LL_EIO, "making the FAT image failed (exit %d)", rc);
	return 0;
}

/* One image: lifeline's bodyfile against fls's. */
static int compare_image(struct vctx *c, json_t *check, const char *casedir, const char *name,
			 const char *img)
{
	char j[4096], ours[4096], theirs[4096], id[64];
	const char *col[] = { "lifeline", "-C", casedir, "--json", "collect", "image", img,
			      "--format", "raw", NULL };
	const char *ana[] = { "lifeline", "-C", casedir, "analyze", "timeline", id, NULL };
	const char *exp[] = { "lifeline", "-C", casedir, "timeline", "export", "--format",
			      "bodyfile", "--evidence", id, "-o", ours, NULL };
	const char *fls[] = { "fls", "-r", "-m", "/", img, NULL };
	uint64_t n = 0, eq = 0, diff = 0;
	int rc;

	vsay(c, "fs: %s", name);
	vpath(c, j, sizeof(j), "collect.json");
	vpath(c, ours, sizeof(ours), "ours.body");
	vpath(c, theirs, sizeof(theirs), "fls.body");
	if ((rc = vrun_self(c, col, j)) != 0 || (rc = vjson_id(id, sizeof(id), j, "id")) != 0)
		return vdata_add(check, name, img, 0, 0, 0, "collect image failed");
	if ((rc = vrun_self(c, ana, NULL)) != 0)
		return vdata_add(check, name, img, 0, 0, 0, "analyze timeline failed");
	if ((rc = vrun_self(c, exp, NULL)) != 0)
		return vdata_add(check, name, img, 0, 0, 0, "timeline export failed");
	if ((rc = vrun(c, fls, theirs, NULL)) != 0)
		return vdata_add(check, name, img, 0, 0, 0, "fls failed");
	if ((rc = vcompare_lines(&n, &eq, &diff, ours, theirs, unescape_line)) < 0)
		return rc;
	return vdata_add(check, name, img, n, eq, diff, NULL);
}

int vcheck_fs(struct vctx *c, json_t *checks)
{
	char *ver = vtool_version(c, "fls");
	json_t *check = vcheck_new("fs-bodyfile", "file-system timeline (bodyfile) of disk images",
				   "fls -r -m /", ver, limits_fs);
	json_t *skipped = json_array();
	char tree[4096], casedir[4096], img[4096], dir[4096];
	int rc = 0;

	ll_free(ver);
	json_array_append_new(checks, check);
	json_object_set_new(check, "data_not_made", skipped);
	if (!vtool_present("fls")) {
		vcheck_not_run(check, "fls missing (The Sleuth Kit)");
		return 0;
	}
	vpath(c, tree, sizeof(tree), "tree");
	if ((rc = make_tree(tree)) < 0 || (rc = vcase_new(c, casedir, sizeof(casedir), "fs")) < 0)
		return rc;
	if (vtool_present("mkfs.ext4")) {
		const char *mk[] = { "mkfs.ext4", "-q", "-F", "-d", tree, img, "4M", NULL };

		vpath(c, img, sizeof(img), "ext4.img");
		if ((rc = vrun(c, mk, NULL, NULL)) != 0)
			return rc < 0 ? rc : ll_error_set(LL_EIO, "mkfs.ext4 exited %d", rc);
		if ((rc = compare_image(c, check, casedir, "ext4 made by mkfs.ext4 -d", img)) < 0)
			return rc;
	} else {
		json_array_append_new(skipped, json_string("ext4: mkfs.ext4 missing"));
	}
	if (vtool_present("mkfs.vfat") && vtool_present("mcopy") && vtool_present("mmd")) {
		vpath(c, img, sizeof(img), "fat.img");
		if ((rc = make_fat(c, img, tree)) < 0 ||
		    (rc = compare_image(c, check, casedir, "FAT12 made by mkfs.vfat + mtools", img)) < 0)
			return rc;
	} else {
		json_array_append_new(skipped, json_string("FAT: mkfs.vfat or mtools missing"));
	}
	if (c->data) {
		struct dirent **de = NULL;
		int n;

		vfmt(dir, sizeof(dir), "%s/fs", c->data);
		/* in name order: the same data gives the same record */
		n = scandir(dir, &de, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			struct stat sb;

			vfmt(img, sizeof(img), "%s/%s", dir, de[i]->d_name);
			if (rc == 0 && de[i]->d_name[0] != '.' && stat(img, &sb) == 0 &&
			    S_ISREG(sb.st_mode))
				rc = compare_image(c, check, casedir, de[i]->d_name, img);
			free(de[i]);
		}
		free(de);
	}
	if (rc == 0)
		vcheck_finish(check);
	return rc;
}
