/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The examiner's profile, kept with the key: who the expert is for a court
 * (name, role, organisation, qualifications, accreditation, contact).
 * A JSON file beside the certificate: examiner.crt → examiner.profile.json.
 */
#ifndef LL_CORE_EXPERT_PROFILE_H
#define LL_CORE_EXPERT_PROFILE_H

#include "core/compat.h"

#include <jansson.h>

#define LL_PROFILE_FORMAT "lifeline-examiner-profile/1"
#define LL_PROFILE_MAX_TEXT 4000      /* bytes of one field */
#define LL_PROFILE_MAX_QUALIFICATIONS 50

/* A change: NULL fields are kept, "" clears; qualifications replace the list when set. */
struct ll_profile_update {
	const char *name, *role, *organisation, *accreditation, *contact;
	const char *const *qualifications;
	size_t nqualifications;
	bool set_qualifications;
};

bool ll_profile_update_any(const struct ll_profile_update *u);

/* The profile file of a certificate path (free with ll_free). */
int ll_profile_path(char **out, const char *cert_path);

/*
 * Reads the profile kept with the certificate `cert_path` whose
 * fingerprint is `cert_fpr`. *out is NULL (and 0 returned) when there is
 * none. A profile written for another certificate is refused
 * (LL_EVERIFY): a report must not name the wrong expert. A file that is
 * not a profile (bad JSON, a field of the wrong type, text too long) is
 * LL_ECORRUPT naming the file and the field or line.
 */
int ll_profile_load(json_t **out, const char *cert_path, const char *cert_fpr);

/*
 * Applies `u` to the profile of `cert_path` (created if absent) and writes
 * it (mode 0644, replaced atomically); *out (may be NULL) receives the new
 * profile.
 */
int ll_profile_update(json_t **out, const char *cert_path, const char *cert_fpr,
		      const struct ll_profile_update *u);

#endif
