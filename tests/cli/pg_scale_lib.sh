# SPDX-License-Identifier: Apache-2.0
# Sourced by t4030-t4039 after pg_lib.sh: a case of several hosts, built with sqlite3.
#   pg_multi_case DIR ITEMS PER  a case (id MULTI-1) of ITEMS evidence items, one
#       host each (host-001 ...), item k holding PER * k / ITEMS + 1 events (sizes
#       differ, so the streams of --jobs take items of different sizes); the items'
#       times interleave (event i of item k at T0 + (i * ITEMS + k) * 1000 ns), so
#       any window cuts across every host. Every 7th event has a time rule, every
#       5th no user, attrs JSON with a quote and a tab, messages with a backslash.
#       T0 = 1700000000000000000 (2023-11-14T22:13:20Z).
pg_multi_case() {
	[ -f "$HOME/.lifeline/examiner.key" ] ||
		expect_exit 0 key new --name "Test Examiner" --org "Test Lab"
	expect_exit 0 case init "$1" --case-id MULTI-1 --title "multi-host case"
	sqlite3 "$1/case.db" <<SQL
INSERT INTO time_rules(id, rule) VALUES (1, 'syslog: year from the file''s mtime');
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $2)
INSERT INTO evidence(id, seq, kind, state, format, started_ns, host)
 SELECT 'E' || j, j, 'file', 'registered', 'file', j, printf('host-%03d', j) FROM k;
WITH RECURSIVE k(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM k WHERE j < $2),
 n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $3)
INSERT INTO events(id, evidence_id, time_ns, time_desc, source, parser, host, user, locator, message, attrs, rule_id)
 SELECT i * $2 + j, 'E' || j, 1700000000000000000 + (i * $2 + j) * 1000,
  'Content Modification Time', 'syslog', 'syslog', printf('host-%03d', j),
  CASE WHEN i % 5 = 0 THEN NULL ELSE 'user' || (i % 37) END,
  'auth.log:' || (i + 1), 'sshd[' || (i % 65536) || ']: Accepted publickey for user' || (i % 37) ||
  ' from 10.0.' || (j % 250) || '.' || (i % 251) || ' port ' || (1024 + i % 60000) || ' ssh2 \\ ok',
  '{"pid":' || (i % 65536) || ',"q":"a\\"b	c"}', CASE WHEN i % 7 = 0 THEN 1 END
 FROM k JOIN n ON i <= $3 * j / $2;
SQL
}
