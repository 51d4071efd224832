/* SPDX-License-Identifier: Apache-2.0 */
/* casefile verify: every check of a delivered folder, each step named, without the case database. */
#include "core/compat.h"
#include "casefile/casefile.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "casefile/seal/bag.h"
#include "casefile/report/cover.h"
#include "casefile/seal/custody_tsv.h"
#include "casefile/manifest.h"
#include "casefile/seal/seal_cms.h"
#include "casefile/seal/tsa.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

struct v {
	struct ll_casefile_verify_report *rep;
	const char *dir;
	const char *ca_file, *pin;  /* --ca, --signer-fingerprint */
	struct ll_buf bag, seal, p;
	struct ll_manifest payload; /* as listed */
	bool payload_ok;
	struct ll_seal_info seal_info;
	bool seal_ok;               /* the signature matches the tag manifest */
	bool ts_ok;                 /* a timestamp token verified */
	char ts[48];
};

static struct ll_casefile_step *step(struct v *v, const char *name)
{
	struct ll_casefile_step *s = &v->rep->steps[v->rep->nsteps++];

	s->name = name;
	s->status = 0;
	s->message[0] = '\0';
	return s;
}

static void say(struct ll_casefile_step *s, int status, const char *fmt, ...)
	LL_PRINTF(3, 4);

static void say(struct ll_casefile_step *s, int status, const char *fmt, ...)
{
	size_t used = strlen(s->message);
	va_list ap;

	if (status < 0 || (status == 1 && s->status == 0) || (status == 2 && s->status == 0))
		s->status = status;
	if (used && used + 3 < sizeof(s->message)) {
		memcpy(s->message + used, "; ", 3);
		used += 2;
	}
	if (used + 1 >= sizeof(s->message))
		return;
	va_start(ap, fmt);
	vsnprintf(s->message + used, sizeof(s->message) - used, fmt, ap);
	va_end(ap);
}

static int read_in(struct ll_buf *out, struct ll_buf *base, const char *name)
{
	struct ll_buf p = LL_BUF_INIT;
	int rc;

	ll_buf_reset(out);
	if ((rc = ll_buf_printf(&p, "%s/%s", base->ptr, name)) == 0)
		rc = ll_buf_read_file(out, p.ptr);
	ll_buf_release(&p);
	return rc;
}

