/* SPDX-License-Identifier: Apache-2.0 */
/* Identifying data that must not leave the hospital: column names and free-text values. */
#include "core/compat.h"
#include "analyze/harm/harm.h"

#include <ctype.h>

#include "core/alloc.h"

/*
 * Folding (NFKC-like, enough for what a hospital export or an attacker can
 * write): the text is decoded as UTF-8 and each character becomes ASCII:
 * full-width and mathematical letters and digits become their ASCII forms,
 * other scripts' decimal digits their values, Latin letters lose their
 * accents (é → e, œ → oe), look-alike Cyrillic and Greek capitals become
 * Latin ones, every kind of space becomes one space (runs collapsed),
 * dashes become '-', zero-width characters, soft hyphens and combining
 * accents disappear, anything else becomes 'x' (a letter: it still glues
 * a number to a word). Case is kept (names are told by their capital).
 * The result is never longer than the input.
 */

/* U+0100..U+017F without their accents ('Œ', 'œ' are special-cased) */
static const char latin_ext_a[] =
	"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOo"
	"OoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
_Static_assert(sizeof(latin_ext_a) == 0x80 + 1, "one letter per code point");

/* U+00C0..U+00FF ('Æ', 'æ', 'ß', 'Þ', 'þ' are special-cased) */
static const char latin1[] =
	"AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTs"
	"aaaaaaaceeeeiiiidnooooo/ouuuuyty";
_Static_assert(sizeof(latin1) == 0x40 + 1, "one letter per code point");

/* Decodes one UTF-8 character at s (NUL-terminated); *len gets its length. */
static uint32_t utf8_at(const unsigned char *s, size_t *len)
{
	uint32_t cp;
	size_t n;

	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1fu;
		n = 2;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0fu;
		n = 3;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07u;
		n = 4;
	} else {
		*len = 1;
		return 0xfffd;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*len = i;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	*len = n;
	return cp;
}

/* The ASCII form of a code point: up to 2 characters in out; 0 = dropped. */
static size_t fold_cp(char out[2], uint32_t cp)
{
	static const struct { uint32_t cp; char c; } look_alike[] = {
		{ 0x391, 'A' }, { 0x392, 'B' }, { 0x395, 'E' }, { 0x396, 'Z' }, { 0x397, 'H' },
		{ 0x399, 'I' }, { 0x39a, 'K' }, { 0x39c, 'M' }, { 0x39d, 'N' }, { 0x39f, 'O' },
		{ 0x3a1, 'P' }, { 0x3a4, 'T' }, { 0x3a5, 'Y' }, { 0x3a7, 'X' }, { 0x3bf, 'o' },
		{ 0x406, 'I' }, { 0x408, 'J' }, { 0x410, 'A' }, { 0x412, 'B' }, { 0x415, 'E' },
		{ 0x41a, 'K' }, { 0x41c, 'M' }, { 0x41d, 'H' }, { 0x41e, 'O' }, { 0x420, 'P' },
		{ 0x421, 'C' }, { 0x422, 'T' }, { 0x425, 'X' }, { 0x430, 'a' }, { 0x435, 'e' },
		{ 0x43e, 'o' }, { 0x440, 'p' }, { 0x441, 'c' }, { 0x443, 'y' }, { 0x445, 'x' },
		{ 0x456, 'i' }, { 0x458, 'j' },
	};
	static const uint32_t zero_digits[] = { 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xe50, 0xff10 };

	if (cp < 0x80) {
		out[0] = isspace((int)cp) ? ' ' : (char)cp;
		return 1;
	}
	if ((cp >= 0x300 && cp <= 0x36f) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2060 && cp <= 0x2064) || cp == 0xfeff || cp == 0x180e || cp == 0x34f)
		return 0;
	if (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0x85) {
		out[0] = ' ';
		return 1;
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(zero_digits); i++)
		if (cp >= zero_digits[i] && cp < zero_digits[i] + 10) {
			out[0] = (char)('0' + (cp - zero_digits[i]));
			return 1;
		}
	if (cp >= 0xff01 && cp <= 0xff5e) { /* full-width ASCII */
		out[0] = (char)(cp - 0xfee0);
		return 1;
	}
	if (cp >= 0x1d7ce && cp <= 0x1d7ff) { /* mathematical digits */
		out[0] = (char)('0' + (cp - 0x1d7ce) % 10);
		return 1;
	}
	if (cp >= 0x1d400 && cp <= 0x1d6a3) { /* mathematical letters */
		uint32_t k = (cp - 0x1d400) % 52;

		out[0] = (char)(k < 26 ? 'A' + k : 'a' + (k - 26));
		return 1;
	}
	if (cp >= 0x2460 && cp <= 0x2468) { /* circled 1-9 */
		out[0] = (char)('1' + (cp - 0x2460));
		return 1;
	}
	if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xfe58 || cp == 0xfe63) {
		out[0] = '-';
		return 1;
	}
	if (cp == 0x2018 || cp == 0x2019 || cp == 0x2032 || cp == 0x2bc) {
		out[0] = '\'';
		return 1;
	}
	if (cp == 0x201c || cp == 0x201d || cp == 0xab || cp == 0xbb) {
		out[0] = '"';
		return 1;
	}
	if (cp == 0x2024 || cp == 0xfe52 || cp == 0xb7 || cp == 0x2027) {
		out[0] = '.';
		return 1;
	}
	if (cp == 0xb0 || cp == 0xba || cp == 0x2116) { /* n°, nº, № */
		out[0] = 'o';
		return 1;
	}
	if (cp == 0xc6 || cp == 0xe6 || cp == 0x152 || cp == 0x153) { /* Æ æ Œ œ */
		out[0] = cp == 0xc6 ? 'A' : cp == 0xe6 ? 'a' : cp == 0x152 ? 'O' : 'o';
		out[1] = 'e';
		return 2;
	}
	if (cp == 0xdf) {
		out[0] = out[1] = 's';
		return 2;
	}
	if (cp >= 0xc0 && cp <= 0xff) {
		out[0] = latin1[cp - 0xc0];
		return 1;
	}
	if (cp >= 0x100 && cp <= 0x17f) {
		out[0] = latin_ext_a[cp - 0x100];
		return 1;
	}
	for (size_t i = 0; i < LL_ARRAY_SIZE(look_alike); i++)
		if (look_alike[i].cp == cp) {
			out[0] = look_alike[i].c;
			return 1;
		}
	out[0] = 'x';
	return 1;
}

