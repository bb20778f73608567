"""Post pages: the feed's own pages (older posts, the "new posts" notice), one post with its
comments, writing and editing, reactions, hiding, unfollowing and reporting.

Views are thin: fetch through kith.posts.selectors, call an action, put a KithError back on
the form, answer. Every form works as a plain POST and redirect; htmx requests get the
fragment from partials/ so the feed updates in place.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kith.core.errors import KithError, LimitReached, NotFound
from kith.core.htmx import add_error, limit_page, render_page
from kith.core.inputs import int_param
from kith.members.selectors import access_profile
from kith.network.views import report_page
from kith.posts import actions, selectors
from kith.posts.forms import CommentForm, CommentsForm, EditPostForm, PostForm, ReactionForm
from kith.posts.models import Post, Reaction


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _access(request: HttpRequest, post_id: int) -> selectors.PostAccess:
    try:
        return selectors.access_post(request.user, post_id)
    except NotFound as error:
        raise Http404(error.message) from error


def _comment(request: HttpRequest, comment_id: int):
    try:
        return selectors.access_comment(request.user, comment_id)
    except NotFound as error:
        raise Http404(error.message) from error


def post_url(post_id: int, comment_id: int | None = None) -> str:
    url = reverse("posts:post", args=[post_id])
    return url + (f"#comment-{comment_id}" if comment_id else "")


# --- the feed ---------------------------------------------------------------------------------


@login_required
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """Older posts: the whole page without JavaScript, the next items for htmx."""
    try:
        page = selectors.feed(request.user, cursor=request.GET.get("cursor"))
    except KithError as error:
        raise Http404(error.message) from error
    context = {"page": page, "nav_active": "home", "composer": PostForm()}
    return render_page(request, "posts/feed.html", context, partial="posts/partials/feed_items.html")


@login_required
@require_GET
def new_posts(request: HttpRequest) -> HttpResponse:
    """The "new posts" notice the feed polls for (htmx): empty while there are none."""
    since = int_param(request.GET.get("since"), minimum=0, maximum=10**11) or 0
    count = selectors.new_posts_count(request.user, since=since) if since else 0
    return render(request, "posts/partials/new_posts.html", {"count": count, "since": since})


def activity(request: HttpRequest, handle: str) -> HttpResponse:
    """All of a member's posts and articles the viewer may see, newest first."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        access = access_profile(request.user, handle)
        page = selectors.member_posts(request.user, access.profile.user, cursor=request.GET.get("cursor"), limit=20)
    except KithError as error:
        raise Http404(error.message) from error
    return render(request, "posts/activity.html", {"access": access, "profile": access.profile, "page": page, "nav_active": "home"})


# --- writing ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """The composer: on the home page, and on its own page for articles and for errors."""
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in Post.Kind.values else {}
    form = PostForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = actions.create_post(
                    request.user,
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    audience=data["audience"],
                    comments=data["comments"],
                    image=data["image"],
                    image_alt=data["image_alt"],
                )
            except LimitReached as error:
                add_error(form, error)
                status = 429
            except KithError as error:
                add_error(form, error)
                status = 422
            else:
                messages.success(request, "Your article is published." if post.is_article else "Your post is published.")
                return redirect(post_url(post.pk)) if post.is_article else _back(request, reverse("home"))
        else:
            status = 422
    return render(request, "posts/compose.html", {"form": form, "nav_active": "home"}, status=status)


def _post_context(request: HttpRequest, access: selectors.PostAccess, **extra) -> dict:
    selectors.decorate(request.user, [access.post])
    return {
        "access": access,
        "post": access.post,
        "comments": selectors.post_comments(access).comments,
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        "nav_active": "home",
        **extra,
    }


def post_page(request: HttpRequest, post_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    access = _access(request, post_id)
    return render(request, "posts/post.html", _post_context(request, access))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, post_id: int) -> HttpResponse:
    access = _access(request, post_id)
    if not access.is_author:
        raise Http404("No such post of yours.")
    post = access.post
    only_comments = request.POST.get("only") == "comments"
    initial = {"title": post.title, "body": post.body, "audience": post.audience, "comments": post.comments}
    form_class = CommentsForm if only_comments else EditPostForm
    form = form_class(request.POST or None, initial=initial)
    if post.audience == Post.Audience.GROUP and not only_comments:
        form.fields["audience"].choices = [(Post.Audience.GROUP, "The group")]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.edit_post(
                    request.user,
                    post_id,
                    title=data.get("title"),
                    body=data.get("body"),
                    audience=data.get("audience"),
                    comments=data["comments"],
                )
            except KithError as error:
                add_error(form, error)
                status = 422
            else:
                messages.success(request, "Saved.")
                return redirect(post_url(post_id))
        else:
            status = 422
    return render(request, "posts/edit.html", {"form": form, "post": post, "nav_active": "home"}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, post_id: int) -> HttpResponse:
    access = _access(request, post_id)
    if not access.is_author:
        raise Http404("No such post of yours.")
    if request.method == "POST":
        actions.delete_post(request.user, post_id)
        messages.success(request, "Deleted, with its comments and reactions.")
        return redirect("home")
    return render(request, "posts/delete.html", {"post": access.post, "nav_active": "home"})


