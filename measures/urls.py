from django.urls import path

from measures import views

app_name = "measures"

# Included under /d/<district>/measures/
urlpatterns = [
    path("", views.measure_list, name="list"),
    path("new/", views.measure_new, name="new"),
    path("data.<slug:fmt>", views.export, name="export"),
    path("import/", views.import_points, name="import"),
    path("<uuid:measure>/", views.measure_page, name="detail"),
    path("<uuid:measure>/edit/", views.measure_edit, name="edit"),
    path("<uuid:measure>/delete/", views.measure_delete, name="delete"),
    path("<uuid:measure>/data/", views.point_new, name="point_new"),
    path("<uuid:measure>/data/<uuid:point>/", views.point_edit, name="point_edit"),
]
