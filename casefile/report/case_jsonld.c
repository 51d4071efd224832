/* SPDX-License-Identifier: Apache-2.0 */
/* Maps the case model onto CASE 1.4 / UCO 1.4 classes (research/casefile.md §1.4). */
#include "core/compat.h"
#include "casefile/report/case_jsonld.h"

#include <string.h>

#include "casefile/manifest.h"
#include "casefile/report/model.h"
#include "casefile/report/uuid5.h"
#include "core/buf.h"
#include "core/error.h"

struct graph {
	json_t *nodes;       /* @graph */
	json_t *members;     /* Investigation's uco-core:object */
	const char *case_id;
	struct ll_buf key;
	int rc;
};

/* "kb:<cls>-<uuid5(case id / cls / key)>", into a static-per-call json string. */
static json_t *make_id(struct graph *g, const char *cls, const char *key)
{
	char u[LL_UUID_STR];

	ll_buf_reset(&g->key);
	if (ll_buf_printf(&g->key, "%s/%s/%s", g->case_id, cls, key) < 0 ||
	    ll_uuid5(u, ll_uuid5_lifeline_ns, g->key.ptr) < 0) {
		g->rc = LL_ENOMEM;
		return json_string("kb:error");
	}
	ll_buf_reset(&g->key);
	ll_buf_printf(&g->key, "kb:%s-%s", cls, u);
	return json_string(g->key.ptr);
}

static json_t *ref(const json_t *node)
{
	return json_pack("{s:O}", "@id", json_object_get(node, "@id"));
}

static json_t *dt(const char *t)
{
	return json_pack("{s:s, s:s}", "@type", "xsd:dateTime", "@value", t);
}

/* A new node of class `type` (a string or an array), added to the graph and,
 * if `member`, to the investigation. */
static json_t *node(struct graph *g, const char *cls, const char *key,
		    json_t *type, bool member)
{
	json_t *n = json_object();

	json_object_set_new(n, "@id", make_id(g, cls, key));
	json_object_set_new(n, "@type", type);
	json_array_append_new(g->nodes, n);
	if (member)
		json_array_append_new(g->members, ref(n));
	return n;
}

static void set_str(json_t *n, const char *k, const char *v)
{
	if (v && *v)
		json_object_set_new(n, k, json_string(v));
}

static void add_ref(json_t *n, const char *k, const json_t *target)
{
	json_t *a = json_object_get(n, k);

	if (!a) {
		a = json_array();
		json_object_set_new(n, k, a);
	}
	json_array_append_new(a, ref(target));
}

static json_t *hash_node(struct graph *g, const char *owner, const char *method,
			 const char *hex)
{
	char key[256];
	json_t *h = json_object();

	snprintf(key, sizeof(key), "%s/%s", owner, method);
	json_object_set_new(h, "@id", make_id(g, "Hash", key));
	json_object_set_new(h, "@type", json_string("uco-types:Hash"));
	json_object_set_new(h, "uco-types:hashMethod", json_string(method));
	json_object_set_new(h, "uco-types:hashValue",
			    json_pack("{s:s, s:s}", "@type", "xsd:hexBinary", "@value", hex));
	return h;
}

/* ContentDataFacet with the hashes present (md5, sha1, sha256 may be ""). */
static json_t *content_facet(struct graph *g, const char *owner, const char *md5,
			     const char *sha1, const char *sha256, json_int_t size)
{
	json_t *f = json_object(), *hs = json_array();

	json_object_set_new(f, "@id", make_id(g, "ContentDataFacet", owner));
	json_object_set_new(f, "@type", json_string("uco-observable:ContentDataFacet"));
	if (size >= 0)
		json_object_set_new(f, "uco-observable:sizeInBytes", json_integer(size));
	if (md5 && strlen(md5) == 32)
		json_array_append_new(hs, hash_node(g, owner, "MD5", md5));
	if (sha1 && strlen(sha1) == 40)
		json_array_append_new(hs, hash_node(g, owner, "SHA1", sha1));
	if (sha256 && strlen(sha256) == 64)
		json_array_append_new(hs, hash_node(g, owner, "SHA256", sha256));
	if (json_array_size(hs))
		json_object_set_new(f, "uco-observable:hash", hs);
	else
		json_decref(hs);
	return f;
}