/* Folds s into out (room for strlen(s) + 1). */
static void fold(char *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p) {
		char c[2];
		size_t len, k = fold_cp(c, utf8_at(p, &len));

		p += len;
		for (size_t i = 0; i < k; i++) {
			if (c[i] == ' ' && (n == 0 || out[n - 1] == ' '))
				continue;
			out[n++] = c[i];
		}
	}
	out[n] = '\0';
}

/*
 * Column names: folded, split into lower-case words at separators (space,
 * _, -, ., /…), at case changes ("NomDuPatient", "IPAddress") and between
 * letters and digits.
 */
#define MAX_WORDS 16

struct words {
	char w[MAX_WORDS][32];
	size_t n;
	char joined[256]; /* the words glued together */
};

static void split_words(struct words *ws, const char *folded)
{
	size_t len = strlen(folded), cur = 0;
	char word[32];

	ws->n = 0;
	ws->joined[0] = '\0';
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = (unsigned char)folded[i];
		unsigned char prev = i ? (unsigned char)folded[i - 1] : 0;
		unsigned char next = c ? (unsigned char)folded[i + 1] : 0;
		bool brk = !isalnum(c) ||
			   (cur && islower(prev) && isupper(c)) ||
			   (cur && isupper(prev) && isupper(c) && islower(next)) ||
			   (cur && isdigit(prev) != isdigit(c));

		if (brk && cur) {
			word[cur] = '\0';
			if (ws->n < MAX_WORDS) {
				memcpy(ws->w[ws->n++], word, cur + 1);
				if (strlen(ws->joined) + cur < sizeof(ws->joined))
					memcpy(ws->joined + strlen(ws->joined), word, cur + 1);
			}
			cur = 0;
		}
		if (isalnum(c) && cur + 1 < sizeof(word))
			word[cur++] = (char)tolower(c);
	}
	/* letters spelled with dots or spaces ("N.I.R.", "I P P") are one word */
	for (size_t i = 0; i + 1 < ws->n; i++) {
		size_t k = i, wl = 0;

		while (k < ws->n && isalpha((unsigned char)ws->w[k][0]) && !ws->w[k][1])
			k++;
		if (k - i < 2)
			continue;
		for (size_t m = i; m < k && wl + 1 < sizeof(ws->w[i]); m++)
			ws->w[i][wl++] = ws->w[m][0];
		ws->w[i][wl] = '\0';
		memmove(ws->w[i + 1], ws->w[k], (ws->n - k) * sizeof(ws->w[0]));
		ws->n -= k - i - 1;
	}
}

static bool in_set(const char *const *set, const char *w)
{
	for (; *set; set++)
		if (strcmp(*set, w) == 0)
			return true;
	return false;
}

static bool has_word(const struct words *ws, const char *const *set)
{
	for (size_t i = 0; i < ws->n; i++)
		if (in_set(set, ws->w[i]))
			return true;
	return false;
}

static bool joined_has(const struct words *ws, const char *const *set)
{
	for (; *set; set++)
		if (strstr(ws->joined, *set))
			return true;
	return false;
}

