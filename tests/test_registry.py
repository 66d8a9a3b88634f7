"""The site registry file: reading and validating sites.toml, and editing it without losing other entries."""

from __future__ import annotations

import pytest

from govreports import registry
from govreports.registry import RegistryError, Site

GOOD = """\
# Sites crawled nightly.

# Guangzhou city: the column lists every year.
[sites.guangzhou]
start_urls = ["https://www.gz.gov.cn/zwgk/ndbg/"]
region = "440100"
delay = 2
concurrency = 1
api_hosts = ["api.gz.gov.cn"]

[sites.guangzhou.settings]
DOWNLOAD_TIMEOUT = 120

# Shenzhen renders its lists in script.
[sites.shenzhen]
start_urls = ["http://www.sz.gov.cn/", "http://www.sz.gov.cn/ndbg/"]
browser = true  # the list is a Vue app
"""


def write(tmp_path, text: str):
    path = tmp_path / "sites.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_registry_reads_into_sites(tmp_path):
    guangzhou, shenzhen = registry.load(write(tmp_path, GOOD))
    assert guangzhou == Site("guangzhou", ["https://www.gz.gov.cn/zwgk/ndbg/"], "440100", 2.0, 1, False,
                             ["api.gz.gov.cn"], {"DOWNLOAD_TIMEOUT": 120})
    assert shenzhen.browser and shenzhen.origins == ["http://www.sz.gov.cn"]


def test_a_missing_registry_is_empty_and_lies_beside_the_database(tmp_path, monkeypatch):
    monkeypatch.delenv(registry.SITES_ENV, raising=False)
    assert registry.default_path(tmp_path / "data" / "g.db") == tmp_path / "data" / "sites.toml"
    assert registry.load(tmp_path / "data" / "sites.toml") == []
    monkeypatch.setenv(registry.SITES_ENV, str(tmp_path / "elsewhere.toml"))
    assert registry.default_path(tmp_path / "data" / "g.db") == tmp_path / "elsewhere.toml"


@pytest.mark.parametrize(("text", "message"), [
    ('[sites.a]\nstart_urls = ["http://a.test/"]\ndealy = 2\n', r"sites.toml:3: site 'a': unknown key 'dealy'"),
    ('[sites.a]\nstart_urls = ["ftp://a.test/"]\n', r"sites.toml:2: site 'a': not an http\(s\) URL: 'ftp://a.test/'"),
    ('[sites.a]\nstart_urls = ["http://a.test/"]\n[sites.a]\nstart_urls = ["http://b.test/"]\n',
     r"sites.toml: .*line 3"),  # a name twice: tomllib's own message, with its line
    ('[sites.a]\nstart_urls = ["http://a.test/"]\n\n[sites.b]\nstart_urls = ["http://a.test/"]\n',
     r"sites.toml:2: http://a.test/ is claimed by two sites, 'a' and 'b'"),
    ('[sites.a]\nstart_urls = ["http://a.test/x"]\n\n[sites.b]\nstart_urls = ["http://a.test/y"]\n',
     r"sites.toml:5: http://a.test/y is claimed by two sites, 'a' and 'b' .*http://a.test\)"),
    ('[sites.a]\nstart_urls = []\n', r"sites.toml:2: site 'a': start_urls must be a non-empty list"),
    ('[sites.a]\nstart_urls = ["http://a.test/"]\ndelay = -1\n', r"sites.toml:3: site 'a': delay must be seconds"),
    ('[sites.a]\nstart_urls = ["http://a.test/"]\nbrowser = "yes"\n', r"sites.toml:3: site 'a': browser must be true"),
    ('[sites.a]\nstart_urls = ["http://a.test/"]\napi_hosts = ["https://x.test/api"]\n', r"sites.toml:3: .*api_hosts must be"),
    ('[sites.a]\nstart_urls = ["http://a.test/"]\n[sites.a.settings]\nlower = 1\n', r"sites.toml:3: .*settings must be a table"),
    ('[site.a]\nstart_urls = ["http://a.test/"]\n', r"sites.toml:1: unknown top-level key 'site'"),
    ('[sites.a\n', r"sites.toml: .*line 1"),
])
def test_a_bad_registry_names_the_file_the_line_and_the_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(RegistryError, match=rf"^{path.parent}/{message}"):
        registry.load(path)


