/* SPDX-License-Identifier: Apache-2.0 */
/* libtsk adapter, part 2: volumes, file systems and the fls-equivalent walk (pools: tsk_pool.c). */
#include "core/compat.h"
#include "analyze/tsk/tsk_walk.h"
#include "analyze/tsk/tsk_guard.h"
#include "analyze/tsk/tsk_internal.h"
#include "analyze/tsk/tsk_usn.h"

#include <strings.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/hostname.h"
#include "analyze/registry/regf_image.h"
#include "analyze/registry/regf_name.h"
#include "analyze/registry/regf_tzrule.h"
#include "core/time.h"

#define MAX_VOLUMES 4096

struct walk {
	const struct ll_tsk_walk_cb *cb;
	TSK_FS_INFO *fs;
	struct ll_tsk_entry e;
	struct ll_buf path, body;
	bool local_conv;      /* FAT times need converting from cb->local_tz */
	bool utc;             /* … which is UTC (cb->keep_tz only) */
	bool fat;
	uint64_t count;
	int stop;             /* callback's nonzero return */
	int conv_error;       /* first failed zone conversion */
	bool has_tz;          /* FAT times in the zone of the image's own SYSTEM hive */
	struct ll_regf_tz tz;
	bool has_host;        /* /etc/hostname read into host[] */
	uint8_t host[LL_HOSTNAME_FILE_MAX];
	size_t host_len;
	uint64_t host_size;
};

/*
 * A Linux system's own name (hostname(5)): the allocated regular file
 * /etc/hostname, its first bytes kept for cb->hostname. A read that fails
 * leaves it out: the name is a hint, the entry itself is still listed.
 */
static int64_t hive_read(void *payload, uint64_t off, void *buf, size_t n)
{
	return ll_tsk_api_get()->fs_file_read(payload, (TSK_OFF_T)off, buf, n,
					       TSK_FS_FILE_READ_FLAG_NONE);
}

/*
 * A Windows system's own name: the ComputerName of the SYSTEM hive
 * (Windows/System32/config/SYSTEM, any case), read from its cells without
 * libregf (analyze/registry/regf_name.c), given to cb->hostname as a
 * one-line name, as /etc/hostname would. A hive that does not give a host
 * name leaves it out, as an unreadable /etc/hostname does.
 */
static void keep_computer_name(struct walk *w, TSK_FS_FILE *f, const char *a_path)
{
	char name[LL_HOSTNAME_MAX + 1], why[160];
	size_t n;

	if (w->has_host || !w->cb->hostname || !a_path ||
	    strcasecmp(a_path, "Windows/System32/config/") || strcasecmp(f->name->name, "SYSTEM") ||
	    !(f->name->flags & TSK_FS_NAME_FLAG_ALLOC) || !f->meta ||
	    f->meta->type != TSK_FS_META_TYPE_REG || f->meta->size < 4096)
		return;
	if (ll_regf_computer_name(name, sizeof(name), hive_read, f) < 0)
		return;
	n = strlen(name);
	if (ll_hostname_check(name, n, why, sizeof(why)) < 0 || n + 1 > sizeof(w->host))
		return;
	memcpy(w->host, name, n);
	w->host[n] = '\n';
	w->host_len = n + 1;
	w->host_size = n + 1;
	w->has_host = true;
}

static void keep_hostname(struct walk *w, TSK_FS_FILE *f, const char *a_path)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	size_t want;
	ssize_t got;

	keep_computer_name(w, f, a_path);
	if (w->has_host || !w->cb->hostname || !a_path || strcmp(a_path, "etc/") ||
	    strcmp(f->name->name, "hostname") || !(f->name->flags & TSK_FS_NAME_FLAG_ALLOC) ||
	    !f->meta || f->meta->type != TSK_FS_META_TYPE_REG || f->meta->size < 0)
		return;
	w->host_size = (uint64_t)f->meta->size;
	want = w->host_size < sizeof(w->host) ? (size_t)w->host_size : sizeof(w->host);
	got = want ? tk->fs_file_read(f, 0, (char *)w->host, want, TSK_FS_FILE_READ_FLAG_NONE)
		   : 0;
	if (got < 0 || (size_t)got != want)
		return;
	w->host_len = want;
	w->has_host = true;
}

