/* text.h - untrusted bytes made safe to show: valid UTF-8, bounded. */
#ifndef ARBITER_BASE_TEXT_H
#define ARBITER_BASE_TEXT_H

#include <stddef.h>

/* Copy at most MAX bytes of IN (LEN bytes) into a malloc'd NUL-terminated
 * string that is valid UTF-8: invalid sequences and NUL become U+FFFD, and
 * control characters other than \n and \t become U+FFFD too (no terminal
 * escapes reach a reader).  When IN was cut, "\n[... truncated]" ends the
 * text.  Returns NULL only when out of memory. */
char *text_sanitize(const char *in, size_t len, size_t max);

/* The first MAX bytes of the file at PATH, sanitised ("" when unreadable
 * or not a regular file; a symlink at PATH is not followed). */
char *text_file_head(const char *path, size_t max);

/* The same for an open FD (not closed here). */
char *text_fd_head(int fd, size_t max);

#endif
