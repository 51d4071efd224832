#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The harm annex: plain in data/harm/ by default; with --recipient only data/harm.tar.p7m,
# which `openssl cms -decrypt` opens with the recipient's key into the original files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/casefile_fixture.sh"
need sqlite3 python3 openssl tar cmp
export LIFELINE_NOW=2025-10-12T09:00:00Z

casefile_case "$TMP/case"
casefile_pki "$TMP/pki"
P=$TMP/pki
expect_exit 0 casefile build -o "$TMP/cf" --include-evidence --recipient "$P/recipient.pem"
D=$TMP/cf/bag/data
[ -f "$D/harm.tar.p7m" ] || fail "no encrypted annex"
[ ! -e "$D/harm" ] || fail "plain harm files shipped beside the encrypted annex"
# the hospital's files are not copied in clear as evidence either
[ ! -e "$D/evidence/E3" ] && [ ! -e "$D/evidence/E4" ] || fail "harm evidence copied in clear"
[ -f "$D/evidence/E1/srv-ehr01.raw" ] || fail "other evidence not copied"
expect_no_grep 'P-5d3c03545432dcdb308c889b41cf399c' "$D/harm.tar.p7m"
# the recipient decrypts it with stock openssl
openssl cms -decrypt -binary -inform DER -in "$D/harm.tar.p7m" -recip "$P/recipient.pem" \
	-inkey "$P/recipient.key" -out "$TMP/harm.tar" || fail "openssl cms -decrypt failed"
mkdir "$TMP/x"
tar -xf "$TMP/harm.tar" -C "$TMP/x" || fail "not a tar archive"
cmp "$TMP/x/harm/E3/harm_events.csv" "$TMP/case/evidence/E3/harm_events.csv" || fail "harm_events.csv differs"
cmp "$TMP/x/harm/E3/service_disruptions.csv" "$TMP/case/evidence/E3/service_disruptions.csv" || fail "service_disruptions.csv differs"
cmp "$TMP/x/harm/E4/bundle.json" "$TMP/case/evidence/E4/bundle.json" || fail "bundle.json differs"
tar -tvf "$TMP/harm.tar" > "$TMP/list"
expect_no_grep 'harm/E2' "$TMP/list"
expect_grep '^-rw-r--r-- 0/0 ' "$TMP/list"
# another key cannot open it
if openssl cms -decrypt -binary -inform DER -in "$D/harm.tar.p7m" -recip "$P/examiner.pem" \
	-inkey "$P/examiner.key" -out "$TMP/no.tar" 2>/dev/null; then
	fail "decrypted with the wrong key"
fi
expect_exit 0 casefile verify "$TMP/cf" --signer-fingerprint "$("$LIFELINE" key show | sed -n 's/^fingerprint *//p')"
expect_grep 'data/harm.tar.p7m' "$D/report.html"

# a recipient file that is not a certificate is refused before anything is written
expect_exit 4 casefile build -o "$TMP/cf-bad" --recipient "$TMP/case/evidence/E2/auth.log"
[ ! -e "$TMP/cf-bad" ] || fail "partial case file left for a bad recipient"
done_testing
