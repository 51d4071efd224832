/* SPDX-License-Identifier: Apache-2.0 */
/* The libtsk adapter: disk image → volumes → file systems → one entry per body-file line. */
#ifndef LL_ANALYZE_TSK_WALK_H
#define LL_ANALYZE_TSK_WALK_H

#include "core/compat.h"

#include "analyze/source.h"

/* An open disk image (libtsk's TSK_IMG_INFO behind it). */
struct ll_tsk_image;
struct ll_regf_tz;

/*
 * Opens a disk image from its segments, in order: raw, split raw or EWF
 * (libtsk detects the format). Only the paths given are read, except that
 * libtsk and libewf look for the sibling segments of a lone first segment.
 */
int ll_tsk_image_open(struct ll_tsk_image **out, const char *const *paths,
		      size_t npaths);
/*
 * The same, with every file opened now and kept open (a raw image's
 * segments as descriptors, an EWF set by libewf): nothing is opened by
 * name as the image is read, so a worker may lock itself down after it.
 */
int ll_tsk_image_open_now(struct ll_tsk_image **out, const char *const *paths, size_t npaths);
/* The same over bytes in memory (fuzzing, tests); `data` must outlive it. */
int ll_tsk_image_open_mem(struct ll_tsk_image **out, const uint8_t *data,
			  size_t len);
void ll_tsk_image_close(struct ll_tsk_image *img);
uint64_t ll_tsk_image_size(const struct ll_tsk_image *img);
unsigned ll_tsk_image_sector_size(const struct ll_tsk_image *img);
/* "raw", "ewf", … as libtsk names the format. */
const char *ll_tsk_image_format(const struct ll_tsk_image *img);

/* Index of ll_tsk_entry.ns[]: the body-file order of times. */
enum { LL_TSK_ATIME, LL_TSK_MTIME, LL_TSK_CTIME, LL_TSK_CRTIME, LL_TSK_NTIMES };

/* The time that is not set (body-file 0). */
#define LL_TSK_NO_TIME INT64_MIN

/*
 * One line of `fls -r -m /` output, with what fls throws away kept:
 * nanoseconds, the clean path, flags. Strings are borrowed for the duration
 * of the callback.
 */
struct ll_tsk_entry {
	uint64_t part_offset;     /* bytes from the start of the media */
	uint64_t pool_block;      /* APFS volume superblock block (fls -B), 0 outside a pool */
	uint32_t vss_store;       /* shadow copy store (1 = vshadowinfo's "Store: 1"), 0 = the volume */
	bool bde;                 /* read through BitLocker (libbde, unlocked) */
	const char *fs_type;      /* libtsk's short name: "ntfs", "ext4", "fat12" */
	char inode[64];           /* as fls prints it: "14" or "35-128-1" */
	uint64_t meta_addr;
	int attr_type;            /* NTFS attribute type, -1 without one */
	int attr_id;
	bool fn_row;              /* the NTFS $FILE_NAME line */
	const char *path;         /* "/dir/name" or "/dir/name:stream", raw bytes */
	const char *body_name;    /* fls's name field (control chars → '^', suffixes) */
	const char *link;         /* symlink target or NULL */
	bool name_alloc;          /* the name is allocated (not deleted) */
	bool realloc;             /* deleted name whose metadata is in use again */
	bool has_meta;
	char mode[16];            /* "r/rrw-r--r--" */
	uint32_t mode_bits;       /* permission bits as libtsk decoded them */
	uint32_t uid, gid;
	uint64_t size;
	int64_t ns[LL_TSK_NTIMES];/* UTC ns, LL_TSK_NO_TIME when unset */
	int64_t dtime_ns;         /* ext2/3/4 deletion time, or LL_TSK_NO_TIME */
	bool local_times;         /* FAT/exFAT: times were local wall-clock */
	bool timestomp;           /* NTFS: $SI creation earlier than $FN creation */
	int64_t fn_crtime_ns;     /* NTFS: the $FN creation time, or LL_TSK_NO_TIME */
};

