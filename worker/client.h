/* client.h - the client side of the queue (CONTRACT, Redis protocol):
 * what `arbiter submit` and `arbiter batch --redis` share.
 *
 *   client_job_from_paths   FILE... -> struct job: one file (sent under its
 *                           own name), several files, a folder (its regular
 *                           files by relative path) or an archive (as is)
 *   client_job_language     the language from the file names (for an
 *                           archive, those inside it, unpacked under the
 *                           intake rules into a scratch dir)
 *   client_job_to_archive   files that JSON cannot carry (not UTF-8) as a tar
 *   client_results_tail     the id of the newest entry of <prefix>results,
 *                           taken before submitting so that following the
 *                           stream from it sees every later result
 *   client_results_read     one XREAD BLOCK of <prefix>results from TAIL
 *   client_result_get       GET <prefix>result:<id>
 *
 * Errors: a file that cannot be read or a language that cannot be told
 * is ARB_E_REQUEST; Redis unreachable ARB_E_INTERNAL (rconn.h).
 */
#ifndef ARBITER_WORKER_CLIENT_H
#define ARBITER_WORKER_CLIENT_H

#include <jansson.h>
#include <stddef.h>

#include "base/err.h"
#include "msg.h"
#include "rconn.h"
#include "stream.h"

/* Fill JOB's body (kind, files or archive) from PATHS.  Not thread-safe
 * (nftw has no user argument). */
int client_job_from_paths(struct job *job, char *const *paths, int n, struct arb_err *err);

/* Set job->language from the file names of JOB's body. */
int client_job_language(struct job *job, struct arb_err *err);

/* JSON strings are UTF-8: a JOB_FILES job with a file that is not (a
 * Latin-1 comment...) travels as a tar archive instead.  Turns JOB's
 * files into an uncompressed tar with the same names; other kinds are
 * left alone. */
int client_job_to_archive(struct job *job, struct arb_err *err);

/* "0-0" when the stream is empty.  LEN >= 32. */
int client_results_tail(struct rconn *c, const struct stream_keys *k, char *tail,
			size_t len, struct arb_err *err);

/* Called with each result's JSON text, in stream order. */
typedef void (*client_result_fn)(void *arg, const char *json, size_t len);

/* Wait up to BLOCK_MS for results after TAIL; FN (may be NULL) sees each,
 * TAIL advances past them.  Returns how many came, or -1 with ERR. */
int client_results_read(struct rconn *c, const struct stream_keys *k, char *tail,
			size_t tail_len, unsigned block_ms, client_result_fn fn, void *arg,
			struct arb_err *err);

/* The stored result of ID (new reference), or NULL when there is none
 * yet or Redis failed (ERR says which: errnum ENOENT for none). */
json_t *client_result_get(struct rconn *c, const struct stream_keys *k, const char *id,
			  struct arb_err *err);

#endif
