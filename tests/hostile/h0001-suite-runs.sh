#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The hostile suite's own check: lib.sh loads from here and its helpers fail
# when they should (a suite whose helpers cannot fail proves nothing).
. "$(dirname "$0")/../cli/lib.sh"

expect_exit 0 --version
expect_grep 'lifeline' "$TMP/out"
# expect_grep must fail on a pattern that is absent.
if (expect_grep 'no-such-text-anywhere' "$TMP/out") 2>/dev/null; then
	fail "expect_grep passed on an absent pattern"
fi
test_failed=0
done_testing
