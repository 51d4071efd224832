#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The mutation runner's own check (cheap, runs in every ctest pass): the
# list's snippets are each found exactly once in today's tree, and the
# runner does refuse a list whose snippet is missing, doubled or malformed.
set -eu
cd "$(dirname "$0")/../.."
run=tests/mutation/run.py
python3 "$run" --check || { echo "FAIL: mutants.txt is stale: refresh the snippets above"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ll-mutation-selftest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
refuse() { # NAME LIST-TEXT: --check must exit 1 on it
	printf '%s\n' "$2" >"$tmp/list"
	if python3 "$run" --check --list "$tmp/list" >"$tmp/out" 2>&1; then
		cat "$tmp/out"
		echo "FAIL: the runner accepted a list with $1"
		exit 1
	fi
}
refuse "a snippet not in the file" 'mutant m
file core/custody.c
what x
tests ^unit
<<<
this text is not in custody.c
===
y
>>>'
refuse "a snippet found twice" 'mutant m
file core/custody.c
what x
tests ^unit
<<<
	return 0;
===
	return 1;
>>>'
refuse "no tests line" 'mutant m
file core/custody.c
what x
<<<
	if (head && !v.head_found) {
===
	if (0) {
>>>'
refuse "an unclosed mutant" 'mutant m
file core/custody.c
what x
tests ^unit
<<<
	if (head && !v.head_found) {
==='
refuse "a missing file" 'mutant m
file core/nothing.c
what x
tests ^unit
<<<
a
===
b
>>>'
echo "ok: mutation list and runner self-check"
