"""Platform configuration from environment variables, parsed strictly at start-up.

A bad value stops start-up with a ConfigError naming the variable and saying what is expected
(DESIGN.md §4). Precedence: defaults → environment → rulebook → per-site override → CLI flag; this
module covers the first two.

Variables (all optional):
- ``GOVWATCH_DATA_DIR``: folder for the SQLite database, reports and evidence (default ``./var``).
- ``DATABASE_URL``: e.g. ``postgres://user@127.0.0.1:5432/govwatch``; default SQLite in the data folder.
- ``CELERY_BROKER_URL``: e.g. ``redis://127.0.0.1:6379/0``; unset = tasks run in-process (embedded default).
- ``GOVWATCH_SECRET_KEY``: Django secret; unset = a random one kept in ``DATA_DIR/secret.key``.
- ``GOVWATCH_DEBUG``: ``true``/``false`` (default false).
- ``GOVWATCH_ALLOWED_HOSTS``: comma-separated host names (default ``127.0.0.1,localhost``).
- ``GOVWATCH_PROBES_PER_DAY``: availability probes per site per day, ≥ 20 (国办秘函〔2019〕19号: ≥20 a day).
- ``GOVWATCH_WORKER_ID``: name of this worker in claims (default host name + pid).
- ``GOVWATCH_SCAN_LEASE``: seconds a claimed scan may go without a heartbeat before it counts as lost with
  its worker and is run again (default 300, ≥ 1).
- ``GOVWATCH_SCAN_SLOTS``: scans queued or running at once across the fleet; the dispatcher claims no more
  (default 8, ≥ 1).
- ``GOVWATCH_DISPATCH_SECONDS``: how often ``govwatch beat`` dispatches due scans and probes (default 30, ≥ 1).
- ``GOVWATCH_PROOFREADERS``: proofreader accounts (校对员) ``govwatch proofread-users ensure`` keeps (default 3, ≥ 1).
- ``GOVWATCH_RESOLVE``: host addresses for scheduled scans, probes and re-checks, as ``curl --resolve`` takes
  them, comma-separated: ``www.example.gov.cn:443:10.1.2.3,www.other.gov.cn:80:10.1.2.4`` (an intranet
  whose DNS does not know the public names, or a site behind a fixed address); default none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


class ConfigError(ValueError):
    """A configuration variable has a bad value; the message names it (Chinese)."""


@dataclass(frozen=True)
class Config:
    """Parsed configuration; see the module docstring for each field's variable."""

    data_dir: Path
    database_url: str
    broker_url: str
    secret_key: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    probes_per_day: int
    worker_id: str
    scan_lease_seconds: int = 300
    scan_slots: int = 8
    dispatch_seconds: int = 30
    proofreaders: int = 3
    resolve: tuple[tuple[str, int, str], ...] = ()

    @property
    def resolve_map(self) -> dict[tuple[str, int], str]:
        """``GOVWATCH_RESOLVE`` as the crawl and probe layers take it: {(host, port): address}."""
        return {(host, port): addr for host, port, addr in self.resolve}


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"环境变量 {name} 的值 {raw!r} 无效：应为 true 或 false")


def _int(env: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 的值 {raw!r} 无效：应为整数") from None
    if value < minimum:
        raise ConfigError(f"环境变量 {name} 的值 {value} 无效：不能小于 {minimum}")
    return value


def _url(env: Mapping[str, str], name: str, schemes: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip()
    if raw and raw.split("://", 1)[0] not in schemes:
        raise ConfigError(f"环境变量 {name} 的值 {raw!r} 无效：应以 {' / '.join(s + '://' for s in schemes)} 开头")
    return raw


def _resolve(env: Mapping[str, str]) -> tuple[tuple[str, int, str], ...]:
    """GOVWATCH_RESOLVE → ((host, port, address), …); ConfigError naming the bad item."""
    out: list[tuple[str, int, str]] = []
    for item in (i.strip() for i in env.get("GOVWATCH_RESOLVE", "").split(",")):
        if not item:
            continue
        host, _, rest = item.partition(":")
        port, _, addr = rest.partition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536 or not addr.strip("[]"):
            raise ConfigError(f"环境变量 GOVWATCH_RESOLVE 中的 {item!r} 无效：应为 主机:端口:地址，"
                              "如 www.example.gov.cn:443:10.1.2.3，多项用逗号分隔")
        out.append((host.lower(), int(port), addr.strip("[]")))
    return tuple(out)


def _secret(env: Mapping[str, str], data_dir: Path) -> str:
    if env.get("GOVWATCH_SECRET_KEY"):
        return env["GOVWATCH_SECRET_KEY"]
    path = data_dir / "secret.key"
    if not path.exists():
        import secrets

        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


def _data_dir(env: Mapping[str, str]) -> Path:
    """GOVWATCH_DATA_DIR resolved and created; ConfigError when it is a file or cannot be created."""
    raw = env.get("GOVWATCH_DATA_DIR") or "var"
    path = Path(raw).expanduser().resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"环境变量 GOVWATCH_DATA_DIR 的值 {raw!r} 无效：它是一个文件，应为（可创建的）目录")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"环境变量 GOVWATCH_DATA_DIR 的值 {raw!r} 无效：无法创建目录（{exc.strerror or exc}）") from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise ConfigError(f"环境变量 GOVWATCH_DATA_DIR 的值 {raw!r} 无效：目录不可写")
    return path


def load_config(env: Mapping[str, str] | None = None) -> Config:
    """Parse the environment (default ``os.environ``) into a Config; raises ConfigError on a bad value."""
    env = os.environ if env is None else env
    data_dir = _data_dir(env)
    db = _url(env, "DATABASE_URL", ("sqlite", "postgres", "postgresql", "pgsql"))
    hosts = tuple(h.strip() for h in env.get("GOVWATCH_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip())
    return Config(
        data_dir=data_dir,
        database_url=db or f"sqlite:///{data_dir / 'govwatch.sqlite3'}",
        broker_url=_url(env, "CELERY_BROKER_URL", ("redis", "rediss", "amqp", "memory", "filesystem", "sqla+sqlite")),
        secret_key=_secret(env, data_dir),
        debug=_bool(env, "GOVWATCH_DEBUG", False),
        allowed_hosts=hosts,
        probes_per_day=_int(env, "GOVWATCH_PROBES_PER_DAY", 24, 20),
        worker_id=env.get("GOVWATCH_WORKER_ID") or f"{os.uname().nodename}-{os.getpid()}",
        scan_lease_seconds=_int(env, "GOVWATCH_SCAN_LEASE", 300, 1),
        scan_slots=_int(env, "GOVWATCH_SCAN_SLOTS", 8, 1),
        dispatch_seconds=_int(env, "GOVWATCH_DISPATCH_SECONDS", 30, 1),
        proofreaders=_int(env, "GOVWATCH_PROOFREADERS", 3, 1),
        resolve=_resolve(env),
    )
