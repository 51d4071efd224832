#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Times out of range (issue #14 item 1): every text time parser (mapped CSV in
# three ways, JSON Lines, RFC 5424, RFC 3339 syslog, RFC 3164 with --year 2262, Apache/nginx, IIS/W3C, dpkg, apt, bash history, auditd) gets the
# edges of the int64-ns range to the nanosecond, the issue's own examples
# (2606, 1492, 0000, 9999), leap days, offsets that cross an edge and random
# dates. Python's calendar is the oracle (times.py): an in-range line is stored
# at exactly its instant; any other is rejected with its line named, counted,
# and never stored at another date (before the fix 2606-06-04T14:10:33.709551616Z
# was stored at 2021-11-13T14:36:00Z).
. "$(dirname "$0")/../cli/lib.sh"
need python3
new_case
mkdir "$TMP/f"
python3 "$SRC/tests/hostile/times.py" gen "$TMP/f" "${LL_SEED:-14}"
printf 'format = csv\ntime = when\ntime_format = rfc3339\nmessage = what\n' >"$TMP/m-csv"
printf 'format = csv\ntime = when\ntime_format = %%Y-%%m-%%d %%H:%%M:%%S.%%f %%z\nmessage = what\n' >"$TMP/m-csvfmt"
printf 'format = csv\ntime = when\ntime_format = rfc3339\nzone = +05:30\nmessage = what\n' >"$TMP/m-csvzone"
printf 'format = jsonl\ntime = ts\nmessage = msg\n' >"$TMP/m-jsonl"
: >"$TMP/ids"
outs=
for kind in csv csvfmt csvzone jsonl s5424 siso s3164 clf w3c dpkg apt bash audit; do
	name=$(cat "$TMP/f/$kind.name")
	mkdir "$TMP/e-$kind"
	cp "$TMP/f/$name" "$TMP/e-$kind/$name"
	id=$(add_evidence file "$TMP/e-$kind/$name")
	printf '%s\t%s\n' "$kind" "$id" >>"$TMP/ids"
	set --
	case $kind in
	csv*|jsonl) set -- --mapping "$TMP/m-$kind" ;;
	s3164) set -- --year 2262 ;;
	esac
	want=$(awk -F'\t' -v k="$kind" '$1 == k && $3 == "REFUSED"' "$TMP/f/expect.tsv" | wc -l)
	# a refused line makes the result partial (docs/exit-codes.md: 4)
	code=0
	[ "$want" -eq 0 ] || code=4
	expect_exit "$code" --json analyze timeline "$id" "$@"
	cp "$TMP/out" "$TMP/out-$kind"
	outs="$outs $TMP/out-$kind"
	# the reader that was meant read it, and counted its refusals
	rej=$(json_get "$TMP/out" 'sum(f["rejected"] for i in d["items"] for f in i.get("files", []))')
	[ "$rej" -ge "$want" ] || fail "$kind: $rej rejected, $want out-of-range lines"
done
# shellcheck disable=SC2086
python3 "$SRC/tests/hostile/times.py" check "$TMP/f" case.db "$TMP/ids" $outs ||
	fail "times stored at another date, or refused without their line"
test_count=$((test_count + 1))
done_testing