/*
 * A file an artefact reader wants (allocated, regular), read whole from the
 * file system and handed to `fn`: nothing is extracted. Runs after its own
 * entries were emitted, so w->e names it. `data` is NULL for a file larger
 * than `max` or one whose bytes cannot all be read, else followed by
 * LL_TSK_ARTEFACT_SLACK zero bytes: the one copy its reader needs (a hive
 * was held twice, this read and the reader's padded copy: 11 MB of fresh
 * pages each for bench/artefacts.sh's SOFTWARE).
 */
typedef int (*artefact_fn)(const struct ll_tsk_entry *e, const uint8_t *data, size_t len,
			   uint64_t size, void *payload);

/*
 * A large artefact's buffer (a SOFTWARE hive: megabytes) is fresh memory
 * from mmap: its pages are made in one call, not one page fault each as
 * the read first touches them (1,558 of the image worker's 5,692 faults on
 * bench/artefacts.sh's image, each a trap into this VM's kernel). A kernel
 * without MADV_POPULATE_WRITE (before 5.14) refuses it: the faults then.
 */
#define POPULATE_MIN ((size_t)1 << 20)

static void populate(uint8_t *buf, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	long ps = sysconf(_SC_PAGESIZE);
	uintptr_t page = ps > 0 ? (uintptr_t)ps : 4096;
	uintptr_t from = ((uintptr_t)buf + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)buf + len) & ~(page - 1);

	/* whole pages inside the allocation only */
	if (len >= POPULATE_MIN && to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
	(void)buf;
	(void)len;
#endif
}

static int keep_file(struct walk *w, TSK_FS_FILE *f, const char *a_path, artefact_fn fn,
		     uint64_t max)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	uint8_t *buf = NULL;
	uint64_t size;
	int rc;

	if (!(f->name->flags & TSK_FS_NAME_FLAG_ALLOC) || !f->meta ||
	    f->meta->type != TSK_FS_META_TYPE_REG || f->meta->size <= 0)
		return 0;
	size = (uint64_t)f->meta->size;
	snprintf(w->e.inode, sizeof(w->e.inode), "%" PRIu64, (uint64_t)f->meta->addr);
	if (size <= max && size <= SIZE_MAX - LL_TSK_ARTEFACT_SLACK &&
	    (buf = ll_malloc((size_t)size + LL_TSK_ARTEFACT_SLACK))) {
		populate(buf, (size_t)size + LL_TSK_ARTEFACT_SLACK);
		memset(buf + size, 0, LL_TSK_ARTEFACT_SLACK);
		if (tk->fs_file_read(f, 0, (char *)buf, (size_t)size, TSK_FS_FILE_READ_FLAG_NONE) !=
		    (ssize_t)size) {
			ll_free(buf);
			buf = NULL;
		}
	}
	ll_buf_reset(&w->path);
	if ((rc = ll_buf_printf(&w->path, "/%s%s", a_path, f->name->name)) < 0) {
		ll_free(buf);
		return rc;
	}
	w->e.path = w->path.ptr;
	rc = fn(&w->e, buf, buf ? (size_t)size : 0, size, w->cb->payload);
	ll_free(buf);
	return rc;
}

/* A Windows Prefetch file: Windows/Prefetch/<name>.pf, any case. */
static int keep_prefetch(struct walk *w, TSK_FS_FILE *f, const char *a_path)
{
	size_t n = strlen(f->name->name);

	if (!w->cb->prefetch || !a_path || strcasecmp(a_path, "Windows/Prefetch/") ||
	    n < 4 || strcasecmp(f->name->name + n - 3, ".pf"))
		return 0;
	return keep_file(w, f, a_path, w->cb->prefetch, LL_TSK_PREFETCH_MAX);
}

/* A registry hive of the system or of a profile (regf_image.h). */
static int keep_hive(struct walk *w, TSK_FS_FILE *f, const char *a_path)
{
	if (!w->cb->hive || !ll_regf_image_is_hive(a_path, f->name->name))
		return 0;
	return keep_file(w, f, a_path, w->cb->hive, LL_TSK_HIVE_MAX);
}

/*
 * The zone of a FAT file system's own Windows (issue #19 item 4): its
 * SYSTEM hive's TimeZoneInformation, read from the hive's cells before the
 * walk, so that every local time of the volume is converted with it.
 */
