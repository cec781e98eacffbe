import base64

from oms_api_common.pdf import make_pdf

from .common import WebstoreHttpCase, order_payload


class TestWebstoreApiParcels(WebstoreHttpCase):
    def setUp(self):
        super().setUp()
        self.assertEqual(
            self.api("POST", "/orders", order_payload("S-1")).status_code, 201
        )
        self.picking = self.sale("S-1").picking_ids

    def test_get_parcels_by_order_and_parcel_number(self):
        by_order = self.api("GET", "/parcels?order_nos=S-1")
        self.assertEqual(by_order.status_code, 200, by_order.text)
        [parcel] = by_order.json()
        self.assertEqual(parcel["parcel_no"], self.picking.name)
        self.assertIn(parcel["status"], ("waiting", "ready"))
        by_number = self.api("GET", f"/parcels?parcel_nos={self.picking.name}").json()
        self.assertEqual(by_number, by_order.json())
        self.assertError(self.api("GET", "/parcels"), 422, "missing_filter")

    def test_tracking_docs_with_label_then_track_and_trace(self):
        pdf = make_pdf([["LABEL S-1"]])
        docs = {
            "order_no": "S-1",
            "tracking_number": "TRK123",
            "carrier": "Kerry",
            "label_pdf_base64": base64.b64encode(pdf).decode(),
        }
        response = self.api("POST", "/parcels/tracking-docs", docs)
        self.assertEqual(response.status_code, 200, response.text)
        parcel = response.json()
        self.assertEqual(parcel["tracking_number"], "TRK123")
        self.assertEqual(parcel["carrier"], "Kerry")
        self.assertTrue(parcel["label_url"])
        label = self.api("GET", parcel["label_url"].removeprefix("/oms/api/v1"))
        self.assertEqual(label.status_code, 200)
        self.assertEqual(label.content, pdf)
        self.assertEqual(label.headers["Content-Type"], "application/pdf")

        track = self.api("GET", "/tracking?tracking_numbers=TRK123")
        self.assertEqual(track.status_code, 200, track.text)
        [trace] = track.json()
        self.assertEqual(trace["order_no"], "S-1")
        self.assertEqual(trace["events"][0]["status"], "created")

    def test_tracking_docs_refuse_what_is_not_a_pdf(self):
        docs = {
            "order_no": "S-1",
            "tracking_number": "TRK1",
            "label_pdf_base64": base64.b64encode(b"hello").decode(),
        }
        response = self.api("POST", "/parcels/tracking-docs", docs)
        self.assertError(response, 422, "not_a_pdf", "body.label_pdf_base64")
        docs["label_pdf_base64"] = "***"
        response = self.api("POST", "/parcels/tracking-docs", docs)
        self.assertError(response, 422, "invalid_base64")
        self.assertFalse(self.picking.carrier_tracking_ref)

    def test_store_ships_then_delivers(self):
        response = self.api(
            "POST",
            "/parcels/status",
            {
                "order_no": "S-1",
                "status": "shipped",
                "tracking_number": "TRK9",
                "carrier": "Flash",
            },
        )
        self.assertEqual(response.status_code, 200, response.text)
        [parcel] = response.json()
        self.assertEqual(parcel["status"], "shipped")
        self.assertEqual(parcel["tracking_number"], "TRK9")
        sale = self.sale("S-1")
        self.assertEqual(sale.oms_status, "shipped")
        self.assertEqual(self.picking.state, "done")
        delivered = self.api(
            "POST", "/parcels/status", {"order_no": "S-1", "status": "delivered"}
        )
        self.assertEqual(delivered.status_code, 200, delivered.text)
        self.assertEqual(sale.oms_status, "delivered")
        trace = self.api("GET", "/tracking?order_nos=S-1").json()[0]
        self.assertEqual(
            [e["status"] for e in trace["events"]][-2:], ["shipped", "delivered"]
        )
        self.assertError(
            self.api(
                "POST", "/parcels/status", {"order_no": "NOPE", "status": "shipped"}
            ),
            404,
            "not_found",
        )
