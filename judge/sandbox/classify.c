/* classify.c - PURE: the status of a run from what was measured.
 *
 * Precedence, first match wins:
 *   1. the supervisor killed the box at the wall limit       -> TLE (wall)
 *   2. CPU time (from the cgroup) over the limit             -> TLE (cpu)
 *   3. the cgroup's OOM killer killed something              -> MLE
 *   4. SIGXFSZ, or a regular-file stdout reached the limit   -> OLE
 *   5. SIGXCPU (the RLIMIT_CPU backstop)                     -> TLE (cpu)
 *   6. a forbidden system call (init's seccomp notification,
 *      or SIGSYS from the kernel) or any other signal        -> RTE
 *   7. a non-zero exit code                                  -> RTE
 *   8. otherwise                                             -> OK
 * Limits come first because a program at a limit usually dies of it by a
 * signal (SIGKILL from the supervisor or the OOM killer): the signal is the
 * symptom, the limit is the cause.  MLE is never guessed from a signal or a
 * peak: only the cgroup's own OOM counter says so.
 */
#include "sandbox/sandbox.h"
#include "sandbox/seccomp.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

const char *sbx_status_name(enum sbx_status s)
{
	switch (s) {
	case SBX_OK:
		return "OK";
	case SBX_RTE:
		return "RTE";
	case SBX_TLE:
		return "TLE";
	case SBX_MLE:
		return "MLE";
	case SBX_OLE:
		return "OLE";
	}
	return "JE";
}

const char *sbx_limit_name(enum sbx_limit_hit l)
{
	switch (l) {
	case SBX_LIMIT_NONE:
		return "";
	case SBX_LIMIT_CPU:
		return "cpu";
	case SBX_LIMIT_WALL:
		return "wall";
	case SBX_LIMIT_MEMORY:
		return "memory";
	case SBX_LIMIT_OUTPUT:
		return "output";
	}
	return "";
}

static void set(struct sbx_result *r, enum sbx_status s, enum sbx_limit_hit l)
{
	r->status = s;
	r->limit_hit = l;
}

void sbx_classify(const struct sbx_outcome *o, const struct sbx_limits *lim,
		  struct sbx_result *r)
{
	int sig = WIFSIGNALED(o->wait_status) ? WTERMSIG(o->wait_status) : 0;
	int code = WIFEXITED(o->wait_status) ? WEXITSTATUS(o->wait_status) : 0;

	/* init killed the box on the filter's notification: what the kernel
	 * would have done (SIGSYS), but now we know the call. */
	if (o->forbidden_call)
		sig = SIGSYS, code = 0;
	r->syscall_nr = o->forbidden_call ? o->syscall_nr : -1;

	r->exit_code = code;
	r->signal = sig;
	r->cpu_us = o->cpu_us;
	r->wall_us = o->wall_us;
	r->mem_kib = o->mem_kib;
	r->oom_kills = o->oom_kills;
	r->message[0] = '\0';

	if (o->killed_wall) {
		set(r, SBX_TLE, SBX_LIMIT_WALL);
		snprintf(r->message, sizeof(r->message),
			 "wall time limit exceeded (%.3f s)", (double)lim->wall_us / 1e6);
	} else if (lim->cpu_us && (o->killed_cpu || o->cpu_us > lim->cpu_us)) {
		set(r, SBX_TLE, SBX_LIMIT_CPU);
		snprintf(r->message, sizeof(r->message),
			 "cpu time limit exceeded (%.3f s)", (double)lim->cpu_us / 1e6);
	} else if (o->oom_kills > 0) {
		set(r, SBX_MLE, SBX_LIMIT_MEMORY);
		snprintf(r->message, sizeof(r->message),
			 "memory limit exceeded (%llu KiB)",
			 (unsigned long long)(lim->mem_bytes / 1024));
	} else if (sig == SIGXFSZ || o->output_over) {
		set(r, SBX_OLE, SBX_LIMIT_OUTPUT);
		snprintf(r->message, sizeof(r->message),
			 "output limit exceeded (%llu bytes)",
			 (unsigned long long)lim->fsize_bytes);
	} else if (sig == SIGXCPU) {
		set(r, SBX_TLE, SBX_LIMIT_CPU);
		snprintf(r->message, sizeof(r->message),
			 "cpu time limit exceeded (rlimit)");
	} else if (o->forbidden_call) {
		const char *name = seccomp_syscall_name(o->syscall_nr);

		set(r, SBX_RTE, SBX_LIMIT_NONE);
		if (name)
			snprintf(r->message, sizeof(r->message),
				 "forbidden system call %s (killed by SIGSYS)", name);
		else
			snprintf(r->message, sizeof(r->message),
				 "forbidden system call %d (killed by SIGSYS)",
				 o->syscall_nr);
	} else if (sig) {
		set(r, SBX_RTE, SBX_LIMIT_NONE);
		snprintf(r->message, sizeof(r->message), "killed by signal %d (SIG%s)%s",
			 sig, sigabbrev_np(sig) ? sigabbrev_np(sig) : "?",
			 sig == SIGSYS ? ": forbidden system call" : "");
	} else if (code) {
		set(r, SBX_RTE, SBX_LIMIT_NONE);
		snprintf(r->message, sizeof(r->message), "exited with code %d", code);
	} else {
		set(r, SBX_OK, SBX_LIMIT_NONE);
	}
}
