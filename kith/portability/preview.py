"""What importing an export would do, section by section, compared with the profile as it is now.

The same comparison drives the preview (what will be added, what already exists, what
conflicts) and the apply (kith.portability.actions.apply_import), so the preview can
never promise what the apply would not do. Nothing here writes.

Each section offers some of three modes:

- merge: add what is new; where the export and Kith differ, keep Kith's;
- replace: make Kith match the export: add what is new, take the export's version
  where they differ, and remove what the export does not have;
- skip: leave the section as it is.

For the profile's fields, "replace" takes the export's value where the export has one
(an empty cell in the export never empties a field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kith.members.actions import MAX_SKILLS, normalize_skill
from kith.members.models import Education, Position, Profile, User
from kith.portability.models import Contact, LinkedInImport

MERGE, REPLACE, SKIP = "merge", "replace", "skip"
MODES = (MERGE, REPLACE, SKIP)

NEW, SAME, CONFLICT, ONLY_KITH = "new", "same", "conflict", "only_kith"

# section -> (title, the file it comes from, modes offered, default mode)
SECTIONS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "profile": ("Profile", "Profile.csv", MODES, MERGE),
    "positions": ("Experience", "Positions.csv", MODES, MERGE),
    "education": ("Education", "Education.csv", MODES, MERGE),
    "skills": ("Skills", "Skills.csv", MODES, MERGE),
    "languages": ("Languages (added to your skills)", "Languages.csv", (MERGE, SKIP), SKIP),
    "contacts": ("Contacts", "Connections.csv", MODES, MERGE),
}
PROFILE_FIELDS = ("name", "headline", "about", "industry", "location")
CONTACT_FIELDS = ("first_name", "last_name", "email", "url", "company", "position", "connected_on", "source",
                  "invited_at", "message")


@dataclass
class Item:
    """One thing in a section: a field, a position, a skill, a contact."""

    key: str
    label: str
    state: str  # new, same, conflict, only_kith
    incoming: Any = None  # the export's version (None for only_kith)
    current: Any = None  # Kith's version (None for new)
    current_id: int | None = None  # the row on Kith's side
    differences: list[str] = field(default_factory=list)  # the fields that differ (conflicts)


@dataclass
class SectionPreview:
    key: str
    title: str
    file: str
    modes: tuple[str, ...]
    default: str
    available: bool  # the export had the file and it could be read
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    incoming_record: dict | None = None  # the profile section: the export's whole record

    def count(self, state: str) -> int:
        return sum(1 for item in self.items if item.state == state)

    @property
    def counts(self) -> dict[str, int]:
        return {state: self.count(state) for state in (NEW, SAME, CONFLICT, ONLY_KITH)}

    @property
    def changes(self) -> bool:
        return any(item.state != SAME for item in self.items)

    def shown(self, limit: int = 200) -> list[Item]:
        """Items worth showing: changes first (new, conflicts, then what replace removes)."""
        order = {CONFLICT: 0, NEW: 1, ONLY_KITH: 2, SAME: 3}
        return sorted(self.items, key=lambda item: order[item.state])[:limit]


@dataclass
class Preview:
    linkedin_import: LinkedInImport
    sections: dict[str, SectionPreview]
    emails: list[dict]  # the export's email addresses and whether each is this account's
    files: list[dict]
    current_skills: list[str]

    @property
    def defaults(self) -> dict[str, str]:
        return {key: (s.default if s.available else SKIP) for key, s in self.sections.items()}


def _norm(value: Any) -> str:
    return " ".join(str(value or "").split()).lower()


def _location(record: dict) -> str:
    return ", ".join(part for part in (record.get("city"), record.get("region"), record.get("country")) if part)


def _profile_items(profile: Profile, incoming: dict | None) -> list[Item]:
    if not incoming:
        return []
    current = {
        "name": profile.name, "headline": profile.headline, "about": profile.about, "industry": profile.industry,
        "location": profile.location,
    }
    wanted = {**{k: incoming.get(k, "") for k in PROFILE_FIELDS if k != "location"}, "location": _location(incoming)}
    items = []
    labels = {"name": "Name", "headline": "Headline", "about": "About", "industry": "Industry", "location": "Location"}
    for name in PROFILE_FIELDS:
        value = wanted[name]
        if not value:
            continue
        state = NEW if not current[name] else SAME if _norm(current[name]) == _norm(value) else CONFLICT
        items.append(Item(key=name, label=labels[name], state=state, incoming=value, current=current[name] or None))
    return items


def position_key(record: dict) -> str:
    return f"{_norm(record['company'])}|{_norm(record['title'])}|{record['start']}"


def _position_record(position: Position) -> dict:
    return {
        "company": position.company, "title": position.title, "location": position.location,
        "description": position.description, "start": position.start.strftime("%Y-%m"),
        "end": position.end.strftime("%Y-%m") if position.end else None, "is_current": position.is_current,
    }


def education_key(record: dict) -> str:
    return f"{_norm(record['school'])}|{_norm(record['degree'])}"


def _education_record(entry: Education) -> dict:
    return {"school": entry.school, "degree": entry.degree, "field": entry.field, "start_year": entry.start_year,
            "end_year": entry.end_year}


def _compare(incoming: list[dict], current: list[tuple[int, dict]], key, fields: tuple[str, ...], label) -> list[Item]:
    """Items for a list section: matched by ``key``; a match differing in ``fields`` conflicts."""
    by_key: dict[str, tuple[int, dict]] = {}
    for row_id, record in current:
        by_key.setdefault(key(record), (row_id, record))
    items, seen = [], set()
    for record in incoming:
        k = key(record)
        if k in seen:
            continue
        seen.add(k)
        if k not in by_key:
            items.append(Item(key=k, label=label(record), state=NEW, incoming=record))
            continue
        row_id, mine = by_key[k]
        differences = [f for f in fields if _norm(record.get(f)) != _norm(mine.get(f))]
        items.append(Item(key=k, label=label(record), state=CONFLICT if differences else SAME, incoming=record,
                          current=mine, current_id=row_id, differences=differences))
    for k, (row_id, mine) in by_key.items():
        if k not in seen:
            items.append(Item(key=k, label=label(mine), state=ONLY_KITH, current=mine, current_id=row_id))
    return items


def current_skills(profile: Profile) -> list[str]:
    return [s.name for s in profile.skills.order_by("profileskill__order", "profileskill__id")]


def _skill_items(current: list[str], incoming: list[str], languages: list[dict]) -> tuple[list[Item], list[Item]]:
    current_keys = {normalize_skill(name)[0]: name for name in current}
    skills, incoming_keys = [], set()
    for name in incoming:
        k = normalize_skill(name)[0]
        incoming_keys.add(k)
        skills.append(Item(key=k, label=name, state=SAME if k in current_keys else NEW, incoming=name,
                           current=current_keys.get(k)))
    # A skill that is one of the export's languages stays when languages are merged in: not "only on Kith".
    language_keys = {normalize_skill(language["name"])[0] for language in languages}
    skills += [Item(key=k, label=name, state=ONLY_KITH, current=name) for k, name in current_keys.items()
               if k not in incoming_keys and k not in language_keys]
    langs = []
    for language in languages:
        k = normalize_skill(language["name"])[0]
        label = language["name"] + (f" ({language['proficiency']})" if language.get("proficiency") else "")
        langs.append(Item(key=k, label=label, state=SAME if k in current_keys else NEW, incoming=language["name"]))
    return skills, langs


def contact_record(contact: Contact) -> dict:
    return {
        "first_name": contact.first_name, "last_name": contact.last_name, "email": contact.email, "url": contact.url,
        "company": contact.company, "position": contact.position,
        "connected_on": contact.connected_on.isoformat() if contact.connected_on else None, "source": contact.source,
        "invited_at": contact.invited_at.isoformat() if contact.invited_at else None, "message": contact.message,
        "key": contact.key,
    }


def _contact_name(record: dict) -> str:
    return " ".join(f"{record.get('first_name', '')} {record.get('last_name', '')}".split()) or "(no name)"


def _contact_items(member: User, incoming: list[dict]) -> list[Item]:
    current = [(c.pk, contact_record(c)) for c in Contact.objects.filter(owner=member)]
    compared = ("first_name", "last_name", "email", "url", "company", "position", "connected_on")
    return _compare(incoming, current, lambda r: r["key"], compared, _contact_name)


def skill_list(current: list[str], incoming: list[str], languages: list[str], *, skills_mode: str,
               languages_mode: str) -> list[str]:
    """The member's skills after applying these modes, in order, at most MAX_SKILLS (the first win)."""
    names = incoming if skills_mode == REPLACE else current + incoming if skills_mode == MERGE else current
    if languages_mode == MERGE:
        names = names + languages
    out, seen = [], set()
    for name in names:
        k = normalize_skill(name)[0]
        if k and k not in seen:
            seen.add(k)
            out.append(name)
    return out[:MAX_SKILLS]


