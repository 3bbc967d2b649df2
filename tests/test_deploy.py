"""What deploys Waypoint, checked offline: docker-compose.yml against the Compose
Specification's schema (the copy check-jsonschema ships), the Kubernetes manifests against
Kubernetes' own schemas (the copies kubernetes-validate ships, strictly: an unknown field
fails), the Dockerfile; and what each must do: migrate once before the new release serves,
probe, restart, keep the data, run one beat."""

import re
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import latest_version

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KUBERNETES = ROOT / "deploy" / "kubernetes"
# The oldest Kubernetes docs/operations.md says the manifests need, and the newest schemas.
KUBERNETES_VERSIONS = ["1.29", latest_version()]
APP_SERVICES = {"migrate", "web", "worker", "mail-worker", "beat"}


# ---------------------------------------------------------------- docker-compose.yml


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # <<: merges resolved


def compose_schema_errors(path: Path) -> str:
    """check-jsonschema's verdict against the Compose Specification's schema ('' if valid)."""
    checked = subprocess.run(  # noqa: S603 — the locked tool on our own file
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return "" if checked.returncode == 0 else checked.stdout + checked.stderr


def test_the_compose_file_follows_the_compose_specification(tmp_path):
    assert compose_schema_errors(ROOT / "docker-compose.yml") == ""
    broken = (ROOT / "docker-compose.yml").read_text()
    broken = broken.replace("service_completed_successfully", "service_finished", 1)
    (tmp_path / "docker-compose.yml").write_text(broken)
    assert "is not valid" in compose_schema_errors(tmp_path / "docker-compose.yml")


def test_compose_migrates_once_before_the_app_starts(compose):
    services = compose["services"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"].get("restart", "no") == "no"  # a step, not a server
    for name in ("web", "worker", "mail-worker", "beat"):
        waits_for = services[name]["depends_on"]["migrate"]
        assert waits_for == {"condition": "service_completed_successfully"}, name
    for name, service in services.items():
        if name != "migrate":
            assert "migrate" not in str(service.get("command", "")), name
        assert "collectstatic" not in str(service.get("command", "")), name  # in the image


def test_every_long_running_service_restarts_and_is_checked(compose):
    for name, service in compose["services"].items():
        if name == "migrate":
            continue
        assert service["restart"] == "unless-stopped", name
        assert service["healthcheck"]["test"] and not service["healthcheck"].get("disable"), name
    web = compose["services"]["web"]
    assert web["healthcheck"]["test"] == ["CMD", "python", "scripts/probe.py", "/health/ready"]
    assert web["command"] == ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]


def test_compose_down_v_cannot_delete_the_data(compose):
    """`docker compose down -v` removes the volumes compose made, never an external one."""
    used = {
        mount.split(":", 1)[0]
        for service in compose["services"].values()
        for mount in service.get("volumes", [])
    }
    assert used == {"postgres-data", "redis-data", "media"}
    for name in used:
        assert compose["volumes"][name]["external"] is True, name
        assert compose["volumes"][name]["name"].startswith("waypoint-"), name


def test_the_app_services_share_one_image_and_its_settings(compose):
    services = compose["services"]
    assert {services[name]["image"] for name in APP_SERVICES} == {
        "${WAYPOINT_IMAGE:-waypoint:local}"
    }
    assert all(services[name]["env_file"] == ".env" for name in APP_SERVICES)
    assert "replicas" not in str(services["beat"])  # one beat


# ---------------------------------------------------------------- Dockerfile


@pytest.fixture(scope="module")
def dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments left out."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def stages(instructions: list[str]) -> list[list[str]]:
    found = []
    for line in instructions:
        if line.startswith("FROM "):
            found.append([])
        found[-1].append(line)
    return found


def test_the_image_is_built_in_two_stages(dockerfile):
    build, runtime = stages(dockerfile)
    assert build[0].endswith(" AS build") and runtime[0].endswith(" AS runtime")
    # the locked dependencies, installed in the build stage before any code is copied
    assert any(line.startswith("RUN uv sync --locked") for line in build)
    assert not any(line.startswith("COPY . ") for line in build)
    assert "COPY --from=build /venv /venv" in runtime
    assert not any("uv" in line.split() for line in runtime)  # no uv in what runs


def test_the_image_runs_as_a_user_with_static_files_and_a_health_check(dockerfile):
    runtime = stages(dockerfile)[-1]
    users = [line.split()[1] for line in runtime if line.startswith("USER ")]
    assert users == ["10001:10001"]  # by number: Kubernetes' runAsNonRoot can check it
    user_at = next(i for i, line in enumerate(runtime) if line.startswith("USER "))
    collect = next(i for i, line in enumerate(runtime) if "manage.py collectstatic" in line)
    assert collect < user_at  # built into the image, as root, read-only for the app
    assert "DJANGO_SECRET_KEY=" in runtime[collect]  # for that step only, in no ENV
    assert not any("SECRET" in line for line in runtime if line.startswith("ENV "))
    [check] = [line for line in runtime if line.startswith("HEALTHCHECK ")]
    assert 'CMD ["python", "scripts/probe.py", "/health/live"]' in check
    [command] = [line for line in runtime if line.startswith("CMD ")]
    assert command == 'CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]'


def test_the_image_leaves_out_what_it_never_needs():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".env", "data", "staticfiles", "tests"} <= ignored


