/* SPDX-License-Identifier: Apache-2.0 */
/* The strict CSV reader, identifying-data checks, row validation and the pseudonym recipe. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>

#include <cmocka.h>

#include "analyze/csv.h"
#include "analyze/harm.h"
#include "core/buf.h"
#include "core/error.h"

#define S(x) ((char *)(x))

static int next(struct ll_csv_record *r, struct ll_csv *c) { return ll_csv_next(r, c); }

static void test_csv_quoting(void **state)
{
	static const char in[] = "\xef\xbb\xbf" "a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\nlast,row,here";
	struct ll_csv c;
	struct ll_csv_record r;

	(void)state;
	ll_csv_init(&c, in, sizeof(in) - 1);
	assert_int_equal(next(&r, &c), 1);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.fields[0], "a");
	assert_int_equal(r.line, 1);
	assert_int_equal(next(&r, &c), 1);
	assert_string_equal(r.fields[0], "x,1");
	assert_string_equal(r.fields[1], "say \"hi\"");
	assert_string_equal(r.fields[2], "two\nlines");
	assert_int_equal(r.line, 2);
	assert_int_equal(next(&r, &c), 1);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.fields[2], "");
	assert_int_equal(r.line, 4);
	assert_int_equal(next(&r, &c), 1);
	assert_string_equal(r.fields[2], "here");
	assert_int_equal(next(&r, &c), 0);
	ll_csv_release(&c);
}

static void expect_csv_error(const char *in, const char *msg)
{
	struct ll_csv c;
	struct ll_csv_record r;
	int rc;

	ll_csv_init(&c, in, strlen(in));
	while ((rc = next(&r, &c)) > 0)
		;
	assert_int_equal(rc, LL_ECORRUPT);
	if (!strstr(ll_error_message(), msg))
		fail_msg("'%s' not in '%s'", msg, ll_error_message());
	ll_csv_release(&c);
}

static void test_csv_strict(void **state)
{
	(void)state;
	expect_csv_error("a,b\nx,y\"z\n", "line 2, field 2: quote inside an unquoted field");
	expect_csv_error("a,b\n\"x\"y,z\n", "line 2, field 1: text after a closing quote");
	expect_csv_error("a,b\n\"x,z\n\n", "line 2, field 1: quoted field not closed");
	expect_csv_error("a,b\rc\n", "line 1, field 2: bare carriage return");
	expect_csv_error("a,\xff\n", "line 1, field 2: invalid UTF-8");
	expect_csv_error("a,\xc0\xaf\n", "invalid UTF-8"); /* overlong */
}

static void test_csv_put_field(void **state)
{
	struct ll_buf b = LL_BUF_INIT;

	(void)state;
	ll_csv_put_field(&b, "plain");
	ll_buf_putc(&b, ',');
	ll_csv_put_field(&b, "a \"q\", b\n");
	assert_string_equal(b.ptr, "plain,\"a \"\"q\"\", b\n\"");
	ll_buf_release(&b);
}

static void test_pii(void **state)
{
	(void)state;
	assert_non_null(ll_harm_pii_column("Last Name"));
	assert_non_null(ll_harm_pii_column("patient_surname"));
	assert_non_null(ll_harm_pii_column("DOB"));
	assert_non_null(ll_harm_pii_column("nhs_number"));
	assert_non_null(ll_harm_pii_column("contact_email"));
	assert_non_null(ll_harm_pii_column("MRN"));
	assert_null(ll_harm_pii_column("hostname"));
	assert_null(ll_harm_pii_column("patient_pseudonym"));
	assert_null(ll_harm_pii_column("affected_system"));
	assert_null(ll_harm_pii_column("reviewer_role"));
	assert_string_equal(ll_harm_pii_text("write to a.b@example.org"), "an e-mail address");
	assert_non_null(ll_harm_pii_text("call +33 6 12 34 56 78"));
	assert_non_null(ll_harm_pii_text("NIR 1480312345678 seen"));
	assert_null(ll_harm_pii_text("SAMU informed 02:40; 23 ambulances"));
	assert_null(ll_harm_pii_text("at 2025-10-10 03:40 the lab"));
	assert_null(ll_harm_pii_text("exhibit EXH-0123456789"));
	assert_null(ll_harm_pii_text("user@localhost"));
	/* identifying numbers of 9 digits and more, with their usual separators */
	assert_non_null(ll_harm_pii_text("SSN 123-45-6789 in the notes"));
	assert_non_null(ll_harm_pii_text("123456789"));
	assert_non_null(ll_harm_pii_text("NHS 943 476 5919"));
	assert_non_null(ll_harm_pii_text("tel 06.12.34.56.78"));
}

