#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Linux audit log (auditd's audit.log): a fixture written here (an sshd
# failed-login burst, a login, sudo, tar and openssl enc over /srv, useradd,
# a rule removed, a node= forwarded record, an enriched record with \x1d, a
# bad time, binary garbage, a last line cut short) is read one event per
# record. ausearch 3.0.9 on the same file is the oracle for the records
# kept, their serials, times to the millisecond, the events (records grouped
# by serial), decoded EXECVE/proctitle command lines, acct, sudo cmd,
# syscall names and node. The same file gzip'd gives the same events; a
# syslog file is not taken for an audit log, nor the audit log for syslog.
. "$(dirname "$0")/lib.sh"
need python3 sqlite3 gzip

python3 - "$TMP/audit.log" "$TMP/expect" <<'PY'
import sys
def hx(s): return s.encode().hex().upper()
def a(t, sec, ser, body, node=None, enr=None):
    l = ("node=%s " % node if node else "") + "type=%s msg=audit(%s:%d): %s" % (t, sec, ser, body)
    return l + ("\x1d" + enr if enr else "")
U = "pid=%d uid=0 auid=%s ses=%s subj=unconfined msg='%s'"
NO = "4294967295"
L = [a("DAEMON_START", "1717236000.000", 6789, "op=start ver=3.0.9 format=raw kernel=6.1.0-21-amd64 auid=4294967295 pid=512 uid=0 ses=4294967295 subj=unconfined res=success")]
ser = 100
# sshd: three failed attempts from one address, the last for an account
# name with a space (auditd hex-encodes it)
for i, who in enumerate(["root", "root", "svc admin"]):
    acct = '"%s"' % who if " " not in who else hx(who)
    L.append(a("USER_AUTH", "%d.101" % (1717236001 + 4 * i), ser, U % (1201 + i, NO, NO,
        'op=PAM:authentication grantors=? acct=%s exe="/usr/sbin/sshd" hostname=203.0.113.50 addr=203.0.113.50 terminal=ssh res=failed' % acct)))
    ser += 1
    L.append(a("USER_LOGIN", "%d.250" % (1717236003 + 4 * i), ser, U % (1201 + i, NO, NO,
        'op=login acct=%s exe="/usr/sbin/sshd" hostname=? addr=203.0.113.50 terminal=ssh res=failed' % acct)))
    ser += 1
ok = 'grantors=pam_unix acct="radiology" exe="/usr/sbin/sshd" hostname=10.20.1.15 addr=10.20.1.15 terminal=ssh res=success'
L.append(a("USER_AUTH", "1717236050.010", 110, U % (1300, NO, NO, "op=PAM:authentication " + ok)))
L.append(a("USER_ACCT", "1717236050.012", 111, U % (1300, NO, NO, "op=PAM:accounting " + ok)))
L.append(a("CRED_ACQ", "1717236050.013", 112, U % (1300, NO, NO, "op=PAM:setcred " + ok)))
L.append(a("LOGIN", "1717236050.020", 113, "pid=1300 uid=0 subj=unconfined old-auid=4294967295 auid=1001 tty=(none) old-ses=4294967295 ses=7 res=1"))
L.append(a("USER_START", "1717236050.031", 114, U % (1300, "1001", "7", "op=PAM:session_open " + ok)))
L.append(a("USER_LOGIN", "1717236050.044", 115, U % (1300, "1001", "7", 'op=login id=1001 exe="/usr/sbin/sshd" hostname=10.20.1.15 addr=10.20.1.15 terminal=/dev/pts/0 res=success')))
L.append(a("USER_CMD", "1717236100.500", 120, "pid=1400 uid=1001 auid=1001 ses=7 subj=unconfined msg='cwd=\"/home/radiology\" cmd=%s exe=\"/usr/bin/sudo\" terminal=pts/0 res=success'" % hx("tar czf /tmp/.x.tgz /srv/pacs")))
sc = ('arch=c000003e syscall=59 success=yes exit=0 a0=55d0c5b3e0a0 a1=55d0c5b3e1c0 a2=55d0c5b3e1e0 a3=0 items=2 ppid=1401 pid=%d auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=7 comm="%s" exe="%s" subj=unconfined key="exec"')
pa = 'item=%d name="%s" inode=1311 dev=fe:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0'
def execve(sec, ser, pid, argv, exe):
    args = " ".join("a%d=%s" % (i, hx(x) if " " in x else '"%s"' % x) for i, x in enumerate(argv))
    return [a("SYSCALL", sec, ser, sc % (pid, argv[0], exe)),
            a("EXECVE", sec, ser, "argc=%d %s" % (len(argv), args)),
            a("CWD", sec, ser, 'cwd="/home/radiology"'),
            a("PATH", sec, ser, pa % (0, exe)),
            a("PATH", sec, ser, pa % (1, "/lib64/ld-linux-x86-64.so.2")),
            a("PROCTITLE", sec, ser, "proctitle=" + "00".join(hx(x) for x in argv))]
