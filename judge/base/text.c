/* text.c - sanitising untrusted text; see text.h. */
#include "base/text.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
static const char cut_note[] = "\n[... truncated]";

/* Length of the valid UTF-8 sequence at P (at most N bytes), 0 if invalid;
 * *SHOWN false for a valid character that must not be shown.  Overlong
 * forms, surrogates and values above U+10FFFF are invalid. */
/* Valid, but not to be shown: the C1 controls (U+009B is an 8-bit CSI, a
 * terminal escape like ESC [) and the bidirectional overrides and
 * isolates, which make a message read differently than it is. */
static bool is_hidden(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static size_t utf8_len(const unsigned char *p, size_t n, bool *shown)
{
	size_t len;
	unsigned cp;

	*shown = true;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2, cp = p[0] & 0x1F;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, cp = p[0] & 0x0F;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	*shown = !is_hidden(cp);
	return len;
}

char *text_sanitize(const char *in, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)in;
	bool cut = len > max;
	size_t n = cut ? max : len, o = 0;
	/* Worst case: every byte becomes a 3-byte replacement. */
	char *out = malloc(n * 3 + sizeof(cut_note) + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		bool shown;
		size_t l = utf8_len(p + i, n - i, &shown);

		if (l == 1 && (p[i] >= 0x20 || p[i] == '\n' || p[i] == '\t') &&
		    p[i] != 0x7F) {
			out[o++] = (char)p[i++];
		} else if (l > 1 && shown) {
			memcpy(out + o, p + i, l);
			o += l;
			i += l;
		} else if (l > 1) {
			/* One replacement for the whole character. */
			memcpy(out + o, replacement, 3);
			o += 3;
			i += l;
		} else {
			memcpy(out + o, replacement, 3);
			o += 3;
			i++;
		}
	}
	if (cut) {
		memcpy(out + o, cut_note, sizeof(cut_note) - 1);
		o += sizeof(cut_note) - 1;
	}
	out[o] = '\0';
	return out;
}

char *text_fd_head(int fd, size_t max)
{
	_cleanup_free_ char *buf = NULL;
	struct stat st;
	size_t got = 0;

	/* Only a regular file: a FIFO planted in its place would block the
	 * read forever, a device could be endless. */
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    !(buf = malloc(max + 1)))
		return strdup("");
	/* One byte more than MAX, to know whether the text was cut. */
	while (got < max + 1) {
		ssize_t r = read(fd, buf + got, max + 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	return text_sanitize(buf, got, max);
}

char *text_file_head(const char *path, size_t max)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	return text_fd_head(fd, max);
}
