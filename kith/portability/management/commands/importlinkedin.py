"""`kith importlinkedin EXPORT.zip --member EMAIL`: import a LinkedIn export on a member's behalf.

For onboarding someone who sent their export to the operator. The same checks as the
upload page (hostile files refused), then the same apply, with one mode for every
section (merge by default; --replace to make the profile match the export; --skip-contacts
to leave contacts out). Prints what was read and what changed.

Exit status: 0 when imported, 1 when some rows were refused (listed), 2 when the file is
refused or unreadable or the member does not exist.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kith.core.errors import KithError
from kith.members.models import User
from kith.portability import actions
from kith.portability.preview import MERGE, REPLACE, preview


class Command(BaseCommand):
    help = "Import a LinkedIn data export (the zip, or CSV files from it) into a member's profile and contacts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="The export's zip, or CSV files from it")
        parser.add_argument("--member", required=True, help="The member's email address")
        parser.add_argument("--replace", action="store_true", help="Make each section match the export (default: merge)")
        parser.add_argument("--skip-contacts", action="store_true", help="Leave the contacts out")
        parser.add_argument("--dry-run", action="store_true", help="Show the preview; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        member = User.objects.filter(email__iexact=options["member"].strip(), is_active=True).first()
        if member is None:
            raise CommandError(f"No active member with the email address {options['member']}.", returncode=2)
        handles = []
        try:
            for path in options["files"]:
                handles.append(File(path.open("rb"), name=path.name))
        except OSError as exc:
            raise CommandError(f"Cannot read {exc.filename}: {exc.strerror}.", returncode=2) from exc
        try:
            linkedin_import = actions.start_linkedin_import(member, handles)
        except KithError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        finally:
            for handle in handles:
                handle.close()
        plan = preview(linkedin_import)
        for f in plan.files:
            notes = f" ({' '.join(f['notes'])})" if f["notes"] and f["status"] != "not_imported" else ""
            self.stdout.write(f"{f['name']}: {f['status'].replace('_', ' ')}{notes}")
        for section in plan.sections.values():
            if section.available:
                counts = ", ".join(f"{n} {state.replace('_', ' ')}" for state, n in section.counts.items() if n)
                self.stdout.write(f"{section.title}: {counts or 'nothing'}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing changed.")
            return
        mode = REPLACE if options["replace"] else MERGE
        choices = {key: (mode if mode in s.modes else MERGE) for key, s in plan.sections.items() if s.available}
        choices.pop("languages", None)  # languages become skills only when the member chooses so
        if options["skip_contacts"]:
            choices.pop("contacts", None)
        result = actions.apply_import(member, linkedin_import.pk, choices)
        for key, counts in result.changes.items():
            done = ", ".join(f"{n} {verb}" for verb, n in counts.items() if n)
            if done:
                self.stdout.write(f"{key}: {done}")
        if not result.changed_anything:
            self.stdout.write("Nothing to change: the profile already has everything in the export.")
        for problem in result.problems:
            self.stderr.write(problem)
        if result.problems:
            raise CommandError(f"{len(result.problems)} row(s) refused.", returncode=1)
