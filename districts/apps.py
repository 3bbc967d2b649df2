from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = "Districts, people and cohorts"

    def ready(self):
        from districts.selectors import connect_people_signals, connect_work_signals

        connect_people_signals()
        connect_work_signals()
