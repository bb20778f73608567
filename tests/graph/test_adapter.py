"""The adapter keeps each process's graph fresh from the ConnectionEvent log."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from kith.graph import adapter
from kith.members.models import Connection
from kith.network import actions
from tests.factories import make_member


def test_loads_connections_and_follows_events(ada, grace, linus):
    from tests.factories import connect

    connect(ada, grace)
    assert adapter.degrees_of(ada.pk, [grace.pk, linus.pk]) == {grace.pk: 1, linus.pk: 0}
    connect(grace, linus)  # after the first load: arrives through the event log
    assert adapter.degrees_of(ada.pk, [grace.pk, linus.pk]) == {grace.pk: 1, linus.pk: 2}
    actions.disconnect(grace, linus)
    assert adapter.degrees_of(ada.pk, [linus.pk]) == {linus.pk: 0}


def test_new_members_after_load_are_out_of_network_then_connectable(ada):
    adapter.graph()
    newcomer = make_member("Katherine Johnson")
    assert adapter.degrees_of(ada.pk, [newcomer.pk]) == {newcomer.pk: 0}
    invitation = actions.send_invitation(newcomer, to=ada)
    actions.accept_invitation(invitation, ada)
    assert adapter.degrees_of(ada.pk, [newcomer.pk]) == {newcomer.pk: 1}
    assert adapter.reach_of(ada.pk) == (1, 0, 0)


def test_a_snapshot_without_events_matches_the_connection_table(ada, grace, linus):
    # The demo bulk-loads Connection rows without events: the snapshot must see them.
    Connection.objects.bulk_create([Connection(member=ada, other=grace), Connection(member=grace, other=ada)])
    assert adapter.mutual_ids(ada.pk, grace.pk) == []
    assert adapter.degrees_of(linus.pk, [ada.pk]) == {ada.pk: 0}
    assert adapter.degrees_of(ada.pk, [grace.pk]) == {grace.pk: 1}


WORKER = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from kith.graph import adapter
    for line in sys.stdin:
        viewer, member = map(int, line.split())
        print(adapter.degrees_of(viewer, [member])[member], flush=True)
        from django.db import connection
        connection.close()
    """
)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_accept_in_one_process_is_seen_by_the_next_request_in_another(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two processes share one database server")
    ada = make_member("Ada Lovelace")
    grace = make_member("Grace Hopper")
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KITH_")}
    env.update(KITH_DATABASE_URL=url, KITH_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kith.settings")
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )

    def degree_elsewhere(viewer, member) -> int:
        worker.stdin.write(f"{viewer.pk} {member.pk}\n")
        worker.stdin.flush()
        return int(worker.stdout.readline())

    try:
        assert degree_elsewhere(ada, grace) == 0  # the other process has loaded its graph
        invitation = actions.send_invitation(grace, to=ada, note="We met at the Analytical Society")
        actions.accept_invitation(invitation, ada)
        assert degree_elsewhere(ada, grace) == 1
        actions.disconnect(ada, grace)
        assert degree_elsewhere(grace, ada) == 0
    finally:
        worker.stdin.close()
        worker.wait(10)


def test_fitted_weights_are_stored_and_used_by_every_process(settings, tmp_path, ada, grace, linus):
    from kith.graph import DEFAULT_WEIGHTS, weight_grid
    from tests.factories import connect

    settings.KITH_PYMK_WEIGHTS_FILE = str(tmp_path / "pymk.json")
    assert adapter.score_weights() == DEFAULT_WEIGHTS
    members = [make_member(f"Member {i}") for i in range(30)]
    for i, a in enumerate(members):
        for b in members[i + 1 : i + 4]:
            connect(a, b)
    fitted = adapter.fit_and_store(splits=1)
    assert fitted in weight_grid() or fitted == DEFAULT_WEIGHTS
    assert adapter.score_weights() == fitted
    (tmp_path / "pymk.json").write_text("not json")
    import os

    os.utime(tmp_path / "pymk.json", (1, 1))
    assert adapter.score_weights() == DEFAULT_WEIGHTS
