# Plain-Python tests (no database): the API client, the sandbox and their
# conformance to TikTok Shop's reference. Nothing to import for Odoo yet.
