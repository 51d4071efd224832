/* SPDX-License-Identifier: Apache-2.0 */
/* Disk-image segment sets among the files of an evidence item (EWF, split raw). */
#ifndef LL_ANALYZE_SEGMENTS_H
#define LL_ANALYZE_SEGMENTS_H

#include "core/compat.h"

struct ll_evidence;

/*
 * A set is named the way imaging tools name segments: the same path up to
 * the last '.', then an extension of one family and length, in order from
 * its first segment:
 *   EWF        x.E01 x.E02 … x.E99 x.EAA … (also .L01, .s01, .Ex01, .Lx01)
 *   numbered   x.000 x.001 … or x.001 x.002 … (consecutive)
 *   lettered   x.aa x.ab … (consecutive, as split(1) names them)
 * and, for raw sets, every segment but the last of the same size. Whether
 * the first segment is a disk image is for its reader to say (by content).
 */

/*
 * The set that starts at file `first` of `ev`: indexes into ev->files in
 * segment order, `first` included (a lone file is a set of one). Free *out
 * with ll_free.
 */
int ll_segments_set(size_t **out, size_t *n, const struct ll_evidence *ev, size_t first);

/*
 * For every file of `ev`, the index of the first segment of the set it is a
 * later segment of, or its own index (a first segment, or no set): one pass
 * over the item, so that an image of a thousand segments costs no more
 * than its sets. Free *out with ll_free.
 */
int ll_segments_map(size_t **out, const struct ll_evidence *ev);

#endif