L += execve("1717236100.612", 121, 1402, ["tar", "czf", "/tmp/.x.tgz", "/srv/pacs"], "/usr/bin/tar")
L += execve("1717236160.007", 122, 1410, ["openssl", "enc", "-aes-256-cbc", "-salt", "-in", "/srv/pacs/study 1.dcm",
             "-out", "/srv/pacs/study 1.dcm.enc", "-pass", "pass:S3cr3t"], "/usr/bin/openssl")
L.append(a("ADD_USER", "1717236200.000", 130, U % (1500, "1001", "7", 'op=adding user acct="backdoor" exe="/usr/sbin/useradd" hostname=pacs01 addr=? terminal=pts/0 res=success')))
L.append(a("USER_CHAUTHTOK", "1717236201.300", 131, U % (1501, "1001", "7", 'op=PAM:chauthtok grantors=pam_unix acct="backdoor" exe="/usr/bin/passwd" hostname=pacs01 addr=? terminal=pts/0 res=success')))
L.append(a("CONFIG_CHANGE", "1717236250.900", 140, 'auid=1001 ses=7 subj=unconfined op=remove_rule key="exec" list=4 res=1'))
L.append(a("SERVICE_STOP", "1717236251.000", 141, U % (1, NO, NO, 'unit=auditd comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success')))
bad = {}
bad[len(L)] = "bad time in msg=audit"
L.append("type=USER_LOGIN msg=audit(17172x6.0:9): pid=1 uid=0 msg='op=login res=failed'")
bad[len(L)] = "not an audit record"
L.append("\x00\x01\xff\xfe garbage \x80\x81")
L.append(a("USER_LOGIN", "1717236300.777", 5001, U % (2200, NO, NO, 'op=login acct="dba" exe="/usr/sbin/sshd" hostname=? addr=198.51.100.7 terminal=ssh res=failed'), node="ehr-db01"))
L.append(a("SYSCALL", "1717236400.001", 150, 'arch=c000003e syscall=263 success=yes exit=0 a0=ffffff9c a1=5581e2a0 a2=0 a3=0 items=2 ppid=1401 pid=1600 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=7 comm="rm" exe="/usr/bin/rm" subj=unconfined key="delete"',
    enr='ARCH=x86_64 SYSCALL=unlinkat AUID="radiology" UID="root" GID="root" EUID="root" SUID="root" FSUID="root" EGID="root" SGID="root" FSGID="root"'))
bad[len(L)] = "unbalanced quotes"
L.append('type=SYSCALL msg=audit(1717236500.000:160): arch=c000003e syscall=59 success=yes exit=0 items=2 ppid=1 pid=2 auid=1001 uid=0 comm="shr')
data = ("\n".join(L)).encode("latin-1")
open(sys.argv[1], "wb").write(data)
# the bad lines' numbers and byte offsets, for the warnings
with open(sys.argv[2], "w") as f:
    off = 0
    for i, l in enumerate(L):
        if i in bad:
            f.write("line %d \\(offset %d\\): %s\n" % (i + 1, off, bad[i]))
        off += len(l.encode("latin-1")) + 1
PY
gzip -c "$TMP/audit.log" >"$TMP/audit.log.gz"
printf '%s\n' \
	'Jun  1 10:00:01 pacs01 sshd[1201]: Failed password for root from 203.0.113.50 port 50022 ssh2' \
	'Jun  1 10:01:40 pacs01 sudo: radiology : TTY=pts/0 ; PWD=/home/radiology ; USER=root ; COMMAND=/usr/bin/tar czf /tmp/.x.tgz /srv/pacs' \
	'Jun  1 10:02:00 pacs01 audispd: node=pacs01 type=USER_LOGIN msg=audit(1717236300.777:5001): pid=2200 uid=0 res=failed' >"$TMP/auth.log"

new_case
au=$(add_evidence file "$TMP/audit.log")
gz=$(add_evidence file "$TMP/audit.log.gz")
sy=$(add_evidence file "$TMP/auth.log")
expect_exit 4 analyze timeline --year 2024
expect_grep "^$au +32 events, 3 rejected" "$TMP/out"
expect_grep "^$gz +32 events, 3 rejected" "$TMP/out"
expect_grep "^$sy +3 events, 0 rejected" "$TMP/out"
while read -r w; do
	expect_grep "audit\.log' $w" "$TMP/out"
done <"$TMP/expect"
expect_grep "audit\.log' line 35 \(offset [0-9]+\): unbalanced quotes.*cut short" "$TMP/out"

