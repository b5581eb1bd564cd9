"""Fixtures for probe tests: the sample server (with an empty-body host), a closed port, registered sites."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest
from probekit import EMPTY_HOST

from govwatch.sample.server import ServerThread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    """Sample site + fault routes on 127.0.0.1; ``EMPTY_HOST`` answers 200 with an empty body."""
    empty = tmp_path_factory.mktemp("empty")
    (empty / "index.html").write_bytes(b"")
    with ServerThread(roots={EMPTY_HOST: empty}) as srv:
        yield srv


@pytest.fixture(scope="module")
def resolve(server: ServerThread) -> dict[tuple[str, int], str]:
    """Pins ``EMPTY_HOST`` at the server's port to 127.0.0.1 (as curl --resolve)."""
    return {(EMPTY_HOST, server.port): "127.0.0.1"}


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def make_site() -> Callable[..., object]:
    """``make_site(home_url, name=…, probes_per_day=None)`` → a registered Site of one unit (the test
    needs the django_db mark)."""
    from govwatch.storage.models import Site, Unit

    def make(home_url: str, name: str = "示例县人民政府", probes_per_day: int | None = None) -> Site:
        unit, _ = Unit.objects.get_or_create(name="示例县人民政府办公室", defaults={"level": "县"})
        return Site.objects.create(name=name, home_url=home_url, unit=unit, level="县",
                                   probes_per_day=probes_per_day)

    return make

