#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Conformance of a split timeline export (`timeline export --dir`) with the
rules its importers apply, checked independently of lifeline's code.

Timesketch (docs/guides/user/import-from-json-csv.md, timesketch/lib/utils.py
read_and_validate_jsonl; google/timesketch#1617, #3542): every line a JSON
object with message, datetime and timestamp_desc; datetime ISO 8601; the
file name ends in .jsonl; a year outside 1700..9999 makes the import fail.
OpenSearch: a sketch's indexes stop at 1,000 mapped fields (a string key
costs two: text and .keyword), so we demand at most --max-keys (100)
distinct top-level keys over ALL files of the export; no key may be a
metadata field (_id, _index, _source...). _bulk: pairs of an action line
{"index": {"_index", "_id"}} and a document object, a final newline, each
file at most max_bytes (20 MB by default).

usage: timesketch_check.py [--max-keys N] [--events N] [--include-unimportable] DIR|FILE
(a FILE: one JSON Lines file without a manifest, e.g. --format jsonl -o FILE)
Prints problems and a summary line "files=F events=E keys=K"; exit 1 on any problem.
"""
import datetime
import hashlib
import json
import os
import re
import sys

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
DT = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$")
REQUIRED = ("message", "datetime", "timestamp_desc")
METADATA = {"_id", "_index", "_source", "_routing", "_type", "_version", "_seq_no",
            "_primary_term", "_field_names", "_ignored", "_doc_count", "_tier"}


def micros(dt):
    """The datetime string as microseconds since the epoch, and its year."""
    m = DT.match(dt)
    if not m:
        raise ValueError("not ISO 8601: %r" % dt)
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    frac = (m.group(7) or ".")[1:].ljust(9, "0")
    zone = m.group(8)
    # datetime itself refuses years outside 1..9999 and impossible dates
    t = datetime.datetime(y, mo, d, h, mi, s, tzinfo=datetime.timezone.utc)
    if zone != "Z":
        off = (int(zone[1:3]) * 60 + int(zone[4:6])) * (1 if zone[0] == "+" else -1)
        t -= datetime.timedelta(minutes=off)
    delta = t - EPOCH
    return (delta.days * 86400 + delta.seconds) * 10**6 + int(frac[:6]), t.year


def main(argv):
    max_keys, want_events, unimportable = 100, None, False
    args = list(argv)
    while args and args[0].startswith("--"):
        a = args.pop(0)
        if a == "--max-keys":
            max_keys = int(args.pop(0))
        elif a == "--events":
            want_events = int(args.pop(0))
        elif a == "--include-unimportable":
            unimportable = True
        else:
            raise SystemExit("unknown option " + a)
    d = args[0]
    bad = []
    if os.path.isfile(d):
        data = open(d, "rb").read()
        n = data.count(b"\n")
        m = {"format": "jsonl", "max_bytes": len(data), "max_events": n, "events": n, "fields": None,
             "files": [{"name": os.path.basename(d), "bytes": len(data), "events": n, "timeline": "-",
                        "sha256": hashlib.sha256(data).hexdigest(), "importable": True}]}
        d = os.path.dirname(d) or "."
        listed = present = None
    else:
        m = json.load(open(os.path.join(d, "manifest.json"), encoding="utf-8"))
        listed = {f["name"] for f in m["files"]}
        present = set(os.listdir(d)) - {"manifest.json"}
    bulk = m["format"] == "opensearch-bulk"
    if listed != present:
        bad.append("files listed %s, present %s" % (sorted(listed - present), sorted(present - listed)))
    keys = set()
    ids = set()
    events = 0
    per_timeline = {}
    last_of_timeline = {}
    for f in m["files"]:
        name = f["name"]
        p = os.path.join(d, name)
        if m["fields"] is not None and not re.fullmatch(r"[a-z0-9._-]+", name) or not name.endswith(".ndjson" if bulk else ".jsonl"):
            bad.append("%s: not a plain .%s name" % (name, "ndjson" if bulk else "jsonl"))
        if not os.path.isfile(p):
            continue
        data = open(p, "rb").read()
        if len(data) != f["bytes"]:
            bad.append("%s: %d bytes, manifest says %d" % (name, len(data), f["bytes"]))
        if len(data) > m["max_bytes"]:
            bad.append("%s: %d bytes, over max_bytes %d" % (name, len(data), m["max_bytes"]))
        if hashlib.sha256(data).hexdigest() != f["sha256"]:
            bad.append("%s: SHA-256 differs from the manifest" % name)
        if data and not data.endswith(b"\n"):
            bad.append("%s: no final newline" % name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            bad.append("%s: not UTF-8: %s" % (name, e))
            continue
        lines = text.split("\n")[:-1]
        docs = []
        if bulk:
            if len(lines) % 2:
                bad.append("%s: %d lines, not action and document pairs" % (name, len(lines)))
            for i in range(0, len(lines) - 1, 2):
                try:
                    act, doc = json.loads(lines[i]), json.loads(lines[i + 1])
                except ValueError as e:
                    bad.append("%s line %d: not JSON: %s" % (name, i + 1, e))
                    continue
                if not (isinstance(act, dict) and list(act) == ["index"] and isinstance(act["index"], dict)
                        and act["index"].get("_index") == m["index"] and isinstance(act["index"].get("_id"), str)):
                    bad.append("%s line %d: not an index action for %s: %r" % (name, i + 1, m["index"], act))
                elif act["index"]["_id"] in ids:
                    bad.append("%s line %d: _id %s twice" % (name, i + 1, act["index"]["_id"]))
                else:
                    ids.add(act["index"]["_id"])
                docs.append((i + 2, doc))
        else:
            for i, l in enumerate(lines):
                try:
                    docs.append((i + 1, json.loads(l)))
                except ValueError as e:
                    bad.append("%s line %d: not JSON: %s" % (name, i + 1, e))
        if len(docs) != f["events"]:
            bad.append("%s: %d events, manifest says %d" % (name, len(docs), f["events"]))
        if len(docs) > m["max_events"]:
            bad.append("%s: %d events, over max_events %d" % (name, len(docs), m["max_events"]))
        events += len(docs)
        tl = f["timeline"]
        per_timeline[tl] = per_timeline.get(tl, 0) + len(docs)
        prev = last_of_timeline.get(tl)
        for ln, doc in docs:
            where = "%s line %d" % (name, ln)
            if not isinstance(doc, dict):
                bad.append(where + ": not an object")
                continue
            if not f["importable"] and not unimportable:
                # kept apart because Timesketch refuses it: it must be refused
                try:
                    _, year = micros(doc["datetime"])
                    if 1700 <= year <= 9999:
                        bad.append(where + ": year %d is importable, yet in a file set apart" % year)
                except (KeyError, ValueError, OverflowError):
                    pass
                continue
            keys.update(doc)
            for k in doc:
                if k in METADATA or k.startswith("__ts"):
                    bad.append("%s: key %r is reserved" % (where, k))
                if m["fields"] is not None and k not in m["fields"]:
                    bad.append("%s: key %r is not among the manifest's fields" % (where, k))
            for k in REQUIRED:
                if not isinstance(doc.get(k), str):
                    bad.append("%s: %s missing or not a string" % (where, k))
            try:
                us, year = micros(doc["datetime"])
            except (KeyError, ValueError, OverflowError) as e:
                bad.append("%s: datetime: %s" % (where, e))
                continue
            if not bulk and not 1700 <= year <= 9999:  # Timesketch's rule; OpenSearch takes them
                bad.append("%s: year %d outside 1700..9999" % (where, year))
            if doc.get("timestamp") != us:
                bad.append("%s: timestamp %r is not datetime's %d microseconds" % (where, doc.get("timestamp"), us))
            if prev is not None and us < prev:
                bad.append("%s: time goes back within timeline %s" % (where, tl))
            prev = us
        last_of_timeline[tl] = prev
    if events != m["events"]:
        bad.append("%d events in the files, manifest says %d" % (events, m["events"]))
    if want_events is not None and events != want_events:
        bad.append("%d events in the files, the case holds %d" % (events, want_events))
    for t in m.get("timelines", []):
        if per_timeline.get(t["name"], 0) != t["events"]:
            bad.append("timeline %s: %d events in its files, manifest says %d"
                       % (t["name"], per_timeline.get(t["name"], 0), t["events"]))
    if len(keys) > max_keys:
        bad.append("%d distinct keys over all files, more than %d" % (len(keys), max_keys))
    for b in bad[:50]:
        print("PROBLEM " + b)
    if len(bad) > 50:
        print("PROBLEM ... and %d more" % (len(bad) - 50))
    print("files=%d events=%d keys=%d" % (len(m["files"]), events, len(keys)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
