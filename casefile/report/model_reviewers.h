/* SPDX-License-Identifier: Apache-2.0 */
/* Who assessed each harm event's causality, as the hospital's row says (issue 18 item 7). */
#ifndef LL_CASEFILE_MODEL_REVIEWERS_H
#define LL_CASEFILE_MODEL_REVIEWERS_H

#include "core/compat.h"

#include <jansson.h>

struct ll_store;

/*
 * {harm event id: {reviewer_role, causality_method}} from the stored rows
 * of harm_events.csv (null for a column the row leaves empty). A role, not
 * a person: the hospital's files name no one.
 */
int ll_model_harm_reviewers(json_t **out, struct ll_store *st);

#endif
