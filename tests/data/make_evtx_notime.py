#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""EVTX records without a usable TimeCreated, from a real EVTX file.

make_evtx_notime.py [--filetime N] SRC DST [RECORD...]: copies SRC (an EVTX file whose
records use an inline or shared template with a FILETIME substitution for
System/TimeCreated/@SystemTime) to DST with that FILETIME of the given
records (default: the first record of the first chunk) set to
0xFFFFFFFFFFFFFFFF, which libevtx renders as "(0xffffffff 0xffffffff)",
not a time (with --filetime, to N instead: a time out of lifeline's range,
say). The chunk's CRC32s are recomputed, so the file stays valid.
Prints, per patched record: its number, its header written time (FILETIME)
as nanoseconds since 1970 (the time the reader must fall back on) and its
file offset.
"""
import struct
import sys
import zlib

FILETIME_UNIX_DIFF = 116444736000000000


def patch_chunk(d, chunk, want, value):
    free = struct.unpack_from("<I", d, chunk + 0x30)[0]
    off, done = chunk + 512, []
    while off < chunk + free and d[off:off + 4] == b"\x2a\x2a\x00\x00":
        size, num, written = struct.unpack_from("<IQQ", d, off + 4)
        if num in want:
            p = off + 24
            if d[p:p + 4] != b"\x0f\x01\x01\x00" or d[p + 4] != 0x0C:
                sys.exit("record %d: not a fragment with a template instance" % num)
            defoff = struct.unpack_from("<I", d, p + 10)[0]
            q = p + 14
            if chunk + defoff == q:  # the template definition is inline
                q += 24 + struct.unpack_from("<I", d, q + 20)[0]
            n = struct.unpack_from("<I", d, q)[0]
            v = q + 4 + 4 * n
            for i in range(n):
                sz, ty = struct.unpack_from("<HB", d, q + 4 + 4 * i)
                if ty == 0x11:  # FILETIME: the first one is System/TimeCreated
                    struct.pack_into("<Q", d, v, value)
                    break
                v += sz
            else:
                sys.exit("record %d: no FILETIME substitution" % num)
            done.append((num, (written - FILETIME_UNIX_DIFF) * 100, off))
        off += size
    struct.pack_into("<I", d, chunk + 0x34, zlib.crc32(bytes(d[chunk + 512:chunk + free])))
    struct.pack_into("<I", d, chunk + 0x7C,
                     zlib.crc32(bytes(d[chunk:chunk + 0x78] + d[chunk + 0x80:chunk + 0x200])))
    return done


def main():
    value = 0xFFFFFFFFFFFFFFFF
    if len(sys.argv) > 2 and sys.argv[1] == "--filetime":
        value = int(sys.argv[2], 0)
        del sys.argv[1:3]
    if len(sys.argv) < 3:
        sys.exit("usage: make_evtx_notime.py [--filetime N] SRC DST [RECORD...]")
    d = bytearray(open(sys.argv[1], "rb").read())
    if d[:8] != b"ElfFile\0":
        sys.exit("%s: not an EVTX file" % sys.argv[1])
    want = {int(x) for x in sys.argv[3:]}
    if not want:
        want = {struct.unpack_from("<Q", d, 4096 + 512 + 8)[0]}
    done = []
    for chunk in range(4096, len(d) - 65535, 65536):
        if d[chunk:chunk + 8] == b"ElfChnk\0":
            done += patch_chunk(d, chunk, want, value)
    if {r[0] for r in done} != want:
        sys.exit("records not found: %s" % sorted(want - {r[0] for r in done}))
    with open(sys.argv[2], "wb") as f:
        f.write(d)
    for n, ns, off in done:
        print(n, ns, off)


if __name__ == "__main__":
    main()
