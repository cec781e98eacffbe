import json
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from odoo.tests import tagged

from .. import ratelimit
from ..const import API_KEY_HEADER, API_ROOT
from .common import WebstoreHttpCase, order_payload

BURST = 1000
ORDERS = 100  # each order number sent 10 times: a client retrying
LIMIT = 40
THREADS = 16


@tagged("post_install", "-at_install")
class TestWebstoreBurst(WebstoreHttpCase):
    def post_order(self, order_no):
        response = requests.post(
            self.base_url() + API_ROOT + "/orders",
            data=json.dumps(order_payload(order_no)),
            headers={API_KEY_HEADER: self.api_key, "Content-Type": "application/json"},
            timeout=120,
        )
        return order_no, response.status_code, response.headers, response.text

    def test_burst_of_1000_concurrent_creates(self):
        """1,000 create-order requests at once from 16 connections: each is
        answered (created, already there, or 429 with Retry-After), no order
        is made twice, and the refused ones go through when retried."""
        self.key_record.rate_limit = LIMIT
        self.env.flush_all()  # the server's requests read it from the cursor
        numbers = [f"BURST-{index % ORDERS:03d}" for index in range(BURST)]
        started = time.time()
        with ThreadPoolExecutor(THREADS) as pool:
            answers = list(pool.map(self.post_order, numbers))
        ended = time.time()
        statuses = [status for _n, status, _h, _t in answers]
        self.assertTrue(set(statuses) <= {200, 201, 429}, set(statuses))
        accepted = len(statuses) - statuses.count(429)
        windows = int(ended // 60) - int(started // 60) + 1
        if windows == 1:
            self.assertEqual(accepted, LIMIT)
        else:  # the burst lasted into the next minute's windows
            self.assertTrue(LIMIT <= accepted <= windows * LIMIT, (accepted, windows))
        for _number, status, headers, text in answers:
            if status == 429:
                self.assertEqual(json.loads(text)["detail"]["code"], "rate_limited")
                self.assertTrue(1 <= int(headers["Retry-After"]) <= 60, headers)
        created = [n for n, status, _h, _t in answers if status == 201]
        self.assertEqual(len(created), len(set(created)), "an order created twice")
        sales = self.env["sale.order"].search(
            [("oms_channel_id", "=", self.channel.id)]
        )
        self.assertEqual(sorted(sales.mapped("oms_external_id")), sorted(created))
        self.assertTrue(set(sales.mapped("state")) <= {"sale"})

        # The store retries what was refused, once the window allows it.
        ratelimit.reset(self.env.cr.dbname, self.key_record.id)
        self.key_record.rate_limit = 10 * ORDERS
        self.env.flush_all()
        with ThreadPoolExecutor(THREADS) as pool:
            retried = list(pool.map(self.post_order, sorted(set(numbers))))
        self.assertEqual(
            {n: s for n, s, _h, _t in retried},
            {n: 200 if n in created else 201 for n in set(numbers)},
        )
        sales = self.env["sale.order"].search(
            [("oms_channel_id", "=", self.channel.id)]
        )
        self.assertEqual(sorted(sales.mapped("oms_external_id")), sorted(set(numbers)))
