/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The glossary of the expert report. A judge or juror reads "media hash",
 * "MACB" or "rate ratio" in the report; CrimPR 19.4 and the FSR Code ask that
 * technical terms be explained, so each is defined once here, in words that
 * do not need another definition, and the report links nowhere else for them.
 */
#include "core/compat.h"
#include "casefile/report/glossary.h"

#include "core/buf.h"

static const char *const terms[][2] = {
	{ "ATT&amp;CK", "MITRE ATT&amp;CK, a public catalogue of the techniques attackers use, each with an "
	  "identifier (T1021 remote services, T1486 data encrypted for impact). A finding names the techniques "
	  "its rule describes; the identifier classifies the behaviour, it does not prove who acted." },
	{ "BagIt", "A packaging format for archives (RFC 8493): the files under <code>data/</code> and "
	  "manifests listing the SHA-256 of each file, so that a missing or altered file is detected." },
	{ "Chain of custody", "The signed ledger of who held, moved or examined each exhibit and when. Each "
	  "entry contains the SHA-256 of the entry before it, so that an entry removed, inserted or changed breaks "
	  "the chain." },
	{ "Confidence (of a link)", "How strongly the evidence supports a link between two steps of a chain, on "
	  "the scale low, medium, high set out in the methods. A link that rests on timing alone is never above low. "
	  "It is a statement about the evidence, not a probability." },
	{ "Confidence interval (95%)", "The range of values of a statistic, such as a rate ratio, compatible with the "
	  "counts observed; computed so that 95% of such intervals would contain the true value. A wide interval means "
	  "few observations." },
	{ "Container hash", "The hash of an evidence file as stored (for an E01, the file with its compression and "
	  "metadata). It shows the file is unchanged since acquisition; see <i>media hash</i>." },
	{ "E01 (Expert Witness Format)", "A forensic image format: the bytes of a disk, compressed in chunks, with the "
	  "examiner's notes and the hash of the original media stored inside." },
	{ "Event", "One dated record of the timeline, read from an exhibit: a log line, a file-system time, an "
	  "event-log record. Each has a locator saying where in the exhibit it was read." },
	{ "Finding", "A pattern in the events that a detection rule describes (for example, many files rewritten "
	  "with a new extension within minutes). A finding lists the events it rests on." },
	{ "Hash (SHA-256)", "A 64-character fingerprint computed from a file's bytes. Any change to the bytes gives "
	  "a different fingerprint; two different files with the same fingerprint are not known to exist." },
	{ "Locator", "Where an event was read: exhibit, partition, file, record number or line, byte offset. With it "
	  "anyone can find the same bytes in the exhibit and check the reading." },
	{ "MACB", "The four times a file system may keep for a file: Modified (content), Accessed, Changed "
	  "(metadata) and Born (created). An event row names which of them it shows (<i>timestamp "
	  "description</i>); a change of metadata is not a change of content." },
	{ "Media hash", "The hash of the bytes read from the original disk, before any container format; an image "
	  "converted to another format keeps its media hash." },
	{ "Pseudonym", "A code that replaces a patient's identity in the report, computed by the hospital from "
	  "the patient's identifier with a secret key it keeps (HMAC-SHA256). Only the holder of the key can tell "
	  "which patient a pseudonym stands for; the report contains no direct identifier." },
	{ "Rate ratio (RR)", "A rate (events per day, or per visit) in the attack window divided by the same rate in "
	  "a comparison window; 1 means no difference. It shows association over a population, not that the attack "
	  "caused any one patient's outcome." },
	{ "RFC 3161 timestamp", "A signed statement by a time-stamping authority that a given hash existed at a "
	  "given time; it dates the seal independently of the examiner's clock." },
	{ "Seal", "The examiner's digital signature (CMS, RFC 5652) over the case file's manifests, with a time-stamp. "
	  "Anyone can check it offline with standard tools (<code>openssl cms -verify</code>)." },
	{ "Sigma", "A public, vendor-neutral language for detection rules on log events. The rules used, and their "
	  "SHA-256, are listed in the methods." },
	{ "Timestamp description", "What a time means for its event (for example <q>Last Time Executed</q>, "
	  "<q>Content Modification Time</q>, <q>Event Recorded</q>)." },
	{ "UTC", "Coordinated Universal Time, the time scale every time in the report is given in; where the case "
	  "has a local time zone it is shown beside it." },
};

int ll_report_glossary(struct ll_buf *out, const char *heading)
{
	int rc = ll_buf_printf(out, "<section id=\"glossary\"><h2>%s</h2>\n<dl class=\"glossary\">\n", heading);

	for (size_t i = 0; i < LL_ARRAY_SIZE(terms) && rc >= 0; i++)
		rc = ll_buf_printf(out, "<dt>%s</dt><dd>%s</dd>\n", terms[i][0], terms[i][1]);
	if (rc >= 0)
		rc = ll_buf_puts(out, "</dl>\n</section>\n");
	return rc < 0 ? rc : 0;
}
