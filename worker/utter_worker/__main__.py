"""Serve the worker with uvicorn on any machine: python -m utter_worker [--host H] [--port P].

Everything else is configured with UTTER_* environment variables (see docs/worker.md).
"""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import sys

import uvicorn

from .app import create_app
from .config import Settings
from .engines import load_engine
from .listening import load_listener


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utter_worker", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=os.environ.get("UTTER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("UTTER_PORT", "8000")))
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    settings = Settings.from_env()
    # An open GPU on a network interface is an invitation; refuse it unless asked for explicitly.
    if not settings.auth_token and not is_loopback(args.host) and os.environ.get("UTTER_ALLOW_NO_AUTH") != "1":
        print(f"refusing to listen on {args.host} without UTTER_AUTH_TOKEN (set UTTER_ALLOW_NO_AUTH=1 to insist)",
              file=sys.stderr)
        return 2
    engine = load_engine(settings)
    app = create_app(engine, settings, listener=load_listener(settings))
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