def test_add_appends_and_keeps_every_comment(tmp_path):
    path = write(tmp_path, GOOD)
    registry.add(path, Site("foshan", ["https://www.foshan.gov.cn/"], region="佛山市", delay=1.5,
                            settings={"USER_AGENT": "x \"quoted\"", "RETRY_HTTP_CODES": [500, 503]}))
    text = path.read_text("utf-8")
    assert text.startswith(GOOD)
    assert "# the list is a Vue app" in text and "# Guangzhou city" in text
    foshan = registry.load(path)[-1]
    assert foshan == Site("foshan", ["https://www.foshan.gov.cn/"], "佛山市", 1.5,
                          settings={"USER_AGENT": "x \"quoted\"", "RETRY_HTTP_CODES": [500, 503]})
    assert registry.parse(registry.render(foshan)) == [foshan]  # the writer writes what the reader reads


def test_add_refuses_a_name_or_an_origin_taken_and_leaves_the_file_alone(tmp_path):
    path = write(tmp_path, GOOD)
    with pytest.raises(RegistryError, match="'guangzhou' is registered already"):
        registry.add(path, Site("guangzhou", ["https://elsewhere.test/"]))
    with pytest.raises(RegistryError, match="claimed by two sites, 'guangzhou' and 'copy'"):
        registry.add(path, Site("copy", ["https://www.gz.gov.cn/other/"]))
    with pytest.raises(RegistryError, match="not an http"):
        registry.add(path, Site("bad", ["www.example.gov.cn"]))
    assert path.read_text("utf-8") == GOOD
    assert [p.name for p in tmp_path.iterdir()] == ["sites.toml"]  # no temporary file left behind


def test_add_creates_the_registry_and_its_folder(tmp_path):
    path = tmp_path / "data" / "sites.toml"
    registry.add(path, Site("a", ["http://a.test/"]))
    assert path.read_text("utf-8") == '[sites.a]\nstart_urls = ["http://a.test/"]\n'
    assert path.stat().st_mode & 0o777 == 0o644


def test_remove_drops_the_site_its_settings_and_its_comment_and_keeps_the_rest(tmp_path):
    path = write(tmp_path, GOOD)
    registry.remove(path, "guangzhou")
    text = path.read_text("utf-8")
    assert "guangzhou" not in text and "Guangzhou city" not in text and "DOWNLOAD_TIMEOUT" not in text
    assert text.startswith("# Sites crawled nightly.\n\n# Shenzhen renders")
    assert "browser = true  # the list is a Vue app" in text
    assert [site.name for site in registry.load(path)] == ["shenzhen"]
    with pytest.raises(RegistryError, match="no site named 'guangzhou'"):
        registry.remove(path, "guangzhou")


def test_remove_mends_a_registry_the_removed_site_made_invalid(tmp_path):
    path = write(tmp_path, GOOD + '\n[sites.copy]\nstart_urls = ["https://www.gz.gov.cn/x"]\n')
    with pytest.raises(RegistryError):
        registry.load(path)
    registry.remove(path, "copy")
    assert [site.name for site in registry.load(path)] == ["guangzhou", "shenzhen"]


@pytest.mark.parametrize(("text", "value"), [
    ("120", 120), ("1.5", 1.5), ("true", True), ("[500, 503]", [500, 503]), ('"quoted"', "quoted"),
    ("plain words", "plain words"),
])
def test_set_values_are_read_as_toml_else_as_text(text, value):
    assert registry.setting_value(text) == value
