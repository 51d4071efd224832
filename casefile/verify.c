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

#include "casefile/bag.h"
#include "casefile/custody_tsv.h"
#include "casefile/manifest.h"
#include "casefile/seal_cms.h"
#include "casefile/tsa.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

struct v {
	struct ll_casefile_verify_report *rep;
	const char *dir;
	struct ll_buf bag, seal, p;
	struct ll_manifest payload; /* as listed */
	bool payload_ok;
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
	struct ll_seal_info info;
	int rc;

	if (read_in(&sig, &v->seal, LL_SEAL_SIG) < 0) {
		say(s, -1, "seal/%s is missing", LL_SEAL_SIG);
		goto out;
	}
	if (read_in(&tag, &v->bag, LL_BAG_TAGMANIFEST) < 0) {
		say(s, -1, "%s is missing", LL_BAG_TAGMANIFEST);
		goto out;
	}
	rc = ll_seal_verify(&info, (const uint8_t *)sig.ptr, sig.len, tag.ptr, tag.len, ca_file);
	snprintf(v->rep->signer, sizeof(v->rep->signer), "%s", info.subject);
	if (rc == LL_ENOTFOUND) {
		say(s, -1, "%s", ll_error_message());
		goto out;
	}
	if (rc < 0) {
		say(s, -1, "%s", info.reason);
		goto out;
	}
	say(s, 0, "signed by %s (certificate SHA-256 %s)", info.subject, info.fingerprint);
	if (info.chain_checked)
		say(s, 0, "certificate chain to the CA verified");
	else if (info.self_signed)
		say(s, 1, "the examiner certificate is self-signed: it proves the content is unchanged since "
			  "signing, not who signed; compare its fingerprint with one obtained from the examiner, or give --ca");
	else
		say(s, 1, "certificate chain not checked: give --ca");
out:
	ll_buf_release(&sig);
	ll_buf_release(&tag);
}

static void timestamp(struct v *v, const char *ca_file)
{
	struct ll_casefile_step *s = step(v, "timestamp");
	struct ll_buf sig = LL_BUF_INIT, tsq = LL_BUF_INIT, tsr = LL_BUF_INIT;
	struct ll_tsa_info info;
	bool have_tsq;
	int rc;

	if (read_in(&tsr, &v->seal, LL_SEAL_TSR) < 0) {
		say(s, 1, "no timestamp: seal/%s has not been answered by a timestamp authority yet", LL_SEAL_TSQ);
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

static void seal_folder(struct v *v)
{
	struct ll_casefile_step *s = step(v, "cover");
	static const char *const known[] = { LL_SEAL_SIG, LL_SEAL_TSQ, LL_SEAL_TSR, LL_CASEFILE_COVER };
	struct ll_buf b = LL_BUF_INIT;
	char want[128];
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
	} else {
		snprintf(want, sizeof(want), "data-fingerprint=\"%s\"", v->rep->fingerprint);
		if (!strstr(b.ptr, want))
			say(s, -1, "the cover sheet does not show the fingerprint %s", v->rep->fingerprint);
		else
			say(s, 0, "cover sheet shows the fingerprint");
	}
	ll_buf_release(&b);
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
		       const char *ca_file, const char *evidence_dir)
{
	struct v v = { 0 };
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	v.rep = rep;
	v.dir = dir;
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
	timestamp(&v, ca_file);
	seal_folder(&v);
	custody(&v);
	evidence(&v, evidence_dir);
	rep->ok = true;
	for (size_t i = 0; i < rep->nsteps; i++)
		if (rep->steps[i].status < 0) {
			if (rep->ok)
				rc = ll_error_set(LL_EVERIFY, "%s: %s", rep->steps[i].name,
						  rep->steps[i].message);
			rep->ok = false;
		}
out:
	ll_manifest_release(&v.payload);
	ll_buf_release(&v.bag);
	ll_buf_release(&v.seal);
	ll_buf_release(&v.p);
	return rc;
}
