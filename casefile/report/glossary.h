/* SPDX-License-Identifier: Apache-2.0 */
/* The report's glossary: the technical terms a court meets in it, in plain words. */
#ifndef LL_CASEFILE_REPORT_GLOSSARY_H
#define LL_CASEFILE_REPORT_GLOSSARY_H

#include "core/compat.h"

#include "casefile/report/lang.h"

struct ll_buf;

/*
 * Appends <section id="glossary"> with heading `heading` (a literal of the
 * report, e.g. "13. Glossary"): a definition list of the terms, sorted as
 * written. Fixed text only; nothing from the case goes in.
 */
int ll_report_glossary(struct ll_buf *out, const char *heading, enum ll_lang lang);

#endif