static void test_validate(void **state)
{
	char *names[] = { S("schema"), S("hostname"), S("system"), S("life_critical"), S("extra") };
	char *good[] = { S("lifeline-systems/1"), S("srv-lis02"), S("LIS"), S("yes"), S("kept") };
	char *bad[] = { S("lifeline-systems/1"), S("srv-lis02"), S("XYZ"), S("yes"), S("") };
	char *nolc[] = { S("lifeline-systems/1"), S("srv-lis02"), S("LIS"), S(""), S("") };
	json_t *row = NULL;

	(void)state;
	assert_int_equal(ll_harm_check_header(LL_HARM_SYSTEMS, names, 5), 0);
	assert_int_equal(ll_harm_check_header(LL_HARM_SYSTEMS, names, 3), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "column 'life_critical': required"));
	assert_int_equal(ll_harm_validate_row(&row, LL_HARM_SYSTEMS, names, good, 5), 0);
	assert_string_equal(json_string_value(json_object_get(row, "extra")), "kept");
	json_decref(row);
	assert_int_equal(ll_harm_validate_row(&row, LL_HARM_SYSTEMS, names, bad, 5), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "column 'system': unknown value 'XYZ'"));
	assert_int_equal(ll_harm_validate_row(&row, LL_HARM_SYSTEMS, names, nolc, 5), LL_ECORRUPT);
	assert_non_null(strstr(ll_error_message(), "column 'life_critical': required value is empty"));
	assert_int_equal(ll_harm_kind_from_schema("lifeline-metric/1"), LL_HARM_METRICS);
	assert_int_equal(ll_harm_kind_from_schema("lifeline-metric/2"), -1);
	assert_true(ll_harm_life_critical_type("ed_diversion"));
	assert_false(ll_harm_life_critical_type("elective_surgery_cancelled"));
}

/* Checked with: printf '%s' 'urn:oid:1.2.3|ABC123' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0001…1f */
static void test_pseudonym(void **state)
{
	uint8_t key[32];
	char p[35];

	(void)state;
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	assert_int_equal(ll_harm_pseudonym(p, key, 32, "urn:oid:1.2.3", "ABC123"), 0);
	assert_string_equal(p, "P-7ea3e6bb7577a57ae2bdcfd8b0691694");
}

static void test_pseudonymize(void **state)
{
	static const char in[] = "ipp,nom,unit\nabc 123,Dupont,ED\n";
	uint8_t key[32];
	char *cols[] = { S("ipp=urn:oid:1.2.3") };
	struct ll_buf out = LL_BUF_INIT;
	json_t *st = NULL;

	(void)state;
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	assert_int_equal(ll_harm_pseudonymize(&out, &st, in, sizeof(in) - 1, key, 32, "K-1", cols, 1), 0);
	assert_string_equal(out.ptr, "patient_pseudonym,pseudonym_kid,unit\n"
				     "P-7ea3e6bb7577a57ae2bdcfd8b0691694,K-1,ED\n");
	assert_int_equal(json_array_size(json_object_get(st, "dropped_columns")), 2);
	json_decref(st);
	ll_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_strict),
		cmocka_unit_test(test_csv_put_field),
		cmocka_unit_test(test_pii),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_pseudonym),
		cmocka_unit_test(test_pseudonymize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
