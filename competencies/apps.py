from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    name = "competencies"
    verbose_name = "Graduation competencies"

    def ready(self) -> None:
        from competencies.attachable import register_kinds

        register_kinds()

        from competencies.reportable import register_parts as register_document_parts

        register_document_parts()
