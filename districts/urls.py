from django.urls import path

from districts import views

app_name = "districts"

urlpatterns = [
    path("new/", views.district_new, name="district_new"),
    path("<slug:district>/members/", views.members, name="members"),
    path("<slug:district>/members/invite/", views.member_invite, name="member_invite"),
    path("<slug:district>/clock/", views.district_clock, name="clock"),
    path("<slug:district>/coaches/", views.coach_assign_view, name="coach_assign"),
    path("<slug:district>/coaches/<uuid:coach>/remove/", views.coach_remove, name="coach_remove"),
    path("<slug:district>/members/<uuid:membership>/role/", views.member_role, name="member_role"),
    path(
        "<slug:district>/members/<uuid:membership>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:district>/invitations/<uuid:invitation>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("<slug:district>/domains/new/", views.domain_new, name="domain_new"),
    path(
        "<slug:district>/domains/<uuid:domain>/verify/",
        views.domain_verify_view,
        name="domain_verify",
    ),
    path(
        "<slug:district>/domains/<uuid:domain>/remove/", views.domain_remove, name="domain_remove"
    ),
    path("<slug:district>/joining/", views.joining, name="joining"),
    path(
        "<slug:district>/join-requests/<uuid:join_request>/",
        views.join_request,
        name="join_request",
    ),
]
