#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bash completion (issue #21, cli/completion/lifeline.bash): commands, subcommands, options,
# option values from the usage line, the evidence ids of the case in the current directory or
# -C DIR, files where a FILE is taken; installed by `cmake --install` where bash-completion
# looks (share/bash-completion/completions/lifeline).
. "$(dirname "$0")/lib.sh"
need bash cmake

COMP=$SRC/cli/completion/lifeline.bash
# comp WANT WORDS...: completing the last word of `lifeline WORDS` offers exactly WANT
comp() {
	want=$1
	shift
	got=$(bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _lifeline; [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		sh "$COMP" "$LIFELINE" "$@")
	test_count=$((test_count + 1))
	[ "$got" = "$want" ] || fail "completing '$*': got '$got', want '$want'"
}

comp "collect " co
comp "case casefile " cas
comp "files image " collect ""
comp "--format " collect image --fo
comp "e01 raw " collect image --format ""
comp "none " collect image --compression n
comp "bodyfile csv jsonl jsonl-wide l2tcsv mactime opensearch-bulk " timeline export --format ""
comp "host item " timeline export --timeline-per ""
comp "--jobs --json " analyze timeline --j
comp "--json " --js
comp "--progress " --pro
comp "auto json none " --progress ""
comp "analyze " --progress json an
comp "" analyze timeline --jobs ""
comp "--action --case-id --cert --evidence --head --help --json --key --location --note --store --to " custody add --

new_case
mkdir -p "$TMP/logs"
echo 'Jun  3 14:00:00 ward1 sshd[1]: hello' >"$TMP/logs/a.log"
id1=$(add_evidence file "$TMP/logs/a.log")
id2=$(add_evidence file "$TMP/logs/a.log")
comp "$id1 $id2 " evidence verify ""
comp "$id1 $id2 " timeline export --evidence ""
cd "$TMP"
comp "" evidence verify ""
comp "$id1 $id2 " -C "$TMP/case" evidence verify ""
comp "$TMP/logs/a.log " collect files "$TMP/logs/a"

# installed where bash-completion looks
if [ -n "${LL_BUILD_DIR:-}" ] && [ -f "$LL_BUILD_DIR/cmake_install.cmake" ]; then
	cmake --install "$LL_BUILD_DIR" --prefix "$TMP/inst" >"$TMP/inst.log" 2>&1 ||
		{ cat "$TMP/inst.log" >&2; fail "cmake --install"; }
	[ -x "$TMP/inst/bin/lifeline" ] || fail "no bin/lifeline installed"
	cmp -s "$COMP" "$TMP/inst/share/bash-completion/completions/lifeline" ||
		fail "completion not installed as share/bash-completion/completions/lifeline"
	bash -c '. "$1"; complete -p lifeline' sh "$TMP/inst/share/bash-completion/completions/lifeline" \
		>"$TMP/complete" || fail "the installed file registers no completion"
	expect_grep "complete .*-F _lifeline lifeline" "$TMP/complete"
	test_count=$((test_count + 2))
else
	partial "no build directory to install from (LL_BUILD_DIR)"
fi

done_testing
