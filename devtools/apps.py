from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """What developers use and no user sees: the demo data (`seed_demo`, loaded by
    `make run`), the scale data (`seed_scale`) and both benchmarks (`bench_web`, `bench_pdf`).
    It sits above every other app (it writes their rows through their services) and nothing
    imports it."""

    name = "devtools"
    verbose_name = "Development: demo data, scale data, benchmarks"
