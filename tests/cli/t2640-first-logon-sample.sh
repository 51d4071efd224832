#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# First logon from a new external address (issue 17 item 3) on the sample
# incident (docs/example/make-incident.sh): the attacker's 3 logins on
# labsrv01 (counted from the raw syslog) give exactly one finding, at the
# first, 2021-11-02T22:31:40Z as labadmin, citing that syslog line (grep -n
# is the oracle); the later logins give none; no other host or address
# gives one; a re-run of detect gives the same findings, not more.
. "$(dirname "$0")/lib.sh"
PATH=$PATH:/usr/sbin:/sbin
need mkfs.ext4 debugfs sqlite3 python3

inc=$TMP/incident
sh "$SRC/docs/example/make-incident.sh" "$inc" >"$TMP/make.out" 2>&1 ||
	{ cat "$TMP/make.out" >&2; fail "make-incident.sh failed"; }
. "$inc/expected.env"
ip=$ATTACKER_IP
esc=$(printf '%s' "$ip" | sed 's/\./\\./g')
syslog=$inc/labsrv01/syslog
new_case
add_evidence file "$inc/fs03-logs/System.evtx" "$inc/fs03-logs/Security.evtx" >/dev/null
add_evidence file "$syslog" >/dev/null
expect_exit 0 analyze timeline --tz Europe/Paris --year 2021 --clock-offset "E2=$LAB_CLOCK_SLOW_SECONDS"
expect_exit 0 --json analyze detect --no-fs
expect_grep '"first_logon_findings": 1' "$TMP/out"
# the signed detect entry counts them too (its details are signed before commit)
expect_exit 0 custody log --json
python3 - "$TMP/out" <<'PY' || fail "the detect custody entry does not count the first-logon finding"
import json, sys
doc = json.load(open(sys.argv[1]))
rows = doc["entries"] if isinstance(doc, dict) else doc
det = [e for e in rows if e.get("action") == "detect"]
d = det[-1]["details"]
d = json.loads(d) if isinstance(d, str) else d
sys.exit(0 if d.get("first_logon_findings") == 1 else 1)
PY
test_count=$((test_count + 1))

# the oracle: the raw syslog's logins from the attacker, the first one's line
accepted=$(grep -Ec "sshd\[[0-9]+\]: Accepted (password|publickey) for .* from $esc port" "$syslog")
line=$(grep -n -m1 -E "sshd\[[0-9]+\]: Accepted (password|publickey) for .* from $esc port" "$syslog" | cut -d: -f1)
user=$(grep -m1 -E "sshd\[[0-9]+\]: Accepted (password|publickey) for .* from $esc port" "$syslog" |
	sed -E 's/.* for ([^ ]+) from .*/\1/')
test_count=$((test_count + 1))
[ "$accepted" -ge 2 ] && [ -n "$line" ] && [ "$user" = labadmin ] ||
	fail "the sample's syslog has $accepted logins from $ip (first: line '$line', user '$user'); the story has 3 by labadmin"
say "$accepted logins from $ip in the syslog; the first on line $line as $user"

expect_exit 0 --json findings list --rule movement.first_logon_external
cp "$TMP/out" "$TMP/f1.json"
python3 - "$TMP/f1.json" case.db "$ip" "$line" "$accepted" >"$TMP/checks.out" 2>&1 <<'PY' ||
import json, sqlite3, sys
d = json.load(open(sys.argv[1]))["findings"]
db = sqlite3.connect(sys.argv[2])
ip, line, accepted = sys.argv[3], sys.argv[4], int(sys.argv[5])
bad = []
def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        bad.append(what)
check(len(d) == 1, "exactly one first-logon finding in the sample (%d)" % len(d))
if d:
    f = d[0]
    check(f["title"] == "First logon from a new external address: %s on labsrv01 as labadmin" % ip, f["title"])
    check(f["host"] == "labsrv01", "on labsrv01 (%s)" % f["host"])
    check(f["first"].startswith("2021-11-02T22:31:40") and f["last"] == f["first"],
          "at 2021-11-02T22:31:40Z, first = last (%s, %s)" % (f["first"], f["last"]))
    check(f["severity"] == "medium" and sorted(f["techniques"]) == ["T1078", "T1133"],
          "medium, T1078 and T1133 (%s, %s)" % (f["severity"], f["techniques"]))
    check(f["source"] == "builtin" and f["ruleset"] == "first-logon", "a built-in of rule set first-logon")
    check("first in the evidence examined" in f["description"] and "before the evidence starts" in f["description"],
          "the description says new means first in the evidence")
    check(len(f["event_ids"]) == 1, "it cites one event (%s)" % f["event_ids"])
    ev = db.execute("SELECT locator, message, host FROM events WHERE id = ?", (f["event_ids"][0],)).fetchone()
    check(ev and ev[0].startswith("line=%s;" % line), "it cites syslog line %s (%s)" % (line, ev and ev[0]))
    check(ev and ("Accepted" in ev[1] and ip in ev[1]), "the cited event is the accepted login")
    check(f["details"]["later_logons"] == accepted - 1,
          "the %d later logins are counted, not found (%s)" % (accepted - 1, f["details"]["later_logons"]))
    # the edge it rests on is the first successful one from the address
    first_edge = db.execute("SELECT min(time_ns) FROM movement_edges WHERE from_addr = ? AND success = 1", (ip,)).fetchone()[0]
    t = db.execute("SELECT time_ns FROM events WHERE id = ?", (f["event_ids"][0],)).fetchone()[0]
    check(first_edge == t, "at the address's earliest successful edge")
sys.exit(1 if bad else 0)
PY
	{ cat "$TMP/checks.out" >&2; fail "first-logon checks"; }
test_count=$((test_count + 1))
cat "$TMP/checks.out"

# a re-run of detect: the same findings, none added
expect_exit 0 --json analyze detect --no-fs
expect_grep '"first_logon_findings": 1' "$TMP/out"
expect_exit 0 --json findings list --rule movement.first_logon_external
test_count=$((test_count + 1))
[ "$(json_get "$TMP/out" '[(f["title"], f["event_ids"], f["first"]) for f in d["findings"]]')" = \
  "$(json_get "$TMP/f1.json" '[(f["title"], f["event_ids"], f["first"]) for f in d["findings"]]')" ] ||
	fail "a re-run of detect changed the first-logon findings"
test_count=$((test_count + 1))
[ "$(sqlite3 case.db "SELECT count(*) FROM findings WHERE rule_id = 'movement.first_logon_external'")" = 1 ] ||
	fail "a re-run duplicated the finding"
# the text output says it
expect_exit 0 analyze detect --no-fs
expect_grep '^1 first logon from a new external address$' "$TMP/out"
done_testing
