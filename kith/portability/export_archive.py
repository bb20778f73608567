"""The zip a data export is: JSON for programs, CSV for spreadsheets, a README for people.

Pure: rows in, bytes out (no database), so the format is tested on its own.

Layout::

    README.txt                   what each file and section holds (FORMAT below, then each section)
    data.json                    {"format": "kith-data-export", "version": 1, "generated_at": …,
                                  "member": {"handle", "name"}, "sections": {app: {section: [row, …]}}}
    csv/<app>/<section>.csv      one file per section: a header of the row keys, one line a row
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import datetime
from typing import Any

FORMAT_NAME = "kith-data-export"
FORMAT_VERSION = 1

# Cells a spreadsheet would run as a formula start with one of these: such a cell gets a
# leading apostrophe in the CSV files (never in data.json).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

README_HEAD = """\
Your data from {site}
{underline}

Exported for {name} (@{handle}) on {when}. This archive holds everything {site} stores
about your account, in two forms:

- data.json: all of it, for programs. Format "{format}", version {version}:
    {{"format": "{format}", "version": {version}, "generated_at": "<ISO 8601 time>",
     "member": {{"handle": "...", "name": "..."}},
     "sections": {{"<app>": {{"<section>": [{{...one row...}}, ...]}}}}}}
  Times are ISO 8601 in UTC; months and days are ISO dates (2026-06-01); a missing
  value is null.
- csv/<app>/<section>.csv: the same rows, one file per section, for spreadsheets
  (UTF-8, comma-separated, a header line of column names; lists are joined with "; ").
  A cell that a spreadsheet would take for a formula starts with an apostrophe.

Other members appear as you may see them on {site}: by name and handle, a deleted
account as "A former member", and someone you can no longer see without a name.
A connection's email address appears only where that member lets connections see it.

The sections
------------
"""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        text = "; ".join(_cell(v) for v in value)
    elif isinstance(value, dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def section_csv(rows: list[Mapping[str, Any]]) -> str:
    """One section as CSV: the columns are every key the rows have, in the order first seen."""
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def build(
    sections: Mapping[str, Mapping[str, list[Mapping[str, Any]]]],
    *,
    descriptions: Mapping[str, Mapping[str, str]],
    member: Mapping[str, str],
    site: str,
    generated_at: datetime,
) -> bytes:
    """The archive's bytes. ``sections`` is ``{app: {section: rows}}``; ``descriptions``
    says what each section holds (``{app: {section: text}}``), for the README."""
    when = generated_at.isoformat()
    title = f"Your data from {site}"
    readme = [
        README_HEAD.format(
            site=site, underline="=" * len(title), name=member["name"], handle=member["handle"], when=when,
            format=FORMAT_NAME, version=FORMAT_VERSION,
        )
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for app, app_sections in sections.items():
            for section, rows in app_sections.items():
                path = f"csv/{app}/{section}.csv"
                archive.writestr(path, "\ufeff" + section_csv(rows))  # the BOM makes spreadsheets read UTF-8
                about = descriptions.get(app, {}).get(section, "")
                count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
                readme.append(f"{app}.{section} ({path}, {count})\n    {about}\n")
        document = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "generated_at": when,
            "member": dict(member),
            "sections": sections,
        }
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False))
        archive.writestr("README.txt", "\n".join(readme))
    return buffer.getvalue()
