"""``python -m odoo.addons.oms_lazada.sandbox --port 8801``"""

import argparse
import logging

from .server import LazadaSandbox


def main():
    parser = argparse.ArgumentParser(description="Lazada Open Platform sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8801)
    parser.add_argument("--app-key", default="sandbox-app")
    parser.add_argument("--app-secret", default="sandbox-secret")
    parser.add_argument("--venture", default="sg")
    parser.add_argument("--push-url", help="where push messages are delivered")
    parser.add_argument("--seed-demo", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    sandbox = LazadaSandbox(
        args.app_key, args.app_secret, args.venture, seed_demo=args.seed_demo
    )
    if args.push_url:
        sandbox.configure_push(args.push_url)
    logging.getLogger(__name__).info(
        "Lazada sandbox on http://%s:%s (API /rest, auth /auth/rest)",
        args.host,
        args.port,
    )
    sandbox.serve_forever(args.host, args.port)


if __name__ == "__main__":
    main()
