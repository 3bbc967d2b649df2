from django.urls import path

from districts.routes import pages
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
    pages("reports/", views, "job_status", "job_download", each="<uuid:job>/", page="job"),
]