static json_t *file_node(struct graph *g, const char *key, const char *path,
			 bool image, const char *md5, const char *sha1,
			 const char *sha256, json_int_t size)
{
	json_t *type = image ? json_pack("[s, s]", "uco-observable:File", "uco-observable:Image")
			     : json_string("uco-observable:File");
	json_t *n = node(g, "File", key, type, true), *facets = json_array(), *ff;
	const char *base = strrchr(path, '/'), *dot;

	base = base ? base + 1 : path;
	ff = json_object();
	json_object_set_new(ff, "@id", make_id(g, "FileFacet", key));
	json_object_set_new(ff, "@type", json_string("uco-observable:FileFacet"));
	set_str(ff, "uco-observable:fileName", base);
	set_str(ff, "uco-observable:filePath", path);
	if ((dot = strrchr(base, '.')) && dot[1])
		set_str(ff, "uco-observable:extension", dot + 1);
	if (size >= 0)
		json_object_set_new(ff, "uco-observable:sizeInBytes", json_integer(size));
	json_array_append_new(facets, ff);
	json_array_append_new(facets, content_facet(g, key, md5, sha1, sha256, -1));
	json_object_set_new(n, "uco-core:hasFacet", facets);
	return n;
}

static json_t *relationship(struct graph *g, const char *key, const json_t *src,
			    const json_t *dst, const char *kind, bool observable)
{
	json_t *n = node(g, "Relationship", key,
			 json_string(observable ? "uco-observable:ObservableRelationship"
						: "uco-core:Relationship"), true);

	json_object_set_new(n, "uco-core:source", ref(src));
	json_object_set_new(n, "uco-core:target", ref(dst));
	json_object_set_new(n, "uco-core:kindOfRelationship", json_string(kind));
	json_object_set_new(n, "uco-core:isDirectional", json_true());
	return n;
}

/* One Person + Examiner role per distinct custody actor (by certificate). */
static json_t *examiner_role(struct graph *g, json_t *roles, const char *name,
			     const char *fpr)
{
	json_t *r = json_object_get(roles, fpr), *p;

	if (r)
		return r;
	p = node(g, "Person", fpr, json_string("uco-identity:Person"), true);
	set_str(p, "uco-core:name", name);
	set_str(p, "uco-core:description", fpr);
	r = node(g, "Examiner", fpr, json_string("case-investigation:Examiner"), true);
	set_str(r, "uco-core:name", "Forensic examiner");
	relationship(g, fpr, p, r, "Has_Role", false);
	json_object_set(roles, fpr, r);
	return r;
}

static json_t *tools(struct graph *g, const json_t *versions, const json_t *config)
{
	json_t *lt = node(g, "ConfiguredTool", "lifeline",
			  json_string("uco-tool:ConfiguredTool"), true);
	json_t *cfg = json_object(), *entries = json_array(), *v;
	const char *k;

	set_str(lt, "uco-core:name", "lifeline");
	set_str(lt, "uco-tool:version", LL_VERSION);
	set_str(lt, "uco-tool:toolType", "acquisition, analysis and reporting");
	json_object_set_new(cfg, "@id", make_id(g, "Configuration", "lifeline"));
	json_object_set_new(cfg, "@type", json_string("uco-configuration:Configuration"));
	json_object_foreach((json_t *)config, k, v) {
		json_t *e = json_object();

		json_object_set_new(e, "@id", make_id(g, "ConfigurationEntry", k));
		json_object_set_new(e, "@type", json_string("uco-configuration:ConfigurationEntry"));
		json_object_set_new(e, "uco-configuration:itemName", json_string(k));
		json_object_set_new(e, "uco-configuration:itemValue",
				    json_string(json_is_string(v) ? json_string_value(v) : ""));
		json_array_append_new(entries, e);
	}
	json_object_set_new(cfg, "uco-configuration:configurationEntry", entries);
	json_object_set_new(lt, "uco-configuration:usesConfiguration", cfg);
	json_object_foreach((json_t *)versions, k, v) {
		json_t *t = node(g, "Tool", k, json_string("uco-tool:Tool"), true);

		set_str(t, "uco-core:name", k);
		set_str(t, "uco-tool:version", json_string_value(v));
		set_str(t, "uco-tool:toolType", "library");
	}
	return lt;
}