static void find_zone(struct walk *w, struct ll_tsk_volume *v)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	TSK_FS_FILE *f;
	char why[512];
	int rc;

	if (!w->cb->zone ||
	    !(f = tk->fs_file_open(w->fs, NULL, "/Windows/System32/config/SYSTEM")))
		return;
	if (f->meta && f->meta->type == TSK_FS_META_TYPE_REG && f->meta->size >= 4096) {
		rc = ll_regf_time_zone(&w->tz, hive_read, f);
		if (rc == 0)
			rc = ll_regf_tz_check(&w->tz);
		if (rc == 0) {
			w->has_tz = true;
			w->cb->zone(v, &w->tz, NULL, w->cb->payload);
		} else if (rc != LL_ENOTFOUND) {
			snprintf(why, sizeof(why), "%s", ll_error_message());
			w->cb->zone(v, NULL, why, w->cb->payload);
		}
	}
	tk->fs_file_close(f);
}

/* fls writes control characters as '^' (libtsk's TSK_IS_CNTRL: 0x00–0x1f). */
static int put_sanitized(struct ll_buf *b, const char *s)
{
	size_t start = b->len;
	int rc;

	if ((rc = ll_buf_puts(b, s)) < 0)
		return rc;
	for (size_t i = start; i < b->len; i++)
		if ((unsigned char)b->ptr[i] < 0x20)
			b->ptr[i] = '^';
	return 0;
}

/* Seconds (+ fraction) as libtsk decoded them into UTC ns; 0 s means unset. */
static int64_t to_ns(struct walk *w, int64_t sec, int64_t nano)
{
	int64_t out_ns;

	if (sec == 0)
		return LL_TSK_NO_TIME;
	if (nano < 0 || nano >= LL_NS_PER_SEC)
		nano = 0;
	if (w->local_conv) {
		/* libtsk read the wall clock as UTC (we set TZ=UTC); reinterpret it */
		int64_t days = sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
		int64_t rem = sec - days * 86400, y, out;
		unsigned m, d;
		int rc;

		ll_civil_from_days(days, &y, &m, &d);
		if (w->cb->keep_tz) {
			/*
			 * libtsk read it in the process's zone (mktime): the wall
			 * clock is what that zone shows at the time it made,
			 * which maps back to the same time however DST fell.
			 */
			time_t t = (time_t)sec;
			struct tm tm;

			if (localtime_r(&t, &tm)) {
				y = (int64_t)tm.tm_year + 1900;
				m = (unsigned)tm.tm_mon + 1;
				d = (unsigned)tm.tm_mday;
				rem = (int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
			}
		}
		if (w->has_tz)
			rc = 0, out = ll_regf_tz_local_to_utc(&w->tz, y, m, d, (unsigned)(rem / 3600),
							      (unsigned)(rem / 60 % 60),
							      (unsigned)(rem % 60));
		else if (w->utc)
			rc = 0, out = ll_time_from_utc(y, m, d, (unsigned)(rem / 3600),
						       (unsigned)(rem / 60 % 60), (unsigned)(rem % 60));
		else
			rc = ll_time_local_to_utc(&out, w->cb->local_tz, y, m, d,
						  (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60),
						  (unsigned)(rem % 60));
		if (rc < 0) {
			if (!w->conv_error)
				w->conv_error = rc;
		} else {
			sec = out;
		}
	}
	/* outside the storable range: no time rather than a wrapped one */
	if (ll_time_ns_from_sec(&out_ns, sec, nano, NULL) < 0 || out_ns == LL_TSK_NO_TIME)
		return LL_TSK_NO_TIME;
	return out_ns;
}

/* fls's mode column: name type, '/', then `ls -l` of the metadata. */
static void make_mode(struct ll_tsk_entry *e, const TSK_FS_FILE *f)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	char ls[12];

	e->mode[0] = f->name->type < TSK_FS_NAME_TYPE_STR_MAX
			     ? (*tk->fs_name_type_str)[f->name->type][0] : '-';
	e->mode[1] = '/';
	if (!f->meta) {
		memcpy(e->mode + 2, "----------", 11);
		return;
	}
	if (tk->fs_meta_make_ls(f->meta, ls, sizeof(ls)) != 0)
		memcpy(ls, "----------", 11);
	ls[10] = '\0';
	memcpy(e->mode + 2, ls, 11);
}

