from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = "Districts, people and cohorts"

    def ready(self):
        from districts.navigation import connect_signals

        connect_signals()
