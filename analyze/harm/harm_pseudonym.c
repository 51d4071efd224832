/* SPDX-License-Identifier: Apache-2.0 */
/* The hospital's side: HMAC-SHA256 pseudonyms and identifying columns dropped from a CSV. */
#include "core/compat.h"
#include "analyze/harm/harm.h"

#include <ctype.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "analyze/harm/csv.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

int ll_harm_pseudonym(char out[35], const uint8_t *key, size_t keylen,
		      const char *id_system, const char *id_value)
{
	struct ll_buf msg = LL_BUF_INIT;
	uint8_t mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	int rc;

	if ((rc = ll_buf_printf(&msg, "%s|%s", id_system, id_value)) < 0)
		return rc;
	if (!HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg.ptr, msg.len,
		  mac, &maclen) || maclen != 32) {
		ll_buf_release(&msg);
		return ll_error_set_openssl(LL_EINTERNAL, "HMAC-SHA256");
	}
	ll_buf_release(&msg);
	ll_hex_encode(hex, mac, maclen);
	snprintf(out, 35, "P-%.32s", hex);
	return 0;
}

/* Identifier values: spaces removed, upper case (research/casefile.md §4.3). */
static void normalise(char *dst, size_t cap, const char *src)
{
	size_t n = 0;

	for (; *src && n + 1 < cap; src++)
		if (!isspace((unsigned char)*src))
			dst[n++] = (char)toupper((unsigned char)*src);
	dst[n] = '\0';
}

/*
 * Where each --id-columns entry ("column" or "column=system") is in the
 * header, and its identifier system (the column name when none is given).
 */
static int find_id_columns(size_t *id_idx, const char **id_sys, char *const *header,
			   size_t nh, char *const *id_columns, size_t n_id_columns)
{
	for (size_t k = 0; k < n_id_columns; k++) {
		const char *eq = strchr(id_columns[k], '=');
		size_t len = eq ? (size_t)(eq - id_columns[k]) : strlen(id_columns[k]);
		bool found = false;

		id_sys[k] = eq ? eq + 1 : NULL;
		for (size_t i = 0; i < nh && !found; i++)
			if (strlen(header[i]) == len && !strncmp(header[i], id_columns[k], len)) {
				id_idx[k] = i;
				found = true;
				if (!id_sys[k])
					id_sys[k] = header[i];
			}
		if (!found)
			return ll_error_set(LL_EINVAL,
					    "--id-columns: no column '%.*s' in the header",
					    (int)len, id_columns[k]);
	}
	return 0;
}

/* The output's header row: the pseudonym and key id columns first when the input has none. */
static int put_header(struct ll_buf *out, char *const *header, const bool *keep, size_t nh,
		      bool add_pseudo, bool add_kid)
{
	bool first = true;
	int rc;

	if (add_pseudo && (rc = ll_buf_puts(out, "patient_pseudonym,")) < 0)
		return rc;
	if (add_kid && (rc = ll_buf_puts(out, "pseudonym_kid,")) < 0)
		return rc;
	for (size_t i = 0; i < nh; i++) {
		if (!keep[i])
			continue;
		if ((!first && (rc = ll_buf_putc(out, ',')) < 0) ||
		    (rc = ll_csv_put_field(out, header[i])) < 0)
			return rc;
		first = false;
	}
	return ll_buf_putc(out, '\n');
}

