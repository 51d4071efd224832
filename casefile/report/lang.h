/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The report's language. Every fixed text of the report, its cover and its
 * annexes is written in the language the case file is built in (`casefile
 * build --lang fr|en`); text found in evidence stays as found.
 */
#ifndef LL_CASEFILE_REPORT_LANG_H
#define LL_CASEFILE_REPORT_LANG_H

enum ll_lang {
	LL_LANG_EN = 0, /* the default */
	LL_LANG_FR = 1,
};

/* A fixed text given in both languages where it is written. */
#define LL_TXT(lang, en, fr) ((lang) == LL_LANG_FR ? (fr) : (en))

#endif
