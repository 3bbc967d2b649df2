from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = "Districts, people and cohorts"

    def ready(self):
        import districts.lookups  # noqa: F401 (registers `any_of`)
        from districts.selectors import connect_people_signals, connect_work_signals

        connect_people_signals()
        connect_work_signals()

        from allauth.account.signals import user_logged_in

        from districts.joining import on_provider_sign_in

        user_logged_in.connect(on_provider_sign_in, dispatch_uid="districts.join_by_domain")

        from districts.documents import discover

        discover()  # the parts each app declares in its reportable.py
