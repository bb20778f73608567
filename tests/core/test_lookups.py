"""kith.core.lookups: ``__in`` on integer columns takes plain ints as one array on PostgreSQL,
and answers exactly as Django's own lookup does, on both databases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.members.models import Connection, Profile, User
from tests.factories import connect, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    a, b, c, d = (make_member(f"In {i}") for i in range(4))
    connect(a, b)
    connect(a, c)
    return a, b, c, d


def test_plain_ints_in_any_container(people):
    a, b, c, d = people
    for ids in ([b.pk, c.pk], (b.pk, c.pk), {b.pk, c.pk}, frozenset({b.pk, c.pk})):
        assert set(Connection.objects.filter(member_id=a.pk, other_id__in=ids).values_list("other_id", flat=True)) == {b.pk, c.pk}
        assert set(Profile.objects.filter(pk__in=ids).values_list("pk", flat=True)) == {b.pk, c.pk}
    assert set(User.objects.filter(pk__in=[d.pk, d.pk]).values_list("pk", flat=True)) == {d.pk}


def test_what_the_fast_path_leaves_to_django(people):
    a, b, c, d = people
    assert Profile.objects.filter(pk__in=[]).count() == 0
    assert not Profile.objects.filter(pk__in=[]).exists()
    assert set(Profile.objects.filter(pk__in=[str(b.pk), None, c.pk]).values_list("pk", flat=True)) == {b.pk, c.pk}
    assert set(Profile.objects.filter(user__in=[b, c]).values_list("pk", flat=True)) == {b.pk, c.pk}
    assert set(Profile.objects.filter(user__in=User.objects.filter(pk__in=[d.pk])).values_list("pk", flat=True)) == {d.pk}
    assert set(Connection.objects.filter(member__in=[a]).values_list("other_id", flat=True)) == {b.pk, c.pk}
    assert Profile.objects.filter(pk__in=[True]).count() == Profile.objects.filter(pk=1).count()


def test_exclude_and_negation(people):
    a, b, c, d = people
    mine = {a.pk, b.pk, c.pk, d.pk}
    left = set(Profile.objects.filter(pk__in=mine).exclude(pk__in=[b.pk, c.pk]).values_list("pk", flat=True))
    assert left == {a.pk, d.pk}
    assert set(Profile.objects.filter(pk__in=mine).exclude(pk__in=[]).values_list("pk", flat=True)) == mine


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array form is PostgreSQL's")
def test_one_statement_for_any_number_of_ids(people):
    a, b, c, d = people
    with CaptureQueriesContext(connection) as two:
        list(Connection.objects.filter(other_id__in=[b.pk, c.pk]))
    with CaptureQueriesContext(connection) as four:
        list(Connection.objects.filter(other_id__in=[a.pk, b.pk, c.pk, d.pk]))
    assert "= ANY(" in two[0]["sql"]
    assert "IN (" not in two[0]["sql"]
    assert Profile.objects.filter(pk__in=[2**70, b.pk]).count() == 1  # past bigint: Django's own way, no error
    strip = str.maketrans("", "", "0123456789")
    assert two[0]["sql"].split("ANY(")[0].translate(strip) == four[0]["sql"].split("ANY(")[0].translate(strip)