static bool is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static void layout(struct v *v)
{
	struct ll_casefile_step *s = step(v, "layout");
	struct ll_buf b = LL_BUF_INIT;

	if (!is_dir(v->bag.ptr))
		say(s, -1, "no bag folder '%s'", v->bag.ptr);
	if (!is_dir(v->seal.ptr))
		say(s, -1, "no seal folder '%s'", v->seal.ptr);
	if (s->status == 0) {
		if (read_in(&b, &v->bag, "bagit.txt") < 0)
			say(s, -1, "bagit.txt is missing");
		else if (strcmp(b.ptr, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n") != 0)
			say(s, -1, "bagit.txt is not a BagIt 1.0 declaration");
	}
	if (s->status == 0)
		say(s, 0, "BagIt 1.0 bag and seal folder present");
	ll_buf_release(&b);
}

static void tag_manifest(struct v *v)
{
	struct ll_casefile_step *s = step(v, "tag-manifest");
	static const char *const required[] = { "bagit.txt", "bag-info.txt", LL_BAG_MANIFEST };
	struct ll_manifest m = LL_MANIFEST_INIT;
	struct ll_buf b = LL_BUF_INIT, f = LL_BUF_INIT;
	DIR *d = NULL;
	struct dirent *de;

	if (read_in(&b, &v->bag, LL_BAG_TAGMANIFEST) < 0) {
		say(s, -1, "%s is missing", LL_BAG_TAGMANIFEST);
		goto out;
	}
	ll_sha256_hex(v->rep->fingerprint, b.ptr, b.len);
	if (ll_manifest_parse(&m, b.ptr, b.len) < 0) {
		say(s, -1, "%s: %s", LL_BAG_TAGMANIFEST, ll_error_message());
		goto out;
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(required); i++)
		if (ll_manifest_find(&m, required[i]) < 0)
			say(s, -1, "%s does not list %s", LL_BAG_TAGMANIFEST, required[i]);
	for (size_t i = 0; i < m.n; i++) {
		char h[65];

		if (strchr(m.v[i].path, '/') || !strcmp(m.v[i].path, LL_BAG_TAGMANIFEST)) {
			say(s, -1, "%s lists '%s', which is not a tag file", LL_BAG_TAGMANIFEST, m.v[i].path);
			continue;
		}
		if (read_in(&f, &v->bag, m.v[i].path) < 0) {
			say(s, -1, "%s: missing", m.v[i].path);
			continue;
		}
		ll_sha256_hex(h, f.ptr, f.len);
		if (strcmp(h, m.v[i].sha256) != 0)
			say(s, -1, "%s: FAILED (content changed)", m.v[i].path);
	}
	if ((d = opendir(v->bag.ptr))) {
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
			    !strcmp(de->d_name, "data") || !strcmp(de->d_name, LL_BAG_TAGMANIFEST))
				continue;
			if (ll_manifest_find(&m, de->d_name) < 0)
				say(s, -1, "'%s' in the bag is not listed in %s", de->d_name,
				    LL_BAG_TAGMANIFEST);
		}
		closedir(d);
	}
	if (s->status == 0)
		say(s, 0, "%zu tag files match", m.n);
out:
	ll_manifest_release(&m);
	ll_buf_release(&b);
	ll_buf_release(&f);
}

static void payload(struct v *v)
{
	struct ll_casefile_step *s = step(v, "payload");
	struct ll_manifest disk = LL_MANIFEST_INIT;
	struct ll_buf b = LL_BUF_INIT;
	uint64_t bytes = 0;
	size_t i = 0, j = 0, bad = 0;
	char oxum[64];
	const char *info;

	if (read_in(&b, &v->bag, LL_BAG_MANIFEST) < 0) {
		say(s, -1, "%s is missing", LL_BAG_MANIFEST);
		goto out;
	}
	if (ll_manifest_parse(&v->payload, b.ptr, b.len) < 0) {
		say(s, -1, "%s: %s", LL_BAG_MANIFEST, ll_error_message());
		goto out;
	}
	if (ll_bag_scan(&disk, v->bag.ptr, "data") < 0) {
		say(s, -1, "cannot read data/: %s", ll_error_message());
		goto out;
	}
	/* both sorted: walk them together */
	while (i < v->payload.n || j < disk.n) {
		int c = i == v->payload.n ? 1 : j == disk.n ? -1
				: strcmp(v->payload.v[i].path, disk.v[j].path);

		if (c < 0) {
			if (bad++ < 20)
				say(s, -1, "%s: missing", v->payload.v[i].path);
			i++;
		} else if (c > 0) {
			if (bad++ < 20)
				say(s, -1, "%s: not listed in %s", disk.v[j].path, LL_BAG_MANIFEST);
			j++;
		} else {
			if (strcmp(v->payload.v[i].sha256, disk.v[j].sha256) != 0 && bad++ < 20)
				say(s, -1, "%s: FAILED (content changed)", disk.v[j].path);
			v->payload.v[i].size = disk.v[j].size;
			bytes += disk.v[j].size;
			i++;
			j++;
		}
	}
	if (bad > 20)
		say(s, -1, "%zu problems in all", bad);
	snprintf(oxum, sizeof(oxum), "Payload-Oxum: %" PRIu64 ".%zu\n", bytes, disk.n);
	if (read_in(&b, &v->bag, "bag-info.txt") == 0 && (info = strstr(b.ptr, "Payload-Oxum: ")) &&
	    strncmp(info, oxum, strlen(oxum)) != 0)
		say(s, -1, "bag-info.txt Payload-Oxum does not match the payload (%.*s)",
		    (int)strlen(oxum) - 1, oxum);
	if (s->status == 0) {
		v->payload_ok = true;
		say(s, 0, "%zu files, %" PRIu64 " bytes, all listed and matching", disk.n, bytes);
	}
out:
	ll_manifest_release(&disk);
	ll_buf_release(&b);
}

