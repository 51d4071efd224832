#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Identity unchecked, yet "OK" (issue #14 item 14). A forger who re-signs a case file with a
# self-made certificate bearing the examiner's name must not get exit 0. Without --ca or a
# --signer-fingerprint pinned out of band, `casefile verify` says the integrity holds but the
# signer's identity is not established, exits 1, and says whether the signing certificate is
# one of the examiners' in the bag's own custody ledger.
. "$(dirname "$0")/../cli/lib.sh"
. "$SRC/tests/cli/casefile_fixture.sh"
. "$SRC/tests/cli/casefile_stock.sh"
stock_fixture
# the examiner's own self-signed key (the one that signs the ledger in this case)
expect_exit 0 casefile build -o "$TMP/cf"
FPR=$("$LIFELINE" key show | sed -n 's/^fingerprint *//p')
[ ${#FPR} -eq 64 ] || fail "no fingerprint from key show"

# 1. untampered, no --ca, no pin: integrity holds, identity not established, exit 1
expect_exit 1 casefile verify "$TMP/cf"
expect_grep '^FAILED +identity +NOT established' "$TMP/out"
expect_grep 'integrity holds' "$TMP/out"
expect_no_grep '^case file OK' "$TMP/out"
expect_grep "the integrity holds, but the signer's identity is not established" "$TMP/err"
expect_grep "$FPR signs entries of the bag's custody ledger" "$TMP/err"
for step in layout tag-manifest payload signature timestamp cover custody evidence; do
	expect_no_grep "^FAILED +$step " "$TMP/out"
done
expect_exit 1 --json casefile verify "$TMP/cf"
[ "$(json_get "$TMP/out" 'd["integrity"], d["identity"], d["ok"], d["signer_in_ledger"]')" = \
	"(True, False, False, True)" ] || { cat "$TMP/out" >&2; fail "JSON does not say integrity yes, identity no"; }

# 2. pinned: the examiner's fingerprint as key show prints it, in capitals with colons too
expect_exit 0 casefile verify "$TMP/cf" --signer-fingerprint "$FPR"
expect_grep '^ok +identity +the signer.s certificate is the one pinned' "$TMP/out"
expect_grep '^case file OK' "$TMP/out"
COLONS=$(printf '%s' "$FPR" | tr a-f A-F | sed 's/../&:/g; s/:$//')
expect_exit 0 casefile verify "$TMP/cf" --signer-fingerprint "$COLONS"
expect_exit 1 casefile verify "$TMP/cf" --signer-fingerprint "0000$(printf '%s' "$FPR" | cut -c5-)"
expect_grep 'identity failed: the seal was signed with the certificate SHA-256' "$TMP/err"
expect_exit 1 casefile verify "$TMP/cf" --signer-fingerprint "not-a-hash"
expect_grep 'is not a SHA-256' "$TMP/err"

# 3. the forger: a self-signed certificate with the same name re-signs the tag manifest and
# rewrites the cover with the new certificate's fingerprint; every hash still matches
F=$TMP/forged
cp -a "$TMP/cf" "$F"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$TMP/forger.key" \
	-out "$TMP/forger.pem" -days 30 -subj "/CN=Test Examiner/O=Test Lab" 2>/dev/null
openssl cms -sign -binary -in "$F/bag/tagmanifest-sha256.txt" -signer "$TMP/forger.pem" \
	-inkey "$TMP/forger.key" -outform DER -out "$F/seal/tagmanifest-sha256.txt.p7s" -nosmimecap
FORGED_FPR=$(openssl x509 -in "$TMP/forger.pem" -outform DER | sha256sum | cut -c1-64)
rm -f "$F/seal/tagmanifest-sha256.txt.p7s.tsq"
openssl ts -query -data "$F/seal/tagmanifest-sha256.txt.p7s" -sha256 -cert \
	-out "$F/seal/tagmanifest-sha256.txt.p7s.tsq" 2>/dev/null
sed -i "s/$FPR/$FORGED_FPR/" "$F/seal/cover.html"
expect_exit 1 casefile verify "$F"
expect_grep '^ok +signature ' "$TMP/out"
expect_grep '^ok +cover ' "$TMP/out"
expect_grep '^FAILED +identity +NOT established' "$TMP/out"
expect_grep "'Test Examiner' signs the ledger with another certificate \\(SHA-256 $FPR\\)" "$TMP/out"
expect_grep "$FORGED_FPR is not one of the examiners in the bag's custody ledger" "$TMP/err"
expect_no_grep '^case file OK' "$TMP/out"
# the real examiner's pinned fingerprint unmasks it; so does a CA
expect_exit 1 casefile verify "$F" --signer-fingerprint "$FPR"
expect_grep "identity failed: the seal was signed with the certificate SHA-256 $FORGED_FPR, not the $FPR" "$TMP/err"
expect_exit 1 casefile verify "$F" --ca "$P/ca.pem"
expect_grep 'signature failed: the examiner certificate does not chain to the CA' "$TMP/err"

# 4. a CA-issued certificate of the same name that signs no ledger entry of this case: the
# identity is established by the CA (exit 0), the ledger mismatch reported as a warning
cd "$TMP/case"
# shellcheck disable=SC2086
expect_exit 0 casefile build -o "$TMP/ca-signed" $K
expect_exit 0 casefile verify "$TMP/ca-signed" --ca "$P/ca.pem"
expect_grep "^WARNING +identity +'Test Examiner' is established by the CA" "$TMP/out"
expect_grep "the signer is NOT an examiner of the bag's custody ledger: 'Test Examiner' signs the ledger with another certificate \\(SHA-256 $FPR\\)" "$TMP/out"
done_testing
