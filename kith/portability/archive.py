"""Reading an uploaded LinkedIn export without trusting it.

An upload is one zip, or one or more CSV files. Everything here is refused before
it is read: the total size, the number of files, each zip member's declared size
and compression ratio, names that climb out of the archive or start at the root,
encrypted members, and content that is neither a zip nor text. Nothing is ever
extracted to disk: a member's bytes are read into memory, capped at its declared
size (which the zip module enforces while inflating), and only for the files the
importer reads.

The result is ``{file name: bytes}`` for the files the importer knows, plus the
names of the other files (listed as "not imported").
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from kith.core.errors import KithError

__all__ = ["Limits", "Upload", "UploadRefused", "Contents", "read_upload"]

MB = 1024 * 1024


class UploadRefused(KithError):
    """A hostile or unreadable upload: refused whole, nothing is read or written."""

    def __init__(self, message: str, code: str, *, status: int = 400):
        super().__init__(message, code, "file", status=status)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * MB  # the upload, compressed
    max_files: int = 100  # files in the upload or in the zip
    max_uncompressed: int = 200 * MB  # all the zip's members, inflated
    max_ratio: int = 100  # inflated / compressed, for any member over ratio_floor
    ratio_floor: int = 1 * MB  # small members may compress well (a column of empty cells)


class Upload(Protocol):
    """What Django's UploadedFile offers (and a File around an open path)."""

    name: str
    size: int

    def read(self, size: int = ...) -> bytes: ...
    def seek(self, offset: int, whence: int = ...) -> int: ...


@dataclass
class Contents:
    files: dict[str, bytes] = field(default_factory=dict)  # the wanted files, by their canonical name
    others: list[str] = field(default_factory=list)  # every other file, by its name in the upload
    damaged: dict[str, str] = field(default_factory=dict)  # wanted files that could not be read: why


ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_DRIVE = re.compile(r"^[A-Za-z]:")