static void evidence(struct graph *g, const json_t *root, json_t *roles,
		     const json_t *lt, json_t *by_exhibit, bool included)
{
	const json_t *item;
	size_t i;

	json_array_foreach(json_object_get(root, "evidence"), i, item) {
		const char *id = ll_model_str(item, "id");
		bool image = !strcmp(ll_model_str(item, "kind"), "image");
		json_t *disk = NULL, *act, *prov, *file;
		json_t *msize = json_object_get(item, "media_size");
		const json_t *c;
		size_t j;

		if (image) {
			json_t *facets = json_array(), *df = json_object();

			disk = node(g, "Disk", id,
				    json_pack("[s, s]", "uco-observable:Disk",
					      "uco-observable:StorageMedium"), true);
			set_str(disk, "uco-core:name", id);
			set_str(disk, "uco-core:description", ll_model_str(item, "description"));
			json_object_set_new(df, "@id", make_id(g, "DiskFacet", id));
			json_object_set_new(df, "@type", json_string("uco-observable:DiskFacet"));
			if (json_is_integer(msize))
				json_object_set_new(df, "uco-observable:storageCapacityInBytes",
						    json_integer(json_integer_value(msize)));
			json_array_append_new(facets, df);
			json_array_append_new(facets,
					      content_facet(g, id, ll_model_str(item, "md5"),
							    ll_model_str(item, "sha1"),
							    ll_model_str(item, "sha256"),
							    json_is_integer(msize) ? json_integer_value(msize) : -1));
			json_object_set_new(disk, "uco-core:hasFacet", facets);
		}
		act = node(g, "InvestigativeAction", id,
			   json_string("case-investigation:InvestigativeAction"), true);
		set_str(act, "uco-core:name", image ? "acquisition" : "collection");
		set_str(act, "uco-core:description", ll_model_str(item, "description"));
		if (*ll_model_str(item, "started"))
			json_object_set_new(act, "uco-action:startTime", dt(ll_model_str(item, "started")));
		if (*ll_model_str(item, "registered"))
			json_object_set_new(act, "uco-action:endTime", dt(ll_model_str(item, "registered")));
		add_ref(act, "uco-action:instrument", lt);
		if (disk)
			add_ref(act, "uco-action:object", disk);
		prov = node(g, "ProvenanceRecord", id,
			    json_string("case-investigation:ProvenanceRecord"), true);
		set_str(prov, "uco-core:description", ll_model_str(item, "description"));
		set_str(prov, "case-investigation:exhibitNumber", id);
		set_str(prov, "case-investigation:rootExhibitNumber", id);
		json_array_foreach(json_object_get(item, "files"), j, c) {
			char key[1024], path[1024];

			snprintf(key, sizeof(key), "%s/%s", id, ll_model_str(c, "path"));
			if (included)
				snprintf(path, sizeof(path), "data/evidence/%s", ll_model_str(c, "path"));
			else
				snprintf(path, sizeof(path), "%s", ll_model_str(c, "path"));
			file = file_node(g, key, path, image, ll_model_str(c, "md5"),
					 ll_model_str(c, "sha1"), ll_model_str(c, "sha256"),
					 json_integer_value(json_object_get(c, "size")));
			if (disk)
				relationship(g, key, file, disk, "Copied_From", true);
			add_ref(act, "uco-action:result", file);
			add_ref(prov, "uco-core:object", file);
		}
		if (!json_object_get(prov, "uco-core:object") && disk)
			add_ref(prov, "uco-core:object", disk);
		add_ref(act, "uco-action:result", prov);
		/* the first custody entry about this item names who acquired it */
		json_array_foreach(json_object_get(root, "custody"), j, c)
			if (!strcmp(ll_model_str(c, "evidence"), id)) {
				json_object_set_new(act, "uco-action:performer",
						    ref(examiner_role(g, roles, ll_model_str(c, "actor"),
								      ll_model_str(c, "actor_fpr"))));
				break;
			}
		json_object_set_new(by_exhibit, id, json_pack("{s:O, s:O}", "prov", prov, "act", act));
	}
}

