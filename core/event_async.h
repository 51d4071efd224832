/* SPDX-License-Identifier: Apache-2.0 */
/* The event writer's background thread (internal to core/event*.c). */
#ifndef LL_CORE_EVENT_ASYNC_H
#define LL_CORE_EVENT_ASYNC_H

#include "core/event.h"

/* Stores a slab's rows and empties it (core/event.c). */
int ll_event_slab_write(struct ll_event_writer *w, struct ll_event_slab *sl);

/* Starts the thread that stores `w`'s slabs. */
int ll_event_async_start(struct ll_event_async **out, struct ll_event_writer *w);
/*
 * Hands the full slab `sl` to the thread and gives `sl` the thread's empty
 * one, waiting while the thread still stores the previous slab. Returns the
 * thread's first error, if it had one (later slabs are then dropped).
 */
int ll_event_async_submit(struct ll_event_async *a, struct ll_event_slab *sl);
/* Waits for the thread to store what it has, ends it, frees `a`; its first error. */
int ll_event_async_stop(struct ll_event_async *a);

#endif
