#!/bin/sh
# make.sh - regenerate the checked-in intake fixtures (tests/unit/check_intake.c).
#
#   good.zip     main.c + util.h, a tiny C program in two files
#   good.tar.gz  the same, as a gzip'd tar
#   evil.zip     a zip whose only entry is "../evil.txt" (path traversal)
#
# Written with python3's zipfile/tarfile, not libarchive, so the reader is
# tested against an independent writer.  Timestamps, owners and the gzip
# header are fixed: rerunning this gives byte-identical files.
set -eu
cd "$(dirname "$0")"
python3 - <<'PY'
import gzip, io, tarfile, zipfile

MAIN = ('#include <stdio.h>\n'
        '#include "util.h"\n'
        '\n'
        'int main(void)\n'
        '{\n'
        '\tprintf("%d\\n", twice(21));\n'
        '\treturn 0;\n'
        '}\n')
UTIL = ('static inline int twice(int x)\n'
        '{\n'
        '\treturn 2 * x;\n'
        '}\n')
FILES = [("main.c", MAIN), ("util.h", UTIL)]
DATE = (2024, 1, 1, 0, 0, 0)

def zip_of(entries, path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in entries:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            z.writestr(info, text)

zip_of(FILES, "good.zip")
zip_of([("../evil.txt", "escaped the submission folder\n")], "evil.zip")

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
    for name, text in FILES:
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = len(data), 0o644, 1704067200
        info.uname = info.gname = "arbiter"
        t.addfile(info, io.BytesIO(data))
with open("good.tar.gz", "wb") as f:
    with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as g:
        g.write(raw.getvalue())
PY
