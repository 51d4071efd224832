/* SPDX-License-Identifier: Apache-2.0 */
/* The Sigma frames (0x0300..0x03ff): a rule file's YAML tree, streamed by the rules' worker. */
#ifndef LL_ANALYZE_WORKER_FRAME_SIGMA_H
#define LL_ANALYZE_WORKER_FRAME_SIGMA_H

#include "core/compat.h"

/*
 * docs/formats/worker-frames.md, "Sigma YAML trees". Per rule file:
 * SIGMA_BEGIN, the nodes of its tree depth first (SIGMA_OPEN … SIGMA_CLOSE
 * around a map's or a sequence's children, SIGMA_SCALAR for a leaf),
 * SIGMA_END with the parse's result. The decoder (frame.c's, which hands
 * these types to this file) rebuilds the tree as it checks the frames.
 */
struct ll_buf;
struct ll_frame;
struct ll_frame_decoder;
struct ll_reader;
struct sy_node;

#define LL_FRAME_SIGMA_NAME_MAX 4096 /* a rule file's path below the rule set */
#define LL_FRAME_SIGMA_SCALAR_MAX                                              \
	((size_t)1 << 20) /* one scalar's text, bytes */
#define LL_FRAME_SIGMA_FILE_MAX                                                \
	((uint64_t)16 << 20) /* all scalar text of one file */
#define LL_FRAME_SIGMA_NODES_MAX ((uint64_t)1 << 20) /* nodes of one file */
#define LL_FRAME_SIGMA_DEPTH_MAX                                               \
	64 /* open maps and sequences (sigma_yaml.c's LL_SY_MAX_DEPTH) */

/* Node kinds on the wire: the values of enum sy_kind (analyze/sigma/sigma_int.h). */
enum ll_sigma_node_kind {
	LL_SIGMA_NODE_NULL =
		0, /* a plain null scalar: "", "~", "null", "Null", "NULL" */
	LL_SIGMA_NODE_SCALAR = 1, /* any other scalar */
	LL_SIGMA_NODE_SEQ = 2,
	LL_SIGMA_NODE_MAP = 3, /* children: key, value, key, value … */
};

/* The payload of a Sigma frame; which fields a type has is in the comments. */
struct ll_frame_sigma {
	uint32_t index;	  /* BEGIN: the file's position in the rule set */
	const char *name; /* BEGIN: its path below the rule set */
	uint8_t kind;	  /* OPEN: SEQ or MAP; SCALAR: NULL or SCALAR */
	bool quoted;	  /* SCALAR: it was quoted (never for NULL) */
	uint32_t line;	  /* OPEN, SCALAR: 1-based line of the node */
	const char *text; /* SCALAR: UTF-8 text */
	uint32_t count;	  /* CLOSE: children of the node it closes */
	int32_t rc;	  /* END: 0, or the parse's LL_E* code */
	const char
		*message; /* END: the parse's message when rc != 0, else "" */
	/*
	 * END with rc 0, as decoded: the file's tree, borrowed from the
	 * decoder until its next call or release. Not encoded.
	 */
	const struct sy_node *root;
};

/* For frame.c only: the Sigma types it hands over. */

/* True for a type this version defines (SIGMA_BEGIN..SIGMA_END). */
bool ll_frame_sigma_type(unsigned t);
/* "SIGMA_BEGIN" …, or "?" */
const char *ll_frame_sigma_type_name(unsigned t);
/* The payload of Sigma frame `f` (sizes only checked: LL_EINVAL). */
int ll_frame_sigma_encode(struct ll_buf *out, const struct ll_frame *f);
/* True between a SIGMA_BEGIN and its SIGMA_END: only Sigma frames may come. */
bool ll_frame_sigma_open(const struct ll_frame_decoder *d);
/*
 * Decodes and checks a frame of type `t` (a Sigma type, or any type while
 * a rule file is open, which is refused) and grows the tree: 0,
 * LL_ECORRUPT with the field, or LL_ENOMEM with nothing changed.
 */
int ll_frame_sigma_decode(struct ll_frame *f, struct ll_frame_decoder *d,
	unsigned t, struct ll_reader *r);
/* At the end of the stream: LL_ECORRUPT (message set) inside a rule file, else 0. */
int ll_frame_sigma_finish(const struct ll_frame_decoder *d);
/* Frees the decoder's Sigma state and trees. */
void ll_frame_sigma_release(struct ll_frame_decoder *d);

#endif
