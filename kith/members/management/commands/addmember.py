"""`kith addmember EMAIL --name "Ada Lovelace" --password PW`: an operator onboards one member."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kith.core.errors import KithError
from kith.members import actions


class Command(BaseCommand):
    help = "Create a member (account and profile). Prints the new member's handle."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="Full name shown on the profile.")
        parser.add_argument(
            "--password",
            help="Initial password. Without it the account has no usable password: "
            "the member sets one through password reset.",
        )
        parser.add_argument("--headline", default="", help='For example "Head of Sales at Acme Logistics".')
        parser.add_argument("--verified", action="store_true", help="Mark the email address as verified.")
        parser.add_argument("--staff", action="store_true", help="Let the member into the admin site.")
        parser.add_argument(
            "--moderator",
            action="store_true",
            help="Make the member a moderator (the moderation.moderate permission): the console at /moderation/.",
        )
        parser.add_argument(
            "--verified-hiring",
            action="store_true",
            help='Verify the member as hiring: job searches shown to "recruiters only" are shown to them.',
        )

    def handle(self, *args: Any, **options: Any) -> str:
        try:
            user = actions.create_member(
                email=options["email"],
                name=options["name"],
                password=options["password"],
                verified=options["verified"],
                is_staff=options["staff"],
                headline=options["headline"],
            )
        except KithError as exc:
            raise CommandError(exc.message) from exc
        if options["moderator"]:
            actions.grant_permission(user, "moderation.moderate")
        if options["verified_hiring"]:
            actions.verify_hiring(user, by=None)
        return user.profile.handle
