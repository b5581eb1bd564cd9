"""Configuration from the environment is parsed strictly: a bad value names its variable."""

from pathlib import Path

import pytest

from govwatch.core.config import ConfigError, load_config


def test_defaults_use_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    cfg = load_config({"GOVWATCH_DATA_DIR": str(tmp_path)})
    assert cfg.database_url == f"sqlite:///{tmp_path / 'govwatch.sqlite3'}"
    assert cfg.broker_url == "" and cfg.debug is False and cfg.probes_per_day >= 20
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0
    assert load_config({"GOVWATCH_DATA_DIR": str(tmp_path)}).secret_key == cfg.secret_key


@pytest.mark.parametrize("name, value, words", [
    ("GOVWATCH_DEBUG", "maybe", "应为 true 或 false"),
    ("GOVWATCH_PROBES_PER_DAY", "ten", "应为整数"),
    ("GOVWATCH_PROBES_PER_DAY", "19", "不能小于 20"),
    ("DATABASE_URL", "mysql://x/y", "postgres://"),
    ("CELERY_BROKER_URL", "kafka://x", "redis://"),
])
def test_bad_values_stop_start_up_naming_the_variable(tmp_path: Path, name: str, value: str, words: str) -> None:
    with pytest.raises(ConfigError) as exc:
        load_config({"GOVWATCH_DATA_DIR": str(tmp_path), name: value})
    assert name in str(exc.value) and words in str(exc.value)


def test_bad_value_stops_django_start_up(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "GOVWATCH_DATA_DIR": str(tmp_path), "GOVWATCH_DEBUG": "maybe"}
    code = "from govwatch.services.platform import setup; setup()"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "ConfigError" in proc.stderr and "GOVWATCH_DEBUG" in proc.stderr


@pytest.mark.parametrize("value", ["/etc/passwd", "/proc/nope"])
def test_unusable_data_dir_names_the_variable(value: str) -> None:
    with pytest.raises(ConfigError) as exc:
        load_config({"GOVWATCH_DATA_DIR": value})
    assert "GOVWATCH_DATA_DIR" in str(exc.value) and value in str(exc.value)


@pytest.mark.parametrize("env, words", [
    ({"GOVWATCH_DATA_DIR": "/etc/passwd"}, "GOVWATCH_DATA_DIR"),
    ({"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"}, "无法连接数据库"),
])
def test_platform_start_up_errors_exit_2_without_a_traceback(tmp_path: Path, env: dict[str, str], words: str) -> None:
    import os
    import subprocess
    import sys

    full = {**os.environ, "GOVWATCH_DATA_DIR": str(tmp_path), **env}
    for argv in (["probe", "--once"], ["sites", "export", str(tmp_path / "out.yaml")]):
        proc = subprocess.run([sys.executable, "-m", "govwatch", *argv], env=full, capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert words in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_resolve_map_is_parsed_strictly(tmp_path: Path) -> None:
    cfg = load_config({"GOVWATCH_DATA_DIR": str(tmp_path),
                       "GOVWATCH_RESOLVE": "WWW.A.gov.cn:443:10.1.2.3, www.b.gov.cn:80:[::1]"})
    assert cfg.resolve_map == {("www.a.gov.cn", 443): "10.1.2.3", ("www.b.gov.cn", 80): "::1"}
    for bad in ("www.a.gov.cn:443", "www.a.gov.cn:https:10.1.2.3", "www.a.gov.cn:70000:10.1.2.3"):
        with pytest.raises(ConfigError, match="GOVWATCH_RESOLVE"):
            load_config({"GOVWATCH_DATA_DIR": str(tmp_path), "GOVWATCH_RESOLVE": bad})