/* Builds and emits one body line; `attr` is NULL outside NTFS. */
static int emit(struct walk *w, TSK_FS_FILE *f, const char *a_path,
		const TSK_FS_ATTR *attr)
{
	struct ll_tsk_entry *e = &w->e;
	const TSK_FS_META *m = f->meta;
	bool fn = attr && attr->type == TSK_FS_ATTR_TYPE_NTFS_FNAME;
	bool ads = attr && attr->name && !fn &&
		   (attr->type != TSK_FS_ATTR_TYPE_NTFS_IDXROOT ||
		    strcmp(attr->name, "$I30") != 0);
	int rc;

	if (w->cb->max_entries && w->count >= w->cb->max_entries)
		return 1;
	ll_buf_reset(&w->path);
	ll_buf_reset(&w->body);
	if ((rc = ll_buf_putc(&w->path, '/')) < 0 ||
	    (rc = ll_buf_puts(&w->path, a_path ? a_path : "")) < 0 ||
	    (rc = ll_buf_puts(&w->path, f->name->name)) < 0 ||
	    (ads && ((rc = ll_buf_putc(&w->path, ':')) < 0 ||
		     (rc = ll_buf_puts(&w->path, attr->name)) < 0)))
		return rc;
	if ((rc = put_sanitized(&w->body, w->path.ptr)) < 0 ||
	    (fn && (rc = ll_buf_puts(&w->body, " ($FILE_NAME)")) < 0))
		return rc;
	e->link = NULL;
	if (m && m->type == TSK_FS_META_TYPE_LNK && m->link) {
		e->link = m->link;
		/* fls prints the target raw; a newline in it would break the line */
		if ((rc = ll_buf_puts(&w->body, " -> ")) < 0 ||
		    (rc = put_sanitized(&w->body, m->link)) < 0)
			return rc;
	}
	e->name_alloc = !(f->name->flags & TSK_FS_NAME_FLAG_UNALLOC);
	e->realloc = !e->name_alloc && m && (m->flags & TSK_FS_META_FLAG_ALLOC);
	if (!e->name_alloc &&
	    (rc = ll_buf_puts(&w->body, e->realloc ? " (deleted-realloc)" : " (deleted)")) < 0)
		return rc;
	e->path = w->path.ptr;
	e->body_name = w->body.ptr;
	e->meta_addr = f->name->meta_addr;
	e->attr_type = attr ? (int)attr->type : -1;
	e->attr_id = attr ? (int)attr->id : 0;
	e->fn_row = fn;
	if (attr)
		snprintf(e->inode, sizeof(e->inode), "%" PRIuINUM "-%" PRIu32 "-%" PRIu16,
			 f->name->meta_addr, (uint32_t)attr->type, attr->id);
	else
		snprintf(e->inode, sizeof(e->inode), "%" PRIuINUM, f->name->meta_addr);
	make_mode(e, f);
	e->has_meta = m != NULL;
	e->local_times = w->fat;
	e->timestomp = false;
	e->fn_crtime_ns = LL_TSK_NO_TIME;
	e->dtime_ns = LL_TSK_NO_TIME;
	for (int i = 0; i < LL_TSK_NTIMES; i++)
		e->ns[i] = LL_TSK_NO_TIME;
	if (!m) {
		e->mode_bits = 0;
		e->uid = e->gid = 0;
		e->size = 0;
	} else {
		e->mode_bits = (uint32_t)m->mode;
		e->uid = (uint32_t)m->uid;
		e->gid = (uint32_t)m->gid;
		e->size = attr ? (uint64_t)attr->size : (uint64_t)m->size;
		if (TSK_FS_TYPE_ISNTFS(w->fs->ftype))
			e->fn_crtime_ns = to_ns(w, m->time2.ntfs.fn_crtime,
						m->time2.ntfs.fn_crtime_nano);
		if (fn) {
			e->ns[LL_TSK_ATIME] = to_ns(w, m->time2.ntfs.fn_atime, m->time2.ntfs.fn_atime_nano);
			e->ns[LL_TSK_MTIME] = to_ns(w, m->time2.ntfs.fn_mtime, m->time2.ntfs.fn_mtime_nano);
			e->ns[LL_TSK_CTIME] = to_ns(w, m->time2.ntfs.fn_ctime, m->time2.ntfs.fn_ctime_nano);
			e->ns[LL_TSK_CRTIME] = e->fn_crtime_ns;
		} else {
			e->ns[LL_TSK_ATIME] = to_ns(w, m->atime, m->atime_nano);
			e->ns[LL_TSK_MTIME] = to_ns(w, m->mtime, m->mtime_nano);
			e->ns[LL_TSK_CTIME] = to_ns(w, m->ctime, m->ctime_nano);
			e->ns[LL_TSK_CRTIME] = to_ns(w, m->crtime, m->crtime_nano);
			if (TSK_FS_TYPE_ISNTFS(w->fs->ftype) &&
			    e->ns[LL_TSK_CRTIME] != LL_TSK_NO_TIME &&
			    e->fn_crtime_ns != LL_TSK_NO_TIME &&
			    e->ns[LL_TSK_CRTIME] < e->fn_crtime_ns)
				e->timestomp = true;
		}
		if (TSK_FS_TYPE_ISEXT(w->fs->ftype))
			e->dtime_ns = to_ns(w, m->time2.ext2.dtime, m->time2.ext2.dtime_nano);
	}
	w->count++;
	return w->cb->entry(e, w->cb->payload);
}

