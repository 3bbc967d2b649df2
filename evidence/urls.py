from django.urls import path

from evidence import views

app_name = "evidence"

# "files/" first: a kind's slug would match it too.
urlpatterns = [
    path("files/<uuid:attachment>/", views.download, name="download"),
    path("files/<uuid:attachment>/remove/", views.remove, name="remove"),
    path("<slug:kind>/<uuid:item>/", views.item, name="item"),
]