def test_gunicorns_settings_load(tmp_path):
    checked = subprocess.run(  # noqa: S603 — the locked gunicorn on our own settings
        [BIN / "gunicorn", "--check-config", "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "WEB_CONCURRENCY": "3",
            "WEB_THREADS": "8",
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_probe_script_says_what_answers(live_server, capsys):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import probe
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    port = int(live_server.url.rsplit(":", 1)[1])
    assert probe.main("/health/live", port) == 0
    assert probe.main("/health/ready", port) == 0
    assert capsys.readouterr().out == "process: ok\ndatabase: ok\nmigrations: ok\n"
    assert probe.main("/health/nothing-here", port) == 1
    assert probe.main("/health/live", port=1) == 1
    assert "no answer at port 1" in capsys.readouterr().out


# ---------------------------------------------------------------- Kubernetes


def manifests() -> dict[str, list[dict]]:
    return {
        path.name: [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
        for path in sorted(KUBERNETES.glob("*.yaml"))
        if path.name != "kustomization.yaml"
    }


def resources() -> dict[tuple[str, str], dict]:
    return {
        (doc["kind"], doc["metadata"]["name"]): doc for docs in manifests().values() for doc in docs
    }


def pod_specs() -> dict[str, dict]:
    return {
        name: doc["spec"]["template"]["spec"]
        for (kind, name), doc in resources().items()
        if kind in ("Deployment", "Job")
    }


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_the_manifests_follow_the_kubernetes_schemas(version):
    checked = 0
    for docs in manifests().values():
        for doc in docs:
            kubernetes_validate.validate(doc, version, strict=True)
            checked += 1
    assert checked == 11


def test_the_schema_check_finds_a_mistake():
    web = resources()["Deployment", "waypoint-web"]
    container = web["spec"]["template"]["spec"]["containers"][0]
    container["livenesProbe"] = container.pop("livenessProbe")  # a typo
    with pytest.raises(kubernetes_validate.ValidationError, match="livenesProbe"):
        kubernetes_validate.validate(web, latest_version(), strict=True)


def test_kustomize_applies_every_manifest_but_the_secrets_example():
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    assert set(kustomization["resources"]) == set(manifests()) - {"secret.example.yaml"}
    assert kustomization["namespace"] == "waypoint"


def test_web_has_replicas_probes_and_a_disruption_budget():
    web = resources()["Deployment", "waypoint-web"]
    assert web["spec"]["replicas"] >= 2
    assert web["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    [container] = web["spec"]["template"]["spec"]["containers"]
    assert container["command"] == ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
    assert container["startupProbe"]["httpGet"]["path"] == "/health/live"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    budget = resources()["PodDisruptionBudget", "waypoint-web"]
    assert budget["spec"]["minAvailable"] == 1
    labels = web["spec"]["template"]["metadata"]["labels"]
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
    service = resources()["Service", "waypoint-web"]
    assert service["spec"]["selector"].items() <= labels.items()


def test_workers_scale_and_beat_is_exactly_one():
    worker = resources()["Deployment", "waypoint-worker"]
    assert worker["spec"]["replicas"] >= 2
    beat = resources()["Deployment", "waypoint-beat"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}  # the old stops before the new
    [container] = beat["spec"]["template"]["spec"]["containers"]
    assert container["command"][:4] == ["celery", "-A", "config", "beat"]


def _queues(command: list[str]) -> set[str]:
    return set(command[command.index("-Q") + 1].split(","))


def test_the_emails_and_the_pdfs_have_workers_of_their_own(compose):
    """A mail server that hangs holds only mail workers; a long packet only PDF workers."""
    services = compose["services"]
    assert _queues(services["worker"]["command"]) == {"celery"}
    assert _queues(services["mail-worker"]["command"]) == {"mail"}
    for name, queue in (("waypoint-worker", "celery"), ("waypoint-mail-worker", "mail")):
        [container] = pod_specs()[name]["containers"]
        assert container["command"][:4] == ["celery", "-A", "config", "worker"], name
        assert _queues(container["command"]) == {queue}, name
    mail = resources()["Deployment", "waypoint-mail-worker"]
    [container] = mail["spec"]["template"]["spec"]["containers"]
    concurrency = int(container["command"][-1].removeprefix("--concurrency="))
    config = resources()["ConfigMap", "waypoint-config"]["data"]
    assert int(config["EMAIL_SENDERS"]) == mail["spec"]["replicas"] * concurrency


def test_the_migrate_job_migrates_and_the_others_wait_for_it():
    job = resources()["Job", "waypoint-migrate"]
    spec = job["spec"]["template"]["spec"]
    assert spec["restartPolicy"] == "Never"
    assert spec["containers"][0]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    for name in ("waypoint-worker", "waypoint-mail-worker", "waypoint-beat"):
        [waiting] = pod_specs()[name]["initContainers"]
        assert "manage.py migrate --check" in waiting["command"][-1], name
    for name, pod in pod_specs().items():
        if name != "waypoint-migrate":
            commands = [str(c["command"]) for c in pod["containers"]]
            assert not any("manage.py migrate" in command for command in commands), name


def test_every_container_is_configured_by_the_configmap_and_the_secret_and_runs_unprivileged():
    config = resources()["ConfigMap", "waypoint-config"]["data"]
    secret = resources()["Secret", "waypoint-secrets"]["stringData"]
    assert not {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"} & set(config)
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= set(secret)
    for name, pod in pod_specs().items():
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] == 10001, name  # the image's USER
        for container in [*pod.get("initContainers", []), *pod["containers"]]:
            assert container["envFrom"] == [
                {"configMapRef": {"name": "waypoint-config"}},
                {"secretRef": {"name": "waypoint-secrets"}},
            ], name
            assert container["image"] == "waypoint", name  # set by kustomization.yaml
            assert container["securityContext"]["allowPrivilegeEscalation"] is False, name
            assert container["securityContext"]["readOnlyRootFilesystem"] is True, name
            mounts = {m["mountPath"] for m in container["volumeMounts"]}
            # gunicorn's control socket, beat's schedule, uploads: the only place to write
            assert "/tmp" in mounts, name  # noqa: S108