static void signature(struct v *v, const char *ca_file)
{
	struct ll_casefile_step *s = step(v, "signature");
	struct ll_buf sig = LL_BUF_INIT, tag = LL_BUF_INIT;
	struct ll_seal_info *info = &v->seal_info;
	int rc;

	if (read_in(&sig, &v->seal, LL_SEAL_SIG) < 0) {
		say(s, -1, "seal/%s is missing", LL_SEAL_SIG);
		goto out;
	}
	if (read_in(&tag, &v->bag, LL_BAG_TAGMANIFEST) < 0) {
		say(s, -1, "%s is missing", LL_BAG_TAGMANIFEST);
		goto out;
	}
	rc = ll_seal_verify(info, (const uint8_t *)sig.ptr, sig.len, tag.ptr, tag.len, ca_file);
	snprintf(v->rep->signer, sizeof(v->rep->signer), "%s", info->subject);
	snprintf(v->rep->signer_fingerprint, sizeof(v->rep->signer_fingerprint), "%s",
		 info->fingerprint);
	if (rc == LL_ENOTFOUND) {
		say(s, -1, "%s", ll_error_message());
		goto out;
	}
	if (rc < 0) {
		say(s, -1, "%s", info->reason);
		goto out;
	}
	v->seal_ok = true;
	say(s, 0, "the signature covers %s: signed with the certificate of %s (SHA-256 %s)",
	    LL_BAG_TAGMANIFEST, info->subject, info->fingerprint);
	if (info->chain_checked)
		say(s, 0, "certificate chain to the CA verified");
out:
	ll_buf_release(&sig);
	ll_buf_release(&tag);
}

/* "AB:cd:…" or "abcd…" as 64 lower-case hex digits; false if it is not a SHA-256. */
static bool normalise_fpr(char out[65], const char *in)
{
	size_t n = 0;

	for (; *in; in++) {
		if (*in == ':' || *in == ' ')
			continue;
		if (!strchr("0123456789abcdefABCDEF", *in) || n == 64)
			return false;
		out[n++] = (char)(*in >= 'A' && *in <= 'F' ? *in - 'A' + 'a' : *in);
	}
	out[n] = '\0';
	return n == 64;
}

/*
 * Whether the seal's certificate signs entries of the bag's own custody
 * ledger (data/custody/chain.tsv, field 5 the certificate SHA-256, field 4
 * the actor): the examiners who handled the case.
 */
