/* SPDX-License-Identifier: Apache-2.0 */
/* The mandate of a case (schema 7: case_mandate, case_questions). */
#include "core/compat.h"
#include "core/expert/mandate.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "core/error.h"
#include "core/name.h"
#include "core/store.h"
#include "core/time.h"

static const char *const jurisdictions[][2] = {
	{ "fr", "France" },
	{ "ew", "England and Wales" },
	{ "us", "United States (federal)" },
};

const char *ll_mandate_jurisdiction_name(const char *code)
{
	for (size_t i = 0; code && i < LL_ARRAY_SIZE(jurisdictions); i++)
		if (!strcmp(code, jurisdictions[i][0]))
			return jurisdictions[i][1];
	return NULL;
}

bool ll_mandate_update_any(const struct ll_mandate_update *u)
{
	return u->requesting_authority || u->basis || u->reference || u->date ||
	       u->jurisdiction || u->set_questions;
}

static int text_field(const char *what, const char *s)
{
	int rc;

	if (!s)
		return 0;
	if ((rc = ll_text_check(what, s)) < 0)
		return rc;
	if (strlen(s) > LL_MANDATE_MAX_TEXT)
		return ll_error_set(LL_EINVAL, "%s is %zu bytes long, more than %d", what,
				    strlen(s), LL_MANDATE_MAX_TEXT);
	return 0;
}

static bool leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYY-MM-DD and a day that exists: a court date is never "2021-02-30" */
static int check_date(const char *s)
{
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, m, d;
	char tail;

	if (!*s)
		return 0; /* clears it */
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
		goto bad;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			goto bad;
	if (y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap((long)y)))
		goto bad;
	return 0;
bad:
	return ll_error_set(LL_EINVAL, "the mandate date '%s' is not a calendar day YYYY-MM-DD", s);
}

int ll_mandate_check(const struct ll_mandate_update *u)
{
	int rc;

	if ((rc = text_field("the requesting authority", u->requesting_authority)) < 0 ||
	    (rc = text_field("the legal basis", u->basis)) < 0 ||
	    (rc = text_field("the reference", u->reference)) < 0 ||
	    (rc = text_field("the mandate date", u->date)) < 0)
		return rc;
	if (u->date && (rc = check_date(u->date)) < 0)
		return rc;
	if (u->jurisdiction && *u->jurisdiction && !ll_mandate_jurisdiction_name(u->jurisdiction))
		return ll_error_set(LL_EINVAL, "unknown jurisdiction '%s' (expected fr, ew or us)",
				    u->jurisdiction);
	if (u->set_questions && u->nquestions > LL_MANDATE_MAX_QUESTIONS)
		return ll_error_set(LL_EINVAL, "%zu questions, more than %d", u->nquestions,
				    LL_MANDATE_MAX_QUESTIONS);
	for (size_t i = 0; u->set_questions && i < u->nquestions; i++) {
		char what[48];
		const char *q = u->questions[i];
		size_t k = 0;

		snprintf(what, sizeof(what), "question %zu", i + 1);
		if ((rc = text_field(what, q)) < 0)
			return rc;
		while (q[k] == ' ' || q[k] == '\t' || q[k] == '\n' || q[k] == '\r')
			k++;
		if (!q[k])
			return ll_error_set(LL_EINVAL, "question %zu is empty", i + 1);
	}
	return 0;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

int ll_mandate_apply(struct ll_store *st, const struct ll_mandate_update *u, int64_t now_ns)
{
	static const char *const cols[] = {
		"requesting_authority", "basis", "reference", "date", "jurisdiction",
	};
	const char *vals[] = { u->requesting_authority, u->basis, u->reference, u->date,
			       u->jurisdiction };
	sqlite3_stmt *s = NULL;
	char sql[160];
	int rc;

	if ((rc = ll_mandate_check(u)) < 0)
		return rc;
	if ((rc = ll_store_begin(st)) < 0)
		return rc;
	if ((rc = ll_store_prepare(&s, st,
				   "INSERT INTO case_mandate(id, updated_ns) VALUES (1, ?1)"
				   " ON CONFLICT(id) DO UPDATE SET updated_ns = ?1")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, now_ns);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = ll_store_error(st, "recording the mandate");
		goto out;
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(cols); i++) {
		if (!vals[i])
			continue;
		sqlite3_finalize(s);
		s = NULL;
		/* the column name is one of ours, never the user's */
		snprintf(sql, sizeof(sql), "UPDATE case_mandate SET %s = ? WHERE id = 1", cols[i]);
		if ((rc = ll_store_prepare(&s, st, sql)) < 0)
			goto out;
		bind_opt(s, 1, vals[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = ll_store_error(st, "recording the mandate");
			goto out;
		}
	}
	if (u->set_questions) {
		if ((rc = ll_store_exec(st, "DELETE FROM case_questions")) < 0)
			goto out;
		sqlite3_finalize(s);
		s = NULL;
		if ((rc = ll_store_prepare(&s, st,
					   "INSERT INTO case_questions(n, text) VALUES (?, ?)")) < 0)
			goto out;
		for (size_t i = 0; i < u->nquestions; i++) {
			sqlite3_reset(s);
			sqlite3_bind_int64(s, 1, (sqlite3_int64)i + 1);
			sqlite3_bind_text(s, 2, u->questions[i], -1, SQLITE_STATIC);
			if (sqlite3_step(s) != SQLITE_DONE) {
				rc = ll_store_error(st, "recording the questions");
				goto out;
			}
		}
	}
	rc = 0;
out:
	sqlite3_finalize(s);
	if (rc < 0) {
		ll_store_rollback(st);
		return rc;
	}
	return ll_store_commit(st);
}

static json_t *col_json(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? json_string(t) : json_null();
}

int ll_mandate_load(json_t **out, struct ll_store *st)
{
	static const char *const keys[] = {
		"requesting_authority", "basis", "reference", "date", "jurisdiction",
	};
	sqlite3_stmt *s = NULL;
	json_t *m = NULL, *qs = NULL;
	int rc;

	if ((rc = ll_store_prepare(&s, st,
				   "SELECT requesting_authority, basis, reference, date, jurisdiction"
				   " FROM case_mandate WHERE id = 1")) < 0)
		return rc;
	if ((rc = ll_store_step_row(st, s, "reading the mandate")) < 0)
		goto out;
	if (rc == 0) {
		*out = json_null();
		goto out;
	}
	if (!(m = json_object()) || !(qs = json_array())) {
		rc = ll_error_set(LL_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(keys); i++)
		if (json_object_set_new(m, keys[i], col_json(s, (int)i)) < 0) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = ll_store_prepare(&s, st, "SELECT text FROM case_questions ORDER BY n")) < 0)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (json_array_append_new(qs, col_json(s, 0)) < 0) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
	if (rc != SQLITE_DONE) {
		rc = ll_store_error(st, "reading the questions");
		goto out;
	}
	json_object_set_new(m, "questions", qs);
	qs = NULL;
	*out = m;
	m = NULL;
	rc = 0;
out:
	sqlite3_finalize(s);
	json_decref(m);
	json_decref(qs);
	return rc < 0 ? rc : 0;
}
