/* SPDX-License-Identifier: Apache-2.0 */
/* The facts of the keys of SYSTEM, SOFTWARE and NTUSER.DAT that matter to a case (regf_interp.h). */
#include "core/compat.h"
#include "analyze/registry/regf_interp.h"

#include <strings.h>

#include "analyze/readers/textlog.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/reader.h"

/* Run keys: the machine's (SOFTWARE) and the user's (NTUSER.DAT, under Software), 32-bit views too. */
static const char *const run_keys[] = {
	"Microsoft\\Windows\\CurrentVersion\\Run",
	"Microsoft\\Windows\\CurrentVersion\\RunOnce",
	"Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run",
	"Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
	"Software\\Microsoft\\Windows\\CurrentVersion\\Run",
	"Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
	"Software\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run",
	"Software\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce",
};

static const char *const uninstall_keys[] = {
	"Microsoft\\Windows\\CurrentVersion\\Uninstall",
	"Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
	"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall",
};

#define RECENT_DOCS "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs"
#define RDP_SERVERS "Software\\Microsoft\\Terminal Server Client\\Servers"

/*
 * If `rel` starts with the key path `prefix` (without case, whole
 * components), *rest is what follows its separator ("" when equal).
 */
static bool under(const char *rel, const char *prefix, const char **rest)
{
	size_t n = strlen(prefix);

	if (strncasecmp(rel, prefix, n) != 0)
		return false;
	if (rel[n] == '\0') {
		*rest = rel + n;
		return true;
	}
	if (rel[n] != '\\')
		return false;
	*rest = rel + n + 1;
	return true;
}

/* `rel` is exactly one component below `prefix`: *name is that component. */
static bool child_of(const char *rel, const char *prefix, const char **name)
{
	const char *rest;

	return under(rel, prefix, &rest) && *rest && !strchr(rest, '\\') && (*name = rest, true);
}

unsigned ll_regf_control_set(const char *rel, const char **rest)
{
	unsigned n = 0;
	size_t i = 10;

	*rest = "";
	if (strncasecmp(rel, "ControlSet", 10) != 0)
		return 0;
	/* exactly three digits, as Windows names them */
	for (; i < 13; i++) {
		if (rel[i] < '0' || rel[i] > '9')
			return 0;
		n = n * 10 + (unsigned)(rel[i] - '0');
	}
	if (rel[i] == '\\')
		*rest = rel + i + 1;
	else if (rel[i] != '\0')
		return 0;
	return n >= 1 && n <= 999 ? n : 0;
}

unsigned ll_regf_parse_current(const char *text)
{
	unsigned n = 0;

	if (!*text)
		return 0;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9' || n > 999)
			return 0;
		n = n * 10 + (unsigned)(*p - '0');
	}
	return n >= 1 && n <= 999 ? n : 0;
}

bool ll_regf_wants_values(const char *rel)
{
	const char *rest, *name;

	if (!strcasecmp(rel, "Select"))
		return true;
	if (ll_regf_control_set(rel, &rest))
		return !strcasecmp(rest, "Control\\ComputerName\\ComputerName") ||
		       !strcasecmp(rest, "Control\\TimeZoneInformation") ||
		       child_of(rest, "Services", &name);
	for (size_t i = 0; i < LL_ARRAY_SIZE(run_keys); i++)
		if (!strcasecmp(rel, run_keys[i]))
			return true;
	for (size_t i = 0; i < LL_ARRAY_SIZE(uninstall_keys); i++)
		if (child_of(rel, uninstall_keys[i], &name))
			return true;
	if (!strcasecmp(rel, RECENT_DOCS) || child_of(rel, RECENT_DOCS, &name))
		return true;
	return child_of(rel, RDP_SERVERS, &name);
}

/* The state of one interpretation: text of values, the message and attributes. */
struct interp {
	const struct ll_regf_key *k;
	ll_regf_fact_fn emit;
	void *payload;
	struct ll_buf text, msg, attrs;
};

/* A value's text into i->text (reset); false if the key has no such value. */
static bool text_of(struct interp *i, const char *name, int *rc)
{
	const struct ll_regf_value *v = ll_regf_key_value(i->k, name);

	ll_buf_reset(&i->text);
	if (!v)
		return false;
	if ((*rc = ll_regf_value_text(&i->text, v)) < 0)
		return false;
	return true;
}