/* The entry's volume, as its artefacts' locators and warnings name it (analyze/source.h). */
static inline struct ll_source_volume ll_tsk_entry_volume(const struct ll_tsk_entry *e)
{
	struct ll_source_volume v = { e->part_offset, e->pool_block, e->vss_store, e->bde };

	return v;
}

/*
 * A volume (partition) or the whole image when there is no volume system;
 * or one volume of an APFS container (pool) found there, which is opened
 * as `fls -o OFFSET/sector -B POOL_BLOCK`.
 */
struct ll_tsk_volume {
	uint64_t offset;          /* bytes: the partition (the container for a pool volume) */
	uint64_t pool_block;      /* pool volume: block of its superblock; 0 otherwise */
	uint64_t length;          /* bytes, 0 if unknown (pool volume: blocks allocated) */
	/*
	 * A shadow copy store of the volume at `offset` (1-based), or the
	 * volume read through BitLocker: its file system is at byte 0 of the
	 * image the walk is given (the store's, the decrypted volume's).
	 */
	uint32_t vss_store;
	bool bde;
	const char *vs_type;      /* "dos", "gpt", … or "" */
	const char *desc;         /* partition description or "", + "APFS volume 'name'" */
	const char *fs_type;      /* NULL when no file system was recognised */
	uint32_t block_size;
	const char *error;        /* why not or why partial, NULL when clean */
	uint64_t entries;         /* body lines produced */
};

/* A Volume Shadow Copy store of an NTFS volume, as vshadowinfo lists it (libvshadow). */
struct ll_tsk_vss_store {
	uint64_t part_offset;     /* the volume's */
	uint32_t index;           /* 1-based, vshadowinfo's "Store: N"; 0 with `error` */
	uint32_t count;           /* stores of the volume */
	char identifier[40], copy_id[40], copy_set_id[40]; /* GUIDs as vshadowinfo prints them */
	int64_t creation_ns;      /* UTC ns, LL_TSK_NO_TIME when unset */
	uint64_t volume_size;
	const char *error;        /* the catalog could not be read: why (index 0) */
};

/* A BitLocker volume (-FVE-FS-), as bdeinfo describes it (libbde). */
struct ll_tsk_bde_info {
	uint64_t part_offset;
	uint64_t length;
	const char *method;       /* "AES 128-bit CBC with diffuser", … or "unknown (0x…)" */
	char protectors[256];     /* "Recovery password {guid}, Password {guid}" */
	uint32_t nprotectors;
	int64_t creation_ns;      /* LL_TSK_NO_TIME when unset */
	char identifier[40];      /* the volume's GUID */
	bool key_given;           /* a key was supplied (its kind in key_kind) */
	const char *key_kind;     /* "recovery key", "password" or NULL */
	bool unlocked;            /* the key opened it: walked */
	const char *error;        /* why it was not read (wrong key, damage), or NULL */
};

#define LL_TSK_PREFETCH_MAX ((size_t)16 << 20)
#define LL_TSK_HIVE_MAX ((uint64_t)512 << 20)
/*
 * Zero bytes after an artefact's `data` (not counted in `len`): a library
 * that trusts a size in the file overruns into them, not past the
 * allocation, so the readers need no padded copy of their own.
 */
#define LL_TSK_ARTEFACT_SLACK ((size_t)64 << 10)

