"""The app's URLs plus the benchmark's floor view (config.settings.bench only)."""

from django.urls import path

from benchmarks.views import floor
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *app_urlpatterns]