static void ledger_match(struct v *v, struct ll_casefile_step *s, int status_if_absent)
{
	const char *fpr = v->seal_info.fingerprint, *cn = v->seal_info.cn;
	struct ll_buf b = LL_BUF_INIT, others = LL_BUF_INIT, seen = LL_BUF_INIT;
	size_t pos = 0, mine = 0, same_name = 0, examiners = 0;
	char other_fpr[65] = "";

	if (read_in(&b, &v->bag, "data/custody/chain.tsv") < 0) {
		say(s, status_if_absent, "the bag holds no custody ledger to compare the signer with");
		goto out;
	}
	while (pos < b.len) {
		char *line = b.ptr + pos, *nl = memchr(line, '\n', b.len - pos), *f[5];
		size_t nf = 0;

		if (!nl)
			break;
		*nl = '\0';
		pos = (size_t)(nl - b.ptr) + 1;
		for (char *p = line; nf < 5; nf++) {
			f[nf] = p;
			if (!(p = strchr(p, '\t')))
				break;
			*p++ = '\0';
		}
		if (nf < 4 || strlen(f[4]) < 64)
			continue;
		f[4][64] = '\0';
		if (!strcmp(f[4], fpr)) {
			mine++;
		} else {
			if (!strstr(seen.ptr ? seen.ptr : "", f[4])) {
				examiners++;
				ll_buf_puts(&seen, f[4]);
				ll_buf_printf(&others, "%s'%s' (%.16s…)", others.len ? ", " : "", f[3], f[4]);
			}
			if (*cn && !strcmp(f[3], cn)) {
				same_name++;
				snprintf(other_fpr, sizeof(other_fpr), "%s", f[4]);
			}
		}
	}
	if (mine) {
		say(s, 0, "the signer's certificate is the one that signs %zu entr%s of the bag's custody ledger",
		    mine, mine == 1 ? "y" : "ies");
		v->rep->signer_in_ledger = true;
	} else if (same_name) {
		say(s, status_if_absent < 0 ? -1 : status_if_absent,
		    "the signer is NOT an examiner of the bag's custody ledger: '%s' signs the ledger with "
		    "another certificate (SHA-256 %s), not this one: a certificate with the same name",
		    cn, other_fpr);
	} else {
		say(s, status_if_absent,
		    "the signer's certificate is none of the examiners' in the bag's custody ledger%s%s",
		    examiners ? ": " : "", examiners ? others.ptr : "");
	}
out:
	ll_buf_release(&b);
	ll_buf_release(&others);
	ll_buf_release(&seen);
}

/*
 * Integrity (the hashes and the signature) proves the content is the one
 * signed; who signed is proved only by a CA the recipient trusts or by a
 * certificate fingerprint the recipient got from the examiner out of band.
 */
static void identity(struct v *v)
{
	struct ll_casefile_step *s = step(v, "identity");
	char pin[65];

	if (!v->seal_ok) {
		say(s, 2, "no valid signature: nobody's identity to establish");
		return;
	}
	if (v->pin) {
		if (!normalise_fpr(pin, v->pin)) {
			say(s, -1, "--signer-fingerprint '%s' is not a SHA-256 (64 hex digits)", v->pin);
		} else if (strcmp(pin, v->seal_info.fingerprint) != 0) {
			say(s, -1, "the seal was signed with the certificate SHA-256 %s, not the %s given "
				   "with --signer-fingerprint: it was not sealed by that examiner's key",
			    v->seal_info.fingerprint, pin);
		} else {
			v->rep->identity_ok = true;
			say(s, 0, "the signer's certificate is the one pinned with --signer-fingerprint (%s)",
			    v->seal_info.cn);
		}
	} else if (v->seal_info.chain_checked) {
		v->rep->identity_ok = true;
		say(s, 0, "'%s' is established by the CA '%s'", v->seal_info.cn, v->ca_file);
	} else {
		say(s, -1, "NOT established: the certificate in the signature names '%s'%s, but anyone can "
			   "make a certificate with that name; give --ca with the CA that issued the examiner's "
			   "certificate, or --signer-fingerprint with its SHA-256 obtained from the examiner "
			   "out of band",
		    v->seal_info.cn, v->seal_info.self_signed ? " and is self-signed" : "");
	}
	/* the ledger says who handled the case: the sealer should be one of them */
	ledger_match(v, s, v->rep->identity_ok ? 1 : -1);
}

