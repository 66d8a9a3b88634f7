"""The reference: a bare Scrapy spider that walks the same lists and pagers and stores nothing.

It reads links with regular expressions only (no HTML parsing, no govreports code), so its speed is
the engine's ceiling for this walk on this machine. Run: python bench/bare_spider.py URL [URL …]
"""

from __future__ import annotations

import json
import re
import sys
from urllib.parse import parse_qsl, urljoin, urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess

FOLLOW = re.compile(r"公开|年报|年度报告|下一页")
PAGER = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']")
ANCHOR = re.compile(r"<a\s[^>]*?href=[\"']([^\"'#]+)[\"']([^>]*)>(.*?)</a>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_urls, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = start_urls
        self.seen = set(start_urls)  # skip repeats before the scheduler, as the govreports spider does

    def follow(self, url, **kwargs):
        if url not in self.seen:
            self.seen.add(url)
            return scrapy.Request(url, callback=self.parse, **kwargs)
        return None

    def parse(self, response):
        if not isinstance(response, scrapy.http.TextResponse):
            return
        site = urlsplit(response.url).netloc
        html = response.text
        for href, attributes, inner in ANCHOR.findall(html):
            url = urljoin(response.url, href.replace("&amp;", "&"))
            if FOLLOW.search(TAG.sub("", inner) + attributes) and urlsplit(url).netloc == site:
                yield self.follow(url)
        for count, prefix, ext in PAGER.findall(html):
            for i in range(int(count)):
                yield self.follow(urljoin(response.url, f"{prefix}_{i}.{ext}" if i else f"{prefix}.{ext}"))
        yield from self.hanweb_pages(html, response)

    def hanweb_pages(self, html, response):
        group = re.search(r"<nextgroup>.*?href=\"([^\"]+)\"", html, re.S)
        total = re.search(r"totalRecord\W+(\d+)", html)
        per_page = re.search(r"perPage\W+(\d+)", html)
        if not (group and total and per_page):
            return
        proxy = urljoin(response.url, group.group(1).replace("&amp;", "&"))
        form = {k: v for k, v in parse_qsl(urlsplit(proxy).query) if k != "page"}
        total, per_page = int(total.group(1)), int(per_page.group(1))
        for start in range(per_page + 1, total + 1, per_page):
            end = min(start + per_page - 1, total)
            url = f"{proxy.split('?')[0]}?startrecord={start}&endrecord={end}&perpage={per_page}"
            if url not in self.seen:
                self.seen.add(url)
                yield scrapy.FormRequest(url, formdata={"col": "1", "appid": "1", **form}, callback=self.parse)


def main(urls: list[str]) -> None:
    process = CrawlerProcess({
        "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    })
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start_urls=urls)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"pages": stats.get("response_received_count", 0),
                      "seconds": stats["elapsed_time_seconds"]}))


if __name__ == "__main__":
    main(sys.argv[1:])
