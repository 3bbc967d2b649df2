from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards across districts"

    def ready(self) -> None:
        from dashboards.exports import register_exports

        register_exports()
