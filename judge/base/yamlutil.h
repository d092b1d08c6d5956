/* yamlutil.h - strict reading of small hand-written YAML files (libyaml).
 *
 * A loader parses the whole text with yu_doc_load(), walks the tree once
 * and copies what it keeps; yu_doc_free() then drops every node.  Errors
 * are ARB_E_PACKAGE of the form "FILE: KEY.PATH[i]: reason", syntax errors
 * "FILE: line N: reason".  Unknown keys (yu_map), duplicate keys (yu_map,
 * yu_map_key), wrong types, aliases and non-default tags (yu_node) are
 * refused.
 */
#ifndef ARBITER_BASE_YAMLUTIL_H
#define ARBITER_BASE_YAMLUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "base/err.h"

#define YU_KEY_LEN 160 /* "languages[3].limits.time_multiplier" and the like */

struct yu_doc {
	const char *file;       /* for messages: "languages.yaml" */
	yaml_document_t doc;
	bool loaded;
	unsigned char *visited; /* per node; a second visit is an alias */
	struct arb_err *err;
};

/* Release D (safe on a zeroed or half-loaded one, and twice). */
void yu_doc_free(struct yu_doc *d);
#define _cleanup_yu_doc_ __attribute__((cleanup(yu_doc_free)))

/* Parse TEXT (LEN bytes, at most MAX_BYTES) as exactly one YAML document
 * and return its root node, or NULL with ERR filled.  FILE names the file
 * in messages and must outlive D.  Call yu_doc_free() in every case. */
yaml_node_t *yu_doc_load(struct yu_doc *d, const char *text, size_t len,
			 size_t max_bytes, const char *file, struct arb_err *err);

/* Fill "FILE: KEY: reason" (or "FILE: reason" when KEY is NULL or empty)
 * and return -1. */
int yu_fail(struct yu_doc *d, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* BUF = PATH.KEY, or PATH[I]; too long a key ends in "...". */
void yu_key(char buf[YU_KEY_LEN], const char *path, const char *key);
void yu_key_index(char buf[YU_KEY_LEN], const char *path, size_t i);

/* Node IDX for KEY: NULL (ERR filled) when missing, reached a second time
 * (an alias) or carrying a non-default tag. */
yaml_node_t *yu_node(struct yu_doc *d, int idx, const char *key);

/* Items of a sequence (0 for any other node), and item I of one. */
size_t yu_seq_len(const yaml_node_t *n);
yaml_node_t *yu_seq_item(struct yu_doc *d, const yaml_node_t *n, size_t i,
			 const char *key);

/* Free-form maps, whose keys are data (env names, errno names) that no
 * yu_map list can hold.  yu_map_key() gives the key of pair I of map N (at
 * PATH) in *NAME and PATH.NAME in KEY; a key that is not a string or that
 * an earlier pair has is an error.  yu_map_value() gives its value node. */
size_t yu_map_len(const yaml_node_t *n);
int yu_map_key(struct yu_doc *d, const yaml_node_t *n, size_t i,
	       const char *path, char key[YU_KEY_LEN], const char **name);
yaml_node_t *yu_map_value(struct yu_doc *d, const yaml_node_t *n, size_t i,
			  const char *key);

/* A plain empty scalar, "~" or null / Null / NULL. */
bool yu_is_null(const yaml_node_t *n);

/* A string scalar (not null, no NUL byte); the pointer lives as long as D. */
int yu_string(struct yu_doc *d, const yaml_node_t *n, const char *key,
	      const char **out);

/* Plain true or false. */
int yu_bool(struct yu_doc *d, const yaml_node_t *n, const char *key,
	    bool *out);

/* A plain decimal whole number in [MIN, MAX]. */
int yu_uint(struct yu_doc *d, const yaml_node_t *n, const char *key,
	    uint64_t min, uint64_t max, uint64_t *out);

/* A plain finite decimal number in [MIN, MAX] (no inf, nan or hex). */
int yu_double(struct yu_doc *d, const yaml_node_t *n, const char *key,
	      double min, double max, double *out);

/* Match the keys of map N (at PATH) against KNOWN; VALUES[i] gets the
 * value node of KNOWN[i] or NULL.  Unknown and duplicate keys are errors. */
int yu_map(struct yu_doc *d, const yaml_node_t *n, const char *path,
	   const char *const *known, size_t n_known, yaml_node_t **values);

#endif
