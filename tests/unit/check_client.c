/* check_client.c - the client side of the queue (worker/client.c): jobs
 * built from files, folders and archives, the language told by their
 * names, and following the results stream of a real redis-server (the
 * tail, reads in order, the stored copy).  `arbiter submit` and `arbiter
 * batch --redis` both stand on these. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client.h"
#include "redis_harness.h"
#include "testutil.h"

Suite *suite_client(void);

/*** Jobs from files ***/

/* JOB from the one path DIR/REL (client_job_from_paths' return). */
static int job_at(struct job *job, const char *dir, const char *rel, struct arb_err *err)
{
	char path[512];
	char *paths[1] = {path};

	memset(job, 0, sizeof(*job));
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return client_job_from_paths(job, paths, 1, err);
}

/* JOB is N files told to be language LANG. */
static void expect_files(struct job *job, size_t n, const char *lang)
{
	struct arb_err err;

	ck_assert_int_eq(job->kind, JOB_FILES);
	ck_assert_uint_eq(job->n_files, n);
	ck_assert_int_eq(client_job_language(job, &err), 0);
	ck_assert_str_eq(job->language, lang);
}

static void rm_dir(char *dir)
{
	tu_rm_rf(dir);
	free(dir);
}

START_TEST(test_job_one_file)
{
	char *dir = tu_mkdtemp();
	struct job job;
	struct arb_err err;

	tu_put_at(dir, "Hello.java", "class Hello {}\n");
	ck_assert_int_eq(job_at(&job, dir, "Hello.java", &err), 0);
	expect_files(&job, 1, "java");
	ck_assert_str_eq(job.files[0].name, "Hello.java"); /* its own name */
	job_free(&job);
	rm_dir(dir);
}
END_TEST

START_TEST(test_job_folder)
{
	char *dir = tu_mkdtemp();
	struct job job;
	struct arb_err err;
	bool main_c = false, util_c = false;

	tu_put_at(dir, "alice/main.c", "int main(void){return 0;}\n");
	tu_put_at(dir, "alice/lib/util.c", "int util;\n");
	ck_assert_int_eq(job_at(&job, dir, "alice/", &err), 0); /* a trailing slash too */
	expect_files(&job, 2, "c");
	for (size_t i = 0; i < job.n_files; i++) {
		main_c |= !strcmp(job.files[i].name, "main.c");
		util_c |= !strcmp(job.files[i].name, "lib/util.c");
	}
	ck_assert(main_c && util_c); /* relative to the folder */
	job_free(&job);
	rm_dir(dir);
}
END_TEST

