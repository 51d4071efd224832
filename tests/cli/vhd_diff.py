#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a differencing VHD (disk type 4, Microsoft's VHD format 1.0),
which qemu-img cannot make (its vpc driver has no backing files): its
parent is PARENT.vhd (a dynamic or fixed VHD), its view equals WANT.raw,
its blocks hold, with their sector bitmaps, only the sectors where
WANT.raw differs from PARENT_VIEW.raw. The parent is named as Windows
names it: a W2ru (relative, ".\\NAME") and a W2ku (absolute) locator, and
the header's parent name.
Usage: vhd_diff.py PARENT.vhd PARENT_VIEW.raw WANT.raw CHILD.vhd
       [--relative NAME] [--absolute NAME] [--unicode NAME] [--block BYTES]
       [--bat I=SECTOR]... [--block-size-field N] [--entries N]
       [--parent-id HEX32] [--all-blocks]
Prints the number of blocks written, then each written block's BAT entry
index and file offset. The options after --block damage the child for the
hostile tests (tests/hostile/h0782, h0783): --bat sets entry I to SECTOR
(after the blocks are laid out: past the end, into the footer, onto
another block), --block-size-field and --entries write those header fields
as given (the layout still uses --block), --parent-id another parent id;
--all-blocks writes every block, even one equal to the parent's."""
import argparse
import os
import struct
import uuid

SECTOR = 512


def checksum(b):
    return (~sum(b)) & 0xFFFFFFFF


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("parent")
    ap.add_argument("parent_view")
    ap.add_argument("want")
    ap.add_argument("child")
    name = os.path.basename
    ap.add_argument("--relative")
    ap.add_argument("--absolute")
    ap.add_argument("--unicode")
    ap.add_argument("--block", type=int, default=2 * 1024 * 1024)
    ap.add_argument("--bat", action="append", default=[])
    ap.add_argument("--block-size-field", type=int)
    ap.add_argument("--entries", type=int)
    ap.add_argument("--parent-id")
    ap.add_argument("--all-blocks", action="store_true")
    a = ap.parse_args()
    BLOCK = a.block
    rel = a.relative if a.relative is not None else ".\\" + name(a.parent)
    absn = a.absolute if a.absolute is not None else "C:\\vms\\" + name(a.parent)
    uni = a.unicode if a.unicode is not None else name(a.parent)

    with open(a.parent, "rb") as f:
        f.seek(-512, 2)
        pfoot = f.read(512)
    assert pfoot[:8] == b"conectix", "the parent has no VHD footer"
    old = open(a.parent_view, "rb").read()
    new = open(a.want, "rb").read()
    size = struct.unpack(">Q", pfoot[48:56])[0]
    assert len(old) == len(new) == size, "views and the parent's size differ"

    foot = bytearray(pfoot)
    struct.pack_into(">Q", foot, 16, 512)          # the dynamic header
    struct.pack_into(">I", foot, 60, 4)            # differencing
    foot[68:84] = uuid.uuid4().bytes
    struct.pack_into(">I", foot, 64, 0)
    struct.pack_into(">I", foot, 64, checksum(foot))

    nblocks = (size + BLOCK - 1) // BLOCK
    bat_off = 512 + 1024
    bat_len = ((nblocks * 4 + SECTOR - 1) // SECTOR) * SECTOR
    loc_off = bat_off + bat_len
    locs = []
    at = loc_off
    for code, text in ((b"W2ru", rel), (b"W2ku", absn)):
        if not text:
            continue
        data = text.encode("utf-16-le")
        space = ((len(data) + SECTOR - 1) // SECTOR) * SECTOR
        locs.append((code, data, space, at))
        at += space
    data_off = at

    hdr = bytearray(1024)
    hdr[0:8] = b"cxsparse"
    struct.pack_into(">Q", hdr, 8, 0xFFFFFFFFFFFFFFFF)
    struct.pack_into(">Q", hdr, 16, bat_off)
    struct.pack_into(">I", hdr, 24, 0x00010000)
    struct.pack_into(">I", hdr, 28, nblocks if a.entries is None else a.entries)
    struct.pack_into(">I", hdr, 32, BLOCK if a.block_size_field is None else a.block_size_field)
    hdr[40:56] = pfoot[68:84]                      # the parent's identifier
    if a.parent_id is not None:
        hdr[40:56] = bytes.fromhex(a.parent_id)
    hdr[56:60] = pfoot[24:28]                      # and its time stamp
    u = uni.encode("utf-16-be")[:512]
    hdr[64:64 + len(u)] = u
    for i, (code, data, space, off) in enumerate(locs):
        struct.pack_into(">4sIIIQ", hdr, 576 + 24 * i, code, space // SECTOR, len(data), 0, off)
    struct.pack_into(">I", hdr, 36, checksum(hdr))

    bat = bytearray(b"\xff" * bat_len)
    bitmap_len = ((BLOCK // SECTOR + 7) // 8 + SECTOR - 1) // SECTOR * SECTOR
    blocks = []
    where = []
    at = data_off
    for b in range(nblocks):
        lo = b * BLOCK
        hi = min(lo + BLOCK, size)
        if old[lo:hi] == new[lo:hi] and not a.all_blocks:
            continue
        bitmap = bytearray(bitmap_len)
        body = bytearray(BLOCK)
        for s in range((hi - lo) // SECTOR):
            o = lo + s * SECTOR
            if old[o:o + SECTOR] != new[o:o + SECTOR]:
                bitmap[s // 8] |= 0x80 >> (s % 8)
                body[s * SECTOR:(s + 1) * SECTOR] = new[o:o + SECTOR]
        struct.pack_into(">I", bat, b * 4, at // SECTOR)
        blocks.append(bytes(bitmap) + bytes(body))
        where.append((b, at))
        at += bitmap_len + BLOCK
    for e in a.bat:
        i, v = e.split("=")
        struct.pack_into(">I", bat, int(i) * 4, int(v, 0))

    with open(a.child, "wb") as f:
        f.write(foot)
        f.write(hdr)
        f.write(bat)
        for code, data, space, off in locs:
            f.write(data + b"\0" * (space - len(data)))
        for blk in blocks:
            f.write(blk)
        f.write(foot)
    print(len(blocks))
    for b, off in where:
        print(b, off)


main()