/* Whether the case file says it has a timestamp: the cover shows one, or methods.json names a TSA. */
static const char *claimed_timestamp(struct v *v)
{
	static const char none[] = "<dt>Timestamp (RFC 3161)</dt><dd>" LL_COVER_NO_TIMESTAMP "</dd>";
	static const char none_fr[] = "<dt>Horodatage (RFC 3161)</dt><dd>" LL_COVER_NO_TIMESTAMP_FR "</dd>";
	struct ll_buf b = LL_BUF_INIT;
	const char *why = NULL;
	json_t *m;

	if (read_in(&b, &v->seal, LL_CASEFILE_COVER) == 0 && !strstr(b.ptr, none) && !strstr(b.ptr, none_fr))
		why = "the cover sheet shows a timestamp";
	if (!why && read_in(&b, &v->bag, "data/analysis/methods.json") == 0 &&
	    (m = json_loadb(b.ptr, b.len, 0, NULL))) {
		const char *t = json_string_value(json_object_get(json_object_get(m, "casefile"),
								  "timestamp"));

		if (t && (!strncmp(t, "http://", 7) || !strncmp(t, "https://", 8)))
			why = "data/analysis/methods.json says the timestamp came from a TSA";
		json_decref(m);
	}
	ll_buf_release(&b);
	return why;
}

static void timestamp(struct v *v, const char *ca_file)
{
	struct ll_casefile_step *s = step(v, "timestamp");
	struct ll_buf sig = LL_BUF_INIT, tsq = LL_BUF_INIT, tsr = LL_BUF_INIT;
	struct ll_tsa_info info;
	const char *claim;
	bool have_tsq;
	int rc;

	if (read_in(&tsr, &v->seal, LL_SEAL_TSR) < 0) {
		if ((claim = claimed_timestamp(v)))
			say(s, -1, "%s, but the timestamp token seal/%s is missing: the case file claims a "
				   "time it cannot prove", claim, LL_SEAL_TSR);
		else
			say(s, 1, "no timestamp: seal/%s has not been answered by a timestamp authority yet",
			    LL_SEAL_TSQ);
		goto out;
	}
	if (read_in(&sig, &v->seal, LL_SEAL_SIG) < 0) {
		say(s, -1, "seal/%s is missing", LL_SEAL_SIG);
		goto out;
	}
	have_tsq = read_in(&tsq, &v->seal, LL_SEAL_TSQ) == 0;
	rc = ll_tsa_verify(&info, (const uint8_t *)tsr.ptr, tsr.len,
			   have_tsq ? (const uint8_t *)tsq.ptr : NULL, tsq.len, sig.ptr,
			   sig.len, ca_file);
	if (rc < 0) {
		say(s, -1, "%s", *info.reason ? info.reason : ll_error_message());
		goto out;
	}
	v->ts_ok = true;
	snprintf(v->ts, sizeof(v->ts), "%s", info.gen_time);
	snprintf(v->rep->timestamp, sizeof(v->rep->timestamp), "%s", info.gen_time);
	say(s, 0, "signature timestamped %s by %s (serial %s, policy %s)", info.gen_time, info.tsa,
	    info.serial, info.policy);
	if (!info.chain_checked)
		say(s, 1, "TSA certificate chain not checked: give --ca");
out:
	ll_buf_release(&sig);
	ll_buf_release(&tsq);
	ll_buf_release(&tsr);
}

/* "line N: the cover says «…» where the signed case file gives «…»" for the first difference. */
static void cover_difference(struct ll_casefile_step *s, const struct ll_buf *got,
			     const struct ll_buf *want)
{
	size_t i = 0, line = 1, start = 0;
	const char *g, *w, *ge, *we;

	while (i < got->len && i < want->len && got->ptr[i] == want->ptr[i]) {
		if (got->ptr[i] == '\n') {
			line++;
			start = i + 1;
		}
		i++;
	}
	g = got->ptr + start;
	w = want->ptr + start;
	ge = memchr(g, '\n', got->len - start);
	we = memchr(w, '\n', want->len - start);
	if (!ge)
		ge = got->ptr + got->len;
	if (!we)
		we = want->ptr + want->len;
	say(s, -1, "seal/%s line %zu is not what the signed case file states: it reads \"%.*s\" where "
		   "the rebuilt cover reads \"%.*s\"",
	    LL_CASEFILE_COVER, line, (int)(ge - g > 300 ? 300 : ge - g), g,
	    (int)(we - w > 300 ? 300 : we - w), w);
}