START_TEST(test_job_errors)
{
	char *dir = tu_mkdtemp();
	struct job job;
	struct arb_err err;

	ck_assert_int_eq(job_at(&job, dir, "missing.c", &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	ck_assert_ptr_nonnull(strstr(err.msg, "missing.c"));
	job_free(&job);

	tu_put_at(dir, "notes.unknownext", "x\n");
	ck_assert_int_eq(job_at(&job, dir, "notes.unknownext", &err), 0);
	ck_assert_int_eq(client_job_language(&job, &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_REQUEST);
	job_free(&job);
	rm_dir(dir);
}
END_TEST

/* Bytes JSON cannot carry travel as a tar of the same files, which the
 * worker's intake unpacks to the same names and contents. */
START_TEST(test_job_to_archive)
{
	char *dir = tu_mkdtemp();
	char out[400];
	char *paths[2];
	char a[512], b[512];
	struct intake_result res = {0};
	struct job job;
	struct arb_err err;
	json_t *msg;
	size_t len;
	char *got;

	memset(&job, 0, sizeof(job));
	tu_put_at(dir, "main.c", "/* caf\xe9 */ int main(void){return 0;}\n");
	tu_put_at(dir, "util.h", "#define X 1\n");
	snprintf(a, sizeof(a), "%s/main.c", dir);
	snprintf(b, sizeof(b), "%s/util.h", dir);
	paths[0] = a;
	paths[1] = b;
	ck_assert_int_eq(client_job_from_paths(&job, paths, 2, &err), 0);
	job.id = strdup("s-1");
	job.problem = strdup("hello");
	job.language = strdup("c");
	errno = 0;
	ck_assert_ptr_null(msg_encode(&job));
	ck_assert_int_eq(errno, EILSEQ);
	ck_assert_int_eq(client_job_to_archive(&job, &err), 0);
	ck_assert_int_eq(job.kind, JOB_ARCHIVE);
	ck_assert_uint_eq(job.n_files, 0);
	msg = msg_encode(&job);
	ck_assert_ptr_nonnull(msg);
	ck_assert_ptr_nonnull(json_object_get(msg, "archive"));
	json_decref(msg);
	snprintf(out, sizeof(out), "%s/out", dir);
	ck_assert_int_eq(mkdir(out, 0700), 0);
	ck_assert_int_eq(intake_archive_mem(job.archive, job.archive_len, out, NULL, &res, &err), 0);
	ck_assert_uint_eq(res.n_files, 2);
	snprintf(a, sizeof(a), "%s/main.c", out);
	got = tu_read_file(a, &len);
	ck_assert_str_eq(got, "/* caf\xe9 */ int main(void){return 0;}\n");
	free(got);
	intake_result_free(&res);
	job_free(&job);
	rm_dir(dir);
}
END_TEST

/*** Following results ***/

/* One server per case, and the client's own connection to it: the
 * writes a worker would make go through it too. */
static struct rh_server *srv;
static struct redis_url url;
static struct rconn *c;
static struct stream_keys keys;

static void setup(void)
{
	struct rconn_opts o = {.command_timeout_ms = 5000};
	struct arb_err err;

	ck_assert_ptr_nonnull(srv = rh_start(NULL));
	ck_assert_int_eq(stream_keys_init(&keys, "t:", &err), 0);
	ck_assert_int_eq(redis_url_parse(rh_url(srv), &url, &err), 0);
	ck_assert_int_eq(rconn_new(&url, &o, &c, &err), 0);
}

static void teardown(void)
{
	rconn_free(c);
	redis_url_free(&url);
	rh_free(srv);
}

/* A command that must answer with TYPE. */
static void must(int type, const char *cmd, const char *key, const char *value)
{
	struct arb_err err;
	redisReply *r = rconn_command(c, &err, cmd, key, value);

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->type, type);
	freeReplyObject(r);
}

static void add_result(const char *json)
{
	must(REDIS_REPLY_STRING, "XADD %s * result %s", keys.results, json);
}

struct seen {
	char text[8][64];
	int n;
};

static void collect(void *arg, const char *json, size_t len)
{
	struct seen *s = arg;

	ck_assert_int_lt(s->n, 8);
	snprintf(s->text[s->n++], sizeof(s->text[0]), "%.*s", (int)len, json);
}

START_TEST(test_results_follow)
{
	char tail[64];
	struct seen s = {0};
	struct arb_err err;

	ck_assert_int_eq(client_results_tail(c, &keys, tail, sizeof(tail), &err), 0);
	ck_assert_str_eq(tail, "0-0"); /* no stream yet */
	add_result("{\"id\":\"old\"}");
	ck_assert_int_eq(client_results_tail(c, &keys, tail, sizeof(tail), &err), 0);
	ck_assert_str_ne(tail, "0-0");
	/* Only what comes after the tail, in order; the tail moves on. */
	add_result("{\"id\":\"a\"}");
	add_result("{\"id\":\"b\"}");
	ck_assert_int_eq(client_results_read(c, &keys, tail, sizeof(tail), 100, collect, &s,
					     &err), 2);
	ck_assert_int_eq(s.n, 2);
	ck_assert_str_eq(s.text[0], "{\"id\":\"a\"}");
	ck_assert_str_eq(s.text[1], "{\"id\":\"b\"}");
	/* Nothing new: the block times out with none. */
	ck_assert_int_eq(client_results_read(c, &keys, tail, sizeof(tail), 50, collect, &s,
					     &err), 0);
	ck_assert_int_eq(s.n, 2);
}
END_TEST

START_TEST(test_result_get)
{
	struct arb_err err;
	json_t *o;

	ck_assert_ptr_null(client_result_get(c, &keys, "s-1", &err));
	ck_assert_int_eq(err.errnum, ENOENT); /* none yet, not a failure */
	must(REDIS_REPLY_STATUS, "SET %s %s", "t:result:s-1",
	     "{\"id\":\"s-1\",\"verdict\":\"AC\"}");
	o = client_result_get(c, &keys, "s-1", &err);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(json_string_value(json_object_get(o, "verdict")), "AC");
	json_decref(o);
}
END_TEST

START_TEST(test_redis_down)
{
	char tail[64];
	struct arb_err err;

	rh_kill(srv);
	ck_assert_int_eq(client_results_tail(c, &keys, tail, sizeof(tail), &err), -1);
	ck_assert_int_eq(err.kind, ARB_E_INTERNAL);
	ck_assert_int_eq(client_results_read(c, &keys, tail, sizeof(tail), 50, NULL, NULL,
					     &err), -1);
	ck_assert_ptr_null(client_result_get(c, &keys, "s-1", &err));
	ck_assert_int_ne(err.errnum, ENOENT); /* a failure, not "none yet" */
}
END_TEST

Suite *suite_client(void)
{
	Suite *s = suite_create("client");
	TCase *tc = tcase_create("jobs");

	tcase_add_test(tc, test_job_one_file);
	tcase_add_test(tc, test_job_folder);
	tcase_add_test(tc, test_job_errors);
	tcase_add_test(tc, test_job_to_archive);
	suite_add_tcase(s, tc);
	if (!rh_available()) {
		printf("# SKIP client: redis-server not installed\n");
		return s;
	}
	tc = tcase_create("redis");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_results_follow);
	tcase_add_test(tc, test_result_get);
	tcase_add_test(tc, test_redis_down);
	suite_add_tcase(s, tc);
	return s;
}
