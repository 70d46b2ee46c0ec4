"""A real argilla-server on loopback for the whole session, seeded with the official SDK."""

import json
import os
import subprocess
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # loopback.py
sys.path.insert(0, HERE)  # queries.py, for the tests
from loopback import free_port, serve  # noqa: E402


@pytest.fixture(scope="session")
def argilla():
    port = free_port()
    home = tempfile.mkdtemp(prefix="together-argilla-")
    with serve([os.path.join(HERE, "serve.py"), str(port), home], "/api/v1/version", port, log_path=os.path.join(home, "server.log")) as url:
        seeded = subprocess.run([sys.executable, os.path.join(HERE, "seed.py"), url], check=True, capture_output=True, text=True)
        ids = json.loads(seeded.stdout.strip().splitlines()[-1])
        yield {"url": url, "api": f"{url}/api/v1", **ids}
