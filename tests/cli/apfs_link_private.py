#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Makes a fresh mkapfs volume list something: its directory record
"private-dir" (parent: the root's parent, 1) is re-parented to the root
directory (2), so fls and `analyze timeline` see /private-dir with its
inode and times. Edits the file-system tree's leaf in place (keys re-sorted,
Fletcher-64 checksum recomputed); no mount, no kernel driver.
With --encrypted, instead clears the volume's APFS_FS_UNENCRYPTED flag: with
no key bag in the container, libtsk takes it for hardware-assisted
encryption (plain data on the image, flagged encrypted).

usage: apfs_link_private.py [--encrypted] IMAGE CONTAINER_OFFSET APSB_BLOCK
"""
import struct
import sys

BS = 4096
OBJ_TYPE_SHIFT = 60
OBJ_ID_MASK = (1 << OBJ_TYPE_SHIFT) - 1
TYPE_DIR_REC = 9
BTNODE_ROOT, BTNODE_LEAF, BTNODE_FIXED = 1, 2, 4


def fletcher64(data):
    s1 = s2 = 0
    for (w,) in struct.iter_unpack("<I", data):
        s1 = (s1 + w) % 0xFFFFFFFF
        s2 = (s2 + s1) % 0xFFFFFFFF
    c1 = 0xFFFFFFFF - ((s1 + s2) % 0xFFFFFFFF)
    c2 = 0xFFFFFFFF - ((s1 + c1) % 0xFFFFFFFF)
    return (c2 << 32) | c1


def node_entries(blk):
    flags, level, nkeys = struct.unpack_from("<HHI", blk, 32)
    toff, tlen = struct.unpack_from("<HH", blk, 40)
    toc = 56 + toff
    keys = toc + tlen
    vend = BS - (40 if flags & BTNODE_ROOT else 0)
    out = []
    for i in range(nkeys):
        if flags & BTNODE_FIXED:
            ko, vo = struct.unpack_from("<HH", blk, toc + 4 * i)
            kl, vl = 16, 16
        else:
            ko, kl, vo, vl = struct.unpack_from("<HHHH", blk, toc + 8 * i)
        out.append((keys + ko, kl, vend - vo, vl))
    return flags, level, toc, out


def main():
    args = sys.argv[1:]
    encrypted = args[:1] == ["--encrypted"]
    if encrypted:
        args = args[1:]
    path, base, apsb = args[0], int(args[1]), int(args[2])
    with open(path, "r+b") as f:
        def block(n):
            f.seek(base + n * BS)
            return bytearray(f.read(BS))

        sb = block(apsb)
        if sb[32:36] != b"APSB":
            sys.exit("no APFS volume superblock at block %d" % apsb)
        if encrypted:
            flags = struct.unpack_from("<Q", sb, 264)[0]
            struct.pack_into("<Q", sb, 264, flags & ~1)
            struct.pack_into("<Q", sb, 0, fletcher64(bytes(sb[8:])))
            f.seek(base + apsb * BS)
            f.write(sb)
            return
        omap_oid, root_oid = struct.unpack_from("<QQ", sb, 128)
        om = block(omap_oid)
        tree = block(struct.unpack_from("<Q", om, 48)[0])
        flags, level, _, ents = node_entries(tree)
        if level != 0:
            sys.exit("object map is more than one node")
        paddr = None
        for ko, kl, vo, vl in ents:
            oid, xid = struct.unpack_from("<QQ", tree, ko)
            if oid == root_oid:
                paddr = struct.unpack_from("<Q", tree, vo + 8)[0]
        if paddr is None:
            sys.exit("file-system tree not in the object map")
        node = block(paddr)
        flags, level, toc, ents = node_entries(node)
        if level != 0 or flags & BTNODE_FIXED:
            sys.exit("file-system tree is more than one leaf")
        recs = []
        moved = False
        for i, (ko, kl, vo, vl) in enumerate(ents):
            hdr = struct.unpack_from("<Q", node, ko)[0]
            oid, typ = hdr & OBJ_ID_MASK, hdr >> OBJ_TYPE_SHIFT
            if typ == TYPE_DIR_REC and oid == 1 and node[ko + 12:ko + 12 + 11] == b"private-dir":
                oid = 2
                struct.pack_into("<Q", node, ko, (typ << OBJ_TYPE_SHIFT) | oid)
                moved = True
            recs.append(((oid, typ, i), struct.unpack_from("<HHHH", node, toc + 8 * i)))
        if not moved:
            sys.exit("no private-dir record under the root's parent")
        for i, (_, kv) in enumerate(sorted(recs)):
            struct.pack_into("<HHHH", node, toc + 8 * i, *kv)
        struct.pack_into("<Q", node, 0, fletcher64(bytes(node[8:])))
        f.seek(base + paddr * BS)
        f.write(node)


if __name__ == "__main__":
    main()
