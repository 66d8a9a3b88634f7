"""Scrapy extensions: crawl progress for people (``progress``) and the crawl log in the database (``crawl_log``)."""
