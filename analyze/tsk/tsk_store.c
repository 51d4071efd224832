/* SPDX-License-Identifier: Apache-2.0 */
/* The fs_volumes and fs_entries tables' SQL: what the tsk reader stores of a walk. */
#include "core/compat.h"
#include "analyze/tsk/tsk_store.h"

#include <sqlite3.h>
#include <string.h>

#include "analyze/tsk/tsk_hosts.h"
#include "analyze/tsk/tsk_walk.h"
#include "analyze/worker/frame.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/store.h"

struct ll_tsk_store {
	struct ll_store *st;
	sqlite3_stmt *ins_entry, *ins_vol;
	const char *evidence_id;
	const char *tz;
	/* in a worker: the rows go to the parent as frames (ll_tsk_store_open_frames) */
	int (*send)(void *payload, const struct ll_frame *f);
	void *payload;
	bool begun;		     /* FS_BEGIN sent for the volume below */
	uint64_t offset, pool_block;
	const char *fs_type;
	struct ll_frame f;
};

int ll_tsk_store_open(struct ll_tsk_store **out, struct ll_store *st,
		      const char *evidence_id, const char *tz)
{
	struct ll_tsk_store *ts = ll_calloc(1, sizeof(*ts));
	int rc;

	*out = NULL;
	if (!ts)
		return ll_error_set(LL_ENOMEM, "out of memory");
	ts->st = st;
	ts->evidence_id = evidence_id;
	ts->tz = tz;
	if ((rc = ll_store_prepare(&ts->ins_entry, st,
				   "INSERT INTO fs_entries(evidence_id, part_offset, pool_block,"
				   " fs_type, inode, meta_addr, attr_type, attr_id, name_kind, path,"
				   " body_name, link, allocated, realloc, mode, mode_bits, uid,"
				   " gid, size, atime_ns, mtime_ns, ctime_ns, crtime_ns, dtime_ns,"
				   " fn_crtime_ns, timestomp, tz)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0 ||
	    (rc = ll_store_prepare(&ts->ins_vol, st,
				   "INSERT OR REPLACE INTO fs_volumes(evidence_id, part_offset,"
				   " part_length, vs_type, part_desc, fs_type, block_size,"
				   " sector_size, entries, tz, error, pool_block)"
				   " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) < 0) {
		ll_tsk_store_free(ts);
		return rc;
	}
	*out = ts;
	return 0;
}

int ll_tsk_store_open_frames(struct ll_tsk_store **out,
			     int (*send)(void *payload, const struct ll_frame *f), void *payload)
{
	struct ll_tsk_store *ts = ll_calloc(1, sizeof(*ts));

	*out = NULL;
	if (!ts)
		return ll_error_set(LL_ENOMEM, "out of memory");
	ts->send = send;
	ts->payload = payload;
	*out = ts;
	return 0;
}

/* A worker's entry: its volume announced first (the parent refuses entries of no volume). */
static int send_entry(struct ll_tsk_store *ts, const struct ll_tsk_entry *e)
{
	int rc;

	if (!ts->begun || ts->offset != e->part_offset || ts->pool_block != e->pool_block ||
	    strcmp(ts->fs_type, e->fs_type)) {
		ts->f = (struct ll_frame){ .type = LL_FRAME_FS_BEGIN };
		ts->f.u.fs.volume.offset = e->part_offset;
		ts->f.u.fs.volume.pool_block = e->pool_block;
		ts->f.u.fs.volume.fs_type = e->fs_type;
		if ((rc = ts->send(ts->payload, &ts->f)) < 0)
			return rc;
		ts->begun = true;
		ts->offset = e->part_offset;
		ts->pool_block = e->pool_block;
		ts->fs_type = e->fs_type;
	}
	ts->f.type = LL_FRAME_FS_ENTRY;
	ts->f.u.fs.entry = *e;
	return ts->send(ts->payload, &ts->f);
}

static int send_volume(struct ll_tsk_store *ts, const struct ll_tsk_volume *v,
		       unsigned sector_size)
{
	ts->f = (struct ll_frame){ .type = LL_FRAME_FS_VOLUME };
	ts->f.u.fs.volume = *v;
	ts->f.u.fs.sector_size = sector_size;
	if (ts->begun && v->offset == ts->offset && v->pool_block == ts->pool_block)
		ts->begun = false;
	return ts->send(ts->payload, &ts->f);
}

void ll_tsk_store_free(struct ll_tsk_store *ts)
{
	if (!ts)
		return;
	sqlite3_finalize(ts->ins_entry);
	sqlite3_finalize(ts->ins_vol);
	ll_free(ts);
}

static void bind_time(sqlite3_stmt *s, int i, int64_t ns)
{
	if (ns == LL_TSK_NO_TIME)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, ns);
}

int ll_tsk_store_entry(struct ll_tsk_store *ts, const struct ll_tsk_entry *e)
{
	sqlite3_stmt *s = ts->ins_entry;
	int i = 1;

	if (ts->send)
		return send_entry(ts, e);
	sqlite3_reset(s);
	sqlite3_bind_text(s, i++, ts->evidence_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, (sqlite3_int64)e->part_offset);
	sqlite3_bind_int64(s, i++, (sqlite3_int64)e->pool_block);
	sqlite3_bind_text(s, i++, e->fs_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, e->inode, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, (sqlite3_int64)e->meta_addr);
	if (e->attr_type >= 0) {
		sqlite3_bind_int(s, i++, e->attr_type);
		sqlite3_bind_int(s, i++, e->attr_id);
	} else {
		sqlite3_bind_null(s, i++);
		sqlite3_bind_null(s, i++);
	}
	sqlite3_bind_text(s, i++, e->fn_row ? "FILE_NAME" : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, e->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, e->body_name, -1, SQLITE_STATIC);
	if (e->link)
		sqlite3_bind_text(s, i++, e->link, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i++);
	sqlite3_bind_int(s, i++, e->name_alloc);
	sqlite3_bind_int(s, i++, e->realloc);
	sqlite3_bind_text(s, i++, e->mode, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, e->mode_bits);
	sqlite3_bind_int64(s, i++, e->uid);
	sqlite3_bind_int64(s, i++, e->gid);
	sqlite3_bind_int64(s, i++, (sqlite3_int64)e->size);
	for (int t = 0; t < LL_TSK_NTIMES; t++)
		bind_time(s, i++, e->ns[t]);
	bind_time(s, i++, e->dtime_ns);
	bind_time(s, i++, e->fn_crtime_ns);
	sqlite3_bind_int(s, i++, e->timestomp);
	if (e->local_times)
		sqlite3_bind_text(s, i++, ts->tz, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i++);
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(ts->st, "storing a file-system entry");
	return 0;
}

int ll_tsk_store_volume(struct ll_tsk_store *ts, const struct ll_tsk_volume *v,
			unsigned sector_size)
{
	sqlite3_stmt *s = ts->ins_vol;

	if (ts->send)
		return send_volume(ts, v, sector_size);
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, ts->evidence_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)v->offset);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)v->length);
	sqlite3_bind_text(s, 4, v->vs_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, v->desc, -1, SQLITE_STATIC);
	if (v->fs_type)
		sqlite3_bind_text(s, 6, v->fs_type, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 6);
	sqlite3_bind_int64(s, 7, v->block_size);
	sqlite3_bind_int64(s, 8, sector_size);
	sqlite3_bind_int64(s, 9, (sqlite3_int64)v->entries);
	sqlite3_bind_text(s, 10, ts->tz, -1, SQLITE_STATIC);
	if (v->error)
		sqlite3_bind_text(s, 11, v->error, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 11);
	sqlite3_bind_int64(s, 12, (sqlite3_int64)v->pool_block);
	if (sqlite3_step(s) != SQLITE_DONE)
		return ll_store_error(ts->st, "storing a volume");
	return 0;
}

