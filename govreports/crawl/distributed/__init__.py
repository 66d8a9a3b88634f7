"""A crawl shared by many workers through Redis (scrapy-redis), with one writer of the database.

- ``keys``: the Redis keys of a crawl, named once;
- ``queue``, ``scheduler``: scrapy-redis's scheduler and duplicate filter with leased requests (nothing is lost
  when a worker dies), FIFO within a priority, and the stop when the whole crawl has been idle for a while;
- ``spider``: the spider's crawl memory (what was queued, section budgets, the list loop guard) in Redis;
- ``ratelimit``: each site's delay kept by all workers together;
- ``handoff``: workers read pages and fetch attachments, and hand them to the writer;
- ``writer``: ``govreports ingest``, the one process that stores them;
- ``worker``: the settings that make a crawl a worker, seeding, and running one.
"""
