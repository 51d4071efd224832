/* SPDX-License-Identifier: Apache-2.0 */
/* A Prefetch file's runs as events: message, attrs, locator (pf_info.h). */
#include "core/compat.h"
#include "analyze/prefetch/pf_info.h"

#include "analyze/readers/textlog.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"

void ll_pf_info_release(struct ll_pf_info *pi)
{
	for (size_t i = 0; i < pi->nkept; i++)
		ll_free(pi->files[i]);
	ll_free(pi->files);
	for (size_t i = 0; i < pi->nvols; i++)
		ll_free(pi->vols[i].device);
	ll_free(pi->vols);
	pi->files = NULL;
	pi->vols = NULL;
	pi->nkept = pi->nfiles = pi->nvols = 0;
}

int ll_pf_info_add_file(struct ll_pf_info *pi, const char *name, size_t len)
{
	pi->nfiles++;
	if (pi->nkept >= LL_PF_FILES_ATTR)
		return 0;
	if (!pi->files && !(pi->files = ll_calloc(LL_PF_FILES_ATTR, sizeof(*pi->files))))
		return ll_error_set(LL_ENOMEM, "out of memory");
	if (!(pi->files[pi->nkept] = ll_strndup(name, len)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	pi->nkept++;
	return 0;
}

int ll_pf_info_add_volume(struct ll_pf_info *pi, const char *device, size_t len,
			  uint32_t serial, uint64_t created)
{
	struct ll_pf_volume *v = ll_reallocarray(pi->vols, pi->nvols + 1, sizeof(*v));
	char *d;

	if (!v)
		return ll_error_set(LL_ENOMEM, "out of memory");
	pi->vols = v;
	if (!(d = ll_strndup(device, len)))
		return ll_error_set(LL_ENOMEM, "out of memory");
	pi->vols[pi->nvols++] = (struct ll_pf_volume){ d, serial, created };
	return 0;
}

const char *ll_pf_time_desc(size_t i)
{
	return i == 0 ? "Last Time Executed" : "Previous Last Time Executed";
}

/* The last path element of a Windows path ("\DEVICE\...\NTDLL.DLL" -> "NTDLL.DLL"). */
static const char *leaf(const char *p)
{
	const char *s = strrchr(p, '\\');

	return s ? s + 1 : p;
}

int ll_pf_message(struct ll_buf *out, const struct ll_pf_info *pi, size_t i)
{
	int rc;

	ll_buf_reset(out);
	if ((rc = ll_buf_puts(out, "Prefetch [")) < 0 ||
	    (rc = ll_tl_put_text(out, pi->exe, strlen(pi->exe), false)) < 0 ||
	    (rc = ll_buf_printf(out, "] was executed - run count %" PRIu32
				", hash 0x%08" PRIX32 ", %s %zu of %zu",
				pi->run_count, pi->hash, i == 0 ? "last run" : "earlier run",
				i + 1, pi->nruns)) < 0)
		return rc;
	for (size_t v = 0; v < pi->nvols; v++) {
		if ((rc = ll_buf_printf(out, "%s volume %zu [serial 0x%08" PRIX32 ", ",
					v ? "," : ";", v + 1, pi->vols[v].serial)) < 0 ||
		    (rc = ll_tl_put_text(out, pi->vols[v].device, strlen(pi->vols[v].device),
					 false)) < 0 ||
		    (rc = ll_buf_putc(out, ']')) < 0)
			return rc;
	}
	if (pi->header_only)
		return ll_buf_puts(out, "; files loaded and volumes unknown (damaged file: header only)");
	if ((rc = ll_buf_printf(out, "; %zu files loaded", pi->nfiles)) < 0)
		return rc;
	for (size_t f = 0; f < pi->nkept && f < LL_PF_FILES_SHOWN; f++) {
		const char *l = leaf(pi->files[f]);

		if ((rc = ll_buf_puts(out, f ? ", " : ": ")) < 0 ||
		    (rc = ll_tl_put_text(out, l, strlen(l), false)) < 0)
			return rc;
	}
	if (pi->nfiles > LL_PF_FILES_SHOWN)
		return ll_buf_printf(out, ", … (%zu more)", pi->nfiles - LL_PF_FILES_SHOWN);
	return 0;
}

/* Appends `s` to `b`, a "; " between items. */
static int join(struct ll_buf *b, const char *s)
{
	int rc;

	if (b->len && (rc = ll_buf_puts(b, "; ")) < 0)
		return rc;
	return ll_buf_puts(b, s);
}

int ll_pf_attrs(struct ll_buf *out, const struct ll_pf_info *pi, size_t i)
{
	struct ll_buf serials, devices, files;
	struct ll_tl_obj o;
	char hex[16];
	int rc = 0;

	ll_buf_init(&serials);
	ll_buf_init(&devices);
	ll_buf_init(&files);

	for (size_t v = 0; v < pi->nvols && rc >= 0; v++) {
		snprintf(hex, sizeof(hex), "0x%08" PRIX32, pi->vols[v].serial);
		if ((rc = join(&serials, hex)) >= 0)
			rc = join(&devices, pi->vols[v].device);
	}
	for (size_t f = 0; f < pi->nkept && rc >= 0; f++)
		rc = join(&files, pi->files[f]);
	if (rc >= 0) {
		ll_buf_reset(out);
		ll_tl_obj_begin(&o, out);
		ll_tl_obj_cstr(&o, "executable", pi->exe);
		snprintf(hex, sizeof(hex), "0x%08" PRIX32, pi->hash);
		ll_tl_obj_cstr(&o, "prefetch_hash", hex);
		ll_tl_obj_int(&o, "run_count", pi->run_count);
		ll_tl_obj_int(&o, "run", (int64_t)i + 1);
		ll_tl_obj_int(&o, "format_version", pi->version);
		ll_tl_obj_bool(&o, "compressed", pi->compressed);
		if (pi->header_only) {
			ll_tl_obj_bool(&o, "header_only", true);
		} else {
			ll_tl_obj_int(&o, "volumes", (int64_t)pi->nvols);
			ll_tl_obj_str(&o, "volume_serials", serials.ptr, serials.len);
			ll_tl_obj_str(&o, "volume_devices", devices.ptr, devices.len);
			ll_tl_obj_int(&o, "files_loaded_count", (int64_t)pi->nfiles);
			/* the first LL_PF_FILES_ATTR, in the file's order */
			ll_tl_obj_str(&o, "files_loaded", files.ptr, files.len);
		}
		rc = ll_tl_obj_end(&o);
	}
	ll_buf_release(&serials);
	ll_buf_release(&devices);
	ll_buf_release(&files);
	return rc;
}

int ll_pf_locator(struct ll_buf *out, const char *name, size_t i)
{
	int rc;

	ll_buf_reset(out);
	if ((rc = ll_buf_puts(out, "prefetch=")) < 0)
		return rc;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == ';' || *p == '=' || *p == '%' || *p < 0x20)
			rc = ll_buf_printf(out, "%%%02X", *p);
		else
			rc = ll_buf_putc(out, (char)*p);
		if (rc < 0)
			return rc;
	}
	return ll_buf_printf(out, ";run=%zu", i + 1);
}
