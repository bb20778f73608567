"""The demo's groups: one of every kind, with managers and a queue to judge."""

import pytest

from kith.core import doctor
from kith.demo.builder import LOGIN_EMAIL, build_demo
from kith.demo.groups import build_groups
from kith.groups.models import Group, GroupPost, JoinRequest, Membership
from kith.groups.selectors import access_group, reported_content


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_has_groups_of_every_kind_with_managers_and_a_queue():
    build_demo(members=300, seed=3)
    groups = build_groups(seed=3)
    kinds = {(g.listed, g.join_policy) for g in Group.objects.all()}
    assert {(True, "open"), (True, "request"), (False, "invitation")} <= kinds
    assert Group.objects.filter(post_approval=True).exists() and Group.objects.filter(trial_days__gt=0).exists()
    for group in groups:
        assert Membership.objects.filter(group=group, role="manager").exists(), group.slug
    owned_by_ada = Group.objects.filter(memberships__member__email=LOGIN_EMAIL, memberships__role="owner", join_policy="request")
    assert JoinRequest.objects.filter(group__in=owned_by_ada, status="pending").count() >= 5
    assert all(r.ok for r in doctor.run(["groups.member_count", "groups.owner"]))
    # A manager's queue to try: Ada manages a group with post approval on and posts waiting in
    # it (written through the posts action: a Post pending beside each), and join requests.
    managed_by_ada = Group.objects.filter(memberships__member__email=LOGIN_EMAIL, memberships__role__in=["owner", "manager"])
    approval = managed_by_ada.filter(post_approval=True)
    pending = GroupPost.objects.filter(group__in=approval, status="pending", held="approval")
    assert pending.count() >= 3 and all(gp.post.status == "pending" for gp in pending)
    assert GroupPost.objects.filter(group__in=managed_by_ada, status="pending", held="trial").exists()
    assert GroupPost.objects.filter(status="published").count() >= len(groups)
    # And a report about the group's content for her to answer from the same queue.
    ada = Membership.objects.get(group=groups[0], member__email=LOGIN_EMAIL)
    assert ada.role == "owner" and reported_content(access_group(ada.member, groups[0].slug), ada.member)
