"""The crawl's own signals, declared in one place as Scrapy declares its own in ``scrapy.signals``.

Send them with ``crawler.signals.send_catch_log(signal=…, **arguments)``; connect with
``crawler.signals.connect(handler, signal=…)``. Each signal lists the arguments it is sent with.
"""

#: A fetch that produced no item: a blocked page, a robots.txt refusal, a file past the size limit or an error.
#: Arguments: ``url`` (str), ``status`` (int, 0 when there was no response), ``outcome`` (one of
#: ``blocked``, ``robots-forbidden``, ``too_large``, ``too_many_redirects``, ``error``, or ``gone``: a report an
#: earlier crawl stored answers 404/410), ``message`` (str). The crawl log keeps one row for each.
crawl_outcome = object()