# --- comments -------------------------------------------------------------------------------------


@login_required
@require_POST
def comment(request: HttpRequest, post_id: int) -> HttpResponse:
    access = _access(request, post_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            created = actions.add_comment(request.user, post_id, body=form.cleaned_data["body"], parent=form.cleaned_data["parent"])
        except LimitReached as error:
            return limit_page(request, error, title="Comment limit", links=[("Back to the post", post_url(post_id))])
        except KithError as error:
            if error.status == 404:
                raise Http404(error.message) from error
            add_error(form, error)
        else:
            return redirect(post_url(post_id, created.pk))
    access = _access(request, post_id)
    return render(request, "posts/post.html", _post_context(request, access, comment_form=form), status=200 if request.htmx else 422)


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment_row, access = _comment(request, comment_id)
    if comment_row.author_id != request.user.pk:
        raise Http404("No such comment of yours.")
    form = CommentForm(request.POST or None, initial={"body": comment_row.body})
    form.fields["body"].label = "Edit your comment"
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.edit_comment(request.user, comment_id, body=form.cleaned_data["body"])
            except KithError as error:
                add_error(form, error)
                status = 422
            else:
                return redirect(post_url(access.post.pk, comment_id))
        else:
            status = 422
    return render(request, "posts/edit_comment.html", {"form": form, "comment": comment_row, "post": access.post, "nav_active": "home"}, status=status)


@login_required
@require_POST
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment_row, access = _comment(request, comment_id)
    try:
        actions.delete_comment(request.user, comment_id)
    except KithError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        messages.error(request, error.message)
    else:
        messages.success(request, "Comment deleted.")
    return redirect(post_url(access.post.pk))


# --- reactions ------------------------------------------------------------------------------------------


def _react(request: HttpRequest, *, post_id: int | None = None, comment_id: int | None = None) -> str | None:
    form = ReactionForm(request.POST)
    if not form.is_valid():
        raise Http404("No such reaction.")
    kind = form.cleaned_data["kind"]
    try:
        if kind:
            actions.react(request.user, post_id=post_id, comment_id=comment_id, kind=kind)
        else:
            actions.remove_reaction(request.user, post_id=post_id, comment_id=comment_id)
    except NotFound as error:
        raise Http404(error.message) from error
    return kind or None


@login_required
@require_POST
def react(request: HttpRequest, post_id: int) -> HttpResponse:
    _react(request, post_id=post_id)
    if request.htmx:
        access = _access(request, post_id)
        selectors.decorate(request.user, [access.post])
        return render(request, "posts/partials/reaction_bar.html", {"post": access.post})
    return _back(request, post_url(post_id))


@login_required
@require_POST
def react_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    _react(request, comment_id=comment_id)
    _, access = _comment(request, comment_id)
    return _back(request, post_url(access.post.pk, comment_id))


@login_required
@require_GET
def reactions(request: HttpRequest, post_id: int) -> HttpResponse:
    """Who reacted, and how (members blocked either way left out)."""
    access = _access(request, post_id)
    kind = request.GET.get("kind") if request.GET.get("kind") in Reaction.Kind.values else None
    selectors.decorate(request.user, [access.post])
    people = selectors.reactors(request.user, post=access.post, kind=kind)
    return render(request, "posts/reactions.html", {"post": access.post, "people": people, "kind": kind, "nav_active": "home"})


# --- the reader's own choices -----------------------------------------------------------------------------


@login_required
@require_POST
def hide(request: HttpRequest, post_id: int) -> HttpResponse:
    _access(request, post_id)
    try:
        actions.hide_post(request.user, post_id)
    except KithError as error:
        messages.error(request, error.message)
        return _back(request, reverse("home"))
    if request.htmx:
        return render(request, "posts/partials/hidden.html", {"post_id": post_id})
    messages.success(request, "Hidden: you won't see that post in your feed again.")
    return _back(request, reverse("home"))


@login_required
@require_POST
def unfollow(request: HttpRequest, post_id: int) -> HttpResponse:
    _access(request, post_id)
    try:
        author = actions.unfollow_author(request.user, post_id)
    except KithError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You no longer follow {author.profile.name}: their posts leave your feed. You stay connected if you were.")
    return _back(request, reverse("home"))


def _report_page(request: HttpRequest, *, title: str, back: str, file) -> HttpResponse:
    context = {"title": title, "back": back, "nav_active": "home"}
    return report_page(request, file=file, done=back, template="posts/report.html", context=context)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, post_id: int) -> HttpResponse:
    access = _access(request, post_id)
    name = access.post.author.profile.name
    return _report_page(
        request,
        title=f"Report {name}'s {selectors.noun(access.post)}",
        back=post_url(post_id),
        file=lambda **kw: actions.report_post(request.user, post_id, **kw),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment_row, access = _comment(request, comment_id)
    return _report_page(
        request,
        title=f"Report {comment_row.author.profile.name}'s comment",
        back=post_url(access.post.pk, comment_id),
        file=lambda **kw: actions.report_comment(request.user, comment_id, **kw),
    )
