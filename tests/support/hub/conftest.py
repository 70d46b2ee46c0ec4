"""The fake Hub on loopback for the whole session."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # loopback.py
from loopback import free_port, serve  # noqa: E402


# Tree listings a few entries a page, so that every listing the official client reads here crosses pages.
TREE_PAGE = 3


@pytest.fixture(scope="session")
def hub():
    os.environ["FAKE_HUB_TREE_PAGE"] = str(TREE_PAGE)
    os.environ["FAKE_HUB_DISCUSSION_PAGE"] = "2"  # and discussions two a page
    port = free_port()
    with serve([os.path.join(HERE, "fake_hub.py"), str(port)], "/health", port, timeout_s=30) as url:
        yield url


@pytest.fixture(scope="session")
def cli():
    """The `together-hub` command-line tool, built from this workspace."""
    import json
    import subprocess

    root = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
    subprocess.run(["cargo", "build", "-q", "-p", "together-hub"], cwd=root, check=True)
    meta = json.loads(subprocess.run(["cargo", "metadata", "-q", "--no-deps", "--format-version", "1"], cwd=root,
                                     check=True, capture_output=True, text=True).stdout)
    return os.path.join(meta["target_directory"], "debug", "together-hub")