int ll_tsk_store_clear(struct ll_store *st, const char *evidence_id)
{
	static const char *const sql[] = {
		"DELETE FROM fs_entries WHERE evidence_id = ?",
		"DELETE FROM fs_volumes WHERE evidence_id = ?",
	};

	for (size_t i = 0; i < LL_ARRAY_SIZE(sql); i++) {
		sqlite3_stmt *s = NULL;
		int rc;

		if ((rc = ll_store_prepare(&s, st, sql[i])) < 0)
			return rc;
		sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0
						    : ll_store_error(st, "clearing file-system entries");
		sqlite3_finalize(s);
		if (rc < 0)
			return rc;
	}
	return 0;
}

bool ll_tsk_store_sends(const struct ll_tsk_store *ts)
{
	return ts->send != NULL;
}

int ll_tsk_store_send_hostname(struct ll_tsk_store *ts, const struct ll_frame_fs_hostname *h)
{
	ts->f = (struct ll_frame){ .type = LL_FRAME_FS_HOSTNAME };
	ts->f.u.fs.hostname = *h;
	return ts->send(ts->payload, &ts->f);
}

int ll_tsk_store_set_hostname(struct ll_tsk_store *ts, uint64_t offset, uint64_t pool_block,
			      const char *name)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, ts->st,
				   "UPDATE fs_volumes SET hostname = ? WHERE evidence_id = ?"
				   " AND part_offset = ? AND pool_block = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ts->evidence_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)offset);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)pool_block);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : ll_store_error(ts->st, "storing a host name");
	sqlite3_finalize(s);
	return rc;
}

