"""Runs `phoenix serve` with its OTLP gRPC listener on 127.0.0.1 instead of [::].

Phoenix binds its gRPC port to every interface and has no setting for the address (its HTTP
server honours PHOENIX_HOST). The e2e suite binds every server to loopback, so this launcher
rewrites the address Phoenix passes to grpc.aio before handing over to Phoenix's own entry point.
"""
import sys

import grpc.aio._server as aio_server

_add_insecure_port = aio_server.Server.add_insecure_port


def _loopback(self, address):
    return _add_insecure_port(self, address.replace("[::]", "127.0.0.1", 1))


aio_server.Server.add_insecure_port = _loopback

from phoenix.server.main import main  # noqa: E402  (after the patch, on purpose)

sys.argv = ["phoenix", "serve"]
sys.exit(main())
