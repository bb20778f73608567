"""CPU cost of checking a password at sign-in: PBKDF2 (Django's default) against Argon2 settings.

    PYTHONPATH=. python bench/passwords.py [--rounds 15]

Part 1, the hasher alone: each hasher hashes a password once, then checks it ``rounds`` times; the figure is the median
CPU time (process_time, so other agents' load inflates it less than wall time) and wall time of
one check, with the memory each check needs (Argon2's memory_cost). The chosen setting is
kith.core.passwords.KithArgon2PasswordHasher.

Part 2, a whole sign-in: ``POST /accounts/login/`` through Django's test client on a scratch
SQLite database, a member whose password is hashed with PBKDF2 (before) and with Kith's Argon2
(after); median CPU of this process per sign-in (the page, the session, the limits, the hash).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
os.environ.setdefault("KITH_VAR_DIR", tempfile.mkdtemp(prefix="kith-bench-passwords-"))
os.environ["KITH_DATABASE_URL"] = f"sqlite:///{os.environ['KITH_VAR_DIR']}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher  # noqa: E402

from kith.core.passwords import KithArgon2PasswordHasher  # noqa: E402


def variant(time_cost: int, memory_kib: int, parallelism: int) -> Argon2PasswordHasher:
    class Variant(Argon2PasswordHasher):
        pass

    Variant.time_cost, Variant.memory_cost, Variant.parallelism = time_cost, memory_kib, parallelism
    return Variant()


def measure(hasher, rounds: int) -> tuple[float, float]:
    encoded = hasher.encode("correct horse battery staple", hasher.salt())
    cpu, wall = [], []
    for _ in range(rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        assert hasher.verify("correct horse battery staple", encoded)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    cases = [
        ("PBKDF2-SHA256, 1,000,000 iterations (Django 5.2 default, before)", PBKDF2PasswordHasher()),
        ("Argon2id Django default: t=2, m=100 MiB, p=8", Argon2PasswordHasher()),
        ("Argon2id t=2, m=19 MiB, p=1 (OWASP minimum)", variant(2, 19456, 1)),
        ("Argon2id t=3, m=12 MiB, p=1", variant(3, 12288, 1)),
        (
            f"Kith: Argon2id t={KithArgon2PasswordHasher.time_cost}, "
            f"m={KithArgon2PasswordHasher.memory_cost // 1024} MiB, p={KithArgon2PasswordHasher.parallelism} (after)",
            KithArgon2PasswordHasher(),
        ),
    ]
    print(f"load average {os.getloadavg()[0]:.2f}; {args.rounds} checks each; median ms per check", file=sys.stderr)
    print("| hasher | CPU ms | wall ms |")
    print("| --- | ---: | ---: |")
    for name, hasher in cases:
        cpu, wall = measure(hasher, args.rounds)
        print(f"| {name} | {cpu:.1f} | {wall:.1f} |")
    sign_ins(args.rounds)
    print(f"load average after {os.getloadavg()[0]:.2f}", file=sys.stderr)


def sign_ins(rounds: int) -> None:
    from django.core.management import call_command
    from django.test import Client, override_settings

    from kith.members.actions import create_profile
    from kith.members.models import User

    call_command("migrate", verbosity=0)
    print()
    print("| whole sign-in (POST /accounts/login/) | CPU ms | wall ms |")
    print("| --- | ---: | ---: |")
    for label, hashers in (
        ("PBKDF2 (before)", ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]),
        ("Kith Argon2id (after)", ["kith.core.passwords.KithArgon2PasswordHasher"]),
    ):
        with override_settings(PASSWORD_HASHERS=hashers, KITH_SIGNIN_FAILURES_PER_ADDRESS=10**6, ALLOWED_HOSTS=["testserver"]):
            email = f"{label.split()[0].lower()}@example.com"
            user = User.objects.create_user(email=email, password="correct horse battery staple")
            create_profile(user, name="Bench Member")
            user.emailaddress_set.create(email=email, verified=True, primary=True)
            cpu, wall = [], []
            for _ in range(rounds):
                client = Client()
                c0, w0 = time.process_time(), time.perf_counter()
                response = client.post("/accounts/login/", {"login": email, "password": "correct horse battery staple"})
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - w0)
                assert response.status_code == 302, response.status_code
            print(f"| {label} | {statistics.median(cpu) * 1000:.1f} | {statistics.median(wall) * 1000:.1f} |")


if __name__ == "__main__":
    main()
