"""Scrapy settings for govreports. Every setting that differs from Scrapy's default says why."""

from govreports.crawl import blocked  # a module, not its names: every upper-case name here is a setting

BOT_NAME = "govreports"
SPIDER_MODULES = ["govreports.crawl.spiders"]
NEWSPIDER_MODULE = "govreports.crawl.spiders"

# Portals' operators should see who is crawling and why, not a generic Scrapy string.
USER_AGENT = "govreports/0.1 (research crawler for government information-disclosure annual reports)"

# Government sites state their wishes in robots.txt; we follow them, Crawl-delay included
# (RobotsCrawlDelayMiddleware, since Scrapy reads Disallow but not Crawl-delay).
ROBOTSTXT_OBEY = True
GOVREPORTS_OBEY_CRAWL_DELAY = True

# County portals run on small servers: adapt to their latency and keep to a couple of requests at once.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25

# Portals are slow and flaky; retry gateway errors and time-outs more than the default twice.
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A 503 or 429 with Retry-After is retried after the wait it asks for (RetryAfterMiddleware), up to this many
# seconds; one that asks for longer is given up and logged with the wait asked for.
GOVREPORTS_RETRY_AFTER_MAX = 120.0
DOWNLOAD_TIMEOUT = 60
# A report page is small; anything past this is an attachment or a mistake (attachments get their own limit).
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024

# Let anti-bot walls' answers (403/412/521, govreports.crawl.blocked) reach the spider, which records the
# site as blocked (walls are never bypassed).
HTTPERROR_ALLOWED_CODES = sorted(blocked.BLOCKED_STATUSES)

# Discovery is breadth-first (list pages and their pagers before deep report pages): FIFO queues give that
# without DepthMiddleware, which the spider does not need (it bounds its own walk) and which costs a layer of
# processing on every request; UrlLengthMiddleware likewise guards against traps the spider never follows.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    # A development aid that inspects every request's meta; the spider builds its meta itself.
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
# No DEPTH_LIMIT: an old list's 下一页 chain is as deep as its page count. The spider bounds the walk itself
# (section hops, list pages per column).

DOWNLOADER_MIDDLEWARES = {
    # The spider keeps to its start URL's host and port itself (allowed_domains, which this reads, would
    # not tell two ports of one host apart); and no request carries credentials for HttpAuth.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    # Replaces Scrapy's robots.txt middleware at the same place, adding Crawl-delay.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "govreports.crawl.middlewares.RobotsCrawlDelayMiddleware": 100,
    # Scrapy's retry middleware plus Retry-After, at its place.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "govreports.crawl.middlewares.RetryAfterMiddleware": 550,
    # Scrapy's cookie middleware on tldextract's bundled suffix list (Scrapy's own would download it).
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "govreports.crawl.middlewares.OfflineCookiesMiddleware": 700,
    # Scrapy's meta refresh middleware, following only http(s) refreshes (never javascript: and the like).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "govreports.crawl.middlewares.WebMetaRefreshMiddleware": 580,
    # Known pages are asked for with their validators and a 304 answered from the database (re-crawls download
    # only what changed). Below HttpCompressionMiddleware (590): stored bodies are decoded; above
    # MetaRefreshMiddleware (580), which reads the stored copy, and RetryMiddleware (550), which never sees a 304.
    "govreports.crawl.revalidation.RevalidationMiddleware": 585,
}

ITEM_PIPELINES = {
    "govreports.crawl.pipelines.ReportPipeline": 300,
}

# Add-ons adjust other settings from ours: BrowserAddon installs scrapy-playwright's download handler only for
# a crawl that names sites to render (GOVREPORTS_BROWSER_SITES), so the default crawl never starts a browser.
ADDONS = {
    "govreports.crawl.browser.BrowserAddon": 0,
}

EXTENSIONS = {
    "govreports.crawl.extensions.progress.CrawlProgress": 500,
    # Every fetch and its outcome, and the crawl's summary, in GOVREPORTS_DB.
    "govreports.crawl.extensions.crawl_log.CrawlLog": 500,
    # With a JOBDIR: resume a crawl stopped by SIGINT/SIGTERM, discard the queue of one that was killed.
    # After Scrapy's SpiderState (0), which saves the spider's state into the job directory at the close.
    "govreports.crawl.extensions.job_dir.JobDirGuard": 100,
    # Scrapy's remote-control extension opens a local HTTP port that runs code in the crawl: a batch crawler of
    # public pages has no use for it, and an open port that executes code is a risk on a shared host. Removed
    # rather than disabled (REMOTE_CONTROL_ENABLED): merely loading it imports aiohttp's server, ~9 MB in the
    # crawl process for nothing.
    "scrapy.extensions.remote_control.RemoteControl": None,
}

# Re-crawls ask for every known page with its validators (a 304 is answered from the database) and ask again for
# known reports no list links any more (a 404/410 marks them gone). Off for the workers of a distributed crawl,
# which never open the database (`--redis`).
GOVREPORTS_REVALIDATE = True

