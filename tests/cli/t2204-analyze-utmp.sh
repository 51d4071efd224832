#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Linux login records (wtmp, btmp, utmp): files written at test time by
# glibc's own writer, updwtmp(3) (tests/cli/utmp_write.c), are read record by
# record; util-linux's utmpdump is the oracle for every record (type, pid,
# id, user, line, host, address, time to the microsecond), last and lastb
# for the sessions and failed logins. Empty, impossible and cut records are
# reported by number and offset; a gzip'd wtmp reads the same; syslog, EVTX,
# random and all-zero files are not taken for login records; a cut gzip keeps
# what inflated.
. "$(dirname "$0")/lib.sh"
need cc python3 utmpdump last lastb gzip

cc -o "$TMP/utmp_write" "$SRC/tests/cli/utmp_write.c" 2>"$TMP/cc.err" ||
	{ cat "$TMP/cc.err" >&2; fail "cannot build the updwtmp helper"; }

# TYPE PID LINE ID USER HOST ADDR SEC USEC SESSION TERMINATION EXIT ("-": empty);
# OLD_TIME and NEW_TIME records have the lines "|" and "{", as sysvinit writes them
tsv() { tr ';' '\t'; }
tsv <<'EOF' >"$TMP/wtmp.tsv"
2;0;~;~~;reboot;6.1.0-21-amd64;-;1717236000;0;0;0;0
1;20021;~;~~;runlevel;6.1.0-21-amd64;-;1717236001;250000;0;0;0
5;1;-;si;-;-;-;1717236002;0;0;0;0
6;700;tty1;tty1;LOGIN;-;-;1717236003;0;0;0;0
7;812;pts/0;ts/0;nurse1;10.1.2.3;10.1.2.3;1717236060;123456;4;0;0
7;813;pts/1;ts/1;admin;ward7.example.org;2001:db8::7;1717236070;999999;5;0;0
7;814;tty2;tty2;abcdefghijklmnopqrstuvwxyz012345;-;-;1717236080;1;6;0;0
7;815;pts/2;ts/2;dr.house;10.9.8.7;::ffff:10.9.8.7;1717236090;42;7;0;0
8;812;pts/0;ts/0;-;-;-;1717239660;5;4;0;1
4;0;|;-;-;-;-;1717239700;0;0;0;0
3;0;{;-;-;-;-;1717243300;0;0;0;0
1;0;~~;~~;shutdown;6.1.0-21-amd64;-;1717250000;0;0;0;0
EOF
"$TMP/utmp_write" "$TMP/wtmp" <"$TMP/wtmp.tsv" || fail "updwtmp"
[ "$(stat -c %s "$TMP/wtmp")" -eq $((12 * 384)) ] || fail "wtmp: 12 records of 384 bytes expected"

# btmp: failed logins as sshd records them (LOGIN_PROCESS, ssh:notty)
tsv <<'EOF' | "$TMP/utmp_write" "$TMP/btmp" || fail "updwtmp btmp"
6;901;ssh:notty;-;root;203.0.113.9;203.0.113.9;1717237000;1;0;0;0
6;902;ssh:notty;-;admin;2001:db8::66;2001:db8::66;1717237005;500000;0;0;0
6;903;ssh:notty;-;nurse1;ward9.example.org;10.1.2.99;1717237010;0;0;0;0
EOF

new_case
w=$(add_evidence file "$TMP/wtmp")
b=$(add_evidence file "$TMP/btmp")
expect_exit 0 --json analyze timeline "$w" "$b"
cp "$TMP/out" "$TMP/run1.json"
python3 - "$TMP/run1.json" <<'PY' || fail "reader, counts or warnings of the clean files"
import json, sys
d = json.load(open(sys.argv[1]))
for it, n in zip(d["items"], (12, 3)):
    f = it["files"][0]
    assert f["reader"] == "utmp", f
    assert (f["events"], f["rejected"], f["warnings"]) == (n, 0, []), f
PY

# oracle: utmpdump, record by record
TZ=UTC utmpdump "$TMP/wtmp" >"$TMP/wtmp.dump" 2>/dev/null || fail "utmpdump wtmp"
TZ=UTC utmpdump "$TMP/btmp" >"$TMP/btmp.dump" 2>/dev/null || fail "utmpdump btmp"
cat >"$TMP/oracle.py" <<'PY'
import calendar, json, re, sqlite3, sys
dump, ev, case_db = sys.argv[1], sys.argv[2], sys.argv[3]
names = ["EMPTY", "RUN_LVL", "BOOT_TIME", "NEW_TIME", "OLD_TIME", "INIT_PROCESS",
         "LOGIN_PROCESS", "USER_PROCESS", "DEAD_PROCESS", "ACCOUNTING"]
line_re = re.compile(r"^\[(\d+)\] \[(-?\d+) *\] \[(.*?)\] \[(.*?)\] \[(.*?)\] \[(.*?)\] \[(.*?)\] "
                     r"\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d),(\d{6})\+00:00\]$")
recs = []
for l in open(dump):
    m = line_re.match(l.rstrip("\n"))
    assert m, "utmpdump line not understood: %r" % l
    recs.append(m.groups())
db = sqlite3.connect(case_db)
rows = db.execute("SELECT time_ns, time_raw, time_desc, time_rule, source, parser, host, user, path, "
                  "locator, message, attrs FROM events_full WHERE evidence_id=? ORDER BY id", (ev,)).fetchall()
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
check(len(rows) == len(recs), "%d events, utmpdump printed %d records" % (len(rows), len(recs)))
for i, (o, r) in enumerate(zip(recs, rows)):
    typ, pid, uid, user, line, host, addr, t, usec = [x.rstrip(" ") for x in o]
    t_ns, raw, desc, rule, src, parser, ehost, euser, path, loc, msg, attrs = r
    a = json.loads(attrs)
    sec = calendar.timegm((int(t[0:4]), int(t[5:7]), int(t[8:10]), int(t[11:13]), int(t[14:16]), int(t[17:19])))
    n = i + 1
    check(loc == "record=%d;offset=%d" % (n, i * 384), "record %d locator %r" % (n, loc))
    check(t_ns == sec * 10**9 + int(usec) * 1000, "record %d time %d vs utmpdump %s,%s" % (n, t_ns, t, usec))
    check(raw == "%d.%s" % (sec, usec), "record %d time_raw %r" % (n, raw))
    check((desc, src, parser, ehost) == ("Start Time", "login", "utmp", None), "record %d kind %r" % (n, r[2:7]))
    check(rule == "utmp ut_tv (UTC seconds and microseconds since the epoch, the writer's clock)", "rule %r" % rule)
    check(path.startswith("evidence/"), "record %d path %r" % (n, path))
    check(a["type_code"] == int(typ) and a["type"] == names[int(typ)], "record %d type %r vs %s" % (n, a, typ))
    check(msg.startswith(names[int(typ)] + " ") or msg == names[int(typ)], "record %d message %r" % (n, msg))
    check(a["pid"] == int(pid), "record %d pid %r vs %s" % (n, a["pid"], pid))
    check(a.get("id", "") == uid, "record %d id %r vs %r" % (n, a.get("id"), uid))
    check(a.get("user", "") == user, "record %d user %r vs %r" % (n, a.get("user"), user))
    check(a.get("line", "") == line, "record %d line %r vs %r" % (n, a.get("line"), line))
    check(a.get("client_host", a.get("kernel", "")) == host, "record %d host %r vs %r" % (n, a, host))
    check(a.get("client_ip", "0.0.0.0") == addr, "record %d address %r vs %r" % (n, a.get("client_ip"), addr))
    # the event's user is the account of process records only
    check(euser == (user if int(typ) >= 5 and user else None), "record %d event user %r" % (n, euser))
    if int(typ) in (6, 7) and user:
        check(msg.startswith("%s %s" % (names[int(typ)], user)), "record %d message %r" % (n, msg))
        if host:
            check(" from " + host in msg, "record %d message lacks the host: %r" % (n, msg))
print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
python3 "$TMP/oracle.py" "$TMP/wtmp.dump" "$w" case.db || fail "wtmp events differ from utmpdump"
python3 "$TMP/oracle.py" "$TMP/btmp.dump" "$b" case.db || fail "btmp events differ from utmpdump"

# a few messages and attributes, as an examiner reads them
sq() { python3 -c 'import sqlite3,sys; print("\n".join("|".join("" if v is None else str(v) for v in r) for r in sqlite3.connect("case.db").execute(sys.argv[1], sys.argv[2:])))' "$@"; }
sq "SELECT message FROM events WHERE evidence_id=? ORDER BY id" "$w" >"$TMP/msgs"
expect_grep "^BOOT_TIME system boot \(kernel 6\.1\.0-21-amd64\)$" "$TMP/msgs"
expect_grep "^RUN_LVL runlevel 5 \(was N\) \(kernel 6\.1\.0-21-amd64\)$" "$TMP/msgs"
expect_grep "^USER_PROCESS nurse1 on pts/0 from 10\.1\.2\.3$" "$TMP/msgs"
expect_grep "^USER_PROCESS admin on pts/1 from ward7\.example\.org \(2001:db8::7\)$" "$TMP/msgs"
expect_grep "^USER_PROCESS abcdefghijklmnopqrstuvwxyz012345 on tty2$" "$TMP/msgs"
expect_grep "^DEAD_PROCESS pts/0 \(logout\)$" "$TMP/msgs"
expect_grep "^RUN_LVL system shutdown" "$TMP/msgs"
sq "SELECT json_extract(attrs,'\$.session')||' '||json_extract(attrs,'\$.exit_status') FROM events WHERE evidence_id=? AND json_extract(attrs,'\$.type')='DEAD_PROCESS'" "$w" >"$TMP/dead"
expect_grep "^4 1$" "$TMP/dead"

# second oracle: last and lastb (sessions and failed logins: user, line, host)
TZ=UTC last -f "$TMP/wtmp" --time-format iso -w >"$TMP/last.txt" 2>/dev/null || fail "last"
TZ=UTC lastb -f "$TMP/btmp" --time-format iso -w >"$TMP/lastb.txt" 2>/dev/null || fail "lastb"
cat >"$TMP/last.py" <<'PY'
import json, re, sqlite3, sys
out, ev, types = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
seen = set()
for l in open(out):
    f = l.split()
    if len(f) < 3 or f[0] in ("reboot", "shutdown", "runlevel") or l.startswith(("wtmp ", "btmp ")):
        continue
    host = "" if re.match(r"\d{4}-\d\d-\d\dT", f[2]) else f[2]
    seen.add((f[0], f[1], host))
db = sqlite3.connect("case.db")
ours = set()
for (attrs,) in db.execute("SELECT attrs FROM events WHERE evidence_id=?", (ev,)):
    a = json.loads(attrs)
    if a["type"] in types:
        ours.add((a["user"], a["line"], a.get("client_host", "")))
if seen != ours or not seen:
    print("last printed %r\nlifeline has %r" % (sorted(seen), sorted(ours)), file=sys.stderr)
    sys.exit(1)
PY
(cd "$TMP/case" && python3 "$TMP/last.py" "$TMP/last.txt" "$w" USER_PROCESS) || fail "sessions differ from last"
(cd "$TMP/case" && python3 "$TMP/last.py" "$TMP/lastb.txt" "$b" LOGIN_PROCESS) || fail "failed logins differ from lastb"

# damaged: an empty (zeroed) record after record 3, an impossible type, a
# control byte in ut_user, and a last record cut to 100 bytes
python3 - "$TMP/wtmp" "$TMP/damaged" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
r = [d[i:i + 384] for i in range(0, len(d), 384)]
garbage = b"\x4d\x00" + r[4][2:]                       # ut_type 77
ctl = bytearray(r[5]); ctl[44 + 2] = 0x01              # "ad\x01in"
out = r[0] + r[1] + r[2] + bytes(384) + b"".join(r[3:]) + garbage + bytes(ctl) + r[6][:100]
open(sys.argv[2], "wb").write(out)
PY
dm=$(add_evidence file "$TMP/damaged")
gzip -c "$TMP/wtmp" >"$TMP/wtmp.1.gz"
z=$(add_evidence file "$TMP/wtmp.1.gz")
expect_exit 4 analyze timeline "$dm" "$z"
expect_grep "^$dm +12 events, 3 rejected" "$TMP/out"
expect_grep "damaged' record 14 at offset 4992: ut_type 77 is not a login record type" "$TMP/out"
expect_grep "damaged' record 15 at offset 5376: ut_user holds a control byte" "$TMP/out"
expect_grep "damaged' record 16 at offset 5760: cut short \(100 of 384 bytes\)" "$TMP/out"
expect_grep "damaged': 1 empty \(all-zero\) records skipped, the first is record 4 at offset 1152" "$TMP/out"
expect_grep "^$z +12 events, 0 rejected" "$TMP/out"
# the same events as the clean file, whatever the damage or the compression
for id in "$dm" "$z"; do
	for f in "$w" "$id"; do
		sq "SELECT time_ns, message, user, attrs FROM events WHERE evidence_id=? ORDER BY id" "$f" >"$TMP/ev.$f"
	done
	expect_same "$TMP/ev.$w" "$TMP/ev.$id" "$id: events differ from the clean wtmp"
done
# locators count the zeroed record: the record after it is number 5
sq "SELECT locator FROM events WHERE evidence_id=? AND message LIKE 'LOGIN_PROCESS%'" "$dm" >"$TMP/loc"
expect_grep "^record=5;offset=1536$" "$TMP/loc"

# a gzip'd wtmp cut short: the records inflated before the cut are kept
i=0
while [ $i -lt 200 ]; do
	i=$((i + 1))
	printf '7;%d;pts/%d;ts/0;u%d;10.0.0.%d;10.0.0.%d;%d;0;1;0;0\n' $i $i $i $((i % 250)) $((i % 250)) $((1717236000 + i))
done | tsv | "$TMP/utmp_write" "$TMP/big" || fail "updwtmp big"
gzip -c "$TMP/big" | head -c 1500 >"$TMP/cut.gz"
cz=$(add_evidence file "$TMP/cut.gz")
expect_exit 0 analyze timeline "$cz"
expect_grep "cut.gz': cannot read past offset [0-9]+ \(.*gzip stream truncated\); the [0-9]+ records before are kept" "$TMP/out"
n=$(sq "SELECT count(*) FROM events WHERE evidence_id=?" "$cz")
say "cut gzip gave $n events"
[ "$n" -gt 0 ] && [ "$n" -lt 200 ] || fail "cut gzip: $n events"

# not login records: syslog, EVTX, random bytes, zeros (whole records all)
printf '<34>1 2024-06-01T10:00:00Z ward1 sshd 812 - - Accepted password for nurse1 from 10.1.2.3 port 22 ssh2\n' >"$TMP/auth.log"
head -c $((384 * 8)) /dev/urandom >"$TMP/random.bin"
head -c $((384 * 8)) /dev/zero >"$TMP/zero.bin"
s=$(add_evidence file "$TMP/auth.log")
e=$(add_evidence file "$SRC/tests/fuzz/corpus/evtx/cc0_4720_local_user_created.evtx")
r=$(add_evidence file "$TMP/random.bin")
o=$(add_evidence file "$TMP/zero.bin")
expect_exit 4 --json analyze timeline "$s" "$e" "$r" "$o"
python3 - "$TMP/out" <<'PY' || fail "a file was taken for login records"
import json, sys
d = json.load(open(sys.argv[1]))
got = [it["files"][0]["reader"] for it in d["items"]]
assert got == ["syslog", "evtx", None, None], got
PY
done_testing