q() { sqlite3 case.db "$1" >"$TMP/q"; }
q "SELECT DISTINCT evidence_id || '|' || source || '|' || parser FROM events ORDER BY 1"
expect_grep "^$au\|audit\|auditd$" "$TMP/q"
expect_grep "^$gz\|audit\|auditd$" "$TMP/q"
expect_grep "^$sy\|syslog\|rfc3164$" "$TMP/q"
[ "$(wc -l <"$TMP/q")" -eq 3 ] || fail "one reader per file expected"

# the gzip'd copy gives the same events
q "SELECT count(*) FROM events a JOIN events b ON a.locator=b.locator AND a.time_ns=b.time_ns AND a.message=b.message AND a.attrs=b.attrs AND a.user IS b.user AND a.host IS b.host WHERE a.evidence_id='$au' AND b.evidence_id='$gz'"
expect_grep '^32$' "$TMP/q"

# what an examiner reads
q "SELECT COALESCE(user, '') || '|' || message FROM events WHERE evidence_id='$au' ORDER BY id"
expect_grep '^root\|USER_AUTH failed: op=PAM:authentication acct=root exe=/usr/sbin/sshd hostname=203\.0\.113\.50 addr=203\.0\.113\.50 terminal=ssh$' "$TMP/q"
expect_grep '^svc admin\|USER_LOGIN failed: op=login acct="svc admin" ' "$TMP/q"
expect_grep '^\|USER_CMD success: cmd="tar czf /tmp/\.x\.tgz /srv/pacs" cwd=/home/radiology exe=/usr/bin/sudo terminal=pts/0 auid=1001$' "$TMP/q"
expect_grep '^\|EXECVE argc=10: openssl enc -aes-256-cbc -salt -in /srv/pacs/study 1\.dcm -out /srv/pacs/study 1\.dcm\.enc -pass pass:S3cr3t$' "$TMP/q"
expect_grep '^\|SYSCALL execve success=yes exit=0: exe=/usr/bin/tar comm=tar auid=1001 uid=0 euid=0 ses=7 key=exec$' "$TMP/q"
expect_grep '^backdoor\|ADD_USER success: op="adding user" acct=backdoor exe=/usr/sbin/useradd hostname=pacs01 terminal=pts/0 auid=1001$' "$TMP/q"
expect_grep '^\|CONFIG_CHANGE success: auid=1001 ses=7 subj=unconfined op=remove_rule key=exec list=4$' "$TMP/q"
expect_grep '^radiology\|SYSCALL unlinkat success=yes exit=0: exe=/usr/bin/rm comm=rm auid=radiology uid=root euid=root ses=7 key=delete$' "$TMP/q"
q "SELECT count(*) FROM events WHERE evidence_id='$au' AND json_extract(attrs,'\$.auth_outcome')='failure' AND json_extract(attrs,'\$.client_ip')='203.0.113.50'"
expect_grep '^6$' "$TMP/q"
q "SELECT host || '|' || user || '|' || json_extract(attrs,'\$.node') FROM events WHERE evidence_id='$au' AND host IS NOT NULL"
expect_grep '^ehr-db01\|dba\|ehr-db01$' "$TMP/q"
[ "$(wc -l <"$TMP/q")" -eq 1 ] || fail "only the node= record has a host"
q "SELECT DISTINCT time_desc || '|' || time_rule FROM events_full WHERE evidence_id='$au'"
expect_grep '^Event Logged\|auditd msg=audit\(SECONDS\.MILLISECONDS:SERIAL\): seconds since the Unix epoch \(UTC by definition\), millisecond precision$' "$TMP/q"
q "SELECT json_extract(attrs,'\$.cmd_hex') FROM events WHERE evidence_id='$au' AND json_extract(attrs,'\$.record_type')='USER_CMD'"
expect_grep '^74617220637A66202F746D702F2E782E74677A202F7372762F70616373$' "$TMP/q"

# ausearch (auditd 3.0.9) as the oracle
AUS=$(command -v ausearch || echo /usr/sbin/ausearch)
if [ ! -x "$AUS" ]; then
	partial "ausearch not installed (scripts/deps.sh installs auditd): no oracle comparison"
	done_testing
fi
"$AUS" --input "$TMP/audit.log" --raw >"$TMP/raw" 2>"$TMP/aus.err" || fail "ausearch --raw: $(cat "$TMP/aus.err")"
TZ=UTC "$AUS" --input "$TMP/audit.log" --interpret >"$TMP/interp" 2>"$TMP/aus.err" || fail "ausearch -i: $(cat "$TMP/aus.err")"
sqlite3 -json case.db "SELECT time_ns, time_raw, host, user, message, attrs, locator FROM events WHERE evidence_id='$au' ORDER BY id" >"$TMP/ours.json"
python3 - "$TMP/raw" "$TMP/interp" "$TMP/ours.json" <<'PY' || fail "events differ from ausearch"
import calendar, json, re, sys, time
from collections import Counter
raw = [l for l in open(sys.argv[1], encoding="latin-1").read().split("\n") if l]
interp = open(sys.argv[2], encoding="latin-1").read()
ours = json.load(open(sys.argv[3]))
bad = []
def check(c, what):
    if not c:
        bad.append(what)
