/* SPDX-License-Identifier: Apache-2.0 */
/* The four hospital CSV schemas as column tables, and strict validation of a row. */
#include "core/compat.h"
#include "analyze/harm/harm.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include "core/error.h"
#include "core/time.h"

enum coltype {
	T_SCHEMA, T_HID, T_DID, T_PSEUDO, T_TOKEN, T_CODE, T_HOST, T_TIME,
	T_ENUM, T_AGEBAND, T_DLIST, T_INT, T_NUM, T_PCT, T_SCALE, T_HEX64,
	T_LIST, T_IPLIST, T_TEXT
};

struct colspec {
	const char *name;
	bool req;
	enum coltype type;
	const char *const *values; /* T_ENUM: NULL-terminated */
};

static const char *const precisions[] = { "second", "minute", "hour", "day", "approx", NULL };
static const char *const sexes[] = { "F", "M", "X", "U", NULL };
static const char *const care_processes[] = {
	"ed_triage", "ems_transport", "diagnosis_lab", "imaging", "medication",
	"monitoring", "surgery", "transfusion", "radiotherapy", "maternity",
	"transfer", "discharge", "other", NULL
};
static const char *const harm_levels[] = {
	"none", "low", "moderate", "severe", "life_threatening", "fatal", "unknown", NULL
};
static const char *const psych_levels[] = { "none", "low", "moderate", "severe", NULL };
/* R4 adverse-event-seriousness, plus R4B/R5's two codes */
static const char *const seriousness[] = {
	"Non-serious", "Serious", "SeriousResultsInDeath", "SeriousIsLifeThreatening",
	"SeriousResultsInHospitalization", "SeriousResultsInDisability",
	"SeriousIsBirthDefect", "SeriousRequiresPreventImpairment", "serious",
	"non-serious", NULL
};
static const char *const outcomes[] = {
	"resolved", "recovering", "ongoing", "resolvedWithSequelae", "fatal", "unknown", NULL
};
static const char *const causalities[] = {
	"Certain", "Probably-Likely", "Possible", "Unlikely", "Conditional-Classified",
	"Unassessable-Unclassifiable", "not-assessed", NULL
};
static const char *const disruption_types[] = {
	"ed_closure", "ed_diversion", "ems_diversion", "elective_surgery_cancelled",
	"outpatient_cancelled", "lab_unavailable", "lab_degraded", "imaging_unavailable",
	"pacs_unavailable", "ehr_unavailable", "cpoe_unavailable",
	"pharmacy_system_unavailable", "blood_bank_degraded", "radiotherapy_suspended",
	"monitoring_central_unavailable", "telephony_down", "transfer_out",
	"downtime_procedures", "other", NULL
};
static const char *const severities[] = { "full", "partial", "degraded", NULL };
static const char *const metrics[] = {
	"ed_arrivals", "ems_arrivals", "ed_census", "admissions", "lwbs", "lama",
	"transfers_out", "diversion_hours", "surgery_cancelled", "outpatient_cancelled",
	"rt_interrupted_patients", "stroke_code_activations", "confirmed_strokes",
	"stemi_activations", "in_hospital_deaths", "waiting_room_median_min",
	"ed_los_admitted_median_min", "lab_tat_median_min", "door_to_needle_median_min",
	"surgery_to_pathology_median_days", NULL
};
static const char *const system_classes[] = {
	"EHR", "LIS", "RIS", "PACS", "PAS", "CPOE", "pharmacy", "blood_bank",
	"monitoring_central", "TPS", "AD", "backup", "file_server", "telephony",
	"other", NULL
};
static const char *const yesno[] = { "yes", "no", NULL };

