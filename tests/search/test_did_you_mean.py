"""Typo tolerance: "Did you mean …?" from trigram similarity (pg_trgm on PostgreSQL, a
trigram table on SQLite), offered only for people the viewer may find (issue 12)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from kith.members import actions
from kith.members.models import Block, Visibility
from kith.search.backends import backend
from kith.search.models import SearchTerm
from kith.search.selectors import search_people
from kith.search.text import similarity
from tests.factories import connect, make_member

API = "/api/v1/search/people"


def names(body: dict) -> list[str]:
    return [r["name"] for r in body["results"]]


def suggested(body: dict) -> list[str]:
    return [s["q"] for s in body["did_you_mean"]]


@pytest.fixture
def katharinas(db):
    return [
        make_member("Katharina Weiss", headline="Architect", city="Berlin"),
        make_member("Katharina Berg", headline="Surveyor", city="Hamburg"),
    ]


def test_katarina_finds_the_katharinas(as_ada_api, katharinas, reindex):
    reindex()
    body = as_ada_api.get_json(API, {"q": "Katarina"}).json()
    assert names(body) == []
    assert suggested(body) == ["Katharina"]
    assert set(names(as_ada_api.get_json(API, {"q": "Katharina"}).json())) == {"Katharina Weiss", "Katharina Berg"}
    # As written: lower case stays lower case; the other words stay as they were.
    assert suggested(as_ada_api.get_json(API, {"q": "katarina WEISS"}).json()) == ["katharina WEISS"]


def test_two_misspelt_words_and_the_filters_kept(as_ada_api, katharinas, reindex):
    reindex()
    assert suggested(as_ada_api.get_json(API, {"q": "Weis Katarina"}).json()) == ["Weiss Katharina"]
    # With a filter, only a respelling that finds someone through it.
    assert suggested(as_ada_api.get_json(API, {"q": "Katarina", "location": "Hamburg"}).json()) == ["Katharina"]
    assert suggested(as_ada_api.get_json(API, {"q": "Katarina", "location": "Paris"}).json()) == []


def test_the_results_page_says_did_you_mean_with_a_link_that_keeps_the_filters(as_ada, katharinas, reindex):
    reindex()
    response = as_ada.get("/search/", {"q": "Katarina", "location": "Berlin"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Did you mean" in html
    assert 'href="?q=Katharina&amp;location=Berlin"' in html
    page = as_ada.get("/search/", {"q": "Katharina", "location": "Berlin"}).content.decode()
    assert "Katharina Weiss" in page and "Did you mean" not in page
    # No one found and no filter to offer: the answer takes the width, no empty column beside it.
    bare = as_ada.get("/search/", {"q": "Katarina"}).content.decode()
    assert "Did you mean" in bare and "search-layout--bare" in bare and "search-filters" not in bare


def test_no_suggestion_when_the_query_finds_enough(as_ada_api, katharinas, reindex):
    for name in ("Katarina Ek", "Katarina Lind", "Katarina Sand"):
        make_member(name)
    reindex()
    body = as_ada_api.get_json(API, {"q": "katarina"}).json()
    assert len(names(body)) == 3 and suggested(body) == []


def test_a_suggestion_only_when_it_finds_more(as_ada_api, katharinas, reindex):
    make_member("Katarina Ek")
    reindex()
    body = as_ada_api.get_json(API, {"q": "katarina"}).json()
    assert names(body) == ["Katarina Ek"] and suggested(body) == ["katharina"]  # 2 found > 1
    make_member("Katarina Lind")
    reindex()
    body = as_ada_api.get_json(API, {"q": "katarina"}).json()
    assert len(names(body)) == 2 and suggested(body) == []  # 2 is not more


def test_suggestions_never_name_members_the_viewer_cannot_find(as_ada_api, ada, reindex):
    blocked = make_member("Katharina Blocked")
    blocker = make_member("Ottilie Blocker")
    gone = make_member("Walburga Gone")
    hidden = make_member("Gudrun Hidden")
    actions.update_privacy(hidden, visibility=Visibility.CONNECTIONS)
    actions.set_skills(hidden, ["Kubernetes"])
    Block.objects.create(blocker=ada, blocked=blocked)
    Block.objects.create(blocker=blocker, blocked=ada)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    members_only = make_member("Hildegard Members")  # visible to members, not to anonymous viewers
    reindex()
    for typo in ("Katarina", "Otilie", "Walburge", "Kubernets"):
        assert suggested(as_ada_api.get_json(API, {"q": typo}).json()) == [], typo
    # The words are in the vocabulary: it is the check that keeps them out.
    assert SearchTerm.objects.filter(term__in=["katharina", "ottilie", "walburga", "kubernetes"]).count() == 4
    # Anonymous viewers find public profiles only, and get suggestions for those only.
    assert search_people(AnonymousUser(), {"q": "Hildegart"}).did_you_mean == []
    assert [s.q for s in search_people(ada, {"q": "Hildegart"}).did_you_mean] == ["Hildegard"]
    actions.update_privacy(members_only, visibility=Visibility.PUBLIC)
    reindex()
    assert [s.q for s in search_people(AnonymousUser(), {"q": "Hildegart"}).did_you_mean] == ["Hildegard"]


def test_only_a_connection_gets_suggestions_from_a_connections_only_profiles_hidden_fields(api_as, ada, grace, reindex):
    friend = make_member("Gudrun Hidden")
    actions.update_privacy(friend, visibility=Visibility.CONNECTIONS)
    actions.set_skills(friend, ["Kubernetes"])
    connect(ada, friend)
    reindex()
    assert suggested(api_as(ada).get_json(API, {"q": "Kubernets"}).json()) == ["Kubernetes"]
    assert suggested(api_as(grace).get_json(API, {"q": "Kubernets"}).json()) == []
    # Name and headline are on the limited card anyone sees, so anyone gets those.
    assert suggested(api_as(grace).get_json(API, {"q": "Gudron"}).json()) == ["Gudrun"]


def test_new_words_join_the_vocabulary_when_a_profile_is_saved(as_ada_api, ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member = make_member("Ottokar Neu")
    assert suggested(as_ada_api.get_json(API, {"q": "Otokar"}).json()) == ["Ottokar"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_profile(member, headline="Glassblower")
    assert suggested(as_ada_api.get_json(API, {"q": "glasblower"}).json()) == ["glassblower"]


def test_similar_terms_agree_with_pg_trgm(katharinas, reindex):
    make_member("Katherine Moss", headline="Enginer")
    reindex()
    found = backend().similar_terms("katarina", limit=5)
    assert [(t, w) for t, w, _ in found] == [("katharina", "Katharina")]
    assert found[0][2] == pytest.approx(7 / 12)
    assert [t for t, _, _ in backend().similar_terms("engineer", limit=5)] == ["enginer"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT similarity('katarina', 'katharina'), similarity('katarina', 'katherine')")
            pg = cursor.fetchone()
        assert pg == pytest.approx((similarity("katarina", "katharina"), similarity("katarina", "katherine")), abs=1e-6)
