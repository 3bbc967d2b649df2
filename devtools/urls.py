"""The app's URLs plus the benchmark's floor view (ROOT_URLCONF of config.settings.bench)."""

from django.urls import path

from config.urls import urlpatterns as app_urlpatterns
from devtools.views import floor

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
