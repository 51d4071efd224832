#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a $J of USN_RECORD_V2 records given one a line on stdin.

  usn_records.py OUT < "ENTRY SEQ PARENT PARENT_SEQ NAME" lines

The tests' way of making a journal whose references point at a real MFT
(t2732: the entries of an image fls and istat listed). Records are 8-byte
aligned, never cross a 4096-byte page, one second apart from 2024-03-01
UTC, reason FILE_CREATE|CLOSE; USN = offset.
"""
import struct
import sys

EPOCH_DELTA = 11644473600
START = 1709251200  # 2024-03-01T00:00:00Z

out = bytearray()
for i, line in enumerate(l for l in sys.stdin.read().split("\n") if l.strip()):
    entry, seq, parent, pseq, name = line.split(" ", 4)
    nm = name.encode("utf-16-le")
    length = (60 + len(nm) + 7) & ~7
    if len(out) // 4096 != (len(out) + length - 1) // 4096:
        out += bytes(4096 - len(out) % 4096)
    ft = (START + i + EPOCH_DELTA) * 10_000_000
    rec = struct.pack("<IHHQQqqIIIIHH", length, 2, 0, int(entry) | int(seq) << 48,
                      int(parent) | int(pseq) << 48, len(out), ft, 0x80000100, 0, 0, 0x20,
                      len(nm), 60) + nm
    out += rec + bytes(length - len(rec))
open(sys.argv[1], "wb").write(out)
