/* SPDX-License-Identifier: Apache-2.0 */
/* casefile build: writes data/, the bag's tag files, the seal, then the custody entry. */
#include "core/compat.h"
#include "casefile/casefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "casefile/annex.h"
#include "casefile/seal/bag.h"
#include "casefile/report/case_jsonld.h"
#include "casefile/report/cover.h"
#include "casefile/export/export.h"
#include "casefile/manifest.h"
#include "casefile/pdf_render.h"
#include "casefile/report/annex_custody.h"
#include "casefile/report/annex_events.h"
#include "casefile/report/facts/analysis_text.h"
#include "casefile/report/facts/annex_offences.h"
#include "casefile/report/model.h"
#include "casefile/report/zone_time.h"
#include "casefile/report/lang_fmt.h"
#include "casefile/redact.h"
#include "casefile/report/report_html.h"
#include "casefile/seal/custody_tsv.h"
#include "casefile/seal/seal_cms.h"
#include "casefile/seal/tsa.h"
#include "casefile/validation_doc.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/case.h"
#include "core/crypto.h"
#include "core/custody.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/time.h"

struct build {
	struct ll_case *cs;
	const struct ll_casefile_build_opts *opts;
	struct ll_casefile_model model;
	struct ll_buf bag, data, path, tmp;
	json_t *config;
	json_t *harm_items, *harm_files;
	uint64_t timeline_rows;
	const char *zone; /* local zone beside UTC, or NULL */
	json_t *validation; /* --validation: the document, and its bytes as given */
	struct ll_buf validation_raw;
	struct ll_report_custody_check custody; /* the exported ledger, checked for the report */
};

static const char *pathf(struct build *b, const char *fmt, ...) LL_PRINTF(2, 3);

static const char *pathf(struct build *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	ll_buf_reset(&b->path);
	if (ll_buf_printf(&b->path, "%s/%s", b->data.ptr, tmp) < 0)
		return "";
	return b->path.ptr;
}

static int write_json(const char *path, const json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS | JSON_ENSURE_ASCII | JSON_ENCODE_ANY);
	struct ll_buf b = LL_BUF_INIT;
	int rc;

	if (!s)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_buf_puts(&b, s)) == 0 && (rc = ll_buf_putc(&b, '\n')) == 0)
		rc = ll_write_new_file(path, 0644, b.ptr, b.len);
	free(s);
	ll_buf_release(&b);
	return rc;
}

static int timeline(struct build *b)
{
	static const struct {
		const char *name;
		enum ll_export_format fmt;
	} out[] = { { "timeline/timeline.csv", LL_EXPORT_CSV },
		    { "timeline/timeline.jsonl", LL_EXPORT_JSONL } };
	struct ll_export_filter filter = { 0 };
	int rc;

	/* with an encrypted annex, harm rows in clear are cut to ids, age band, level and times */
	filter.redact_harm = b->opts->recipient != NULL;
	if ((rc = ll_mkdirs(pathf(b, "timeline"), 0755)) < 0)
		return rc;
	for (size_t i = 0; i < LL_ARRAY_SIZE(out); i++) {
		const char *p = pathf(b, "%s", out[i].name);
		FILE *f = fopen(p, "wbx");
		uint64_t rows = 0;

		if (!f)
			return ll_error_set(LL_EIO, "cannot create '%s': %s", p, strerror(errno));
		rc = ll_timeline_export(f, b->cs->store, out[i].fmt, &filter, &rows);
		if (fclose(f) != 0 && rc == 0)
			rc = ll_error_set(LL_EIO, "cannot write '%s'", p);
		if (rc < 0)
			return ll_error_context("timeline export");
		b->timeline_rows = rows;
	}
	return 0;
}

