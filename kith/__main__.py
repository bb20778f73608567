"""The ``kith`` command: Kith's manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "kith"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
