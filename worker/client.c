/* client.c - the client side of the queue; see client.h.
 *
 * Moved out of cmd_submit.c so that `arbiter batch --redis` builds its
 * messages and follows results exactly as `arbiter submit` does.
 */
#include "client.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/fsutil.h"
#include "intake.h"
#include "lang.h"

/*** Building a job from files ***/

/* The whole of a regular file, capped at the message limit. */
static int read_file(const char *path, char **data, size_t *len, struct arb_err *err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return arb_fail(err, ARB_E_REQUEST, errno, "'%s'", path);
	if (fsutil_read_fd(fd, MSG_MAX_SOURCE_BYTES, path, data, len, err) < 0) {
		err->kind = ARB_E_REQUEST;
		return -1;
	}
	return 0;
}

static int add_file(struct job *job, const char *name, const char *path,
		    struct arb_err *err)
{
	struct job_file *f;

	if (job->n_files >= MSG_MAX_FILES)
		return arb_fail(err, ARB_E_REQUEST, 0, "more than %d files", MSG_MAX_FILES);
	f = realloc(job->files, (job->n_files + 1) * sizeof(*f));
	if (!f)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "files");
	job->files = f;
	f = &job->files[job->n_files];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	if (!f->name)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "files");
	job->n_files++;
	return read_file(path, &f->data, &f->len, err);
}

/* nftw has no user argument: the walk's state, per thread. */
static __thread struct {
	struct job *job;
	size_t root_len;
	struct arb_err *err;
	int rc;
} walk;

static int walk_visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag != FTW_F || !S_ISREG(st->st_mode))
		return 0; /* folders are implied; links and the like are left out */
	if (add_file(walk.job, path + walk.root_len + 1, path, walk.err) < 0) {
		walk.rc = -1;
		return 1;
	}
	return 0;
}

int client_job_from_paths(struct job *job, char *const *paths, int n, struct arb_err *err)
{
	struct stat st;

	if (n == 1 && stat(paths[0], &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t len = strlen(paths[0]);

		while (len > 1 && paths[0][len - 1] == '/')
			len--;
		job->kind = JOB_FILES;
		walk.job = job;
		walk.root_len = len;
		walk.err = err;
		walk.rc = 0;
		if (nftw(paths[0], walk_visit, 32, FTW_PHYS) < 0)
			return arb_fail(err, ARB_E_REQUEST, errno, "'%s'", paths[0]);
		if (walk.rc < 0)
			return -1;
		if (!job->n_files)
			return arb_fail(err, ARB_E_REQUEST, 0, "'%s': no files", paths[0]);
		return 0;
	}
	if (n == 1 && intake_is_archive_name(paths[0])) {
		job->kind = JOB_ARCHIVE;
		return read_file(paths[0], (char **)&job->archive, &job->archive_len, err);
	}
	job->kind = JOB_FILES;
	for (int i = 0; i < n; i++) {
		const char *base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];

		if (add_file(job, base, paths[i], err) < 0)
			return -1;
	}
	return 0;
}

int client_job_language(struct job *job, struct arb_err *err)
{
	struct lang_table *langs = NULL;
	const struct language *l = NULL;
	_cleanup_free_ char **names = NULL;
	struct intake_result res = {0};
	int rc;

	if (job->kind == JOB_ARCHIVE) {
		/* The names inside, by unpacking it as a worker would (every
		 * refusal rule applies here too) into a scratch dir. */
		const char *t = getenv("TMPDIR");
		_cleanup_free_ char *tmp = NULL;

		if (asprintf(&tmp, "%s/arbiter-submit-XXXXXX", t && *t ? t : "/tmp") < 0) {
			tmp = NULL;
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "scratch dir");
		}
		if (!mkdtemp(tmp))
			return arb_fail(err, ARB_E_INTERNAL, errno, "mkdtemp");
		rc = intake_archive_mem(job->archive, job->archive_len, tmp, NULL, &res, err);
		fsutil_rm_rf(tmp);
		if (rc < 0)
			return -1;
		names = calloc(res.n_files + 1, sizeof(*names));
		for (size_t i = 0; names && i < res.n_files; i++)
			names[i] = res.files[i];
	} else {
		names = calloc(job->n_files + 1, sizeof(*names));
		for (size_t i = 0; names && i < job->n_files; i++)
			names[i] = job->files[i].name;
	}
	if (!names || lang_load(NULL, &langs, err) < 0) {
		intake_result_free(&res);
		return names ? -1 : arb_fail(err, ARB_E_INTERNAL, ENOMEM, "names");
	}
	rc = lang_detect(langs, NULL, names, &l, err);
	intake_result_free(&res);
	if (rc == 0 && !(job->language = strdup(l->id)))
		rc = arb_fail(err, ARB_E_INTERNAL, ENOMEM, "language");
	lang_table_free(langs);
	return rc;
}

/* One attempt at writing FILES as a tar into MEM (CAP bytes): 0, 1 when
 * MEM is too small, -1 on error. */
static int tar_into(const struct job *job, char *mem, size_t cap, size_t *used,
		    struct arb_err *err)
{
	struct archive *w = archive_write_new();
	int rc = 0;

