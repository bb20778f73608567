"""`kith verifyhiring HANDLE [--remove]`: an operator verifies a member as hiring (or takes it back)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kith.members import actions
from kith.members.models import Profile


class Command(BaseCommand):
    help = 'Verify a member as hiring: job searches shown to "recruiters only" are shown to them.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("handle")
        parser.add_argument("--remove", action="store_true", help="Take the verification back.")

    def handle(self, *args: Any, **options: Any) -> str:
        profile = Profile.objects.select_related("user").filter(handle=options["handle"]).first()
        if profile is None:
            raise CommandError(f"No member with the handle {options['handle']!r}.")
        actions.verify_hiring(profile.user, by=None, verified=not options["remove"])
        state = "no longer verified" if options["remove"] else "verified"
        return f"{profile.name} (@{profile.handle}) is {state} as hiring."
