#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes an NTFS change journal ($UsnJrnl:$J) made of USN_RECORD_V2/V3 records.

  make_usn_journal.py OUT [--lead BYTES] [--burst N] [--span S] [--start EPOCH]
                          [--files N] [--v3] [--damage OFFSETS] [--hostile]

--lead: zero bytes before the first record (the sparse start of a real $J).
--burst N: N files overwritten then renamed to '<name>.locked' within --span
seconds (an encryption run: DATA_OVERWRITE, RENAME_OLD_NAME, RENAME_NEW_NAME
records per file); --files N: N quiet records (one file created an hour).
--v3: every third record written as USN_RECORD_V3. --damage: after writing,
the record length of the records starting at these record indexes is set
to 3 (bounded checks must reject it and resume at the next record).
the length (default), or K:namelen (0xFFFE), K:nameoff (past the record),
K:version (9), K:huge (a record length of 2 GiB). --cut: the file cut at
that many bytes. --offsets FILE: each record's offset, one a line.
--installs N: N new files created and written within --span seconds (an
installer: FILE_CREATE, DATA_EXTEND, CLOSE).
--hostile: names with invalid UTF-16, control characters and the longest name.
Records are 8-byte aligned and never cross a 4096-byte page (zero padding),
as Windows writes them; USN = offset in the file.
"""
import argparse
import struct
import sys

EPOCH_DELTA = 11644473600  # 1601 → 1970, seconds


def filetime(sec, frac_100ns=0):
    return (sec + EPOCH_DELTA) * 10_000_000 + frac_100ns


class Journal:
    def __init__(self, lead, v3):
        self.buf = bytearray(lead)
        self.v3 = v3
        self.n = 0
        self.starts = []

    def add(self, ref, seq, parent, pseq, ts, reason, name_utf16, attrs=0x20, source=0, major=None):
        if major is None:
            major = 3 if self.v3 and self.n % 3 == 2 else 2
        fixed = 60 if major == 2 else 76
        length = (fixed + len(name_utf16) + 7) & ~7
        page_left = 4096 - len(self.buf) % 4096
        if length > page_left:
            self.buf += b"\0" * page_left
        off = len(self.buf)
        if major == 2:
            rec = struct.pack("<IHHQQQQIIIIHH", length, 2, 0, ref | seq << 48, parent | pseq << 48,
                              off, ts, reason, source, 0x104, attrs, len(name_utf16), fixed)
        else:
            rec = struct.pack("<IHHQQQQQQIIIIHH", length, 3, 0, ref | seq << 48, 0, parent | pseq << 48, 0,
                              off, ts, reason, source, 0x104, attrs, len(name_utf16), fixed)
        rec += name_utf16
        rec += b"\0" * (length - len(rec))
        self.buf += rec
        self.starts.append(off)
        self.n += 1
        return off


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--lead", type=int, default=0)
    ap.add_argument("--burst", type=int, default=0)
    ap.add_argument("--span", type=int, default=120)
    ap.add_argument("--start", type=int, default=1710036000)  # 2024-03-10T02:00:00Z
    ap.add_argument("--files", type=int, default=0)
    ap.add_argument("--v3", action="store_true")
    ap.add_argument("--damage", default="")
    ap.add_argument("--hostile", action="store_true")
    ap.add_argument("--installs", type=int, default=0)
    ap.add_argument("--cut", type=int, default=0)
    ap.add_argument("--offsets", default="")
    a = ap.parse_args()
    j = Journal(a.lead, a.v3)
    t0 = a.start
    # quiet background: one file created an hour over the days before
    for i in range(a.files):
        ts = filetime(t0 - (a.files - i) * 3600, i)
        name = ("report-%04d.docx" % i).encode("utf-16-le")
        j.add(1000 + i, 1, 5, 5, ts, 0x100, name)
        j.add(1000 + i, 1, 5, 5, ts + 1, 0x80000102, name)
    for i in range(a.burst):
        sec = t0 + (i * a.span) // max(a.burst, 1)
        ts = filetime(sec, i % 10_000_000)
        name = "doc-%05d.xlsx" % i
        ref = 5000 + i
        j.add(ref, 2, 40, 1, ts, 0x00000001, name.encode("utf-16-le"))
        j.add(ref, 2, 40, 1, ts, 0x00001000, name.encode("utf-16-le"))
        j.add(ref, 2, 40, 1, ts, 0x80002000, (name + ".locked").encode("utf-16-le"))
    # an installer: new files created and written (FILE_CREATE kept until CLOSE)
    for i in range(a.installs):
        ts = filetime(t0 + (i * a.span) // max(a.installs, 1), i % 10_000_000)
        name = ("lib%05d.dll" % i).encode("utf-16-le")
        j.add(9000 + i, 1, 41, 1, ts, 0x00000100, name)
        j.add(9000 + i, 1, 41, 1, ts, 0x00000102, name)
        j.add(9000 + i, 1, 41, 1, ts, 0x80000102, name)
    if a.hostile:
        ts = filetime(t0 + 3600)
        j.add(7001, 1, 5, 5, ts, 0x100, b"\x00\xd8A\x00")                 # lone high surrogate
        j.add(7002, 1, 5, 5, ts, 0x100, "a\x01b\nc\x1b[31m".encode("utf-16-le"))  # control chars
        j.add(7003, 1, 5, 5, ts, 0x100, "x".encode("utf-16-le") * 255)      # the longest name
        j.add(7004, 1, 5, 5, ts, 0x100, b"\x00\xdc\x3d\xd8\x00\xde")       # low alone, then a pair
        j.add(7005, 1, 5, 5, ts, 0x100, "n\0ul".encode("utf-16-le"))        # NUL inside
    for spec in [x for x in a.damage.split(",") if x]:
        k, _, field = spec.partition(":")
        off = j.starts[int(k)]
        major = struct.unpack_from("<H", j.buf, off + 4)[0]
        nl = 56 if major == 2 else 72  # FileNameLength's offset
        if field == "namelen":
            struct.pack_into("<H", j.buf, off + nl, 0xFFFE)
        elif field == "nameoff":
            struct.pack_into("<H", j.buf, off + nl + 2, 0x3000)
        elif field == "version":
            struct.pack_into("<H", j.buf, off + 4, 9)
        elif field == "huge":
            struct.pack_into("<I", j.buf, off, 0x7FFFFFF8)
        else:
            struct.pack_into("<I", j.buf, off, 3)
    if a.cut:
        del j.buf[a.cut:]
    if a.offsets:
        with open(a.offsets, "w") as f:
            f.write("".join("%d\n" % o for o in j.starts))
    with open(a.out, "wb") as f:
        f.write(j.buf)
    sys.stderr.write("%d records, %d bytes\n" % (j.n, len(j.buf)))


if __name__ == "__main__":
    main()
