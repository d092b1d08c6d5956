#!/usr/bin/env python3
# Builds submissions/accepted/packed.zip from submissions/accepted/two_files/
# (python3 generators/pack_zip.py). The files sit at the archive's root, and
# fixed timestamps and modes make the archive byte-for-byte reproducible.
import pathlib
import zipfile

ACCEPTED = pathlib.Path(__file__).resolve().parent.parent / "submissions" / "accepted"

with zipfile.ZipFile(ACCEPTED / "packed.zip", "w") as zf:
    for src in sorted((ACCEPTED / "two_files").iterdir()):
        info = zipfile.ZipInfo(src.name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o100644 << 16
        zf.writestr(info, src.read_bytes())
