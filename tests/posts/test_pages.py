"""The pages: home's composer and feed, a post with its comments, and the profile's Activity,
for each kind of viewer."""

import pytest

from kith.posts import actions
from kith.posts.models import Comment, Post, Reaction
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _as(client, member):
    client.force_login(member)
    return client


def test_home_has_the_composer_and_the_feed(client, circle):
    ada, grace = circle["ada"], circle["grace"]
    actions.create_post(ada, body="Engines <b>weave</b>")
    page = _as(client, grace).get("/").content.decode()
    assert 'action="/posts/new/"' in page and "Engines &lt;b&gt;weave&lt;/b&gt;" in page
    response = _as(client, grace).post("/posts/new/", {"kind": "post", "body": "From the home page", "audience": "anyone", "comments": "anyone", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert Post.objects.filter(author=grace, body="From the home page").exists()


def test_a_newcomer_is_told_how_the_feed_fills(client, circle):
    actions.create_post(circle["ada"], body="Hello community")
    page = _as(client, make_member("Nina New")).get("/").content.decode()
    assert "Your feed fills up as you connect" in page and "Hello community" in page and "From the community" in page


def test_a_composer_error_is_shown_on_the_form(client, circle):
    response = _as(client, circle["ada"]).post("/posts/new/", {"kind": "article", "body": "No title", "audience": "anyone", "comments": "anyone"})
    assert response.status_code == 422 and "Title: write something first." in response.content.decode()
    assert not Post.objects.exists()


def test_closed_comments_say_so_and_the_form_refuses(client, circle):
    ada, grace = circle["ada"], circle["grace"]
    post = actions.create_post(ada, kind="article", title="Engines", body="Text", comments="closed")
    page = _as(client, grace).get(f"/posts/{post.pk}/").content.decode()
    assert "Comments on this article are closed." in page and f'action="/posts/{post.pk}/comments/"' not in page
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "Sneaky"})
    assert response.status_code == 422 and "Comments on this article are closed." in response.content.decode()
    assert not Comment.objects.exists()
    _as(client, ada).post(f"/posts/{post.pk}/edit/", {"only": "comments", "comments": "connections"})
    response = _as(client, grace).post(f"/posts/{post.pk}/comments/", {"body": "Finally"})
    assert response.status_code == 302 and Comment.objects.filter(author=grace).exists()


def test_who_sees_a_post_page(client, circle):
    post = actions.create_post(circle["ada"], body="Connections only", audience="connections")
    statuses = {name: _as(client, circle[name]).get(f"/posts/{post.pk}/").status_code for name in ("ada", "grace", "linus", "fiona", "mallory", "oscar")}
    assert statuses == {"ada": 200, "grace": 200, "linus": 404, "fiona": 404, "mallory": 404, "oscar": 404}
    client.logout()
    response = client.get(f"/posts/{post.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_react_from_a_plain_form_and_with_htmx(client, circle):
    ada, grace = circle["ada"], circle["grace"]
    post = actions.create_post(ada, body="hi")
    response = _as(client, grace).post(f"/posts/{post.pk}/react/", {"kind": "support", "next": "/"})
    assert response.status_code == 302 and Reaction.objects.get(member=grace).kind == "support"
    fragment = client.post(f"/posts/{post.pk}/react/", {"kind": ""}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and 'id="post-' in fragment.content.decode()
    assert not Reaction.objects.exists()


def test_profile_activity_shows_what_the_viewer_may_see(client, circle):
    ada = circle["ada"]
    actions.create_post(ada, body="For everyone on the profile")
    actions.create_post(ada, body="For connections on the profile", audience="connections")
    url = f"/in/{ada.profile.handle}/"
    grace_sees = _as(client, circle["grace"]).get(url).content.decode()
    linus_sees = _as(client, circle["linus"]).get(url).content.decode()
    assert "For connections on the profile" in grace_sees and "For everyone on the profile" in grace_sees
    assert "For connections on the profile" not in linus_sees and "For everyone on the profile" in linus_sees


def test_older_posts_page_and_new_posts_notice(client, circle, settings):
    settings.KITH_FEED_PAGE_SIZE = 2
    ada, grace = circle["ada"], circle["grace"]
    for n in range(3):
        actions.create_post(ada, body=f"post {n}")
    home = _as(client, grace).get("/").content.decode()
    assert "Older posts" in home
    cursor = home.split("/feed/?cursor=")[1].split('"')[0]
    older = client.get(f"/feed/?cursor={cursor}", headers={"HX-Request": "true"}).content.decode()
    assert "post 0" in older and "post 2" not in older
    assert client.get("/feed/?cursor=bogus").status_code == 404
    notice = client.get("/feed/new/", {"since": "1"}).content.decode()
    assert "3 new posts" in notice


def test_hide_with_htmx_replaces_the_card(client, circle):
    post = actions.create_post(circle["ada"], body="hide me")
    response = _as(client, circle["grace"]).post(f"/posts/{post.pk}/hide/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Hidden" in response.content.decode()


def test_article_markdown_renders_safely_on_its_page(client, circle):
    post = actions.create_post(circle["ada"], kind="article", title="T", body="## Part\n\n<script>alert(1)</script> [x](javascript:alert(1))")
    page = _as(client, circle["grace"]).get(f"/posts/{post.pk}/").content.decode()
    assert "<h3>Part</h3>" in page and "<script>alert(1)" not in page and 'href="javascript:' not in page


def test_the_activity_page_pages_through_what_the_viewer_may_see(client, circle):
    ada = circle["ada"]
    for n in range(4):
        actions.create_post(ada, body=f"everyone {n}")
    actions.create_post(ada, body="connections only", audience="connections")
    profile = _as(client, circle["linus"]).get(f"/in/{ada.profile.handle}/").content.decode()
    assert f"/in/{ada.profile.handle}/activity/" in profile  # more than the profile shows
    page = client.get(f"/in/{ada.profile.handle}/activity/").content.decode()
    assert all(f"everyone {n}" in page for n in range(4)) and "connections only" not in page
    assert _as(client, circle["mallory"]).get(f"/in/{ada.profile.handle}/activity/").status_code == 404


def test_an_image_post_is_resized_and_described(client, circle):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3000, 1000), "teal").save(buffer, "PNG")
    upload = SimpleUploadedFile("chart.png", buffer.getvalue(), content_type="image/png")
    data = {"kind": "post", "body": "Our quarter", "audience": "anyone", "comments": "anyone", "image": upload, "image_alt": "A teal chart"}
    assert _as(client, circle["ada"]).post("/posts/new/", data).status_code == 302
    post = Post.objects.get(author=circle["ada"])
    with Image.open(post.image.path) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 1600
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'alt="A teal chart"' in page
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    refused = client.post("/posts/new/", {**data, "image": bad})
    assert refused.status_code == 422 and "Image: that file is not an image we can read." in refused.content.decode()
