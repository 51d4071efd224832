#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Fills a case's database with generated events for the export tests
(t3110-t3119, h0710-h0714), inserted as core/schema.c has them.

usage: timeline_gen.py DB KIND [N]
  many    N events (default 50001), one host "srv01", item E1, nine source
          types, each with its own attribute names: 9 x 60 = 540 distinct
          attribute keys (the wide form passes 100 keys many times over)
  hosts   N events (default 1000) over hosts "alpha", "beta", "gamma" and
          none, items E1 and E2, in a fixed pseudo-random order
  manyhosts N events (default 20000) over 200 hosts in a random order: more
          timelines than files the export keeps open at once (64)
  hostile events written by an attacker: attribute keys named like our keys,
          Timesketch's and OpenSearch's fields, thousands of distinct keys,
          new lines, invalid UTF-8, huge values, host names that look like paths
  years   events just outside and inside Timesketch's 1700..9999 years
"""
import json
import random
import sqlite3
import sys

SOURCES = ["fs", "evtx", "syslog", "web", "csv", "jsonl", "harm", "disruption", "metric"]
T0 = 1760061482000000000  # 2025-10-10T01:58:02Z


def evidence(db, ids):
    for n, i in enumerate(ids, 1):
        db.execute("INSERT INTO evidence(id, seq, kind, state, format, started_ns, registered_ns)"
                   " VALUES (?, ?, 'file', 'registered', 'file', 0, 0)", (i, n))


def insert(db, rows):
    db.executemany("INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host,"
                   " user, path, event_code, locator, message, attrs)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def many(db, n):
    evidence(db, ["E1"])
    rows = []
    for i in range(n):
        src = SOURCES[i % 9]
        attrs = {"%s_field_%02d" % (src, (i // 9) % 60): "v%d" % i, "common": i}
        rows.append((i + 1, "E1", T0 + i * 1000, "Event Time", src, src + "-parser", "srv01",
                     "user%d" % (i % 7), "/var/log/%s.log" % src, 4624 if src == "evtx" else None,
                     "line=%d" % (i + 1), "%s event %d" % (src, i), json.dumps(attrs)))
    insert(db, rows)


def hosts(db, n):
    evidence(db, ["E1", "E2"])
    r = random.Random(7)
    rows = []
    for i in range(n):
        h = r.choice(["alpha", "beta", "gamma", None])
        rows.append((i + 1, r.choice(["E1", "E2"]), T0 + r.randrange(10**12), "Event Time",
                     "syslog", "syslog", h, None, None, None, "line=%d" % (i + 1),
                     "message %d" % i, json.dumps({"k%d" % (i % 5): i})))
    insert(db, rows)


def manyhosts(db, n):
    evidence(db, ["E1"])
    r = random.Random(11)
    insert(db, [(i + 1, "E1", T0 + i * 1000, "Event Time", "syslog", "syslog",
                 "host-%03d" % r.randrange(200), None, None, None, "line=%d" % (i + 1),
                 "message %d" % i, None) for i in range(n)])


def hostile(db):
    evidence(db, ["E1"])
    bad = b"\xff\xfe bad \xc3( utf8 \xed\xa0\x80"
    rows = []
    reserved = ["message", "datetime", "timestamp", "timestamp_desc", "__ts_timeline_id",
                "__ts_emojis", "_id", "_index", "_source", "attributes", "truncated", "event_id",
                "tag", "label", "a.b", "", " ", "x\ny", "\u2028"]
    for i, k in enumerate(reserved):
        rows.append((i + 1, "E1", T0 + i, "Event Time", "jsonl", "jsonl", "srv01", None, None,
                     None, "line=%d" % i, "reserved key %r" % k, json.dumps({k: "hijack %d" % i})))
    base = len(rows)
    # 5,000 distinct attribute names over 500 events
    for i in range(500):
        attrs = {"attacker_key_%05d" % (i * 10 + j): j for j in range(10)}
        rows.append((base + i + 1, "E1", T0 + 100 + i, "Event Time", "jsonl", "jsonl", "srv01", None,
                     None, None, "line=%d" % i, "many keys %d" % i, json.dumps(attrs)))
    base = len(rows)
    # new lines, a fake second event, control bytes and invalid UTF-8 in every text column
    inj = 'x"}\n{"message":"forged","datetime":"2099-01-01T00:00:00+00:00","timestamp_desc":"f"}\r\n\x00\x1b[31m'
    for i, h in enumerate(["../../etc/passwd", "A/B", "srv\n01", "", "SRV01", "srv01 ", inj,
                           "\u202etxt.exe", "CON", "." * 60, "x" * 5000]):
        rows.append((base + i + 1, "E1", T0 + 1000 + i, inj, "syslog", "syslog", h, inj, inj, None,
                     inj, inj, json.dumps({"v": inj})))
    base = len(rows)
    insert(db, rows)
    # invalid UTF-8 stored as text (a reader that kept bytes as found)
    db.execute("INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user,"
               " path, locator, message, attrs) VALUES (?, 'E1', ?, 'Event Time', 'syslog', 'syslog',"
               " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), 'line=1', CAST(? AS TEXT),"
               " CAST(? AS TEXT))", (base + 1, T0 + 2000, bad, bad, bad, bad,
                                     b'{"k": "' + bad + b'"}'))
    # huge values: a 3 MB message, 2 MB of attributes, a 1 MB path and host, all
    # of control bytes (JSON's worst escaping: 6 bytes each)
    huge = "\x01" * 3000000
    db.execute("INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user,"
               " path, locator, message, attrs) VALUES (?, 'E1', ?, ?, 'syslog', 'syslog', ?, ?, ?,"
               " ?, ?, ?)", (base + 2, T0 + 3000, huge[:1000000], huge[:1000000], huge[:1000000], huge[:1000000],
                             huge[:1000000], huge, json.dumps({"big": "\x01" * 2000000})))
    # a 4-byte UTF-8 character exactly across the message cap (65536)
    db.execute("INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host,"
               " locator, message) VALUES (?, 'E1', ?, 'Event Time', 'syslog', 'syslog', 'srv01',"
               " 'line=2', ?)", (base + 3, T0 + 4000, "a" * 65534 + "\U0001F600" * 3))


def years(db):
    evidence(db, ["E1"])
    # (id, ns, what): lifeline's times span 1677-09-21..2262-04-11
    y1700 = -8520336000 * 10**9
    pts = [(1, -9223372036854775807, "1677-09-21 (the first time lifeline holds)"),
           (2, y1700 - 1, "1699-12-31T23:59:59.999999999Z"),
           (3, y1700 - 86400 * 10**9 * 365, "1699"),
           (4, y1700, "1700-01-01T00:00:00Z exactly"),
           (5, y1700 + 1, "1700-01-01T00:00:00.000000001Z"),
           (6, 0, "1970"),
           (7, 9223372036854775807, "2262-04-11 (the last)")]
    insert(db, [(i, "E1", ns, "Event Time", "syslog", "syslog", "srv01", None, None, None,
                 "line=%d" % i, what, None) for i, ns, what in pts])


def main():
    db = sqlite3.connect(sys.argv[1])
    kind = sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else None
    if kind == "many":
        many(db, n or 50001)
    elif kind == "hosts":
        hosts(db, n or 1000)
    elif kind == "manyhosts":
        manyhosts(db, n or 20000)
    elif kind == "hostile":
        hostile(db)
    elif kind == "years":
        years(db)
    else:
        raise SystemExit("unknown kind " + kind)
    db.commit()


main()
