"""LinkedIn's data export ("Get a copy of your data"), read into plain sections.

Real exports are untidy, and each quirk below is handled here (tests/portability has
a fixture for each):

- a "Notes:" preamble of any length before the header (Connections.csv): the header
  row is found by its content, not its position;
- a UTF-8 byte-order mark, Windows line endings, quoted commas and newlines; a file
  re-saved by a spreadsheet in Windows-1252;
- older headers (no URL column) and columns in any order: cells are looked up by
  header name;
- rows empty but for a date (members who hide their profile): skipped and counted;
- every date form exports use ("05 Jun 2026", "Jun 2026", "2026", "6/7/26, 9:41 AM",
  "2026-06-07 09:41:00 UTC"), see ``parse_date``;
- files inside a top-level folder, missing files, other files: see kith.portability.archive.

A file that cannot be read gets its own message; the others are still imported.
Everything returned is JSON-ready (dates as ISO strings), to be kept with the preview.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from kith.members.actions import normalize_skill
from kith.members.industries import INDUSTRY_LABELS
from kith.members.management.commands.importmembers import split_location
from kith.portability.archive import Contents, Limits, Upload, read_upload

__all__ = ["FILES", "FileReport", "Export", "parse_date", "read_export", "parse_contents"]

PROFILE = "Profile.csv"
POSITIONS = "Positions.csv"
EDUCATION = "Education.csv"
SKILLS = "Skills.csv"
LANGUAGES = "Languages.csv"
EMAILS = "Email Addresses.csv"
CONNECTIONS = "Connections.csv"
INVITATIONS = "Invitations.csv"
FILES = (PROFILE, POSITIONS, EDUCATION, SKILLS, LANGUAGES, EMAILS, CONNECTIONS, INVITATIONS)

# The columns that identify each file's header row (lower case, single spaces).
HEADER_KEYS: dict[str, tuple[str, ...]] = {
    PROFILE: ("first name", "last name"),
    POSITIONS: ("company name", "title"),
    EDUCATION: ("school name",),
    SKILLS: ("name",),
    LANGUAGES: ("name",),
    EMAILS: ("email address",),
    CONNECTIONS: ("first name", "last name"),
    INVITATIONS: ("from", "to"),
}

# The lengths Kith's profile takes (LinkedIn's own limits are the same or shorter).
MAX = {"name": 120, "headline": 220, "about": 2600, "company": 120, "title": 120, "location": 120,
       "description": 2000, "school": 160, "degree": 120, "field": 120, "skill": 80, "text": 300}


# --- dates --------------------------------------------------------------------------------

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"]
MONTHS = {name: i for i, full in enumerate(_MONTH_NAMES, start=1) for name in (full, full[:3])} | {"sept": 9}

_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]{3,9})\.?[ -](\d{4})")
_YEAR = re.compile(r"(\d{4})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")
_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(?:UTC|GMT|Z|[+-]00:?00)?")


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower())


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # "6/7/26": this century unless that would be in the future
        year += 2000 if year <= datetime.now(UTC).year % 100 + 1 else 1900
    return year


def parse_date(text: str) -> tuple[date | datetime, str] | None:
    """A LinkedIn date and its precision ("day", "month", "year" or "time"), or None.

    >>> parse_date("05 Jun 2026")
    (datetime.date(2026, 6, 5), 'day')
    >>> parse_date("Jun 2026")
    (datetime.date(2026, 6, 1), 'month')
    >>> parse_date("6/7/26, 9:41 AM")[0].isoformat()
    '2026-06-07T09:41:00+00:00'

    Times without a zone ("6/7/26, 9:41 AM") are taken as UTC; the US order (month
    first) is what LinkedIn writes.
    """
    text = " ".join((text or "").split())
    if not text:
        return None
    try:
        if m := _ISO.fullmatch(text):
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            if m[4] is None:
                return date(y, mo, d), "day"
            return datetime(y, mo, d, int(m[4]), int(m[5]), int(m[6] or 0), tzinfo=UTC), "time"
        if m := _US.fullmatch(text):
            mo, d, y = int(m[1]), int(m[2]), _year(m[3])
            if m[4] is None:
                return date(y, mo, d), "day"
            hour = int(m[4])
            if m[7]:
                if not 1 <= hour <= 12:
                    return None
                hour = hour % 12 + (12 if m[7].lower() == "pm" else 0)
            return datetime(y, mo, d, hour, int(m[5]), int(m[6] or 0), tzinfo=UTC), "time"
        if m := _DAY_MONTH_YEAR.fullmatch(text):
            month = _month(m[2])
            return (date(int(m[3]), month, int(m[1])), "day") if month else None
        if m := _MONTH_YEAR.fullmatch(text):
            month = _month(m[1])
            return (date(int(m[2]), month, 1), "month") if month else None
        if m := _YEAR.fullmatch(text):
            return date(int(m[1]), 1, 1), "year"
    except ValueError:  # 31 Feb, month 13, hour 25
        return None
    return None


def _day(text: str) -> date | None:
    parsed = parse_date(text)
    if parsed is None:
        return None
    value = parsed[0]
    return value.date() if isinstance(value, datetime) else value


# --- reading a CSV file ------------------------------------------------------------------


@dataclass
class FileReport:
    """What became of one file of the export."""

    name: str
    status: str  # "read", "error", "missing", "not_imported"
    rows: int = 0  # rows read into the preview
    skipped: int = 0  # rows left out (see notes)
    notes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return " ".join(self.notes)


class FileProblem(Exception):
    """This file can't be read; the message says why. The other files still are."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text.lstrip("\ufeff")
    raise FileProblem("It is not a text (CSV) file.")


