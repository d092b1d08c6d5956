/* bench_sandbox.c - `make bench`: per-run cost of the sandbox against bare
 * fork+exec, measured side by side in one run on a static hello world.
 *
 *   bare       fork + execve + waitpid, no isolation: the floor
 *   sbx_run    one library call: namespaces, tmpfs root, cgroup, seccomp
 *   prepared   the same call entering a box prepared once (sbx_prepare),
 *              as every test of a submission does
 *   exec       `arbiter exec` as a command (adds process start-up, policy
 *              load and seccomp compilation to every run)
 *   bwrap      bubblewrap with new namespaces, when installed
 *   isolate    ioi/isolate with cgroups, when installed (it is not in
 *              Debian): the full cycle (--init, --run, --cleanup) and
 *              --run alone on a box initialised once; named as absent
 *              otherwise
 *
 * Reported as median, min and max over N runs, and as the median's ratio to
 * bare.  Then the precision of the limits, on the hostile suite's
 * yardsticks (testdata/hostile/): the CPU time reported for a 1.000 s
 * burner, how late a 0.5 s CPU-limit kill lands, and the peak reported for
 * 64 MiB touched.  Not a test: nothing here passes or fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/cgroup.h"
#include "sandbox/sandbox.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

struct series {
	const char *name;
	uint64_t *ns;
	int n;
};

static int run_cmd(char *const argv[], int quiet)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (quiet) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Where `isolate` is on PATH, into BUF; false when it is not installed. */
static bool find_isolate(char *buf, size_t len)
{
	const char *path = getenv("PATH");

	while (path && *path) {
		const char *end = strchrnul(path, ':');

		snprintf(buf, len, "%.*s/isolate", (int)(end - path), path);
		if (end > path && access(buf, X_OK) == 0)
			return true;
		path = *end ? end + 1 : end;
	}
	return false;
}

/* isolate's two figures: S[0] the full cycle, S[1] --run alone.  Box 900,
 * the test programs bound at /t as for the others.  Returns how many
 * series it filled (0: it failed to run here). */
static int bench_isolate(const char *isolate, const char *dir, int n, struct series *s)
{
	char bindarg[PATH_MAX + 16];
	char *init[] = {(char *)isolate, "--cg", "-b", "900", "--init", NULL};
	char *cleanup[] = {(char *)isolate, "--cg", "-b", "900", "--cleanup", NULL};
	char *run[] = {(char *)isolate, "--cg", "-b", "900", bindarg, "--run", "--",
		       "/t/hello-static", NULL};
	int m = n / 2;

	snprintf(bindarg, sizeof(bindarg), "--dir=/t=%s", dir);
	s[0] = (struct series){"isolate init+run+clean", calloc((size_t)m, 8), m};
	s[1] = (struct series){"isolate --run", calloc((size_t)m, 8), m};
	run_cmd(cleanup, 1);
	for (int i = 0; i < m; i++) {
		uint64_t t = now_ns();

		if (run_cmd(init, 1) < 0 || run_cmd(run, 1) < 0 || run_cmd(cleanup, 1) < 0)
			return 0;
		s[0].ns[i] = now_ns() - t;
	}
	if (run_cmd(init, 1) < 0)
		return 0;
	for (int i = 0; i < m; i++) {
		uint64_t t = now_ns();

		if (run_cmd(run, 1) < 0)
			return 0;
		s[1].ns[i] = now_ns() - t;
	}
	run_cmd(cleanup, 1);
	return 2;
}

static void report(const struct series *s, uint64_t bare_median)
{
	uint64_t med;

	qsort(s->ns, (size_t)s->n, sizeof(uint64_t), cmp_u64);
	med = s->ns[s->n / 2];
	printf("| %-22s | %4d | %9.3f | %9.3f | %9.3f | %7.2fx |\n", s->name, s->n,
	       med / 1e6, s->ns[0] / 1e6, s->ns[s->n - 1] / 1e6,
	       bare_median ? (double)med / (double)bare_median : 1.0);
}

/* One run of TESTDATA/hostile/PROG ARG in the box under a CPU limit of
 * CPU_MS; the result in R. */
static int run_yardstick(struct sbx_spec base, const char *prog, const char *arg,
			 uint64_t cpu_ms, struct sbx_result *r)
{
	char path[PATH_MAX];
	const char *av[] = {path, arg, NULL};
	struct arb_err err;

	snprintf(path, sizeof(path), "/t/hostile/%s", prog);
	base.argv = av;
	base.limits.cpu_us = cpu_ms * 1000;
	base.limits.wall_us = cpu_ms * 4000 + 2000000;
	base.limits.mem_bytes = 256 << 20;
	if (sbx_run(&base, r, &err) < 0) {
		fprintf(stderr, "bench: %s: %s\n", prog, err.msg);
		return -1;
	}
	return 0;
}