static int analysis_files(struct build *b)
{
	const json_t *root = b->model.root;
	json_t *methods;
	int rc;

	if ((rc = ll_mkdirs(pathf(b, "analysis"), 0755)) < 0 ||
	    (rc = write_json(pathf(b, "analysis/findings.json"),
			     json_object_get(root, "findings"))) < 0 ||
	    (rc = write_json(pathf(b, "analysis/evidence.json"),
			     json_object_get(root, "evidence"))) < 0)
		return rc;
	methods = json_pack("{s:s, s:O, s:O, s:O}", "lifeline", LL_VERSION,
			    "libraries", b->opts->versions, "analyses",
			    json_object_get(root, "analyses"), "casefile", b->config);
	rc = write_json(pathf(b, "analysis/methods.json"), methods);
	json_decref(methods);
	/* who examined, on whose instructions, and what the report does not rest on */
	if (rc == 0) {
		json_t *x = json_pack("{s:O, s:O, s:O}", "expert", json_object_get(root, "expert"),
				      "mandate", json_object_get(root, "mandate"), "disclosure",
				      json_object_get(root, "disclosure"));

		rc = x ? write_json(pathf(b, "analysis/expert.json"), x) :
			 ll_error_set(LL_ENOMEM, "out of memory");
		json_decref(x);
	}
	if (rc == 0 && json_is_object(json_object_get(root, "correlation")))
		rc = write_json(pathf(b, "analysis/correlation.json"),
				json_object_get(root, "correlation"));
	return rc;
}

static bool in_array(const json_t *arr, const char *s)
{
	const json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (!strcmp(json_string_value(v), s))
			return true;
	return false;
}

/* Copies a file, hashing as it goes; refuses if it no longer has its registered hash. */
static int copy_checked(const char *src, const char *dst, const char *want)
{
	uint8_t buf[1 << 16];
	struct ll_multihash h;
	char got[65];
	int in = -1, out = -1, rc = 0;
	ssize_t n;

	if ((rc = ll_multihash_init(&h, LL_HASH_SHA256)) < 0)
		return rc;
	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = ll_error_set(errno == ENOENT ? LL_ENOTFOUND : LL_EIO,
				  "cannot open evidence file '%s': %s", src, strerror(errno));
		goto out;
	}
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
		rc = ll_error_set(LL_EIO, "cannot create '%s': %s", dst, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = ll_error_set(LL_EIO, "cannot read '%s': %s", src, strerror(errno));
			goto out;
		}
		if ((rc = ll_multihash_update(&h, buf, (size_t)n)) < 0)
			goto out;
		for (ssize_t w = 0; w < n;) {
			ssize_t k = write(out, buf + w, (size_t)(n - w));

			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0) {
				rc = ll_error_set(LL_EIO, "cannot write '%s': %s", dst, strerror(errno));
				goto out;
			}
			w += k;
		}
	}
	if ((rc = ll_multihash_final(&h, NULL, NULL, got)) < 0)
		goto out;
	if (strcmp(got, want) != 0)
		rc = ll_error_set(LL_EVERIFY,
				  "evidence file '%s' has SHA-256 %s, not the %s registered: it changed since collection",
				  src, got, want);
	else if (fsync(out) != 0)
		rc = ll_error_set(LL_EIO, "cannot write '%s'", dst);
out:
	ll_multihash_release(&h);
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && rc == 0)
		rc = ll_error_set(LL_EIO, "cannot write '%s'", dst);
	if (rc < 0 && out >= 0)
		unlink(dst);
	return rc;
}

/* data/evidence-sha256.txt always; copies under data/evidence/ when asked. */
static int evidence(struct build *b)
{
	struct ll_manifest refs = LL_MANIFEST_INIT;
	struct ll_buf text = LL_BUF_INIT, src = LL_BUF_INIT, name = LL_BUF_INIT;
	const json_t *item, *f;
	size_t i, j;
	int rc = 0;

	json_array_foreach(json_object_get(b->model.root, "evidence"), i, item) {
		const char *id = ll_model_str(item, "id");
		bool copy = b->opts->include_evidence &&
			    !(b->opts->recipient && in_array(b->harm_items, id));

		json_array_foreach(json_object_get(item, "files"), j, f) {
			const char *rel;

			/* the name's bytes: the model escapes names that are not UTF-8 */
			if ((rc = ll_model_bytes(&name, f, "path")) < 0)
				goto out;
			rel = name.ptr ? name.ptr : "";
			if (!ll_manifest_path_ok(rel) || strncmp(rel, "evidence/", 9) != 0) {
				rc = ll_error_set(LL_ECORRUPT,
						  "evidence %s: file path '%s' is not under evidence/ or cannot be listed",
						  id, ll_model_str(f, "path"));
				goto out;
			}
			if ((rc = ll_manifest_add(&refs, rel, ll_model_str(f, "sha256"),
						  (uint64_t)json_integer_value(json_object_get(f, "size")))) < 0)
				goto out;
			if (!copy)
				continue;
			ll_buf_reset(&src);
			if ((rc = ll_buf_printf(&src, "%s/%s", b->cs->dir, rel)) < 0)
				goto out;
			ll_buf_reset(&b->tmp);
			if ((rc = ll_buf_printf(&b->tmp, "%s/%s", b->data.ptr, rel)) < 0)
				goto out;
			*strrchr(b->tmp.ptr, '/') = '\0';
			if ((rc = ll_mkdirs(b->tmp.ptr, 0755)) < 0 ||
			    (rc = copy_checked(src.ptr, pathf(b, "%s", rel),
					       ll_model_str(f, "sha256"))) < 0)
				goto out;
		}
	}
	ll_manifest_sort(&refs);
	if ((rc = ll_manifest_format(&text, &refs)) == 0)
		rc = ll_write_new_file(pathf(b, "evidence-sha256.txt"), 0644, text.ptr, text.len);
out:
	ll_manifest_release(&refs);
	ll_buf_release(&text);
	ll_buf_release(&src);
	ll_buf_release(&name);
	return rc;
}

