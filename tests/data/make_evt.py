#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes small legacy Windows event logs (.evt, Windows XP / Server 2003).

The layout follows libyal's "Windows Event Log (EVT) format" document: a
48-byte header (size 0x30, "LfLe"), event records (size, "LfLe", record
number, creation and written POSIX times, event identifier, type, strings
count, category, offsets of strings, SID and data; UTF-16LE source and
computer names, a binary SID, UTF-16LE strings, 4-byte padding, the size
again) and a 40-byte end-of-file record (0x11111111 … 0x44444444).

usage: make_evt.py OUT [--variant plain|wrapped|damaged|dirty|notime]
       make_evt.py --all DIR     (DIR/<variant>.evt for every variant)
       make_evt.py OUT --records N   (a plain log of N records: the set repeated, for benches)

  plain    the records in order after the header, then the end-of-file record
  wrapped  a circular log that has wrapped: the oldest records sit at the end
           of the file and one record is split across the end, continuing
           right after the header (header flag 0x2)
  damaged  like plain, but record 3's trailing size copy is overwritten
  dirty    like plain, header flag 0x1 and stale header offsets (as a log
           copied off a running system)
  notime   like plain, but record 5 has neither creation nor written time

No third-party content: every value is made up here.
"""
import struct
import sys

HDR = 0x30
EOF_SIZE = 0x28


def sid(text):
    """'S-1-5-21-1-2-3-500' -> binary NT SID."""
    parts = text.split("-")
    rev, auth = int(parts[1]), int(parts[2])
    subs = [int(x) for x in parts[3:]]
    out = bytes([rev, len(subs)]) + auth.to_bytes(6, "big")
    for s in subs:
        out += struct.pack("<I", s)
    return out


def u16z(s):
    return s.encode("utf-16-le") + b"\0\0"


def record(num, created, written, eid, etype, cat, source, computer, user_sid,
           strings, data=b""):
    var = u16z(source) + u16z(computer)
    while (56 + len(var)) % 4:
        var += b"\0"
    sid_off = 56 + len(var) if user_sid else 0
    sid_bytes = sid(user_sid) if user_sid else b""
    var += sid_bytes
    str_off = 56 + len(var)
    for s in strings:
        var += u16z(s)
    data_off = 56 + len(var)
    var += data
    while (56 + len(var) + 4) % 4:
        var += b"\0"
    size = 56 + len(var) + 4
    head = struct.pack("<I4sIIIIHHHHIIIIII", size, b"LfLe", num, created,
                       written, eid, etype, len(strings), cat, 0, 0, str_off,
                       len(sid_bytes), sid_off, len(data), data_off)
    return head + var + struct.pack("<I", size)


def eof_record(first_off, eof_off, next_num, oldest):
    return struct.pack("<IIIIIIIIII", EOF_SIZE, 0x11111111, 0x22222222,
                       0x33333333, 0x44444444, first_off, eof_off, next_num,
                       oldest, EOF_SIZE)


def header(first_off, eof_off, next_num, oldest, max_size, flags):
    return struct.pack("<I4sIIIIIIIIII", HDR, b"LfLe", 1, 1, first_off,
                       eof_off, next_num, oldest, max_size, flags, 0, HDR)


T0 = 1238587200  # 2009-04-01T12:00:00Z
SEC, SCM = "Security", "Service Control Manager"
HOST = "PACS-WS01"
SYSTEM = "S-1-5-18"
ADMIN = "S-1-5-21-1004336348-1177238915-682003330-500"


def records():
    """(created, written, eid, type, category, source, sid, strings)."""
    logon528 = ["radtech", "PACS-WS01", "(0x0,0x3E7A1)", "10", "User32",
                "Negotiate", "PACS-WS01", "{00000000-0000-0000-0000-000000000000}",
                "PACS-WS01$", "HOSPITAL", "(0x0,0x3E7)", "1340", "-",
                "203.0.113.45", "3389"]
    fail529 = ["administrator", "PACS-WS01", "3", "NtLmSsp ", "NTLM",
               "KALI", "-", "-", "-", "-", "-", "198.51.100.7", "49152"]
    return [
        (T0, T0, 517, 8, 1, SEC, SYSTEM,
         ["SYSTEM", "NT AUTHORITY", "(0x0,0x3E7)", "Administrator",
          "PACS-WS01", "(0x0,0x3E7A1)"]),
        (T0 + 60, T0 + 60, 529, 16, 2, SEC, SYSTEM, fail529),
        (T0 + 61, T0 + 62, 529, 16, 2, SEC, SYSTEM,
         ["admin", "PACS-WS01"] + fail529[2:]),
        (T0 + 120, T0 + 121, 528, 8, 2, SEC, ADMIN, logon528),
        (T0 + 180, T0 + 180, 592, 8, 5, SEC, ADMIN,
         ["4012", "C:\\WINDOWS\\system32\\cmd.exe", "1340", "radtech",
          "PACS-WS01", "(0x0,0x3E7A1)"]),
        (T0 + 240, T0 + 240, 601, 8, 5, SEC, ADMIN,
         ["PSEXESVC", "%SystemRoot%\\PSEXESVC.EXE", "0x10", "3",
          "LocalSystem", "radtech", "PACS-WS01", "(0x0,0x3E7A1)"]),
        (T0 + 241, T0 + 243, 0x40001B7B, 4, 0, SCM, ADMIN,
         ["PsExec Service", "start"]),
        (T0 + 242, T0 + 243, 0x40001B7C, 4, 0, SCM, "",
         ["PsExec Service", "running"]),
        (T0 + 300, T0 + 300, 624, 8, 7, SEC, ADMIN,
         ["svc_backup", "PACS-WS01", "%{S-1-5-21-1-2-3-1010}", "radtech",
          "PACS-WS01", "(0x0,0x3E7A1)", "-"]),
        (T0 + 301, T0 + 301, 636, 8, 7, SEC, ADMIN,
         ["-", "%{S-1-5-21-1-2-3-1010}", "Administrators", "Builtin",
          "%{S-1-5-32-544}", "radtech", "PACS-WS01", "(0x0,0x3E7A1)", "-"]),
        (T0 + 360, T0 + 360, 0xC0001B58, 1, 0, SCM, "",
         ["Modality Worklist", "%%1053"]),
    ]


def build(variant, count=0):
    recs = []
    base = records()
    rows = [base[i % len(base)] for i in range(count)] if count else base
    for i, (c, w, eid, et, cat, src, usid, strs) in enumerate(rows):
        step = (i // len(base)) * 600
        c, w = c + step, w + step
        if variant == "notime" and i == 4:
            c = w = 0
        recs.append(record(i + 1, c, w, eid, et, cat, src, HOST, usid, strs,
                           data=b"\x01\x02\x03\x04" if i == 3 else b""))
    n = len(recs) + 1
    if variant == "wrapped":
        body_len = sum(len(r) for r in recs)
        # the oldest record starts 1.5 records before the end of the file;
        # one record straddles the end and continues after the header
        tail = len(recs[0]) + len(recs[1]) // 2
        size = (HDR + body_len + EOF_SIZE + 64 + 3) & ~3  # 64 bytes free
        stream = b"".join(recs)
        first_off = size - tail
        out = bytearray(size)
        out[first_off:size] = stream[:tail]
        rest = stream[tail:]
        out[HDR:HDR + len(rest)] = rest
        eof_off = HDR + len(rest)
        out[eof_off:eof_off + EOF_SIZE] = eof_record(first_off, eof_off, n, 1)
        out[0:HDR] = header(first_off, eof_off, n, 1, size, 0x2)
        return bytes(out)
    body = b"".join(recs)
    if variant == "damaged":
        r = bytearray(recs[2])
        r[-4:] = b"\xff\xff\xff\x7f"
        recs[2] = bytes(r)
        body = b"".join(recs)
    eof_off = HDR + len(body)
    flags = 0
    hdr_first, hdr_eof = HDR, eof_off
    if variant == "dirty":
        flags = 0x1
        hdr_eof = HDR  # not updated since the log was in use
    size = eof_off + EOF_SIZE
    return (header(hdr_first, hdr_eof, n, 1, size, flags) + body +
            eof_record(HDR, eof_off, n, 1))


VARIANTS = ("plain", "wrapped", "damaged", "dirty", "notime")


def main(argv):
    out, variant, count = None, "plain", 0
    if len(argv) == 3 and argv[1] == "--all":
        for v in VARIANTS:
            with open("%s/%s.evt" % (argv[2], v), "wb") as f:
                f.write(build(v))
        return 0
    i = 1
    while i < len(argv):
        if argv[i] == "--variant" and i + 1 < len(argv):
            variant = argv[i + 1]
            i += 2
        elif argv[i] == "--records" and i + 1 < len(argv) and argv[i + 1].isdigit():
            count = int(argv[i + 1])
            i += 2
        elif out is None and not argv[i].startswith("-"):
            out = argv[i]
            i += 1
        else:
            sys.stderr.write(__doc__)
            return 2
    if out is None or variant not in VARIANTS:
        sys.stderr.write(__doc__)
        return 2
    with open(out, "wb") as f:
        f.write(build(variant, count))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
