#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Each collect/evidence command's --help synopsis is the one its doc page shows.
. "$(dirname "$0")/lib.sh"

for page in collect-image collect-files evidence-list evidence-verify; do
	doc="$SRC/docs/commands/$page.md"
	[ -f "$doc" ] || fail "no $doc"
	# shellcheck disable=SC2046
	expect_exit 0 $(echo "$page" | tr '-' ' ') --help
	help=$(head -n 1 "$TMP/out")
	want=$(awk '/^```/{n++; next} n==1 && /^usage:/{print; exit}' "$doc")
	test_count=$((test_count + 1))
	[ "$help" = "$want" ] || fail "$page: --help says '$help', doc says '$want'"
done
done_testing
