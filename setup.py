# scrapyd-deploy builds its egg by running setup.py, and writes one of its own when there is none.
# Everything is declared in pyproject.toml; this file only stands in for the generated one.
from setuptools import setup

setup()
