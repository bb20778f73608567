"""{% url %} with its answers kept (kith.core.templatetags.kith_urls): the same paths and the same
errors as Django's reverse(), whatever was asked before."""

from __future__ import annotations

import pytest
from django.template import Context, Template, engines
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from kith.core.templatetags.kith_urls import CachedURLNode, _reverse


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_every_template_gets_the_cached_tag_without_loading_it():
    template = engines["django"].from_string("{% url 'members:profile' 'ada' %}")
    assert any(isinstance(node, CachedURLNode) for node in template.template.nodelist)
    text = engines["text"].from_string("{% url 'home' %}")
    assert any(isinstance(node, CachedURLNode) for node in text.template.nodelist)


@pytest.mark.parametrize(
    "source, context, expected",
    [
        ("{% url 'members:profile' handle %}", {"handle": "ada-lovelace"}, reverse("members:profile", args=["ada-lovelace"])),
        ("{% url 'members:profile' handle=handle %}", {"handle": "grace"}, reverse("members:profile", kwargs={"handle": "grace"})),
        ("{% url 'posts:react' pk %}", {"pk": 42}, reverse("posts:react", args=[42])),
        ("{% url name %}", {"name": "home"}, reverse("home")),
    ],
)
def test_same_path_as_reverse_asked_twice(source, context, expected):
    assert render(source, **context) == expected
    assert render(source, **context) == expected


def test_different_arguments_are_different_entries():
    first = render("{% url 'posts:react' pk %}", pk=1)
    second = render("{% url 'posts:react' pk %}", pk=2)
    assert first != second and first == reverse("posts:react", args=[1]) and second == reverse("posts:react", args=[2])


def test_a_repeat_comes_from_the_cache():
    _reverse.cache_clear()
    render("{% url 'posts:react' 7 %}{% url 'posts:react' 7 %}")
    info = _reverse.cache_info()
    assert (info.hits, info.misses) == (1, 1)


def test_no_match_still_raises_and_as_var_is_empty():
    with pytest.raises(NoReverseMatch):
        render("{% url 'members:profile' 'not a slug!' %}")
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' %}")
    assert render("{% url 'no-such-view' as where %}[{{ where }}]") == "[]"
    assert render("{% url 'home' as where %}[{{ where }}]") == f"[{reverse('home')}]"


def test_the_script_prefix_is_part_of_the_key():
    plain = render("{% url 'home' %}")
    set_script_prefix("/kith/")
    try:
        assert render("{% url 'home' %}") == "/kith" + plain
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    assert render("{% url 'home' %}") == plain


def test_values_that_are_not_plain_are_reversed_each_time():
    class Handle:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    handle = Handle("ada")
    assert render("{% url 'members:profile' h %}", h=handle) == reverse("members:profile", args=["ada"])
    handle.text = "grace"
    assert render("{% url 'members:profile' h %}", h=handle) == reverse("members:profile", args=["grace"])


def test_output_is_escaped_when_autoescaping():
    assert render("{% url 'search:people' %}?q={{ q }}", q="a&b").endswith("?q=a&amp;b")
