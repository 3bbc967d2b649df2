"""How a lower app reads what the features declare for it: each feature keeps its
declarations in a module of an agreed name (`attachable.py` for evidence, `tracked.py` for
the history, `reportable.py` for the documents), and the lower app reads those modules when
the apps are ready, as the admin reads each app's `admin.py`. It imports no feature by name:
it finds the modules among the installed apps."""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def declared_in(module_name: str) -> list[ModuleType]:
    """Every installed app's module of this name, in the order of INSTALLED_APPS."""
    return [
        import_module(f"{config.name}.{module_name}")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, module_name)
    ]
