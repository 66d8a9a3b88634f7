"""Politeness across workers: three workers on two small sites together keep each site's delay, as the sites'
own servers saw the requests arrive (server-side times)."""

from __future__ import annotations

import itertools
import json
import re

from tests.crawl.distributed.conftest import finish, needs_redis, start_command
from tests.crawling import arrivals

pytestmark = needs_redis

REPORTS = 10  # per site: the crawl of the site with Crawl-delay 1 lasts long enough for every worker to join

REPORT = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1>{title}</h1><div class="TRS_Editor"><p>一、总体情况</p><p>根据《中华人民共和国政府信息公开条例》编制本报告。</p>
<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p></div></body></html>"""


def _site(root, agency: str, robots: str, reports: int = REPORTS):
    (root / "ndbg").mkdir(parents=True)
    (root / "site.json").write_text(json.dumps({"start": "/index.html", "charset": "utf-8"}))
    (root / "robots.txt").write_text(f"User-agent: *\n{robots}\n")
    (root / "index.html").write_text('<html><body><a href="/ndbg/index.html">政府信息公开年报</a></body></html>',
                                     encoding="utf-8")
    years = range(2024 - reports, 2024)
    links = "".join(f'<li><a href="/ndbg/{year}.html">{agency}{year}年政府信息公开工作年度报告</a></li>' for year in years)
    (root / "ndbg" / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    for year in years:
        (root / "ndbg" / f"{year}.html").write_text(REPORT.format(title=f"{agency}{year}年政府信息公开工作年度报告"),
                                                    encoding="utf-8")


def _gaps(arrivals) -> list[float]:
    """Seconds between the requests for pages, robots.txt aside: each worker reads robots.txt once for itself,
    before it can know the Crawl-delay written there."""
    times = sorted(at for path, at in arrivals if path != "/robots.txt")
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_workers_together_keep_each_sites_delay(serve_dir, redis_server, tmp_path):
    _site(tmp_path / "portal" / "crawldelay", "测试局", "Crawl-delay: 1")
    _site(tmp_path / "portal" / "registered", "样例局", "Disallow: /private/")
    portal = serve_dir(tmp_path / "portal")
    crawl_delay_site, registered_site = portal.urls["crawldelay"], portal.urls["registered"]
    # the second site asks for nothing; its registry entry says 0.5 s, which the seeder hands to every worker
    registry = tmp_path / "sites.toml"
    registry.write_text(f'[sites.crawldelay]\nstart_urls = ["{portal.start_urls["crawldelay"]}"]\n\n'
                        f'[sites.registered]\nstart_urls = ["{portal.start_urls["registered"]}"]\ndelay = 0.5\n')
    # no delay of their own beyond the sites'; each worker holds at most two requests, so all three share the work;
    # the workers start first and wait for the seeder (a loaded machine takes seconds to start each process)
    settings = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS=2",
                "-s", "GOVREPORTS_REDIS_IDLE=10", "-s", "GOVREPORTS_EXTRACT_WORKERS=0"]
    url = redis_server.url
    workers = [start_command("worker", "--redis", url, *settings, log=tmp_path / f"worker{i}.log") for i in (1, 2)]
    seeder = start_command("crawl", "--all", "--sites", str(registry), "--redis", url, *settings,
                           log=tmp_path / "seeder.log")
    logs = [finish(seeder, tmp_path / "seeder.log"), *(finish(w, tmp_path / f"worker{i}.log")
                                                       for i, w in enumerate(workers, 1))]
    fetched = [int(re.search(r"\): (\d+) pages fetched", log).group(1)) for log in logs]
    assert sum(1 for count in fetched if count) >= 2, f"the work was shared: {fetched}"

    for base, delay in [(crawl_delay_site, 1.0), (registered_site, 0.5)]:
        served = arrivals(base, clock="times")
        assert len([path for path, _ in served if path.startswith("/ndbg/2")]) == REPORTS
        gaps = _gaps(served)
        # Requests are granted a delay apart on Redis's clock; the server notes each when its thread gets the CPU,
        # which on a loaded machine can be late, bringing one noted gap closer and widening the one before. So:
        # all the requests took at least their delays in all, and no two came close. Three workers without the
        # shared limit, each keeping the delay for itself, come about three times as often.
        assert sum(gaps) >= len(gaps) * delay - 0.05, (base, delay, gaps)
        assert min(gaps) >= 0.7 * delay, (base, delay, gaps)
    assert redis_server.client().llen("govreports:items") == 2 * REPORTS
