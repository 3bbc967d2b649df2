from django.urls import include, path

from districts import views
from districts.routes import pages

app_name = "districts"

# One district's people and settings: /d/<district>/...
district = [
    path("members/", views.members, name="members"),
    path("members/invite/", views.member_invite, name="member_invite"),
    pages("members/<uuid:membership>/", views, "member_role", "member_remove"),
    path(
        "invitations/<uuid:invitation>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("clock/", views.district_clock, name="clock"),
    path("coaches/", views.coach_assign_view, name="coach_assign"),
    path("coaches/<uuid:coach>/remove/", views.coach_remove, name="coach_remove"),
    pages("domains/", views, "domain_new", "domain_remove", each="<uuid:domain>/"),
    path("domains/<uuid:domain>/verify/", views.domain_verify_view, name="domain_verify"),
    path("joining/", views.joining, name="joining"),
    path("join-requests/<uuid:join_request>/", views.join_request, name="join_request"),
]

urlpatterns = [
    path("new/", views.district_new, name="district_new"),
    path("<slug:district>/", include(district)),
]