static int cert_subject(char *out, size_t outlen, const char *pem_path)
{
	FILE *f = fopen(pem_path, "rb");
	X509 *c;

	if (!f)
		return ll_error_set(LL_ENOTFOUND, "cannot open '%s': %s", pem_path, strerror(errno));
	c = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!c)
		return ll_error_set_openssl(LL_ECORRUPT, "recipient certificate");
	X509_NAME_oneline(X509_get_subject_name(c), out, (int)outlen);
	X509_free(c);
	return 0;
}

static int case_graph(struct build *b)
{
	struct ll_manifest files = LL_MANIFEST_INIT;
	struct ll_jsonld_input in = { 0 };
	json_t *doc = NULL;
	int rc;

	if ((rc = ll_bag_scan(&files, b->bag.ptr, "data")) < 0)
		return rc;
	in.model = &b->model;
	in.versions = b->opts->versions;
	in.config = b->config;
	in.files = &files;
	in.evidence_included = b->opts->include_evidence;
	if ((rc = ll_case_jsonld_build(&doc, &in)) == 0)
		rc = write_json(pathf(b, "case.jsonld"), doc);
	json_decref(doc);
	ll_manifest_release(&files);
	return rc;
}

/* The bulk tables out of the report: data/annex-events.html (annex_events.h),
 * data/annex-custody.html (annex_custody.h), data/annex-offences.html. */
static int print_annexes(const char *data_dir, const struct ll_casefile_model *m,
				     const char *zone, enum ll_lang lang)
{
	struct ll_buf html = LL_BUF_INIT, p = LL_BUF_INIT;
	/* the analyses' texts in the report's language (facts/analysis_text.h) */
	struct ll_casefile_model shown = { ll_analysis_text_model(m->root, lang), m->generated_ns };
	int rc;

	if (!shown.root)
		return ll_error_set(LL_ENOMEM, "out of memory");
	m = &shown;
	if ((rc = ll_annex_events_html(&html, m, zone, lang)) == 0 &&
	    (rc = ll_buf_printf(&p, "%s/" LL_ANNEX_EVENTS, data_dir)) == 0)
		rc = ll_write_new_file(p.ptr, 0644, html.ptr, html.len);
	/* annex C, every custody entry (annex_custody.h) */
	html.len = p.len = 0;
	if (rc == 0 && (rc = ll_annex_custody_html(&html, m, zone, lang)) == 0 &&
	    (rc = ll_buf_printf(&p, "%s/" LL_ANNEX_CUSTODY, data_dir)) == 0)
		rc = ll_write_new_file(p.ptr, 0644, html.ptr, html.len);
	/* annex O, facts and offence elements (facts/annex_offences.h), in the report's language */
	html.len = p.len = 0;
	if (rc == 0 && (rc = ll_annex_offences_html(&html, m, lang)) == 0 &&
	    (rc = ll_buf_printf(&p, "%s/" LL_ANNEX_OFFENCES, data_dir)) == 0)
		rc = ll_write_new_file(p.ptr, 0644, html.ptr, html.len);
	ll_buf_release(&html);
	ll_buf_release(&p);
	json_decref(shown.root);
	return rc;
}

/*
 * data/report.pdf and the annexes C and O as PDF beside their pages, in one
 * renderer (pdf_render.h), with the report's state time as their dates.
 * Annex A stays HTML only: WeasyPrint lays out its thousands of rows in
 * minutes (the sample's 4,905 rows: 152 s user + 90 s sys of CPU and 2.4 GB, not
 * done), past LL_PDF_TIMEOUT_S; the methods say so.
 */
