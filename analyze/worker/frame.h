/* SPDX-License-Identifier: Apache-2.0 */
/* The frames a reader worker streams to its parent: encoder and validating decoder. */
#ifndef LL_ANALYZE_WORKER_FRAME_H
#define LL_ANALYZE_WORKER_FRAME_H

#include "core/compat.h"
#include "core/buf.h"
#include "core/event/event.h"
#include "analyze/worker/frame_fs.h"
#include "analyze/worker/frame_sigma.h"

/*
 * The wire format is docs/formats/worker-frames.md. A frame is an 8-byte
 * header (u16le type, u16le reserved 0, u32le payload length) and the
 * payload. The worker is assumed hostile: the decoder checks every field
 * before it hands a frame over, and the first violation kills the stream.
 */
#define LL_FRAME_VERSION 1
#define LL_FRAME_HEADER 8
#define LL_FRAME_MAX_PAYLOAD ((size_t)16 << 20) /* hard cap, header excluded */
#define LL_FRAME_TEXT_MAX 1024	  /* warnings, reasons, messages (bytes) */
#define LL_FRAME_WARN_PARAMS_MAX 4096 /* a WARN's params (JSON, bytes) */
#define LL_FRAME_TOKEN_MAX 64	  /* source, parser, category, kinds */
#define LL_FRAME_NAME_MAX 256	  /* item ids, time descriptions */
#define LL_FRAME_LOCATOR_MAX 2048 /* a locator (bytes) */
#define LL_FRAME_HARM_MAX_CELLS 1024 /* cells of a HARM_ROW (LL_CSV_MAX_FIELDS) */

enum ll_frame_type {
	LL_FRAME_HELLO = 1,  /* protocol version, item */
	LL_FRAME_FILE = 2,   /* a file of the item begins: index, reader kind */
	LL_FRAME_EVENT = 3,  /* one event, or a file's MACB times */
	LL_FRAME_WARN = 4,   /* a warning for the analysis record */
	LL_FRAME_REJECT = 5, /* one rejected line or record */
	LL_FRAME_PARTIAL = 6,  /* the file is only partly read */
	LL_FRAME_PROGRESS = 7, /* bytes done of total */
	LL_FRAME_END = 8,      /* the file is done: counts and result */
	/* file-system rows (frame_fs.h): a volume's entries follow, one entry, the volume's row */
	LL_FRAME_FS_BEGIN = 0x0100,
	LL_FRAME_FS_ENTRY = 0x0101,
	LL_FRAME_FS_VOLUME = 0x0102,
	LL_FRAME_FS_HOSTNAME = 0x0103, /* a volume's /etc/hostname, raw (frame_fs.c) */
	LL_FRAME_FS_ZONE = 0x0104, /* the zone a volume's FAT times were read in (frame_fs.c) */
	/*
	 * Reserved, refused by this version: the rest of 0x0100..0x01ff,
	 * 0x0201..0x02ff more hospital rows.
	 */
	LL_FRAME_FS_FIRST = 0x0100,
	LL_FRAME_FS_LAST = 0x01ff,
	LL_FRAME_HARM_FIRST = 0x0200,
	LL_FRAME_HARM_ROW = 0x0200, /* one hospital row (analyze/worker/frame_harm.c) */
	LL_FRAME_HARM_LAST = 0x02ff,
	/* Sigma rule files' YAML trees (frame_sigma.h); 0x0305..0x03ff reserved */
	LL_FRAME_SIGMA_BEGIN = 0x0300,
	LL_FRAME_SIGMA_OPEN = 0x0301,
	LL_FRAME_SIGMA_SCALAR = 0x0302,
	LL_FRAME_SIGMA_CLOSE = 0x0303,
	LL_FRAME_SIGMA_END = 0x0304,
	LL_FRAME_SIGMA_LAST = 0x03ff,
};

/*
 * An event as carried by an EVENT frame: every field of struct ll_event
 * (evidence_id is the HELLO item, not sent again) and 1..LL_EVENT_MAX_TIMES
 * times. times[0] is also in ev.time_ns / time_desc / attrs, so with
 * ntimes == 1 `ev` is what ll_event_add takes; with more it is what
 * ll_event_add_times takes, with the arrays below.
 */
struct ll_frame_event {
	struct ll_event ev;
	size_t ntimes;
	int64_t time_ns[LL_EVENT_MAX_TIMES];
	const char *time_desc[LL_EVENT_MAX_TIMES];
	const char *attrs[LL_EVENT_MAX_TIMES];
};

