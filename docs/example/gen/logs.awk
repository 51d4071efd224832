# SPDX-License-Identifier: Apache-2.0
# Writes labsrv01's logs for the sample incident: `which=syslog` gives an
# RFC 3164 syslog (local time, no year), `which=access` a combined-format
# web access log. Each output line is prefixed with its true UTC time and a
# tab, so the caller can sort and strip it. The server kept local time
# (CET, UTC+01:00) and its clock ran `skew` seconds slow: every written time
# is true time - skew, as a responder later measured against a reference.
# All times below are the true UTC times of the story.

function days(y, m, d) {
	# days from 1970-01-01 (H. Hinnant's days_from_civil)
	y -= (m <= 2)
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}

# "2021-11-02 22:10:00" to seconds since 1970 UTC.
function ep(s) {
	return days(substr(s, 1, 4) + 0, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0) * 86400 \
	       + substr(s, 12, 2) * 3600 + substr(s, 15, 2) * 60 + substr(s, 18, 2)
}

# Splits seconds since 1970 into the globals Y M D h m s.
function civil(t,    z, era, doe, yoe, doy, mp) {
	z = int(t / 86400)
	t -= z * 86400
	h = int(t / 3600); m = int((t % 3600) / 60); s = t % 60
	z += 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	D = doy - int((153 * mp + 2) / 5) + 1
	M = mp < 10 ? mp + 3 : mp - 9
	Y = yoe + era * 400 + (M <= 2)
}

function rnd(n) {
	lcg = (lcg * 69069 + 1) % 4294967296
	return int(lcg / 4294967296 * n)
}

# One syslog line at true time t.
function sl(t, tag, msg) {
	civil(t - skew + 3600)
	printf "%d\t%s %2d %02d:%02d:%02d labsrv01 %s: %s\n", t, mon[M], D, h, m, s, tag, msg
}

# One access-log line at true time t.
function al(t, ip, req, status, size, ua) {
	civil(t - skew + 3600)
	printf "%d\t%s - - [%02d/%s/%04d:%02d:%02d:%02d +0100] \"%s\" %d %d \"-\" \"%s\"\n",
	       t, ip, D, mon[M], Y, h, m, s, req, status, size, ua
}

function sshd(t, msg) {
	sl(t, "sshd[" pid "]", msg)
}

