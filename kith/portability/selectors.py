"""Reads on a member's behalf: their imports, their contacts and whom those match, their exports.

Contacts are private to their owner: every read here starts from ``owner=member``.
The member a contact matches is shown only where the owner may see them (active, not
blocked either way: kith.members.selectors.visible_profiles), with their degree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from kith.core.errors import NotFound
from kith.members.models import Position, Profile, User
from kith.members.selectors import blocked_ids, visible_profiles
from kith.network.graph_selectors import degree_badges
from kith.network.models import Invitation
from kith.portability.models import AccountDeletion, Contact, DataExport, LinkedInImport

__all__ = [
    "ContactView",
    "access_import",
    "access_export",
    "candidate_matches",
    "contact_views",
    "invitable_contacts",
    "latest_exports",
    "scheduled_deletion",
    "visible_member_ids",
]

CHUNK = 500


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _name_key(first: str, last: str) -> str:
    return " ".join(f"{first} {last}".split()).lower()


# --- imports -------------------------------------------------------------------------------


def access_import(member: User, import_id: int) -> LinkedInImport:
    linkedin_import = LinkedInImport.objects.filter(pk=import_id, member=member).first()
    if linkedin_import is None:
        raise NotFound("No such import.", "import_not_found", "import")
    return linkedin_import


def latest_import(member: User) -> LinkedInImport | None:
    return LinkedInImport.objects.filter(member=member).order_by("-created_at", "-pk").first()


# --- matching -------------------------------------------------------------------------------


def visible_member_ids(owner: User, member_ids: Iterable[int]) -> set[int]:
    """The members among ``member_ids`` the owner may see in a list (active, not blocked either way)."""
    ids = {int(i) for i in member_ids} - {owner.pk}
    if not ids:
        return set()
    return set(visible_profiles(owner, Profile.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def candidate_matches(owner: User, contacts: list[Contact]) -> dict[int, tuple[int, str]]:
    """``{contact id: (member id, Contact.Match.EMAIL or SUGGESTED)}`` for contacts that are members.

    By email first: the contact's address equals a member's verified address (allauth
    keeps addresses lower case; the export's are lowered on reading). Otherwise by name
    and company: exactly one member has that name and a position at that company (a
    suggestion, until the owner confirms it). Never the owner, never a member the owner
    may not see.
    """
    found: dict[int, tuple[int, str]] = {}
    by_email: dict[str, list[Contact]] = {}
    for contact in contacts:
        if contact.email:
            by_email.setdefault(contact.email.lower(), []).append(contact)
    owners_of: dict[str, int] = {}
    for chunk in _chunks(list(by_email)):
        owners_of.update(EmailAddress.objects.filter(email__in=chunk, verified=True).values_list("email", "user_id"))
    visible = visible_member_ids(owner, owners_of.values())
    for email, user_id in owners_of.items():
        if user_id in visible:
            for contact in by_email[email]:
                found[contact.pk] = (user_id, Contact.Match.EMAIL)

    rest = [c for c in contacts if c.pk not in found and c.company and (c.first_name or c.last_name)]
    companies = sorted({" ".join(c.company.split()).lower() for c in rest})
    names = {_name_key(c.first_name, c.last_name) for c in rest}
    members_at: dict[tuple[str, str], set[int]] = {}
    for chunk in _chunks(companies):
        rows = (
            Position.objects.annotate(company_ci=Lower("company"))
            .filter(company_ci__in=chunk)
            .values_list("company_ci", "profile_id", "profile__name")
        )
        for company, profile_id, name in rows:
            key = (" ".join(name.split()).lower(), " ".join(company.split()))
            if key[0] in names:
                members_at.setdefault(key, set()).add(profile_id)
    visible = visible_member_ids(owner, {i for ids in members_at.values() for i in ids})
    for contact in rest:
        ids = members_at.get((_name_key(contact.first_name, contact.last_name), " ".join(contact.company.split()).lower()), set())
        ids = ids & visible
        if len(ids) == 1:
            found[contact.pk] = (next(iter(ids)), Contact.Match.SUGGESTED)
    return found


# --- contacts ------------------------------------------------------------------------------


@dataclass
class ContactView:
    """A contact as its owner sees it: the matched member's profile (when visible) and degree."""

    contact: Contact
    profile: Profile | None = None
    degree: int | None = None
    connected: bool = False
    invited: bool = False  # the owner has an invitation to them pending

    @property
    def matched(self) -> bool:
        return self.profile is not None and self.contact.is_matched

    @property
    def suggested(self) -> bool:
        return self.profile is not None and self.contact.match == Contact.Match.SUGGESTED

    @property
    def can_invite(self) -> bool:
        return self.profile is not None and not self.connected and not self.invited


SHOW = ("matched", "suggested", "others", "all")


def contacts_of(owner: User, show: str = "all", *, q: str = "") -> QuerySet[Contact]:
    """The owner's contacts, by name. ``show``: "matched" (to a member, by email or confirmed),
    "suggested" (same name and company, awaiting the owner's word), "others" (the rest,
    including matches to members the owner may no longer see), or "all"."""
    hidden = blocked_ids(owner)
    visible = Q(member__isnull=False, member__is_active=True) & ~Q(member_id__in=hidden)
    qs = Contact.objects.filter(owner=owner)
    if show == "matched":
        qs = qs.filter(visible, match__in=Contact.MATCHED)
    elif show == "suggested":
        qs = qs.filter(visible, match=Contact.Match.SUGGESTED)
    elif show == "others":
        qs = qs.exclude(visible & Q(match__in=(*Contact.MATCHED, Contact.Match.SUGGESTED)))
    for word in q.split()[:5]:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(company__icontains=word))
    return qs.order_by("last_name", "first_name", "pk")


