"""People search API: GET /api/v1/search/people."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kith.core.schemas import errors
from kith.search import selectors
from kith.search.schemas import PeopleSearchOut, people_search_out

router = Router(tags=["search"])


@router.get("/search/people", response={200: PeopleSearchOut, **errors(400)}, summary="Search people")
def search_people(request: HttpRequest):
    """Full-text people search with facets, ranked by relevance and your network.

    Parameters (each facet may repeat; values within a facet are alternatives):
    q (at most 200 characters), degree (1, 2, 3 = 3rd and beyond), location
    (city), company (current), past_company, industry (slug), school, open_to
    (job, hiring, advice, consulting, mentoring, networking), target_market (1),
    shared_group (1: members who share a group with you), cursor (from "next"). Any other parameter is a 400 naming it.
    """
    query = selectors.parse_people_query(request.GET)
    return people_search_out(selectors.search_people(request.auth, query))
