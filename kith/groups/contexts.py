"""Groups as a shared context between members (kith.members.contexts): two members of one
group are "Both in <group>" on the insights card, a reason in People You May Know, and may
send each other a message request."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Count

from kith.core import memo
from kith.groups.models import Group, Membership
from kith.members.contexts import Context

# A member's groups past this many are not compared (a member of hundreds of groups).
GROUPS_COMPARED = 100


class GroupContexts:
    def _groups_of(self, viewer_id: int) -> dict[int, Group]:
        def read() -> dict[int, Group]:
            rows = Group.objects.filter(memberships__member_id=viewer_id).only("pk", "name", "slug").order_by("member_count", "pk")
            return {g.pk: g for g in rows[:GROUPS_COMPARED]}

        return memo.once(("groups_of", viewer_id), read)  # search asks twice a page: its ranking, its message offers

    def shared(self, viewer_id: int, member_ids: Sequence[int]) -> dict[int, list[Context]]:
        groups = self._groups_of(viewer_id)
        if not groups:
            return {}
        out: dict[int, list[Context]] = defaultdict(list)
        for member_id, group_id in Membership.objects.filter(group_id__in=list(groups), member_id__in=list(member_ids)).values_list(
            "member_id", "group_id"
        ):
            g = groups[group_id]
            out[member_id].append(Context("group", g.name, f"/groups/{g.slug}/"))
        for found in out.values():
            found.sort(key=lambda c: c.label.lower())
        return dict(out)

    def members_sharing(self, viewer_id: int, *, limit: int) -> list[int]:
        """Members of the viewer's smaller groups first (a small group says more than a big one)."""
        groups = self._groups_of(viewer_id)
        if not groups:
            return []
        rows = (
            Membership.objects.filter(group_id__in=list(groups))
            .exclude(member_id=viewer_id)
            .values("member_id")
            .annotate(n=Count("group_id"))
            .order_by("-n", "member_id")
        )
        return [row["member_id"] for row in rows[:limit]]

    def allows_messages(self) -> bool:
        return True
