"""The apps stand in layers (the contracts in pyproject.toml, [tool.importlinter]): the
tenant kernel (accounts, districts) imports no feature, and each app imports only the layers
below it. A new import that breaks the layering fails here, with the chain of imports."""

from pathlib import Path

from django.conf import settings
from importlinter.cli import lint_imports


def test_the_apps_keep_their_layers(monkeypatch, capsys):
    monkeypatch.chdir(Path(settings.BASE_DIR))
    exit_code = lint_imports(config_filename="pyproject.toml", no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report
    assert "3 kept, 0 broken" in report


def test_a_forbidden_import_would_be_caught(tmp_path, monkeypatch, capsys):
    """The contracts can fail: a kernel importing a feature breaks a contract of this kind
    (on two packages made here, named apart from the project's own)."""
    for package in ("kernel_probe", "feature_probe"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "kernel_probe" / "home.py").write_text("from feature_probe import selectors\n")
    (tmp_path / "feature_probe" / "selectors.py").write_text("")
    (tmp_path / "setup.cfg").write_text(
        "[importlinter]\nroot_packages =\n    kernel_probe\n    feature_probe\n\n"
        "[importlinter:contract:kernel]\nname = The kernel imports no feature\n"
        "type = forbidden\nsource_modules = kernel_probe\nforbidden_modules = feature_probe\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert lint_imports(config_filename="setup.cfg", no_cache=True, no_logo=True) == 1
    assert "kernel_probe.home -> feature_probe.selectors" in capsys.readouterr().out