static void custody(struct graph *g, const json_t *root, json_t *roles,
		    const json_t *lt, json_t *by_exhibit)
{
	const json_t *e;
	json_t *prev_act = NULL;
	size_t i;

	json_array_foreach(json_object_get(root, "custody"), i, e) {
		char key[32], name[128];
		const char *exh = ll_model_str(e, "evidence");
		json_t *act, *last = *exh ? json_object_get(by_exhibit, exh) : NULL;

		snprintf(key, sizeof(key), "custody/%" JSON_INTEGER_FORMAT,
			 json_integer_value(json_object_get(e, "seq")));
		snprintf(name, sizeof(name), "custody %s", ll_model_str(e, "action"));
		act = node(g, "InvestigativeAction", key,
			   json_string("case-investigation:InvestigativeAction"), true);
		set_str(act, "uco-core:name", name);
		set_str(act, "uco-core:description", ll_model_str(e, "note"));
		json_object_set_new(act, "uco-action:startTime", dt(ll_model_str(e, "time")));
		json_object_set_new(act, "uco-action:performer",
				    ref(examiner_role(g, roles, ll_model_str(e, "actor"),
						      ll_model_str(e, "actor_fpr"))));
		add_ref(act, "uco-action:instrument", lt);
		if (*ll_model_str(e, "to")) {
			json_t *p = node(g, "Person", ll_model_str(e, "to"),
					 json_string("uco-identity:Person"), false);

			if (!json_object_get(p, "uco-core:name")) {
				set_str(p, "uco-core:name", ll_model_str(e, "to"));
				json_array_append_new(g->members, ref(p));
			}
			add_ref(act, "uco-action:participant", p);
		}
		if (last) {
			json_t *prov = node(g, "ProvenanceRecord", key,
					    json_string("case-investigation:ProvenanceRecord"), true);
			char desc[512];

			snprintf(desc, sizeof(desc), "custody entry %s: %s %s (ledger hash %s)",
				 key + 8, ll_model_str(e, "action"), exh, ll_model_str(e, "hash"));
			set_str(prov, "uco-core:description", desc);
			set_str(prov, "case-investigation:exhibitNumber", exh);
			set_str(prov, "case-investigation:rootExhibitNumber", exh);
			json_object_set(prov, "uco-core:object",
					json_object_get(json_object_get(last, "prov"), "uco-core:object"));
			add_ref(act, "uco-action:object", json_object_get(last, "prov"));
			add_ref(act, "uco-action:result", prov);
			add_ref(act, "case-investigation:wasInformedBy", json_object_get(last, "act"));
			json_object_set_new(by_exhibit, exh,
					    json_pack("{s:O, s:O}", "prov", prov, "act", act));
		} else if (prev_act) {
			add_ref(act, "case-investigation:wasInformedBy", prev_act);
		}
		prev_act = act;
	}
}

/* De-duplicates nodes created twice (the same Person named in two entries). */
static void dedupe(struct graph *g)
{
	json_t *seen = json_object(), *out = json_array(), *n;
	size_t i;

	json_array_foreach(g->nodes, i, n) {
		const char *id = ll_model_str(n, "@id");

		if (json_object_get(seen, id))
			continue;
		json_object_set_new(seen, id, json_true());
		json_array_append(out, n);
	}
	json_decref(g->nodes);
	g->nodes = out;
	json_decref(seen);
	seen = json_object();
	out = json_array();
	json_array_foreach(g->members, i, n) {
		const char *id = ll_model_str(n, "@id");

		if (json_object_get(seen, id))
			continue;
		json_object_set_new(seen, id, json_true());
		json_array_append(out, n);
	}
	json_decref(g->members);
	g->members = out;
	json_decref(seen);
}

static json_t *find_node(struct graph *g, const char *cls, const char *key)
{
	json_t *id = make_id(g, cls, key), *n;
	size_t i;

	json_array_foreach(g->nodes, i, n)
		if (json_equal(json_object_get(n, "@id"), id)) {
			json_decref(id);
			return n;
		}
	json_decref(id);
	return NULL;
}