	if (!w)
		return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "archive");
	/* Uncompressed, no padding to a 10 KiB block: sources are small and
	 * the message is base64 anyway. */
	if (archive_write_set_format_pax_restricted(w) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(w, 1) != ARCHIVE_OK ||
	    archive_write_open_memory(w, mem, cap, used) != ARCHIVE_OK) {
		rc = arb_fail(err, ARB_E_INTERNAL, 0, "archive: %s", archive_error_string(w));
		goto out;
	}
	for (size_t i = 0; i < job->n_files && rc == 0; i++) {
		struct archive_entry *e = archive_entry_new();

		if (!e) {
			rc = arb_fail(err, ARB_E_INTERNAL, ENOMEM, "archive");
			break;
		}
		archive_entry_set_pathname(e, job->files[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)job->files[i].len);
		if (archive_write_header(w, e) != ARCHIVE_OK ||
		    archive_write_data(w, job->files[i].data, job->files[i].len) !=
			    (la_ssize_t)job->files[i].len)
			rc = 1;
		archive_entry_free(e);
	}
	if (rc == 0 && archive_write_close(w) != ARCHIVE_OK)
		rc = 1;
out:
	archive_write_free(w);
	return rc;
}

int client_job_to_archive(struct job *job, struct arb_err *err)
{
	size_t total = 0;

	if (job->kind != JOB_FILES)
		return 0;
	for (size_t i = 0; i < job->n_files; i++)
		total += job->files[i].len + 2048; /* header, pax names, padding */
	for (size_t cap = total + 4096;; cap *= 2) {
		char *mem = malloc(cap);
		size_t used = 0;
		int rc;

		if (!mem)
			return arb_fail(err, ARB_E_INTERNAL, ENOMEM, "archive");
		rc = tar_into(job, mem, cap, &used, err);
		if (rc < 0 || (rc == 1 && cap > 4 * (size_t)MSG_MAX_SOURCE_BYTES)) {
			free(mem);
			return rc < 0 ? -1 : arb_fail(err, ARB_E_REQUEST, EFBIG, "archive too big");
		}
		if (rc == 0) {
			for (size_t i = 0; i < job->n_files; i++) {
				free(job->files[i].name);
				free(job->files[i].data);
			}
			free(job->files);
			job->files = NULL;
			job->n_files = 0;
			job->archive = (unsigned char *)mem;
			job->archive_len = used;
			job->kind = JOB_ARCHIVE;
			return 0;
		}
		free(mem);
	}
}

/*** Following results ***/

int client_results_tail(struct rconn *c, const struct stream_keys *k, char *tail,
			size_t len, struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "XREVRANGE %s + - COUNT 1",
						      k->results);

	if (!r)
		return -1;
	if (r->type == REDIS_REPLY_ERROR)
		return arb_fail(err, ARB_E_INTERNAL, 0, "redis: XREVRANGE: %s", r->str);
	snprintf(tail, len, "0-0");
	if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
	    r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements >= 1 &&
	    r->element[0]->element[0]->type == REDIS_REPLY_STRING)
		snprintf(tail, len, "%s", r->element[0]->element[0]->str);
	return 0;
}

int client_results_read(struct rconn *c, const struct stream_keys *k, char *tail,
			size_t tail_len, unsigned block_ms, client_result_fn fn, void *arg,
			struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(
		c, err, "XREAD COUNT 100 BLOCK %u STREAMS %s %s", block_ms, k->results, tail);
	const redisReply *es;
	int n = 0;

	if (!r)
		return -1;
	if (r->type == REDIS_REPLY_ERROR)
		return arb_fail(err, ARB_E_INTERNAL, 0, "redis: XREAD: %s", r->str);
	/* [[stream, [[id, [field, value, ...]], ...]]], or nil on timeout. */
	if (r->type != REDIS_REPLY_ARRAY || r->elements != 1 ||
	    r->element[0]->type != REDIS_REPLY_ARRAY || r->element[0]->elements != 2)
		return 0;
	es = r->element[0]->element[1];
	for (size_t i = 0; es->type == REDIS_REPLY_ARRAY && i < es->elements; i++) {
		const redisReply *e = es->element[i];
		const redisReply *kv;

		if (e->type != REDIS_REPLY_ARRAY || e->elements != 2 ||
		    e->element[0]->type != REDIS_REPLY_STRING)
			continue;
		snprintf(tail, tail_len, "%s", e->element[0]->str);
		kv = e->element[1];
		for (size_t j = 0; fn && kv->type == REDIS_REPLY_ARRAY && j + 1 < kv->elements;
		     j += 2)
			if (kv->element[j]->type == REDIS_REPLY_STRING &&
			    !strcmp(kv->element[j]->str, "result") &&
			    kv->element[j + 1]->type == REDIS_REPLY_STRING)
				fn(arg, kv->element[j + 1]->str, kv->element[j + 1]->len);
		n++;
	}
	return n;
}

json_t *client_result_get(struct rconn *c, const struct stream_keys *k, const char *id,
			  struct arb_err *err)
{
	_cleanup_reply_ redisReply *r = rconn_command(c, err, "GET %sresult:%s", k->prefix, id);
	json_t *o;

	if (!r)
		return NULL;
	if (r->type == REDIS_REPLY_ERROR) {
		arb_fail(err, ARB_E_INTERNAL, 0, "redis: GET: %s", r->str);
		return NULL;
	}
	if (r->type != REDIS_REPLY_STRING ||
	    !(o = json_loadb(r->str, r->len, 0, NULL))) {
		arb_fail(err, ARB_E_REQUEST, ENOENT, "no result for '%s'", id);
		return NULL;
	}
	return o;
}