struct ll_tsk_walk_cb {
	/* Called for each body line; nonzero stops the walk (returned). */
	int (*entry)(const struct ll_tsk_entry *e, void *payload);
	/*
	 * Called once per file system that has an allocated regular file
	 * /etc/hostname, before its volume's callback, with the file's first
	 * `len` bytes (at most LL_HOSTNAME_FILE_MAX) and its size: raw
	 * evidence, not checked here. May be NULL.
	 */
	void (*hostname)(const struct ll_tsk_volume *v, const uint8_t *raw, size_t len,
			 uint64_t size, void *payload);
	/*
	 * Called with each allocated regular file Windows/Prefetch/<name>.pf
	 * (any case; issue #19): its fls inode, path, bytes (`data` NULL when
	 * it is larger than LL_TSK_PREFETCH_MAX or could not be read, else
	 * followed by LL_TSK_ARTEFACT_SLACK zero bytes) and size; < 0 stops
	 * the walk (returned). May be NULL.
	 */
	int (*prefetch)(const struct ll_tsk_entry *e, const uint8_t *data, size_t len,
			uint64_t size, void *payload);
	/*
	 * Called with an NTFS file system's $Extend/$UsnJrnl:$J (issue #19):
	 * `stream` (a struct ll_tsk_stream, tsk_usn.h) reads it in place,
	 * `size` its length; < 0 stops the walk (returned). May be NULL.
	 */
	int (*usnjrnl)(const struct ll_tsk_entry *e, void *stream, uint64_t size, void *payload);
	/* Called with each shadow copy store found (or the catalog's error); may be NULL. */
	void (*vss_store)(const struct ll_tsk_vss_store *s, void *payload);
	/* Called with each BitLocker volume found, before its walk; may be NULL. */
	void (*bde)(const struct ll_tsk_bde_info *b, void *payload);
	/* Keys for BitLocker volumes (never printed, never stored): NULL when none given. */
	const char *bde_recovery_key;
	const char *bde_password;
	/*
	 * Called the same way with each allocated regular file that is a
	 * registry hive of the system or of a profile (regf_image.h's
	 * ll_regf_image_is_hive: Windows/System32/config/SYSTEM, SOFTWARE,
	 * Users/<name>/NTUSER.DAT; issue #19), `data` NULL when it is larger
	 * than LL_TSK_HIVE_MAX or could not be read, else followed by
	 * LL_TSK_ARTEFACT_SLACK zero bytes. May be NULL.
	 */
	int (*hive)(const struct ll_tsk_entry *e, const uint8_t *data, size_t len,
		    uint64_t size, void *payload);
	/*
	 * Called once per FAT/exFAT file system, before its entries, with the
	 * time zone of its own SYSTEM hive (Windows/System32/config/SYSTEM,
	 * any case; regf_name.h): `z` when its rule was read and makes sense
	 * — the file system's local times are then converted with it, not
	 * with local_tz — else NULL and `refused` why (a hive without
	 * TimeZoneInformation gives no call). May be NULL: local_tz then.
	 */
	void (*zone)(const struct ll_tsk_volume *v, const struct ll_regf_tz *z,
		     const char *refused, void *payload);
	/* Called after each volume, with its outcome; may be NULL. */
	void (*volume)(const struct ll_tsk_volume *v, void *payload);
	void *payload;
	/*
	 * Zone of FAT/exFAT wall-clock times (IANA or +HH:MM); NULL or "UTC"
	 * reads them as UTC, as `TZ=UTC fls` does.
	 */
	const char *local_tz;
	/*
	 * Leave the process's TZ alone (a locked-down worker, which cannot
	 * load another zone's file): libtsk then reads FAT times in that zone
	 * and the walk turns them back into the wall clock, then converts
	 * from local_tz as usual. Same times, whatever the process's zone.
	 */
	bool keep_tz;
	/* Stop after this many entries per file system (fuzzing); 0 = no limit. */
	uint64_t max_entries;
};

/*
 * Walks every volume of the image and every file system libtsk recognises
 * on it, like `mmls` then `fls -r -m / -o OFFSET` per partition, and, where
 * a partition (or the whole image) holds an APFS container, `pstat` then
 * `fls -r -m / -o OFFSET -B BLOCK` per volume of the pool. An LVM2 physical
 * volume is reported as unreadable (libtsk 4.11 is built without LVM). Damage is
 * reported through cb->volume (error set) and the walk goes on; returns 0,
 * or the callback's nonzero value, or < 0 when nothing could be read.
 * The process's TZ is set to UTC for the duration and restored (unless
 * cb->keep_tz).
 */
int ll_tsk_walk(struct ll_tsk_image *img, const struct ll_tsk_walk_cb *cb);

/* libtsk's version string ("4.11.1"). */
const char *ll_tsk_version(void);

#endif