/* Adds value `name` to the attributes as text (absent: nothing). */
static int attr_value(struct interp *i, struct ll_tl_obj *o, const char *name)
{
	int rc = 0;

	if (text_of(i, name, &rc))
		ll_tl_obj_str(o, name, i->text.ptr, i->text.len);
	return rc;
}

static int emit(struct interp *i, const char *kind, const char *category, const char *value)
{
	struct ll_regf_fact f = {
		.kind = kind,
		.category = category,
		.value = value,
		.message = i->msg.ptr,
		.attrs = i->attrs.ptr,
	};

	return i->emit(i->payload, &f);
}

static int do_select(struct interp *i)
{
	struct ll_tl_obj o;
	uint32_t cur = 0;
	int rc;

	if (!ll_regf_value_u32(&cur, ll_regf_key_value(i->k, "Current")))
		return 0;
	ll_tl_obj_begin(&o, &i->attrs);
	ll_tl_obj_str(&o, "kind", "control_set", 11);
	ll_tl_obj_int(&o, "Current", cur);
	for (size_t n = 0; n < 3; n++) {
		static const char *const others[] = { "Default", "LastKnownGood", "Failed" };
		uint32_t x;

		if (ll_regf_value_u32(&x, ll_regf_key_value(i->k, others[n])))
			ll_tl_obj_int(&o, others[n], x);
	}
	if ((rc = ll_tl_obj_end(&o)) < 0 ||
	    (rc = ll_buf_printf(&i->msg, "current control set: ControlSet%03" PRIu32 " (Select\\Current = %" PRIu32 ")",
				cur, cur)) < 0)
		return rc;
	return emit(i, "control_set", "system", "Current");
}

static int do_computer_name(struct interp *i, unsigned cs)
{
	struct ll_tl_obj o;
	int rc = 0;

	if (!text_of(i, "ComputerName", &rc))
		return rc;
	ll_tl_obj_begin(&o, &i->attrs);
	ll_tl_obj_str(&o, "kind", "computer_name", 13);
	ll_tl_obj_str(&o, "ComputerName", i->text.ptr, i->text.len);
	ll_tl_obj_int(&o, "control_set", cs);
	if ((rc = ll_tl_obj_end(&o)) < 0 || (rc = ll_buf_puts(&i->msg, "computer name: ")) < 0 ||
	    (rc = ll_tl_put_text(&i->msg, i->text.ptr, i->text.len, false)) < 0 ||
	    (rc = ll_buf_printf(&i->msg, " (ControlSet%03u)", cs)) < 0)
		return rc;
	return emit(i, "computer_name", "system", "ComputerName");
}

/* A bias in minutes (UTC = local + bias) as the UTC offset it means: -60 → "UTC+01:00". */
static int put_offset(struct ll_buf *b, int32_t bias)
{
	int64_t off = -(int64_t)bias;
	int64_t a = off < 0 ? -off : off;

	return ll_buf_printf(b, "UTC%c%02lld:%02lld", off < 0 ? '-' : '+', (long long)(a / 60),
			     (long long)(a % 60));
}

