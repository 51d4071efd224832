#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# systemd journal files (Debian 12 keeps its logs only there): a journal
# built at test time by systemd-journal-remote from export-format text is
# read entry by entry; journalctl on the same file is the oracle for count,
# times, messages and cursors. A journal cut in the middle and a file with
# only the magic are reported by name, and the case stays usable.
. "$(dirname "$0")/lib.sh"
need python3 journalctl sqlite3
JR=/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || JR=/usr/lib/systemd/systemd-journal-remote
[ -x "$JR" ] || skip "needs systemd-journal-remote"

# Export format (systemd's JOURNAL_EXPORT_FORMATS): FIELD=value lines, a
# blank line between entries; a binary field is its name, a newline, a
# 64-bit little-endian length, the bytes and a newline.
python3 - "$TMP/x.export" <<'PY'
import struct, sys
boot = "0123456789abcdef0123456789abcdef"
def entry(t, mono, fields, binary=None):
    out = [b"__REALTIME_TIMESTAMP=%d" % t, b"__MONOTONIC_TIMESTAMP=%d" % mono,
           b"_BOOT_ID=" + boot.encode(), b"_HOSTNAME=ward1"]
    out += [k.encode() + b"=" + v.encode() for k, v in fields]
    blob = b"\n".join(out) + b"\n"
    if binary is not None:
        blob += b"MESSAGE\n" + struct.pack("<Q", len(binary)) + binary + b"\n"
    return blob + b"\n"
e = [
  entry(1717236000123456, 1000000, [("SYSLOG_IDENTIFIER", "sshd"), ("_PID", "812"), ("_UID", "0"),
        ("_SYSTEMD_UNIT", "ssh.service"), ("_TRANSPORT", "syslog"), ("PRIORITY", "6"),
        ("MESSAGE", "Accepted password for nurse1 from 10.0.0.5 port 22 ssh2")]),
  entry(1717236060000001, 61000000, [("_COMM", "sudo"), ("_PID", "900"), ("PRIORITY", "5"),
        # longer than journald's 512-byte compression threshold: stored ZSTD-compressed
        ("MESSAGE", "nurse1 : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh -c " +
         " ".join("/srv/pacs/study%04d.dcm" % k for k in range(40)))]),
  entry(1717236120500000, 121000000, [("SYSLOG_IDENTIFIER", "kernel"), ("PRIORITY", "3"),
        ("_TRANSPORT", "kernel")], binary=b"usb 1-1: bad \xff byte\x01 end"),
  # earlier than the entry before it: file order is kept, times as written
  entry(1717235000000000, 122000000, [("SYSLOG_IDENTIFIER", "cron"), ("_UID", "1000"),
        ("MESSAGE", "pam_unix(cron:session): session opened for user root")]),
]
open(sys.argv[1], "wb").write(b"".join(e))
PY
"$JR" -o "$TMP/x.journal" - <"$TMP/x.export" 2>"$TMP/jr.err" ||
	{ cat "$TMP/jr.err" >&2; fail "systemd-journal-remote"; }
# the long message is a compressed data object (flags: 1 XZ, 2 LZ4, 4 ZSTD)
python3 - "$TMP/x.journal" <<'PY' || fail "no compressed data object in the fixture"
import struct, sys
d = open(sys.argv[1], "rb").read()
off, tail = struct.unpack_from("<Q", d, 88)[0], struct.unpack_from("<Q", d, 136)[0]
flags = set()
while off <= tail:
    size = struct.unpack_from("<Q", d, off + 8)[0]
    if d[off] == 1:
        flags.add(d[off + 1])
    if size == 0:
        break
    off += (size + 7) & ~7
sys.exit(0 if flags & {1, 2, 4} else 1)
PY
journalctl --file="$TMP/x.journal" -o json >"$TMP/oracle.json" ||
	fail "journalctl cannot read the journal it was given"
[ "$(wc -l <"$TMP/oracle.json")" -eq 4 ] || fail "oracle: 4 entries expected"

new_case
j=$(add_evidence file "$TMP/x.journal")
expect_exit 0 analyze timeline
expect_grep "^$j +4 events, 0 rejected" "$TMP/out"

