#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The examiner's profile kept with the key (issue #18 item 1): key new writes
# it with the key, key profile shows and changes it (--json and text), an
# empty value removes a field, --qualification replaces the list; the file
# is bound to its certificate (another key's profile is refused, naming the
# file); a broken profile file is refused naming the field; bad UTF-8 is a
# usage error; the profile is never written when no profile option is given.
. "$(dirname "$0")/lib.sh"
need python3

K=$HOME/.lifeline
expect_exit 0 key new --name "Test Examiner" --org "Test Lab"
test_count=$((test_count + 1))
[ ! -e "$K/examiner.profile.json" ] || fail "key new without profile options wrote a profile"
expect_exit 0 --json key profile
expect_grep '"profile": null' "$TMP/out"
expect_exit 0 key profile
expect_grep '^profile +\(none' "$TMP/out"

expect_exit 0 --json key profile --name "Dr Jeanne Dupont" --role "digital forensic examiner" \
	--qualification "Expert près la cour d'appel de Paris (rubrique E-07)" \
	--qualification "MSc Forensic Computing" --accreditation "ISO/IEC 17025:2017, scope 1-2345" \
	--contact "lab@example.org"
cp "$TMP/out" "$TMP/set.json"
fpr=$(openssl x509 -in "$K/examiner.crt" -outform DER | sha256sum | cut -c1-64)
test_count=$((test_count + 1))
python3 - "$TMP/set.json" "$K/examiner.profile.json" "$fpr" <<'PY' || fail "key profile --json is not the profile set"
import json, sys
d = json.load(open(sys.argv[1])); f = json.load(open(sys.argv[2])); fpr = sys.argv[3]
p = d["profile"]
assert d["schema"] == "lifeline.key.profile/1" and d["fingerprint"] == fpr, d
assert p == f, (p, f)
assert p["name"] == "Dr Jeanne Dupont" and p["role"] == "digital forensic examiner", p
assert p["qualifications"] == ["Expert près la cour d'appel de Paris (rubrique E-07)", "MSc Forensic Computing"], p
assert p["accreditation"] == "ISO/IEC 17025:2017, scope 1-2345" and p["contact"] == "lab@example.org", p
assert p["certificate_sha256"] == fpr and p["format"] == "lifeline-examiner-profile/1", p
assert "organisation" not in p, p
PY
# a field not given is kept; "" removes one; --qualification replaces the list
expect_exit 0 --json key profile --organisation "Laboratoire (fictif)" --contact "" --qualification "Only one"
test_count=$((test_count + 1))
python3 - "$TMP/out" <<'PY' || fail "key profile did not merge as documented"
import json, sys
p = json.load(open(sys.argv[1]))["profile"]
assert p["name"] == "Dr Jeanne Dupont" and p["organisation"] == "Laboratoire (fictif)", p
assert "contact" not in p and p["qualifications"] == ["Only one"], p
PY
expect_exit 0 --json key show
test_count=$((test_count + 1))
python3 - "$TMP/out" <<'PY' || fail "key show --json does not carry the profile"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["name"] == "Test Examiner" and d["profile"]["organisation"] == "Laboratoire (fictif)", d
PY
expect_exit 0 key profile
expect_grep '^name +Dr Jeanne Dupont$' "$TMP/out"
expect_grep '^qualification Only one$' "$TMP/out"
expect_grep '^organisation +Laboratoire \(fictif\)$' "$TMP/out"

# bad UTF-8 in an option: a usage error, nothing changed
cp "$K/examiner.profile.json" "$TMP/before.json"
expect_exit 2 key profile --role "$(printf 'bad \377 byte')"
expect_grep "role" "$TMP/err"
expect_same "$TMP/before.json" "$K/examiner.profile.json" "a refused option changed the profile"

# bound to the certificate: another key at another place does not take this profile
expect_exit 0 key new --name "Other" --out "$TMP/other"
cp "$K/examiner.profile.json" "$TMP/other/examiner.profile.json"
expect_exit 1 key profile --cert "$TMP/other/examiner.crt"
expect_grep "examiner\.profile\.json' was written for certificate" "$TMP/err"
# ... and setting it there starts a new profile for that certificate
expect_exit 0 --json key profile --cert "$TMP/other/examiner.crt" --role "trainee"
test_count=$((test_count + 1))
python3 - "$TMP/out" <<'PY' || fail "a profile of another certificate was merged"
import json, sys
p = json.load(open(sys.argv[1]))["profile"]
assert p == {"format": "lifeline-examiner-profile/1", "certificate_sha256": p["certificate_sha256"], "role": "trainee"}, p
PY

# a broken file is refused naming the field
python3 - "$K/examiner.profile.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); p["qualifications"] = ["ok", 7]
open(sys.argv[1], "w").write(json.dumps(p))
PY
expect_exit 4 key profile
expect_grep "qualifications\[1\] is not a text" "$TMP/err"
printf '{"format": "lifeline-examiner-profile/1", "name": "a", "name": "b"}' >"$K/examiner.profile.json"
expect_exit 4 key profile
expect_grep "examiner\.profile\.json" "$TMP/err"

# key new with profile options writes the profile, named by --name, organisation from --org
expect_exit 0 --json key new --name "Sami Haddad" --org "Regional lab" --out "$TMP/k3" \
	--role "examiner" --qualification "Q1"
test_count=$((test_count + 1))
python3 - "$TMP/k3/examiner.profile.json" <<'PY' || fail "key new wrote the wrong profile"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["name"] == "Sami Haddad" and p["organisation"] == "Regional lab", p
assert p["role"] == "examiner" and p["qualifications"] == ["Q1"], p
PY
done_testing