static int do_time_zone(struct interp *i, unsigned cs)
{
	static const char *const texts[] = { "TimeZoneKeyName", "StandardName", "DaylightName" };
	static const char *const biases[] = { "Bias", "ActiveTimeBias", "DaylightBias",
					      "StandardBias" };
	struct ll_tl_obj o;
	uint32_t bias = 0;
	bool has_bias = ll_regf_value_u32(&bias, ll_regf_key_value(i->k, "Bias"));
	int rc = 0;

	ll_tl_obj_begin(&o, &i->attrs);
	ll_tl_obj_str(&o, "kind", "time_zone", 9);
	for (size_t n = 0; n < LL_ARRAY_SIZE(texts) && rc >= 0; n++)
		rc = attr_value(i, &o, texts[n]);
	for (size_t n = 0; n < LL_ARRAY_SIZE(biases); n++) {
		uint32_t x;

		/* biases are signed minutes stored in a DWORD */
		if (ll_regf_value_u32(&x, ll_regf_key_value(i->k, biases[n])))
			ll_tl_obj_int(&o, biases[n], (int32_t)x);
	}
	ll_tl_obj_int(&o, "control_set", cs);
	if (rc < 0 || (rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	if (!text_of(i, "TimeZoneKeyName", &rc) && !text_of(i, "StandardName", &rc)) {
		if (rc < 0)
			return rc;
		if (!has_bias)
			return 0;
	}
	if ((rc = ll_buf_puts(&i->msg, "time zone: ")) < 0 ||
	    (rc = ll_tl_put_text(&i->msg, i->text.len ? i->text.ptr : "?",
				 i->text.len ? i->text.len : 1, false)) < 0)
		return rc;
	if (has_bias && ((rc = ll_buf_printf(&i->msg, ", bias %" PRId32 " min (", (int32_t)bias)) < 0 ||
			 (rc = put_offset(&i->msg, (int32_t)bias)) < 0 ||
			 (rc = ll_buf_putc(&i->msg, ')')) < 0))
		return rc;
	if ((rc = ll_buf_printf(&i->msg, " (ControlSet%03u)", cs)) < 0)
		return rc;
	return emit(i, "time_zone", "system", "TimeZoneKeyName");
}

static const char *start_name(uint32_t start)
{
	static const char *const names[] = { "boot", "system", "automatic", "manual", "disabled" };

	return start < LL_ARRAY_SIZE(names) ? names[start] : "unknown";
}

static int do_service(struct interp *i, const char *name, unsigned cs)
{
	static const char *const texts[] = { "ImagePath", "DisplayName", "ObjectName",
					     "ServiceDll" };
	struct ll_tl_obj o;
	uint32_t start = 0, type = 0;
	bool has_start = ll_regf_value_u32(&start, ll_regf_key_value(i->k, "Start"));
	int rc = 0;

	if (!has_start && !ll_regf_key_value(i->k, "ImagePath"))
		return 0; /* not a service: an empty or parameters-only key */
	ll_tl_obj_begin(&o, &i->attrs);
	ll_tl_obj_str(&o, "kind", "service", 7);
	ll_tl_obj_cstr(&o, "service", name);
	for (size_t n = 0; n < LL_ARRAY_SIZE(texts) && rc >= 0; n++)
		rc = attr_value(i, &o, texts[n]);
	if (has_start) {
		ll_tl_obj_int(&o, "Start", start);
		ll_tl_obj_cstr(&o, "start_type", start_name(start));
	}
	if (ll_regf_value_u32(&type, ll_regf_key_value(i->k, "Type")))
		ll_tl_obj_int(&o, "Type", type);
	ll_tl_obj_int(&o, "control_set", cs);
	if (rc < 0 || (rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	if ((rc = ll_buf_puts(&i->msg, "service ")) < 0 ||
	    (rc = ll_tl_put_text(&i->msg, name, strlen(name), false)) < 0)
		return rc;
	if (has_start && (rc = ll_buf_printf(&i->msg, ": start %s (%" PRIu32 ")", start_name(start),
					     start)) < 0)
		return rc;
	if (text_of(i, "ImagePath", &rc) &&
	    ((rc = ll_buf_puts(&i->msg, ", image ")) < 0 ||
	     (rc = ll_tl_put_text(&i->msg, i->text.ptr, i->text.len, false)) < 0))
		return rc;
	if (rc < 0 || (rc = ll_buf_printf(&i->msg, " (ControlSet%03u)", cs)) < 0)
		return rc;
	return emit(i, "service", "persistence", "ImagePath");
}

/* The key's last component ("Run" or "RunOnce"). */
static const char *last_name(const char *rel)
{
	const char *p = strrchr(rel, '\\');

	return p ? p + 1 : rel;
}

static int do_run(struct interp *i)
{
	const char *which = last_name(i->k->rel);
	int rc = 0;

	for (size_t n = 0; n < i->k->nvals_read && rc >= 0; n++) {
		const struct ll_regf_value *v = &i->k->values[n];
		struct ll_tl_obj o;

		ll_buf_reset(&i->text);
		ll_buf_reset(&i->msg);
		ll_buf_reset(&i->attrs);
		if ((rc = ll_regf_value_text(&i->text, v)) < 0)
			break;
		ll_tl_obj_begin(&o, &i->attrs);
		ll_tl_obj_str(&o, "kind", "run", 3);
		ll_tl_obj_cstr(&o, "run_key", which);
		ll_tl_obj_cstr(&o, "name", v->name);
		ll_tl_obj_str(&o, "command", i->text.ptr, i->text.len);
		if ((rc = ll_tl_obj_end(&o)) < 0 || (rc = ll_buf_printf(&i->msg, "%s: ", which)) < 0 ||
		    (rc = ll_tl_put_text(&i->msg, v->name, strlen(v->name), false)) < 0 ||
		    (rc = ll_buf_puts(&i->msg, " = ")) < 0 ||
		    (rc = ll_tl_put_text(&i->msg, i->text.ptr, i->text.len, false)) < 0)
			break;
		rc = emit(i, "run", "persistence", v->name);
	}
	return rc;
}

static int do_uninstall(struct interp *i, const char *name)
{
	static const char *const texts[] = { "DisplayName", "DisplayVersion", "Publisher",
					     "InstallDate", "InstallLocation", "UninstallString" };
	struct ll_tl_obj o;
	int rc = 0;

	if (!ll_regf_key_value(i->k, "DisplayName"))
		return 0; /* updates and components without a name of their own */
	ll_tl_obj_begin(&o, &i->attrs);
	ll_tl_obj_str(&o, "kind", "installed_program", 17);
	ll_tl_obj_cstr(&o, "uninstall_key", name);
	for (size_t n = 0; n < LL_ARRAY_SIZE(texts) && rc >= 0; n++)
		rc = attr_value(i, &o, texts[n]);
	if (rc < 0 || (rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	if (!text_of(i, "DisplayName", &rc) || (rc = ll_buf_puts(&i->msg, "installed program: ")) < 0 ||
	    (rc = ll_tl_put_text(&i->msg, i->text.ptr, i->text.len, false)) < 0)
		return rc;
	if (text_of(i, "DisplayVersion", &rc) &&
	    ((rc = ll_buf_putc(&i->msg, ' ')) < 0 ||
	     (rc = ll_tl_put_text(&i->msg, i->text.ptr, i->text.len, false)) < 0))
		return rc;
	if (text_of(i, "InstallDate", &rc) &&
	    ((rc = ll_buf_puts(&i->msg, " (InstallDate ")) < 0 ||
	     (rc = ll_tl_put_text(&i->msg, i->text.ptr, i->text.len, false)) < 0 ||
	     (rc = ll_buf_putc(&i->msg, ')')) < 0))
		return rc;
	if (rc < 0)
		return rc;
	return emit(i, "installed_program", "program", "DisplayName");
}

/* Where entry `id` stands in MRUListEx (0 = most recent), -1 if not listed. */
static int64_t mru_position(const struct ll_regf_value *mru, const char *id)
{
	struct ll_reader r;
	uint32_t x, want = 0;

	if (!mru || !*id)
		return -1;
	for (const char *p = id; *p; p++) {
		if (*p < '0' || *p > '9' || want > 100000)
			return -1;
		want = want * 10 + (uint32_t)(*p - '0');
	}
	ll_reader_init(&r, mru->data, mru->len);
	for (int64_t pos = 0; ll_reader_u32le(&x, &r) >= 0 && x != UINT32_MAX; pos++)
		if (x == want)
			return pos;
	return -1;
}

static int do_recent_docs(struct interp *i)
{
	const struct ll_regf_value *mru = ll_regf_key_value(i->k, "MRUListEx");
	const char *ext = strcasecmp(i->k->rel, RECENT_DOCS) ? last_name(i->k->rel) : "";
	int rc = 0;

	for (size_t n = 0; n < i->k->nvals_read && rc >= 0; n++) {
		const struct ll_regf_value *v = &i->k->values[n];
		struct ll_tl_obj o;
		int64_t pos;

		if (v->type != LL_REG_BINARY || !strcasecmp(v->name, "MRUListEx"))
			continue;
		ll_buf_reset(&i->text);
		ll_buf_reset(&i->msg);
		ll_buf_reset(&i->attrs);
		/* the entry starts with the name as UTF-16LE; a shell item follows */
		if ((rc = ll_regf_utf16_append(&i->text, v->data, v->len)) < 0)
			break;
		pos = mru_position(mru, v->name);
		ll_tl_obj_begin(&o, &i->attrs);
		ll_tl_obj_str(&o, "kind", "recent_doc", 10);
		ll_tl_obj_str(&o, "document", i->text.ptr, i->text.len);
		ll_tl_obj_cstr(&o, "entry", v->name);
		if (*ext)
			ll_tl_obj_cstr(&o, "extension_key", ext);
		if (pos >= 0)
			ll_tl_obj_int(&o, "mru_position", pos);
		/* only the most recent entry was written at the key's time */
		ll_tl_obj_bool(&o, "opened_at_key_time", pos == 0);
		if ((rc = ll_tl_obj_end(&o)) < 0 ||
		    (rc = ll_buf_puts(&i->msg, "recent document: ")) < 0 ||
		    (rc = ll_tl_put_text(&i->msg, i->text.ptr, i->text.len, false)) < 0)
			break;
		if (pos >= 0 && (rc = ll_buf_printf(&i->msg, " (MRU position %lld)", (long long)pos)) < 0)
			break;
		rc = emit(i, "recent_doc", "user-activity", v->name);
	}
	return rc;
}

static int do_rdp_server(struct interp *i, const char *server)
{
	struct ll_tl_obj o;
	int rc = 0;

	ll_tl_obj_begin(&o, &i->attrs);
	ll_tl_obj_str(&o, "kind", "rdp_server", 10);
	ll_tl_obj_cstr(&o, "server", server);
	if ((rc = attr_value(i, &o, "UsernameHint")) < 0 || (rc = ll_tl_obj_end(&o)) < 0)
		return rc;
	if ((rc = ll_buf_puts(&i->msg, "RDP client connected to ")) < 0 ||
	    (rc = ll_tl_put_text(&i->msg, server, strlen(server), false)) < 0)
		return rc;
	if (text_of(i, "UsernameHint", &rc) &&
	    ((rc = ll_buf_puts(&i->msg, " as ")) < 0 ||
	     (rc = ll_tl_put_text(&i->msg, i->text.ptr, i->text.len, false)) < 0))
		return rc;
	if (rc < 0)
		return rc;
	return emit(i, "rdp_server", "user-activity", "");
}

static int dispatch(struct interp *i, const struct ll_regf_hive_info *info)
{
	const char *rel = i->k->rel, *rest, *name;
	unsigned cs;

	if (!strcasecmp(rel, "Select"))
		return do_select(i);
	if ((cs = ll_regf_control_set(rel, &rest))) {
		/* the control set in use; all of them when Select cannot say */
		if (info->current_cs && cs != info->current_cs)
			return 0;
		if (!strcasecmp(rest, "Control\\ComputerName\\ComputerName"))
			return do_computer_name(i, cs);
		if (!strcasecmp(rest, "Control\\TimeZoneInformation"))
			return do_time_zone(i, cs);
		if (child_of(rest, "Services", &name))
			return do_service(i, name, cs);
		return 0;
	}
	for (size_t n = 0; n < LL_ARRAY_SIZE(run_keys); n++)
		if (!strcasecmp(rel, run_keys[n]))
			return do_run(i);
	for (size_t n = 0; n < LL_ARRAY_SIZE(uninstall_keys); n++)
		if (child_of(rel, uninstall_keys[n], &name))
			return do_uninstall(i, name);
	if (!strcasecmp(rel, RECENT_DOCS) || child_of(rel, RECENT_DOCS, &name))
		return do_recent_docs(i);
	if (child_of(rel, RDP_SERVERS, &name))
		return do_rdp_server(i, name);
	return 0;
}

int ll_regf_interpret(const struct ll_regf_key *k, const struct ll_regf_hive_info *info,
		      ll_regf_fact_fn emit_fn, void *payload)
{
	struct interp i = { .k = k, .emit = emit_fn, .payload = payload };
	int rc;

	if (!ll_regf_wants_values(k->rel))
		return 0;
	ll_buf_init(&i.text);
	ll_buf_init(&i.msg);
	ll_buf_init(&i.attrs);
	rc = dispatch(&i, info);
	ll_buf_release(&i.text);
	ll_buf_release(&i.msg);
	ll_buf_release(&i.attrs);
	return rc;
}