BEGIN {
	lcg = seed
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
	attacker = "203.0.113.45"
	start = ep("2021-11-01 00:00:00")
	isolated = ep("2021-11-13 15:20:14")
	encrypted = ep("2021-11-13 14:46:00")
	end = ep("2021-11-14 09:00:00")
	pid = 20911

	if (which == "syslog") {
		for (t = start + 1021; t < end; t += 3600)
			sl(t, "CRON[" (30000 + int((t - start) / 3600)) "]",
			   "(root) CMD (   cd / && run-parts --report /etc/cron.hourly)")
		for (d = start; d < end - 86400; d += 86400) {
			t = d + 27000 + rnd(900)
			pid += 7
			sshd(t, "Accepted publickey for labtech from 10.20.4.21 port " (40000 + rnd(20000)) \
			     " ssh2: ED25519 SHA256:q8Xo0mWkz3rY9c2tVb1nHf5LdJ7uPaEiKsTgQwZx4yM")
			sshd(t, "pam_unix(sshd:session): session opened for user labtech(uid=1002) by (uid=0)")
			sshd(t + 30600 + rnd(1800), "pam_unix(sshd:session): session closed for user labtech")
		}
		# the brute force on 2 November, then the password that worked
		split("root admin test oracle labadmin ubuntu postgres support", users, " ")
		t = ep("2021-11-02 22:10:00")
		for (i = 0; i < 240; i++) {
			u = users[i % 8 + 1]
			pid++
			port = 40000 + rnd(25000)
			if (u == "root" || u == "labadmin")
				sshd(t, "Failed password for " u " from " attacker " port " port " ssh2")
			else {
				sshd(t, "Invalid user " u " from " attacker " port " port)
				sshd(t + 2, "Failed password for invalid user " u " from " attacker \
				     " port " port " ssh2")
			}
			t += 5 + rnd(2)
		}
		pid++
		t = ep("2021-11-02 22:31:40")
		sshd(t, "Accepted password for labadmin from " attacker " port 51514 ssh2")
		sshd(t, "pam_unix(sshd:session): session opened for user labadmin(uid=1001) by (uid=0)")
		sl(t, "systemd-logind[402]", "New session 311 of user labadmin.")
		sshd(ep("2021-11-02 22:44:02"), "pam_unix(sshd:session): session closed for user labadmin")
		# 3 November: the payload is pushed to FS03 through services
		pid++
		t = ep("2021-11-03 08:02:11")
		sshd(t, "Accepted password for labadmin from " attacker " port 52877 ssh2")
		sshd(t, "pam_unix(sshd:session): session opened for user labadmin(uid=1001) by (uid=0)")
		t = ep("2021-11-03 08:09:40")
		sl(t, "sudo", "labadmin : TTY=pts/1 ; PWD=/home/labadmin ; USER=root ; " \
		   "COMMAND=/usr/bin/python3 /tmp/.svc/deploy.py --target FS03.offsec.lan " \
		   "--user OFFSEC\\admmig --chunks 244")
		sl(t, "sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by labadmin(uid=1001)")
		sl(ep("2021-11-03 08:21:31"), "sudo", "pam_unix(sudo:session): session closed for user root")
		sshd(ep("2021-11-03 08:24:02"), "pam_unix(sshd:session): session closed for user labadmin")
		# 13 November: RDP from here to FS03, then the encryption
		pid++
		t = ep("2021-11-13 14:27:05")
		sshd(t, "Accepted password for labadmin from " attacker " port 53190 ssh2")
		sshd(t, "pam_unix(sshd:session): session opened for user labadmin(uid=1001) by (uid=0)")
		sl(ep("2021-11-13 14:27:50"), "sudo", "labadmin : TTY=pts/1 ; PWD=/home/labadmin ; " \
		   "USER=root ; COMMAND=/usr/bin/xfreerdp /v:FS03.offsec.lan /u:OFFSEC\\admmig")
		sl(ep("2021-11-13 14:40:11"), "lisd[812]", "warning: cannot open report template " \
		   "\\\\FS03\\Patients\\Templates\\result_letter.rtf: no such file")
		for (t = ep("2021-11-13 14:47:00"); t < isolated; t += 180)
			sl(t, "lisd[812]", "error: archive write to \\\\FS03\\Patients failed: access denied")
		sl(isolated, "kernel", "[1036512.442871] e1000e 0000:00:1f.6 eno1: NIC Link is Down")
		sl(isolated + 16, "lisd[812]", "error: HL7 interface to EHR: connection reset; queueing results")
		sl(isolated + 40, "lisd[812]", "critical: results portal backend unavailable")
	} else {
		split("10.20.4.57 10.20.4.58 10.20.6.12 10.20.6.13 10.20.6.40 10.20.8.5 " \
		      "10.20.8.9 10.20.9.21 10.20.9.22 10.20.11.3 10.20.11.4 10.20.12.30", ips, " ")
		ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 " \
		     "(KHTML, like Gecko) Chrome/95.0.4638.69 Safari/537.36"
		for (d = start; d < isolated; d += 86400) {
			for (t = d + 25200 + rnd(300); t < d + 68400 && t < isolated; t += 120 + rnd(600)) {
				ip = ips[rnd(12) + 1]
				if (t >= encrypted)
					al(t, ip, "GET /results/view?id=R" (700000 + rnd(90000)) " HTTP/1.1",
					   502, 157, ua)
				else if (rnd(10) == 0)
					al(t, ip, "POST /login HTTP/1.1", 302, 0, ua)
				else
					al(t, ip, "GET /results/view?id=R" (700000 + rnd(90000)) " HTTP/1.1",
					   200, 3000 + rnd(9000), ua)
			}
		}
		nse = "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"
		n = split("/ /login /.env /.git/config /wp-login.php /phpmyadmin/ /admin/ " \
			  "/server-status /cgi-bin/test.cgi /backup.zip /config.php /api/v1/users " \
			  "/actuator/health /console/ /manager/html /.ssh/id_rsa /robots.txt " \
			  "/sitemap.xml /results/ /results/view?id=1' /debug/ /phpinfo.php " \
			  "/xmlrpc.php /owa/ /remote/login /solr/ /jenkins/ /HNAP1/ /boaform/admin/formLogin " \
			  "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", paths, " ")
		t = ep("2021-11-02 21:58:03")
		for (r = 0; r < 2; r++) {
			for (i = 1; i <= n; i++) {
				st = 404
				if (paths[i] == "/" || paths[i] == "/login" || paths[i] == "/robots.txt")
					st = 200
				else if (paths[i] == "/server-status" || paths[i] == "/.ssh/id_rsa")
					st = 403
				else if (paths[i] ~ /id=1'/)
					st = 500
				al(t, attacker, "GET " paths[i] " HTTP/1.1", st, st == 200 ? 1874 : 196, nse)
				t += 4 + rnd(7)
			}
		}
	}
}
