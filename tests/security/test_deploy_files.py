"""deploy/ for several machines (issue 15, item 6) cannot be run here (no Docker engine, no cluster): what can be
checked without one is. Every YAML file parses; HAProxy accepts the compose configuration; every file a Dockerfile
copies exists; the Kubernetes objects are the expected kinds, run as non-root, have readiness probes and carry no
secret inline; the compose file takes every secret from the environment."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SECRETS = ("POSTGRES_PASSWORD", "REDIS_PASSWORD", "STAFF_TOKEN", "INTERNAL_TOKEN", "RASA_TOKEN", "ACTIONS_TOKEN",
           "WECHAT_TOKEN", "SESSION_SECRET")


def _k8s() -> list[dict]:
    return [doc for doc in yaml.safe_load_all((DEPLOY / "k8s" / "baiwen.yaml").read_text(encoding="utf-8")) if doc]


@pytest.mark.parametrize("path", sorted(p.relative_to(DEPLOY).as_posix() for p in DEPLOY.rglob("*.y*ml")))
def test_every_yaml_file_parses(path: str) -> None:
    assert list(yaml.safe_load_all((DEPLOY / path).read_text(encoding="utf-8")))


def test_haproxy_accepts_the_compose_configuration() -> None:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():  # `make` installs it (mk/prod.mk prod-deps): a missing one is a broken set-up
        pytest.fail("haproxy is not installed: run make prod-deps")
    done = subprocess.run([haproxy, "-c", "-f", str(DEPLOY / "compose" / "haproxy.cfg")], capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("dockerfile", sorted(p.name for p in (DEPLOY / "docker").glob("*.Dockerfile")))
def test_every_file_a_dockerfile_copies_exists(dockerfile: str) -> None:
    text = (DEPLOY / "docker" / dockerfile).read_text(encoding="utf-8").replace("\\\n", " ")
    sources = [src for line in text.splitlines() if line.startswith("COPY ")
               for src in line.split()[1:-1] if not src.startswith(("--", "${"))]
    assert sources
    missing = [src for src in sources if not list(ROOT.glob(src))]
    assert missing == [], missing
    assert re.search(r"^USER 10001$", text, re.M), "the image must not run as root"


def test_compose_takes_every_secret_from_the_environment() -> None:
    compose = (DEPLOY / "compose" / "compose.yaml").read_text(encoding="utf-8")
    spec = yaml.safe_load(compose)
    assert {"postgres", "redis", "migrate", "actions", "rasa", "gateway", "lb"} <= set(spec["services"])
    for name in ("actions", "rasa", "gateway"):
        assert spec["services"][name]["deploy"]["replicas"] >= 2, name
    for secret in SECRETS:
        for value in re.findall(rf"{secret}: (\S+)", compose):
            assert value.startswith("${"), f"{secret} is written into compose.yaml: {value}"


def test_kubernetes_objects_are_complete_and_hold_no_secret() -> None:
    docs = _k8s()
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs}
    assert {("Deployment", "gateway"), ("Deployment", "rasa"), ("Deployment", "actions"), ("Job", "baiwen-migrate"),
            ("Service", "gateway"), ("Service", "rasa"), ("Service", "actions"),
            ("PersistentVolumeClaim", "baiwen-knowledge"), ("Ingress", "baiwen")} <= kinds
    assert not any(d["kind"] == "Secret" for d in docs)
    config = next(d for d in docs if d["kind"] == "ConfigMap")["data"]
    assert not set(config) & set(SECRETS)
    for d in docs:
        if d["kind"] != "Deployment":
            continue
        pod = d["spec"]["template"]["spec"]
        assert d["spec"]["replicas"] >= 2 and pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"]:
            assert "readinessProbe" in container, d["metadata"]["name"]
            assert {"secretRef": {"name": "baiwen-secrets"}} in container["envFrom"]