# Where reports go; `govreports crawl --db` and `-s GOVREPORTS_DB=…` override it.
GOVREPORTS_DB = "data/govreports.db"
# Extraction and storage are CPU work; they run in this many worker processes so the reactor keeps
# downloading. 0 runs it inline (simplest to debug). One: a crawl is paced by its sites (delays, AutoThrottle,
# Crawl-delay), and one worker reads ~100 report pages/s, more than a polite crawl of 60 sites brings in; each
# further worker costs ~75-95 MB (its own lxml, PDF, Word and SQLite libraries and the region tree). Measured
# on two cores (bench/many_sites.py): 60 sites with the default pacing took as long with one worker as with
# two, and so did the same crawl unthrottled; only an unthrottled crawl of large report pages against a local
# server gained from a second worker (~20%, bench/crawl.py). Raise it for such crawls.
GOVREPORTS_EXTRACT_WORKERS = 1
# `govreports reprocess` is nothing but CPU work over stored pages: every worker it has is busy.
GOVREPORTS_REPROCESS_WORKERS = 2
# Reports published as files, and the attachments of report pages, are downloaded (within the portal's
# host and port) and kept content-addressed under GOVREPORTS_FILES_DIR ("" = a "files" folder beside the
# database). A file past the size limit is recorded as too_large and not kept: scanned reports run to tens
# of MB, and anything larger is more likely a video or an archive of everything than a report.
GOVREPORTS_ATTACHMENTS = True
GOVREPORTS_ATTACHMENT_MAXSIZE = 50 * 1024 * 1024
GOVREPORTS_FILES_DIR = ""
# Seconds a page may spend in its worker (extraction, attachments read, storage) before it is given up: a
# worker that dies mid-task never answers. LibreOffice conversions time out after 120 s each.
GOVREPORTS_WORKER_TIMEOUT = 900.0
# Seconds between progress lines.
GOVREPORTS_PROGRESS_INTERVAL = 5.0
# Sites whose portal, section and column pages are rendered in headless Chromium before their links are read
# (their lists are built by a script no list reader knows): origins such as "https://www.example.gov.cn", or
# "*" for every site of the crawl. Empty: no browser at all. `govreports crawl --browser` sets it.
GOVREPORTS_BROWSER_SITES: list[str] = []
# The Chromium to run ("" = chromium, chromium-browser or google-chrome from PATH); never downloaded.
GOVREPORTS_CHROMIUM = ""
# Hosts, per site origin, where that site's list pages may call a list API besides the portal's own host and
# the hosts of its registrable domain (which are always allowed for API calls): {"https://www.x.gov.cn":
# ["api.example.cn"]}. The registry's `api_hosts` fills it. Only API calls go there; no page is crawled there.
GOVREPORTS_API_HOSTS: dict[str, list[str]] = {}

# Where `govreports crawl` keeps each crawler's job directory (Scrapy's JOBDIR: the queue of a crawl stopped by
# SIGINT/SIGTERM, resumed by the same command): "" = a "jobs" folder beside the database.
GOVREPORTS_JOBS_DIR = ""

# The registered sites of this crawl, {name: [origin, …]} (`crawl --all` / `--site` fill it from the registry):
# the crawl counts its figures per site under these names (crawl_sites) and names their reports. Empty: each
# start URL's origin is a site of its own, named by itself.
GOVREPORTS_REGISTRY_SITES: dict[str, list[str]] = {}
# A token the crawlers of one run share (`crawl --all` runs a crawler per group of sites with settings of their
# own): their crawls rows get the first one's id as run_id. "": each crawl is a run of its own.
GOVREPORTS_RUN = ""

# The console is for people: one line a request is noise on a crawl of thousands of pages.
LOG_LEVEL = "INFO"
# No one attaches to a telnet console on a batch crawler; it only opens a port.
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
# A feed (`scrapy crawl -o`, or Scrapyd's items_dir) lists each stored report and its extraction outcome;
# the raw page stays out: it is bytes, which no text feed can encode (every item would fail to export),
# and it is already in the database.
FEED_EXPORT_FIELDS = ["url", "site", "status", "content_type", "list_title", "list_date", "list_url", "fetched_at",
                      "extraction"]

# A distributed crawl (`--redis`, govreports.crawl.distributed): the Redis server its workers share (set by
# `--redis`), the prefix of its keys (two crawls on one server need two prefixes), how long the whole crawl must
# stay idle (no request waiting, none in any worker's hands) before workers stop — long enough for a slow page
# of another worker to bring new requests — and how long a worker's lease on a request lasts without renewal:
# a killed worker's requests go back to the queue after this long (workers renew every third of it).
GOVREPORTS_REDIS_URL = ""
GOVREPORTS_REDIS_PREFIX = "govreports"
GOVREPORTS_REDIS_IDLE = 30.0
GOVREPORTS_REDIS_LEASE = 60.0
