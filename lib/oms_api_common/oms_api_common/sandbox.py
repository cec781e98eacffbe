"""Building blocks of the marketplace emulators (sandboxes).

A sandbox is a real HTTP server on loopback speaking one marketplace's
protocol over an in-memory shop. This module holds what every emulator
needs: the threaded server and its route table, fault switches, the sender
of signed push messages, a "live" mode (buyer orders and push deliveries on
a timer) and the control page a person uses in a browser (``GET /``).
"""

import email.parser
import email.policy
import html
import json
import logging
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

from .redact import redact

_logger = logging.getLogger(__name__)


class Request:
    """What a route handler sees of an HTTP request."""

    def __init__(self, method, raw_path, headers, body):
        parts = urlsplit(raw_path)
        self.method = method
        self.path = parts.path
        self.query = dict(parse_qsl(parts.query, keep_blank_values=True))
        self.headers = headers
        self.body = body
        self.form = {}
        self.files = {}
        self._json = None
        content_type = headers.get("Content-Type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            self.form = dict(
                parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            )
        elif content_type.startswith("multipart/form-data"):
            self._parse_multipart(content_type)

    def _parse_multipart(self, content_type):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + self.body
        )
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_param("filename", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if filename:
                self.files[name] = (filename, payload)
            else:
                self.form[name] = payload.decode("utf-8", "replace")

    @property
    def params(self):
        """Query and form fields together, as marketplaces sign them."""
        return {**self.query, **self.form}

    def json(self):
        if self._json is None:
            self._json = json.loads(self.body or b"{}")
        return self._json


class FaultInjector:
    """Switches that make a sandbox misbehave like a real marketplace can."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.latency = 0.0
            self.rate_limited = 0
            self.rate_limit_ratio = 0.0
            # how long a throttled caller is told to wait, in seconds
            self.rate_limit_ban = 1
            self.rng = random.Random(0)
            self.server_error_count = 0
            self.server_error_status = 500
            self.outage_end = 0.0
            self.injected = {"rate_limit": 0, "server_error": 0, "outage": 0}

    def rate_limit_burst(self, count):
        with self.lock:
            self.rate_limited += count

    def rate_limit_share(self, ratio, seed=0):
        """Answer a random ``ratio`` of the calls with a 429 from now on."""
        with self.lock:
            self.rate_limit_ratio = ratio
            self.rng = random.Random(seed)

    def server_errors(self, count, status=500):
        with self.lock:
            self.server_error_count += count
            self.server_error_status = status

    def outage(self, seconds):
        self.outage_until(time.time() + seconds)

    def outage_until(self, timestamp):
        with self.lock:
            self.outage_end = timestamp

    def end_outage(self):
        self.outage_until(0.0)

    @property
    def in_outage(self):
        return time.time() < self.outage_end

    def next_fault(self):
        """Return which fault the next call gets: None, or its kind."""
        if self.latency:
            time.sleep(self.latency)
        with self.lock:
            if time.time() < self.outage_end:
                self.injected["outage"] += 1
                return "outage"
            if self.server_error_count:
                self.server_error_count -= 1
                self.injected["server_error"] += 1
                return "server_error"
            if self.rate_limited:
                self.rate_limited -= 1
                self.injected["rate_limit"] += 1
                return "rate_limit"
            if self.rate_limit_ratio and self.rng.random() < self.rate_limit_ratio:
                self.injected["rate_limit"] += 1
                return "rate_limit"
        return None


class PushSender:
    """Delivers push messages to a configured URL, optionally badly.

    ``send_batch`` is synchronous so tests know when deliveries are done.
    ``concurrency`` above 1 delivers that many at once, as a marketplace
    does at peak.
    """

    def __init__(self, timeout=10, concurrency=1):
        self.url = None
        self.timeout = timeout
        self.concurrency = concurrency
        self.deliveries = []
        self.lock = threading.Lock()

    def send_batch(self, messages, duplicates=0, shuffle=False, seed=None):
        """Send ``[(body bytes, headers)]``; return the deliveries made.

        ``duplicates`` re-sends that many messages (at-least-once delivery);
        ``shuffle`` delivers out of order.
        """
        if not self.url:
            return []
        rng = random.Random(seed)
        batch = list(messages)
        if duplicates and batch:
            batch += [rng.choice(batch) for _i in range(duplicates)]
        if shuffle:
            rng.shuffle(batch)
        if self.concurrency > 1 and len(batch) > 1:
            with ThreadPoolExecutor(self.concurrency) as pool:
                done = list(pool.map(self._send, batch))
        else:
            done = [self._send(message) for message in batch]
        with self.lock:
            self.deliveries.extend(done)
        return done

    def _send(self, message):
        body, headers = message
        started = time.monotonic()
        try:
            response = requests.post(
                self.url, data=body, headers=headers, timeout=self.timeout
            )
            status = response.status_code
        except requests.RequestException as err:
            _logger.info("Push to %s failed: %s", self.url, redact(err))
            status = None
        return {"status": status, "latency": time.monotonic() - started, "body": body}


class PushInbox:
    """A loopback endpoint standing for our webhook route, for tests.

    Point a sandbox's pushes at ``url``: ``received`` keeps what each
    delivery brought, as ``keep(headers, body)`` returns it (by default
    ``(headers, body)``), and each is answered ``status``.
    """

    def __init__(self, path="/", keep=None, status=200):
        self.path = path
        self.keep = keep or (lambda headers, body: (headers, body))
        self.status = status
        self.received = []
        self.url = None
        self.httpd = None

    def start(self):
        inbox = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                inbox.received.append(inbox.keep(dict(self.headers), body))
                self.send_response(inbox.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, fmt, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{self.path}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def submit_page_form(sandbox, form_name, **form):
    """Post a form of a sandbox's control page as a browser does; return
    ``(message, error)`` of the page it redirects to."""
    response = requests.post(
        f"{sandbox.base_url}{PAGE_PATH}/page/{form_name}",
        data=form,
        allow_redirects=False,
        timeout=5,
    )
    if response.status_code != 303:
        raise ValueError(f"the page answered {response.status_code}, not 303")
    query = dict(
        parse_qsl(urlsplit(response.headers["Location"]).query, keep_blank_values=True)
    )
    return query["message"], query["error"] == "1"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "OmsSandbox/1.0"
    # Headers and body go out in two writes: with Nagle's algorithm the body
    # waits for the client's delayed ACK, 40 ms per call on loopback.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        if _logger.isEnabledFor(logging.DEBUG):
            # request lines carry the caller's token and signature
            line = redact(fmt % args)
            _logger.debug("sandbox %s: %s", self.server.sandbox.name, line)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(self.command, self.path, self.headers, body)
        status, payload, headers = self.server.sandbox.dispatch(request)
        if isinstance(payload, (dict, list)):
            data = json.dumps(payload).encode()
            headers = {"Content-Type": "application/json", **(headers or {})}
        elif isinstance(payload, str):
            data = payload.encode()
            headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        else:
            data = payload or b""
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A caller that gave up waiting (its timeout, a latency fault) has
        # closed the connection: nothing went wrong here, print no traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            _logger.debug("sandbox %s: %s hung up", self.sandbox.name, client_address)
            return
        _logger.exception(
            "sandbox %s: request from %s failed", self.sandbox.name, client_address
        )


class SandboxServer:
    """A threaded HTTP server with a route table and fault switches.

    Subclasses register routes with ``route(method, path, handler)``;
    handlers take a ``Request`` and return ``(status, body, headers)``
    where body is a dict/list (JSON), str (HTML) or bytes.

    The control page (``GET /`` or ``GET /_sandbox``) and the live mode
    work through the ``page_*`` hooks and ``live_order`` that each sandbox
    implements, plus its ``flush_pushes`` and ``pending_push_count``.
    """

    name = "sandbox"
    title = "Marketplace sandbox"
    # What a control handler raises on a request it cannot serve (400).
    control_errors = (KeyError, TypeError, ValueError)

    def __init__(self):
        self.lock = threading.RLock()
        self.faults = FaultInjector()
        self.pushes = PushSender()
        self.routes = {}
        self.calls = []
        self.httpd = None
        self.thread = None
        self.base_url = None
        self._live_stop = None
        self._live_thread = None
        self.route("POST", "/_sandbox/faults", self._control_faults)
        self.route("POST", "/_sandbox/push_url", self._control_push_url)
        self.route("GET", "/_sandbox/state", self._control_state)
        self.route("POST", "/_sandbox/live", self._control_live)
        self.route("GET", "/", self._page)
        self.route("GET", PAGE_PATH, self._page)
        for action, handler in (
            ("order", self._page_create_order),
            ("order_action", self._page_order_action),
            ("flush", self._page_flush),
            ("push_url", self._page_push_url),
        ):
            self.route("POST", f"{PAGE_PATH}/page/{action}", self._page_form(handler))

    def route(self, method, path, handler):
        self.routes[(method.upper(), path)] = handler

    def start(self, host="127.0.0.1", port=0):
        self.httpd = _Server((host, port), _Handler)
        self.httpd.sandbox = self
        bound_host, bound_port = self.httpd.server_address[:2]
        shown_host = "127.0.0.1" if bound_host in ("0.0.0.0", "") else bound_host
        self.base_url = f"http://{shown_host}:{bound_port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, name=self.name, daemon=True
        )
        self.thread.start()
        return self.base_url

    def stop(self):
        self.stop_live()
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    def start_live(self, order_every=0.0, push_every=0.0):
        """Behave like a marketplace in use: a buyer places an order every
        ``order_every`` seconds, queued pushes are delivered every
        ``push_every`` seconds once a push URL is set (0 = never)."""
        self.stop_live()
        intervals = [every for every in (order_every, push_every) if every]
        if not intervals:
            return
        stop = self._live_stop = threading.Event()

        def run():
            last_order = last_push = time.monotonic()
            while not stop.wait(min(intervals)):
                now = time.monotonic()
                try:
                    if order_every and now - last_order >= order_every:
                        last_order = now
                        self.live_order()
                    if push_every and now - last_push >= push_every:
                        last_push = now
                        if self.pushes.url and self.pending_push_count():
                            self.flush_pushes()
                except Exception:  # a live emulator keeps ticking
                    _logger.exception("%s: live step failed", self.name)

        self._live_thread = threading.Thread(
            target=run, name=f"{self.name}-live", daemon=True
        )
        self._live_thread.start()

    def stop_live(self):
        if self._live_stop:
            self._live_stop.set()
            self._live_thread.join(10)
            self._live_stop = self._live_thread = None

    def serve_forever(self, host="127.0.0.1", port=0):
        self.start(host, port)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            self.stop()

    def dispatch(self, request):
        handler = self.routes.get((request.method, request.path))
        if handler is None and request.method == "POST":
            handler = self.routes.get(("GET", request.path))
        if handler is None and request.method == "GET":
            handler = self.routes.get(("POST", request.path))
        if handler is None:
            return 404, {"error": "not_found", "message": request.path}, {}
        if request.path.startswith(PAGE_PATH) or request.path == "/":
            return self._answer(request, handler)
        return self.serve_call(request, handler)

    def serve_call(self, request, handler):
        """Answer an API call with ``handler``: counted, and given the next
        injected fault instead if there is one."""
        with self.lock:
            self.calls.append(request.path)
        fault = self.faults.next_fault()
        if fault:
            return self.fault_response(fault, request)
        return self._answer(request, handler)

    def _answer(self, request, handler):
        try:
            return handler(request)
        except Exception as err:  # an emulator bug must answer 500
            _logger.exception("sandbox handler failed")
            return 500, self.emulator_error(err), {}

    def emulator_error(self, error):
        """The body of the 500 answered when the emulator itself fails."""
        return {"error": "sandbox_error", "message": str(error)}

    def fault_response(self, fault, request):
        """Answer an injected fault; subclasses give their rate-limit envelope."""
        if fault == "outage":
            return 503, b"Service Unavailable", {"Content-Type": "text/plain"}
        if fault == "server_error":
            status = self.faults.server_error_status
            return status, b"Internal Server Error", {"Content-Type": "text/plain"}
        ban = str(self.faults.rate_limit_ban)
        return 429, {"error": "rate_limited"}, {"Retry-After": ban}

    def call_count(self, path=None):
        with self.lock:
            if path is None:
                return len(self.calls)
            return sum(1 for called in self.calls if called == path)

    # control API, for processes that cannot call the Python object

    def _control_faults(self, request):
        data = request.json()
        if data.get("reset"):
            self.faults.reset()
        if "latency" in data:
            self.faults.latency = float(data["latency"])
        if data.get("rate_limit"):
            self.faults.rate_limit_burst(int(data["rate_limit"]))
        if data.get("rate_limit_ban"):
            self.faults.rate_limit_ban = int(data["rate_limit_ban"])
        if data.get("server_errors"):
            self.faults.server_errors(int(data["server_errors"]))
        if data.get("outage"):
            self.faults.outage(float(data["outage"]))
        if data.get("end_outage"):
            self.faults.end_outage()
        return 200, {"ok": True, "injected": self.faults.injected}, {}

    def _control_push_url(self, request):
        self.pushes.url = request.json().get("url")
        return 200, {"ok": True}, {}

    def _control_live(self, request):
        """Start (or, with no interval, stop) the live mode."""
        data = request.json()
        self.start_live(
            float(data.get("order_every") or 0), float(data.get("push_every") or 0)
        )
        return 200, {"ok": True, "live": self._live_stop is not None}, {}

    def _control_state(self, request):
        return 200, self.state_summary(), {}

    def _control(self, handler):
        """A route for ``handler``, which takes the request's JSON object and
        returns the answer's; ``control_errors`` answer 400."""

        def handle(request):
            try:
                data = request.json() if request.body else {}
                return 200, handler(data), {}
            except self.control_errors as error:
                return 400, {"error": type(error).__name__, "message": str(error)}, {}

        return handle

    # control handlers every marketplace's sandbox offers (see _control)

    def _control_push_config(self, data):
        self.configure_push(data.get("url"))
        return {"ok": True}

    def _control_flush_pushes(self, data):
        deliveries = self.flush_pushes(
            duplicates=int(data.get("duplicates", 0)),
            shuffle=bool(data.get("shuffle")),
            seed=data.get("seed"),
        )
        return {
            "deliveries": [
                {
                    "status": d["status"],
                    "latency": d["latency"],
                    "body": d["body"].decode(),
                }
                for d in deliveries
            ]
        }

    def _control_expire_tokens(self, data):
        self.expire_access_token(data.get("access_token"))
        if data.get("refresh_token"):
            self.expire_refresh_token(data["refresh_token"])
        return {"ok": True}

    def _control_deauthorize(self, data):
        self.deauthorize()
        return {"ok": True}

    def state_summary(self):
        return {"calls": self.call_count(), "injected": self.faults.injected}

    # hooks of the control page and the live mode, per marketplace

    def live_order(self):
        """Place one order as a random buyer would (live mode)."""
        raise NotImplementedError

    def configure_push(self, url):
        """Set the URL pushes are delivered to."""
        self.pushes.url = url

    def flush_pushes(self, duplicates=0, shuffle=False, seed=None):
        raise NotImplementedError

    # The seller's authorization, by the sandbox's ``auth``: its marketplace's
    # codes and tokens (``grant_code``, ``issue_tokens``, ``expire_*``).

    def authorize(self):
        """The seller's consent without the browser: returns the code."""
        with self.lock:
            return self.auth.grant_code()

    def issue_tokens(self, access_token=None, refresh_token=None):
        """Skip the authorization: returns (access_token, refresh_token)."""
        with self.lock:
            return self.auth.issue_tokens(access_token, refresh_token)

    def expire_access_token(self, token=None):
        """Make ``token`` (every access token by default) expire now."""
        with self.lock:
            self.auth.expire_access_token(token)

    def expire_refresh_token(self, token=None):
        with self.lock:
            self.auth.expire_refresh_token(token)

    def deauthorize(self):
        """The seller revokes the app: tokens die, the push is queued."""
        raise NotImplementedError

    def pending_push_count(self):
        return 0

    def page_products(self):
        """``[{"sku", "name", "stock"}]`` a buyer can order."""
        return []

    def page_orders(self, limit):
        """The ``limit`` newest orders, newest first: ``[{"id", "created"
        (epoch seconds), "status", "lines" (text), "actions": [(action,
        label)]}]``, the actions being those the order's status allows."""
        return []

    def page_create_order(self, sku, quantity, cod):
        """A buyer orders ``quantity`` × ``sku``; return the order id."""
        raise NotImplementedError

    def page_order_action(self, order_id, action):
        """Apply an action offered by ``page_orders``; return a short text."""
        raise NotImplementedError

    # control page: plain HTML forms, each answered by a redirect to the page

    def _page_form(self, handler):
        def handle(request):
            if request.method != "POST":
                return 405, "Use the forms of the control page.", {"Allow": "POST"}
            try:
                message, error = handler(request.form), False
            except Exception as err:  # noqa: BLE001 - the page shows what was refused
                message, error = f"{type(err).__name__}: {err}", True
            query = urlencode({"message": message, "error": int(error)})
            return 303, "", {"Location": f"{PAGE_PATH}?{query}"}

        return handle

    def _page_create_order(self, form):
        quantity = int(form.get("quantity") or 1)
        if quantity < 1:
            raise ValueError("the quantity must be at least 1")
        sku = (form.get("sku") or "").strip()
        order_id = self.page_create_order(sku, quantity, bool(form.get("cod")))
        return f"Order {order_id} placed: {quantity} × {sku}."

    def _page_order_action(self, form):
        order_id = form.get("order_id") or ""
        return f"Order {order_id}: {self.page_order_action(order_id, form['action'])}"

    def _page_flush(self, form):
        if not self.pushes.url:
            raise ValueError("no push URL is set: pushes stay queued")
        done = self.flush_pushes()
        failed = sum(1 for delivery in done if delivery["status"] != 200)
        return f"{len(done)} push(es) delivered, {failed} not acknowledged."

    def _page_push_url(self, form):
        self.pushes.url = (form.get("url") or "").strip() or None
        return f"Push URL: {self.pushes.url or 'none'}."

    def _page(self, request):
        escape = html.escape
        with self.lock:
            products = self.page_products()
            orders = self.page_orders(PAGE_ORDERS)
            pending = self.pending_push_count()
        message = request.query.get("message")
        notice = (
            f'<p class="{"error" if request.query.get("error") == "1" else "ok"}">'
            f"{escape(message)}</p>"
            if message
            else ""
        )
        options = "".join(
            f'<option value="{escape(p["sku"])}">{escape(p["sku"])} '
            f"({escape(str(p['name']))}, {p['stock']} in stock)</option>"
            for p in products
        )
        rows = "".join(self._page_order_row(order) for order in orders) or (
            '<tr><td colspan="5">No order yet.</td></tr>'
        )
        product_rows = "".join(
            f"<tr><td>{escape(p['sku'])}</td><td>{escape(str(p['name']))}</td>"
            f"<td>{p['stock']}</td></tr>"
            for p in products
        )
        url = self.pushes.url or ""
        return (
            200,
            PAGE_TEMPLATE.format(
                title=escape(self.title),
                path=PAGE_PATH,
                notice=notice,
                options=options,
                pending=pending,
                url=escape(url),
                target=escape(url) if url else "nowhere yet (no push URL set)",
                rows=rows,
                product_rows=product_rows,
                limit=PAGE_ORDERS,
            ),
            {},
        )

    @staticmethod
    def _page_order_row(order):
        escape = html.escape
        created = datetime.fromtimestamp(order["created"], UTC)
        buttons = "".join(
            f'<button name="action" value="{escape(action)}">{escape(label)}</button> '
            for action, label in order["actions"]
        )
        form = (
            f'<form method="post" action="{PAGE_PATH}/page/order_action">'
            f'<input type="hidden" name="order_id" value="{escape(str(order["id"]))}">'
            f"{buttons}</form>"
            if buttons
            else ""
        )
        return (
            f"<tr><td>{escape(str(order['id']))}</td>"
            f"<td>{created:%Y-%m-%d %H:%M:%S} UTC</td>"
            f"<td>{escape(order['status'])}</td><td>{escape(order['lines'])}</td>"
            f"<td>{form}</td></tr>"
        )


PAGE_PATH = "/_sandbox"
PAGE_ORDERS = 30
PAGE_TEMPLATE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; max-width: 70em; }}
table {{ border-collapse: collapse; margin-bottom: 1em; }}
td, th {{ border: 1px solid #ccc; padding: .3em .6em; text-align: left; }}
form {{ margin: .3em 0; }}
.ok {{ color: #060; }} .error {{ color: #b00; }}
</style></head>
<body>
<h1>{title}</h1>
{notice}
<h2>Place an order (as a buyer)</h2>
<form method="post" action="{path}/page/order">
<label>SKU <select name="sku">{options}</select></label>
<label>Quantity <input name="quantity" type="number" min="1" value="1"></label>
<label><input name="cod" type="checkbox" value="1"> Cash on delivery</label>
<button>Place order</button>
</form>
<h2>Push messages</h2>
<p>{pending} waiting, delivered to {target}.</p>
<form method="post" action="{path}/page/flush">
<button>Deliver pushes now</button>
</form>
<form method="post" action="{path}/page/push_url">
<label>Push URL <input name="url" size="70" value="{url}"></label>
<button>Set</button>
</form>
<h2>Orders (newest {limit})</h2>
<p>Ship appears once the seller has packed or arranged the shipment (in Odoo).</p>
<table><tr><th>Order</th><th>Created</th><th>Status</th><th>Lines</th><th></th></tr>
{rows}
</table>
<h2>Products</h2>
<table><tr><th>SKU</th><th>Name</th><th>Stock</th></tr>
{product_rows}
</table>
</body></html>
"""