static int render_pdfs(struct build *b)
{
	static const char *const names[][2] = {
		{ "report.html", "report.pdf" },
		{ LL_ANNEX_CUSTODY, LL_ANNEX_CUSTODY_PDF },
		{ LL_ANNEX_OFFENCES, LL_ANNEX_OFFENCES_PDF },
	};
	struct ll_buf paths[2 * LL_ARRAY_SIZE(names)];
	const char *html[LL_ARRAY_SIZE(names)], *pdf[LL_ARRAY_SIZE(names)];
	int rc = 0;

	for (size_t i = 0; i < LL_ARRAY_SIZE(paths); i++)
		paths[i] = (struct ll_buf)LL_BUF_INIT;
	for (size_t i = 0; i < LL_ARRAY_SIZE(names) && rc == 0; i++) {
		if ((rc = ll_buf_printf(&paths[2 * i], "%s/%s", b->data.ptr, names[i][0])) == 0 &&
		    (rc = ll_buf_printf(&paths[2 * i + 1], "%s/%s", b->data.ptr, names[i][1])) == 0) {
			html[i] = paths[2 * i].ptr;
			pdf[i] = paths[2 * i + 1].ptr;
		}
	}
	if (rc == 0)
		rc = ll_pdf_render_many(html, pdf, LL_ARRAY_SIZE(names),
					b->model.generated_ns / LL_NS_PER_SEC);
	for (size_t i = 0; i < LL_ARRAY_SIZE(paths); i++)
		ll_buf_release(&paths[i]);
	return rc;
}

/*
 * The exported ledger checked as `casefile verify` checks it, for the report's
 * summary: a ledger that does not hold is stated there, not hidden (the
 * build goes on: the report and verify both name the broken line).
 */
static void custody_check(struct build *b)
{
	struct ll_custody_tsv_report rep;

	memset(&b->custody, 0, sizeof(b->custody));
	if (ll_custody_tsv_verify(&rep, pathf(b, "custody")) == 0) {
		b->custody.holds = true;
		snprintf(b->custody.head, sizeof(b->custody.head), "%s", rep.head);
	} else if (rep.bad_line) {
		snprintf(b->custody.reason, sizeof(b->custody.reason), "data/custody/chain.tsv line %" PRId64 ": %s",
			 rep.bad_line, rep.reason);
	} else {
		snprintf(b->custody.reason, sizeof(b->custody.reason), "%s", ll_error_message());
	}
	b->custody.entries = rep.entries;
}

static int report(struct build *b, const struct ll_signer *signer)
{
	struct ll_manifest files = LL_MANIFEST_INIT;
	struct ll_report_input in = { 0 };
	struct ll_buf html = LL_BUF_INIT;
	/* the analyses' texts in the report's language (facts/analysis_text.h) */
	struct ll_casefile_model shown = { ll_analysis_text_model(b->model.root, b->opts->lang),
					   b->model.generated_ns };
	int rc;

	if (!shown.root)
		return ll_error_set(LL_ENOMEM, "out of memory");
	if ((rc = ll_bag_scan(&files, b->bag.ptr, "data")) < 0) {
		json_decref(shown.root);
		return rc;
	}
	in.model = &shown;
	in.versions = b->opts->versions;
	in.config = b->config;
	in.examiner = signer->name;
	in.examiner_fpr = signer->fingerprint;
	in.files = &files;
	in.harm_files = b->harm_files;
	in.harm_encrypted = b->opts->recipient != NULL && json_array_size(b->harm_files) > 0;
	in.evidence_included = b->opts->include_evidence;
	in.timeline_rows = b->timeline_rows;
	in.zone = b->zone;
	in.pdf = !b->opts->no_pdf;
	in.validation = b->validation;
	in.lang = b->opts->lang;
	in.custody_check = &b->custody;
	if ((rc = ll_report_html(&html, &in)) == 0)
		rc = ll_write_new_file(pathf(b, "report.html"), 0644, html.ptr, html.len);
	ll_buf_release(&html);
	ll_manifest_release(&files);
	json_decref(shown.root);
	return rc;
}

static int write_seal_file(const char *out_dir, const char *name, const void *data,
			   size_t len)
{
	struct ll_buf p = LL_BUF_INIT;
	int rc;

	if ((rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_SEAL "/%s", out_dir, name)) == 0)
		rc = ll_write_new_file(p.ptr, 0644, data, len);
	ll_buf_release(&p);
	return rc;
}