/* The selection `fls -r -m` makes (fls_lib.c print_dent_act), attribute by attribute. */
static TSK_WALK_RET_ENUM on_file(TSK_FS_FILE *f, const char *a_path, void *p)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct walk *w = p;
	bool dot;
	int rc = 0;

	if (!f->name || !f->name->name)
		return TSK_WALK_CONT;
	dot = TSK_FS_ISDOT(f->name->name);
	if (TSK_FS_TYPE_ISNTFS(w->fs->ftype) && f->meta) {
		bool printed = false;
		int n = tk->fs_file_attr_getsize(f);

		for (int i = 0; i < n && rc == 0; i++) {
			const TSK_FS_ATTR *a = tk->fs_file_attr_get_idx(f, i);

			if (!a)
				continue;
			if (a->type == TSK_FS_ATTR_TYPE_NTFS_DATA) {
				printed = true;
				/* ".." of a directory with a data stream: fls skips it */
				if (f->meta->type == TSK_FS_META_TYPE_DIR &&
				    f->name->name[0] == '.' && f->name->name[1] &&
				    f->name->name[2] == '\0')
					continue;
				rc = emit(w, f, a_path, a);
			} else if (a->type == TSK_FS_ATTR_TYPE_NTFS_IDXROOT) {
				printed = true;
				if (!dot)
					rc = emit(w, f, a_path, a);
			} else if (a->type == TSK_FS_ATTR_TYPE_NTFS_FNAME &&
				   a->id == f->meta->time2.ntfs.fn_id) {
				if (!dot)
					rc = emit(w, f, a_path, a);
			}
		}
		if (rc == 0 && !printed)
			rc = emit(w, f, a_path, NULL);
	} else if (!dot) {
		rc = emit(w, f, a_path, NULL);
	}
	if (rc == 0 && !dot)
		keep_hostname(w, f, a_path);
	if (rc == 0 && !dot)
		rc = keep_prefetch(w, f, a_path);
	if (rc == 0 && !dot)
		rc = ll_tsk_usn_keep(&w->e, &w->path, f, a_path, w->cb);
	if (rc == 0 && !dot)
		rc = keep_hive(w, f, a_path);
	if (rc != 0) {
		w->stop = rc;
		return TSK_WALK_STOP;
	}
	return TSK_WALK_CONT;
}

static bool tz_is_utc(const char *tz)
{
	return !tz || !*tz || !strcmp(tz, "UTC") || !strcmp(tz, "Etc/UTC") ||
	       !strcmp(tz, "+00:00") || !strcmp(tz, "Z");
}

/* libtsk's last error was an allocation that failed (under the guard's cap). */
static bool tsk_oom(void)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	return tk->error_get_errno() == TSK_ERR_AUX_MALLOC;
}

static void oom_message(char *errbuf, size_t errlen, const struct ll_tsk_guard *g,
			uint64_t count)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	const char *te = tk->error_get();
	char cap[96] = "";

	if (g->active)
		snprintf(cap, sizeof(cap), ", over the %" PRIu64 " MiB allowed", g->budget >> 20);
	else if (g->fixed)
		snprintf(cap, sizeof(cap), ", over the process's address-space limit of %" PRIu64
			 " MiB", g->fixed >> 20);
	snprintf(errbuf, errlen, "libtsk could not allocate what this file system claims "
		 "to need (%s%s): hostile or damaged, not read past %" PRIu64 " entries",
		 te && *te ? te : "allocation failed", cap, count);
}

