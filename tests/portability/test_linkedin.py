"""Reading LinkedIn exports: each quirk of real exports has its own fixture here."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from kith.portability.linkedin import contact_key, parse_date, read_export
from tests.portability import exports
from tests.portability.exports import (
    BOM,
    CONNECTIONS_HEADER,
    FILES,
    OLD_CONNECTIONS_HEADER,
    PREAMBLE,
    export_zip,
    upload,
)


def report(export, name):
    return next(f for f in export.files if f.name == name)


def connections_only(content: str | bytes):
    return read_export([upload("Connections.csv", content)])


# --- the whole export -----------------------------------------------------------------------


def test_every_file_is_read_into_its_section():
    export = read_export([export_zip()])
    s = export.sections
    assert s["profile"] == {
        "name": "Ada Lovelace", "headline": "Analyst of engines",
        "about": "Notes on the engine.\n\nSecond paragraph, with a comma.",
        "industry": "software-development", "city": "London", "region": "England", "country": "United Kingdom",
    }
    assert [(p["company"], p["start"], p["end"], p["is_current"]) for p in s["positions"]] == [
        ("Analytical Engines", "2022-10", None, True),
        ("Difference Engine Company", "2019-01", "2022-09", False),
        ("Royal Society", "2015-06", "2019-01", False),
    ]
    assert s["positions"][0]["description"] == "Wrote the notes, and the first programme."
    assert [(e["school"], e["degree"], e["start_year"], e["end_year"]) for e in s["education"]] == [
        ("Home schooling", "Mathematics", None, None),
        ("University of London", "BSc, Computing", 2008, 2012),
    ]
    assert s["skills"] == ["Mathematics", "Poetry", "C++"]  # "mathematics" is the same skill
    assert [lang["name"] for lang in s["languages"]] == ["English", "French"]
    assert s["emails"] == [
        {"email": "ada@example.com", "confirmed": True, "primary": True},
        {"email": "ada.lovelace@old.example", "confirmed": False, "primary": False},
    ]
    names = [(c["first_name"], c["last_name"], c["source"]) for c in s["contacts"]]
    assert names == [("Grace", "Hopper", "connection"), ("Linus", "Torvalds", "connection"),
                     ("Charles", "Babbage", "connection"), ("Mary", "Somerville", "invitation_sent"),
                     ("Michael", "Faraday", "invitation_received")]
    assert {f.name: f.status for f in export.files} == {
        "Profile.csv": "read", "Positions.csv": "read", "Education.csv": "read", "Skills.csv": "read",
        "Languages.csv": "read", "Email Addresses.csv": "read", "Connections.csv": "read",
        "Invitations.csv": "read", "Company Follows.csv": "not_imported",
    }


def test_years_outside_1900_to_2100_are_left_out_of_education_with_a_note():
    export = read_export([export_zip()])
    assert report(export, "Education.csv").notes == ["Line 2: years outside 1900–2100 (1820, 1832) are left out."]
    assert export.sections["education"][0]["school"] == "Home schooling"


def test_the_sample_export(tmp_path):
    export = read_export([exports.sample_zip()])
    s = export.sections
    assert s["profile"]["name"] == "Ada Byron-Lovelace"
    assert (s["profile"]["city"], s["profile"]["country"]) == ("London", "United Kingdom")
    assert len(s["positions"]) == 11 and s["positions"][0]["start"] == "2022-10"
    assert len(s["education"]) == 2 and len(s["skills"]) == 60
    assert report(export, "Connections.csv").rows == 2000
    assert report(export, "Profile.csv").notes == [
        'The industry "Mathematics and Computation" is not one of Kith\'s; choose the nearest in your profile.'
    ]
    not_imported = {f.name for f in export.files if f.status == "not_imported"}
    assert {"Company Follows.csv", "Registration.csv", "guide_messages.csv"} <= not_imported


# --- quirks, one fixture each -----------------------------------------------------------------


@pytest.mark.parametrize("lines", [0, 1, 3, 40])
def test_a_notes_preamble_of_any_length_before_the_header(lines):
    preamble = "Notes:\n" + "".join(f'"Line {i} of the notes, with, commas"\n' for i in range(lines)) + "\n"
    export = connections_only(preamble + CONNECTIONS_HEADER + "Grace,Hopper,,g@example.com,Navy,Admiral,05 Jun 2026\n")
    assert [c["email"] for c in export.sections["contacts"]] == ["g@example.com"]
    assert report(export, "Connections.csv").notes == []


@pytest.mark.parametrize("with_preamble", [True, False])
def test_a_utf8_byte_order_mark(with_preamble):
    text = (PREAMBLE if with_preamble else "") + CONNECTIONS_HEADER + "Zoë,Brontë,,,Haworth Parsonage,Poet,05 Jun 2026\n"
    export = connections_only(BOM + text.encode())
    assert [(c["first_name"], c["last_name"]) for c in export.sections["contacts"]] == [("Zoë", "Brontë")]


def test_older_headers_without_the_url_column():
    export = connections_only(OLD_CONNECTIONS_HEADER + "Grace,Hopper,grace@example.com,Navy,Admiral,05 Jun 2026\n")
    (contact,) = export.sections["contacts"]
    assert (contact["url"], contact["email"], contact["company"]) == ("", "grace@example.com", "Navy")
    assert contact["key"] == "email:grace@example.com"


def test_columns_in_another_order():
    header = "Connected On,Company,First Name,Last Name,Email Address,URL,Position\n"
    export = connections_only(header + "05 Jun 2026,Navy,Grace,Hopper,,,Admiral\n")
    (contact,) = export.sections["contacts"]
    assert (contact["first_name"], contact["company"], contact["position"]) == ("Grace", "Navy", "Admiral")


def test_rows_empty_but_for_a_date_are_hidden_profiles():
    body = CONNECTIONS_HEADER + ",,,,,,07 Jun 2026\nGrace,Hopper,,,Navy,Admiral,05 Jun 2026\n,,,,,,08 Jun 2026\n\n"
    export = connections_only(PREAMBLE + body)
    assert [c["first_name"] for c in export.sections["contacts"]] == ["Grace"]
    file = report(export, "Connections.csv")
    assert (file.rows, file.skipped) == (1, 2)
    assert file.notes == ["2 connections without a name (members who hide their profile from exports) left out."]


def test_quoted_commas_and_newlines():
    body = CONNECTIONS_HEADER + '"Charles","Babbage",,,"Engines, Ltd.","Inventor,\nand ""engineer""",05 Jun 2026\n'
    (contact,) = connections_only(body).sections["contacts"]
    assert contact["company"] == "Engines, Ltd."
    assert contact["position"] == 'Inventor,\nand "engineer"'
    assert contact["connected_on"] == "2026-06-05"


