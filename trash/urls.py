from django.urls import path

from trash import views

app_name = "trash"

urlpatterns = [
    path("", views.index, name="index"),
    path("district/<slug:district>/", views.district_trash_view, name="district_trash"),
    path("<slug:trashed>/restore/", views.district_restore_view, name="district_restore"),
]