static void analyses(struct graph *g, const json_t *root, const json_t *lt,
		     const struct ll_manifest *files, json_t *by_exhibit)
{
	const json_t *a, *f;
	json_t *bundle_files = json_object(), *detect = NULL, *fnode;
	size_t i;

	/* the case file's own outputs, with their hashes */
	for (size_t k = 0; files && k < files->n; k++) {
		fnode = file_node(g, files->v[k].path, files->v[k].path, false, "", "",
				  files->v[k].sha256, (json_int_t)files->v[k].size);
		json_object_set(bundle_files, files->v[k].path, fnode);
	}
	json_array_foreach(json_object_get(root, "analyses"), i, a) {
		char key[512], name[128];
		const char *ev = ll_model_str(a, "evidence");
		json_t *act, *last = json_object_get(by_exhibit, ev);

		snprintf(key, sizeof(key), "analysis/%s/%s", ev, ll_model_str(a, "kind"));
		snprintf(name, sizeof(name), "%s analysis", ll_model_str(a, "kind"));
		act = node(g, "InvestigativeAction", key,
			   json_pack("[s, s]", "case-investigation:InvestigativeAction",
				     "uco-analysis:Analysis"), true);
		set_str(act, "uco-core:name", name);
		if (*ll_model_str(a, "time"))
			json_object_set_new(act, "uco-action:startTime", dt(ll_model_str(a, "time")));
		add_ref(act, "uco-action:instrument", lt);
		if (last) {
			add_ref(act, "uco-action:object", json_object_get(last, "prov"));
			add_ref(act, "case-investigation:wasInformedBy", json_object_get(last, "act"));
		}
		if ((fnode = json_object_get(bundle_files, "data/timeline/timeline.csv")))
			add_ref(act, "uco-action:result", fnode);
		if (!strcmp(ll_model_str(a, "kind"), "detect") && !detect)
			detect = act;
	}
	if (json_array_size(json_object_get(root, "findings")) && !detect) {
		detect = node(g, "InvestigativeAction", "analysis/detect",
			      json_pack("[s, s]", "case-investigation:InvestigativeAction",
					"uco-analysis:Analysis"), true);
		set_str(detect, "uco-core:name", "detect analysis");
		add_ref(detect, "uco-action:instrument", lt);
	}
	json_array_foreach(json_object_get(root, "findings"), i, f) {
		char key[64], desc[2048];
		json_t *r;

		snprintf(key, sizeof(key), "finding/%" JSON_INTEGER_FORMAT,
			 json_integer_value(json_object_get(f, "id")));
		r = node(g, "AnalyticResult", key, json_string("uco-analysis:AnalyticResult"), true);
		set_str(r, "uco-core:name", ll_model_str(f, "title"));
		snprintf(desc, sizeof(desc), "finding %s: rule %s, severity %s, confidence %s, host %s, %s to %s, %" JSON_INTEGER_FORMAT " events",
			 key + 8, ll_model_str(f, "rule_id"), ll_model_str(f, "severity"),
			 ll_model_str(f, "confidence"), ll_model_str(f, "host"),
			 ll_model_str(f, "first"), ll_model_str(f, "last"),
			 json_integer_value(json_object_get(f, "event_count")));
		set_str(r, "uco-core:description", desc);
		json_object_set_new(r, "uco-analysis:originatingAnalysis", ref(detect));
		if ((fnode = json_object_get(bundle_files, "data/analysis/findings.json")))
			add_ref(r, "uco-analysis:resultContent", fnode);
		add_ref(detect, "uco-action:result", r);
	}
	json_decref(bundle_files);
}

static void disruptions(struct graph *g, const json_t *root)
{
	const json_t *corr = json_object_get(root, "correlation"), *d;
	json_t *cfile = find_node(g, "File", "data/analysis/correlation.json");
	size_t i;

	json_array_foreach(json_object_get(corr, "endangerment"), i, d) {
		char type[256], desc[1024];
		const char *id = ll_model_str(d, "disruption_id");
		json_t *ev = node(g, "Event", *id ? id : "disruption",
				  json_string("uco-core:Event"), true);

		snprintf(type, sizeof(type), "service-disruption/%s",
			 *ll_model_str(d, "system") ? ll_model_str(d, "system") : "unknown");
		snprintf(desc, sizeof(desc), "%s: %s unavailable for %s%s",
			 id, ll_model_str(d, "system"), ll_model_str(d, "service"),
			 json_is_true(json_object_get(d, "life_critical")) ? " (life-critical)" : "");
		set_str(ev, "uco-core:name", id);
		set_str(ev, "uco-core:eventType", type);
		set_str(ev, "uco-core:description", desc);
		if (*ll_model_str(d, "start"))
			json_object_set_new(ev, "uco-core:startTime", dt(ll_model_str(d, "start")));
		if (*ll_model_str(d, "end"))
			json_object_set_new(ev, "uco-core:endTime", dt(ll_model_str(d, "end")));
		if (cfile)
			add_ref(ev, "uco-core:eventContext", cfile);
	}
}

