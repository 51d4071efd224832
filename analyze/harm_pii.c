/* SPDX-License-Identifier: Apache-2.0 */
/* Identifying data that must not leave the hospital: column names and free-text values. */
#include "core/compat.h"
#include "analyze/harm.h"

#include <ctype.h>

/*
 * Column names are compared after lower-casing and dropping everything but
 * letters and digits, so "Last Name", "last_name" and "LASTNAME" are one.
 * Exact names catch short words that would match too much as substrings
 * ("name" is inside "hostname"); substrings catch compounds
 * ("patient_last_name", "contact_email").
 */
struct pii_rule {
	const char *word;
	bool substring;
	const char *what;
};

static const struct pii_rule rules[] = {
	{ "name", false, "a name" }, { "nom", false, "a name" },
	{ "prenom", false, "a name" }, { "surname", true, "a name" },
	{ "firstname", true, "a name" }, { "lastname", true, "a name" },
	{ "givenname", true, "a name" }, { "familyname", true, "a name" },
	{ "fullname", true, "a name" }, { "patientname", true, "a name" },
	{ "maidenname", true, "a name" }, { "birthname", true, "a name" },
	{ "nomdenaissance", true, "a name" }, { "nomdusage", true, "a name" },
	{ "address", true, "an address" }, { "adresse", true, "an address" },
	{ "street", true, "an address" }, { "postcode", true, "an address" },
	{ "postalcode", true, "an address" }, { "zip", false, "an address" },
	{ "zipcode", true, "an address" }, { "codepostal", true, "an address" },
	{ "phone", true, "a phone number" }, { "telephone", true, "a phone number" },
	{ "tel", false, "a phone number" }, { "mobile", false, "a phone number" },
	{ "fax", true, "a phone number" }, { "email", true, "an e-mail address" },
	{ "mail", false, "an e-mail address" }, { "courriel", true, "an e-mail address" },
	{ "dob", false, "a birth date" }, { "ddn", false, "a birth date" },
	{ "birthdate", true, "a birth date" }, { "dateofbirth", true, "a birth date" },
	{ "birthday", true, "a birth date" }, { "datenaissance", true, "a birth date" },
	{ "datedenaissance", true, "a birth date" },
	{ "nir", false, "a national identity number" },
	{ "ins", false, "a national identity number" },
	{ "insnir", true, "a national identity number" },
	{ "ssn", false, "a national identity number" },
	{ "socialsecurity", true, "a national identity number" },
	{ "nhsnumber", true, "a national identity number" },
	{ "nhsno", false, "a national identity number" },
	{ "chinumber", true, "a national identity number" },
	{ "nationalid", true, "a national identity number" },
	{ "passport", true, "a national identity number" },
	{ "mrn", false, "a record number" }, { "ipp", false, "a record number" },
	{ "medicalrecord", true, "a record number" },
	{ "recordnumber", true, "a record number" },
	{ "hospitalnumber", true, "a record number" },
	{ "patientid", false, "a record number" },
	{ "patientnumber", true, "a record number" },
};

const char *ll_harm_pii_column(const char *name)
{
	char norm[128];
	size_t n = 0;

	for (const char *p = name; *p && n + 1 < sizeof(norm); p++)
		if (isalnum((unsigned char)*p))
			norm[n++] = (char)tolower((unsigned char)*p);
	norm[n] = '\0';
	for (size_t i = 0; i < LL_ARRAY_SIZE(rules); i++) {
		if (rules[i].substring ? strstr(norm, rules[i].word) != NULL
				       : strcmp(norm, rules[i].word) == 0)
			return rules[i].what;
	}
	return NULL;
}

static bool email_at(const char *s, size_t at)
{
	size_t i = at, dots = 0, dom = 0;

	if (at == 0)
		return false;
	{
		unsigned char c = (unsigned char)s[at - 1];

		if (!(isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'))
			return false;
	}
	for (i = at + 1; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.' && dom > 0 && isalnum((unsigned char)s[i + 1]))
			dots++;
		else if (!(isalnum(c) || c == '-' || c == '.'))
			break;
		dom++;
	}
	return dots > 0;
}

/*
 * A run of digits with single separators (space, dot, dash) and an optional
 * leading '+', not glued to letters: 9 digits or more is a phone number or
 * an identity number (NIR has 13, NHS 10). Digits that end a code
 * ("EXH-0123456789") are a reference, not a number in clear. ISO dates ("2025-10-10 03:40")
 * are not: a run that starts with dddd-dd-dd is skipped.
 */
static bool number_run(const char *s, size_t *i)
{
	size_t start = *i, digits = 0, j = *i;
	bool bounded_left = start == 0 || !isalnum((unsigned char)s[start - 1]);

	/* a number that ends a code ("EXH-0123456789", "LFPSE:W123456") is a reference */
	if (start >= 2 && strchr("-_:/#", s[start - 1]) && isalnum((unsigned char)s[start - 2]))
		bounded_left = false;

	if (s[j] == '+')
		j++;
	while (s[j]) {
		if (isdigit((unsigned char)s[j])) {
			digits++;
			j++;
		} else if ((s[j] == ' ' || s[j] == '.' || s[j] == '-') &&
			   isdigit((unsigned char)s[j + 1])) {
			j++;
		} else {
			break;
		}
	}
	*i = j > start ? j : start + 1;
	if (!bounded_left || isalpha((unsigned char)s[j]))
		return false;
	if (isdigit((unsigned char)s[start]) && j - start >= 10 &&
	    isdigit((unsigned char)s[start + 3]) && s[start + 4] == '-' &&
	    isdigit((unsigned char)s[start + 6]) && s[start + 7] == '-')
		return false;
	return digits >= 9;
}

const char *ll_harm_pii_text(const char *s)
{
	for (size_t i = 0; s[i]; i++)
		if (s[i] == '@' && email_at(s, i))
			return "an e-mail address";
	for (size_t i = 0; s[i];) {
		if (isdigit((unsigned char)s[i]) || s[i] == '+') {
			if (number_run(s, &i))
				return "a phone or identity number";
		} else {
			i++;
		}
	}
	return NULL;
}
