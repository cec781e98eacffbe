from .common import WebstoreHttpCase

PATHS = {
    "/orders": {"get", "post"},
    "/orders/{order_no}": {"get"},
    "/orders/{order_no}/cancel": {"post"},
    "/orders/{order_no}/cancel-requests": {"post"},
    "/cancel-requests/{request_id}": {"get"},
    "/parcels": {"get"},
    "/parcels/status": {"post"},
    "/parcels/tracking-docs": {"post"},
    "/parcels/label": {"get"},
    "/tracking": {"get"},
    "/spus/{spu_id}": {"get", "put", "delete"},
    "/spus/{spu_id}/status": {"put"},
    "/stock": {"get"},
}


class TestWebstoreOpenApi(WebstoreHttpCase):
    def test_openapi_document_lists_every_endpoint(self):
        response = self.api("GET", "/openapi.json", key="")
        self.assertEqual(response.status_code, 200, response.text)
        document = response.json()
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertEqual(document["info"]["title"], "OMS Web Store Open API")
        paths = {
            path.removeprefix("/oms/api/v1"): {m for m in ops if m != "parameters"}
            for path, ops in document["paths"].items()
        }
        for path, methods in PATHS.items():
            self.assertLessEqual(methods, paths.get(path, set()), path)
        schemes = document["components"]["securitySchemes"]
        self.assertEqual(schemes["APIKeyHeader"]["name"], "X-Api-Key")
        create = document["paths"]["/orders"]["post"]
        self.assertIn("409", create["responses"])
        self.assertIn("OrderIn", document["components"]["schemas"])

    def test_interactive_docs_page(self):
        response = self.api("GET", "/docs", key="")
        self.assertEqual(response.status_code, 200)
        self.assertIn("swagger-ui", response.text)
        self.assertIn("openapi.json", response.text)
