"""Run the TikTok Shop sandbox in the foreground, seeded with the demo shop:
``python -m odoo.addons.oms_tiktok.sandbox --port 8803``."""

import argparse
import logging

from .server import DEMO_ACCESS_TOKEN, TikTokSandbox

_logger = logging.getLogger("oms_tiktok.sandbox")


def main(argv=None):
    parser = argparse.ArgumentParser(description="TikTok Shop Partner API sandbox")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8803)
    parser.add_argument("--app-key", default="sandbox-app-key")
    parser.add_argument("--app-secret", default="sandbox-app-secret")
    parser.add_argument("--shops", type=int, default=1, help="authorized shops")
    parser.add_argument("--orders", type=int, default=10, help="demo orders to place")
    parser.add_argument("--on-hold", type=int, default=0, help="ON_HOLD seconds")
    parser.add_argument("--push-url", default=None, help="where webhooks go")
    parser.add_argument("--redirect-url", default=None, help="app's redirect URL")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    sandbox = TikTokSandbox(
        app_key=args.app_key,
        app_secret=args.app_secret,
        shops=args.shops,
        on_hold_seconds=args.on_hold,
        redirect_url=args.redirect_url,
    )
    sandbox.seed_demo(orders=args.orders)
    if args.push_url:
        sandbox.configure_push(args.push_url)
    _logger.info(
        "TikTok Shop sandbox on http://%s:%s (app_key=%s, shop cipher %s, "
        "demo token %s); control page at /_sandbox. Ctrl-C stops it.",
        args.host,
        args.port,
        args.app_key,
        sandbox.shop.cipher,
        DEMO_ACCESS_TOKEN,
    )
    sandbox.serve_forever(args.host, args.port)


if __name__ == "__main__":
    main()