for e in ours:
    e["a"] = json.loads(e["attrs"])
TIME = re.compile(r"msg=audit\(([^)]*)\)")
# 1. the records: ausearch keeps every line it can read. It also reads
# "17172x6.0:9" (as 17172 s, .000); lifeline rejects a time that is not
# SECONDS.MMM:SERIAL, as documented: that is the one record it does not keep.
rt = [TIME.search(l).group(1) for l in raw]
lax = [t for t in rt if not re.fullmatch(r"\d+\.\d{3}:\d+", t)]
check(lax == ["17172x6.0:9"], "records ausearch reads and lifeline rejects: %r" % lax)
strict = Counter(t for t in rt if t not in lax)
check(strict == Counter(e["time_raw"] for e in ours), "records differ: ausearch %r, lifeline %r" % (strict, Counter(e["time_raw"] for e in ours)))
check(len(ours) == 32 and sum(strict.values()) == 32, "32 records")
# 2. the events: ausearch -i separates events with ----
blocks = [b for b in interp.split("----\n") if b.strip()]
check(len(blocks) - 1 == len({e["a"]["serial"] for e in ours}), "events: ausearch %d (one lax), lifeline %d serials" % (len(blocks), len({e["a"]["serial"] for e in ours})))
# 3. per record, by (type, serial, time to the ms): ausearch -i prints local time (TZ=UTC)
IREC = re.compile(r"^(?:node=(\S+) )?type=(\S+) msg=audit\((\d\d/\d\d/\d\d \d\d:\d\d:\d\d)\.(\d{3}):(\d+)\) : (.*?) ?$")
irecs = []
for l in interp.split("\n"):
    m = IREC.match(l)
    if m:
        node, typ, dt, ms, ser, rest = m.groups()
        sec = calendar.timegm(time.strptime(dt, "%m/%d/%y %H:%M:%S"))
        irecs.append((node, typ, sec * 1000 + int(ms), int(ser), rest))
irecs = [r for r in irecs if r[3] != 9]  # the lax one
check(Counter((r[1], r[2], r[3]) for r in irecs) ==
      Counter((e["a"]["record_type"], e["time_ns"] // 1000000, e["a"]["serial"]) for e in ours),
      "type/time(ms)/serial differ")
def find(typ, ser, pred=lambda e: True):
    return [e for e in ours if e["a"]["record_type"] == typ and e["a"]["serial"] == ser and pred(e)]
n_exec = n_title = n_acct = n_cmd = n_sys = 0
for node, typ, ms, ser, rest in irecs:
    if node:
        check([e["host"] for e in find(typ, ser)] == [node], "node of %d" % ser)
    if typ == "EXECVE":
        args = dict(re.findall(r"(?:^| )a(\d+)=(.*?)(?= a\d+=|$)", rest))
        argv = [args[str(i)] for i in range(len(args))]
        e = find(typ, ser)
        check(len(e) == 1 and e[0]["a"]["command_line"] == " ".join(argv) and
              all(e[0]["a"]["a%d" % i] == v for i, v in enumerate(argv)), "EXECVE %d: %r vs %r" % (ser, argv, e))
        n_exec += 1
    if typ == "PROCTITLE":
        t = rest[len("proctitle="):]
        check([e["a"]["proctitle"] for e in find(typ, ser)] == [t], "proctitle %d %r" % (ser, t))
        n_title += 1
    m = re.search(r"acct=(.*?) exe=", rest)
    if m:
        check([e["a"]["acct"] for e in find(typ, ser)] == [m.group(1)] and
              [e["user"] for e in find(typ, ser)] == [m.group(1)], "acct %d %r" % (ser, m.group(1)))
        n_acct += 1
    m = re.search(r" cmd=(.*?) exe=", rest)
    if m:
        check([e["a"]["cmd"] for e in find(typ, ser)] == [m.group(1)], "cmd %d %r" % (ser, m.group(1)))
        n_cmd += 1
    m = re.match(r"arch=\S+ syscall=(\S+) ", rest)
    if typ == "SYSCALL" and m:
        check([e["message"].split(" ")[1] for e in find(typ, ser)] == [m.group(1)], "syscall %d %r" % (ser, m.group(1)))
        n_sys += 1
check((n_exec, n_title, n_acct, n_cmd, n_sys) == (2, 2, 13, 1, 3),
      "compared EXECVE/proctitle/acct/cmd/syscall: %r" % ((n_exec, n_title, n_acct, n_cmd, n_sys),))
print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
test_count=$((test_count + 1))
done_testing
