"""Production settings come from the environment and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _meahub(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "meahub.cli", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _meahub(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        MEAHUB_ENV="production",
        SECRET_KEY="x" * 60 + "-unique-enough-for-the-check-8f3k2",
        ALLOWED_HOSTS="meahub.example.org",
        MEAHUB_VAR_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    result = _meahub(
        "check",
        MEAHUB_ENV="production",
        ALLOWED_HOSTS="meahub.example.org",
        MEAHUB_VAR_DIR=str(tmp_path),
        SECRET_KEY="",
    )

    assert result.returncode != 0
    assert "The environment variable SECRET_KEY must be set." in result.stderr


def test_a_bad_boolean_names_the_variable(tmp_path):
    result = _meahub("check", DEBUG="maybe", MEAHUB_VAR_DIR=str(tmp_path))

    assert "DEBUG='maybe' is not a boolean (use true or false)." in result.stderr
