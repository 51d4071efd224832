#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a differencing VHDX ([MS-VHDX] 2.0), which qemu-img cannot make
(its vhdx driver has no backing files): its view equals WANT.raw, its
payload blocks hold, with their sector bitmap, only the sectors where
WANT.raw differs from PARENT_VIEW.raw (the rest is read from the parent).
Its parent locator (type {B04AEFB7-D19E-4A81-B789-25B8E9445913}) names
PARENT.vhdx as Windows does: parent_linkage (the parent's DataWriteGuid,
read from PARENT.vhdx's current header), relative_path, volume_path,
absolute_win32_path, all UTF-16LE.
Usage: vhdx_diff.py PARENT.vhdx PARENT_VIEW.raw WANT.raw CHILD.vhdx
       [--relative NAME] [--absolute NAME] [--volume NAME] [--linkage GUID]
       [--no-relative] [--no-absolute] [--no-volume]
Also importable: crc32c(), guid_bytes(), headers()."""
import argparse
import os
import struct
import sys
import uuid

MB = 1024 * 1024
BLOCK = MB
SECTOR = 512
CHUNK_RATIO = (1 << 23) * SECTOR // BLOCK  # payload blocks per sector bitmap block

FILE_PARAMETERS = "CAA16737-FA36-4D43-B3B6-33F0AA44E76B"
VIRTUAL_DISK_SIZE = "2FA54224-CD1B-4876-B211-5DBED83BF4B8"
PAGE83 = "BECA12AB-B2E6-4523-93EF-C309E000C746"
LOGICAL_SECTOR = "8141BF1D-A96F-4709-BA47-F233A8FAAB5F"
PHYSICAL_SECTOR = "CDA348C7-445D-4471-9CC9-E9885251C556"
PARENT_LOCATOR = "A8D35F2D-B30B-454D-ABF7-D3D84834AB0C"
VHDX_LOCATOR_TYPE = "B04AEFB7-D19E-4A81-B789-25B8E9445913"
BAT_REGION = "2DC27766-F623-4200-9D64-115E9BFD4A08"
METADATA_REGION = "8B7CA206-4790-4B9A-B8FE-575F050F886E"


def _crc_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


_T = _crc_table()


def crc32c(b):
    c = 0xFFFFFFFF
    for x in b:
        c = _T[(c ^ x) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def guid_bytes(text):
    return uuid.UUID(text).bytes_le


def guid_text(b):
    # lower case, in braces, as Windows writes it (libvhdi 20210425 reads no other)
    return "{" + str(uuid.UUID(bytes_le=bytes(b))) + "}"


def header(seq, data_write, log_off=MB):
    h = bytearray(4096)
    h[0:4] = b"head"
    struct.pack_into("<Q", h, 8, seq)
    h[16:32] = uuid.uuid4().bytes_le         # FileWriteGuid
    h[32:48] = data_write                    # DataWriteGuid
    struct.pack_into("<HHIQ", h, 64, 0, 1, MB, log_off)
    struct.pack_into("<I", h, 4, crc32c(h))
    return h


def headers(path):
    """The (sequence, DataWriteGuid bytes, crc ok) of a VHDX's two headers."""
    out = []
    with open(path, "rb") as f:
        for off in (64 * 1024, 128 * 1024):
            f.seek(off)
            h = bytearray(f.read(4096))
            crc = struct.unpack_from("<I", h, 4)[0]
            struct.pack_into("<I", h, 4, 0)
            out.append((struct.unpack_from("<Q", h, 8)[0], bytes(h[32:48]),
                        h[0:4] == b"head" and crc32c(h) == crc))
    return out


def locator(pairs):
    """A parent locator item: its header, its key/value entries, the UTF-16LE text."""
    head = bytearray(20 + 12 * len(pairs))
    head[0:16] = guid_bytes(VHDX_LOCATOR_TYPE)
    struct.pack_into("<HH", head, 16, 0, len(pairs))
    text = bytearray()
    for i, (k, v) in enumerate(pairs):
        kb, vb = k.encode("utf-16-le"), v.encode("utf-16-le")
        ko = len(head) + len(text)
        text += kb
        vo = len(head) + len(text)
        text += vb
        struct.pack_into("<IIHH", head, 20 + 12 * i, ko, vo, len(kb), len(vb))
    return bytes(head + text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("parent")
    ap.add_argument("parent_view")
    ap.add_argument("want")
    ap.add_argument("child")
    ap.add_argument("--relative")
    ap.add_argument("--absolute")
    ap.add_argument("--volume")
    ap.add_argument("--linkage")
    ap.add_argument("--no-relative", action="store_true")
    ap.add_argument("--no-absolute", action="store_true")
    ap.add_argument("--no-volume", action="store_true")
    a = ap.parse_args()
    name = os.path.basename(a.parent)

    old = open(a.parent_view, "rb").read()
    new = open(a.want, "rb").read()
    size = len(old)
    assert len(new) == size and size % SECTOR == 0, "the views differ in size"
    hs = [h for h in headers(a.parent) if h[2]]
    assert hs, "the parent has no valid header"
    linkage = a.linkage or guid_text(max(hs)[1])

    pairs = [("parent_linkage", linkage)]
    if not a.no_relative:
        pairs.append(("relative_path", a.relative if a.relative is not None else ".\\" + name))
    if not a.no_volume:
        pairs.append(("volume_path", a.volume if a.volume is not None else
                      "\\\\?\\Volume{5a1c3e3c-0000-0000-0000-100000000000}\\vms\\" + name))
    if not a.no_absolute:
        pairs.append(("absolute_win32_path", a.absolute if a.absolute is not None
                      else "C:\\vms\\" + name))
    loc = locator(pairs)

    # metadata region: the table, then its items from 64 KiB
    items = [
        (FILE_PARAMETERS, struct.pack("<II", BLOCK, 2), 4),        # HasParent; IsRequired
        (VIRTUAL_DISK_SIZE, struct.pack("<Q", size), 6),
        (PAGE83, uuid.uuid4().bytes_le, 6),
        (LOGICAL_SECTOR, struct.pack("<I", SECTOR), 6),
        (PHYSICAL_SECTOR, struct.pack("<I", 4096), 6),
        (PARENT_LOCATOR, loc, 4),
    ]
    meta = bytearray(MB)
    meta[0:8] = b"metadata"
    struct.pack_into("<HH", meta, 8, 0, len(items))
    at = 64 * 1024
    for i, (g, data, flags) in enumerate(items):
        e = 32 + 32 * i
        meta[e:e + 16] = guid_bytes(g)
        struct.pack_into("<III", meta, e + 16, at, len(data), flags)
        meta[at:at + len(data)] = data
        at += (len(data) + 7) // 8 * 8

    nblocks = (size + BLOCK - 1) // BLOCK
    nchunks = (nblocks + CHUNK_RATIO - 1) // CHUNK_RATIO
    bat = bytearray(nchunks * (CHUNK_RATIO + 1) * 8)
    bat_len = (len(bat) + MB - 1) // MB * MB
    bat_off, meta_off, data_off = 3 * MB, 2 * MB, 3 * MB + bat_len
    bitmaps = [bytearray(MB) for _ in range(nchunks)]
    blocks = []
    at = data_off + nchunks * MB
    for c in range(nchunks):
        struct.pack_into("<Q", bat, (c * (CHUNK_RATIO + 1) + CHUNK_RATIO) * 8,
                         6 | ((data_off + c * MB) // MB) << 20)
    for b in range(nblocks):
        lo, hi = b * BLOCK, min((b + 1) * BLOCK, size)
        if old[lo:hi] == new[lo:hi]:
            continue                          # NOT_PRESENT: the parent's
        body = bytearray(BLOCK)
        bm = bitmaps[b // CHUNK_RATIO]
        for s in range((hi - lo) // SECTOR):
            o = lo + s * SECTOR
            if old[o:o + SECTOR] != new[o:o + SECTOR]:
                bit = (b % CHUNK_RATIO) * (BLOCK // SECTOR) + s
                bm[bit // 8] |= 1 << (bit % 8)
                body[s * SECTOR:(s + 1) * SECTOR] = new[o:o + SECTOR]
        entry = b + b // CHUNK_RATIO
        struct.pack_into("<Q", bat, entry * 8, 7 | (at // MB) << 20)  # PARTIALLY_PRESENT
        blocks.append(body)
        at += BLOCK

    regions = bytearray(64 * 1024)
    regions[0:4] = b"regi"
    struct.pack_into("<I", regions, 8, 2)
    for i, (g, off, ln) in enumerate(((BAT_REGION, bat_off, bat_len),
                                      (METADATA_REGION, meta_off, MB))):
        e = 16 + 32 * i
        regions[e:e + 16] = guid_bytes(g)
        struct.pack_into("<QII", regions, e + 16, off, ln, 1)
    struct.pack_into("<I", regions, 4, crc32c(regions))

    ident = bytearray(64 * 1024)
    ident[0:8] = b"vhdxfile"
    ident[8:8 + 40] = "lifeline test vhdx_diff.py".encode("utf-16-le")[:40]
    data_write = uuid.uuid4().bytes_le
    with open(a.child, "wb") as f:
        f.write(ident)
        f.write(header(1, data_write).ljust(64 * 1024, b"\0"))
        f.write(header(2, data_write).ljust(64 * 1024, b"\0"))
        f.write(regions)
        f.write(regions)
        f.write(bytes(MB - 320 * 1024))     # to the log at 1 MiB
        f.write(bytes(MB))                  # the log (empty: LogGuid zero)
        f.write(meta)
        f.write(bat.ljust(bat_len, b"\0"))
        for bm in bitmaps:
            f.write(bm)
        for blk in blocks:
            f.write(blk)
    print(len(blocks))


if __name__ == "__main__":
    sys.exit(main())
