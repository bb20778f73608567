"""People search pages: the results page and the nav box's typeahead."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from kith.core.errors import KithError
from kith.core.htmx import render_page
from kith.search import selectors

FACET_TITLES = {
    "degree": "Connections",
    "shared_group": "Groups",
    "location": "Location",
    "company": "Current company",
    "past_company": "Past company",
    "industry": "Industry",
    "school": "School",
    "open_to": "Open to",
    "target_market": "Target market",
}


def _url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _facet_links(query: selectors.PeopleQuery, facets: dict[str, list[selectors.FacetValue]], *, found_any: bool = True) -> list[dict]:
    """Each facet value with the URL that toggles it (pages work without JavaScript)."""
    groups = []
    for name, values in facets.items():
        items = []
        for value in values:
            if value.count == 0 and not value.selected and not found_any:
                continue  # nothing found: only what can be unchosen
            chosen = query.selected(name)
            toggled = sorted(chosen - {value.value}) if value.selected else sorted(chosen | {value.value})
            items.append({"value": value, "url": "?" + urlencode(query.params(**{name: toggled}))})
        if items:
            groups.append({"name": name, "title": FACET_TITLES[name], "items": items})
    return groups


@login_required
def people(request: HttpRequest) -> HttpResponse:
    error = None
    try:
        query = selectors.parse_people_query(request.GET, strict=False)
        found = selectors.search_people(request.user, query)
    except KithError as exc:
        error = exc
        query = selectors.PeopleQuery(q=request.GET.get("q", "")[: selectors.MAX_QUERY_CHARS])
        found = selectors.SearchResults(query, [], {}, 0, False)
    context = {
        "query": query,
        "found": found,
        "error": error,
        # Before a search, the filters the page mentions, from the member's own profile.
        "facet_groups": (
            _facet_links(query, selectors.starting_filters(request.user))
            if query.is_empty and not error
            else _facet_links(query, found.facets, found_any=bool(found.results))
        ),
        "did_you_mean": [{"q": s.q, "url": "?" + urlencode(query.params(q=[s.q]))} for s in found.did_you_mean],
        "clear_url": "?" + urlencode(query.params(**{f: [] for f in selectors.FACETS})),
        "selected_filters": sum(len(query.selected(f)) for f in selectors.FACETS),
        "next_url": ("?" + urlencode([*query.params(), ("cursor", found.next_cursor)])) if found.next_cursor else None,
        "previous_url": (
            "?" + urlencode([*query.params(), *([("cursor", selectors.encode_cursor(query.offset - selectors.PAGE_SIZE))] if query.offset > selectors.PAGE_SIZE else [])])
            if query.offset > 0
            else None
        ),
        "first_number": query.offset + 1,
        "has_invite": _url_or_none("network:invite", "x") is not None,
        "nav_active": "search",
    }
    status = error.status if error else 200
    return render_page(request, "search/people.html", context, partial="search/partials/results.html", status=status)


@login_required
def typeahead(request: HttpRequest) -> HttpResponse:
    prefix = request.GET.get("q", "")
    suggestions = selectors.typeahead(request.user, prefix)
    context = {
        "suggestions": suggestions,
        "prefix": prefix,
        "search_url": reverse("search:people") + "?" + urlencode({"q": prefix}),
    }
    return render(request, "search/partials/typeahead.html", context)
