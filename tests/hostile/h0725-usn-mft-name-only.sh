#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: a file named $MFT beside other files, none of them a change journal
# (issue #19). Whether a loose $MFT is a journal's path source is decided by
# content: a file of the item recognised as a journal (as the journal reader
# recognises one) and paired with it. A file merely named $J (bytes that
# are no journal) does not make it one: the $MFT is an ordinary file, which
# no reader knows (partial, exit 4), not silently passed over as a path source.
. "$(dirname "$0")/../cli/lib.sh"
need python3

mkdir "$TMP/x"
python3 -c 'import sys; open(sys.argv[1], "wb").write(b"FILE0\x03\x00" + bytes(1017))' "$TMP/x/\$MFT"
printf 'not a journal\n%.0s' $(seq 1 50) >"$TMP/x/\$J"
printf 'a responder note\n' >"$TMP/x/notes.txt"
new_case
I=$(add_evidence file "$TMP/x")
expect_exit 4 --json analyze timeline "$I"
expect_no_grep "a loose [$]MFT" "$TMP/out"
expect_grep "x/[$]MFT': no reader recognises this content" "$TMP/out"
LIFELINE_NO_WORKERS=1 expect_exit 4 --json analyze timeline "$I"
expect_no_grep "a loose [$]MFT" "$TMP/out"
expect_grep "x/[$]MFT': no reader recognises this content" "$TMP/out"
done_testing