static void accuracy_line(const char *what, double *v, int n, const char *unit)
{
	for (int i = 1; i < n; i++) /* insertion sort: n is small */
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	printf("| %-34s | %3d | %9.1f | %9.1f | %9.1f | %-4s |\n", what, n, v[n / 2],
	       v[0], v[n - 1], unit);
}

/* The precision of the limits, as reported by sbx_run. */
static int accuracy(const struct sbx_spec *spec)
{
	enum { RUNS = 10, MEM_RUNS = 5 };
	double cpu[RUNS], late[RUNS], mem[MEM_RUNS];
	struct sbx_result r;

	for (int i = 0; i < RUNS; i++) {
		if (run_yardstick(*spec, "burn_ms", "1000", 3000, &r) < 0 ||
		    r.status != SBX_OK)
			return fprintf(stderr, "bench: burn_ms: %s\n", r.message), -1;
		cpu[i] = (double)r.cpu_us / 1000.0;
		if (run_yardstick(*spec, "cpu_burner", "1", 500, &r) < 0 ||
		    r.status != SBX_TLE)
			return fprintf(stderr, "bench: cpu_burner: %s\n", r.message), -1;
		late[i] = ((double)r.cpu_us - 500000.0) / 1000.0;
	}
	for (int i = 0; i < MEM_RUNS; i++) {
		if (run_yardstick(*spec, "touch_mem", "64", 3000, &r) < 0 ||
		    r.status != SBX_OK)
			return fprintf(stderr, "bench: touch_mem: %s\n", r.message), -1;
		mem[i] = (double)r.mem_kib / 1024.0;
	}
	printf("\nprecision of the limits\n\n");
	printf("| %-34s | %3s | %9s | %9s | %9s | %-4s |\n", "measure", "n", "median",
	       "min", "max", "unit");
	printf("|------------------------------------|-----|-----------|-----------|-----------|------|\n");
	accuracy_line("CPU reported for a 1.000 s burner", cpu, RUNS, "ms");
	accuracy_line("CPU-limit kill (0.5 s), late by", late, RUNS, "ms");
	accuracy_line("peak reported for 64 MiB touched", mem, MEM_RUNS, "MiB");
	return 0;
}

