/* SPDX-License-Identifier: Apache-2.0 */
/* Functions that are easy to misuse with hostile input; use the safe ones (git's banned.h). */
#ifndef LL_CORE_BANNED_H
#define LL_CORE_BANNED_H

/*
 * Included after the system headers a file needs would be ideal, but the
 * macros only bite on calls, so including it first is harmless: a call to a
 * banned function expands to an undeclared identifier and fails to compile.
 */
#define LL_BANNED(func) sorry_##func##_is_banned_in_lifeline

#undef strcpy
#define strcpy(x, y) LL_BANNED(strcpy)
#undef strcat
#define strcat(x, y) LL_BANNED(strcat)
#undef strncat
#define strncat(x, y, n) LL_BANNED(strncat)
#undef sprintf
#define sprintf(...) LL_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) LL_BANNED(vsprintf)
#undef gets
#define gets(x) LL_BANNED(gets)
#undef strtok
#define strtok(x, y) LL_BANNED(strtok)
#undef atoi
#define atoi(x) LL_BANNED(atoi)
#undef atol
#define atol(x) LL_BANNED(atol)
#undef gmtime
#define gmtime(x) LL_BANNED(gmtime)
#undef localtime
#define localtime(x) LL_BANNED(localtime)
#undef ctime
#define ctime(x) LL_BANNED(ctime)
#undef asctime
#define asctime(x) LL_BANNED(asctime)
#undef mktemp
#define mktemp(x) LL_BANNED(mktemp)
#undef tmpnam
#define tmpnam(x) LL_BANNED(tmpnam)
#undef rand
#define rand() LL_BANNED(rand)
#undef system
#define system(x) LL_BANNED(system)

#endif
