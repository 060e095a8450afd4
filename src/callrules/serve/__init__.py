"""callrules over HTTP: an ASGI service and a page for applicants (``pip install
'callrules[serve]'``).

``create_app(call_dir=None)`` builds the application (FastAPI, served by uvicorn); the command
``callrules serve`` runs it. Routes: ``GET /calls``, ``GET /calls/{id}``,
``GET /calls/{id}/schema``, ``POST /calls/{id}/check``, ``GET /openapi.json``, ``GET /health``,
and the page at ``/page/``. See ``docs/how-to/serve-over-http.md``.

This module imports nothing of the extra until it is used, so that the command line can say
clearly when the extra is missing.
"""

from __future__ import annotations

import argparse
import os
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from callrules.serve._app import create_app

__all__ = ["create_app", "main"]

#: What ``pip install 'callrules[serve]'`` brings, by the module it provides.
EXTRA = ("fastapi", "uvicorn")


def missing() -> list[str]:
    """The modules of the ``serve`` extra that cannot be imported."""
    return [name for name in EXTRA if find_spec(name) is None]


def main(args: argparse.Namespace, err: TextIO) -> int:
    """Run the service as ``callrules serve`` was asked (``--host``, ``--port``,
    ``--call-dir``, ``--workers``, ``--max-concurrent``, ``--max-concurrent-batches``);
    returns the exit code."""
    absent = missing()
    if absent:
        err.write(f"callrules serve needs the 'serve' extra ({', '.join(absent)} missing): "
                  "pip install 'callrules[serve]'\n")
        return 2
    uvicorn = import_module("uvicorn")
    app_module = import_module("callrules.serve._app")
    options: dict[str, Any] = {"host": args.host, "port": args.port, "log_level": "info",
                               "proxy_headers": False, "server_header": False}
    if args.workers > 1:  # each worker process builds its own application
        if args.call_dir:
            os.environ[app_module.CALL_DIR_VARIABLE] = args.call_dir
        os.environ[app_module.CONCURRENT_VARIABLE] = \
            f"{args.max_concurrent},{args.max_concurrent_batches}"
        uvicorn.run("callrules.serve._app:create_app_from_environment", factory=True,
                    workers=args.workers, **options)
    else:
        uvicorn.run(app_module.create_app(
            args.call_dir, max_concurrent=args.max_concurrent,
            max_concurrent_batches=args.max_concurrent_batches), **options)
    return 0


def __getattr__(name: str) -> Any:
    if name == "create_app":
        return import_module("callrules.serve._app").create_app
    raise AttributeError(f"module 'callrules.serve' has no attribute {name!r}")