/*
 * One frame. Strings are NUL-terminated; those a decoder returns are
 * borrowed from it until its next ll_frame_decoder_next or release.
 */
struct ll_frame {
	enum ll_frame_type type;
	union {
		struct {
			uint32_t version;
			const char *item;
		} hello;
		struct {
			uint32_t index;	  /* into the item's files */
			const char *kind; /* the reader: "evtx", "tsk" … */
		} file;
		struct ll_frame_event event;
		struct ll_frame_fs fs; /* FS_BEGIN, FS_ENTRY, FS_VOLUME */
		struct {
			const char *text;
			/* optional, both or neither: the warning's stable code
			 * (ll_source_warn_code) and its params, a JSON object */
			const char *code;
			const char *params;
		} warn;
		struct {
			uint64_t number; /* 1-based line or record */
			uint64_t
				offset; /* byte offset in the (decompressed) file */
			const char *reason;
		} reject;
		struct {
			const char *
				reason; /* a fixed token ("budget", "damaged" …) */
			const char *message;
		} partial;
		struct {
			uint64_t done, total; /* total 0: unknown */
		} progress;
		struct {
			uint8_t kind;	     /* enum ll_harm_kind */
			const char *locator; /* "path:line", "path#/pointer" */
			const char *where;   /* the reader's context for errors: "line 12" */
			size_t ncells;	     /* 1..LL_FRAME_HARM_MAX_CELLS */
			const char *cells;   /* ncells × name NUL value NUL, none empty */
		} harm;
		struct {
			uint64_t events, rejected, recovered;
			int32_t rc; /* the reader's result: 0 or an LL_E* code */
			const char *message; /* why, when rc != 0; else "" */
		} end;
		struct ll_frame_sigma sigma; /* LL_FRAME_SIGMA_* */
	} u;
};

/*
 * Appends `f` in wire form to `out`. Only sizes are checked (a string or
 * the payload too long: LL_EINVAL); the content is the worker's to get
 * right, and the parent's to refuse. ev.evidence_id is not sent.
 */
int ll_frame_encode(struct ll_buf *out, const struct ll_frame *f);

/* Writes all `len` bytes to `fd`, retrying short writes and EINTR (LL_EIO). */
int ll_frame_write_all(int fd, const void *data, size_t len);

/*
 * The parent's side: a stream decoder fed whatever a pipe read returned.
 * Once a frame is refused the stream is dead: every later call returns
 * LL_ECORRUPT with the first message again.
 */
struct ll_frame_decoder {
	struct ll_buf in; /* bytes received, not yet decoded, from `head` */
	size_t head;
	struct ll_buf arena; /* the strings of the last frame */
	uint64_t consumed;   /* stream offset of in.ptr[head] */
	uint64_t nframes;    /* frames decoded */
	int dead;	     /* the refusal, sticky; 0 while alive */
	char why[512];
	/* sequence state */
	bool hello, in_file, have_file;
	char *item;
	uint32_t file_index;
	uint64_t events, rejects; /* of the open file */
	uint64_t progress_done;
	struct ll_frame_fs_state fs;
	struct ll_frame_sigma_state *sigma; /* frame_sigma.c's; NULL until a Sigma frame */
	/*
	 * The string classes' checks (NUL, UTF-8, control characters, the
	 * attrs JSON) are skipped: set only while replaying bytes this process
	 * spooled after another decoder checked every complete frame of them
	 * without a refusal (analyze/worker/pool.c). Lengths, the sequence and
	 * every other check still hold.
	 */
	bool trusted;
};

void ll_frame_decoder_init(struct ll_frame_decoder *d);
void ll_frame_decoder_release(struct ll_frame_decoder *d);

/* Appends `len` bytes read from the worker (LL_ENOMEM, or the refusal). */
int ll_frame_decoder_feed(
	struct ll_frame_decoder *d, const uint8_t *data, size_t len);

/*
 * Decodes the next whole frame into *out: 1 when one was decoded, 0 when
 * more bytes are needed, LL_ECORRUPT (naming the frame number, its stream
 * offset and the field) when the worker sent something invalid, or
 * LL_ENOMEM. Feed, then call until it returns 0.
 */
int ll_frame_decoder_next(struct ll_frame *out, struct ll_frame_decoder *d);

/*
 * At the end of the stream (EOF on the pipe): 0 when it ended between
 * frames, after HELLO and outside a file; else LL_ECORRUPT (truncated).
 */
int ll_frame_decoder_finish(struct ll_frame_decoder *d);

#endif