static const struct colspec harm_cols[] = {
	{ "schema", true, T_SCHEMA, NULL },
	{ "event_id", true, T_HID, NULL },
	{ "patient_pseudonym", true, T_PSEUDO, NULL },
	{ "pseudonym_kid", true, T_TOKEN, NULL },
	{ "age_band", false, T_AGEBAND, NULL },
	{ "sex", false, T_ENUM, sexes },
	{ "site_code", true, T_CODE, NULL },
	{ "unit", true, T_CODE, NULL },
	{ "event_start", true, T_TIME, NULL },
	{ "event_end", false, T_TIME, NULL },
	{ "detected_at", false, T_TIME, NULL },
	{ "recorded_at", false, T_TIME, NULL },
	{ "time_precision", true, T_ENUM, precisions },
	{ "care_process", true, T_ENUM, care_processes },
	{ "disruption_ids", false, T_DLIST, NULL },
	{ "delay_minutes", false, T_INT, NULL },
	{ "harm_scale", true, T_SCALE, NULL },
	{ "harm_level", true, T_ENUM, harm_levels },
	{ "psych_harm_level", false, T_ENUM, psych_levels },
	{ "fhir_seriousness", false, T_ENUM, seriousness },
	{ "fhir_outcome", false, T_ENUM, outcomes },
	{ "causality", true, T_ENUM, causalities },
	{ "causality_method", false, T_TEXT, NULL },
	{ "reviewer_role", false, T_TEXT, NULL },
	{ "official_report_ref", false, T_TOKEN, NULL },
	{ "source_system", true, T_TEXT, NULL },
	{ "source_record_sha256", true, T_HEX64, NULL },
	{ "evidence_refs", false, T_LIST, NULL },
	{ "notes", false, T_TEXT, NULL },
	{ NULL, false, T_TEXT, NULL },
};

static const struct colspec disruption_cols[] = {
	{ "schema", true, T_SCHEMA, NULL },
	{ "disruption_id", true, T_DID, NULL },
	{ "site_code", true, T_CODE, NULL },
	{ "unit", true, T_CODE, NULL },
	{ "disruption_type", true, T_ENUM, disruption_types },
	{ "affected_system", false, T_TOKEN, NULL },
	{ "linked_asset", false, T_HOST, NULL },
	{ "severity", true, T_ENUM, severities },
	{ "start", true, T_TIME, NULL },
	{ "end", true, T_TIME, NULL },
	{ "time_precision", true, T_ENUM, precisions },
	{ "capacity_pct", false, T_PCT, NULL },
	{ "count_affected", false, T_INT, NULL },
	{ "count_unit", false, T_TOKEN, NULL },
	{ "decision_by_role", false, T_TEXT, NULL },
	{ "decision_ref", false, T_TOKEN, NULL },
	{ "source_system", false, T_TEXT, NULL },
	{ "source_record_sha256", false, T_HEX64, NULL },
	{ "evidence_refs", false, T_LIST, NULL },
	{ "notes", false, T_TEXT, NULL },
	{ NULL, false, T_TEXT, NULL },
};

static const struct colspec metric_cols[] = {
	{ "schema", true, T_SCHEMA, NULL },
	{ "site_code", true, T_CODE, NULL },
	{ "unit", true, T_CODE, NULL },
	{ "metric", true, T_ENUM, metrics },
	{ "period_start", true, T_TIME, NULL },
	{ "period_end", true, T_TIME, NULL },
	{ "value", true, T_NUM, NULL },
	{ "unit_of_measure", false, T_TOKEN, NULL },
	{ "denominator", false, T_NUM, NULL },
	{ "source_system", false, T_TEXT, NULL },
	{ "method_note", false, T_TEXT, NULL },
	{ NULL, false, T_TEXT, NULL },
};

static const struct colspec system_cols[] = {
	{ "schema", true, T_SCHEMA, NULL },
	{ "hostname", true, T_HOST, NULL },
	{ "system", true, T_ENUM, system_classes },
	{ "role", false, T_TOKEN, NULL },
	{ "site_code", false, T_CODE, NULL },
	{ "unit", false, T_CODE, NULL },
	{ "life_critical", true, T_ENUM, yesno },
	{ "evidence_refs", false, T_LIST, NULL },
	{ "ip_addresses", false, T_IPLIST, NULL },
	{ "notes", false, T_TEXT, NULL },
	{ NULL, false, T_TEXT, NULL },
};

static const struct colspec *const specs[LL_HARM_KIND_COUNT] = {
	harm_cols, disruption_cols, metric_cols, system_cols,
};