int ll_harm_pseudonymize(struct ll_buf *out, json_t **stats, const char *in, size_t inlen,
			 const uint8_t *key, size_t keylen, const char *kid,
			 char *const *id_columns, size_t n_id_columns)
{
	struct ll_csv csv;
	struct ll_csv_record rec;
	char **header = NULL;
	size_t nh = 0, *id_idx = NULL, rows = 0;
	const char **id_sys = NULL;
	bool *keep = NULL;
	ssize_t pseudo_col = -1, kid_col = -1;
	json_t *dropped = json_array();
	int rc;

	ll_csv_init(&csv, in, inlen);
	if ((rc = ll_csv_next(&rec, &csv)) <= 0) {
		if (rc == 0)
			rc = ll_error_set(LL_ECORRUPT, "line 1: no header row");
		goto out;
	}
	nh = rec.n;
	header = ll_calloc(nh, sizeof(*header));
	keep = ll_calloc(nh, sizeof(*keep));
	id_idx = ll_calloc(n_id_columns ? n_id_columns : 1, sizeof(*id_idx));
	id_sys = ll_calloc(n_id_columns ? n_id_columns : 1, sizeof(*id_sys));
	if (!header || !keep || !id_idx || !id_sys) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nh; i++) {
		if (!(header[i] = ll_strdup(rec.fields[i]))) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
		keep[i] = true;
		if (!strcmp(header[i], "patient_pseudonym"))
			pseudo_col = (ssize_t)i;
		else if (!strcmp(header[i], "pseudonym_kid"))
			kid_col = (ssize_t)i;
	}
	if ((rc = find_id_columns(id_idx, id_sys, header, nh, id_columns, n_id_columns)) < 0)
		goto out;
	/* drop the identifier columns and every column that carries identifying data */
	for (size_t i = 0; i < nh; i++) {
		bool is_id = false;

		for (size_t k = 0; k < n_id_columns; k++)
			is_id = is_id || id_idx[k] == i;
		if (is_id || ll_harm_pii_column(header[i])) {
			keep[i] = false;
			json_array_append_new(dropped, json_string(header[i]));
		}
	}
	if ((rc = put_header(out, header, keep, nh, pseudo_col < 0, kid_col < 0)) < 0)
		goto out;
	while ((rc = ll_csv_next(&rec, &csv)) > 0) {
		char pseudo[35] = "", norm[512];
		bool first = true;

		if (rec.n == 1 && !rec.fields[0][0])
			continue;
		if (rec.n != nh) {
			rc = ll_error_set(LL_ECORRUPT, "line %" PRIu64 ": %zu fields, the header has %zu",
					  rec.line, rec.n, nh);
			goto out;
		}
		for (size_t k = 0; k < n_id_columns && !pseudo[0]; k++) {
			normalise(norm, sizeof(norm), rec.fields[id_idx[k]]);
			if (norm[0] && (rc = ll_harm_pseudonym(pseudo, key, keylen, id_sys[k], norm)) < 0)
				goto out;
		}
		if (!pseudo[0] && n_id_columns) {
			rc = ll_error_set(LL_ECORRUPT, "line %" PRIu64 ": no identifier in the --id-columns",
					  rec.line);
			goto out;
		}
		if (pseudo_col < 0) {
			ll_buf_puts(out, pseudo);
			ll_buf_putc(out, ',');
		}
		if (kid_col < 0) {
			ll_csv_put_field(out, kid);
			ll_buf_putc(out, ',');
		}
		for (size_t i = 0; i < nh; i++) {
			const char *v = rec.fields[i];

			if (!keep[i])
				continue;
			if ((ssize_t)i == pseudo_col && pseudo[0])
				v = pseudo;
			else if ((ssize_t)i == kid_col)
				v = kid;
			if ((!first && (rc = ll_buf_putc(out, ',')) < 0) ||
			    (rc = ll_csv_put_field(out, v)) < 0)
				goto out;
			first = false;
		}
		if ((rc = ll_buf_putc(out, '\n')) < 0)
			goto out;
		rows++;
	}
	if (rc < 0)
		goto out;
	rc = 0;
	if (stats) {
		*stats = json_pack("{s:I, s:O, s:s}", "rows", (json_int_t)rows, "dropped_columns",
				   dropped, "kid", kid);
	}
out:
	for (size_t i = 0; header && i < nh; i++)
		ll_free(header[i]);
	ll_free(header);
	ll_free(keep);
	ll_free(id_idx);
	ll_free(id_sys);
	json_decref(dropped);
	ll_csv_release(&csv);
	return rc;
}
