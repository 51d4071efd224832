#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Class: network addresses are not identifying data. The systems inventory's
# `ip_addresses` column (lifeline-systems/1, harm-schemas.md §E: a ';'-list
# of IPv4/IPv6 addresses) and IP addresses in free text are accepted and
# stored; a value that is not an address list is refused naming file, line
# and column. Before the fix systems.csv with `ip_addresses` was refused as
# "identifying data (an address)", and "10.10.100.200" in notes as "a phone
# or identity number".
. "$(dirname "$0")/../cli/lib.sh"
need sqlite3 python3
EX=$SHARED/formats/examples
[ -f "$EX/systems.csv" ] || skip "no $EX"
new_case

# with_ips OUT IPS...: systems.csv with an ip_addresses column, row i gets IPS[i]
with_ips() {
	python3 - "$EX/systems.csv" "$@" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
out, ips = sys.argv[2], sys.argv[3:]
rows[0].insert(7, 'ip_addresses')
for i, r in enumerate(rows[1:]):
    r.insert(7, ips[i] if i < len(ips) else '')
with open(out, 'w', newline='', encoding='utf-8') as f:
    csv.writer(f, lineterminator='\n').writerows(rows)
PY
}

run_file() {
	mkdir -p "$TMP/in$1"
	cp "$2" "$TMP/in$1/systems.csv"
	id=$(add_evidence file "$TMP/in$1/systems.csv")
	set +e
	"$LIFELINE" analyze timeline "$id" >"$TMP/out" 2>"$TMP/err"
	set -e
	cat "$TMP/out" "$TMP/err" >"$TMP/all"
}

with_ips "$TMP/systems.csv" "10.10.100.200;192.168.100.200" "fe80::1ff:fe23:4567:890a;10.0.0.5" "10.0.0.10" "2001:db8::7"
chmod u+w "$TMP/systems.csv"
sed -i '5s/shadow copies deleted/shadow copies deleted from 10.10.100.200 at 02:14/' "$TMP/systems.csv"
run_file 1 "$TMP/systems.csv"
expect_no_grep "identifying data|warning" "$TMP/all"
sqlite3 case.db "SELECT count(*) FROM systems WHERE evidence_id = '$id'" >"$TMP/q"
expect_grep '^4$' "$TMP/q"
sqlite3 case.db "SELECT json_extract(row, '$.ip_addresses[1]') FROM systems WHERE evidence_id = '$id' AND hostname = 'srv-ehr01'" >"$TMP/q"
expect_grep '^192\.168\.100\.200$' "$TMP/q"
sqlite3 case.db "SELECT json_extract(row, '$.ip_addresses[0]') FROM systems WHERE evidence_id = '$id' AND hostname = 'srv-lis02'" >"$TMP/q"
expect_grep '^fe80::1ff:fe23:4567:890a$' "$TMP/q"

# not an address list: refused, naming the line and the column
for bad in "10.0.0.300" "10.0.0.5;" "srv-ehr01" "06 12 34 56 78" "10.0.0.5,10.0.0.6"; do
	k=${k:-1}
	k=$((k + 1))
	with_ips "$TMP/bad$k.csv" "$bad"
	run_file "$k" "$TMP/bad$k.csv"
	expect_grep "systems.csv': line 2: column 'ip_addresses': '.*' is not a ';'-list of IPv4 or IPv6 addresses" "$TMP/all"
	sqlite3 case.db "SELECT count(*) FROM systems WHERE evidence_id = '$id'" >"$TMP/q"
	expect_grep '^0$' "$TMP/q"
done
done_testing
