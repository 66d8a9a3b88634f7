"""Where test data lives, said once."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
PAGES = FIXTURES / "pages"
CORPUS = FIXTURES / "extraction_corpus"
DEMO_ROOT = REPO / "govreports" / "demo" / "portal"
# shared/ sits beside the checkout (seeds, real pages); tests that need it skip when it is absent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
REAL_PAGES = SHARED / "real-pages"
