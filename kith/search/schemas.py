"""API shapes for people search."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from kith.members.schemas import MemberOut, member_out
from kith.members.visibility import Level
from kith.search.selectors import Hit, SearchResults


class PersonOut(MemberOut):
    mutual_count: int = Field(description="Connections you share with this member")


class FacetValueOut(Schema):
    value: str
    count: int


class DidYouMeanOut(Schema):
    q: str = Field(description="The query with a word respelt: search it (with the same filters) to find more")


class PeopleSearchOut(Schema):
    results: list[PersonOut]
    facets: dict[str, list[FacetValueOut]]
    next: str | None = Field(description="Pass as cursor= for the next page; null on the last page")
    did_you_mean: list[DidYouMeanOut] = Field(
        description="When the query finds fewer than 3 people: respellings that find more (most similar first)"
    )


def person_out(hit: Hit) -> dict:
    """The member object plus mutual_count; a limited card (a connections-only
    profile you are not connected to) carries no location."""
    body = member_out(hit.profile, degree=hit.degree, level=Level.FULL if hit.full else Level.LIMITED)
    body["mutual_count"] = hit.mutual_count
    return body


def people_search_out(found: SearchResults) -> dict:
    return {
        "results": [person_out(hit) for hit in found.results],
        "facets": {name: [{"value": v.value, "count": v.count} for v in values] for name, values in found.facets.items()},
        "next": found.next_cursor,
        "did_you_mean": [{"q": suggestion.q} for suggestion in found.did_you_mean],
    }
