/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The options of the examiner's profile (key new, key profile) and of the
 * case's mandate (case init, case set), shared by the commands that take
 * them (cli/cmd_key_profile.c, cli/cmd_case_set.c).
 */
#ifndef LL_CLI_EXPERT_OPTS_H
#define LL_CLI_EXPERT_OPTS_H

#include "cli/cli.h"
#include "core/expert/mandate.h"
#include "core/expert/profile.h"

#include <getopt.h>

enum {
	LL_OPT_P_NAME = 1101, LL_OPT_P_ROLE, LL_OPT_P_ORG, LL_OPT_P_QUAL, LL_OPT_P_ACCR,
	LL_OPT_P_CONTACT,
	LL_OPT_M_REQ = 1201, LL_OPT_M_BASIS, LL_OPT_M_REF, LL_OPT_M_DATE, LL_OPT_M_QUESTION,
	LL_OPT_M_JURIS,
};

/* --name is the key's own option in `key new` (certificate CN): not listed here */
#define LL_CLI_PROFILE_OPTIONS                                             \
	{ "role", required_argument, NULL, LL_OPT_P_ROLE },                \
	{ "organisation", required_argument, NULL, LL_OPT_P_ORG },         \
	{ "qualification", required_argument, NULL, LL_OPT_P_QUAL },       \
	{ "accreditation", required_argument, NULL, LL_OPT_P_ACCR },       \
	{ "contact", required_argument, NULL, LL_OPT_P_CONTACT }

#define LL_CLI_MANDATE_OPTIONS                                                     \
	{ "requesting-authority", required_argument, NULL, LL_OPT_M_REQ },        \
	{ "basis", required_argument, NULL, LL_OPT_M_BASIS },                     \
	{ "reference", required_argument, NULL, LL_OPT_M_REF },                   \
	{ "mandate-date", required_argument, NULL, LL_OPT_M_DATE },               \
	{ "question", required_argument, NULL, LL_OPT_M_QUESTION },               \
	{ "jurisdiction", required_argument, NULL, LL_OPT_M_JURIS }

struct ll_cli_profile_args {
	struct ll_profile_update u;
	const char *quals[LL_PROFILE_MAX_QUALIFICATIONS + 1];
};

struct ll_cli_mandate_args {
	struct ll_mandate_update u;
	const char *questions[LL_MANDATE_MAX_QUESTIONS + 1];
};

/*
 * Takes option `c` with `arg` when it is one of the profile's (or the
 * mandate's): 1 taken, 0 not one of them, or a usage error's exit code (2)
 * for one repeated more times than allowed.
 */
int ll_cli_profile_opt(struct ll_cli *cli, const char *usage, struct ll_cli_profile_args *a,
		       int c, const char *arg);
int ll_cli_mandate_opt(struct ll_cli *cli, const char *usage, struct ll_cli_mandate_args *a,
		       int c, const char *arg);

/*
 * A repeatable option into a bounded list: 1 taken, or the usage error (2)
 * "at most MAX --OPT" once the list is full.
 */
int ll_cli_list_add(struct ll_cli *cli, const char *usage, const char **list, size_t *n,
		    size_t max, const char *opt, const char *arg);

/*
 * A profile's or a mandate's fields for a terminal: each non-empty text field
 * of `k` ({key, label}) on its line, then each entry of the list `list_key`
 * ("label N  text" when numbered).
 */
void ll_cli_print_fields(const json_t *o, const char *const (*k)[2], size_t nk,
			 const char *list_key, const char *list_label, bool numbered);

/* 0, or the usage error (2) of a mandate value the case would refuse. */
int ll_cli_mandate_check(struct ll_cli *cli, const char *usage,
			 const struct ll_cli_mandate_args *a);

/* The profile as JSON for --json, and as lines for a terminal. */
void ll_cli_profile_print(const json_t *profile);
/* The mandate as lines for a terminal ("mandate  (none recorded)" when null). */
void ll_cli_mandate_print(const json_t *mandate);

/*
 * The certificate in use (--cert, LIFELINE_CERT, the default) and its
 * fingerprint, without loading the key (no passphrase is asked to read or
 * set a profile).
 */
int ll_cli_cert_in_use(char **cert_path, char fpr[65], const struct ll_cli *cli);

/* lifeline key profile (cli/cmd_key_profile.c), lifeline case set (cli/cmd_case_set.c) */
int cmd_key_profile(struct ll_cli *cli, int argc, char **argv);
int cmd_case_set(struct ll_cli *cli, int argc, char **argv);

#endif