/* Words that only say whose a name or number is, or join words. */
static const char *const person_words[] = {
	"patient", "patients", "pat", "pt", "patiente", "usager", "client", "person", "personne",
	"resident", "victim", "victime", "contact", "nok", "kin", "next", "of", "the", "du", "de",
	"des", "la", "le", "d", "l", "first", "last", "given", "family", "full", "middle",
	"maiden", "birth", "naissance", "jeune", "fille", "usage", "usuel", "marital", "epoux",
	"epouse", "mother", "father", "parent", "mere", "pere", "sur", "fore", "reviewer",
	"doctor", "docteur", "medecin", "physician", "nurse", "infirmier", "infirmiere",
	"staff", "practitioner", "author", "declarant", "relative", "proche", "referent", "1",
	"2", "complete", "complet", "legal", "preferred", "alias", "other", "autre", "en",
	"clair", "raw", "brut", "original", NULL
};
static const char *const name_words[] = {
	"name", "names", "nom", "noms", "prenom", "prenoms", "surname", "surnames",
	"forename", "forenames", "firstname", "lastname", "givenname", "familyname",
	"fullname", "patronyme", "patronym", "initials", "initiales", NULL
};
/* glued compounds, found anywhere in the joined words */
static const char *const name_compounds[] = {
	"surname", "firstname", "lastname", "givenname", "familyname", "fullname",
	"patientname", "maidenname", "birthname", "nomdenaissance", "nomdusage",
	"nomdupatient", "nompatient", "prenompatient", "nomusuel", "nomdefamille",
	"nomjeunefille", "forename", NULL
};
/* a qualifier that makes an "address" a network one */
static const char *const network_words[] = {
	"ip", "ips", "ipv4", "ipv6", "mac", "hw", "hardware", "ethernet", "net", "network",
	"reseau", "host", "server", "serveur", "src", "source", "dst", "dest", "destination",
	"remote", "local", "peer", "gateway", "dns", "dhcp", "bind", "listen", "url", "web",
	"link", "socket", "nat", "vlan", "bmc", "ilo", "idrac", "wan", "lan", "multicast",
	"broadcast", "memory", "mem", "virtual", "physical", "base", "load", "return", "sip",
	NULL
};
static const char *const address_words[] = {
	"address", "addresses", "adresse", "adresses", "addr", "adr", "street", "rue",
	"postcode", "postcodes", "zip", "zipcode", "domicile", "residence", "home", NULL
};
static const char *const address_compounds[] = {
	"address", "adresse", "postalcode", "codepostal", "zipcode", "postcode",
	"streetname", "nomderue", "lieudevie", NULL
};
static const char *const phone_words[] = {
	"phone", "phones", "telephone", "tel", "tele", "mobile", "portable", "gsm", "fax",
	"cell", "cellphone", NULL
};
static const char *const phone_compounds[] = {
	"phone", "telephone", "mobile", "telefax", "numtel", "notel", NULL
};
static const char *const email_words[] = { "email", "emails", "mail", "courriel", "mel", NULL };
static const char *const email_compounds[] = { "email", "courriel", NULL };
static const char *const birth_words[] = { "dob", "ddn", "birthday", "birthdate", NULL };
static const char *const birth_compounds[] = {
	"birthdate", "dateofbirth", "birthday", "datenaissance", "datedenaissance",
	"naissance", "birthplace", "placeofbirth", "lieunaissance", NULL
};
/* a birth year alone is allowed (the spec allows FHIR birthDate as a year) */
static const char *const year_words[] = { "year", "annee", "yob", "an", NULL };
static const char *const nir_words[] = {
	"nir", "insee", "ins", "nss", "ssn", "secu", "ssnumber", "passport", "passeport",
	"cni", "nationalid", NULL
};
static const char *const nir_compounds[] = {
	"securitesociale", "socialsecurity", "numerosecu", "nationalid", "nationalidentity",
	"insnir", "nhsnumber", "nhsno", "chinumber", "passport", "passeport",
	"identitycard", "carteidentite", "carteditentite", "cartevitale", "insee", NULL
};
/* numbers that are national only with "number": "nhs_number", not "nhs_trust" */
static const char *const number_words[] = { "number", "num", "no", "nr", "numero", "n", "id", NULL };
static const char *const record_words[] = {
	"ipp", "nip", "mrn", "nda", "ehrid", "mpi", "dossier", NULL
};
static const char *const record_compounds[] = {
	"medicalrecord", "recordnumber", "hospitalnumber", "patientnumber", "patientid",
	"numerodossier", "dossierpatient", "ndossier", "nodossier", "numdossier", "caseno",
	"idpatient", "patientidentifier", "identifiantpatient", NULL
};

