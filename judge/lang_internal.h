/* lang_internal.h - shared by lang.c (the table) and lang_run.c (from a
 * submission's files to argv).  Only those two files and the tests include
 * it. */
#ifndef ARBITER_LANG_INTERNAL_H
#define ARBITER_LANG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lang.h"

/* Template placeholders; bit i of a "used" mask stands for LANG_PH i. */
enum lang_ph {
	LANG_PH_FILES,
	LANG_PH_MAIN,
	LANG_PH_MAINCLASS,
	LANG_PH_BINARY,
	LANG_PH_MEMLIMIT,
	LANG_PH_N
};

/* Walk template word W.  Without VARS only check it (every placeholder known
 * and closed, {files} a word of its own, "{{" "}}" escapes) and OR into
 * *USED (may be NULL) the bit of each placeholder; with VARS also append
 * the word's expansion to OUT ({files} is the caller's: it makes several
 * words).  On failure put the reason in WHY (size WHY_LEN), return -1. */
int lang_scan_word(const char *w, const struct lang_vars *vars, FILE *out,
		   unsigned *used, char *why, size_t why_len);

/* Whether template V (NULL-terminated, may be NULL) uses placeholder PH. */
bool lang_template_uses(char *const *v, enum lang_ph ph);

/* The extension of PATH's last component, without the dot; "" for none. */
const char *lang_path_ext(const char *path);

/* Whether NULL-terminated V (may be NULL) holds S, ignoring case. */
bool lang_strv_has_ci(char *const *v, const char *s);

/* "'a.c', 'b.c'" for messages, cut with "..." to fit BUF (size LEN). */
void lang_list_files(char *buf, size_t len, char *const *files);

#endif
