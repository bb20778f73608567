"""`kith demo --members N --seed S`: fill the database with a believable demo community."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from kith.demo.builder import DEMO_DOMAIN, DEMO_PASSWORD, build_demo, login_member
from kith.members.models import Profile, User


def login_url() -> str:
    port = os.environ.get("KITH_PORT", "8000")
    return f"http://127.0.0.1:{port}{reverse('account_login')}"


class Command(BaseCommand):
    help = (
        "Build a demo community: members clustered by company, industry and city, a connection "
        "graph with homophily and a heavy tail, pending invitations and a few spam-like accounts. "
        f"Every demo member's password is {DEMO_PASSWORD!r}; the command prints a login."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=2000, help="How many members (default 2,000).")
        parser.add_argument("--seed", type=int, default=42, help="Random seed: the same seed builds the same community.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (but print a login) if the database already has members."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Profile.objects.exists():
            self.stdout.write(f"Members already present: {Profile.objects.count():,}. {self._login_line()}")
            return
        if options["members"] < 2:
            raise CommandError("--members: at least 2.")
        progress = self.stdout.write if options["verbosity"] >= 2 else None
        try:
            result = build_demo(members=options["members"], seed=options["seed"], progress=progress)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        # Groups go through their actions (members join, managers are appointed, applicants ask).
        from kith.demo.groups import build_groups

        groups = build_groups(seed=options["seed"])
        if progress:
            progress(f"wrote {len(groups)} groups")
        # Introductions go through their actions too: Ada has one to forward, one to answer, one asked.
        from kith.demo.introductions import build_introductions

        introductions = build_introductions(seed=options["seed"])
        if progress:
            progress(f"wrote {introductions.count} introductions")
        # A moderator, and a reported invitation, a reported conversation and a hold in the queue.
        from kith.demo.moderation import build_moderation

        moderation = build_moderation(seed=options["seed"])
        if progress:
            progress(f"moderation queue: {', '.join(moderation.items) or 'nothing'}")
        # The demo writes rows in bulk, past the actions that keep search current.
        from kith.search.actions import rebuild_index

        indexed = rebuild_index(progress=progress)
        from kith.graph import adapter

        adapter.discard_snapshot()  # the demo writes connections without events: processes reload them
        self.stdout.write(
            f"Demo ready: {result.members:,} members, {result.connections:,} connections, "
            f"{result.invitations:,} invitations, {result.posts:,} posts, {result.comments:,} comments and "
            f"{result.reactions:,} reactions in {result.seconds:.1f} s; "
            f"{indexed.documents:,} profiles indexed for search in {indexed.seconds:.1f} s. {self._login_line()}"
        )

    def _login_line(self) -> str:
        profile = login_member()
        if profile is None:
            return "No members yet: create one with `kith addmember`."
        email = profile.user.email
        password = f"with password {DEMO_PASSWORD}" if email.endswith("@" + DEMO_DOMAIN) else "with that member's password"
        line = f"Log in at {login_url()} as {email} (handle {profile.handle}) {password}"
        from kith.demo.moderation import MODERATOR_EMAIL

        if User.objects.filter(email=MODERATOR_EMAIL, is_active=True).exists():
            line += f"; moderators: log in as {MODERATOR_EMAIL} (same password) and open Moderation"
        return line + "."