static int record_seal(struct ll_casefile_result *res, struct ll_case *cs,
		       const struct ll_signer *signer, const char *out_dir,
		       const char *note)
{
	struct ll_custody_request req = { 0 };
	struct ll_custody_entry e;
	json_t *d = json_pack("{s:s, s:s, s:I, s:I, s:b}", "fingerprint", res->fingerprint,
			      "folder", out_dir, "payload_files", (json_int_t)res->payload_files,
			      "payload_bytes", (json_int_t)res->payload_bytes,
			      "timestamped", res->timestamped);
	char *details;
	int rc;

	if (res->timestamped)
		json_object_set_new(d, "timestamp", json_string(res->timestamp));
	details = ll_json_dump(d);
	json_decref(d);
	if (!details)
		return ll_error_set(LL_ENOMEM, "out of memory");
	req.action = "seal";
	req.note = note;
	req.details = details;
	rc = ll_custody_append(&e, cs->store, signer, &req);
	ll_free(details);
	if (rc == 0) {
		res->seal_seq = e.seq;
		memcpy(res->seal_hash, e.hash, sizeof(res->seal_hash));
	}
	return rc;
}

/*
 * The cover states only what the signed case file says (the case from
 * bag/data/case.jsonld, the examiner from the signing certificate, the
 * fingerprint, the verified timestamp), so verify can rebuild it.
 */
static int write_cover(const char *bag_dir, const char *out_dir, const char *examiner,
		       const char *examiner_fpr, const char *fingerprint, const char *timestamp)
{
	struct ll_cover_facts f = { 0 };
	int rc;

	if ((rc = ll_casefile_cover_case(&f, bag_dir)) < 0)
		return rc;
	f.examiner = examiner;
	f.examiner_fpr = examiner_fpr;
	f.fingerprint = fingerprint;
	f.timestamp = timestamp;
	rc = ll_casefile_cover_write(out_dir, &f);
	ll_casefile_cover_release(&f);
	return rc;
}

static int payload_totals(struct ll_casefile_result *res, const char *bagdir)
{
	struct ll_manifest m = LL_MANIFEST_INIT;
	struct ll_buf text = LL_BUF_INIT;
	int rc;

	if ((rc = ll_bag_read(&text, bagdir, LL_BAG_MANIFEST)) < 0 ||
	    (rc = ll_manifest_parse(&m, text.ptr, text.len)) < 0)
		goto out;
	res->payload_files = m.n;
	res->payload_bytes = 0;
	{
		struct ll_manifest sizes = LL_MANIFEST_INIT;

		if ((rc = ll_bag_scan(&sizes, bagdir, "data")) == 0)
			for (size_t i = 0; i < sizes.n; i++)
				res->payload_bytes += sizes.v[i].size;
		ll_manifest_release(&sizes);
	}
out:
	ll_manifest_release(&m);
	ll_buf_release(&text);
	return rc;
}

/*
 * A build that failed leaves no folder behind: half a case file, unsealed or
 * sealed without its custody entry, could be taken for one. The cause stays
 * the reported error.
 */
static void remove_unsealed(const char *dir)
{
	char cause[1024];
	int code = ll_error_code();

	snprintf(cause, sizeof(cause), "%s", ll_error_message());
	if (ll_rmtree(dir) < 0)
		ll_error_set(code, "%s (and the unfinished '%s' could not be removed: %s)", cause,
			     dir, ll_error_message());
	else
		ll_error_set(code, "%s", cause);
}

/* The steps of a build, for its progress: one call after each. */
static void step_done(const struct ll_casefile_build_opts *opts, const char *step, uint64_t *done)
{
	uint64_t total = opts->no_pdf ? 6 : 7;

	++*done;
	if (opts->progress)
		opts->progress(opts->progress_payload, step, *done, total);
}