static const char *const schema_ids[LL_HARM_KIND_COUNT] = {
	"lifeline-harm/1", "lifeline-disruption/1", "lifeline-metric/1",
	"lifeline-systems/1",
};

int ll_harm_kind_from_schema(const char *schema)
{
	for (int k = 0; k < LL_HARM_KIND_COUNT; k++)
		if (strcmp(schema, schema_ids[k]) == 0)
			return k;
	return -1;
}

const char *ll_harm_schema_id(enum ll_harm_kind k)
{
	return schema_ids[k];
}

static const struct colspec *find_col(enum ll_harm_kind k, const char *name)
{
	for (const struct colspec *c = specs[k]; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

bool ll_harm_known_column(enum ll_harm_kind k, const char *name)
{
	return find_col(k, name) != NULL;
}

bool ll_harm_life_critical_type(const char *t)
{
	static const char *const critical[] = {
		"ed_closure", "ed_diversion", "ems_diversion", "lab_unavailable",
		"lab_degraded", "imaging_unavailable", "pacs_unavailable",
		"ehr_unavailable", "cpoe_unavailable", "pharmacy_system_unavailable",
		"blood_bank_degraded", "radiotherapy_suspended",
		"monitoring_central_unavailable", "transfer_out",
	};

	for (size_t i = 0; i < LL_ARRAY_SIZE(critical); i++)
		if (strcmp(critical[i], t) == 0)
			return true;
	return false;
}

int ll_harm_check_header(enum ll_harm_kind k, char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *what;

		if (!names[i][0])
			return ll_error_set(LL_ECORRUPT, "column %zu: empty column name", i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				return ll_error_set(LL_ECORRUPT, "column '%s': appears twice in the header",
						    names[i]);
		if (!find_col(k, names[i]) && (what = ll_harm_pii_column(names[i])))
			return ll_error_set(LL_ECORRUPT,
					    "column '%s': identifying data (%s) must not leave the hospital; pseudonymise with 'lifeline harm pseudonymize' and drop it",
					    names[i], what);
	}
	for (const struct colspec *c = specs[k]; c->name; c++) {
		bool found = false;

		if (!c->req)
			continue;
		for (size_t i = 0; i < n && !found; i++)
			found = strcmp(names[i], c->name) == 0;
		if (!found)
			return ll_error_set(LL_ECORRUPT, "column '%s': required by %s but missing",
					    c->name, schema_ids[k]);
	}
	return 0;
}

static bool in_list(const char *const *vals, const char *s)
{
	for (; *vals; vals++)
		if (strcmp(*vals, s) == 0)
			return true;
	return false;
}

static bool prefixed_digits(const char *s, char prefix, size_t min)
{
	size_t n = 0;

	if (s[0] != prefix || s[1] != '-')
		return false;
	for (s += 2; *s; s++, n++)
		if (!isdigit((unsigned char)*s))
			return false;
	return n >= min && n <= 20;
}

static bool token_ok(const char *s, const char *extra, size_t max)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
			return false;
	return n > 0 && n <= max;
}

static bool hex_ok(const char *s, size_t want)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!isdigit((unsigned char)*s) && !(*s >= 'a' && *s <= 'f'))
			return false;
	return n == want;
}

static bool age_band_ok(const char *s)
{
	static const char *const bands[] = {
		"0-17", "18-29", "30-39", "40-49", "50-59", "60-69", "70-79",
		"80-89", "90+", NULL
	};

	return in_list(bands, s);
}

static int parse_number(double *out, const char *s, bool integer)
{
	char *end;
	double v;

	if (!*s || isspace((unsigned char)*s) || *s == '+')
		return -1;
	errno = 0;
	if (integer) {
		long long l = strtoll(s, &end, 10);

		if (*end || errno || l < 0 || l > INT64_C(1000000000000))
			return -1;
		v = (double)l;
	} else {
		for (const char *p = s; *p; p++)
			if (!isdigit((unsigned char)*p) && *p != '.')
				return -1;
		v = strtod(s, &end);
		if (*end || errno || !isfinite(v) || v < 0)
			return -1;
	}
	*out = v;
	return 0;
}

