"""Races on PostgreSQL: calls fired together from threads, each on its own connection."""

import threading

from django.db import connection


def race(*calls):
    """Run each call in its own thread, released together; return each result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            try:
                results[i] = call()
            except Exception as error:  # noqa: BLE001 - the test inspects it
                results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    return results
