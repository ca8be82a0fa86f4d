"""Generated files stay in step with the code: openapi.yaml and .env.example."""

from __future__ import annotations

from pathlib import Path

import yaml

from lightvibes.api._openapi import openapi_yaml
from lightvibes.config import env_example

ROOT = Path(__file__).resolve().parents[1]


def test_openapi_yaml_matches_the_app() -> None:
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == openapi_yaml(), "openapi.yaml is stale: run `make openapi`"


def test_openapi_documents_every_status_with_an_example() -> None:
    document = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                assert response.get("description"), (method, path, status)
                if not status.startswith(("4", "5")):
                    continue
                if path == "/readyz":  # a probe answers its own small JSON, not a problem
                    assert response["content"]["application/json"]["example"]["status"]
                else:
                    problem = response["content"]["application/problem+json"]
                    assert problem["example"]["status"] == int(status), (method, path, status)


def test_env_example_lists_every_setting() -> None:
    committed = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert committed == env_example(), ".env.example is stale: run `make env-example`"


def test_seed_path_env_example_is_the_same_file() -> None:
    seed_copy = ROOT / "LIGHTVIBES" / ".env.example"
    assert seed_copy.is_symlink()
    assert seed_copy.read_text(encoding="utf-8") == (ROOT / ".env.example").read_text("utf-8")