int ll_case_jsonld_build(json_t **out, const struct ll_jsonld_input *in)
{
	const json_t *root = in->model->root, *cs = json_object_get(root, "case");
	struct graph g = { 0 };
	json_t *doc = NULL, *bundle, *inv, *roles = json_object(), *lt,
	       *by_exhibit = json_object(), *ctx;
	char desc[512];

	g.nodes = json_array();
	g.members = json_array();
	g.case_id = ll_model_str(cs, "case_id");
	ll_buf_init(&g.key);

	bundle = node(&g, "Bundle", "bundle", json_string("uco-core:Bundle"), false);
	set_str(bundle, "uco-core:specVersion", "CASE 1.4.0");
	snprintf(desc, sizeof(desc), "lifeline case file %s", g.case_id);
	set_str(bundle, "uco-core:description", desc);
	inv = node(&g, "Investigation", "investigation",
		   json_string("case-investigation:Investigation"), false);
	json_object_set_new(bundle, "uco-core:object", json_pack("[o]", ref(inv)));
	set_str(inv, "uco-core:name", g.case_id);
	set_str(inv, "uco-core:description", ll_model_str(cs, "title"));
	json_object_set_new(inv, "case-investigation:focus",
			    json_pack("[s]", ll_model_str(cs, "title")));
	set_str(inv, "case-investigation:investigationForm", "case");
	set_str(inv, "case-investigation:investigationStatus", "open");
	if (*ll_model_str(cs, "created"))
		json_object_set_new(inv, "uco-core:startTime", dt(ll_model_str(cs, "created")));
	if (*ll_model_str(cs, "authority")) {
		json_t *a = node(&g, "Authorization", "authority",
				 json_string("case-investigation:Authorization"), true);

		set_str(a, "case-investigation:authorizationType", "legal authority");
		set_str(a, "case-investigation:authorizationIdentifier",
			ll_model_str(cs, "authority"));
		add_ref(inv, "case-investigation:relevantAuthorization", a);
	}
	if (*ll_model_str(cs, "agency")) {
		json_t *o = node(&g, "Organization", "agency",
				 json_string("uco-identity:Organization"), true);

		set_str(o, "uco-core:name", ll_model_str(cs, "agency"));
	}
	lt = tools(&g, in->versions, in->config);
	evidence(&g, root, roles, lt, by_exhibit, in->evidence_included);
	custody(&g, root, roles, lt, by_exhibit);
	analyses(&g, root, lt, in->files, by_exhibit);
	disruptions(&g, root);
	dedupe(&g);
	json_object_set(inv, "uco-core:object", g.members);

	ctx = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			"kb", "urn:lifeline:kb:",
			"case-investigation", "https://ontology.caseontology.org/case/investigation/",
			"uco-action", "https://ontology.unifiedcyberontology.org/uco/action/",
			"uco-analysis", "https://ontology.unifiedcyberontology.org/uco/analysis/",
			"uco-configuration", "https://ontology.unifiedcyberontology.org/uco/configuration/",
			"uco-core", "https://ontology.unifiedcyberontology.org/uco/core/",
			"uco-identity", "https://ontology.unifiedcyberontology.org/uco/identity/",
			"uco-location", "https://ontology.unifiedcyberontology.org/uco/location/",
			"uco-observable", "https://ontology.unifiedcyberontology.org/uco/observable/",
			"uco-role", "https://ontology.unifiedcyberontology.org/uco/role/",
			"uco-tool", "https://ontology.unifiedcyberontology.org/uco/tool/",
			"uco-types", "https://ontology.unifiedcyberontology.org/uco/types/",
			"xsd", "http://www.w3.org/2001/XMLSchema#");
	doc = json_pack("{s:o, s:O}", "@context", ctx, "@graph", g.nodes);
	json_decref(g.nodes);
	json_decref(g.members);
	json_decref(roles);
	json_decref(by_exhibit);
	ll_buf_release(&g.key);
	if (!doc || g.rc < 0) {
		json_decref(doc);
		return ll_error_set(LL_ENOMEM, "out of memory building case.jsonld");
	}
	*out = doc;
	return 0;
}