def contact_views(owner: User, contacts: Iterable[Contact]) -> list[ContactView]:
    """Each contact with the member it matches, if the owner may see them, badged in one graph call."""
    contacts = list(contacts)
    wanted = {c.member_id for c in contacts if c.member_id and c.match != Contact.Match.REJECTED}
    hidden = blocked_ids(owner)
    profiles = {
        p.pk: p
        for p in visible_profiles(owner, Profile.objects.filter(pk__in=wanted - hidden)).select_related("user")
    }
    badges = degree_badges(owner, list(profiles))
    invited = set(
        Invitation.objects.filter(sender=owner, recipient_id__in=list(profiles), status__in=Invitation.SEEN_PENDING_BY_SENDER)
        .values_list("recipient_id", flat=True)
    )
    views = []
    for contact in contacts:
        profile = profiles.get(contact.member_id) if contact.match != Contact.Match.REJECTED else None
        degree = badges.get(profile.pk) if profile else None
        views.append(ContactView(contact, profile, degree, connected=degree == 1,
                                 invited=bool(profile) and profile.pk in invited))
    return views


def contact_counts(owner: User) -> dict[str, int]:
    return {
        "total": Contact.objects.filter(owner=owner).count(),
        "matched": contacts_of(owner, "matched").count(),
        "suggested": contacts_of(owner, "suggested").count(),
        "invitable": len(invitable_contacts(owner)),
    }


def invitable_contacts(owner: User) -> list[Contact]:
    """Matched contacts (not mere suggestions) the owner may still invite: not connected, not invited."""
    return [v.contact for v in contact_views(owner, contacts_of(owner, "matched")) if v.can_invite]


def access_contact(owner: User, contact_id: int) -> ContactView:
    contact = Contact.objects.filter(pk=contact_id, owner=owner).first()
    if contact is None:
        raise NotFound("No such contact.", "contact_not_found", "contact")
    return contact_views(owner, [contact])[0]


# --- exports and deletion -------------------------------------------------------------------


def access_export(member: User, export_id: int) -> DataExport:
    export = DataExport.objects.filter(pk=export_id, member=member).first()
    if export is None:
        raise NotFound("No such export.", "export_not_found", "export")
    return export


def latest_exports(member: User, limit: int = 5) -> list[DataExport]:
    return list(DataExport.objects.filter(member=member).order_by("-created_at", "-pk")[:limit])


def scheduled_deletion(member: User) -> AccountDeletion | None:
    return AccountDeletion.objects.filter(member=member, status=AccountDeletion.Status.SCHEDULED).first()


def deletions_due(now=None) -> QuerySet[AccountDeletion]:
    return AccountDeletion.objects.filter(status=AccountDeletion.Status.SCHEDULED, erase_after__lte=now or timezone.now())
