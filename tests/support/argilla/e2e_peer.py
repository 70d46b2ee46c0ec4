"""The real argilla-server for the end-to-end tests: start it on a free loopback port, seed it with the SDK, print
one JSON line (its URL, dataset ids and the annotators' API keys), and serve until terminated."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from loopback import free_port, serve  # noqa: E402

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
port = free_port()
home = tempfile.mkdtemp(prefix="together-e2e-argilla-")
with serve([os.path.join(HERE, "serve.py"), str(port), home], "/api/v1/version", port, log_path=os.path.join(home, "server.log")) as url:
    seeded = subprocess.run([sys.executable, os.path.join(HERE, "seed.py"), url], check=True, capture_output=True, text=True)
    ids = json.loads(seeded.stdout.strip().splitlines()[-1])
    print(json.dumps({"url": url, "home": home, **ids}), flush=True)
    try:
        while True:
            time.sleep(3600)
    except (KeyboardInterrupt, SystemExit):
        pass
