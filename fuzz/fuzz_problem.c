/* fuzz_problem.c - libFuzzer harness: problem package loading (judge/problem*.c).
 *
 * The input is split at its first four NUL bytes into the package files
 * problem_load() parses (YAML cannot hold a NUL, so nothing is lost):
 *   problem.yaml \0 data/testdata.yaml \0 data/secret/test_group.yaml
 *   \0 .timelimit \0 domjudge-problem.ini
 * An input without NUL is problem.yaml alone; an absent part is an absent
 * file.  The package lives in the process's scratch directory, reused for
 * every input, with a fixed minimal data/ (one sample and one secret test).
 * Beyond the sanitizers: a failure is an error with a message, and a
 * loaded problem holds what problem.h promises for this package.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "problem.h"

static const char *const part_files[] = {
	"pkg/problem.yaml", "pkg/data/testdata.yaml",
	"pkg/data/secret/test_group.yaml", "pkg/.timelimit",
	"pkg/domjudge-problem.ini",
};
#define N_PARTS (sizeof(part_files) / sizeof(part_files[0]))

static char pkg_dir[4096];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *root = fz_scratch("problem");

	(void)argc;
	(void)argv;
	fz_mkdir("pkg");
	fz_mkdir("pkg/data");
	fz_mkdir("pkg/data/sample");
	fz_mkdir("pkg/data/secret");
	fz_write("pkg/data/sample/1.in", "1 2\n", 4);
	fz_write("pkg/data/sample/1.ans", "3\n", 2);
	fz_write("pkg/data/secret/1.in", "2 2\n", 4);
	fz_write("pkg/data/secret/1.ans", "4\n", 2);
	if ((size_t)snprintf(pkg_dir, sizeof(pkg_dir), "%s/pkg", root) >= sizeof(pkg_dir))
		fz_die("scratch path too long");
	return 0;
}

static void check_problem(const struct problem *p)
{
	FZ_CHECK(p->dir && p->short_name && p->name && p->format_version,
		 "a loaded problem lacks dir, short_name, name or format_version");
	FZ_CHECK(strcmp(p->short_name, "pkg") == 0, "short_name '%s'", p->short_name);
	FZ_CHECK((p->tl_source == PROBLEM_TL_UNSET) == (p->time_limit_us == 0),
		 "time limit %llu us with source %d",
		 (unsigned long long)p->time_limit_us, (int)p->tl_source);
	FZ_CHECK(p->time_limit_us <= 3600ULL * 1000000, "time limit %llu us",
		 (unsigned long long)p->time_limit_us);
	FZ_CHECK(p->memory_bytes > 0 && p->output_bytes > 0 && p->compile_time_us > 0,
		 "a zero limit: memory %llu, output %llu, compile %llu us",
		 (unsigned long long)p->memory_bytes,
		 (unsigned long long)p->output_bytes,
		 (unsigned long long)p->compile_time_us);
	FZ_CHECK(p->time_multiplier > 0 && p->time_safety_margin > 0,
		 "multipliers %g, %g", p->time_multiplier, p->time_safety_margin);
	/* No output_validator(s)/ exists: only the default can be judged. */
	FZ_CHECK(p->validation == PROBLEM_VALIDATION_DEFAULT && !p->validator_dir,
		 "validation %d without a validator", (int)p->validation);
	FZ_CHECK(p->validator_args != NULL, "validator_args is NULL");
	FZ_CHECK(p->n_tests == 2, "%zu tests, the package has 2", p->n_tests);
	for (size_t i = 0; i < p->n_tests; i++) {
		const struct problem_test *t = &p->tests[i];

		FZ_CHECK(t->name && t->in_path && t->ans_path && t->validator_args,
			 "test %zu lacks a field", i);
		FZ_CHECK(t->sample == (i == 0), "test %zu '%s': sample %d", i, t->name,
			 (int)t->sample);
	}
	FZ_CHECK(p->n_subs == 0, "%zu submissions, the package has none", p->n_subs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_part parts[N_PARTS];
	struct problem *p = NULL;
	struct arb_err err = {0};

	fz_split(data, size, parts, N_PARTS);
	for (size_t i = 0; i < N_PARTS; i++) {
		if (parts[i].data)
			fz_write(part_files[i], parts[i].data, parts[i].len);
		else
			fz_unlink(part_files[i]);
	}
	if (problem_load(pkg_dir, &p, &err) < 0) {
		FZ_CHECK(p == NULL, "problem_load failed but returned a problem");
		FZ_CHECK(err.kind != ARB_E_NONE && err.msg[0],
			 "problem_load failed without an error (kind %d)", (int)err.kind);
	} else {
		FZ_CHECK(p != NULL, "problem_load succeeded without a problem");
		check_problem(p);
	}
	problem_free(p);
	return 0;
}
