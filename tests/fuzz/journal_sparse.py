#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes a journal file as fuzz_journal's sparse image (see tests/fuzz/fuzz_journal.c):
# only the non-zero runs of the file, so a seed stays a few KiB.
# usage: journal_sparse.py IN.journal OUT [MAXSIZE]
import re
import struct
import sys

d = open(sys.argv[1], "rb").read()
if len(sys.argv) > 3:
    d = d[: int(sys.argv[3])]
out = [b"LLSPARSE", struct.pack("<Q", len(d))]
for m in re.finditer(rb"[^\x00]+(?:\x00{0,64}[^\x00]+)*", d):
    a, b = m.span()
    out += [struct.pack("<QI", a, b - a), d[a:b]]
open(sys.argv[2], "wb").write(b"".join(out))
