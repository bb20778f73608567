"""`kith doctor` checks for groups (see kith.core.doctor): the counters and the one-owner rule
that kith.groups.actions keep."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Exists, F, OuterRef

from kith.core.doctor import check
from kith.groups.models import Ban, Group, Membership


@check("groups.member_count", "Each group's member count is the number of its memberships")
def member_counts() -> Iterator[str]:
    rows = Group.objects.annotate(n=Count("memberships")).exclude(member_count=F("n")).values_list("slug", "member_count", "n")
    for slug, stored, actual in rows.order_by("pk"):
        yield f"{slug}: member_count {stored}, memberships {actual}"


@check("groups.owner", "Every group has exactly one owner, and nobody banned from a group is in it")
def one_owner() -> Iterator[str]:
    owners = Membership.objects.filter(group=OuterRef("pk"), role=Membership.Role.OWNER)
    for slug in Group.objects.exclude(Exists(owners)).values_list("slug", flat=True).order_by("pk"):
        yield f"{slug} has no owner"
    banned = Ban.objects.filter(group=OuterRef("group"), member=OuterRef("member"))
    for slug, member_id in Membership.objects.filter(Exists(banned)).values_list("group__slug", "member_id").order_by("pk"):
        yield f"{slug}: member {member_id} is banned and still a member"