int main(int argc, char **argv)
{
	const char *testdata = getenv("ARBITER_TESTDATA");
	const char *bin = getenv("ARBITER_BIN");
	int n = argc > 1 ? atoi(argv[1]) : 200;
	char hello[PATH_MAX], dir[PATH_MAX];
	struct sbx_policy *pol = NULL;
	struct cg_manager *cg = NULL;
	struct arb_err err;
	struct series s[7];
	char isolate[PATH_MAX];
	bool have_isolate, isolate_ran = false;
	int ns = 0, devnull;
	uint64_t bare_med;

	if (!testdata || !bin || n < 5) {
		fprintf(stderr, "usage: run through 'make bench' [BENCH_ARGS=N]\n");
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s", testdata);
	snprintf(hello, sizeof(hello), "%s/hello-static", testdata);
	if (sbx_policy_load(NULL, "default", &pol, &err) < 0 ||
	    cg_manager_open(NULL, &cg, &err) < 0) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);

	/* bare */
	s[ns] = (struct series){"bare fork+exec", calloc((size_t)n, 8), n};
	for (int i = 0; i < n; i++) {
		char *av[] = {hello, NULL};
		uint64_t t = now_ns();
		if (run_cmd(av, 1) < 0)
			return fprintf(stderr, "bench: bare run failed\n"), 1;
		s[ns].ns[i] = now_ns() - t;
	}
	ns++;

	/* sbx_run */
	{
		struct sbx_path bind = {.kind = SBX_PATH_BIND, .src = dir, .dst = "/t",
					.is_dir = true};
		const char *av[] = {"/t/hello-static", NULL};
		struct sbx_spec spec = {
			.policy = pol, .argv = av, .binds = &bind, .n_binds = 1,
			.stdin_fd = -1, .stdout_fd = devnull, .stderr_fd = devnull, .cg = cg,
			.limits = {.cpu_us = 1000000, .wall_us = 5000000,
				   .mem_bytes = 64 << 20, .pids = 16, .fsize_bytes = 1 << 20},
		};
		struct sbx_result r;

		struct sbx_prepared *box;

		/* Both variants interleaved, so a change of the machine's load
		 * during the run hits both alike. */
		s[ns] = (struct series){"sbx_run (library)", calloc((size_t)n, 8), n};
		s[ns + 1] = (struct series){"sbx_run, prepared box", calloc((size_t)n, 8), n};
		if (sbx_prepare(&spec, &box, &err) < 0)
			return fprintf(stderr, "bench: sbx_prepare: %s\n", err.msg), 1;
		for (int i = 0; i < 2 * n; i++) {
			uint64_t t = now_ns();

			spec.prepared = i % 2 ? box : NULL;
			if (sbx_run(&spec, &r, &err) < 0 || r.status != SBX_OK)
				return fprintf(stderr, "bench: sbx_run: %s %s\n", err.msg,
					       r.message), 1;
			s[ns + i % 2].ns[i / 2] = now_ns() - t;
		}
		sbx_prepared_free(box);
		ns += 2;
	}

	/* arbiter exec */
	{
		char bindarg[PATH_MAX + 8];
		snprintf(bindarg, sizeof(bindarg), "%s:/t", dir);
		char *av[] = {(char *)bin, "exec", "--time", "1", "--mem", "64M",
			      "--bind", bindarg, "--", "/t/hello-static", NULL};
		int m = n / 2;

		s[ns] = (struct series){"arbiter exec (command)", calloc((size_t)m, 8), m};
		for (int i = 0; i < m; i++) {
			uint64_t t = now_ns();
			if (run_cmd(av, 1) < 0)
				return fprintf(stderr, "bench: arbiter exec failed\n"), 1;
			s[ns].ns[i] = now_ns() - t;
		}
		ns++;
	}

	/* bwrap, when installed */
	if (access("/usr/bin/bwrap", X_OK) == 0) {
		char *av[] = {"/usr/bin/bwrap", "--unshare-all", "--die-with-parent",
			      "--ro-bind", "/usr", "/usr", "--ro-bind", dir, "/t",
			      "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
			      "/t/hello-static", NULL};
		int m = n / 2;

		s[ns] = (struct series){"bwrap --unshare-all", calloc((size_t)m, 8), m};
		for (int i = 0; i < m && s[ns].n; i++) {
			uint64_t t = now_ns();
			if (run_cmd(av, 1) < 0) {
				printf("(bwrap failed to run here; skipped)\n");
				s[ns].n = 0;
				break;
			}
			s[ns].ns[i] = now_ns() - t;
		}
		if (s[ns].n)
			ns++;
	}

	have_isolate = find_isolate(isolate, sizeof(isolate));
	if (have_isolate) {
		int got = bench_isolate(isolate, dir, n, &s[ns]);

		isolate_ran = got > 0;
		if (!isolate_ran) {
			free(s[ns].ns);
			free(s[ns + 1].ns);
		}
		ns += got;
	}

	qsort(s[0].ns, (size_t)s[0].n, 8, cmp_u64);
	bare_med = s[0].ns[s[0].n / 2];
	printf("\nper-run cost of a static hello world (cgroup mode: %s)\n\n",
	       cg_mode_name(cg_manager_mode(cg)));
	printf("| %-22s | %4s | %9s | %9s | %9s | %8s |\n", "system", "runs",
	       "median ms", "min ms", "max ms", "vs bare");
	printf("|------------------------|------|-----------|-----------|-----------|----------|\n");
	for (int i = 0; i < ns; i++)
		report(&s[i], bare_med);
	if (!have_isolate)
		printf("\nisolate: not installed (it is not packaged in Debian; "
		       "github.com/ioi/isolate), so not measured\n");
	else if (!isolate_ran)
		printf("\nisolate: installed at %s but failed to run here, so not "
		       "measured\n", isolate);
	{
		struct sbx_path bind = {.kind = SBX_PATH_BIND, .src = dir, .dst = "/t",
					.is_dir = true};
		struct sbx_spec spec = {
			.policy = pol, .binds = &bind, .n_binds = 1, .stdin_fd = -1,
			.stdout_fd = devnull, .stderr_fd = devnull, .cg = cg,
			.limits = {.pids = 16, .fsize_bytes = 1 << 20},
		};

		if (accuracy(&spec) < 0)
			return 1;
	}
	for (int i = 0; i < ns; i++)
		free(s[i].ns);
	cg_manager_close(cg);
	sbx_policy_free(pol);
	return 0;
}