int ll_casefile_build(struct ll_casefile_result *res, struct ll_case *cs,
		      const struct ll_signer *signer,
		      const struct ll_casefile_build_opts *opts)
{
	uint64_t steps = 0;
	struct build b = { 0 };
	struct ll_bag_info info = { 0 };
	struct ll_buf tag = LL_BUF_INIT, seal = LL_BUF_INIT;
	uint8_t *sig = NULL, *tsq = NULL, *tsr = NULL;
	size_t siglen = 0, tsqlen = 0, tsrlen = 0;
	char date[48], subject[256];
	struct stat sb;
	bool made = false;
	int rc;

	memset(res, 0, sizeof(*res));
	b.cs = cs;
	b.opts = opts;
	ll_buf_init(&b.bag);
	ll_buf_init(&b.data);
	ll_buf_init(&b.path);
	ll_buf_init(&b.tmp);
	if (stat(opts->out_dir, &sb) == 0) {
		rc = ll_error_set(LL_EEXISTS, "'%s' already exists: refusing to overwrite a case file",
				  opts->out_dir);
		goto out;
	}
	/* a bad validation record is refused before anything is made */
	if (opts->validation &&
	    (rc = ll_validation_load(&b.validation, &b.validation_raw, opts->validation)) < 0)
		goto out;
	/* the values are shown in the report: in its language (the keys are option names) */
	b.config = json_pack("{s:s, s:s, s:s}", "include-evidence",
			     opts->include_evidence ? LL_TXT(opts->lang, "yes", "oui")
						    : LL_TXT(opts->lang, "no (referenced by SHA-256)",
							     "non (désignées par leur SHA-256)"),
			     "harm-annex", LL_TXT(opts->lang, "pseudonymised hospital files",
						  "fichiers pseudonymisés de l’hôpital"),
			     "timestamp", opts->tsa_url ? opts->tsa_url
							: LL_TXT(opts->lang, "request written for the user to send",
								 "requête écrite, à envoyer par l’utilisateur"));
	json_object_set_new(b.config, "validation",
			    json_string(opts->validation ? LL_TXT(opts->lang, "data/validation.json (annex V)",
								  "data/validation.json (annexe V)")
							 : LL_TXT(opts->lang, "none supplied", "non fournie")));
	if (opts->recipient) {
		if ((rc = cert_subject(subject, sizeof(subject), opts->recipient)) < 0)
			goto out;
		json_object_set_new(b.config, "harm-annex-recipient", json_string(subject));
	}
	if ((rc = ll_buf_printf(&b.bag, "%s/" LL_CASEFILE_BAG, opts->out_dir)) < 0 ||
	    (rc = ll_buf_printf(&b.data, "%s/data", b.bag.ptr)) < 0 ||
	    (rc = ll_buf_printf(&seal, "%s/" LL_CASEFILE_SEAL, opts->out_dir)) < 0)
		goto out;
	/* the folder itself is made here, exclusively: a failed build removes only what it made */
	if ((rc = ll_buf_puts(&b.tmp, opts->out_dir)) < 0)
		goto out;
	while (b.tmp.len > 1 && b.tmp.ptr[b.tmp.len - 1] == '/') /* "cf/" is cf */
		b.tmp.ptr[--b.tmp.len] = '\0';
	if (strrchr(b.tmp.ptr, '/') && strrchr(b.tmp.ptr, '/') != b.tmp.ptr) {
		*strrchr(b.tmp.ptr, '/') = '\0';
		if ((rc = ll_mkdirs(b.tmp.ptr, 0755)) < 0)
			goto out;
	}
	if (mkdir(opts->out_dir, 0755) != 0) {
		rc = errno == EEXIST ?
			ll_error_set(LL_EEXISTS, "'%s' already exists: refusing to overwrite a case file",
				     opts->out_dir) :
			ll_error_set(LL_EIO, "cannot create '%s': %s", opts->out_dir, strerror(errno));
		goto out;
	}
	made = true;
	if ((rc = ll_mkdirs(b.data.ptr, 0755)) < 0 || (rc = ll_mkdirs(seal.ptr, 0755)) < 0)
		goto out;
	/* the annex first: with --recipient, what is in it is cut from what is in clear */
	if ((rc = ll_casefile_model_load_opts(&b.model, cs->store,
					      opts->recipient ? LL_MODEL_REDACT_HARM : 0)) < 0 ||
	    (rc = ll_annex_write(&b.harm_items, &b.harm_files, cs->dir,
				 json_object_get(b.model.root, "evidence"), b.data.ptr,
				 opts->recipient, b.model.generated_ns / LL_NS_PER_SEC)) < 0)
		goto out;
	step_done(opts, "annex", &steps);
	if (opts->recipient)
		ll_redact_analyses(json_object_get(b.model.root, "analyses"), b.harm_items);
	json_object_set_new(b.model.root, "expert",
			    opts->profile ? json_deep_copy(opts->profile) : json_null());
	b.zone = ll_report_zone(opts->tz, json_object_get(b.model.root, "analyses"));
	/* in case.jsonld's configuration: verify rebuilds the cover in this language */
	json_object_set_new(b.config, "report-language", json_string(ll_lang_code(opts->lang)));
	json_object_set_new(b.config, "local-time-zone",
			    json_string(b.zone ? b.zone : LL_TXT(opts->lang, "none (UTC only)", "aucun (UTC seulement)")));
	json_object_set_new(b.config, "pdf",
			    json_string(opts->no_pdf ? LL_TXT(opts->lang, "not rendered (--no-pdf): no data/report.pdf",
							      "non produit (--no-pdf)\xc2\xa0: pas de data/report.pdf")
						     : LL_TXT(opts->lang,
							      "data/report.pdf, annex-custody.pdf, annex-offences.pdf, PDF/A-2b, WeasyPrint; "
							      "annex A in HTML only (too long to lay out)",
							      "data/report.pdf, annex-custody.pdf, annex-offences.pdf, PDF/A-2b, WeasyPrint"
							      "\xc2\xa0; annexe A en HTML seulement (trop longue \xc3\xa0 mettre en page)")));
	if ((rc = timeline(&b)) < 0 || (rc = analysis_files(&b)) < 0)
		goto out;
	/* byte for byte as `lifeline validate` wrote it: its SHA-256 stays that of the run's file */
	if (b.validation && (rc = ll_write_new_file(pathf(&b, LL_VALIDATION_FILE), 0644,
						    b.validation_raw.ptr, b.validation_raw.len)) < 0)
		goto out;
	step_done(opts, "timeline", &steps);
	if ((rc = ll_custody_export(cs->store, pathf(&b, "custody"))) < 0) {
		ll_error_context("custody export");
		goto out;
	}
	custody_check(&b);
	step_done(opts, "custody", &steps);
	if ((rc = evidence(&b)) < 0 || (rc = case_graph(&b)) < 0 ||
	    (rc = print_annexes(b.data.ptr, &b.model, b.zone, opts->lang)) < 0 ||
	    (rc = report(&b, signer)) < 0)
		goto out;
	step_done(opts, "report", &steps);
	/* the PDF is data like the rest: in the manifest, under the seal */
	if (!opts->no_pdf) {
		if ((rc = render_pdfs(&b)) < 0)
			goto out;
		step_done(opts, "pdf", &steps);
	}

	ll_time_format(date, sizeof(date), b.model.generated_ns, 0);
	date[10] = '\0';
	info.source_organization = ll_model_str(json_object_get(b.model.root, "case"), "agency");
	info.contact_name = signer->name;
	info.external_identifier = cs->case_id;
	info.external_description = cs->title;
	info.bagging_date = date;
	if ((rc = ll_bag_finish(res->fingerprint, b.bag.ptr, &info)) < 0 ||
	    (rc = payload_totals(res, b.bag.ptr)) < 0)
		goto out;
	step_done(opts, "manifest", &steps);

	/* the seal: signature, timestamp request, timestamp if a TSA is online */
	if ((rc = ll_bag_read(&tag, b.bag.ptr, LL_BAG_TAGMANIFEST)) < 0 ||
	    (rc = ll_seal_sign(&sig, &siglen, signer, tag.ptr, tag.len)) < 0 ||
	    (rc = write_seal_file(opts->out_dir, LL_SEAL_SIG, sig, siglen)) < 0 ||
	    (rc = ll_tsa_request(&tsq, &tsqlen, sig, siglen)) < 0 ||
	    (rc = write_seal_file(opts->out_dir, LL_SEAL_TSQ, tsq, tsqlen)) < 0)
		goto out;
	if (opts->tsa_url) {
		struct ll_tsa_info ti;

		if ((rc = ll_tsa_fetch(&tsr, &tsrlen, opts->tsa_url, tsq, tsqlen)) < 0)
			goto out;
		if ((rc = ll_tsa_verify(&ti, tsr, tsrlen, tsq, tsqlen, sig, siglen, NULL)) < 0) {
			ll_error_context("timestamp from '%s'", opts->tsa_url);
			goto out;
		}
		if ((rc = write_seal_file(opts->out_dir, LL_SEAL_TSR, tsr, tsrlen)) < 0)
			goto out;
		res->timestamped = true;
		snprintf(res->timestamp, sizeof(res->timestamp), "%s", ti.gen_time);
	}
	if ((rc = write_cover(b.bag.ptr, opts->out_dir, signer->name, signer->fingerprint,
			      res->fingerprint,
			      res->timestamped ? res->timestamp : NULL)) < 0)
		goto out;
	if ((rc = record_seal(res, cs, signer, opts->out_dir, "case file sealed")) == 0)
		step_done(opts, "seal", &steps);
out:
	if (rc < 0 && made)
		remove_unsealed(opts->out_dir);
	ll_free(sig);
	ll_free(tsq);
	ll_free(tsr);
	ll_buf_release(&tag);
	ll_buf_release(&seal);
	ll_buf_release(&b.bag);
	ll_buf_release(&b.data);
	ll_buf_release(&b.path);
	ll_buf_release(&b.tmp);
	json_decref(b.config);
	json_decref(b.validation);
	ll_buf_release(&b.validation_raw);
	json_decref(b.harm_items);
	json_decref(b.harm_files);
	ll_casefile_model_release(&b.model);
	return rc;
}

