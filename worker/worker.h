/* worker.h - `arbiter worker`: judge submissions from Redis until told to
 * stop.
 *
 * Process model: the master forks one process per slot and only supervises
 * (restarts a slot that died, forwards SIGTERM/SIGINT).  A slot is a plain
 * loop - next entry, judge it in its own box (box id box_base + slot, so
 * its own uid and cgroup), deliver the result - with one helper thread
 * that renews the claim on the entry being judged.  Separate processes
 * keep one hiredis context per thread and let a crash cost one slot, not
 * the worker.  Every slot dies with the master (PDEATHSIG): a worker
 * killed with SIGKILL leaves its entries pending, and the other workers
 * reclaim them once idle for claim_idle_ms.
 *
 * Stop (SIGTERM, SIGINT): slots take no new entry, finish the one in hand
 * and deliver its result (trying for up to a minute if Redis is away;
 * after that the entry stays pending and is reclaimed), then exit; the
 * master exits 0 once all have.
 */
#ifndef ARBITER_WORKER_WORKER_H
#define ARBITER_WORKER_WORKER_H

#include "base/err.h"
#include "config.h"

/* 0 after a clean stop; -1 with ERR when the worker could not start. */
int worker_run(const struct worker_config *cfg, struct arb_err *err);

#endif
