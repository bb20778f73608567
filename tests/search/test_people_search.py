"""People search through the page and the API, on whichever database the suite runs on."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from kith.members import actions
from kith.members.models import Block, User
from kith.search.actions import index_profile, remove_from_index
from kith.search.backends import TextQuery, backend
from kith.search.models import SearchCard
from kith.search.selectors import search_people, typeahead
from kith.search.text import facet_token
from tests.factories import connect, make_member

API = "/api/v1/search/people"


def names(body: dict) -> list[str]:
    return [r["name"] for r in body["results"]]


def facet(body: dict, name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body["facets"][name]}


def job(member: User, company: str, title: str, *, current: bool = True) -> None:
    actions.add_position(
        member, company=company, title=title, start="2019-01", is_current=current, end=None if current else "2021-06"
    )


def test_backend_matches_vendor(db):
    assert backend().vendor == connection.vendor


def test_exact_name_match_comes_first(as_ada_api, ada, reindex):
    grace = make_member("Grace Hopper", headline="Compiler pioneer")
    make_member("Marie Curie", headline="Chemist", about="Admires Grace Hopper and her compilers")
    make_member("Grace Kelly", headline="Actor")
    reindex()
    body = as_ada_api.get_json(API, {"q": "grace hopper"}).json()
    assert names(body)[0] == "Grace Hopper"
    assert set(names(body)) == {"Grace Hopper", "Marie Curie"}
    assert body["results"][0]["handle"] == grace.profile.handle
    assert body["results"][0]["mutual_count"] == 0


def test_full_text_covers_cv_fields(as_ada_api, reindex):
    member = make_member("Tove Jansson", headline="Illustrator", about="I draw moomins")
    job(member, "Moomin Valley Press", "Chief Storyteller")
    actions.add_education(member, school="Konstfack", field="Illustration")
    actions.set_skills(member, ["Lithography", "Watercolour"])
    reindex()
    for word in ("moomins", "storyteller", "moomin", "konstfack", "lithography", "watercol"):
        assert names(as_ada_api.get_json(API, {"q": word}).json()) == ["Tove Jansson"], word


def test_accents_and_case_fold_the_same_on_both_backends(as_ada_api, reindex):
    make_member("Zoë Ångström", email="zoe@example.com", headline="Physicist")
    reindex()
    assert names(as_ada_api.get_json(API, {"q": "zoe angstrom"}).json()) == ["Zoë Ångström"]
    assert names(as_ada_api.get_json(API, {"q": "ZOË"}).json()) == ["Zoë Ångström"]


def test_accents_and_separators_in_the_cv_fold_the_same_on_both_backends(as_ada_api, reindex):
    # Plain-ASCII and accented text take different folding paths on PostgreSQL.
    member = make_member("Ana Lima", headline="Consultant", about="Formerly at Café Über-Straße; see acme.io or c++/rust")
    job(member, "Société Générale", "Analyste financière")
    actions.add_education(member, school="Universität Zürich", field="Ökonomie")
    make_member("Otto Plain", headline="Consultant", about="Writes plain english at example.org")
    reindex()
    for word in ("cafe", "uber", "straße", "acme", "io", "rust", "societe", "generale", "financiere",
                 "universitat", "zurich", "okonomie", "Ökonomie"):
        assert names(as_ada_api.get_json(API, {"q": word}).json()) == ["Ana Lima"], word
    assert names(as_ada_api.get_json(API, {"q": "example"}).json()) == ["Otto Plain"]


def test_proximity_ranks_first_degree_above_equal_stranger(as_ada_api, ada, reindex):
    stranger = make_member("Sam Weaver", headline="Textile engineer")
    friend = make_member("Sam Weaver", headline="Textile engineer")
    second = make_member("Sam Weaver", headline="Textile engineer")
    connect(ada, friend)
    connect(friend, second)
    reindex()
    body = as_ada_api.get_json(API, {"q": "textile engineer"}).json()
    handles = [r["handle"] for r in body["results"]]
    assert handles == [friend.profile.handle, second.profile.handle, stranger.profile.handle]
    assert [r["degree"] for r in body["results"]] == [1, 2, None]
    assert body["results"][1]["mutual_count"] == 1


def test_facet_counts_and_filters(as_ada_api, ada, reindex):
    a = make_member("Ann Baker", headline="Baker", city="Paris", industry="banking")
    b = make_member("Bob Baker", headline="Baker", city="Paris")
    c = make_member("Cat Baker", headline="Baker", city="Lyon")
    job(a, "Boulangerie", "Baker")
    job(b, "Boulangerie", "Baker", current=False)
    job(c, "Patisserie", "Baker")
    actions.add_education(a, school="Ferrandi")
    actions.add_education(c, school="Ferrandi")
    connect(ada, a)
    reindex()
    body = as_ada_api.get_json(API, {"q": "baker"}).json()
    assert facet(body, "location") == {"Paris": 2, "Lyon": 1}
    assert facet(body, "company") == {"Boulangerie": 1, "Patisserie": 1}
    assert facet(body, "past_company") == {"Boulangerie": 1}
    assert facet(body, "school") == {"Ferrandi": 2}
    assert facet(body, "degree") == {"1": 1, "2": 0, "3": 2}
    assert facet(body, "industry") == {"banking": 1}

    body = as_ada_api.get_json(API, {"q": "baker", "location": "Paris", "school": "Ferrandi"}).json()
    assert names(body) == ["Ann Baker"]
    body = as_ada_api.get_json(API, {"location": "Paris"}).json()
    assert set(names(body)) == {"Ann Baker", "Bob Baker"}
    body = as_ada_api.get_json(API, {"company": "Boulangerie"}).json()
    assert names(body) == ["Ann Baker"]
    body = as_ada_api.get_json(API, {"past_company": "Boulangerie"}).json()
    assert names(body) == ["Bob Baker"]
    body = as_ada_api.get_json(API, {"q": "baker", "degree": "3"}).json()
    assert set(names(body)) == {"Bob Baker", "Cat Baker"}
    body = as_ada_api.get_json(API, {"degree": "1"}).json()
    assert names(body) == ["Ann Baker"]


def test_degree_two_and_target_market(as_ada_api, ada, reindex):
    friend = make_member("Fay Friend", city="Oslo")
    near = make_member("Nils Near", headline="Shipbroker", city="Bergen")
    far = make_member("Frida Far", headline="Shipbroker", city="Bergen")
    connect(ada, friend)
    connect(friend, near)
    actions.update_target_market(ada, locations=["Bergen"])
    reindex()
    body = as_ada_api.get_json(API, {"degree": "2"}).json()
    assert names(body) == ["Nils Near"]
    assert facet(body, "degree")["2"] == 1
    body = as_ada_api.get_json(API, {"q": "shipbroker"}).json()
    assert facet(body, "target_market") == {"1": 2}
    body = as_ada_api.get_json(API, {"q": "shipbroker", "target_market": "1", "degree": "3"}).json()
    assert names(body) == [far.profile.name]


def test_pagination_with_cursor(as_ada_api, reindex):
    for i in range(23):
        make_member(f"Pat Potter {i}", headline="Potter")
    reindex()
    first = as_ada_api.get_json(API, {"q": "potter"}).json()
    assert len(first["results"]) == 20 and first["next"]
    second = as_ada_api.get_json(API, {"q": "potter", "cursor": first["next"]}).json()
    assert len(second["results"]) == 3 and second["next"] is None
    assert not set(names(first)) & set(names(second))


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"q": "x", "colour": "blue"}, "colour", "unknown_filter"),
        ({"q": "x" * 201}, "q", "too_long"),
        ({"degree": "4"}, "degree", "invalid"),
        ({"open_to": "gardening"}, "open_to", "invalid"),
        ({"q": "x", "cursor": "not-a-cursor"}, "cursor", "invalid"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(as_ada_api, params, field, code):
    response = as_ada_api.get_json(API, params)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == field
    assert response.json()["error"]["code"] == code


def test_a_200_character_query_is_fine(as_ada_api):
    assert as_ada_api.get_json(API, {"q": "word " * 40}).status_code == 200


def test_api_needs_a_member(api_client, db):
    assert api_client.get_json(API, {"q": "ada"}).status_code == 401


# --- freshness -------------------------------------------------------------------------


def test_edited_profile_is_findable_by_new_words_in_the_next_request(
    as_ada_api, api_client, grace, django_capture_on_commit_callbacks, reindex
):
    reindex()
    assert names(as_ada_api.get_json(API, {"q": "cobol"}).json()) == []
    editor = type(api_client)()
    editor.force_login(grace)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.patch_json("/api/v1/me/profile", {"headline": "Inventor of COBOL"})
    assert response.status_code == 200
    assert names(as_ada_api.get_json(API, {"q": "cobol"}).json()) == ["Grace Hopper"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_position(grace, company="Remington Rand", title="Programmer", start="1949-01", is_current=True)
    assert names(as_ada_api.get_json(API, {"q": "remington"}).json()) == ["Grace Hopper"]
    assert "Remington Rand" in [s.label for s in typeahead(grace, "remi")]
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_privacy(grace, visibility="connections")
    assert names(as_ada_api.get_json(API, {"q": "remington"}).json()) == []
    assert names(as_ada_api.get_json(API, {"q": "cobol"}).json()) == ["Grace Hopper"]


def test_facets_and_result_rows_follow_edits_in_the_next_request(
    as_ada_api, grace, django_capture_on_commit_callbacks, reindex
):
    reindex()
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_profile(grace, city="Arlington", headline="Rear admiral")
        actions.add_position(grace, company="Remington Rand", title="Programmer", start="1949-01", is_current=True)
        actions.add_education(grace, school="Vassar College", field="Mathematics")
        actions.set_open_to(grace, [{"kind": "advice"}])
    body = as_ada_api.get_json(API, {"q": "grace"}).json()
    assert body["results"][0]["headline"] == "Rear admiral"
    assert facet(body, "location") == {"Arlington": 1}
    assert facet(body, "company") == {"Remington Rand": 1}
    assert facet(body, "school") == {"Vassar College": 1}
    assert facet(body, "open_to") == {"advice": 1}
    position = grace.profile.positions.get()
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_position(grace, position.pk, is_current=False, end="1967-12")
        actions.set_open_to(grace, [])
    body = as_ada_api.get_json(API, {"q": "grace"}).json()
    assert facet(body, "company") == {}
    assert facet(body, "past_company") == {"Remington Rand": 1}
    assert facet(body, "open_to") == {}


def test_new_member_is_indexed_on_commit(as_ada_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_member("Hedy Lamarr", headline="Frequency hopping")
    assert names(as_ada_api.get_json(API, {"q": "hopping"}).json()) == ["Hedy Lamarr"]


def test_removed_document_is_not_found(as_ada_api, grace, reindex):
    reindex()
    remove_from_index(grace.pk)
    assert names(as_ada_api.get_json(API, {"q": "grace"}).json()) == []
    index_profile(grace.pk)
    assert names(as_ada_api.get_json(API, {"q": "grace"}).json()) == ["Grace Hopper"]


# --- privacy ---------------------------------------------------------------------------


def test_blocked_either_way_never_in_results_facets_or_counts(as_ada_api, ada, reindex):
    blocker = make_member("Bea Blocker", headline="Welder", city="Gdansk")
    blocked = make_member("Ben Blocked", headline="Welder", city="Gdansk")
    visible = make_member("Val Visible", headline="Welder", city="Krakow")
    job(blocker, "Shipyard", "Welder")
    Block.objects.create(blocker=blocker, blocked=ada)
    Block.objects.create(blocker=ada, blocked=blocked)
    reindex()
    body = as_ada_api.get_json(API, {"q": "welder"}).json()
    assert names(body) == ["Val Visible"]
    assert facet(body, "location") == {"Krakow": 1}
    assert facet(body, "company") == {}
    assert sum(facet(body, "degree").values()) == 1
    assert names(as_ada_api.get_json(API, {"location": "Gdansk"}).json()) == []
    assert names(as_ada_api.get_json(API, {"company": "Shipyard"}).json()) == []
    assert [s.label for s in typeahead(ada, "be")] == []
    assert visible.profile.name in [s.label for s in typeahead(ada, "val")]


def test_inactive_members_are_not_found(as_ada_api, grace, reindex):
    reindex()
    User.objects.filter(pk=grace.pk).update(is_active=False)
    assert names(as_ada_api.get_json(API, {"q": "grace"}).json()) == []


def test_connections_only_profile_matches_strangers_on_name_and_headline_only(as_ada_api, ada, grace, reindex):
    private = make_member("Pia Private", headline="Botanist", city="Uppsala", about="secret orchids")
    job(private, "Linnaeus Garden", "Curator")
    actions.update_privacy(private, visibility="connections")
    reindex()
    body = as_ada_api.get_json(API, {"q": "botanist"}).json()
    assert names(body) == ["Pia Private"]
    assert body["results"][0]["location"] == ""  # the limited card
    assert facet(body, "location") == {} and facet(body, "company") == {}
    assert facet(body, "degree") == {"1": 0, "2": 0, "3": 1}
    for hidden in ("orchids", "linnaeus", "curator"):
        assert names(as_ada_api.get_json(API, {"q": hidden}).json()) == [], hidden
    assert names(as_ada_api.get_json(API, {"location": "Uppsala"}).json()) == []
    assert names(as_ada_api.get_json(API, {"q": "botanist", "company": "Linnaeus Garden"}).json()) == []
    assert "Linnaeus Garden" not in [s.label for s in typeahead(ada, "linn")]

    connect(ada, private)
    body = as_ada_api.get_json(API, {"q": "orchids"}).json()
    assert names(body) == ["Pia Private"]
    assert body["results"][0]["location"] == "Uppsala"
    assert facet(as_ada_api.get_json(API, {"q": "botanist"}).json(), "company") == {"Linnaeus Garden": 1}


def test_recruiter_only_job_signal_counts_only_for_recruiters(api_client, ada, grace, reindex):
    seeker = make_member("Sid Seeker", headline="Cartographer")
    job(seeker, "Atlas Co", "Cartographer")
    actions.set_open_to(seeker, [{"kind": "job", "audience": "recruiters"}, {"kind": "advice"}])
    actions.set_open_to(grace, [{"kind": "hiring"}])
    actions.verify_hiring(grace, by=None)  # recruiters are members the operator verified
    reindex()
    api_client.force_login(ada)
    body = api_client.get_json(API, {"q": "cartographer"}).json()
    assert facet(body, "open_to") == {"advice": 1}
    assert names(api_client.get_json(API, {"q": "cartographer", "open_to": "job"}).json()) == []
    api_client.force_login(grace)
    body = api_client.get_json(API, {"q": "cartographer"}).json()
    assert facet(body, "open_to") == {"advice": 1, "job": 1}
    assert names(api_client.get_json(API, {"open_to": "job"}).json()) == ["Sid Seeker"]


def test_job_signal_hidden_from_current_colleagues(api_client, ada, grace, reindex):
    seeker = make_member("Sid Seeker", headline="Cartographer")
    job(seeker, "Atlas Co", "Cartographer")
    job(grace, "Atlas Co", "Manager")
    actions.set_open_to(seeker, [{"kind": "job", "hide_from_current_company": True}])
    reindex()
    api_client.force_login(ada)
    assert facet(api_client.get_json(API, {"q": "cartographer"}).json(), "open_to") == {"job": 1}
    api_client.force_login(grace)
    assert facet(api_client.get_json(API, {"q": "cartographer"}).json(), "open_to") == {}
    assert names(api_client.get_json(API, {"q": "cartographer", "open_to": "job"}).json()) == []


def test_anonymous_viewers_see_public_profiles_only(ada, grace, reindex):
    actions.update_privacy(grace, visibility="public")
    reindex()
    assert [h.profile.name for h in search_people(AnonymousUser(), {"q": "grace"}).results] == ["Grace Hopper"]
    assert [h.profile.name for h in search_people(AnonymousUser(), {"q": "ada"}).results] == []
    assert [s.label for s in typeahead(AnonymousUser(), "ad")] == []


# --- typeahead and pages -----------------------------------------------------------------


def test_typeahead_suggests_names_and_companies(as_ada, ada, grace, reindex):
    job(grace, "Harvard Computation Lab", "Programmer")
    reindex()
    labels = [s.label for s in typeahead(ada, "gr")]
    assert labels[0] == "Grace Hopper"
    assert [s.label for s in typeahead(ada, "harv")] == ["Harvard Computation Lab"]
    assert typeahead(ada, "g") == []
    response = as_ada.get("/search/typeahead/", {"q": "gra"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"Grace Hopper" in response.content
    assert as_ada.get("/search/typeahead/", {"q": "g"}).content.strip() == b""


def test_results_page(as_ada, ada, grace, linus, reindex):
    connect(ada, grace)
    reindex()
    response = as_ada.get("/search/", {"q": "grace"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grace Hopper" in html and "1st" in html and "Message" in html
    assert 'id="nav-q"' in html and "hx-get=\"/search/typeahead/\"" in html
    partial = as_ada.get("/search/", {"q": "linus"}, headers={"HX-Request": "true"}).content.decode()
    assert "Linus Torvalds" in partial and "Connect" in partial and "<html" not in partial
    bad = as_ada.get("/search/", {"q": "x" * 201})
    assert bad.status_code == 400 and "at most 200 characters" in bad.content.decode()


def test_the_empty_search_page_offers_the_filters_it_mentions(as_ada, ada, grace, reindex):
    job(ada, "Analytical Engines", "Analyst")
    job(ada, "Babbage & Co", "Assistant", current=False)
    actions.add_education(ada, school="University of London", field="Mathematics")
    actions.update_profile(ada, industry="research-services")
    reindex()  # as on commit of those writes
    html = as_ada.get("/search/").content.decode()
    assert "Search by name, title, company, skill or school, or choose filters." in html
    for title in ("Location", "Current company", "Past company", "Industry", "School", "Open to"):
        assert f'<h2 class="search-facet-title">{title}</h2>' in html, title
    assert 'href="?location=London"' in html and 'href="?company=Analytical+Engines"' in html
    assert 'href="?past_company=Babbage+%26+Co"' in html and 'href="?school=University+of+London"' in html
    assert 'href="?open_to=hiring"' in html and "Target market" not in html and "Connections" not in html
    assert 'class="search-facet-count"' not in html  # nothing counted yet
    connect(ada, grace)
    actions.update_target_market(ada, locations=["New York"])
    html = as_ada.get("/search/").content.decode()
    assert 'href="?degree=1"' in html and 'href="?target_market=1"' in html
    # A filter from there runs a search.
    reindex()
    page = as_ada.get("/search/", {"degree": "1"}).content.decode()
    assert "Grace Hopper" in page and 'class="search-facet-count"' in page


def test_results_page_needs_login(client, db):
    response = client.get("/search/", {"q": "ada"})
    assert response.status_code == 302


def test_well_connected_viewer_gets_mutual_counts_for_candidates(as_ada_api, ada, reindex, monkeypatch):
    from kith.search import selectors

    monkeypatch.setattr(selectors, "MUTUALS_UP_FRONT", 0)
    friend = make_member("Fay Friend")
    near = make_member("Nils Near", headline="Shipbroker")
    connect(ada, friend)
    connect(friend, near)
    reindex()
    body = as_ada_api.get_json(API, {"q": "shipbroker"}).json()
    assert [(r["name"], r["degree"], r["mutual_count"]) for r in body["results"]] == [("Nils Near", 2, 1)]
    assert names(as_ada_api.get_json(API, {"degree": "2"}).json()) == ["Nils Near"]


def test_facet_filters_with_accented_values(as_ada_api, reindex):
    member = make_member("Ueli Maurer", headline="Barista", city="Zürich")
    job(member, "Café Müller", "Barista")
    make_member("Urs Other", headline="Barista", city="Zurich")
    reindex()
    body = as_ada_api.get_json(API, {"location": "Zürich", "company": "Café Müller"}).json()
    assert names(body) == ["Ueli Maurer"]
    body = as_ada_api.get_json(API, {"q": "barista", "location": "Zürich"}).json()
    assert names(body) == ["Ueli Maurer"]
    assert facet(as_ada_api.get_json(API, {"q": "barista"}).json(), "location") == {"Zürich": 1, "Zurich": 1}


def test_last_word_is_a_prefix_unless_whole_words_fill_the_candidates(as_ada_api, reindex, monkeypatch):
    from kith.search import selectors

    make_member("Dee Quill", headline="Staffing consultant")  # first in index order
    for name in ("Ann Ode", "Bob Ray", "Cy Vale"):
        make_member(name, headline="Staff engineer")
    reindex()
    assert "Dee Quill" in names(as_ada_api.get_json(API, {"q": "staf"}).json())  # prefix as ever
    assert "Dee Quill" in names(as_ada_api.get_json(API, {"q": "staff"}).json())  # 3 whole-word matches < 500
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    found = names(as_ada_api.get_json(API, {"q": "staff"}).json())
    assert "Dee Quill" not in found and len(found) == 3  # whole words filled the set: no prefix expansion


def test_lookups_by_id_agree_with_the_index(reindex):
    """match_within (a few ids, e.g. someone's connections) finds what match finds."""
    ana = make_member("Ana Ångel", headline="Data engineer", city="Oslo", about="Builds pipelines; likes C++")
    job(ana, "Nordlys AS", "Lead engineer")
    bo = make_member("Bo Berg", headline="Designer", city="Oslo", about="Type and pipelines")
    cy = make_member("Cy Closed", headline="Engineer", city="Bergen", about="Quiet pipelines")
    actions.update_privacy(cy, visibility="connections")
    reindex()
    ids = [ana.pk, bo.pk, cy.pk]
    oslo = (facet_token("location", "Oslo"),)
    queries = [
        TextQuery(("pipelines",)), TextQuery(("pipe",)), TextQuery(("pipe",), prefix=False), TextQuery(("angel", "engin")),
        TextQuery(("c",)), TextQuery(("nordlys",)), TextQuery(("quiet",)), TextQuery(("pipelines",), facets=(oslo,)),
        TextQuery((), facets=(oslo,)), TextQuery(("zzz",)),
    ]
    b = backend()
    for query in queries:
        expected = {pid for pid, _ in b.match(query, scope="open", limit=50, scan=50)} & set(ids)
        assert {pid for pid, _ in b.match_within(query, scope="open", ids=ids)} == expected, query
    full = {pid for pid, _ in b.match_within(TextQuery(("quiet",)), scope="full", ids=ids)}
    assert full == {cy.pk}


@pytest.mark.django_db(transaction=True)
def test_searchindex_rebuild_command_outside_a_transaction(as_ada_api):
    """The command commits the rebuild, then tidies up (VACUUM ANALYZE on PostgreSQL,
    which fails inside a transaction)."""
    make_member("Rita Rebuilt", headline="Archivist")
    SearchCard.objects.all().delete()
    out = StringIO()
    call_command("searchindex", "--rebuild", stdout=out)
    assert "profiles" in out.getvalue()
    assert names(as_ada_api.get_json(API, {"q": "archivist"}).json()) == ["Rita Rebuilt"]
    assert SearchCard.objects.count() == backend().count()


def test_a_common_word_never_crowds_out_the_viewers_network(as_ada_api, ada, reindex, monkeypatch):
    from kith.search import selectors

    strangers = [make_member(f"Stranger {i}", headline="Project manager") for i in range(6)]  # first in index order
    friend = make_member("Fay Friend", headline="Project manager")
    near = make_member("Nat Near", headline="Project manager")
    connect(ada, friend)
    connect(friend, near)
    connect(strangers[0], strangers[1])
    reindex()
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    body = as_ada_api.get_json(API, {"q": "manager"}).json()
    assert names(body)[:2] == ["Fay Friend", "Nat Near"]
    assert [r["degree"] for r in body["results"][:2]] == [1, 2]


def test_a_name_being_typed_fills_the_candidates_with_names(as_ada_api, reindex, monkeypatch):
    from kith.search import selectors

    for i in range(4):
        make_member(f"Pat Plain{i}", headline="Analyst", about="A lucky break")  # first in index order
    lucas = {make_member(f"Luca Name{i}", headline="Analyst").profile.name for i in range(3)}
    reindex()
    assert set(names(as_ada_api.get_json(API, {"q": "luc"}).json())[:3]) == lucas
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    assert set(names(as_ada_api.get_json(API, {"q": "luc"}).json())) == lucas


@pytest.mark.parametrize("word", ["analyst", "rare"])
def test_words_with_facets_match_the_same_whichever_drives_the_index(word, reindex):
    """On PostgreSQL a common word with facets is checked on the rows the facet values
    find; a rare one is looked up in the index with them. The matches are the same."""
    for i in range(12):
        make_member(f"Ann Alyst{i}", headline="Analyst", city="Oslo" if i % 2 else "Bergen")
    rare = make_member("Rhea Rare", headline="Analyst", city="Oslo", about="a rare bird")
    make_member("Otto Other", headline="Plumber", city="Oslo")
    reindex()
    oslo = (facet_token("location", "Oslo"),)
    found = {pid for pid, _ in backend().match(TextQuery((word,), facets=(oslo,)), scope="open", limit=50, scan=50)}
    expected = {rare.pk} if word == "rare" else {p.pk for p in User.objects.filter(profile__city="Oslo", profile__headline="Analyst")}
    assert found == expected


def test_a_large_first_degree_is_matched_by_id_too(as_ada_api, ada, reindex, monkeypatch):
    """More connections than NEAR_LOOKUPS: connections-only ones are matched on every
    field, and with a capped word the first NEAR_LOOKUPS connections on what anyone sees."""
    from kith.search import selectors

    for i in range(5):
        make_member(f"Stranger {i}", headline="Project manager")  # first in index order
    friends = [make_member(f"Friend {i}", headline="Project manager") for i in range(3)]
    closed = make_member("Cleo Closed", headline="Gardener", about="secret manager of orchids")
    actions.update_privacy(closed, visibility="connections")
    for friend in [*friends, closed]:
        connect(ada, friend)
    reindex()
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    monkeypatch.setattr(selectors, "NEAR_LOOKUPS", 2)
    found = names(as_ada_api.get_json(API, {"q": "orchids"}).json())
    assert found == ["Cleo Closed"]
    found = names(as_ada_api.get_json(API, {"q": "manager"}).json())
    assert found[0].startswith(("Friend", "Cleo")) and found[1].startswith(("Friend", "Cleo"))


def test_words_within_a_large_second_degree(as_ada_api, ada, reindex, monkeypatch):
    """A degree facet with words over a 2nd degree larger than the lookups allowed: the text
    match runs once over the index, kept to those ids, and finds exactly the 2nd-degree
    members the words match, never a stranger or a connection."""
    from kith.search import selectors

    monkeypatch.setattr(selectors, "LOOKUPS", 2)
    monkeypatch.setattr(backend(), "lookup_max", 2)
    hub = make_member("Hana Hub", headline="Harbour pilot")
    connect(ada, hub)
    pilots = [make_member(f"Second Pilot {i}", headline="Harbour pilot") for i in range(4)]
    others = [make_member(f"Second Baker {i}", headline="Baker") for i in range(3)]
    for member in [*pilots, *others]:
        connect(hub, member)
    make_member("Stan Stranger", headline="Harbour pilot")
    reindex()
    body = as_ada_api.get_json(API, {"q": "pilot", "degree": "2"}).json()
    assert sorted(names(body)) == sorted(p.profile.name for p in pilots)
    assert {r["degree"] for r in body["results"]} == {2}


@pytest.mark.parametrize("lookups", [2, 1000])
def test_a_second_degree_searched_by_lookups_keeps_the_nearest(as_ada_api, ada, reindex, monkeypatch, lookups):
    """Whether the 2nd degree is scanned for (few lookups allowed) or looked up member by
    member, a degree facet with words finds the same members; capped at CANDIDATES, the
    lookups keep the 2nd-degree members with the most mutual connections."""
    from kith.search import selectors

    monkeypatch.setattr(selectors, "LOOKUPS", 2)
    monkeypatch.setattr(backend(), "lookup_max", lookups)
    hubs = [make_member(f"Hub {i}", headline="Hub") for i in range(3)]
    for hub in hubs:
        connect(ada, hub)
    far = [make_member(f"Far Pilot {i}", headline="Harbour pilot") for i in range(3)]
    for member in far:
        connect(hubs[0], member)
    near = make_member("Nora Near", headline="Harbour pilot")  # the last id: first by closeness only
    for hub in hubs:
        connect(hub, near)
    reindex()
    body = as_ada_api.get_json(API, {"q": "pilot", "degree": "2"}).json()
    assert sorted(names(body)) == sorted(["Nora Near", *(m.profile.name for m in far)])
    if lookups > 2:
        monkeypatch.setattr(selectors, "CANDIDATES", 1)
        assert names(as_ada_api.get_json(API, {"q": "pilot", "degree": "2"}).json()) == ["Nora Near"]