static void seal_folder(struct v *v)
{
	struct ll_casefile_step *s = step(v, "cover");
	static const char *const known[] = { LL_SEAL_SIG, LL_SEAL_TSQ, LL_SEAL_TSR, LL_CASEFILE_COVER };
	struct ll_cover_facts f = { 0 };
	struct ll_buf b = LL_BUF_INIT, want = LL_BUF_INIT;
	DIR *d;
	struct dirent *de;

	if ((d = opendir(v->seal.ptr))) {
		while ((de = readdir(d))) {
			bool ok = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");

			for (size_t i = 0; i < LL_ARRAY_SIZE(known) && !ok; i++)
				ok = !strcmp(de->d_name, known[i]);
			if (!ok)
				say(s, -1, "unexpected file seal/%s", de->d_name);
		}
		closedir(d);
	}
	if (read_in(&b, &v->seal, LL_CASEFILE_COVER) < 0) {
		say(s, 1, "no cover sheet seal/%s", LL_CASEFILE_COVER);
		goto out;
	}
	if (!v->seal_ok) {
		say(s, -1, "the cover sheet cannot be checked without a valid signature");
		goto out;
	}
	/* rebuilt from signed content only, through the same rendering as build */
	if (ll_casefile_cover_case(&f, v->bag.ptr) < 0) {
		say(s, -1, "%s", ll_error_message());
		goto out;
	}
	f.examiner = v->seal_info.cn;
	f.examiner_fpr = v->seal_info.fingerprint;
	f.fingerprint = v->rep->fingerprint;
	f.timestamp = v->ts_ok ? v->ts : NULL;
	if (ll_casefile_cover_render(&want, &f) < 0) {
		say(s, -1, "%s", ll_error_message());
		goto out;
	}
	if (b.len != want.len || memcmp(b.ptr, want.ptr, b.len) != 0)
		cover_difference(s, &b, &want);
	else
		say(s, 0, "every statement of the cover sheet (case, authority, examiner, fingerprint, "
			  "timestamp) matches the signed case file, byte for byte");
out:
	ll_casefile_cover_release(&f);
	ll_buf_release(&b);
	ll_buf_release(&want);
}

static void custody(struct v *v)
{
	struct ll_casefile_step *s = step(v, "custody");
	struct ll_custody_tsv_report rep;
	struct ll_buf p = LL_BUF_INIT;

	ll_buf_printf(&p, "%s/data/custody", v->bag.ptr);
	if (ll_custody_tsv_verify(&rep, p.ptr) < 0) {
		if (rep.bad_line)
			say(s, -1, "data/custody/chain.tsv line %" PRId64 ": %s", rep.bad_line, rep.reason);
		else
			say(s, -1, "%s", ll_error_message());
	} else {
		say(s, 0, "%" PRId64 " entries chained and signed, head %s", rep.entries, rep.head);
	}
	ll_buf_release(&p);
}

