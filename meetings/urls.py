from django.urls import include, path

from districts.routes import pages
from meetings import views

app_name = "meetings"

# A meeting's agenda item: /meetings/<meeting>/agenda/<item>/...
agenda_item = [
    pages("", views, "agenda_edit", "agenda_delete", "agenda_move"),
    path("run/", views.protocol_run, name="protocol_run"),
    path("run/present/", views.protocol_present, name="protocol_present"),
    path("signups/new/", views.signup_new, name="signup_new"),
]

# A meeting's evaluation: /meetings/<meeting>/evaluation/...
evaluation = [
    path("", views.evaluation, name="evaluation"),
    path("results/", views.evaluation_results, name="evaluation_results"),
    path("open/", views.evaluation_toggle, name="evaluation_toggle"),
    pages("questions/", views, "question_new", "question_delete", each="<uuid:question>/"),
]

# One meeting: /meetings/<meeting>/...
meeting = [
    path("", views.meeting, name="meeting"),
    path("calendar.ics", views.meeting_ics, name="meeting_ics"),
    pages("", views, "meeting_edit", "meeting_delete"),
    path("agenda/new/", views.agenda_new, name="agenda_new"),
    path("agenda/<uuid:item>/", include(agenda_item)),
    path("attendance/", views.attendance, name="attendance"),
    path("signups/<uuid:signup>/delete/", views.signup_delete, name="signup_delete"),
    pages("problems/", views, "problem_new", "problem_delete", each="<uuid:problem>/"),
    pages("notes/", views, "note_new", "note_delete", "note_files", each="<uuid:note>/"),
    path(
        "notes/<uuid:note>/files/<uuid:attachment>/remove/",
        views.note_file_remove,
        name="note_file_remove",
    ),
    path("evaluation/", include(evaluation)),
    pages("commitments/", views, "commitment_new", "commitment_delete", each="<uuid:commitment>/"),
    path(
        "<slug:part>/<uuid:item>/files/<uuid:attachment>/",
        views.meeting_file,
        name="meeting_file",
    ),
]

urlpatterns = [
    path("cohorts/<slug:cohort>/details/", views.cohort_details, name="cohort_details"),
    path("cohorts/<slug:cohort>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("cohorts/<slug:cohort>/evaluations/", views.series_evaluation, name="series_evaluation"),
    path("meetings/<uuid:meeting>/", include(meeting)),
    pages(
        "protocols/",
        views,
        "protocol_edit",
        "protocol_delete",
        each="<uuid:protocol>/",
        index="protocols",
    ),
    path("protocols/new/", views.protocol_edit, name="protocol_new"),
]
