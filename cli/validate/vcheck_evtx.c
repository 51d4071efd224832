/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Check (b): Windows event logs against libyal's `evtxexport`. For each EVTX
 * file under DATA/evtx/, the record ids lifeline stores (live records, not the
 * recovered ones, which evtxexport does not print by default) are compared
 * with the <EventRecordID> of every record evtxexport prints.
 */
#include "core/compat.h"
#include "cli/validate/vcheck.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/fsutil.h"

static const char limits_evtx[] =
	"Compares the set of live record ids; lifeline and evtxexport both read through "
	"libevtx, so an error of libevtx is common to both and not detected. Recovered "
	"(deleted) records are not compared. Field values and messages are not compared "
	"here (tests/cli/t2100 compares event ids and times to the 100 ns).";

/* One record id a line, from evtxexport's XML. */
static int ids_from_xml(const char *xml_path, const char *out)
{
	struct ll_buf in = LL_BUF_INIT, ids = LL_BUF_INIT;
	static const char tag[] = "<EventRecordID>";
	int rc;

	if ((rc = ll_buf_read_file(&in, xml_path)) == 0) {
		/* ll_buf_read_file leaves in.ptr a NUL-terminated string, never NULL */
		const char *p = in.ptr;

		while ((p = strstr(p, tag)) != NULL) {
			size_t n;

			p += sizeof(tag) - 1;
			n = strspn(p, "0123456789");
			if ((rc = ll_buf_printf(&ids, "%.*s\n", (int)n, p)) < 0)
				break;
		}
	}
	if (rc == 0)
		rc = ll_write_new_file(out, 0600, ids.ptr ? ids.ptr : "", ids.len);
	ll_buf_release(&in);
	ll_buf_release(&ids);
	return rc;
}

/* One record id a line, from lifeline's JSONL export (live records only). */
static int ids_from_jsonl(const char *jsonl, const char *out)
{
	struct ll_buf in = LL_BUF_INIT, ids = LL_BUF_INIT;
	int rc;

	if ((rc = ll_buf_read_file(&in, jsonl)) == 0) {
		for (char *p = in.ptr; p && *p && rc == 0;) {
			char *nl = strchr(p, '\n');
			json_t *ev, *attrs;
			const char *a;

			if (nl)
				*nl = '\0';
			if (!(ev = json_loads(p, 0, NULL))) {
				rc = ll_error_set(LL_ECORRUPT, "%s: a line is not JSON", jsonl);
				break;
			}
			/* the export's bounded form: a source's attributes in "attributes", as JSON text */
			a = json_string_value(json_object_get(ev, "attributes"));
			attrs = a ? json_loads(a, 0, NULL) : NULL;
			if (json_is_integer(json_object_get(attrs, "EventRecordID")) &&
			    !json_object_get(attrs, "recovered"))
				rc = ll_buf_printf(&ids, "%" JSON_INTEGER_FORMAT "\n",
						   json_integer_value(json_object_get(attrs, "EventRecordID")));
			json_decref(attrs);
			json_decref(ev);
			p = nl ? nl + 1 : NULL;
		}
	}
	if (rc == 0)
		rc = ll_write_new_file(out, 0600, ids.ptr ? ids.ptr : "", ids.len);
	ll_buf_release(&in);
	ll_buf_release(&ids);
	return rc;
}

static int compare_file(struct vctx *c, json_t *check, const char *casedir, const char *name,
			const char *path)
{
	char j[4096], xml[4096], ours[4096], a[4096], b[4096], id[64];
	const char *col[] = { "lifeline", "-C", casedir, "--json", "collect", "files", path, NULL };
	const char *ana[] = { "lifeline", "-C", casedir, "analyze", "timeline", id, NULL };
	const char *exp[] = { "lifeline", "-C", casedir, "timeline", "export", "--format", "jsonl",
			      "--evidence", id, "-o", ours, NULL };
	const char *ee[] = { "evtxexport", "-f", "xml", path, NULL };
	uint64_t n = 0, eq = 0, diff = 0;
	int rc;

	vsay(c, "evtx: %s", name);
	vpath(c, j, sizeof(j), "collect.json");
	vpath(c, xml, sizeof(xml), "evtxexport.xml");
	vpath(c, ours, sizeof(ours), "ours.jsonl");
	vpath(c, a, sizeof(a), "ours.ids");
	vpath(c, b, sizeof(b), "evtxexport.ids");
	if (vrun_self(c, col, j) != 0 || vjson_id(id, sizeof(id), j, "id") != 0)
		return vdata_add(check, name, path, 0, 0, 0, "collect files failed");
	if (vrun_self(c, ana, NULL) != 0)
		return vdata_add(check, name, path, 0, 0, 0, "analyze timeline failed");
	if (vrun_self(c, exp, NULL) != 0)
		return vdata_add(check, name, path, 0, 0, 0, "timeline export failed");
	if (vrun(c, ee, xml, "/dev/null") != 0)
		return vdata_add(check, name, path, 0, 0, 0, "evtxexport failed");
	if ((rc = ids_from_jsonl(ours, a)) < 0 || (rc = ids_from_xml(xml, b)) < 0 ||
	    (rc = vcompare_lines(&n, &eq, &diff, a, b, NULL)) < 0)
		return rc;
	return vdata_add(check, name, path, n, eq, diff, NULL);
}

static int cmp_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int vcheck_evtx(struct vctx *c, json_t *checks)
{
	char *ver = vtool_version(c, "evtxexport");
	json_t *check = vcheck_new("evtx-records", "Windows event log (EVTX) records, by record id",
				   "evtxexport -f xml", ver, limits_evtx);
	char dir[4096], casedir[4096], path[4096];
	struct dirent **de = NULL;
	int n, rc = 0;
	size_t done = 0;

	ll_free(ver);
	json_array_append_new(checks, check);
	if (!vtool_present("evtxexport")) {
		vcheck_not_run(check, "evtxexport missing (libevtx-utils)");
		return 0;
	}
	vfmt(dir, sizeof(dir), "%s/evtx", c->data ? c->data : "");
	if (!c->data || (n = scandir(dir, &de, NULL, cmp_name)) < 0) {
		vcheck_not_run(check, "no EVTX files: no DATA/evtx/ folder (--data)");
		return 0;
	}
	if ((rc = vcase_new(c, casedir, sizeof(casedir), "evtx")) < 0)
		goto out;
	for (int i = 0; i < n && rc == 0; i++) {
		size_t len = strlen(de[i]->d_name);

		if (len < 5 || strcmp(de[i]->d_name + len - 5, ".evtx"))
			continue;
		vfmt(path, sizeof(path), "%s/%s", dir, de[i]->d_name);
		rc = compare_file(c, check, casedir, de[i]->d_name, path);
		done++;
	}
	if (rc == 0 && done == 0)
		vcheck_not_run(check, "no EVTX files under DATA/evtx/");
	else if (rc == 0)
		vcheck_finish(check);
out:
	for (int i = 0; i < n; i++)
		free(de[i]);
	free(de);
	return rc;
}
