"""Which field a query's words were found in decides the order: a person whose title says the
word comes before one whose company name merely contains it (issue 12)."""

from __future__ import annotations

import pytest

from kith.members import actions
from kith.members.models import User
from tests.factories import connect, make_member

API = "/api/v1/search/people"


def names(body: dict) -> list[str]:
    return [r["name"] for r in body["results"]]


def job(member: User, company: str, title: str, *, current: bool = True) -> None:
    actions.add_position(
        member, company=company, title=title, start="2019-01", is_current=current, end=None if current else "2021-06"
    )


def londoner(name: str, title: str, company: str, **profile) -> User:
    member = make_member(name, headline=f"{title} at {company}", city="London", **profile)
    job(member, company, title)
    return member


@pytest.fixture
def friends(ada):
    people = [make_member(f"Friend {n}") for n in "ABC"]
    for friend in people:
        connect(ada, friend)
    return people


def test_a_title_match_comes_before_a_company_or_study_match(as_ada_api, ada, friends, reindex):
    # Issue 12: "engineer" + 2nd degree + London listed an HR Director and a Financial Controller.
    sam = londoner("Sam Okafor", "Software Engineer", "Kappa Systems")
    eli = londoner("Eli Novak", "Engineering Manager", "Kappa Systems")
    hanna = londoner("Hanna Berg", "HR Director", "Northwind Engineering", about="People first.")
    fiona = londoner("Fiona Reyes", "Financial Controller", "Babbage Ltd", industry="financial-services")
    actions.add_education(fiona, school="Imperial College", field="Electrical Engineering")
    actions.update_target_market(ada, industries=["financial-services"])
    connect(friends[0], sam)
    connect(friends[0], eli)
    for friend in friends:  # more mutual connections, a fuller profile, in Ada's target market: still after
        connect(friend, hanna)
        connect(friend, fiona)
    reindex()

    body = as_ada_api.get_json(API, {"q": "engineer", "degree": "2", "location": "London"}).json()
    assert names(body)[:2] == ["Sam Okafor", "Eli Novak"]  # the whole word in the title, then "Engineering …"
    assert set(names(body)[2:]) == {"Hanna Berg", "Fiona Reyes"}
    assert [r["mutual_count"] for r in body["results"][:2]] == [1, 1]
    # The same without the filters.
    assert names(as_ada_api.get_json(API, {"q": "engineer"}).json())[:2] == ["Sam Okafor", "Eli Novak"]
    assert hanna.pk and fiona.pk and sam.pk and eli.pk


def test_a_company_name_search_finds_current_staff_before_former(as_ada_api, friends, reindex):
    hanna = londoner("Hanna Berg", "HR Director", "Northwind Engineering")
    petra = make_member("Petra Holm", headline="Consultant", city="London")
    job(petra, "Northwind Engineering", "Analyst", current=False)
    for friend in friends:
        connect(friend, petra)
    connect(friends[0], hanna)
    reindex()
    assert names(as_ada_api.get_json(API, {"q": "northwind"}).json()) == ["Hanna Berg", "Petra Holm"]
    assert hanna.pk


def test_a_whole_word_in_the_headline_beats_the_same_word_as_a_prefix(as_ada_api, reindex):
    make_member("Ola Prefix", headline="Engineering lead")
    make_member("Una Whole", headline="Lead engineer")
    reindex()
    assert names(as_ada_api.get_json(API, {"q": "engineer"}).json()) == ["Una Whole", "Ola Prefix"]
