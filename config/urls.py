from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from api import views as api_views
from config.health import health
from config.metrics import metrics
from districts import views as district_views
from planning import views as planning_views

handler403 = "districts.views.forbidden"
handler404 = "districts.views.not_found"

admin.site.site_header = "Waypoint administration"
admin.site.site_title = "Waypoint"

# The features a district's pages hold, under /d/<district>/<prefix>/ ...
DISTRICT_FEATURES = {
    "self-assessment": "rubrics",
    "plan": "planning",
    "measures": "measures",
    "schools": "schools",
    "competencies": "competencies",
    "evidence": "evidence",
    "history": "history",
}
# ... and those whose URLs name what they are about themselves (a cohort, a meeting, a job).
ROOT_FEATURES = ("dashboards", "meetings", "reports", "calendars", "notifications")

urlpatterns = [
    path("", district_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("d/", include("districts.urls")),
    path("trash/", include("trash.urls")),
    *(
        path(f"d/<slug:district>/{prefix}/", include(f"{app}.urls"))
        for prefix, app in DISTRICT_FEATURES.items()
    ),
    path("my-steps/", planning_views.steps_mine, name="my_steps"),
    *(path("", include(f"{app}.urls")) for app in ROOT_FEATURES),
    path(
        "invitations/<str:token>/",
        district_views.invitation_accept_view,
        name="invitation_accept",
    ),
    path("api/", include(("api.urls", "api"), namespace="api")),
    path("account/tokens/", api_views.tokens, name="api_tokens"),
    path(
        "account/tokens/<uuid:api_token>/revoke/",
        api_views.token_revoke,
        name="api_token_revoke",
    ),
    path("library/", include("library.urls")),
    path("health/", login_not_required(health), name="health"),
    path("metrics", login_not_required(metrics), name="metrics"),
    path("admin/", admin.site.urls),
]
