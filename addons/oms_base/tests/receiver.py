"""A loopback endpoint standing for our webhook controller, for the plain
tests of the sandboxes' pushes: it keeps what it receives."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((dict(self.headers), body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, fmt, *args):
        pass


def start_receiver(path, status=200):
    """A started receiver: ``received`` ``[(headers, body)]``, the
    ``status`` it answers, its ``url`` (``path`` on a free port)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    httpd.received = []
    httpd.status = status
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}{path}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def stop_receiver(httpd):
    httpd.shutdown()
    httpd.server_close()
