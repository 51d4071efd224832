# SPDX-License-Identifier: Apache-2.0
# Writes the file server's share (patient folders, IT scripts, quality
# reports) as plaintext files under `root`, and prints the manifest that the
# later steps use: one tab-separated line per file or folder,
#   kind  final_path  staging_path  crtime  mtime  atime  ctime  size
# kind: D folder, F file left alone, E file the ransomware will encrypt and
# rename to final_path, N ransom note. Times are seconds since 1970 UTC.
#
# Variables (-v): root, seed, t_install (share created), t_from/t_until
# (range of record creation), t_quiet (last normal access), burst_start,
# burst_len (seconds), n_enc (files encrypted before the server was cut off).
# A 32-bit LCG with exact double arithmetic keeps mawk and gawk identical.

function rnd(n) {
	lcg = (lcg * 69069 + 1) % 4294967296
	return int(lcg / 4294967296 * n)
}

function emit(s) {
	print s > out
	bytes += length(s) + 1
}

function start(path) {
	out = root path
	bytes = 0
}

function finish() {
	close(out)
	return bytes
}

function filler(n,    i, s) {
	for (i = 0; i < n; i++) {
		s = words[rnd(nwords)] " " words[rnd(nwords)] " " words[rnd(nwords)] \
		    " " words[rnd(nwords)] " " words[rnd(nwords)] " " words[rnd(nwords)]
		emit(s ".")
	}
}

# One patient document; prints nothing, returns its size.
function document(path, type, mrn, unit, created,    i, v) {
	start(path)
	if (type == "admission_note.rtf") {
		emit("{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Calibri;}}")
		emit("\\b ADMISSION NOTE\\b0\\par")
		emit("Record " mrn " (synthetic test data, not a real person)\\par")
		emit("Unit: " unit "\\par")
		filler(20 + rnd(40))
		emit("}")
	} else if (type == "lab_results.csv") {
		emit("record,test,value,unit,reference_range,validated")
		for (i = 0; i < 30 + rnd(60); i++) {
			v = lab[rnd(nlab)]
			emit(mrn "," v "," (rnd(900) / 100 + 1) ",," "," (rnd(10) < 9 ? "yes" : "no"))
		}
	} else {
		emit("%PDF-1.4")
		emit("%synthetic document for the lifeline sample incident")
		emit("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj")
		emit("2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj")
		emit("3 0 obj << /Length 0 >> stream")
		emit((type == "discharge_letter.pdf" ? "DISCHARGE LETTER" : "IMAGING REPORT") \
		     " - record " mrn " - " unit)
		filler(15 + rnd(50))
		emit("endstream endobj")
		emit("trailer << /Root 1 0 R >>")
		emit("%%EOF")
	}
	return finish()
}

function plain(path, text,    n, i, lines) {
	start(path)
	n = split(text, lines, "|")
	for (i = 1; i <= n; i++)
		emit(lines[i])
	filler(10 + rnd(20))
	return finish()
}

function note(path) {
	start(path)
	emit("!!! YOUR FILES HAVE BEEN ENCRYPTED !!!")
	emit("")
	emit("All documents on this server were encrypted with a strong algorithm.")
	emit("Backups were deleted. Do not rename or modify the .locked files.")
	emit("To restore your files, contact us through the address below and give your ID.")
	emit("")
	emit("ID: VLM-7F3A-2021-1113")
	emit("Contact: (fictional sample incident; no real address)")
	return finish()
}

function adddir(d) {
	dirs[++nd] = d
}

# Creates every folder with one mkdir (forks are slow; names have no spaces).
function mkdirs(    u, p, cmd) {
	cmd = "mkdir -p " root "/IT " root "/Shares/Quality"
	for (u = 1; u <= nunits; u++)
		for (p = 0; p < per_unit; p++)
			cmd = cmd " " root "/Patients/" units[u] "/" mrn_of(u, p)
	if (system(cmd) != 0)
		exit 1
}

function mrn_of(u, p) {
	return sprintf("P%07d", 4100000 + u * 10007 + p * 137)
}

function row(kind, final, staging, cr, m, a, c, size) {
	printf "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", kind, final, staging, cr, m, a, c, size
}

