#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Makes $Extend/$UsnJrnl of an NTFS image (made with mkntfs + ntfscp) look like Windows'.

  ntfs_usn_image.py IMAGE

ntfscp creates $UsnJrnl with an empty unnamed $DATA before it adds the $J
stream; Windows' $UsnJrnl has only the named streams, and libtsk's usnjls
reads the file's default data stream, so the unnamed one is removed from the
MFT record here (the attribute cut out, the record's used size and update
sequence array written again). Prints the record's MFT entry number.
"""
import struct
import sys


def fixup(rec, sector, undo):
    usa_off, usa_n = struct.unpack_from("<HH", rec, 4)
    usn = rec[usa_off:usa_off + 2]
    for i in range(1, usa_n):
        end = i * sector - 2
        if undo:  # apply: the sector ends get their saved bytes back
            rec[end:end + 2] = rec[usa_off + 2 * i:usa_off + 2 * i + 2]
        else:     # write: save the sector ends, put the USN there
            rec[usa_off + 2 * i:usa_off + 2 * i + 2] = rec[end:end + 2]
            rec[end:end + 2] = usn


def attrs(rec):
    off = struct.unpack_from("<H", rec, 0x14)[0]
    while off + 8 <= len(rec):
        t, ln = struct.unpack_from("<II", rec, off)
        if t == 0xFFFFFFFF or ln == 0:
            return
        yield off, t, ln
        off += ln


def runs(rec, off):
    pos = off + struct.unpack_from("<H", rec, off + 0x20)[0]
    lcn = 0
    out = []
    while rec[pos]:
        h = rec[pos]
        nl, no = h & 0xF, h >> 4
        length = int.from_bytes(rec[pos + 1:pos + 1 + nl], "little")
        delta = int.from_bytes(rec[pos + 1 + nl:pos + 1 + nl + no], "little", signed=True)
        lcn += delta
        out.append((lcn, length))
        pos += 1 + nl + no
    return out


def main():
    path = sys.argv[1]
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
        # the $MFT's clusters, in order: record n is at byte n*rsize of them
        extents = runs(rec0, data)
        n = 0
        for lcn, length in extents:
            for k in range(length * cluster // rsize):
                phys = lcn * cluster + k * rsize
                f.seek(phys)
                rec = bytearray(f.read(rsize))
                if rec[:4] != b"FILE":
                    n += 1
                    continue
                fixup(rec, bps, True)
                found = False
                for o, t, ln in attrs(rec):
                    if t == 0x30:
                        voff = struct.unpack_from("<H", rec, o + 0x14)[0]
                        nlen = rec[o + voff + 0x40]
                        name = rec[o + voff + 0x42:o + voff + 0x42 + 2 * nlen].decode("utf-16-le")
                        found = found or name == "$UsnJrnl"
                if found:
                    for o, t, ln in attrs(rec):
                        if t == 0x80 and rec[o + 9] == 0:  # unnamed $DATA
                            used = struct.unpack_from("<I", rec, 0x18)[0]
                            rec[o:used - ln] = rec[o + ln:used]
                            rec[used - ln:used] = b"\0" * ln
                            struct.pack_into("<I", rec, 0x18, used - ln)
                            fixup(rec, bps, False)
                            f.seek(phys)
                            f.write(rec)
                            print(n)
                            return 0
                    sys.exit("no unnamed $DATA in the $UsnJrnl record")
                n += 1
    sys.exit("no $UsnJrnl record")


if __name__ == "__main__":
    sys.exit(main())
