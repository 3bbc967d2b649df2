from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("meetings/<uuid:meeting>/packet/", views.packet_request, name="packet_request"),
    path(
        "meetings/<uuid:meeting>/participants-packet/",
        views.participants_packet_request,
        name="participants_packet_request",
    ),
    path(
        "d/<slug:district>/report/", views.district_report_request, name="district_report_request"
    ),
    path("d/<slug:district>/record/", views.archive_request, name="archive_request"),
    path("reports/<uuid:job>/", views.job, name="job"),
    path("reports/<uuid:job>/status/", views.job_status, name="job_status"),
    path("reports/<uuid:job>/download/", views.job_download, name="job_download"),
]
