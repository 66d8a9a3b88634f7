"""The `govreports` commands of a distributed crawl: `crawl … --redis`, `worker` and `ingest`.

    govreports crawl URL… --redis REDIS_URL         seed the shared queue, then work as one worker
    govreports crawl --all --redis REDIS_URL        the same for every registered site
    govreports worker --redis REDIS_URL             one more worker (this machine or another)
    govreports ingest --redis REDIS_URL --db PATH   the one writer: store what the workers handed over

Workers and seeders stop once the whole crawl has been idle for GOVREPORTS_REDIS_IDLE seconds; they never open the
database. `ingest` drains what is there and exits, or with `--follow` keeps taking pages until SIGINT/SIGTERM;
it also records the crawl as a single-process crawl does (its `crawls` row, crawl log and `crawl_sites`),
closing the row once every worker has stopped.
Exit codes: 0 done, 2 bad input (Redis unreachable, another ingest running), 130 a worker interrupted.
"""

from __future__ import annotations

from govreports.cli_output import fail

EXIT_OK, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 2, 130
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")  # what redis-py's Redis.from_url accepts


def redis_url(text: str) -> str:
    """The type of every ``--redis``: a Redis URL redis-py can open, or a usage error that says what one is."""
    import argparse

    if not text.startswith(REDIS_SCHEMES):
        raise argparse.ArgumentTypeError(f"not a Redis URL: {text!r} (redis://host:port/db, rediss://… or "
                                         "unix:///path/to/redis.sock)")
    return text


def add_commands(sub, default_db: str) -> None:
    worker = sub.add_parser("worker", help="one more worker of a distributed crawl (takes requests from Redis)")
    worker.add_argument("--redis", required=True, type=redis_url, metavar="REDIS_URL",
                        help="the crawl's Redis: redis://host:port/db")
    worker.add_argument("-s", "--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="set a Scrapy setting, as `scrapy crawl -s` does (repeatable)")
    worker.set_defaults(handler=_cmd_worker)

    ingest = sub.add_parser("ingest", help="store what the workers of a distributed crawl handed over")
    ingest.add_argument("--redis", required=True, type=redis_url, metavar="REDIS_URL")
    ingest.add_argument("--db", default=default_db, help=f"SQLite database (default {default_db})")
    ingest.add_argument("--follow", action="store_true", help="keep taking pages until SIGINT/SIGTERM")
    ingest.add_argument("-s", "--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting (GOVREPORTS_REDIS_PREFIX, GOVREPORTS_FILES_DIR, GOVREPORTS_ATTACHMENTS …)")
    ingest.set_defaults(handler=_cmd_ingest)


def crawl(redis_url: str, sites, overrides: dict, registered: bool) -> int:
    """`govreports crawl … --redis`: seed the sites' start URLs and work as one worker."""
    from govreports import registry

    site_settings = registry.crawl_settings(sites) if registered else {}
    start_urls = [url for site in sites for url in site.start_urls]
    return _work(start_urls, redis_url, overrides, site_settings)


def _cmd_worker(args) -> int:
    overrides = _overrides(args.settings)
    if overrides is None:
        return EXIT_BAD_INPUT
    return _work([], args.redis, overrides, {})


def _work(start_urls: list[str], redis_url: str, overrides: dict, site_settings: dict) -> int:
    import redis

    from govreports.crawl.distributed.worker import run_worker

    try:
        figures = run_worker(start_urls, redis_url, overrides, site_settings)
    except redis.RedisError as error:
        return fail(f"Redis at {redis_url}: {error}", code=EXIT_BAD_INPUT)
    seeded = f", seeded {len(start_urls)} start URLs" + (" (a new round)" if figures["new_round"] else "")
    print("worker finished ({reason}){seeded}: {pages_fetched} pages fetched ({pages_per_second}/s), "
          "{handed_off} report pages and {files_handed_off} files handed to the writer, {decoys_skipped} decoys "
          "skipped, {robots_forbidden} forbidden by robots.txt, {blocked} blocked, {errors} errors; shared queue: "
          "{waiting} waiting, {leased} leased, {to_ingest} pages for ingest".format(
              **figures, seeded=seeded if start_urls else ""))
    return EXIT_INTERRUPTED if figures["reason"] == "shutdown" else EXIT_OK


def _cmd_ingest(args) -> int:
    import redis

    from govreports.crawl.distributed.keys import Keys, connect
    from govreports.crawl.distributed.writer import Writer, WriterBusy, files_dir_for
    from govreports.crawl.run import project_settings

    overrides = _overrides(args.settings)
    if overrides is None:
        return EXIT_BAD_INPUT
    settings = project_settings(args.db, overrides)
    try:
        connect(args.redis, ride_out_outages=False).ping()
        server = connect(args.redis)
        keys = Keys(settings.get("GOVREPORTS_REDIS_PREFIX"))
        writer = Writer(server, keys, args.db, files_dir_for(settings, args.db))
        figures = writer.run(follow=args.follow)
    except WriterBusy as error:
        return fail(str(error), code=EXIT_BAD_INPUT)
    except redis.RedisError as error:
        return fail(f"Redis at {args.redis}: {error}", code=EXIT_BAD_INPUT)
    print(f"{figures.line()} -> {args.db}")
    return EXIT_OK


def _overrides(texts: list[str]) -> dict | None:
    from govreports.crawl.run import parse_setting

    try:
        return dict(parse_setting(text) for text in texts)
    except ValueError as error:
        fail(str(error), code=EXIT_BAD_INPUT)
        return None
