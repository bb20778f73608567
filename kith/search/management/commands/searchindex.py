"""kith searchindex --rebuild: rebuild the people-search index from the members tables."""

from django.core.management.base import BaseCommand, CommandError

from kith.search.actions import rebuild_index
from kith.search.backends import backend


class Command(BaseCommand):
    help = "Maintain the people-search index (run --rebuild after bulk loads)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Re-create every document from the members tables.")

    def handle(self, *args, **options):
        if not options["rebuild"]:
            self.stdout.write(f"{backend().count()} profiles in the {backend().vendor} search index.")
            self.stdout.write("Use --rebuild to rebuild it.")
            return
        try:
            result = rebuild_index(progress=lambda message: self.stdout.write(message))
        except Exception as exc:  # a missing table, a locked database: say so plainly
            raise CommandError(f"Rebuilding the search index failed: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {result.documents} profiles, {result.companies} companies and {result.terms} words in {result.seconds:.1f}s.")
        )