def test_windows_line_endings():
    text = (PREAMBLE + CONNECTIONS_HEADER + 'Grace,Hopper,,,"Navy\nReserve",Admiral,05 Jun 2026\n').replace("\n", "\r\n")
    (contact,) = connections_only(text).sections["contacts"]
    assert contact["company"] == "Navy\nReserve"
    assert contact["connected_on"] == "2026-06-05"
    positions = read_export([upload("Positions.csv", exports.POSITIONS.replace("\n", "\r\n"))]).sections["positions"]
    assert [p["start"] for p in positions] == ["2022-10", "2019-01", "2015-06"]


def test_a_file_resaved_by_a_spreadsheet_in_windows_1252():
    text = CONNECTIONS_HEADER + "Zoë,Brontë,,,Café Société,Poet,05 Jun 2026\n"
    (contact,) = connections_only(text.encode("cp1252")).sections["contacts"]
    assert (contact["first_name"], contact["company"]) == ("Zoë", "Café Société")


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("05 Jun 2026", date(2026, 6, 5), "day"),
        ("5 June 2026", date(2026, 6, 5), "day"),
        ("Jun 2026", date(2026, 6, 1), "month"),
        ("Sept 2020", date(2020, 9, 1), "month"),
        ("2026", date(2026, 1, 1), "year"),
        ("6/7/26, 9:41 AM", datetime(2026, 6, 7, 9, 41, tzinfo=UTC), "time"),
        ("12/31/25, 11:59 PM", datetime(2025, 12, 31, 23, 59, tzinfo=UTC), "time"),
        ("1/2/26, 12:05 AM", datetime(2026, 1, 2, 0, 5, tzinfo=UTC), "time"),
        ("2026-06-07 09:41:00 UTC", datetime(2026, 6, 7, 9, 41, tzinfo=UTC), "time"),
        ("2026/06/07 09:41:00 UTC", datetime(2026, 6, 7, 9, 41, tzinfo=UTC), "time"),
        ("2026-06-07", date(2026, 6, 7), "day"),
        ("  Jun   2026 ", date(2026, 6, 1), "month"),
    ],
)
def test_every_date_form_real_exports_use(text, expected, precision):
    assert parse_date(text) == (expected, precision)


