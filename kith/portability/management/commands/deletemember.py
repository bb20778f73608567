"""`kith deletemember EMAIL [--now]`: delete a member's account on the operator's say.

Without --now the deletion is scheduled like one the member asked for: erased after the
grace period (KITH_DELETION_GRACE_DAYS), cancelled if they sign in before then, and they
are emailed. With --now the account is erased at once, through every app's erase.

Exit status: 0 when done, 2 when there is no such account or it is already erased.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kith.core.errors import KithError
from kith.members.models import User
from kith.network.selectors import format_moment
from kith.portability import actions


class Command(BaseCommand):
    help = "Delete a member's account: after the grace period, or at once with --now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The member's email address")
        parser.add_argument("--now", action="store_true", help="Erase the account now instead of after the grace period")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip()
        member = User.objects.filter(email__iexact=email, erased_at__isnull=True).first()
        if member is None:
            raise CommandError(f"No account with the email address {email}.", returncode=2)
        name = member.profile.name
        try:
            if options["now"]:
                actions.erase_member(member, by_operator=True)
                self.stdout.write(f"Erased the account of {name} ({email}).")
            else:
                deletion = actions.schedule_deletion(member, by_operator=True)
                self.stdout.write(
                    f"The account of {name} ({email}) will be erased on {format_moment(deletion.erase_after)}, "
                    "unless they sign in before then. They have been emailed."
                )
        except KithError as error:
            raise CommandError(error.message, returncode=2) from error