def _key(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).lower()


def _rows(data: bytes, keys: Sequence[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (normalized) and the data rows with the line each starts on.

    The header is the first row holding every one of ``keys``: whatever comes before it
    (LinkedIn's "Notes:" preamble, of any length) is skipped.
    """
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if header is None:
                normalized = [_key(c) for c in cells]
                if all(k in normalized for k in keys):
                    header = normalized
                continue
            rows.append((start, cells))
    except csv.Error as exc:
        raise FileProblem(f"Line {line}: it is not a CSV file we can read ({exc}).") from exc
    if header is None:
        wanted = ", ".join(f'"{k.title()}"' for k in keys)
        raise FileProblem(f"No header row with the columns {wanted} was found.")
    return header, rows


def _clip(value: str, limit: str, notes: set[str], label: str) -> str:
    value = value.strip()
    if len(value) > MAX[limit]:
        notes.add(f"{label} longer than {MAX[limit]} characters were shortened.")
        value = value[: MAX[limit] - 1].rstrip() + "…"
    return value


Record = dict[str, Any]


def _records(data: bytes, name: str) -> list[tuple[int, Record]]:
    header, rows = _rows(data, HEADER_KEYS[name])
    out = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        cells = [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]
        out.append((line, {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(header) if key}))
    return out


# --- the files -----------------------------------------------------------------------------


def _industry(label: str) -> str | None:
    by_label = {text.lower(): slug for slug, text in INDUSTRY_LABELS.items()}
    label = " ".join(label.split())
    return label if label in INDUSTRY_LABELS else by_label.get(label.lower())


def _profile(records: list[tuple[int, Record]], report: FileReport, notes: set[str]) -> Record | None:
    if not records:
        report.notes.append("It has no profile row.")
        return None
    _, row = records[0]
    name = " ".join(f"{row.get('first name', '')} {row.get('last name', '')}".split())
    profile: Record = {
        "name": _clip(name, "name", notes, "Names"),
        "headline": _clip(row.get("headline", ""), "headline", notes, "Headlines"),
        "about": _clip(row.get("summary", ""), "about", notes, "Summaries"),
        "industry": "",
        "city": "",
        "region": "",
        "country": "",
    }
    if label := row.get("industry", "").strip():
        slug = _industry(label)
        if slug is None:
            notes.add(f"The industry \"{label}\" is not one of Kith's; choose the nearest in your profile.")
        else:
            profile["industry"] = slug
    location = row.get("geo location") or row.get("location") or ""
    profile.update({k: v[:80] for k, v in split_location(location).items()})
    return profile


def _month_of(text: str, what: str) -> tuple[str | None, str | None]:
    """("2022-10", None) for "Oct 2022"; (None, why) when it can't be a position's month."""
    parsed = parse_date(text)
    if parsed is None:
        return None, f"{what} we can't read ({text!r})"
    value = parsed[0]
    if not 1900 <= value.year <= 2100:
        return None, f"{what} outside 1900–2100 ({text!r})"
    return f"{value.year:04d}-{value.month:02d}", None


def _positions(records: list[tuple[int, Record]], report: FileReport, notes: set[str]) -> list[Record]:
    positions = []
    for line, row in records:
        company = _clip(row.get("company name", ""), "company", notes, "Company names")
        title = _clip(row.get("title", ""), "title", notes, "Titles")
        started = row.get("started on", "").strip()
        finished = row.get("finished on", "").strip()
        start, start_problem = _month_of(started, "a start date") if started else (None, "no start date")
        end, end_problem = _month_of(finished, "an end date") if finished else (None, None)
        problem = (
            "no company" if not company else "no title" if not title else start_problem or end_problem
            or ("an end before its start" if end and end < start else None)
        )
        if problem:
            report.skipped += 1
            notes.add(f"Line {line}: left out, it has {problem}.")
            continue
        positions.append({
            "company": company,
            "title": title,
            "location": _clip(row.get("location", ""), "location", notes, "Locations"),
            "description": _clip(row.get("description", ""), "description", notes, "Descriptions"),
            "start": start,
            "end": end,
            "is_current": end is None,
        })
    return positions


def _year_of(text: str, line: int, outside: list[int]) -> int | None:
    parsed = parse_date(text)
    year = parsed[0].year if parsed else None
    if year and not 1900 <= year <= 2100:
        outside.append(year)
        return None
    return year


def _education(records: list[tuple[int, Record]], report: FileReport, notes: set[str]) -> list[Record]:
    entries = []
    for line, row in records:
        school = _clip(row.get("school name", ""), "school", notes, "School names")
        if not school:
            report.skipped += 1
            notes.add(f"Line {line}: left out, it has no school name.")
            continue
        outside: list[int] = []
        start = _year_of(row.get("start date", ""), line, outside)
        end = _year_of(row.get("end date", ""), line, outside)
        if outside:
            notes.add(f"Line {line}: years outside 1900–2100 ({', '.join(map(str, outside))}) are left out.")
        if start and end and end < start:
            start, end = end, start
        entries.append({
            "school": school,
            "degree": _clip(row.get("degree name", ""), "degree", notes, "Degrees"),
            "field": _clip(row.get("field of study", "") or row.get("field", ""), "field", notes, "Fields of study"),
            "start_year": start,
            "end_year": end,
        })
    return entries


def _skills(records: list[tuple[int, Record]], report: FileReport, notes: set[str]) -> list[str]:
    seen: dict[str, str] = {}
    for _, row in records:
        key, display = normalize_skill(row.get("name", ""))
        if key and key not in seen:
            seen[key] = display
    return list(seen.values())


def _languages(records: list[tuple[int, Record]], report: FileReport, notes: set[str]) -> list[Record]:
    out, seen = [], set()
    for _, row in records:
        name = " ".join(row.get("name", "").split())[: MAX["skill"]]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append({"name": name, "proficiency": " ".join(row.get("proficiency", "").split())})
    return out


def _yes(text: str) -> bool:
    return text.strip().lower() in {"yes", "true", "1", "y"}


def _emails(records: list[tuple[int, Record]], report: FileReport, notes: set[str]) -> list[Record]:
    out, seen = [], set()
    for _, row in records:
        email = row.get("email address", "").strip().lower()
        if "@" in email and email not in seen:
            seen.add(email)
            out.append({"email": email, "confirmed": _yes(row.get("confirmed", "")), "primary": _yes(row.get("primary", ""))})
    return out


def _url(text: str) -> str:
    """A profile address as a stable key: "https://www.linkedin.com/in/ada-l/" -> "linkedin.com/in/ada-l"."""
    url = text.strip().lower()
    url = re.sub(r"^[a-z]+://", "", url)
    url = re.sub(r"^(www\.|[a-z]{2}\.)linkedin\.com", "linkedin.com", url)
    return url.split("?")[0].rstrip("/")[:200]


def _connections(records: list[tuple[int, Record]], report: FileReport, notes: set[str]) -> list[Record]:
    out = []
    hidden = 0
    for line, row in records:
        first = " ".join(row.get("first name", "").split())
        last = " ".join(row.get("last name", "").split())
        email = row.get("email address", "").strip().lower()
        url = row.get("url", "").strip()
        if not (first or last or email or url):
            hidden += 1  # ",,,,,,07 Jun 2026": a member who hides their profile from exports
            continue
        connected = row.get("connected on", "").strip()
        day = _day(connected)
        if connected and day is None:
            notes.add(f"Line {line}: the date {connected!r} could not be read; the contact is kept without it.")
        out.append({
            "first_name": first[:60],
            "last_name": last[:60],
            "email": email if "@" in email else "",
            "url": url[:200],
            "company": _clip(row.get("company", ""), "company", notes, "Company names"),
            "position": _clip(row.get("position", ""), "title", notes, "Positions"),
            "connected_on": day.isoformat() if day else None,
            "source": "connection",
        })
    if hidden:
        report.skipped += hidden
        notes.add(
            f"{hidden} connection{'s' if hidden != 1 else ''} without a name (members who hide their profile "
            "from exports) left out."
        )
    return out


def _invitations(records: list[tuple[int, Record]], report: FileReport, notes: set[str]) -> list[Record]:
    out = []
    for line, row in records:
        direction = row.get("direction", "").strip().upper()
        if direction not in ("INCOMING", "OUTGOING"):
            report.skipped += 1
            notes.add(f"Line {line}: left out, its direction {direction or '(empty)'!r} is neither incoming nor outgoing.")
            continue
        outgoing = direction == "OUTGOING"
        name = " ".join(row.get("to" if outgoing else "from", "").split())
        if not name:
            report.skipped += 1
            continue
        sent = parse_date(row.get("sent at", ""))
        sent_at = sent[0] if sent else None
        first, _, last = name.partition(" ")
        out.append({
            "first_name": first[:60],
            "last_name": last[:60],
            "email": "",
            "url": row.get("inviteeprofileurl" if outgoing else "inviterprofileurl", "").strip()[:200],
            "company": "",
            "position": "",
            "connected_on": None,
            "source": "invitation_sent" if outgoing else "invitation_received",
            "invited_at": sent_at.isoformat() if sent_at else None,
            "message": _clip(row.get("message", ""), "text", notes, "Invitation messages"),
        })
    return out


Parser = Callable[[list[tuple[int, Record]], FileReport, set[str]], Any]
PARSERS: dict[str, tuple[str, Parser]] = {
    PROFILE: ("profile", _profile),
    POSITIONS: ("positions", _positions),
    EDUCATION: ("education", _education),
    SKILLS: ("skills", _skills),
    LANGUAGES: ("languages", _languages),
    EMAILS: ("emails", _emails),
    CONNECTIONS: ("connections", _connections),
    INVITATIONS: ("invitations", _invitations),
}


@dataclass
class Export:
    """The sections read from an export, and a report on every file."""

    sections: dict[str, Any]
    files: list[FileReport]

    def as_json(self) -> dict[str, Any]:
        return {"sections": self.sections, "files": [asdict(f) for f in self.files]}


def contact_key(record: Record) -> str:
    """What identifies a contact across imports: their profile address, else their email,
    else their name (and company)."""
    if record.get("url"):
        return "url:" + _url(record["url"])
    if record.get("email"):
        return "email:" + record["email"].lower()
    name = " ".join(f"{record.get('first_name', '')} {record.get('last_name', '')}".lower().split())
    return f"name:{name}|{' '.join(record.get('company', '').lower().split())}"[:250]


def _merge_contacts(connections: list[Record], invitations: list[Record]) -> list[Record]:
    """One contact per person: a connection wins over an invitation with the same key."""
    by_key: dict[str, Record] = {}
    for record in connections + invitations:
        key = contact_key(record)
        if key in by_key:
            kept = by_key[key]
            for name in ("invited_at", "message"):
                if record.get(name) and not kept.get(name):
                    kept[name] = record[name]
            continue
        by_key[key] = {**record, "key": key}
    return list(by_key.values())


def parse_contents(contents: Contents) -> Export:
    """The sections of an export from its files' bytes (see kith.portability.archive)."""
    sections: dict[str, Any] = {"profile": None, "positions": [], "education": [], "skills": [], "languages": [],
                                "emails": [], "connections": [], "invitations": []}
    reports = []
    for name in FILES:
        section, parse = PARSERS[name]
        if name in contents.damaged:
            reports.append(FileReport(name, "error", notes=[contents.damaged[name]]))
            continue
        if name not in contents.files:
            reports.append(FileReport(name, "missing", notes=["Not in this upload."]))
            continue
        report = FileReport(name, "read")
        notes: set[str] = set()
        try:
            records = _records(contents.files[name], name)
            value = parse(records, report, notes)
        except FileProblem as exc:
            reports.append(FileReport(name, "error", notes=[str(exc)]))
            continue
        sections[section] = value
        report.rows = (1 if value else 0) if section == "profile" else len(value)
        report.notes.extend(sorted(notes, key=_note_order))
        reports.append(report)
    for other in sorted(contents.others):
        reports.append(FileReport(other, "not_imported", notes=["Kith does not import this file."]))
    sections["contacts"] = _merge_contacts(sections.pop("connections"), sections.pop("invitations"))
    return Export(sections=sections, files=reports)


def _note_order(note: str) -> tuple[int, str]:
    m = re.match(r"Line (\d+):", note)
    return (int(m[1]), note) if m else (0, note)


def read_export(uploads: Sequence[Upload], *, limits: Limits | None = None) -> Export:
    """Check an upload (refusing hostile ones: kith.portability.archive) and read its sections."""
    return parse_contents(read_upload(uploads, FILES, limits=limits))
