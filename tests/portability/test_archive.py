"""Hostile uploads are refused whole, naming the problem, before anything is read."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from kith.portability.archive import Limits, UploadRefused, read_upload
from kith.portability.linkedin import FILES, read_export
from tests.portability.exports import CONNECTIONS, export_zip, upload, zip_bytes

SMALL = Limits(max_bytes=64 * 1024, max_files=5, max_uncompressed=512 * 1024, max_ratio=50, ratio_floor=64 * 1024)


def refused(uploads, limits=None) -> UploadRefused:
    with pytest.raises(UploadRefused) as info:
        read_upload(uploads, FILES, limits=limits)
    return info.value


def test_an_upload_over_the_size_limit():
    error = refused([upload("export.zip", b"PK\x03\x04" + b"\0" * (100 * 1024 - 4))], SMALL)
    assert (error.code, error.status, error.field) == ("too_large", 413, "file")
    assert error.message.startswith("The upload is 100 KB; the limit is 64 KB.")


def test_the_size_limit_counts_every_file_of_the_upload():
    files = [upload(f"f{i}.csv", "Name\n" + "x" * 20_000) for i in range(4)]
    assert refused(files, SMALL).code == "too_large"


def test_too_many_files_in_the_zip():
    data = zip_bytes({f"file{i}.csv": "a\n" for i in range(6)})
    error = refused([upload("export.zip", data)], SMALL)
    assert error.code == "too_many_files"
    assert error.message == "The zip holds 6 files; the limit is 5."


def test_too_many_files_in_the_zip_is_refused_before_its_directory_is_parsed():
    data = zip_bytes({f"f{i}": b"" for i in range(40)}, method=zipfile.ZIP_STORED)
    error = refused([upload("export.zip", data)], SMALL)
    assert error.message == "The zip holds 40 entries; the limit is 5 files."


def test_folders_do_not_count_as_files():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for folder in ("a/", "a/b/", "a/c/"):
            archive.writestr(folder, b"")
        archive.writestr("a/b/Connections.csv", CONNECTIONS)
    contents = read_upload([upload("export.zip", buffer.getvalue())], FILES, limits=SMALL)
    assert set(contents.files) == {"Connections.csv"}


def test_too_many_csv_files():
    files = [upload(f"f{i}.csv", "a\n") for i in range(6)]
    assert refused(files, SMALL).code == "too_many_files"


def test_a_zip_bomb_by_its_uncompressed_size():
    # Each file is plausible on its own; together they unpack past the limit.
    files = {f"part{i}.csv": "Name\n" + "x" * 200_000 for i in range(3)}
    error = refused([upload("export.zip", zip_bytes(files))], Limits(max_uncompressed=500_000, max_ratio=10_000))
    assert (error.code, error.status) == ("zip_too_large", 413)


def test_a_zip_bomb_by_its_compression_ratio():
    data = zip_bytes({"Connections.csv": b"\0" * (2 * 1024 * 1024)})
    error = refused([upload("export.zip", data)])
    assert error.code == "zip_bomb"
    assert "unpacks to" in error.message and "the limit is 100" in error.message


def test_a_small_file_may_compress_well():
    data = zip_bytes({"Skills.csv": "Name\n" + "Python\n" * 10_000})  # ratio > 100 but under the floor
    assert "Skills.csv" in read_upload([upload("export.zip", data)], FILES).files


@pytest.mark.parametrize(
    "name",
    ["../Connections.csv", "a/../../Connections.csv", "/etc/Connections.csv", "\\\\server\\Connections.csv",
     "C:\\Users\\Connections.csv", "C:/Connections.csv", "..\\..\\Connections.csv", "a\x01b.csv"],
)
def test_path_traversal_and_absolute_names(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Profile.csv", "First Name,Last Name\nAda,Lovelace\n")
        archive.writestr(zipfile.ZipInfo(name), CONNECTIONS)
    error = refused([upload("export.zip", buffer.getvalue())])
    assert error.code == "unsafe_name"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("export.zip", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "not_zip"),
        ("Connections.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4, "not_zip_or_csv"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "not_zip_or_csv"),
        ("notes.txt", b"just some text\n", "not_zip_or_csv"),
        ("export.zip", b"PK\x03\x04 truncated", "bad_zip"),
    ],
)
def test_content_that_is_neither_a_zip_nor_csv(name, content, code):
    assert refused([upload(name, content)]).code == code


def test_a_zip_and_csv_files_together():
    assert refused([export_zip(), upload("Skills.csv", "Name\nPython\n")]).code == "mixed_upload"


def test_an_encrypted_member():
    data = bytearray(zip_bytes({"Connections.csv": CONNECTIONS}))
    # Set the "encrypted" flag in the central directory entry (general purpose bit 0).
    at = data.rfind(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, at + 8)[0]
    struct.pack_into("<H", data, at + 8, flags | 0x1)
    assert refused([upload("export.zip", bytes(data))]).code == "encrypted"


def test_a_member_whose_header_understates_its_size_is_reported_damaged():
    data = bytearray(zip_bytes({"Skills.csv": "Name\n" + "Python\n" * 200, "Connections.csv": CONNECTIONS}))
    # Claim Skills.csv inflates to 10 bytes, in both its local header and the central directory.
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 10)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)
    export = read_export([upload("export.zip", bytes(data))])
    skills = next(f for f in export.files if f.name == "Skills.csv")
    assert (skills.status, skills.notes) == ("error", ["The file is damaged in the zip and could not be read."])
    assert len(export.sections["contacts"]) == 3  # the good file is still read


def test_a_corrupted_member_is_reported_damaged():
    data = bytearray(zip_bytes({"Connections.csv": CONNECTIONS}))
    start = data.find(b"PK\x03\x04") + 30 + len("Connections.csv")
    data[start + 5 : start + 25] = b"\xff" * 20
    export = read_export([upload("export.zip", bytes(data))])
    connections = next(f for f in export.files if f.name == "Connections.csv")
    assert connections.status == "error"


def test_no_file_at_all():
    assert refused([]).code == "required"


def test_ratio_check_reads_nothing_first(monkeypatch):
    """The refusal comes from the directory alone: no member is inflated."""
    calls = []
    monkeypatch.setattr(zlib, "decompressobj", lambda *a, **k: calls.append(a) or pytest.fail("inflated"))
    data = zip_bytes({"Connections.csv": b"\0" * (2 * 1024 * 1024)})
    assert refused([upload("export.zip", data)]).code == "zip_bomb"
    assert calls == []
