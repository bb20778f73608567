"""Demo groups, written through kith.groups.actions after the community is loaded: one of every
kind (listed and unlisted; open, request to join with a question, invitation only; post
approval and a trial period), each with its managers, and a request-to-join group whose queue
holds applicants (a few of them spam-like) for Ada to judge on `make run`. Each group has a few
posts, written through kith.posts.actions as its members would; in Careers & Hiring (post
approval on) and Founders & Operators (a trial period), both Ada's, some wait in her queue, and a
post in Regional Business Network (hers too) is reported."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kith.core.errors import KithError
from kith.demo.builder import DEMO_DOMAIN, LOGIN_EMAIL, SPAM_DOMAIN
from kith.groups import actions
from kith.groups.models import Group, GroupPost, Membership
from kith.members.models import Connection, User
from kith.posts import actions as post_actions

__all__ = ["build_groups"]

# name, description, listed, policy, question, post approval, trial days, Ada's role
KINDS = [
    ("Regional Business Network", "Members meeting members: introductions, events and open questions about doing business in the region.",
     True, "open", "", False, 0, "owner"),
    ("Founders & Operators", "For people who run companies: hiring, fundraising, pricing. Introduce yourself when you join.",
     True, "request", "What does your company do, and what is your role there?", False, 7, "owner"),
    ("Careers & Hiring", "Job openings and people open to work. Every post is approved by a manager first.",
     True, "open", "", True, 0, "owner"),
    ("Mentoring Exchange", "Mentors and mentees find each other.", True, "request", "What would you like to learn or teach?", False, 0, "manager"),
    ("Board Members Roundtable", "A closed circle for board members. By invitation only.", False, "invitation", "", False, 0, "manager"),
    ("Data & Analytics Guild", "Analysts, engineers and scientists working with data.", True, "open", "", False, 0, "member"),
    ("Sustainability Council", "Practitioners working on sustainability in their companies.", True, "request", "Where do you work on sustainability?", False, 0, ""),
]


def _size(members: int) -> int:
    return max(8, min(120, members // 20))


@transaction.atomic
def build_groups(*, seed: int = 42) -> list[Group]:
    """The demo's groups, in one transaction (one commit, not one a join). Members join
    through the actions, each under the daily join limit."""
    rnd = random.Random(seed)
    ada = User.objects.filter(email=LOGIN_EMAIL).first()
    genuine = list(User.objects.filter(email__iendswith="@" + DEMO_DOMAIN, is_active=True).exclude(email=LOGIN_EMAIL).order_by("pk").values_list("pk", flat=True)[:3000])
    spam = list(User.objects.filter(email__iendswith="@" + SPAM_DOMAIN).order_by("pk").values_list("pk", flat=True)[:20])
    if ada is None or len(genuine) < 10:
        return []
    ada_connections = set(Connection.objects.filter(member=ada).values_list("other_id", flat=True))
    users = User.objects.in_bulk(genuine + spam)
    size = _size(len(genuine))
    joined: dict[int, int] = {}  # member id -> groups joined (the daily limit counts them)
    groups = []
    for n, (name, description, listed, policy, question, approval, trial, ada_role) in enumerate(KINDS):
        owner = ada if ada_role == "owner" else users[genuine[n * 7 % len(genuine)]]
        # Each group started open and its managers closed it later: the first members joined
        # through the front door, and no approval email goes out for each of them.
        group = actions.create_group(owner, name=name, description=description, listed=listed, join_policy="open", question=question)
        if ada_role in ("manager", "member"):
            actions.join(ada, group)
        if ada_role == "manager":
            actions.appoint_manager(owner, group, ada)
        pool = [pk for pk in rnd.sample(genuine, min(len(genuine), size * 2)) if pk != owner.pk]
        # Mostly people near Ada, so degree badges and "groups your connections are in" say something.
        near = [pk for pk in pool if pk in ada_connections]
        chosen = [pk for pk in (near + [pk for pk in pool if pk not in ada_connections])[: rnd.randint(size // 2, size)] if joined.get(pk, 0) < 3]
        for pk in chosen:
            joined[pk] = joined.get(pk, 0) + 1
        _bulk_members(group, chosen, rnd)
        members = [m for m in Membership.objects.filter(group=group, role="member").exclude(member=ada).values_list("member_id", flat=True)[:2]]
        for pk in members[:2]:
            actions.appoint_manager(owner, group, users[pk])
        _posts(group, [pk for pk in chosen if pk not in spam], users, PUBLISHED_POSTS)  # before approval was on
        newcomers = []
        if trial:
            # A member who joins on the day the trial period starts: their first post waits.
            newcomers = [pk for pk in genuine if pk != owner.pk and pk not in chosen and joined.get(pk, 0) < 3][-1:]
            for pk in newcomers:
                actions.join(users[pk], group)
                joined[pk] = joined.get(pk, 0) + 1
        actions.update_settings(owner, group, post_approval=approval, trial_days=trial, join_policy=policy)
        _posts(group, newcomers, users, TRIAL_POSTS)
        if approval:
            # The queue: posts waiting for the owner's approval (Ada's in Careers & Hiring).
            waiting = Membership.objects.filter(group=group, role="member").exclude(member_id__in=spam).order_by("-pk")
            _posts(group, list(waiting.values_list("member_id", flat=True)[:20]), users, PENDING_POSTS)
        groups.append(group)
    # A report about a post in Ada's open group, waiting in her queue beside the site moderators'.
    network_group = groups[0]
    reported = GroupPost.objects.filter(group=network_group, status=GroupPost.Status.PUBLISHED).exclude(author=ada).order_by("post_id").first()
    if reported is not None:
        reporter = Membership.objects.filter(group=network_group, role="member").exclude(member_id__in=[ada.pk, reported.author_id]).order_by("pk").first()
        if reporter is not None:
            post_actions.report_post(users.get(reporter.member_id) or reporter.member, reported.post_id, reason="spam",
                                     text="The same advert in three groups this week")
    founders = groups[1]
    # The queue: applicants to Ada's request-to-join group, genuine and spam-like.
    applicants = [pk for pk in genuine if not Membership.objects.filter(group=founders, member_id=pk).exists() and joined.get(pk, 0) < 3][:10]
    answers = ["I run a small logistics company and want to meet other founders.", "Operations lead at a software firm; hiring soon.",
               "Co-founder of a design studio.", "", "We build tools for accountants; I'd like to learn from others here."]
    for i, pk in enumerate(applicants):
        actions.join(users[pk], founders, answer=answers[i % len(answers)] or "Founder.")
    for pk in spam[:4]:
        actions.join(users[pk], founders, answer="Check my offer, best prices, message me")
    # An invitation waiting for Ada, to a group she is not in.
    council = groups[-1]
    inviter = Membership.objects.filter(group=council, member_id__in=ada_connections).order_by("pk").values_list("member_id", flat=True).first()
    if inviter is not None:
        actions.invite(users.get(inviter) or User.objects.get(pk=inviter), council, to=ada)
    return groups


PUBLISHED_POSTS = [
    "Welcome to the group! Introduce yourself below: what you do and what you are looking for.",
    "Is anyone going to the regional business fair next month? Happy to share a stand.",
    "Notes from last week's meetup: pricing, hiring and where our first customers came from.",
]
TRIAL_POSTS = ["Hello all: I run a two-person bakery supply business and am looking for advice on hiring our first salesperson."]
PENDING_POSTS = [
    "We are hiring a senior data engineer in Leeds, hybrid. Ask me anything about the team.",
    "Open to work: operations manager with ten years in logistics, looking for a role in the region.",
    "Our company is hiring two junior accountants; applications close at the end of the month.",
    "Recruiters: what do you look for first in a CV for a product role?",
]


def _posts(group: Group, author_ids: list[int], users: dict[int, User], texts: list[str]) -> None:
    """One post of ``texts`` each by the first of ``author_ids`` the posts action lets post (a
    member restricted by moderation is skipped), published or pending as the group's settings
    decide."""
    texts = list(texts)
    for pk in author_ids:
        if not texts:
            return
        author = users.get(pk) or User.objects.get(pk=pk)
        try:
            with transaction.atomic():
                post_actions.create_post(author, body=texts[0], audience="group", audience_data={"group": group.slug})
        except KithError:
            continue
        texts.pop(0)


def _bulk_members(group: Group, member_ids: list[int], rnd: random.Random) -> None:
    """The group's early members in one insert, as the builder writes members and connections
    in bulk (one action a member costs a transaction's worth of queries each: minutes for
    the demo); what follows (managers, settings, requests, invitations) goes through the actions."""
    now = timezone.now()
    start = group.created_at
    Membership.objects.bulk_create(
        [Membership(group=group, member_id=pk, role=Membership.Role.MEMBER, joined_at=now - timedelta(days=rnd.randint(1, 330))) for pk in member_ids]
    )
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + len(member_ids), created_at=start - timedelta(days=365))