def size_text(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def _safe_name(raw: str) -> str:
    """The member's path inside the archive, or a refusal if it could point outside it."""
    name = raw.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        raise UploadRefused(f"The zip holds a file with an absolute path ({raw!r}); it was refused.", "unsafe_name")
    parts = name.split("/")
    if ".." in parts:
        raise UploadRefused(f"The zip holds a file whose path leaves the archive ({raw!r}); it was refused.", "unsafe_name")
    if any(ord(ch) < 32 for ch in name):
        raise UploadRefused("The zip holds a file whose name has control characters; it was refused.", "unsafe_name")
    return posixpath.normpath(name)


def _is_zip(upload: Upload) -> bool:
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    return head in ZIP_MAGIC


def _looks_like_text(head: bytes) -> bool:
    """CSV is text: no NUL bytes, and UTF-8 or a single-byte encoding's printable range."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte character cut by the sample's end
            return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls <= len(head) // 100


def read_upload(uploads: Sequence[Upload], wanted: Iterable[str], *, limits: Limits | None = None) -> Contents:
    """Check the upload and read the files named in ``wanted`` (matched case-insensitively
    on the file's base name, wherever it sits in the zip: real exports sometimes nest their
    files in a top-level folder).

    Raises UploadRefused naming the problem.
    """
    limits = limits or Limits()
    wanted_by_key = {name.lower(): name for name in wanted}
    if not uploads:
        raise UploadRefused("Choose the zip LinkedIn sent you, or the CSV files from it.", "required")
    total = sum(upload.size for upload in uploads)
    if total > limits.max_bytes:
        raise UploadRefused(
            f"The upload is {size_text(total)}; the limit is {size_text(limits.max_bytes)}. LinkedIn's export is much "
            "smaller: upload the zip as LinkedIn sent it, or only the CSV files you want imported.",
            "too_large",
            status=413,
        )
    if len(uploads) > limits.max_files:
        raise UploadRefused(f"{len(uploads)} files: the limit is {limits.max_files}.", "too_many_files")
    zips = [upload for upload in uploads if _is_zip(upload)]
    if zips:
        if len(uploads) > 1:
            raise UploadRefused("Upload either the one zip or CSV files, not both or several zips.", "mixed_upload")
        return _read_zip(zips[0], wanted_by_key, limits)
    return _read_csv_files(uploads, wanted_by_key)


def _read_csv_files(uploads: Sequence[Upload], wanted_by_key: dict[str, str]) -> Contents:
    contents = Contents()
    for upload in uploads:
        base = posixpath.basename((upload.name or "").replace("\\", "/"))
        upload.seek(0)
        head = upload.read(8192)
        if base.lower().endswith(".zip"):
            raise UploadRefused(f"{base} is not a zip file we can open.", "not_zip")
        if not base.lower().endswith(".csv") or not _looks_like_text(head):
            raise UploadRefused(
                f"{base or 'The file'} is neither a zip nor a CSV file: upload the zip LinkedIn sent you, "
                "or the CSV files from it.",
                "not_zip_or_csv",
            )
        canonical = wanted_by_key.get(base.lower())
        if canonical is None:
            contents.others.append(base)
            continue
        if canonical in contents.files:
            raise UploadRefused(f"{base} was uploaded twice.", "duplicate_file")
        upload.seek(0)
        contents.files[canonical] = upload.read()
    return contents


def _declared_entries(upload: Upload) -> int | None:
    """The entry count in the zip's end record, read before the zip module parses the
    central directory (a 50 MB directory of tiny entries would cost seconds and memory)."""
    size = upload.size
    tail_size = min(size, 22 + 65535)
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    upload.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    return None if count == 0xFFFF else count  # 0xFFFF: the real count is in a zip64 record


def _read_zip(upload: Upload, wanted_by_key: dict[str, str], limits: Limits) -> Contents:
    declared = _declared_entries(upload)
    # Entries count folders too: refuse here only what could never pass the exact count below.
    if declared is not None and declared > 2 * limits.max_files + 16:
        raise UploadRefused(f"The zip holds {declared} entries; the limit is {limits.max_files} files.", "too_many_files")
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)  # type: ignore[arg-type]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UploadRefused("The file is not a zip we can open (it may be damaged or incomplete).", "bad_zip") from exc
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > limits.max_files:
            raise UploadRefused(
                f"The zip holds {len(members)} files; the limit is {limits.max_files}.", "too_many_files"
            )
        inflated = 0
        chosen: dict[str, zipfile.ZipInfo] = {}
        contents = Contents()
        for info in members:
            name = _safe_name(info.filename)
            inflated += info.file_size
            if inflated > limits.max_uncompressed:
                raise UploadRefused(
                    f"The zip's files add up to more than {size_text(limits.max_uncompressed)} once unpacked; "
                    "that is more than any LinkedIn export, so it was refused.",
                    "zip_too_large",
                    status=413,
                )
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise UploadRefused(
                    f"{posixpath.basename(name)} unpacks to {info.file_size // max(info.compress_size, 1)} times its "
                    f"packed size (the limit is {limits.max_ratio}): it looks like a zip bomb and was refused.",
                    "zip_bomb",
                )
            if info.flag_bits & 0x1:
                raise UploadRefused(f"{posixpath.basename(name)} is encrypted; upload the export as LinkedIn sent it.", "encrypted")
            canonical = wanted_by_key.get(posixpath.basename(name).lower())
            if canonical is None or canonical in chosen:
                contents.others.append(name)
            else:
                chosen[canonical] = info
        for canonical, info in chosen.items():
            data = _read_member(archive, info)
            if data is None:
                contents.damaged[canonical] = "The file is damaged in the zip and could not be read."
            else:
                contents.files[canonical] = data
    return contents


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, or None when it is damaged. The zip module stops inflating at the
    declared size and checks the CRC at the end, so a header that lies fails here; the count
    below is a second guard on the same bound."""
    chunks: list[bytes] = []
    read = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(64 * 1024):
                read += len(chunk)
                if read > info.file_size:
                    return None
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError):
        return None
    return b"".join(chunks)
