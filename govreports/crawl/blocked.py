"""Answers that mean an anti-bot wall stands in front of the content.

The crawl records such a page (or attachment) as blocked and never tries to get past the wall.
"""

# 瑞数 (Rivers Security) answers 412, 加速乐 (Jiasule) 521, web application firewalls 403.
BLOCKED_STATUSES = {403: "forbidden / WAF", 412: "Rivers Security (瑞数) challenge", 521: "Jiasule (加速乐) challenge"}