/* ';'-list into a JSON array; each element checked by `ok`. */
static int split_list(json_t **out, const char *s, bool (*ok)(const char *))
{
	json_t *a = json_array();
	const char *p = s;

	while (a) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		char item[128];

		if (len == 0 || len >= sizeof(item)) {
			json_decref(a);
			return -1;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if (!ok(item)) {
			json_decref(a);
			return -1;
		}
		json_array_append_new(a, json_string(item));
		if (!semi)
			break;
		p = semi + 1;
	}
	if (!a)
		return -1;
	*out = a;
	return 0;
}

static bool did_ok(const char *s) { return prefixed_digits(s, 'D', 4); }
static bool ip_ok(const char *s)
{
	unsigned char addr[16];

	return inet_pton(AF_INET, s, addr) == 1 || inet_pton(AF_INET6, s, addr) == 1;
}
static bool ref_ok(const char *s) { return token_ok(s, "-_.:/#", 64); }

static int bad(const char *col, const char *value, const char *what)
{
	return ll_error_set(LL_ECORRUPT, "column '%s': '%.80s' is not %s", col, value, what);
}

static int check_value(json_t **out, enum ll_harm_kind k, const struct colspec *c,
		       const char *v)
{
	double num;
	int64_t ns;
	bool zone;

	switch (c->type) {
	case T_SCHEMA:
		if (strcmp(v, schema_ids[k]) != 0)
			return bad(c->name, v, schema_ids[k]);
		break;
	case T_HID:
		if (!prefixed_digits(v, 'H', 4))
			return bad(c->name, v, "an id H-NNNN");
		break;
	case T_DID:
		if (!did_ok(v))
			return bad(c->name, v, "an id D-NNNN");
		break;
	case T_PSEUDO:
		if (strncmp(v, "P-", 2) != 0 || !hex_ok(v + 2, 32))
			return bad(c->name, v, "a pseudonym P- followed by 32 lowercase hex digits");
		break;
	case T_TOKEN:
		if (!token_ok(v, "-_.:/#+ ", 128))
			return bad(c->name, v, "a code (letters, digits, - _ . : / # +)");
		break;
	case T_CODE:
		if (!token_ok(v, "-_.:/", 64))
			return bad(c->name, v, "a site or unit code");
		break;
	case T_HOST:
		if (!token_ok(v, "-_.", 253))
			return bad(c->name, v, "a host name");
		break;
	case T_TIME:
		if (ll_time_parse_rfc3339(&ns, &zone, v, true) < 0) {
			if (ll_time_range_error())
				return ll_error_context("column '%s'", c->name);
			return bad(c->name, v, "an RFC 3339 time");
		}
		if (!zone)
			return ll_error_set(LL_ECORRUPT,
					    "column '%s': '%.80s' has no offset; local times are refused, give Z or +HH:MM",
					    c->name, v);
		break;
	case T_ENUM:
		if (!in_list(c->values, v)) {
			char allowed[512];
			size_t n = 0;

			allowed[0] = '\0';
			for (const char *const *p = c->values; *p && n < sizeof(allowed) - 64; p++)
				n += (size_t)snprintf(allowed + n, sizeof(allowed) - n, "%s%s",
						      p == c->values ? "" : ", ", *p);
			return ll_error_set(LL_ECORRUPT, "column '%s': unknown value '%.80s' (expected one of: %s)",
					    c->name, v, allowed);
		}
		break;
	case T_AGEBAND:
		if (!age_band_ok(v))
			return bad(c->name, v, "an age band (0-17, 18-29, … 80-89, 90+)");
		break;
	case T_DLIST:
		if (split_list(out, v, did_ok) < 0)
			return bad(c->name, v, "a ';'-list of D-NNNN ids");
		return 0;
	case T_LIST:
		if (split_list(out, v, ref_ok) < 0)
			return bad(c->name, v, "a ';'-list of references");
		return 0;
	case T_IPLIST:
		if (split_list(out, v, ip_ok) < 0)
			return bad(c->name, v, "a ';'-list of IPv4 or IPv6 addresses");
		return 0;
	case T_INT:
		if (parse_number(&num, v, true) < 0)
			return bad(c->name, v, "a whole number");
		*out = json_integer((json_int_t)num);
		return 0;
	case T_NUM:
		if (parse_number(&num, v, false) < 0)
			return bad(c->name, v, "a number");
		*out = json_real(num);
		return 0;
	case T_PCT:
		if (parse_number(&num, v, false) < 0 || num > 100)
			return bad(c->name, v, "a percentage 0-100");
		*out = json_real(num);
		return 0;
	case T_SCALE: {
		static const char *const scales[] = {
			"NHS-LFPSE", "NHS-NRLS", "FR-EIGS", "WHO-ICPS", NULL
		};

		if (!in_list(scales, v) &&
		    !(strncmp(v, "local:", 6) == 0 && token_ok(v + 6, "-_.", 64)))
			return bad(c->name, v, "a harm scale (NHS-LFPSE, NHS-NRLS, FR-EIGS, WHO-ICPS, local:<name>)");
		break;
	}
	case T_HEX64:
		if (!hex_ok(v, 64))
			return bad(c->name, v, "64 lowercase hex digits");
		break;
	case T_TEXT: {
		const char *what = ll_harm_pii_text(v);

		if (what)
			return ll_error_set(LL_ECORRUPT,
					    "column '%s': carries identifying data in clear (%s); remove it before export",
					    c->name, what);
		break;
	}
	}
	*out = json_string(v);
	return 0;
}