const char *ll_harm_pii_column(const char *name)
{
	char folded[256];
	struct words ws;
	bool all_person = true, any_name = false;

	if (strlen(name) >= sizeof(folded))
		return "a name"; /* a 255-byte column name is no schema's */
	fold(folded, name);
	split_words(&ws, folded);
	if (ws.n == 0)
		return NULL;
	if (has_word(&ws, email_words) || joined_has(&ws, email_compounds))
		return "an e-mail address";
	if (has_word(&ws, phone_words) || joined_has(&ws, phone_compounds))
		return "a phone number";
	if ((has_word(&ws, birth_words) || joined_has(&ws, birth_compounds)) &&
	    !has_word(&ws, year_words))
		return "a birth date";
	if (has_word(&ws, nir_words) || joined_has(&ws, nir_compounds))
		return "a national identity number";
	if ((strstr(ws.joined, "nhs") || strstr(ws.joined, "chi")) && has_word(&ws, number_words) &&
	    (has_word(&ws, (const char *const[]){ "nhs", "chi", NULL })))
		return "a national identity number";
	if (has_word(&ws, record_words) || joined_has(&ws, record_compounds))
		return "a record number";
	if ((has_word(&ws, address_words) || joined_has(&ws, address_compounds)) &&
	    !has_word(&ws, network_words) && !strstr(ws.joined, "ipaddr") &&
	    !strstr(ws.joined, "macaddr"))
		return "an address";
	if (strcmp(ws.joined, "patient") == 0 || strcmp(ws.joined, "patientid") == 0)
		return "a record number";
	/* a name: a name word with nothing but whose-words around it */
	for (size_t i = 0; i < ws.n; i++) {
		if (in_set(name_words, ws.w[i]))
			any_name = true;
		else if (!in_set(person_words, ws.w[i]))
			all_person = false;
	}
	if (any_name && all_person)
		return "a name";
	if (joined_has(&ws, name_compounds))
		return "a name";
	return NULL;
}

/* ---- free text ---- */

static bool is_word_start(const char *t, size_t i)
{
	return i == 0 || !isalnum((unsigned char)t[i - 1]);
}

/* Case-insensitive: `w` at t+i, ending at a word end. Returns its length or 0. */
static size_t word_is(const char *t, size_t i, const char *w)
{
	size_t n;

	if (tolower((unsigned char)t[i]) != tolower((unsigned char)w[0]) || !is_word_start(t, i))
		return 0;
	n = strlen(w);
	if (strncasecmp(t + i, w, n) != 0)
		return 0;
	if (isalnum((unsigned char)w[n - 1]) && isalnum((unsigned char)t[i + n]))
		return 0;
	return n;
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

static size_t date_at(const char *t, size_t i, unsigned *year);

/* An IPv4 address (four dot-separated numbers 0-255) at s: its length, else 0. */
static size_t ipv4_at(const char *s)
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		size_t d = 0;
		unsigned v = 0;

		while (isdigit((unsigned char)s[i]) && d < 4) {
			v = v * 10 + (unsigned)(s[i++] - '0');
			d++;
		}
		if (d == 0 || d > 3 || v > 255)
			return 0;
		if (part < 3 && s[i++] != '.')
			return 0;
	}
	return isalnum((unsigned char)s[i]) || (s[i] == '.' && isdigit((unsigned char)s[i + 1])) ? 0 : i;
}

/*
 * A run of digits with single separators (space, dot, dash, parentheses
 * around a trunk prefix "+33 (0)6…") and an optional leading '+', not glued
 * to letters: 9 digits or more is a phone number or an identity number
 * (NIR has 13 or 15, NHS 10, SSN 9, a French phone 10). Digits that end a
 * code ("EXH-0123456789") are a reference, not a number in clear; ISO dates
 * ("2025-10-10 03:40") and IPv4 addresses are not numbers either.
 */
