"""A real argilla-server on loopback for the whole session, seeded with the official SDK."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # the tests import queries.py


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def argilla():
    port = free_port()
    home = tempfile.mkdtemp(prefix="together-argilla-")
    log = open(os.path.join(home, "server.log"), "w")
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "serve.py"), str(port), home], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                if httpx.get(f"{url}/api/v1/version", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                raise RuntimeError(open(os.path.join(home, "server.log")).read()[-3000:])
            time.sleep(0.5)
        else:
            raise RuntimeError("argilla-server did not start within 120 s")
        seeded = subprocess.run([sys.executable, os.path.join(HERE, "seed.py"), url], check=True, capture_output=True, text=True)
        ids = json.loads(seeded.stdout.strip().splitlines()[-1])
        yield {"url": url, "api": f"{url}/api/v1", **ids}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