/*
 * An item's volumes' (offset, pool block, text) rows of `sql` (?1 the item),
 * kept when `need` is NULL or is in the text; *volumes counts every row.
 */
static int volume_texts(struct ll_tsk_hostname **out, size_t *n, int64_t *volumes,
			struct ll_store *st, const char *sql, const char *evidence_id,
			const char *need, const char *what)
{
	struct ll_tsk_hostname *v = NULL;
	sqlite3_stmt *s = NULL;
	size_t nv = 0;
	int rc, step;

	*out = NULL;
	*n = 0;
	*volumes = 0;
	if ((rc = ll_store_prepare(&s, st, sql)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, evidence_id, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(s, 2);
		struct ll_tsk_hostname *g;

		(*volumes)++;
		if (need && (!text || !strstr(text, need)))
			continue;
		if (!(g = ll_reallocarray(v, nv + 1, sizeof(*v)))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			break;
		}
		v = g;
		v[nv].offset = (uint64_t)sqlite3_column_int64(s, 0);
		v[nv].pool_block = (uint64_t)sqlite3_column_int64(s, 1);
		v[nv].name = ll_store_column_dup(&rc, s, 2);
		nv++;
		if (rc < 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = ll_store_error(st, what);
	sqlite3_finalize(s);
	if (rc < 0) {
		ll_tsk_hostnames_free(v, nv);
		return rc;
	}
	*out = v;
	*n = nv;
	return 0;
}

int ll_tsk_hostnames(struct ll_tsk_hostname **out, size_t *n, struct ll_store *st,
		     const char *evidence_id)
{
	int64_t volumes;

	return volume_texts(out, n, &volumes, st,
			    "SELECT part_offset, pool_block, hostname FROM fs_volumes"
			    " WHERE evidence_id = ? AND hostname IS NOT NULL"
			    " ORDER BY part_offset, pool_block",
			    evidence_id, NULL, "reading the volumes' host names");
}

void ll_tsk_hostnames_free(struct ll_tsk_hostname *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ll_free(v[i].name);
	ll_free(v);
}

int ll_tsk_store_zone(struct ll_tsk_store *ts, uint64_t offset, uint64_t pool_block,
		      const char *zone)
{
	static const char *const sql[] = {
		"UPDATE fs_entries SET tz = ? WHERE evidence_id = ? AND part_offset = ?"
		" AND pool_block = ? AND tz IS NOT NULL",
		"UPDATE fs_volumes SET tz = ? WHERE evidence_id = ? AND part_offset = ?"
		" AND pool_block = ?",
	};

	if (ts->send) {
		ts->f = (struct ll_frame){ .type = LL_FRAME_FS_ZONE };
		ts->f.u.fs.zone.offset = offset;
		ts->f.u.fs.zone.pool_block = pool_block;
		snprintf(ts->f.u.fs.zone.text, sizeof(ts->f.u.fs.zone.text), "%s", zone);
		return ts->send(ts->payload, &ts->f);
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(sql); i++) {
		sqlite3_stmt *s = NULL;
		int rc;

		if ((rc = ll_store_prepare(&s, ts->st, sql[i])) < 0)
			return rc;
		sqlite3_bind_text(s, 1, zone, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, ts->evidence_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)offset);
		sqlite3_bind_int64(s, 4, (sqlite3_int64)pool_block);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : ll_store_error(ts->st, "storing a volume's zone");
		sqlite3_finalize(s);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int ll_tsk_zones(struct ll_tsk_hostname **out, size_t *n, int64_t *volumes, struct ll_store *st,
		 const char *evidence_id)
{
	/* only a zone the volume's own SYSTEM hive gave (tsk_source.c's words) */
	return volume_texts(out, n, volumes, st,
			    "SELECT part_offset, pool_block, tz FROM fs_volumes"
			    " WHERE evidence_id = ? ORDER BY part_offset, pool_block",
			    evidence_id, LL_TSK_ZONE_FROM_HIVE, "reading the volumes' zones");
}
