"""`kith importmembers FILE.csv`: onboard many members at once from a spreadsheet.

The file starts with a header row naming its columns: ``email`` and ``name`` are
required; ``headline``, ``company``, ``title``, ``location``, ``industry`` and
``start`` (the month the current position began, like 2021-03) are optional.
Each row is imported in its own transaction through the same actions as sign-up,
so a bad row is reported as "line N: message" (the header is line 1) and the
good rows still go in.

Exit status: 0 when the file was read (even if some rows were skipped; they are
listed on stderr), 1 with ``--strict`` when any row was skipped, 2 when the file
cannot be read or its header is wrong.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from kith.core.errors import KithError
from kith.members import actions
from kith.members.industries import INDUSTRY_LABELS

REQUIRED_COLUMNS = ("email", "name")
OPTIONAL_COLUMNS = ("headline", "company", "title", "location", "industry", "start")


def split_location(text: str) -> dict[str, str]:
    """ "Lyon, Auvergne-Rhône-Alpes, France" -> city, region, country; "Lyon, France" -> city, country."""
    parts = [" ".join(p.split()) for p in (text or "").split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return {}
    if len(parts) == 1:
        return {"city": parts[0]}
    if len(parts) == 2:
        return {"city": parts[0], "country": parts[1]}
    return {"city": parts[0], "region": ", ".join(parts[1:-1]), "country": parts[-1]}


def import_row(row: dict[str, str], *, password: str | None, verified: bool) -> str:
    """Create one member (and their current position) from a CSV row; returns the handle."""
    value = {key: (row.get(key) or "").strip() for key in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
    industry = value["industry"]
    if industry and industry not in INDUSTRY_LABELS:
        # Accept the label as well as the slug ("Software Development").
        by_label = {label.lower(): slug for slug, label in INDUSTRY_LABELS.items()}
        industry = by_label.get(industry.lower(), industry)
        if industry not in INDUSTRY_LABELS:
            raise KithError(f"Industry: unknown industry {value['industry']!r}.", "invalid", "industry")
    with transaction.atomic():
        user = actions.create_member(
            email=value["email"],
            name=value["name"],
            password=password,
            verified=verified,
            headline=value["headline"],
            industry=industry,
            **split_location(value["location"]),
        )
        if value["company"] or value["title"]:
            actions.add_position(
                user,
                company=value["company"],
                title=value["title"],
                start=value["start"] or timezone.localdate().replace(day=1),
                is_current=True,
            )
    return user.profile.handle


class Command(BaseCommand):
    help = (
        "Import members from a CSV file with a header row (email, name, and optionally headline, "
        "company, title, location, industry, start). Bad rows are reported as 'line N: message' on "
        "stderr without stopping the others. Exit 0 when the file was read, 1 with --strict if any "
        "row was skipped, 2 when the file is unreadable or its header is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--password",
            help="Password for every imported member. Without it they set one through password reset.",
        )
        parser.add_argument("--verified", action="store_true", help="Mark the email addresses as verified.")
        parser.add_argument("--strict", action="store_true", help="Exit with status 1 if any row was skipped.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            handle = path.open(newline="", encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.", returncode=2) from exc
        imported = skipped = 0
        with handle:
            reader = csv.reader(handle)
            try:
                header = [name.strip().lower() for name in next(reader, [])]
            except (csv.Error, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {path}: {exc}.", returncode=2) from exc
            self._check_header(header)
            last_line = reader.line_num
            while True:
                first_line = last_line + 1  # a quoted field may span lines: report where the row starts
                try:
                    fields = next(reader)
                except StopIteration:
                    break
                except (csv.Error, UnicodeDecodeError) as exc:
                    raise CommandError(f"line {first_line}: cannot read the file: {exc}.", returncode=2) from exc
                last_line = reader.line_num
                if not any(f.strip() for f in fields):
                    continue
                try:
                    if len(fields) > len(header):
                        raise KithError(f"{len(fields)} fields but the header has {len(header)} columns.", "invalid")
                    row = dict(zip(header, fields, strict=False))
                    import_row(row, password=options["password"], verified=options["verified"])
                except KithError as exc:
                    skipped += 1
                    self.stderr.write(f"line {first_line}: {exc.message}")
                else:
                    imported += 1
        self.stdout.write(f"imported {imported}, skipped {skipped}")
        if skipped and options["strict"]:
            raise CommandError(f"{skipped} row{'s' if skipped != 1 else ''} skipped.", returncode=1)

    def _check_header(self, header: list[str]) -> None:
        if not header:
            raise CommandError("The file is empty: it needs a header row (email,name,…).", returncode=2)
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        unknown = [c for c in header if c not in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)]
        if missing or unknown or len(set(header)) != len(header):
            known = ", ".join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))
            problem = (
                f"missing column {missing[0]!r}" if missing
                else f"unknown column {unknown[0]!r}" if unknown
                else "a column appears twice"
            )
            raise CommandError(f"line 1: wrong header ({problem}); the columns are {known}.", returncode=2)
