/* SPDX-License-Identifier: Apache-2.0 */
/* Building and verifying the sealed case file (DESIGN §7; docs/formats/casefile.md). */
#ifndef LL_CASEFILE_CASEFILE_H
#define LL_CASEFILE_CASEFILE_H

#include "core/compat.h"

#include "casefile/report/lang.h"

#include <jansson.h>

struct ll_case;
struct ll_signer;

/* The delivered folder holds the bag and the seal beside it. */
#define LL_CASEFILE_BAG "bag"
#define LL_CASEFILE_SEAL "seal"
#define LL_CASEFILE_COVER "cover.html"

struct ll_casefile_build_opts {
	const char *out_dir;        /* must not exist */
	const char *recipient;      /* certificate (PEM) to encrypt the harm annex to */
	bool include_evidence;      /* copy evidence files into data/ */
	const char *tsa_url;        /* RFC 3161 over HTTP(S), or NULL */
	const json_t *versions;     /* {"library": "version"} for the report */
	bool no_pdf;                /* no data/report.pdf: said in the report and methods.json */
	const char *tz;             /* local zone shown beside UTC (NULL: the recorded one) */
	const json_t *profile;      /* the examiner's profile (core/expert/profile.h) or NULL */
	const char *validation;     /* validation.json of `lifeline validate` (NULL: none) */
	enum ll_lang lang;          /* the report's language (--lang; 0: English) */
	/* after each step ("annex", "timeline", … "seal"): `done` of `total` steps; may be NULL */
	void (*progress)(void *payload, const char *step, uint64_t done, uint64_t total);
	void *progress_payload;
};

struct ll_casefile_result {
	char fingerprint[65];
	size_t payload_files;
	uint64_t payload_bytes;
	bool timestamped;
	char timestamp[48];
	int64_t seal_seq;           /* custody entry recorded */
	char seal_hash[65];
};

/*
 * Builds `opts->out_dir`/bag (BagIt) and `opts->out_dir`/seal (signature,
 * timestamp request, timestamp when a TSA URL is given, cover sheet), then
 * appends the custody entry "seal" with the fingerprint. On failure the
 * partial folder is left for inspection and no custody entry is written.
 */
int ll_casefile_build(struct ll_casefile_result *res, struct ll_case *cs,
		      const struct ll_signer *signer,
		      const struct ll_casefile_build_opts *opts);

/*
 * Adds a TSA reply to a case file built earlier: it must answer the request
 * in seal/ and cover the signature; it becomes seal/…p7s.tsr and a custody
 * entry "seal" records it.
 */
int ll_casefile_add_timestamp(struct ll_casefile_result *res, struct ll_case *cs,
			      const struct ll_signer *signer, const char *out_dir,
			      const char *reply_path);

/* One verification step and what it found. */
struct ll_casefile_step {
	const char *name;   /* layout, tag-manifest, payload, signature, … */
	int status;         /* 0 ok, 1 warning, -1 failed, 2 skipped */
	char message[1024];
};

#define LL_CASEFILE_STEPS 10

struct ll_casefile_verify_report {
	struct ll_casefile_step steps[LL_CASEFILE_STEPS];
	size_t nsteps;
	char fingerprint[65];
	char signer[256];
	char signer_fingerprint[65]; /* SHA-256 of the signing certificate */
	char timestamp[48];
	bool ok;                     /* every step passed */
	bool integrity_ok;           /* every step but identity passed */
	bool identity_ok;            /* the signer chains to --ca or is the pinned certificate */
	bool signer_in_ledger;       /* the signing certificate signs custody ledger entries */
};

/*
 * Checks a delivered folder without the case database: layout, tag
 * manifest, payload (missing, unlisted, hashes, Payload-Oxum), signature
 * and chain to `ca_file`, the signer's identity (established only by the
 * chain to `ca_file` or by `signer_fpr`, the certificate SHA-256 pinned out
 * of band; the step fails otherwise, and says whether the signer signs the
 * bag's custody ledger), timestamp (a claimed but missing one fails),
 * custody ledger, evidence files or references (hashed under `evidence_dir`
 * when given), and the cover sheet, rebuilt from the signed content and
 * compared byte for byte. Returns 0 when every step passed, LL_EVERIFY
 * when one failed (see the report; `integrity_ok` tells whether only the
 * identity is missing), other codes when it could not run.
 */
int ll_casefile_verify(struct ll_casefile_verify_report *rep, const char *dir,
		       const char *ca_file, const char *signer_fpr,
		       const char *evidence_dir);

#endif
