#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Sigma rules with `product: linux` + `service: auditd` run over Linux audit
# records read from an audit.log: the built-in rules find audit rules
# deleted, openssl encryption (not decryption) and an account created, each
# citing exactly its record; Windows rules do not touch audit records; a
# user rule matches on `type` and hex-decoded arguments; other Linux
# logsources are reported as not matched.
. "$(dirname "$0")/lib.sh"
need sqlite3
need python3
# auditd writes arguments with spaces or quotes as hex; a3 below is one
hex=$(printf '/srv/pacs/study 1.dcm' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
cat >"$TMP/audit.log" <<EOF2
type=SYSCALL msg=audit(1717236100.001:201): arch=c000003e syscall=59 success=yes exit=0 items=2 ppid=1 pid=900 auid=1001 uid=0 comm="auditctl" exe="/usr/sbin/auditctl" key="exec"
type=EXECVE msg=audit(1717236100.001:201): argc=2 a0="auditctl" a1="-D"
type=EXECVE msg=audit(1717236160.007:202): argc=8 a0="openssl" a1="enc" a2="-aes-256-cbc" a3=$hex a4="-out" a5="/srv/pacs/x.enc" a6="-pass" a7="pass:x"
type=EXECVE msg=audit(1717236170.000:203): argc=4 a0="openssl" a1="enc" a2="-d" a3="-in"
type=ADD_USER msg=audit(1717236200.000:204): pid=1500 uid=0 auid=1001 ses=7 msg='op=adding user acct="backdoor" exe="/usr/sbin/useradd" hostname=pacs01 addr=? terminal=pts/0 res=success'
type=USER_LOGIN msg=audit(1717236210.000:205): pid=1501 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=sshd res=failed'
EOF2
new_case
a=$(add_evidence file "$TMP/audit.log")
expect_exit 0 analyze timeline
expect_grep "^$a +6 events, 0 rejected" "$TMP/out"
id() { sqlite3 case.db "SELECT id FROM events WHERE locator LIKE 'line=$1;%'"; }
expect_exit 0 --json analyze detect --no-fs
expect_exit 0 --json findings list
cp "$TMP/out" "$TMP/f.json"
cites() { json_get "$TMP/f.json" "[f['event_ids'] for f in d['findings'] if f['rule_id'] == '$1']"; }
[ "$(cites 6d482631-5ca9-5e62-852e-91844b1bd09d)" = "[[$(id 2)]]" ] || fail "audit rules deleted: $(cites 6d482631-5ca9-5e62-852e-91844b1bd09d)"
[ "$(cites 5ccfadba-8489-5af3-80e7-b3b15dc88bc3)" = "[[$(id 3)]]" ] || fail "openssl enc: $(cites 5ccfadba-8489-5af3-80e7-b3b15dc88bc3)"
[ "$(cites 70952797-1ee4-5bc0-a8fc-6479a6150773)" = "[[$(id 5)]]" ] || fail "account created: $(cites 70952797-1ee4-5bc0-a8fc-6479a6150773)"
[ "$(json_get "$TMP/f.json" 'd["count"]')" = 3 ] || fail "expected 3 findings: $(cat "$TMP/f.json")"
test_count=$((test_count + 4))

# a user rule: type + a hex-decoded argument; a Windows rule for any
# channel and a syslog rule are not applied to audit records
mkdir "$TMP/r"
cat >"$TMP/r/pacs.yml" <<'YML'
title: PACS study touched by openssl
id: 22222222-3333-4444-5555-666666666666
status: test
level: high
logsource: {product: linux, service: auditd}
detection:
  sel:
    type: EXECVE
    a3|startswith: '/srv/pacs/'
  condition: sel
YML
cat >"$TMP/r/anywin.yml" <<'YML'
title: any Windows event with a0
id: 33333333-4444-5555-6666-777777777777
status: test
level: low
logsource: {product: windows}
detection:
  sel:
    a0: openssl
  condition: sel
YML
cat >"$TMP/r/syslog.yml" <<'YML'
title: vsftpd on syslog
logsource: {product: linux, service: vsftpd}
detection:
  sel:
    a0: x
  condition: sel
YML
expect_exit 0 --json analyze detect --rules "$TMP/r" --no-fs
cp "$TMP/out" "$TMP/d.json"
expect_grep "logsource linux service 'vsftpd'" "$TMP/d.json"
expect_exit 0 --json findings list --rule 22222222-3333-4444-5555-666666666666
[ "$(json_get "$TMP/out" 'd["findings"][0]["event_ids"]')" = "[$(id 3)]" ] || fail "user rule must cite the openssl record"
expect_exit 0 --json findings list --rule 33333333-4444-5555-6666-777777777777
[ "$(json_get "$TMP/out" 'd["count"]')" = 0 ] || fail "a Windows rule matched an audit record"
done_testing