@pytest.mark.parametrize("text", ["", "Present", "Junk 2026", "31 Feb 2026", "13/1/26, 9:41 AM", "6/7/26, 13:41 PM"])
def test_dates_that_are_not_dates(text):
    assert parse_date(text) is None


def test_dates_in_each_file_that_uses_them():
    export = read_export([export_zip()])
    contacts = {c["last_name"]: c for c in export.sections["contacts"]}
    assert contacts["Hopper"]["connected_on"] == "2026-06-05"  # "05 Jun 2026"
    assert contacts["Torvalds"]["connected_on"] == "2026-06-01"  # "Jun 2026"
    assert contacts["Babbage"]["connected_on"] == "2025-01-01"  # "2025"
    assert contacts["Somerville"]["invited_at"] == "2026-06-07T09:41:00+00:00"  # "6/7/26, 9:41 AM"
    assert contacts["Faraday"]["invited_at"] == "2026-06-07T09:41:00+00:00"  # "2026-06-07 09:41:00 UTC"


def test_an_unreadable_date_keeps_the_contact_and_says_so():
    export = connections_only(CONNECTIONS_HEADER + "Grace,Hopper,,,Navy,Admiral,sometime\n")
    assert export.sections["contacts"][0]["connected_on"] is None
    assert report(export, "Connections.csv").notes == [
        "Line 2: the date 'sometime' could not be read; the contact is kept without it."
    ]


def test_a_zip_whose_files_sit_inside_a_top_level_folder():
    export = read_export([export_zip(folder="Basic_LinkedInDataExport_06-07-2026/")])
    assert export.sections["profile"]["name"] == "Ada Lovelace"
    assert len(export.sections["contacts"]) == 5
    assert "Basic_LinkedInDataExport_06-07-2026/Company Follows.csv" in {f.name for f in export.files}


def test_files_in_deeper_folders_and_other_letter_case_are_found():
    export = read_export([export_zip({"Export/Jobs/Job Applications.csv": "x\n", "Export/connections.CSV": exports.CONNECTIONS})])
    assert len(export.sections["contacts"]) == 3
    assert report(export, "Export/Jobs/Job Applications.csv").status == "not_imported"


def test_missing_files_are_listed_and_the_others_read():
    export = read_export([export_zip({"Connections.csv": exports.CONNECTIONS})])
    statuses = {f.name: f.status for f in export.files}
    assert statuses["Connections.csv"] == "read"
    assert [name for name, status in statuses.items() if status == "missing"] == [
        "Profile.csv", "Positions.csv", "Education.csv", "Skills.csv", "Languages.csv", "Email Addresses.csv",
        "Invitations.csv",
    ]
    assert export.sections["profile"] is None and export.sections["positions"] == []