int ll_tsk_fs_walk(TSK_IMG_INFO *ti, const struct ll_tsk_walk_cb *cb,
		   struct ll_tsk_volume *v, char *errbuf, size_t errlen)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct walk w = { 0 };
	struct ll_tsk_guard guard = { 0 };
	uint64_t budget = ll_tsk_guard_budget(v->length ? v->length
					  : ti->size > 0 ? (uint64_t)ti->size : 0);
	int rc = 0, wrc;
	bool oom;

	tk->error_reset();
	ll_tsk_guard_on(&guard, budget);
	/* a shadow copy store's or a decrypted volume's image starts with its file system */
	w.fs = tk->fs_open_img(ti, (v->vss_store || v->bde) ? 0 : (TSK_OFF_T)v->offset,
			       TSK_FS_TYPE_DETECT);
	if (!w.fs) {
		const char *te = tk->error_get();

		if (tsk_oom())
			oom_message(errbuf, errlen, &guard, 0);
		else
			snprintf(errbuf, errlen, "no file system recognised (%s)",
				 te && *te ? te : "libtsk gave no reason");
		ll_tsk_guard_off(&guard);
		v->error = errbuf;
		return 0;
	}
	v->fs_type = tk->fs_type_toname(w.fs->ftype);
	v->block_size = w.fs->block_size;
	w.cb = cb;
	w.fat = TSK_FS_TYPE_ISFAT(w.fs->ftype);
	w.utc = tz_is_utc(cb->local_tz);
	/*
	 * every file system's own zone: FAT's local times are read in it; any
	 * other's is kept for the host's local-time logs (analyze/host_zone.c)
	 */
	find_zone(&w, v);
	w.local_conv = w.fat && (cb->keep_tz || !w.utc || w.has_tz);
	w.e.part_offset = v->offset;
	w.e.pool_block = v->pool_block;
	w.e.vss_store = v->vss_store;
	w.e.bde = v->bde;
	w.e.fs_type = v->fs_type ? v->fs_type : "unknown";
	ll_buf_init(&w.path);
	ll_buf_init(&w.body);
	tk->error_reset();
	wrc = tk->fs_dir_walk(w.fs, w.fs->root_inum,
			      TSK_FS_DIR_WALK_FLAG_ALLOC | TSK_FS_DIR_WALK_FLAG_UNALLOC |
			      TSK_FS_DIR_WALK_FLAG_RECURSE, on_file, &w);
	/* libtsk may swallow a failed allocation and carry on: still say so */
	oom = tsk_oom();
	if (oom && !w.stop) {
		oom_message(errbuf, errlen, &guard, w.count);
		v->error = errbuf;
	} else if (wrc != 0 && !w.stop) {
		const char *te = tk->error_get();

		snprintf(errbuf, errlen, "file-system walk incomplete after %" PRIu64
			 " entries (%s)", w.count, te && *te ? te : "libtsk gave no reason");
		v->error = errbuf;
	} else if (w.stop > 0 && cb->max_entries && w.count >= cb->max_entries) {
		snprintf(errbuf, errlen, "stopped after %" PRIu64 " entries", w.count);
		v->error = errbuf;
	} else if (w.stop) {
		rc = w.stop;
	}
	if (!rc && !v->error && w.conv_error) {
		snprintf(errbuf, errlen, "zone '%s' could not convert some local times; "
			 "they were kept as UTC", cb->local_tz);
		v->error = errbuf;
	}
	v->entries = w.count;
	if (!rc && w.has_host)
		cb->hostname(v, w.host, w.host_len, w.host_size, cb->payload);
	ll_buf_release(&w.path);
	ll_buf_release(&w.body);
	tk->fs_close(w.fs);
	ll_tsk_guard_off(&guard);
	return rc;
}

struct part_list {
	struct ll_tsk_volume v[MAX_VOLUMES];
	char desc[MAX_VOLUMES][64];
	size_t n;
	unsigned block;
};