static void evidence(struct v *v, const char *evidence_dir)
{
	struct ll_casefile_step *s = step(v, "evidence");
	struct ll_manifest refs = LL_MANIFEST_INIT;
	struct ll_buf b = LL_BUF_INIT, p = LL_BUF_INIT, data = LL_BUF_INIT;
	size_t included = 0, checked = 0, referenced = 0;

	if (read_in(&b, &v->bag, "data/evidence-sha256.txt") < 0) {
		say(s, -1, "data/evidence-sha256.txt is missing");
		goto out;
	}
	if (ll_manifest_parse(&refs, b.ptr, b.len) < 0) {
		say(s, -1, "data/evidence-sha256.txt: %s", ll_error_message());
		goto out;
	}
	for (size_t i = 0; i < refs.n; i++) {
		ptrdiff_t k;

		ll_buf_reset(&p);
		ll_buf_printf(&p, "data/%s", refs.v[i].path);
		if ((k = ll_manifest_find(&v->payload, p.ptr)) >= 0) {
			included++;
			if (strcmp(v->payload.v[k].sha256, refs.v[i].sha256) != 0)
				say(s, -1, "%s is not the registered evidence file (SHA-256 differs)", p.ptr);
			continue;
		}
		referenced++;
		if (!evidence_dir)
			continue;
		ll_buf_reset(&data);
		if (ll_buf_printf(&data, "%s/%s", evidence_dir, refs.v[i].path) < 0)
			continue;
		{
			char h[65];

			if (ll_hash_file(data.ptr, LL_HASH_SHA256, NULL, NULL, h, NULL) < 0)
				say(s, -1, "%s: missing or unreadable", data.ptr);
			else if (strcmp(h, refs.v[i].sha256) != 0)
				say(s, -1, "%s: FAILED (not the registered evidence file)", data.ptr);
			else
				checked++;
		}
	}
	if (s->status < 0)
		goto out;
	say(s, 0, "%zu evidence files included and matching their registered hashes", included);
	if (referenced && evidence_dir)
		say(s, 0, "%zu referenced files hashed in '%s' and matching", checked, evidence_dir);
	else if (referenced)
		say(s, 1, "%zu evidence files referenced by hash, not included: check them with --evidence CASE_DIR or 'sha256sum -c data/evidence-sha256.txt' in the case folder",
		    referenced);
out:
	ll_manifest_release(&refs);
	ll_buf_release(&b);
	ll_buf_release(&p);
	ll_buf_release(&data);
}

int ll_casefile_verify(struct ll_casefile_verify_report *rep, const char *dir,
		       const char *ca_file, const char *signer_fpr, const char *evidence_dir)
{
	struct v v = { 0 };
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	v.rep = rep;
	v.dir = dir;
	v.ca_file = ca_file;
	v.pin = signer_fpr;
	ll_buf_init(&v.bag);
	ll_buf_init(&v.seal);
	ll_buf_init(&v.p);
	if (!is_dir(dir)) {
		rc = ll_error_set(LL_ENOTFOUND, "'%s' is not a folder", dir);
		goto out;
	}
	if (ca_file && access(ca_file, R_OK) != 0) {
		rc = ll_error_set(LL_ENOTFOUND, "cannot read the CA file '%s'", ca_file);
		goto out;
	}
	if ((rc = ll_buf_printf(&v.bag, "%s/" LL_CASEFILE_BAG, dir)) < 0 ||
	    (rc = ll_buf_printf(&v.seal, "%s/" LL_CASEFILE_SEAL, dir)) < 0)
		goto out;
	layout(&v);
	if (rep->steps[0].status < 0) {
		rep->ok = false;
		rc = ll_error_set(LL_EVERIFY, "layout: %s", rep->steps[0].message);
		goto out;
	}
	tag_manifest(&v);
	payload(&v);
	signature(&v, ca_file);
	identity(&v);
	timestamp(&v, ca_file);
	seal_folder(&v);
	custody(&v);
	evidence(&v, evidence_dir);
	rep->ok = true;
	rep->integrity_ok = true;
	for (size_t i = 0; i < rep->nsteps; i++)
		if (rep->steps[i].status < 0) {
			if (rep->ok)
				rc = ll_error_set(LL_EVERIFY, "%s: %s", rep->steps[i].name,
						  rep->steps[i].message);
			rep->ok = false;
			if (strcmp(rep->steps[i].name, "identity") != 0)
				rep->integrity_ok = false;
		}
out:
	ll_manifest_release(&v.payload);
	ll_buf_release(&v.bag);
	ll_buf_release(&v.seal);
	ll_buf_release(&v.p);
	return rc;
}