static int64_t time_of(const json_t *row, const char *key)
{
	int64_t ns = 0;
	bool zone;
	const char *s = json_string_value(json_object_get(row, key));

	if (s)
		ll_time_parse_rfc3339(&ns, &zone, s, true);
	return ns;
}

/* Checks that need two columns: an end after its start. */
static int check_order(const json_t *row, const char *a, const char *b, bool strict)
{
	if (!json_object_get(row, a) || !json_object_get(row, b))
		return 0;
	if (strict ? time_of(row, b) <= time_of(row, a) : time_of(row, b) < time_of(row, a))
		return ll_error_set(LL_ECORRUPT, "column '%s': '%s' is before '%s' %s", b,
				    json_string_value(json_object_get(row, b)), a,
				    json_string_value(json_object_get(row, a)));
	return 0;
}

int ll_harm_validate_row(json_t **out, enum ll_harm_kind k,
			 char *const *names, char *const *values, size_t n)
{
	json_t *row = json_object();
	int rc = 0;

	if (!row)
		return ll_error_set(LL_ENOMEM, "out of memory");
	for (const struct colspec *c = specs[k]; c->name; c++) {
		bool present = false;

		for (size_t i = 0; i < n && !present; i++)
			present = strcmp(names[i], c->name) == 0 && values[i][0];
		if (c->req && !present) {
			rc = ll_error_set(LL_ECORRUPT, "column '%s': required value is empty", c->name);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct colspec *c = find_col(k, names[i]);
		struct colspec text = { names[i], false, T_TEXT, NULL };
		json_t *v = NULL;

		if (!values[i][0])
			continue;
		if ((rc = check_value(&v, k, c ? c : &text, values[i])) < 0)
			goto out;
		/* the values are UTF-8 (csv.c, jansson): NULL is out of memory, not a cell to drop */
		if (!v || json_object_set_new(row, names[i], v) < 0) {
			rc = ll_error_set(LL_ENOMEM, "out of memory");
			goto out;
		}
	}
	switch (k) {
	case LL_HARM_EVENTS:
		rc = check_order(row, "event_start", "event_end", false);
		break;
	case LL_HARM_DISRUPTIONS:
		rc = check_order(row, "start", "end", false);
		break;
	case LL_HARM_METRICS:
		if ((rc = check_order(row, "period_start", "period_end", true)) < 0)
			break;
		if (json_object_get(row, "denominator") &&
		    json_real_value(json_object_get(row, "denominator")) <
			    json_real_value(json_object_get(row, "value")) &&
		    !strstr(json_string_value(json_object_get(row, "metric")), "median"))
			rc = ll_error_set(LL_ECORRUPT, "column 'denominator': smaller than 'value'");
		break;
	default:
		break;
	}
out:
	if (rc < 0)
		json_decref(row);
	else
		*out = row;
	return rc;
}
