"""``python -m bench [--small]``: every benchmark, one after the other."""

import sys

from . import (
    bench_import,
    bench_kpi,
    bench_pack,
    bench_shipped,
    bench_stock,
    bench_webhook,
    bench_webstore,
    sim_1111,
)


def main():
    small = ["--small"] if "--small" in sys.argv[1:] else []
    bench_import.main(small)
    bench_webhook.main(small)
    bench_webstore.main(small)
    bench_stock.main(small)
    bench_pack.main(small)
    bench_shipped.main(small)
    bench_kpi.main(small)
    sim_1111.main(small)


if __name__ == "__main__":
    main()
