"""govreports: Chinese government information-disclosure annual reports, crawled into a versioned SQLite dataset.

``govreports.crawl`` is the Scrapy side; ``govreports.extract`` turns a page or file into one typed result
(``govreports.extract.extract``); ``govreports.documents`` reads report files; ``govreports.disclosure_tables``
reads the statistics tables; ``govreports.store`` keeps everything; ``govreports.cli`` is the command.
"""
