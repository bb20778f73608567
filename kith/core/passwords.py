"""The password hasher Kith signs members in with (first in PASSWORD_HASHERS).

Argon2id (argon2-cffi), because PBKDF2 at Django's 1,000,000 iterations costs about 300 ms of
CPU per sign-in here, so a burst of sign-ins stalls every page a worker serves. Argon2's cost is
memory as much as time, which is what makes guessing expensive on GPUs; 19 MiB, two passes and
one lane is OWASP's recommended minimum for Argon2id and costs a few tens of milliseconds of one
core (bench/passwords.py, bench/RESULTS.md "Password hashing"). Django's own default (100 MiB,
8 lanes) would make each concurrent sign-in hold 100 MiB beside the worker.

Existing PBKDF2 hashes keep working: Django checks them with the later hashers in the list and
rehashes the password with this one at the member's next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class KithArgon2PasswordHasher(Argon2PasswordHasher):
    # The algorithm name stays "argon2": parameters live in each encoded hash, so changing them
    # here re-hashes a member's password at their next sign-in (must_update) and nothing breaks.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
