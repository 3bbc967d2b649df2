from django.urls import path

from rubrics import views

app_name = "rubrics"

# Included under /d/<district>/self-assessment/
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("new/", views.round_new, name="round_new"),
    path("compare/", views.compare, name="compare"),
    path("trend/", views.trend, name="trend"),
    path("<uuid:round_code>/", views.round_detail, name="round"),
    path("<uuid:round_code>/rate/", views.rate, name="rate"),
    path("<uuid:round_code>/rate/<uuid:dimension>/", views.rate_dimension, name="rate_dimension"),
    path("<uuid:round_code>/consensus/", views.consensus, name="consensus"),
    path(
        "<uuid:round_code>/consensus/<uuid:dimension>/",
        views.consensus_dimension,
        name="consensus_dimension",
    ),
    path(
        "<uuid:round_code>/consensus/<uuid:dimension>/history/",
        views.consensus_history,
        name="consensus_history",
    ),
    path("<uuid:round_code>/submit/", views.submit, name="submit"),
    path("<uuid:round_code>/share/", views.share, name="share"),
    path("<uuid:round_code>/reopen/", views.reopen, name="reopen"),
    path("<uuid:round_code>/comments/", views.comment, name="comment"),
    path("<uuid:round_code>/reviewed/", views.mark_reviewed, name="reviewed"),
    path("<uuid:round_code>/calibration/", views.calibration, name="calibration"),
]
