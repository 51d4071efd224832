#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A world-readable private key is used (issue #14 item 16). Like ssh, lifeline refuses an
# examiner key file that group or others may read, write or execute (any bit of mode 077),
# naming the file and its mode, whichever way the key is found (default files, --key,
# LIFELINE_KEY) and whichever command signs; 0600 and 0400 are accepted, `key new` writes 0600.
. "$(dirname "$0")/../cli/lib.sh"
new_case
K=$HOME/.lifeline/examiner.key
[ "$(stat -c %a "$K")" = 600 ] || fail "key new wrote mode $(stat -c %a "$K"), not 600"
expect_exit 0 custody add --action note --note "with a private key"
entries() { "$LIFELINE" --json custody verify | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"])'; }
before=$(entries)

for mode in 0640 0620 0610 0604 0602 0601 0644 0666 0660 0700 0400 0600 0777; do
	chmod "$mode" "$K"
	bad=$(( 0$mode & 077 ))
	if [ "$bad" -ne 0 ]; then
		expect_exit 4 custody add --action note --note "mode $mode"
		expect_grep "permissions $mode for '$K' are too open" "$TMP/err"
		expect_grep 'refusing to use it' "$TMP/err"
		expect_exit 4 key show
		expect_grep "permissions $mode for '$K'" "$TMP/err"
		# found through --key and LIFELINE_KEY too
		expect_exit 4 custody add --action note --note x --key "$K" --cert "$HOME/.lifeline/examiner.crt"
		expect_grep "permissions $mode for '$K'" "$TMP/err"
		LIFELINE_KEY=$K LIFELINE_CERT=$HOME/.lifeline/examiner.crt expect_exit 4 custody add --action note --note x
		expect_grep "permissions $mode for '$K'" "$TMP/err"
		[ "$(entries)" = "$before" ] || fail "mode $mode: an entry was signed with the exposed key"
	else
		expect_exit 0 custody add --action note --note "mode $mode"
		before=$(entries)
	fi
done
# the other signing commands refuse it too
chmod 0644 "$K"
printf 'Oct 10 01:58:02 srv sshd[811]: Accepted password for admin from 203.0.113.7 port 1 ssh2\n' >"$TMP/a.log"
expect_exit 4 collect files "$TMP/a.log"
expect_grep "permissions 0644 for '$K' are too open" "$TMP/err"
expect_exit 4 casefile build -o "$TMP/cf"
expect_grep "permissions 0644 for '$K' are too open" "$TMP/err"
[ ! -e "$TMP/cf/seal/tagmanifest-sha256.txt.p7s" ] || fail "a seal was signed with the exposed key"
chmod 0600 "$K"
expect_exit 0 collect files "$TMP/a.log"
done_testing
