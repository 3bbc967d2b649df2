from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"

    def ready(self) -> None:
        from schools.tracked import register_kinds

        register_kinds()
