#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Points the $FILE_NAME attributes of one MFT record at another parent.

  ntfs_set_parent.py IMAGE ENTRY PARENT PARENT_SEQ

A hostile MFT for the tests (h0722): a directory made its own descendant's
child, so that a walk up the parents never reaches the root. The record's
update sequence array is applied and written again (ntfs_usn_image.py's).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ntfs_usn_image import attrs, fixup, runs  # noqa: E402


def main():
    path, entry, parent, pseq = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    with open(path, "r+b") as f:
        boot = f.read(512)
        bps = struct.unpack_from("<H", boot, 0x0B)[0]
        cluster = bps * boot[0x0D]
        mft_lcn = struct.unpack_from("<Q", boot, 0x30)[0]
        c = struct.unpack_from("<b", boot, 0x40)[0]
        rsize = cluster * c if c > 0 else 1 << -c
        f.seek(mft_lcn * cluster)
        rec0 = bytearray(f.read(rsize))
        fixup(rec0, bps, True)
        data = [o for o, t, _ in attrs(rec0) if t == 0x80][0]
        n = 0
        for lcn, length in runs(rec0, data):
            for k in range(length * cluster // rsize):
                if n == entry:
                    phys = lcn * cluster + k * rsize
                    f.seek(phys)
                    rec = bytearray(f.read(rsize))
                    fixup(rec, bps, True)
                    done = 0
                    for o, t, _ in attrs(rec):
                        if t == 0x30:
                            voff = struct.unpack_from("<H", rec, o + 0x14)[0]
                            struct.pack_into("<Q", rec, o + voff, parent | pseq << 48)
                            done += 1
                    if not done:
                        sys.exit("no $FILE_NAME in record %d" % entry)
                    fixup(rec, bps, False)
                    f.seek(phys)
                    f.write(rec)
                    return 0
                n += 1
    sys.exit("no record %d" % entry)


if __name__ == "__main__":
    sys.exit(main())
