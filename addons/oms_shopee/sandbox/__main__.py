"""Run the Shopee sandbox in the foreground, seeded with the demo shop."""

import argparse
import logging

from . import ShopeeSandbox

_logger = logging.getLogger("oms_shopee.sandbox")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Shopee Open Platform v2 sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8802)
    parser.add_argument("--partner-id", type=int, default=1000001)
    parser.add_argument("--partner-key", default="sandbox-partner-key")
    parser.add_argument("--shop-id", type=int, default=2000001)
    parser.add_argument("--orders", type=int, default=10, help="demo orders to place")
    parser.add_argument("--push-url", default=None, help="callback URL for pushes")
    parser.add_argument("--tracking-delay", type=float, default=5.0)
    parser.add_argument("--document-polls", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )

    sandbox = ShopeeSandbox(
        partner_id=args.partner_id,
        partner_key=args.partner_key,
        shop_id=args.shop_id,
        tracking_delay=args.tracking_delay,
        document_polls=args.document_polls,
    )
    sandbox.seed_demo(orders=args.orders)
    if args.push_url:
        sandbox.configure_push(args.push_url)
    _logger.info(
        "Shopee sandbox on http://%s:%s (partner_id=%s, shop_id=%s); "
        "POST /_sandbox/push/flush delivers pushes. Ctrl-C stops it.",
        args.host,
        args.port,
        args.partner_id,
        args.shop_id,
    )
    sandbox.serve_forever(args.host, args.port)


if __name__ == "__main__":
    main()
