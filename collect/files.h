/* SPDX-License-Identifier: Apache-2.0 */
/* collect files: logs, exports and documents copied, hashed and registered as one item. */
#ifndef LL_COLLECT_FILES_H
#define LL_COLLECT_FILES_H

#include "core/compat.h"

#include <signal.h>

#include "collect/hashers.h"
#include "collect/register.h"

struct ll_case;
struct ll_signer;

struct ll_files_opts {
	char *const *paths;
	size_t npaths;
	const char *id;          /* NULL: the next E<n> */
	const char *description;
	const char *host;        /* --host, checked by the caller; NULL: none */
	volatile sig_atomic_t *stop;
	/*
	 * When not NULL: asked, with the copied files (absolute paths and the
	 * case-relative ones), for the media hashes of the virtual disk they
	 * are; 0 with *format NULL when they are not one (cli/vdisk_media.c).
	 * *layers: a differencing chain's layers, each with its own media
	 * hashes where it can be read alone (JSON text, ll_free; NULL: none).
	 */
	int (*media)(struct ll_media_hashes *out, uint64_t *size, const char **format,
		     char *const *paths, const char *const *rels, size_t n, const char *id,
		     char **layers, void *payload);
	void *media_payload;
	/* a differencing disk's chains (cli/vdisk/vdisk_chain.h), JSON text recorded as "vdisk_chains" */
	const char *chains_json;
};

struct ll_files_result {
	char *id;
	const char *state;       /* registered | incomplete | none */
	struct ll_evidence_file_rec *files;
	size_t nfiles, cap;
	char **skipped;          /* symlinks and special files, not followed */
	size_t nskipped;
	uint64_t total_bytes;
	int64_t entry_seq;
	char head[65];
	/* a virtual disk's media, recorded on the item row as an image's are */
	const char *media_format; /* vmdk | vhd | vhdx, NULL: not one */
	struct ll_media_hashes media;
	uint64_t media_size;
	char media_problem[1024]; /* why a virtual disk's media could not be hashed, "" */
	char *media_layers;       /* a chain's layers and their own media (JSON), recorded as "layer_media" */
};

/*
 * Copies every file under `o->paths` into <case>/evidence/<id>/files/,
 * checks source and copy hashes, records metadata and writes one 'collect'
 * custody entry; the files become read-only.
 */
int ll_collect_files(struct ll_files_result *res, struct ll_case *cs,
		     const struct ll_signer *signer, const struct ll_files_opts *o);

void ll_files_result_release(struct ll_files_result *res);

#endif
