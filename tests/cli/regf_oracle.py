#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The registry hive tests' oracles: regfexport (libregf-utils) for key
paths and values, hivexml (libhivex-bin, another implementation) for
last-written times.

  regf_oracle.py paths HIVE           key paths, one a line, sorted
  regf_oracle.py times HIVE           "path<TAB>seconds since 1970", sorted
  regf_oracle.py value HIVE KEY NAME  the value's Data as regfexport prints it
  regf_oracle.py cut HIVE N           "path<TAB>seconds" of the keys whose
                                      named-key cell lies whole in the first
                                      N bytes (hivexml's byte runs), sorted
"""
import calendar
import subprocess
import sys
import time
import xml.etree.ElementTree as ET


def regfexport(hive):
    return subprocess.run(["regfexport", hive], check=True, capture_output=True,
                          text=True, errors="replace").stdout


def paths(hive):
    return sorted(l[len("Key path: "):] for l in regfexport(hive).splitlines()
                  if l.startswith("Key path: "))


def values(hive):
    """{(key path, value name): data text} from regfexport's blocks."""
    out, key, name = {}, None, None
    for l in regfexport(hive).splitlines():
        if l.startswith("Key path: "):
            key = l[len("Key path: "):]
        elif l.startswith("Value: "):
            # "Value: N NAME"
            name = l.split(" ", 2)[2] if l.count(" ") >= 2 else ""
        elif l.startswith("Data: ") and key is not None and name is not None:
            out[(key, name)] = l[len("Data: "):]
    return out


def times(hive, cut=None):
    xml = subprocess.run(["hivexml", hive], check=True, capture_output=True).stdout
    root = ET.fromstring(xml)
    rows = []

    def walk(node, prefix):
        path = prefix + ("\\" if prefix else "") + node.get("name")
        mt = node.find("mtime")
        run = node.find("byte_runs/byte_run")
        inside = cut is None or (run is not None and
                                 int(run.get("file_offset")) + int(run.get("len")) <= cut)
        if mt is not None and inside:
            rows.append("%s\t%d" % (path, calendar.timegm(
                time.strptime(mt.text, "%Y-%m-%dT%H:%M:%SZ"))))
        for child in node.findall("node"):
            walk(child, path)

    for n in root.findall("node"):
        walk(n, "")
    return sorted(rows)


def main():
    cmd, hive = sys.argv[1], sys.argv[2]
    if cmd == "paths":
        print("\n".join(paths(hive)))
    elif cmd == "times":
        print("\n".join(times(hive)))
    elif cmd == "cut":
        print("\n".join(times(hive, int(sys.argv[3]))))
    elif cmd == "value":
        v = values(hive).get((sys.argv[3], sys.argv[4]))
        if v is None:
            sys.exit("regf_oracle: no value %r of %r" % (sys.argv[4], sys.argv[3]))
        print(v)
    else:
        sys.exit("regf_oracle: unknown command " + cmd)


main()