# A file of the share, in the order the ransomware walks it.
function file(path, size, cr, dir,    m, a, t) {
	m = cr + rnd(172800)
	if (m > t_until)
		m = t_until
	a = m + rnd(432000)
	if (a > t_quiet)
		a = t_quiet
	if (nfile < n_enc) {
		t = burst_start + int(nfile * burst_len / n_enc)
		if (!(dir in reached)) {
			reached[dir] = t
			notes_for(dir, t)
		}
		last[dir] = t
		row("E", path ".locked", path, cr, t, t, t, size)
	} else {
		row("F", path, path, cr, m, a, m, size)
		if (cr > newest[dir])
			newest[dir] = cr
	}
	nfile++
}

# The note in `dir` and in every parent not reached yet.
function notes_for(dir, t,    parent, p) {
	p = dir
	while (1) {
		if (!(p in noted)) {
			noted[p] = t
			row("N", p (p == "/" ? "" : "/") "README_RESTORE_FILES.txt", \
			    p (p == "/" ? "" : "/") "README_RESTORE_FILES.txt", t, t, t, t,
			    note(p (p == "/" ? "" : "/") "README_RESTORE_FILES.txt"))
			reached[p] = t
			last[p] = t
		}
		if (p == "/")
			break
		parent = p
		sub(/\/[^\/]*$/, "", parent)
		if (parent == "")
			parent = "/"
		p = parent
	}
}

BEGIN {
	lcg = seed
	nwords = split("patient reviewed stable observation plan medication dose " \
		"history allergy none known blood pressure heart rate oxygen " \
		"saturation follow-up clinic referral consultant nurse ward " \
		"admitted discharged tolerated diet mobilising pain controlled " \
		"infusion antibiotics culture negative imaging unremarkable " \
		"fracture suspected monitoring continued family informed", words, " ")
	for (i = 1; i <= nwords; i++)
		words[i - 1] = words[i]
	nlab = split("K+ Na+ creatinine urea CRP haemoglobin WBC platelets " \
		"troponin lactate glucose INR", lab, " ")
	for (i = 1; i <= nlab; i++)
		lab[i - 1] = lab[i]
	nunits = split("Cardiology Emergency ICU Maternity Oncology Paediatrics " \
		"Radiology Surgery", units, " ")
	ntypes = split("admission_note.rtf discharge_letter.pdf imaging_report.pdf " \
		"lab_results.csv", types, " ")
	per_unit = 62
	nfile = 0
	mkdirs()

	# C-locale order: /IT < /Patients < /Shares (the ransomware's walk).
	adddir("/")
	adddir("/IT")
	cr = t_install + 3600
	file("/IT/backup_job.ps1", plain("/IT/backup_job.ps1", \
		"# nightly backup of D:\\ to D:\\Backups (kept 7 days)|" \
		"wbadmin start backup -backupTarget:D:\\Backups -include:D:\\Patients -quiet|" \
		"Get-ChildItem D:\\Backups\\*.bak | Sort LastWriteTime -Desc | Select -Skip 7 | Remove-Item"), \
		cr, "/IT")
	file("/IT/network_notes.txt", plain("/IT/network_notes.txt", \
		"FS03 - clinical file server (EHR document store, PACS short-term archive)|" \
		"labsrv01 - laboratory information system and results portal|" \
		"admin accounts: admmig (migration, to be disabled)"), cr + 600, "/IT")
	adddir("/Patients")
	for (u = 1; u <= nunits; u++) {
		ud = "/Patients/" units[u]
		adddir(ud)
		for (p = 0; p < per_unit; p++) {
			mrn = mrn_of(u, p)
			pd = ud "/" mrn
			adddir(pd)
			created = t_from + rnd(t_until - t_from - 400000)
			first[pd] = created
			for (k = 1; k <= ntypes; k++) {
				cr = created + (k - 1) * (3600 + rnd(86400))
				path = pd "/" types[k]
				file(path, document(path, types[k], mrn, units[u], cr), cr, pd)
			}
		}
	}
	adddir("/Shares")
	adddir("/Shares/Quality")
	for (i = 1; i <= 14; i++) {
		path = sprintf("/Shares/Quality/incident_review_2021-%02d.txt", i % 12 + 1)
		if (i > 12)
			path = sprintf("/Shares/Quality/audit_%d.txt", i)
		cr = t_from + rnd(t_until - t_from)
		file(path, plain(path, "Quality and patient safety - internal review|" \
			"no patient identifiers in this document"), cr, "/Shares/Quality")
	}
	for (i = 1; i <= nd; i++) {
		d = dirs[i]
		cr = (d in first) ? first[d] - 60 : t_install
		if (d in last)
			m = last[d]
		else if (d in newest)
			m = newest[d]
		else
			m = cr
		if (m < cr)
			m = cr
		row("D", d, d, cr, m, m, m, 0)
	}
}
