from django.urls import include, path

from rubrics import views

app_name = "rubrics"

# One round: .../self-assessment/<round_code>/...
round_ = [
    path("", views.round_detail, name="round"),
    path("rate/", views.rate, name="rate"),
    path("rate/<uuid:dimension>/", views.rate_dimension, name="rate_dimension"),
    path("consensus/", views.consensus, name="consensus"),
    path("consensus/<uuid:dimension>/", views.consensus_dimension, name="consensus_dimension"),
    path(
        "consensus/<uuid:dimension>/history/",
        views.consensus_history,
        name="consensus_history",
    ),
    path("submit/", views.submit, name="submit"),
    path("share/", views.share, name="share"),
    path("reopen/", views.reopen, name="reopen"),
    path("comments/", views.comment, name="comment"),
    path("reviewed/", views.mark_reviewed, name="reviewed"),
    path("calibration/", views.calibration, name="calibration"),
]

# Included under /d/<district>/self-assessment/
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("new/", views.round_new, name="round_new"),
    path("compare/", views.compare, name="compare"),
    path("trend/", views.trend, name="trend"),
    path("<uuid:round_code>/", include(round_)),
]
