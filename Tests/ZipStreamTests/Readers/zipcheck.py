"""Reads a ZIP archive with Python's zipfile and prints "name<TAB>size<TAB>crc32-hex" per entry.

zipfile checks every entry's CRC-32 as it reads (BadZipFile otherwise) and checks that local and central
headers agree on the name; any problem is an exception and a non-zero exit.
"""
import sys
import zipfile
import zlib

with zipfile.ZipFile(sys.argv[1]) as archive:
    out = sys.stdout
    for info in archive.infolist():
        crc, size = 0, 0
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                crc = zlib.crc32(chunk, crc)
                size += len(chunk)
        if size != info.file_size:
            raise SystemExit(f"size mismatch: {info.filename}")
        out.write(f"{info.filename}\t{size}\t{crc:x}\n")
