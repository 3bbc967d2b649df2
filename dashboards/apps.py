from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards across districts"

    def ready(self) -> None:
        from dashboards.exports import register_exports
        from dashboards.week import week_lines
        from notifications.digest import register_opening

        register_exports()
        register_opening(week_lines)  # the person's week opens their daily email