python3 - "$TMP/oracle.json" case.db "$j" <<'PY' || fail "events differ from journalctl"
import json, sqlite3, sys
oracle = [json.loads(l) for l in open(sys.argv[1])]
db = sqlite3.connect(sys.argv[2])
rows = db.execute("SELECT time_ns, time_raw, time_desc, time_rule, source, parser, host, user, "
                  "locator, message, attrs FROM events_full WHERE evidence_id=? ORDER BY id",
                  (sys.argv[3],)).fetchall()
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)
check(len(rows) == len(oracle), "count %d vs journalctl %d" % (len(rows), len(oracle)))
for i, (o, r) in enumerate(zip(oracle, rows)):
    t_ns, raw, desc, rule, src, parser, host, user, loc, msg, attrs = r
    rt = int(o["__REALTIME_TIMESTAMP"])
    check(t_ns == rt * 1000, "entry %d time %s vs %d us" % (i, t_ns, rt))
    check(raw == str(rt), "entry %d time_raw %r" % (i, raw))
    m = o["MESSAGE"]
    if isinstance(m, list):  # journalctl prints binary fields as byte arrays
        m = bytes(m).decode("utf-8", "replace").replace("\x00", "\ufffd")
    check(msg == m, "entry %d message %r vs %r" % (i, msg, m))
    check(loc == "seqnum=%d;cursor=%s" % (int(o["__CURSOR"].split(";i=")[1].split(";")[0], 16), o["__CURSOR"]),
          "entry %d locator %r vs cursor %r" % (i, loc, o["__CURSOR"]))
    check(desc == "Event Logged" and src == "journal" and parser == "journald", "entry %d kind" % i)
    check(rule == "systemd journal __REALTIME_TIMESTAMP (UTC microseconds, the writer's clock)",
          "entry %d rule %r" % (i, rule))
    check(host == o.get("_HOSTNAME"), "entry %d host %r" % (i, host))
    check(user == o.get("_UID"), "entry %d user %r vs %r" % (i, user, o.get("_UID")))
    a = json.loads(attrs)
    check(a.get("program") == o.get("SYSLOG_IDENTIFIER", o.get("_COMM")), "entry %d program %r" % (i, a))
    for k, f in (("pid", "_PID"), ("unit", "_SYSTEMD_UNIT"), ("boot_id", "_BOOT_ID"), ("transport", "_TRANSPORT")):
        check(a.get(k) == o.get(f), "entry %d %s %r vs %r" % (i, k, a.get(k), o.get(f)))
    check(a.get("priority") == (int(o["PRIORITY"]) if "PRIORITY" in o else None), "entry %d priority %r" % (i, a))
# the binary message, repaired: the invalid byte became U+FFFD, the rest kept
check(any(r[9].startswith("usb 1-1: bad \ufffd byte") for r in rows), "binary MESSAGE not kept as repaired text")
print("\n".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# a journal whose second entry object is damaged (its type byte): libsystemd
# skips it without a word; the header's entry count gives it away
python3 - "$TMP/x.journal" "$TMP/bad.journal" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
off, tail = struct.unpack_from("<Q", d, 88)[0], struct.unpack_from("<Q", d, 136)[0]
entries = []
while off <= tail:  # objects: type u8, flags u8, 6 reserved, size u64; 8-aligned
    size = struct.unpack_from("<Q", d, off + 8)[0]
    if d[off] == 3:
        entries.append(off)
    if size == 0:
        break
    off += (size + 7) & ~7
assert len(entries) == 4, entries
d[entries[1]] = 0x7f
open(sys.argv[2], "wb").write(d)
PY
b=$(add_evidence file "$TMP/bad.journal")
gzip -c "$TMP/x.journal" >"$TMP/z.journal.gz"
z=$(add_evidence file "$TMP/z.journal.gz")
expect_exit 4 analyze timeline "$b" "$z"
expect_grep "^$b +3 events, 1 rejected" "$TMP/out"
expect_grep "bad.journal': the header counts 4 entries, libsystemd returned 3" "$TMP/out"
# gzip'd: inflated into the case directory, read, the temporary file removed
expect_grep "^$z +4 events, 0 rejected" "$TMP/out"
[ "$(sqlite3 case.db "SELECT time_ns || locator || message FROM events WHERE evidence_id='$z' ORDER BY id")" = \
	"$(sqlite3 case.db "SELECT time_ns || locator || message FROM events WHERE evidence_id='$j' ORDER BY id")" ] ||
	fail "the gzip'd journal's events differ from the plain one's"
ls -a | grep -q journal-inflate && fail "temporary inflated journal left in the case directory"
test_count=$((test_count + 2))

# a journal cut in the middle, and a file that is only the magic
size=$(stat -c %s "$TMP/x.journal")
head -c $((size / 2)) "$TMP/x.journal" >"$TMP/cut.journal"
printf 'LPKSHHRH' >"$TMP/magic.journal"
c=$(add_evidence file "$TMP/cut.journal")
m=$(add_evidence file "$TMP/magic.journal")
# refused files make the result partial (exit 4)
expect_exit 4 analyze timeline
expect_grep "magic.journal'?: libsystemd cannot open" "$TMP/out"
# the cut journal: exactly the entries journalctl (the same libsystemd) can
# read from it; when that is none, the warning says why and that nothing
# was stored (a summary line naming the file is not enough)
n=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect("case.db").execute("SELECT count(*) FROM events WHERE evidence_id=?", (sys.argv[1],)).fetchone()[0])' "$c")
journalctl --file "$TMP/cut.journal" -o export >"$TMP/cut.oracle" 2>"$TMP/cut.oracle.err" || :
want=$(grep -c '^__CURSOR=' "$TMP/cut.oracle" || :)
say "cut journal: $n events, journalctl reads $want"
test_count=$((test_count + 1))
[ "$n" -eq "$want" ] || fail "cut journal: $n events, journalctl reads $want"
if [ "$want" -eq 0 ]; then
	expect_grep "cut\.journal': libsystemd cannot open the journal file: .*cut short.*nothing of this file was stored" "$TMP/out"
else
	expect_grep "^$c +$want events" "$TMP/out"
fi
# the case stays usable: the good journal's events are all there, a re-run works
n=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect("case.db").execute("SELECT count(*) FROM events WHERE evidence_id=?", (sys.argv[1],)).fetchone()[0])' "$j")
[ "$n" -eq 4 ] || fail "good journal: 4 events expected after the bad files, got $n"
expect_exit 4 analyze timeline
expect_grep "^$j +4 events" "$TMP/out"
done_testing
