"""`kith doctor`: check the invariants the database must hold; exit 1 when any is broken.

Each app declares its checks in ``<app>/doctor.py`` (see kith.core.doctor). Run it after a
crash, a restore or a bulk import; it only reads.
"""

from django.core.management.base import BaseCommand, CommandError

from kith.core import doctor


class Command(BaseCommand):
    help = "Check the database's invariants (connections, the event log, search index, unread counters…)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="append", dest="names", metavar="NAME",
                            help="Run only this check, or every check of an app (e.g. network); repeatable.")
        parser.add_argument("--list", action="store_true", help="List the checks and exit.")
        parser.add_argument("--limit", type=int, default=20, help="Violations shown per check (default 20).")

    def handle(self, *args, names, list: bool, limit: int, **options):
        if list:
            for item in doctor.checks():
                self.stdout.write(f"{item.name:32} {item.description}")
            return
        try:
            results = doctor.run(names, keep=max(1, limit))
        except LookupError as error:
            raise CommandError(str(error)) from error
        broken = [r for r in results if not r.ok]
        for result in results:
            if result.ok:
                self.stdout.write(f"ok    {result.check.name}: {result.check.description}")
                continue
            self.stdout.write(self.style.ERROR(f"FAIL  {result.check.name}: {result.check.description}"))
            for violation in result.violations:
                self.stdout.write(f"      - {violation}")
            if result.more:
                self.stdout.write(f"      … and {result.more} more")
        if broken:
            total = sum(r.count for r in broken)
            raise CommandError(f"{total} violation{'s' if total != 1 else ''} in {len(broken)} of {len(results)} checks.")
        self.stdout.write(self.style.SUCCESS(f"All {len(results)} checks passed."))