def preview(linkedin_import: LinkedInImport) -> Preview:
    """Compare the import with the member's profile and contacts as they are now."""
    member = linkedin_import.member
    profile = Profile.objects.get(pk=member.pk)
    sections_data = linkedin_import.sections
    readable = {f["name"] for f in linkedin_import.files if f["status"] == "read"}
    built: dict[str, SectionPreview] = {}
    for key, (title, file, modes, default) in SECTIONS.items():
        available = file in readable or (key == "contacts" and "Invitations.csv" in readable)
        built[key] = SectionPreview(key, title, file, modes, default, available)
    built["profile"].items = _profile_items(profile, sections_data.get("profile"))
    built["profile"].incoming_record = sections_data.get("profile")
    positions = [(p.pk, _position_record(p)) for p in Position.objects.filter(profile=profile)]
    built["positions"].items = _compare(
        sections_data.get("positions", []), positions, position_key, ("end", "location", "description"),
        lambda r: f"{r['title']} at {r['company']}",
    )
    education = [(e.pk, _education_record(e)) for e in Education.objects.filter(profile=profile)]
    built["education"].items = _compare(
        sections_data.get("education", []), education, education_key, ("field", "start_year", "end_year"),
        lambda r: r["school"] + (f", {r['degree']}" if r.get("degree") else ""),
    )
    skills = current_skills(profile)
    built["skills"].items, built["languages"].items = _skill_items(
        skills, sections_data.get("skills", []), sections_data.get("languages", [])
    )
    wanted = {normalize_skill(n)[0] for n in skills + sections_data.get("skills", [])}
    if len(wanted) > MAX_SKILLS:
        built["skills"].notes.append(
            f"A profile holds at most {MAX_SKILLS} skills: with merge, your skills come first and the export's "
            f"fill the rest; with replace, the export's first {MAX_SKILLS} are kept."
        )
    built["contacts"].items = _contact_items(member, sections_data.get("contacts", []))
    own = {member.email.lower()} | set(member.emailaddress_set.values_list("email", flat=True))
    emails = [{**e, "on_account": e["email"] in own} for e in sections_data.get("emails", [])]
    return Preview(linkedin_import=linkedin_import, sections=built, emails=emails, files=linkedin_import.files,
                   current_skills=skills)
