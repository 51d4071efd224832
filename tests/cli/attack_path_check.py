# SPDX-License-Identifier: Apache-2.0
# Checks of the attack paths in a correlation document (cli.t2620, t2621):
# the structural rules of docs/correlation.md "The attack path", read from the
# document and held against the case's database and the raw evidence.
import json, sqlite3, sys

def load(path):
    return json.load(open(path))

def path_of(doc, system, host_prefix):
    """The path to the host of `system` with the latest 'until' (the longest)."""
    ps = [p for p in doc["attack_paths"] if p["system"] == system and
          p["host"].lower().startswith(host_prefix.lower())]
    ps.sort(key=lambda p: p["until"])
    return ps[-1] if ps else None

def short(h):
    return (h or "").split(".")[0].lower()

def structural(p, db, bad):
    """Every step on a host the path already reached, in time order, citing real events."""
    def check(cond, what):
        if not cond:
            bad.append(what)
    reached = set()
    last_t = ""
    for i, s in enumerate(p["steps"]):
        check(s["time"] >= last_t, "step %d out of time order" % i)
        last_t = s["time"]
        check(s["confidence"] in ("high", "medium"), "step %d is %s: a low link is no step" % (i, s["confidence"]))
        if s["kind"] == "edge":
            src = short(s["from"])
            if s["from"] != p["actor"]:
                check(src in reached, "step %d: an edge from %s before the path reached it" % (i, s["from"]))
            reached.add(short(s["to"]))
        else:
            check(s["finding"] is not None, "finding step %d names no finding" % i)
            if reached:
                check(short(s["from"]) in reached, "step %d: a finding on %s, a host the path has not reached" % (i, s["from"]))
        check(s["cites"], "step %d cites no event" % i)
        for c in s["cites"]:
            row = db.execute("SELECT evidence_id, locator FROM events WHERE id = ?", (c["event"],)).fetchone()
            check(row is not None and row[0] == c["evidence"] and row[1] == c["locator"],
                  "step %d: event %s is not at %s %s" % (i, c["event"], c["evidence"], c["locator"]))
            check(("event %d " % c["event"]) in s["basis"] or ("event %d:" % c["event"]) in s["basis"]
                  or ("event %d (" % c["event"]) in s["basis"],
                  "step %d: the basis does not name event %d: %s" % (i, c["event"], s["basis"]))
    for h in p["hypotheses"]:
        check(h["confidence"] == "low", "a hypothesis above low: %s" % h["basis"])
    if p["complete"]:
        want = min(({"high": 3, "medium": 2, "low": 1}[s["confidence"]] for s in p["steps"]), default=0)
        check({"high": 3, "medium": 2, "low": 1}[p["confidence"]] == want, "path confidence is not its weakest step")

def signature(p):
    """What must not change when unconnected findings are added: the steps, ids aside."""
    return [(s["kind"], s["edge_kind"], s["from"], s["to"], s["time"], s["confidence"], s["title"])
            for s in p["steps"]], p["complete"], p["confidence"], p["actor"]

if __name__ == "__main__":
    print("a module for cli tests")
