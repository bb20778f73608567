"""LinkedIn exports for tests, built here: the real files' shapes and each quirk of real exports.

The synthetic sample in /work/shared/data/linkedin-export (SAMPLE) is read from there, never
copied into the repository; tests that need it skip when it is absent (and fail on CI).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

SAMPLE = Path(os.environ.get("KITH_LINKEDIN_SAMPLE", "/work/shared/data/linkedin-export"))

BOM = b"\xef\xbb\xbf"
PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed their connections to see or download '
    'their email address using this setting https://www.linkedin.com/psettings/privacy/email."\n\n'
)
CONNECTIONS_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
OLD_CONNECTIONS_HEADER = "First Name,Last Name,Email Address,Company,Position,Connected On\n"

PROFILE = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,"
    "Twitter Handles,Websites,Instant Messengers\n"
    'Ada,Lovelace,,"12 St James\'s Square, London",1815-12-10,Analyst of engines,"Notes on the engine.\n\n'
    'Second paragraph, with a comma.",Software Development,SW1,"London, England, United Kingdom",,,\n'
)
POSITIONS = (
    "Company Name,Title,Description,Location,Started On,Finished On\n"
    "Analytical Engines,Analyst,\"Wrote the notes, and the first programme.\",London,Oct 2022,\n"
    "Difference Engine Company,Translator,,London,2019,Sep 2022\n"
    "Royal Society,Fellow,,London,05 Jun 2015,01 Jan 2019\n"
)
EDUCATION = (
    "School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
    "Home schooling,1820,1832,,Mathematics,\n"
    'University of London,Sep 2008,Jun 2012,,"BSc, Computing",\n'
)
SKILLS = "Name\nMathematics\nPoetry\nmathematics\nC++\n"
LANGUAGES = "Name,Proficiency\nEnglish,Native or bilingual proficiency\nFrench,Professional working proficiency\n"
EMAILS = (
    "Email Address,Confirmed,Primary,Updated On\n"
    "ada@example.com,Yes,Yes,2026-06-07 09:41:00 UTC\n"
    "ada.lovelace@old.example,No,No,6/7/26, 9:41 AM\n"
)
CONNECTIONS = PREAMBLE + CONNECTIONS_HEADER + (
    "Grace,Hopper,https://www.linkedin.com/in/grace-hopper,grace@example.com,Navy,Rear Admiral,05 Jun 2026\n"
    "Linus,Torvalds,https://www.linkedin.com/in/linus,,Linux Foundation,Fellow,Jun 2026\n"
    'Charles,Babbage,https://www.linkedin.com/in/babbage,,"Engines, Ltd.","Inventor\nand engineer",2025\n'
    ",,,,,,07 Jun 2026\n"
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    'Ada Lovelace,Mary Somerville,"6/7/26, 9:41 AM","Hello Mary, shall we connect?",OUTGOING,'
    "https://www.linkedin.com/in/ada,https://www.linkedin.com/in/somerville\n"
    "Michael Faraday,Ada Lovelace,2026-06-07 09:41:00 UTC,,INCOMING,"
    "https://www.linkedin.com/in/faraday,https://www.linkedin.com/in/ada\n"
)

FILES = {
    "Profile.csv": PROFILE,
    "Positions.csv": POSITIONS,
    "Education.csv": EDUCATION,
    "Skills.csv": SKILLS,
    "Languages.csv": LANGUAGES,
    "Email Addresses.csv": EMAILS,
    "Connections.csv": CONNECTIONS,
    "Invitations.csv": INVITATIONS,
    "Company Follows.csv": "Organization,Followed On\nRoyal Society,28 Nov 2024\n",
}


def as_bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode()


def zip_bytes(files: dict[str, str | bytes], *, folder: str = "", method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in files.items():
            archive.writestr(f"{folder}{name}", as_bytes(content))
    return buffer.getvalue()


def upload(name: str, content: str | bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, as_bytes(content), content_type=content_type)


def export_zip(files: dict[str, str | bytes] | None = None, *, name: str = "Basic_LinkedInDataExport.zip", **kwargs) -> SimpleUploadedFile:
    return upload(name, zip_bytes(FILES if files is None else files, **kwargs), "application/zip")


def sample_dir() -> Path:
    if not SAMPLE.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"The sample LinkedIn export is missing at {SAMPLE} (KITH_LINKEDIN_SAMPLE)")
        pytest.skip(f"The sample LinkedIn export is not at {SAMPLE} (set KITH_LINKEDIN_SAMPLE)")
    return SAMPLE


def sample_zip() -> SimpleUploadedFile:
    """The sample export zipped as LinkedIn sends it (read from the shared directory)."""
    files = {path.name: path.read_bytes() for path in sorted(sample_dir().glob("*.csv"))}
    return upload("Complete_LinkedInDataExport_12-02-2026.zip", zip_bytes(files), "application/zip")
