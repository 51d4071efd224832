/* SPDX-License-Identifier: Apache-2.0 */
/* The strict CSV reader, identifying-data checks, row validation and the pseudonym recipe. */
#include "core/compat.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

#include <cmocka.h>

#include "analyze/harm/csv.h"
#include "analyze/harm/harm.h"
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

/* A quote left open swallows no lines unsaid: capped in lines and in bytes, the opening line named. */
static void test_csv_quote_caps(void **state)
{
	struct ll_buf b = LL_BUF_INIT;

	LL_UNUSED(state);
	assert_int_equal(ll_buf_puts(&b, "a,b\n1,2\n3,\"open\n"), 0);
	for (int i = 0; i < 1500; i++)
		assert_int_equal(ll_buf_printf(&b, "%d,%d\n", i, i), 0);
	assert_int_equal(ll_buf_puts(&b, "x\",y\n"), 0);
	expect_csv_error(b.ptr, "line 3, field 2: quoted field opened on line 3 still open after 1000 lines");
	/* 999 lines inside one quoted field are still a record */
	ll_buf_reset(&b);
	assert_int_equal(ll_buf_puts(&b, "a,b\n1,\"open\n"), 0);
	for (int i = 0; i < 998; i++)
		assert_int_equal(ll_buf_puts(&b, "more\n"), 0);
	assert_int_equal(ll_buf_puts(&b, "end\"\n"), 0);
	{
		struct ll_csv c;
		struct ll_csv_record r;

		ll_csv_init(&c, b.ptr, b.len);
		assert_int_equal(next(&r, &c), 1);
		assert_int_equal(next(&r, &c), 1);
		assert_int_equal(r.n, 2);
		assert_int_equal(r.line, 2);
		assert_int_equal(next(&r, &c), 0);
		ll_csv_release(&c);
	}
	expect_csv_error("a,b\n1,2\n3,\"open\n4,5\n", "line 3, field 2: quoted field not closed before the end of the file (opened on line 3)");
	/* an open quote on few but long lines is capped in bytes (1 MiB) */
	ll_buf_reset(&b);
	assert_int_equal(ll_buf_puts(&b, "a,b\n1,2\n3,\"open\n"), 0);
	for (int i = 0; i < 40; i++) {
		for (int j = 0; j < 32768; j++)
			assert_int_equal(ll_buf_putc(&b, 'x'), 0);
		assert_int_equal(ll_buf_putc(&b, '\n'), 0);
	}
	assert_int_equal(ll_buf_puts(&b, "\",y\n"), 0);
	expect_csv_error(b.ptr, "line 3: record longer than 1048576 bytes (an unclosed quote?)");
	ll_buf_release(&b);
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

/*
 * The two corpora in tests/data/pii/: every identifying line refused, every
 * clinical line accepted. All failures are listed before the test fails.
 */
static void corpus(const char *name, bool want_refused)
{
	char path[512], line[1024];
	FILE *f;
	unsigned n = 0, bad = 0;

	snprintf(path, sizeof(path), "%s/tests/data/pii/%s", LL_SRC_DIR, name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		const char *what;

		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		n++;
		what = ll_harm_pii_text(line);
		if (want_refused && !what) {
			print_error("%s: accepted: %s\n", name, line);
			bad++;
		} else if (!want_refused && what) {
			print_error("%s: refused (%s): %s\n", name, what, line);
			bad++;
		}
	}
	fclose(f);
	assert_true(n >= 50);
	assert_int_equal(bad, 0);
}

static void test_pii_corpus_identifying(void **state)
{
	(void)state;
	corpus("identifying.txt", true);
}

static void test_pii_corpus_clinical(void **state)
{
	(void)state;
	corpus("clinical.txt", false);
}

static void test_pii_columns(void **state)
{
	static const char *const refused[] = {
		"Nom du patient", "ipp_patient", "NIR_patient", "numero_secu", "nom",
		"NOM", "Nom", "prénom", "Prénom du patient", "PRENOM", "NomDuPatient",
		"nom_de_naissance", "nom d'usage", "Patient Name", "patient-name",
		"first.name", "FirstName", "given_name", "surname", "Last Name", "full name",
		"ipp", "IPP", "nip", "mrn", "MRN", "medical_record_number", "patient_id",
		"PatientID", "hospital_number", "n_dossier", "numéro de dossier",
		"nir", "NIR", "insee", "ins", "numero_insee", "numéro de sécurité sociale",
		"securite_sociale", "Sécurité Sociale", "ssn", "SSN", "social_security_number",
		"nhs_number", "NHS No", "nhs-no", "chi_number", "passport", "passeport",
		"date de naissance", "date_naissance", "DDN", "ddn", "dob", "DOB",
		"birth_date", "BirthDate", "date_of_birth", "lieu de naissance",
		"adresse", "Adresse postale", "address", "home_address", "street",
		"postcode", "code_postal", "zip", "Zip Code", "rue",
		"telephone", "téléphone", "tel", "Tél.", "phone", "phone_number", "mobile",
		"portable", "fax", "email", "e-mail", "E_Mail", "mail", "courriel",
		"contact_email", "contact name", "reviewer_name", "nom_medecin",
		/* full-width and odd separators */
		"ＮＩＲ", "ｎｏｍ", "Nom\xc2\xa0" "du\xc2\xa0" "patient", "nom__patient", "Nom-Patient",
		"N.I.R.", "I.P.P",
	};
	static const char *const accepted[] = {
		"hostname", "host_name", "patient_pseudonym", "pseudonym_kid", "affected_system",
		"reviewer_role", "site_name", "unit_name", "ward_name", "system_name",
		"device_name", "file_name", "ip_addresses", "ip_address", "IPAddress",
		"mac_address", "source_address", "nhs_trust", "nhs_harm_level", "age_band",
		"sex", "notes", "event_id", "year_of_birth", "annee_naissance", "evidence_refs",
		"care_process", "delay_minutes", "service", "lit", "unite", "role",
	};

	(void)state;
	for (size_t i = 0; i < LL_ARRAY_SIZE(refused); i++)
		if (!ll_harm_pii_column(refused[i]))
			fail_msg("column '%s' accepted", refused[i]);
	for (size_t i = 0; i < LL_ARRAY_SIZE(accepted); i++)
		if (ll_harm_pii_column(accepted[i]))
			fail_msg("column '%s' refused (%s)", accepted[i], ll_harm_pii_column(accepted[i]));
	assert_string_equal(ll_harm_pii_column("Nom du patient"), "a name");
	assert_string_equal(ll_harm_pii_column("ipp_patient"), "a record number");
	assert_string_equal(ll_harm_pii_column("numero_secu"), "a national identity number");
	assert_string_equal(ll_harm_pii_column("adresse"), "an address");
}

/* The NIR key (97 - n mod 97, Corsica 2A = 19, 2B = 18): one wrong key digit is no NIR. */
static void test_pii_nir_key(void **state)
{
	(void)state;
	assert_string_equal(ll_harm_pii_text("X-185057800608491"), "a national identity number (NIR)");
	assert_null(ll_harm_pii_text("X-185057800608492"));
	assert_non_null(ll_harm_pii_text("ref 2 69 12 2A 123 456 06"));
	assert_null(ll_harm_pii_text("ref 2 69 12 2A 123 456 07x"));
	assert_non_null(ll_harm_pii_text("ref 269122B12345633"));
	assert_string_equal(ll_harm_pii_text("tag 943 476 5919"), "a national identity number (NHS number)");
	assert_null(ll_harm_pii_text("tag-943 476 5918"));
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
		cmocka_unit_test(test_csv_quote_caps),
		cmocka_unit_test(test_csv_put_field),
		cmocka_unit_test(test_pii),
		cmocka_unit_test(test_pii_corpus_identifying),
		cmocka_unit_test(test_pii_corpus_clinical),
		cmocka_unit_test(test_pii_columns),
		cmocka_unit_test(test_pii_nir_key),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_pseudonym),
		cmocka_unit_test(test_pseudonymize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