static TSK_WALK_RET_ENUM on_part(TSK_VS_INFO *vs, const TSK_VS_PART_INFO *p, void *ptr)
{
	struct part_list *pl = ptr;

	if (pl->n >= MAX_VOLUMES)
		return TSK_WALK_STOP;
	pl->v[pl->n].offset = (uint64_t)p->start * vs->block_size;
	pl->v[pl->n].length = (uint64_t)p->len * vs->block_size;
	snprintf(pl->desc[pl->n], sizeof(pl->desc[0]), "%s", p->desc ? p->desc : "");
	pl->v[pl->n].desc = pl->desc[pl->n];
	pl->n++;
	return TSK_WALK_CONT;
}

/*
 * A GPT disk also has a (protective) DOS table; libtsk's detection opens
 * both and leaks the one it drops, so name GPT when its header is there.
 */
static TSK_VS_TYPE_ENUM vs_type_of(struct ll_tsk_image *img)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	static const unsigned offs[] = { 512, 4096 };
	char sig[8];

	for (size_t i = 0; i < LL_ARRAY_SIZE(offs); i++)
		if (tk->img_read(img->img, offs[i], sig, sizeof(sig)) == (ssize_t)sizeof(sig) &&
		    !memcmp(sig, "EFI PART", 8))
			return TSK_VS_TYPE_GPT;
	return TSK_VS_TYPE_DETECT;
}

int ll_tsk_walk(struct ll_tsk_image *img, const struct ll_tsk_walk_cb *cb)
{
	const struct ll_tsk_api *tk = ll_tsk_api_get();
	struct part_list *pl = ll_calloc(1, sizeof(*pl));
	const char *old = getenv("TZ");
	char *saved = old ? ll_strdup(old) : NULL;
	char errbuf[512];
	TSK_VS_INFO *vs;
	const char *vs_type = "";
	int rc = 0;

	if (!pl || (old && !saved)) {
		ll_free(pl);
		ll_free(saved);
		return ll_error_set(LL_ENOMEM, "out of memory");
	}
	/*
	 * libtsk converts FAT wall-clock times with the process's zone: pin it
	 * to UTC so the analyst's TZ never leaks in; the walker applies the
	 * zone the user stated.
	 */
	if (!cb->keep_tz) {
		setenv("TZ", "UTC0", 1);
		tzset();
	}
	tk->error_reset();
	vs = tk->vs_open(img->img, 0, vs_type_of(img));
	if (vs) {
		vs_type = tk->vs_type_toname(vs->vstype);
		if (tk->vs_part_walk(vs, 0, vs->part_count ? vs->part_count - 1 : 0,
				     TSK_VS_PART_FLAG_ALLOC, on_part, pl) != 0 &&
		    pl->n == 0) {
			tk->vs_close(vs);
			vs = NULL;
		}
	}
	if (!vs) {
		pl->n = 1;
		pl->v[0].offset = 0;
		pl->v[0].length = ll_tsk_image_size(img);
		pl->v[0].desc = "";
	}
	for (size_t i = 0; i < pl->n && rc == 0; i++) {
		struct ll_tsk_volume *v = &pl->v[i];

		v->vs_type = vs_type ? vs_type : "";
		if (!v->desc)
			v->desc = "";
		errbuf[0] = '\0';
		/* an APFS container is a pool: its volumes are walked one by one */
		if (ll_tsk_pool_at(img->img, v->offset)) {
			rc = ll_tsk_pool_walk(img->img, cb, v);
			continue;
		}
		/* BitLocker: described, and walked only when a key opens it (tsk_bde.c) */
		if (ll_tsk_bde_at(img->img, v->offset)) {
			rc = ll_tsk_bde_walk(img->img, cb, v);
			continue;
		}
		rc = ll_tsk_fs_walk(img->img, cb, v, errbuf, sizeof(errbuf));
		if (!v->fs_type)
			ll_tsk_lvm_explain(img->img, v, errbuf, sizeof(errbuf));
		if (cb->volume)
			cb->volume(v, cb->payload);
		/* an NTFS volume's shadow copies: each store walked as a volume (tsk_vss.c) */
		if (rc == 0 && v->fs_type && !strcmp(v->fs_type, "ntfs"))
			rc = ll_tsk_vss_walk(img->img, cb, v);
	}
	if (vs)
		tk->vs_close(vs);
	if (cb->keep_tz)
		; /* TZ untouched */
	else if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	if (!cb->keep_tz)
		tzset();
	ll_free(saved);
	ll_free(pl);
	return rc;
}