int ll_casefile_add_timestamp(struct ll_casefile_result *res, struct ll_case *cs,
			      const struct ll_signer *signer, const char *out_dir,
			      const char *reply_path)
{
	struct ll_buf p = LL_BUF_INIT, sig = LL_BUF_INIT, tsq = LL_BUF_INIT,
		      tsr = LL_BUF_INIT, tag = LL_BUF_INIT;
	struct ll_tsa_info ti;
	struct ll_seal_info si;
	struct stat sb;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_SEAL "/" LL_SEAL_TSR, out_dir)) < 0)
		goto out;
	if (stat(p.ptr, &sb) == 0) {
		rc = ll_error_set(LL_EEXISTS, "'%s' already has a timestamp", out_dir);
		goto out;
	}
	ll_buf_reset(&p);
	if ((rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_SEAL "/" LL_SEAL_SIG, out_dir)) < 0 ||
	    (rc = ll_buf_read_file(&sig, p.ptr)) < 0)
		goto out;
	ll_buf_reset(&p);
	if ((rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_SEAL "/" LL_SEAL_TSQ, out_dir)) < 0 ||
	    (rc = ll_buf_read_file(&tsq, p.ptr)) < 0 ||
	    (rc = ll_buf_read_file(&tsr, reply_path)) < 0)
		goto out;
	if ((rc = ll_tsa_verify(&ti, (const uint8_t *)tsr.ptr, tsr.len,
				(const uint8_t *)tsq.ptr, tsq.len, sig.ptr, sig.len, NULL)) < 0) {
		ll_error_context("timestamp reply '%s'", reply_path);
		goto out;
	}
	ll_buf_reset(&p);
	if ((rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_BAG, out_dir)) < 0 ||
	    (rc = ll_bag_read(&tag, p.ptr, LL_BAG_TAGMANIFEST)) < 0)
		goto out;
	/* the cover names who sealed (the signature's certificate), whoever adds the time */
	if ((rc = ll_seal_verify(&si, (const uint8_t *)sig.ptr, sig.len, tag.ptr, tag.len,
				 NULL)) < 0) {
		ll_error_context("'%s'", out_dir);
		goto out;
	}
	if ((rc = ll_sha256_hex(res->fingerprint, tag.ptr, tag.len)) < 0 ||
	    (rc = payload_totals(res, p.ptr)) < 0)
		goto out;
	if ((rc = write_seal_file(out_dir, LL_SEAL_TSR, tsr.ptr, tsr.len)) < 0)
		goto out;
	res->timestamped = true;
	snprintf(res->timestamp, sizeof(res->timestamp), "%s", ti.gen_time);
	/* the cover sheet now shows the time too */
	ll_buf_reset(&p);
	if ((rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_SEAL "/" LL_CASEFILE_COVER, out_dir)) < 0)
		goto out;
	unlink(p.ptr);
	ll_buf_reset(&p);
	if ((rc = ll_buf_printf(&p, "%s/" LL_CASEFILE_BAG, out_dir)) < 0 ||
	    (rc = write_cover(p.ptr, out_dir, si.cn, si.fingerprint, res->fingerprint,
			      res->timestamp)) < 0)
		goto out;
	rc = record_seal(res, cs, signer, out_dir, "timestamp added to the case file seal");
out:
	ll_buf_release(&p);
	ll_buf_release(&sig);
	ll_buf_release(&tsq);
	ll_buf_release(&tsr);
	ll_buf_release(&tag);
	return rc;
}
