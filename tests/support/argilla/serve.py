"""Run the real argilla-server 2.8 on loopback for tests: SQLite, the in-memory search engine, fakeredis.

Usage: python serve.py PORT HOME_DIR
Prepares the database (migrations, the owner `argilla` / `12345678` / API key `argilla.apikey`) and serves until
killed. Only 127.0.0.1 is bound.
"""

import os
import subprocess
import sys

port = int(sys.argv[1])
home = os.path.abspath(sys.argv[2])
os.makedirs(home, exist_ok=True)
os.environ.update(
    {
        "ARGILLA_HOME_PATH": home,
        "ARGILLA_DATABASE_URL": f"sqlite+aiosqlite:///{home}/argilla.db?check_same_thread=False",
        "ARGILLA_AUTH_SECRET_KEY": "together-tests-only",
        "ARGILLA_SEARCH_ENGINE": "memory",
        "HF_HUB_OFFLINE": "1",
        "HF_HUB_DISABLE_TELEMETRY": "1",
    }
)

if not os.path.exists(os.path.join(home, "argilla.db")):
    run = lambda *args: subprocess.run([sys.executable, "-m", "argilla_server", *args], check=True)
    run("database", "migrate")
    run("database", "users", "create_default", "--password", "12345678", "--api-key", "argilla.apikey")

# Redis: one in-process fake, installed before argilla_server reads its settings (jobs are queued, never run).
import fakeredis  # noqa: E402
import redis  # noqa: E402

_fake = fakeredis.FakeStrictRedis()
redis.from_url = lambda *args, **kwargs: _fake
redis.Redis.from_url = classmethod(lambda cls, *args, **kwargs: _fake)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import memory_engine  # noqa: E402,F401  (registers the "memory" engine)
import uvicorn  # noqa: E402
from argilla_server import app  # noqa: E402

uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
