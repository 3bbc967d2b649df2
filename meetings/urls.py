from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("cohorts/<slug:cohort>/details/", views.cohort_details, name="cohort_details"),
    path("cohorts/<slug:cohort>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<uuid:meeting>/", views.meeting, name="meeting"),
    path("meetings/<uuid:meeting>/calendar.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<uuid:meeting>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:meeting>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<uuid:meeting>/agenda/new/", views.agenda_new, name="agenda_new"),
    path("meetings/<uuid:meeting>/agenda/<uuid:item>/edit/", views.agenda_edit, name="agenda_edit"),
    path(
        "meetings/<uuid:meeting>/agenda/<uuid:item>/delete/",
        views.agenda_delete,
        name="agenda_delete",
    ),
    path("meetings/<uuid:meeting>/agenda/<uuid:item>/move/", views.agenda_move, name="agenda_move"),
    path(
        "meetings/<uuid:meeting>/agenda/<uuid:item>/run/", views.protocol_run, name="protocol_run"
    ),
    path(
        "meetings/<uuid:meeting>/agenda/<uuid:item>/run/present/",
        views.protocol_present,
        name="protocol_present",
    ),
    path("meetings/<uuid:meeting>/attendance/", views.attendance, name="attendance"),
    path(
        "meetings/<uuid:meeting>/agenda/<uuid:item>/signups/new/",
        views.signup_new,
        name="signup_new",
    ),
    path(
        "meetings/<uuid:meeting>/signups/<uuid:signup>/delete/",
        views.signup_delete,
        name="signup_delete",
    ),
    path("protocols/", views.protocols, name="protocols"),
    path("protocols/new/", views.protocol_edit, name="protocol_new"),
    path("protocols/<uuid:protocol>/edit/", views.protocol_edit, name="protocol_edit"),
    path("protocols/<uuid:protocol>/delete/", views.protocol_delete, name="protocol_delete"),
    path("meetings/<uuid:meeting>/problems/new/", views.problem_new, name="problem_new"),
    path("meetings/<uuid:meeting>/notes/new/", views.note_new, name="note_new"),
    path("meetings/<uuid:meeting>/evaluation/", views.evaluation, name="evaluation"),
    path(
        "meetings/<uuid:meeting>/evaluation/results/",
        views.evaluation_results,
        name="evaluation_results",
    ),
    path(
        "meetings/<uuid:meeting>/evaluation/open/",
        views.evaluation_toggle,
        name="evaluation_toggle",
    ),
    path(
        "meetings/<uuid:meeting>/evaluation/questions/new/",
        views.question_new,
        name="question_new",
    ),
    path(
        "meetings/<uuid:meeting>/evaluation/questions/<uuid:question>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("cohorts/<slug:cohort>/evaluations/", views.series_evaluation, name="series_evaluation"),
    path(
        "meetings/<uuid:meeting>/notes/<uuid:note>/delete/", views.note_delete, name="note_delete"
    ),
    path("meetings/<uuid:meeting>/notes/<uuid:note>/files/", views.note_files, name="note_files"),
    path(
        "meetings/<uuid:meeting>/notes/<uuid:note>/files/<uuid:attachment>/remove/",
        views.note_file_remove,
        name="note_file_remove",
    ),
    path("meetings/<uuid:meeting>/commitments/new/", views.commitment_new, name="commitment_new"),
    path(
        "meetings/<uuid:meeting>/commitments/<uuid:commitment>/delete/",
        views.commitment_delete,
        name="commitment_delete",
    ),
    path(
        "meetings/<uuid:meeting>/<slug:part>/<uuid:item>/files/<uuid:attachment>/",
        views.meeting_file,
        name="meeting_file",
    ),
    path(
        "meetings/<uuid:meeting>/problems/<uuid:problem>/delete/",
        views.problem_delete,
        name="problem_delete",
    ),
]
