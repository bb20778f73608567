from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from kith import health
from kith.api import api
from kith.members import views as member_views

urlpatterns = [
    path("", member_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Sign-up with Kith's per-address limit; everything else under accounts/ is allauth's.
    path("accounts/signup/", member_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("messaging/", include("kith.messaging.urls")),
    path("", include(("kith.members.urls", "members"))),
    path("", include(("kith.search.urls", "search"))),
    path("", include("kith.network.urls")),
    path("", include("kith.notifications.urls")),
    path("", include("kith.moderation.urls")),
    path("", include("kith.insights.urls")),
    path("", include("kith.posts.urls")),
    path("", include("kith.groups.urls")),
    path("", include("kith.introductions.urls")),
    path("", include("kith.portability.urls")),
]

if settings.DEBUG or settings.TESTING:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