def test_csv_files_uploaded_without_the_zip():
    export = read_export([upload("Skills.csv", FILES["Skills.csv"]), upload("Positions.csv", FILES["Positions.csv"]),
                          upload("Company Follows.csv", "Organization\nRoyal Society\n")])
    assert export.sections["skills"] == ["Mathematics", "Poetry", "C++"]
    assert len(export.sections["positions"]) == 3
    assert report(export, "Company Follows.csv").status == "not_imported"


def test_a_bad_file_gets_its_own_message_and_the_good_files_are_read():
    files = dict(FILES)
    files["Positions.csv"] = "Something,Else\n1,2\n"
    files["Skills.csv"] = b"\x00\x01\x02binary\xff\xfe"
    export = read_export([export_zip(files)])
    assert report(export, "Positions.csv").status == "error"
    assert report(export, "Positions.csv").notes == ['No header row with the columns "Company Name", "Title" was found.']
    assert report(export, "Skills.csv").notes == ["It is not a text (CSV) file."]
    assert export.sections["positions"] == [] and export.sections["skills"] == []
    assert export.sections["profile"]["name"] == "Ada Lovelace"
    assert len(export.sections["contacts"]) == 5


def test_positions_that_cannot_be_imported_are_left_out_with_the_line():
    text = (
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        "Engines,Analyst,,,Oct 2022,\n"
        ",Nobody,,,Oct 2022,\n"
        "Engines,,,,Oct 2022,\n"
        "Engines,Dreamer,,,someday,\n"
        "Engines,Backwards,,,Oct 2022,Jan 2020\n"
        "Engines,Victorian,,,Oct 1842,Jan 1843\n"
    )
    export = read_export([upload("Positions.csv", text)])
    assert [p["title"] for p in export.sections["positions"]] == ["Analyst"]
    file = report(export, "Positions.csv")
    assert file.skipped == 5
    assert file.notes == [
        "Line 3: left out, it has no company.",
        "Line 4: left out, it has no title.",
        "Line 5: left out, it has a start date we can't read ('someday').",
        "Line 6: left out, it has an end before its start.",
        "Line 7: left out, it has a start date outside 1900–2100 ('Oct 1842').",
    ]


def test_overlong_text_is_shortened_with_a_note():
    text = "Name\n" + "x" * 100 + "\n"
    profile = exports.PROFILE.replace("Analyst of engines", "h" * 300)
    export = read_export([upload("Profile.csv", profile), upload("Skills.csv", text)])
    assert len(export.sections["profile"]["headline"]) == 220
    assert export.sections["profile"]["headline"].endswith("…")
    assert report(export, "Profile.csv").notes == ["Headlines longer than 220 characters were shortened."]
    assert len(export.sections["skills"][0]) == 80


def test_a_contact_is_one_contact_across_connections_and_invitations():
    invitations = (
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        "Ada Lovelace,Grace Hopper,2026-06-01 09:41:00 UTC,Hello Grace,OUTGOING,,https://www.linkedin.com/in/grace-hopper/\n"
    )
    export = read_export([upload("Connections.csv", exports.CONNECTIONS), upload("Invitations.csv", invitations)])
    grace = [c for c in export.sections["contacts"] if c["last_name"] == "Hopper"]
    assert len(grace) == 1
    assert grace[0]["source"] == "connection" and grace[0]["message"] == "Hello Grace"


def test_contact_keys():
    assert contact_key({"url": "https://uk.linkedin.com/in/Grace-Hopper/?trk=x"}) == "url:linkedin.com/in/grace-hopper"
    assert contact_key({"url": "", "email": "Grace@Example.com"}) == "email:grace@example.com"
    assert contact_key({"first_name": "Grace ", "last_name": "Hopper", "company": " US  Navy"}) == "name:grace hopper|us navy"
