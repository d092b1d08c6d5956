/* rlimit.c - the resource limits set on the program, as one table.
 *
 * The cgroup is the primary enforcer of CPU time, memory and pids; rlimits
 * are per-process backstops and the only enforcement where no cgroup is
 * available.  RLIMIT_FSIZE is the primary output limit: a write past it gets
 * SIGXFSZ (or EFBIG), which the classification reports as OLE.
 */
#include "sandbox/sandbox_internal.h"

#define DEFAULT_NOFILE 64

/* Raising a hard limit needs CAP_SYS_RESOURCE, which a container's root
 * often lacks (this CI host's does): never ask for more than the
 * supervisor's own hard limit. */
static void set(struct sbx_plan *plan, int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit cur;

	if (getrlimit(resource, &cur) == 0 && cur.rlim_max != RLIM_INFINITY) {
		if (hard == RLIM_INFINITY || hard > cur.rlim_max)
			hard = cur.rlim_max;
		if (soft == RLIM_INFINITY || soft > hard)
			soft = hard;
	}
	plan->rlimits[plan->n_rlimits].resource = resource;
	plan->rlimits[plan->n_rlimits].lim.rlim_cur = soft;
	plan->rlimits[plan->n_rlimits].lim.rlim_max = hard;
	plan->n_rlimits++;
}

static rlim_t or_inf(uint64_t v)
{
	return v ? (rlim_t)v : RLIM_INFINITY;
}

void sbx_rlimit_plan(const struct sbx_limits *lim, bool have_cgroup,
		     struct sbx_plan *plan)
{
	rlim_t cpu_s = RLIM_INFINITY;

	plan->n_rlimits = 0;
	/* A second above the cgroup limit: the supervisor kills at the exact
	 * limit; this only fires if it cannot (no cgroup, a stalled host).
	 * RLIMIT_CPU is per process, so threads are summed but children are
	 * not - another reason it is only a backstop. */
	if (lim->cpu_us)
		cpu_s = (rlim_t)((lim->cpu_us + 999999) / 1000000 + 1);
	set(plan, RLIMIT_CPU, cpu_s, cpu_s == RLIM_INFINITY ? cpu_s : cpu_s + 1);
	set(plan, RLIMIT_FSIZE, or_inf(lim->fsize_bytes), or_inf(lim->fsize_bytes));
	set(plan, RLIMIT_NOFILE, lim->nofile ? lim->nofile : DEFAULT_NOFILE,
	    lim->nofile ? lim->nofile : DEFAULT_NOFILE);
	set(plan, RLIMIT_STACK,
	    or_inf(lim->stack_bytes ? lim->stack_bytes : lim->mem_bytes),
	    or_inf(lim->stack_bytes ? lim->stack_bytes : lim->mem_bytes));
	/* A core dump would write the program's memory into /box. */
	set(plan, RLIMIT_CORE, 0, 0);
	/* Without a cgroup, address space and the per-uid process count are
	 * all there is (each box has its own uid, so NPROC counts only it). */
	set(plan, RLIMIT_AS, have_cgroup ? RLIM_INFINITY : or_inf(lim->mem_bytes),
	    have_cgroup ? RLIM_INFINITY : or_inf(lim->mem_bytes));
	set(plan, RLIMIT_NPROC, have_cgroup ? RLIM_INFINITY : or_inf(lim->pids),
	    have_cgroup ? RLIM_INFINITY : or_inf(lim->pids));
}