static bool number_run(const char *s, size_t *i)
{
	size_t start = *i, digits = 0, j = *i;
	bool bounded_left = start == 0 || !isalnum((unsigned char)s[start - 1]);
	size_t ip;
	unsigned year;

	/* a number that ends a code ("EXH-0123456789", "LFPSE:W123456") is a reference */
	if (start >= 2 && strchr("-_:/#", s[start - 1]) && isalnum((unsigned char)s[start - 2]))
		bounded_left = false;
	if (bounded_left && (ip = ipv4_at(s + start)) > 0) {
		*i = start + ip;
		return false;
	}
	/* a date with its 4-digit year ("10.10.2025 02:00"): its digits are no phone number */
	if (bounded_left && (ip = date_at(s, start, &year)) > 0 && year >= 1000 &&
	    !(strchr(".-", s[start + ip]) && s[start + ip] && isdigit((unsigned char)s[start + ip + 1]))) {
		*i = start + ip;
		return false;
	}
	if (s[j] == '+')
		j++;
	while (s[j]) {
		if (isdigit((unsigned char)s[j])) {
			digits++;
			j++;
		} else if ((s[j] == ' ' || s[j] == '.' || s[j] == '-') &&
			   isdigit((unsigned char)s[j + 1])) {
			j++;
		} else if (digits && (s[j] == '(' || s[j] == ')' || s[j] == ' ') &&
			   (s[j + 1] == '(' || s[j + 1] == ')' || s[j + 1] == ' ') &&
			   s[j + 1] != s[j] && isdigit((unsigned char)s[j + 2])) {
			j += 2; /* "+33 (0)6", "(0) 6" */
		} else if (digits && (s[j] == '(' || s[j] == ')') && isdigit((unsigned char)s[j + 1])) {
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

/*
 * A French NIR at t+i: sex digit (1-4, 7, 8), then year, month, department
 * (Corsica "2A"/"2B"), commune, order, written with or without separators,
 * optionally followed by its 2-digit key = 97 - (number mod 97), Corsica
 * counted as 19 (2A) and 18 (2B). With its key it is refused even glued to
 * a label ("NIR:1850578006084 36"); without a key only in its Corsican form
 * (the plain 13 digits are a run of 9 or more).
 */
static bool nir_at(const char *t, size_t i)
{
	char c[16];
	size_t n = 0, j = i;
	bool corsica = false;

	if (i > 0 && isdigit((unsigned char)t[i - 1]))
		return false;
	if (!strchr("123478", t[i]))
		return false;
	while (t[j] && n < 15) {
		unsigned char ch = (unsigned char)t[j];

		if (isdigit(ch) || (n == 6 && c[5] == '2' && (toupper(ch) == 'A' || toupper(ch) == 'B'))) {
			if (!isdigit(ch))
				corsica = true;
			c[n++] = (char)toupper(ch);
			j++;
		} else if ((ch == ' ' || ch == '.' || ch == '-') && isalnum((unsigned char)t[j + 1])) {
			j++;
		} else {
			break;
		}
	}
	if (isalnum((unsigned char)t[j]))
		return false;
	if (n == 13)
		return corsica;
	if (n != 15)
		return false;
	{
		uint64_t v = 0;
		unsigned key = (unsigned)((c[13] - '0') * 10 + (c[14] - '0'));

		for (size_t k = 0; k < 13; k++) {
			if (k == 5 && corsica) {
				v = v * 100 + (c[6] == 'A' ? 19 : 18);
				k++;
				continue;
			}
			v = v * 10 + (uint64_t)(c[k] - '0');
		}
		return key == 97 - v % 97;
	}
}

/* An NHS number written as the NHS writes it ("943 476 5919"), mod 11 valid. */
static bool nhs_at(const char *t, size_t i)
{
	static const size_t pos[] = { 0, 1, 2, 4, 5, 6, 8, 9, 10, 11 };
	unsigned sum = 0, check;

	if (i > 0 && isdigit((unsigned char)t[i - 1]))
		return false;
	for (size_t k = 0; k < 12; k++)
		if (k == 3 || k == 7 ? t[i + k] != ' ' && t[i + k] != '-'
				     : !isdigit((unsigned char)t[i + k]))
			return false;
	if (isalnum((unsigned char)t[i + 12]))
		return false;
	for (size_t k = 0; k < 9; k++)
		sum += (unsigned)(t[i + pos[k]] - '0') * (unsigned)(10 - k);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == (unsigned)(t[i + pos[9]] - '0');
}

/*
 * A label that says an identity or record number follows, then (after
 * separators and "n°", "no", "number", "numéro", "de", ":"…) a token with 4
 * digits or more: "IPP: 4471023", "MRN A1234567", "n° sécu 2 85…"; after a
 * phone label 6 digits or more ("tél 4471" is an internal extension).
 */
static bool labelled_number(const char *t, size_t i)
{
	static const char *const labels[] = {
		"nir", "ins", "insee", "ipp", "nip", "mrn", "ssn", "nhs", "chi", "secu",
		"securite sociale", "social security", "patient id", "patient no",
		"patient number", "hospital number", "dossier", "nda", "carte vitale",
		"passport", "passeport", "id card", "medical record", "record number",
		NULL
	};
	static const char *const phones[] = {
		"tel", "tel.", "telephone", "phone", "mobile", "portable", "fax", "gsm", NULL
	};
	static const char *const fill[] = {
		"no", "n", "o", "num", "numero", "number", "nr", "de", "du", "is", "est",
		"id", "patient", NULL
	};
	size_t n = 0, j, digits = 0, min = 4;

	for (const char *const *l = labels; *l && !n; l++)
		n = word_is(t, i, *l);
	for (const char *const *l = phones; *l && !n; l++)
		if ((n = word_is(t, i, *l)))
			min = 6; /* "tél 4471" is an extension, like "poste 4471" */
	if (!n)
		return false;
	j = i + n;
	for (int guard = 0; guard < 8; guard++) {
		size_t k = 0;

		while (t[j] && strchr(" :#=.-/", t[j]))
			j++;
		for (const char *const *f = fill; *f && !k; f++)
			k = word_is(t, j, *f);
		if (!k)
			break;
		j += k;
	}
	if (!isalnum((unsigned char)t[j]))
		return false;
	for (; t[j]; j++) {
		if (isdigit((unsigned char)t[j]))
			digits++;
		else if (!isalpha((unsigned char)t[j]) &&
			 !((t[j] == ' ' || t[j] == '.' || t[j] == '-') && isdigit((unsigned char)t[j + 1])))
			break;
	}
	return digits >= min;
}

static const char *const months[] = {
	"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
	"septembre", "octobre", "novembre", "decembre", "january", "february",
	"march", "april", "may", "june", "july", "august", "september", "october",
	"november", "december", "janv", "fevr", "fev", "avr", "juil", "sept", "jan",
	"feb", "mar", "apr", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL
};

static size_t month_at(const char *t, size_t i)
{
	for (const char *const *m = months; *m; m++) {
		size_t n = word_is(t, i, *m);

		if (n)
			return t[i + n] == '.' ? n + 1 : n;
	}
	return 0;
}

static size_t num_at(const char *t, size_t i, size_t min, size_t max, unsigned *v)
{
	size_t n = 0;

	*v = 0;
	while (isdigit((unsigned char)t[i + n]) && n <= max)
		*v = *v * 10 + (unsigned)(t[i + n++] - '0');
	return n >= min && n <= max ? n : 0;
}

/*
 * A full date (day, month and year) at t+i: 12/03/1945, 12.03.45, 12-03-1945,
 * 1945-03-12, 12 mars 1945, 1er mars 1945, March 12, 1945, 12 March 1945.
 * *year gets the year (two-digit years as given). Returns its length, or 0.
 */
static size_t date_at(const char *t, size_t i, unsigned *year)
{
	unsigned a, b, c;
	size_t n, m, k, j;

	if (!is_word_start(t, i))
		return 0;
	if ((n = month_at(t, i))) { /* March 12, 1945 */
		j = i + n;
		if (t[j] != ' ' || !(k = num_at(t, j + 1, 1, 2, &b)) || b < 1 || b > 31)
			return 0;
		j += 1 + k;
		if (!strncasecmp(t + j, "st", 2) || !strncasecmp(t + j, "nd", 2) ||
		    !strncasecmp(t + j, "rd", 2) || !strncasecmp(t + j, "th", 2))
			j += 2;
		if (t[j] == ',')
			j++;
		if (t[j] != ' ' || !(k = num_at(t, j + 1, 4, 4, year)))
			return 0;
		return j + 1 + k - i;
	}
	if (!(n = num_at(t, i, 1, 4, &a)))
		return 0;
	j = i + n;
	if (n == 4 && (t[j] == '-' || t[j] == '/' || t[j] == '.')) { /* 1945-03-12 */
		if (!(m = num_at(t, j + 1, 1, 2, &b)) || t[j + 1 + m] != t[j] ||
		    !(k = num_at(t, j + 2 + m, 1, 2, &c)) || isdigit((unsigned char)t[j + 2 + m + k]))
			return 0;
		if (b < 1 || b > 12 || c < 1 || c > 31)
			return 0;
		*year = a;
		return j + 2 + m + k - i;
	}
	if (n > 2 || a < 1 || a > 31)
		return 0;
	if (t[j] == '/' || t[j] == '.' || t[j] == '-') { /* 12/03/1945 */
		char sep = t[j];

		if (!(m = num_at(t, j + 1, 1, 2, &b)) || t[j + 1 + m] != sep)
			return 0;
		k = num_at(t, j + 2 + m, 2, 4, year);
		if (!k || k == 3 || b < 1 || b > 12 || isdigit((unsigned char)t[j + 2 + m + k]))
			return 0;
		return j + 2 + m + k - i;
	}
	if (!strncasecmp(t + j, "er", 2) || !strncasecmp(t + j, "st", 2) ||
	    !strncasecmp(t + j, "nd", 2) || !strncasecmp(t + j, "rd", 2) ||
	    !strncasecmp(t + j, "th", 2))
		j += 2;
	if (t[j] != ' ' || !(m = month_at(t, j + 1)))
		return 0;
	j += 1 + m;
	if (t[j] != ' ' || !(k = num_at(t, j + 1, 4, 4, year)))
		return 0;
	return j + 1 + k - i;
}

/* "né le", "née le", "né(e) le", "born", "DOB", "ddn", "date de naissance"… */
static size_t birth_keyword(const char *t, size_t i)
{
	static const char *const kw[] = {
		"ne le", "nee le", "ne(e) le", "ne (e) le", "ne(e)", "nee", "naissance",
		"born", "birth", "birthday", "dob", "d.o.b.", "d.o.b", "ddn", "birthdate",
		"date of birth", "ne en", "nee en", "ne a", "nee a", NULL
	};

	for (const char *const *k = kw; *k; k++) {
		size_t n = word_is(t, i, *k);

		if (n)
			return n;
	}
	return 0;
}

/*
 * A postal address: a street number ("12", "12 bis", "221B") then a street
 * type. French: "12 rue …", "3, avenue …", "5 bd …"; the types that are
 * also ordinary words (place, cours, route, quai…) need a capitalised word
 * or de/du/des after them. English: "10 Downing Street", "5 Main St".
 */
static bool address_at(const char *t, size_t i)
{
	static const char *const fr_sure[] = {
		"rue", "avenue", "av.", "bd", "bd.", "boulevard", "impasse", "chemin",
		"allee", "faubourg", "fbg", "lotissement", "lieu-dit", "lieudit", "ruelle",
		"chaussee", "residence", NULL
	};
	static const char *const fr_maybe[] = {
		"place", "cours", "route", "rte", "quai", "square", "passage", "sentier",
		"hameau", "cite", "esplanade", "promenade", "voie", "parvis", "villa", NULL
	};
	static const char *const en_types[] = {
		"Street", "St", "St.", "Road", "Rd", "Rd.", "Avenue", "Ave", "Ave.", "Lane",
		"Ln", "Drive", "Close", "Crescent", "Terrace", "Way", "Boulevard", "Blvd",
		"Court", "Gardens", "Grove", "Mews", "Row", "Square", "Highway", "Parkway",
		"Place", NULL
	};
	unsigned v;
	size_t n, j, k = 0;

	if (!is_word_start(t, i) || !(n = num_at(t, i, 1, 4, &v)) || v == 0)
		return false;
	j = i + n;
	if (isalpha((unsigned char)t[j]) && !isalnum((unsigned char)t[j + 1]))
		j++; /* 221B */
	if (t[j] == ',')
		j++;
	if (t[j] != ' ')
		return false;
	j++;
	if ((k = word_is(t, j, "bis")) || (k = word_is(t, j, "ter"))) {
		j += k;
		if (t[j] == ',')
			j++;
		if (t[j] != ' ')
			return false;
		j++;
	}
	for (const char *const *w = fr_sure; *w; w++)
		if (word_is(t, j, *w))
			return true;
	for (const char *const *w = fr_maybe; *w; w++)
		if ((k = word_is(t, j, *w)) && t[j + k] == ' ') {
			size_t a = j + k + 1;

			for (int hop = 0; hop < 3 && !isupper((unsigned char)t[a]); hop++) {
				size_t d = word_is(t, a, "de");

				if (!d && !(d = word_is(t, a, "du")) && !(d = word_is(t, a, "des")) &&
				    !(d = word_is(t, a, "la")) && !(d = word_is(t, a, "l'")) &&
				    !(d = word_is(t, a, "d'")))
					break;
				a += d;
				if (t[a] == ' ')
					a++;
			}
			if (isupper((unsigned char)t[a]) && islower((unsigned char)t[a + 1]))
				return true;
		}
	/* English: up to three capitalised words, then the type */
	for (int words = 0; words < 3 && isupper((unsigned char)t[j]); words++) {
		size_t e = j;

		while (isalpha((unsigned char)t[e]) || t[e] == '\'')
			e++;
		if (t[e] != ' ')
			return false;
		j = e + 1;
		for (const char *const *w = en_types; *w; w++) {
			size_t m = strlen(*w);

			if (strncmp(t + j, *w, m) == 0 && !isalnum((unsigned char)t[j + m]))
				return true;
		}
	}
	return false;
}

/* "59000 Lille", "75013 PARIS", "13001 Marseille Cedex": a French postcode then a town. */
static bool postcode_town(const char *t, size_t i)
{
	static const char *const not_towns[] = {
		"Units", "Unites", "Doses", "Patients", "Tests", "Files", "Events", "Rows",
		"Records", "Bytes", "Messages", "Lines", "Hosts", "Users", NULL
	};
	unsigned v;
	size_t e, j = i + 6;
	char word[16];

	if (!is_word_start(t, i) || num_at(t, i, 5, 5, &v) != 5 || t[i + 5] != ' ' ||
	    v < 1000 || v > 98999)
		return false;
	if (!isupper((unsigned char)t[j]))
		return false;
	for (e = j; isalpha((unsigned char)t[e]); e++)
		;
	if (e - j < 3 || e - j >= sizeof(word))
		return false;
	memcpy(word, t + j, e - j);
	word[e - j] = '\0';
	return !in_set(not_towns, word);
}

/*
 * A name after a civility: "M. Dupont", "Mme Jeanne DUPONT", "Dr J. Smith",
 * "Mrs O'Neil", "Pr Martin". The civilities are matched in their written
 * cases only ("Dr", "DR." is not; "MS" is multiple sclerosis, "DR" disaster
 * recovery), the next word must be capitalised, and a few capitalised words
 * that follow "Dr" in clinical notes are not names ("Dr On-Call").
 */
static bool civility_name(const char *t, size_t i)
{
	static const char *const civ[] = {
		"M.", "MM.", "Mme", "Mme.", "MME", "Mmes", "Mlle", "Mlle.", "MLLE", "Mr", "Mr.", "MR.",
		"Mrs", "Mrs.", "MRS", "Ms", "Ms.", "Miss", "MISS", "Mx", "Mx.", "Dr", "Dr.", "Drs",
		"Pr", "Pr.", "Prof", "Prof.", "PROF.", "Monsieur", "MONSIEUR", "Madame", "MADAME",
		"Mademoiselle", "Docteur", "DOCTEUR", "Doctor", "Professeur", "Professor",
		"Maitre", "Me", NULL
	};
	static const char *const not_names[] = {
		"On", "On-Call", "Of", "The", "And", "Or", "In", "At", "To", "For", "From",
		"Who", "Not", "Is", "Was", "Will", "Call", "Oncall", "Garde", "De", "Du", "Des",
		"Le", "La", "Les", "Un", "Une", "A", "An", "X", "Y", "Z", "N", "NN", "XX",
		"Unknown", "Inconnu", "Inconnue", "Anonymous", "Anonyme", "Redacted", "Supprime",
		NULL
	};
	size_t n = 0, j, e;
	char word[24];

	if (!is_word_start(t, i))
		return false;
	bool glued = false;

	for (const char *const *c = civ; *c; c++) {
		size_t m = strlen(*c);

		if (m <= n || strncmp(t + i, *c, m) != 0)
			continue;
		if ((*c)[m - 1] == '.' || !isalnum((unsigned char)t[i + m])) {
			n = m;
			glued = false;
		} else if (m >= 2 && strcmp(*c, "Me") != 0 && isupper((unsigned char)t[i + m]) &&
			   islower((unsigned char)t[i + m + 1])) {
			n = m; /* "MmeDupont": a zero-width space was dropped */
			glued = true;
		}
	}
	if (!n)
		return false;
	j = i + n;
	if (t[j] == ' ')
		j++;
	else if (t[j - 1] != '.' && !glued)
		return false;
	if (!isupper((unsigned char)t[j]))
		return false;
	/* an initial before the name: "Dr J. Smith", "M. J-P. Martin" (an initial alone is no name) */
	if (t[j + 1] == '.' && t[j + 2] == ' ')
		j += 3;
	else if (t[j + 1] == '-' && isupper((unsigned char)t[j + 2]) && t[j + 3] == '.' && t[j + 4] == ' ')
		j += 5;
	if (!isupper((unsigned char)t[j]))
		return false;
	for (e = j; isalpha((unsigned char)t[e]) || t[e] == '-' || t[e] == '\''; e++)
		;
	if (e - j < 2)
		return false;
	if (e - j < sizeof(word)) {
		memcpy(word, t + j, e - j);
		word[e - j] = '\0';
		if (in_set(not_names, word))
			return false;
	}
	return true;
}

static const char *scan(const char *t)
{
	for (size_t i = 0; t[i]; i++)
		if (t[i] == '@' && email_at(t, i))
			return "an e-mail address";
	for (size_t i = 0; t[i]; i++) {
		if (isdigit((unsigned char)t[i])) {
			if (nir_at(t, i))
				return "a national identity number (NIR)";
			if (nhs_at(t, i))
				return "a national identity number (NHS number)";
		}
		if (isalpha((unsigned char)t[i]) && is_word_start(t, i) && labelled_number(t, i))
			return "a record, identity or phone number";
	}
	for (size_t i = 0; t[i];) {
		if (isdigit((unsigned char)t[i]) || t[i] == '+') {
			if (number_run(t, &i))
				return "a phone or identity number";
		} else {
			i++;
		}
	}
	/*
	 * Dates: a full date within 32 characters after a birth keyword is a
	 * birth date; so is any full date before 2000 (the events of an attack
	 * are recent; a date of decades ago next to a patient is a birth date).
	 */
	for (size_t i = 0, kw_end = 0, seen = 0; t[i]; i++) {
		size_t n;
		unsigned year;

		if (!is_word_start(t, i))
			continue; /* every pattern below starts a word */
		if (isalpha((unsigned char)t[i]) && (n = birth_keyword(t, i))) {
			kw_end = i + n;
			seen = 1;
		}
		if (isalnum((unsigned char)t[i]) && (n = date_at(t, i, &year))) {
			if (seen && i >= kw_end && i <= kw_end + 32)
				return "a birth date";
			if (year >= 1000 && year < 2000)
				return "a birth date (a full date before 2000)";
		}
		if (isdigit((unsigned char)t[i]) && (address_at(t, i) || postcode_town(t, i)))
			return "a postal address";
		if (isupper((unsigned char)t[i]) && civility_name(t, i))
			return "a name after a civility";
	}
	return NULL;
}

const char *ll_harm_pii_text(const char *s)
{
	char small[1024], *t = small;
	size_t len = strlen(s);
	const char *what;

	if (len >= sizeof(small) && !(t = ll_malloc(len + 1)))
		return "text that could not be checked (out of memory)";
	fold(t, s);
	what = scan(t);
	if (t != small)
		ll_free(t);
	return what;
}
