"""Start a test peer on a free loopback port and wait until it answers; stop it afterwards."""

import contextlib
import socket
import subprocess
import sys
import time
from typing import Iterator, List, Optional

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(args: List[str], ready_path: str, port: int, timeout_s: float = 120, log_path: Optional[str] = None) -> Iterator[str]:
    """Run `python *args` and yield its base URL once `GET ready_path` answers 200."""
    log = open(log_path, "w") if log_path else None
    server = subprocess.Popen([sys.executable, *args], stdout=log, stderr=subprocess.STDOUT if log else None)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{url}{ready_path}", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                detail = open(log_path).read()[-3000:] if log_path else ""
                raise RuntimeError(f"{args[0]} did not start on {url}\n{detail}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        if log:
            log.close()
