"""What templates remember (constant blocks, URLs, the request's language) never leaks between
languages, sign-in states or site addresses."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from flask import render_template_string
from jinja2 import TemplateRuntimeError, Undefined
from markupsafe import Markup

from eexpo import templating
from eexpo.i18n import current_locale_code, force_locale
from eexpo.models import Role
from tests.conftest import csrf_token

ZH = {"Accept-Language": "zh-CN"}


def _nav_tour_link(html: str) -> str:
    return re.search(r'<li><a href="/tour"[^>]*>[^<]+</a></li>', html).group(0)


def test_constant_blocks_follow_the_language(client):
    english = client.get("/").get_data(as_text=True)
    chinese = client.get("/", headers=ZH).get_data(as_text=True)
    again = client.get("/").get_data(as_text=True)
    assert ">Sign in</a>" in english
    assert ">Sign in</a>" in again
    assert ">登录</a>" in chinese
    assert "Sign in" not in chinese
    # The language switch offers the other language only.
    assert 'value="en"' in chinese
    assert 'value="zh_Hans"' not in chinese
    assert 'value="zh_Hans"' in english
    assert 'value="en"' not in english


def test_constant_blocks_follow_the_sign_in_state(client, make, auth):
    anonymous = client.get("/").get_data(as_text=True)
    make.user(Role.VISITOR, email="v@example.com")
    auth.login("v@example.com")
    signed_in = client.get("/").get_data(as_text=True)
    assert "data-tour-link" in _nav_tour_link(anonymous)
    assert "data-tour-link" not in _nav_tour_link(signed_in)
    assert ">Sign in</a>" not in signed_in
    assert "Sign out" in signed_in


def test_the_page_a_language_switch_returns_to_is_not_remembered(client):
    first = client.get("/sectors/none").get_data(as_text=True)
    second = client.get("/tour").get_data(as_text=True)
    assert 'name="next" value="/sectors/none"' in first
    assert 'name="next" value="/tour"' in second


def test_remembered_urls_follow_the_site_address(app, client, make):
    app.config["SERVER_NAME"] = None  # served under whatever name the request gives
    booth = make.published_booth(sector=make.sector("iot"))
    for host in ("expo.example", "mirror.example"):
        html = client.get(f"/booths/{booth.id}", headers={"Host": host}).get_data(as_text=True)
        assert f'<link rel="canonical" href="http://{host}/booths/{booth.id}">' in html
    for root in ("", "/expo"):  # served under a path prefix: the links, constant ones too
        html = client.get(f"/booths/{booth.id}", base_url=f"http://expo.example{root}").text
        assert f'<link rel="canonical" href="http://expo.example{root}/booths/{booth.id}">' in html
        assert f'<a href="{root}/tour" data-tour-link>' in html


def test_the_remembered_host_url_follows_the_site_address(app):
    app.config["SERVER_NAME"] = None
    for _round in range(2):
        for base in ("https://expo.example", "http://mirror.example:8080"):
            with app.test_request_context("/", base_url=base):
                assert templating.host_url() == base


def test_remembered_urls_take_unhashable_values(app):
    url_for = templating.remembered_url_for()
    with app.test_request_context("/"):
        assert url_for("visit.search", q=["a", "b"]) == "/search?q=a&q=b"
        assert url_for("visit.search", q="a") == url_for("visit.search", q="a") == "/search?q=a"


def test_memos_are_bounded(monkeypatch):
    monkeypatch.setattr(templating, "_MEMO_LIMIT", 3)
    memo: dict = {}
    for n in range(3):
        templating._remember(memo, n, lambda n=n: n)
    assert len(memo) == 3
    assert templating._remember(memo, "new", lambda: "made") == "made"
    assert memo == {"new": "made"}


def test_force_locale_switches_templates_and_switches_back(app):
    template = "{{ _('Sign in') }} {{ current_locale() }}"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(template) == "Sign in en"
        with force_locale("zh_Hans"):
            assert render_template_string(template) == "登录 zh_Hans"
            assert current_locale_code() == "zh_Hans"
        assert render_template_string(template) == "Sign in en"


def test_template_gettext_formats_like_jinjas_newstyle(app):
    """Placeholders are escaped as `Markup(text) % values` escapes them (markup kept, numbers
    formatted as numbers, `%%` a percent sign); a text template formats them as they are."""
    values = {"a": '<b> & "q"', "m": Markup("<i>kept</i>"), "n": 3, "f": 2.5, "t": True}
    text = "%(a)s %(m)s %(n)d %(n)s %(f).1f %(t)s 100%%"
    source = "{{ _(text, **values) }}"
    with app.test_request_context("/"):
        expected = Markup(text) % values  # noqa: S704 - the rule itself, as the reference
        assert render_template_string(source, text=text, values=values) == expected
        assert render_template_string("{{ _('100%%') }}") == "100%"
        plain = app.jinja_env.from_string("{% autoescape false %}" + source + "{% endautoescape %}")
        assert plain.render(text=text, values=values) == text % values
        assert render_template_string("{{ _('Stand %(stand)s', stand='<b>') }}") == (
            "Stand &lt;b&gt;"
        )
        assert render_template_string("{{ ngettext('%(num)d booth', '%(num)d booths', 2) }}") == (
            "2 booths"
        )


def test_a_constant_block_outside_a_rendering_with_context_finds_its_key_itself(app):
    """Macros imported without context do not see `constant_key`: the block works it out."""
    extension = app.jinja_env.extensions["eexpo.templating.ConstantExtension"]
    with app.test_request_context("/", headers=ZH):
        key = extension._key("x.html#1", Undefined())
        assert key == ("x.html#1", templating._constant_key()["constant_key"])
        assert key[1][0] == "zh_Hans"
        assert key[1][2] is False  # not signed in
    with app.app_context():
        assert extension._key("x.html#1", None) is None  # no request: rendered every time


def test_templates_have_flask_babels_trans_blocks(app):
    source = (
        "{% trans n=2 %}{{ n }} booth{% pluralize %}{{ n }} booths{% endtrans %}|"
        "{% trans %}Sign in{% endtrans %}"
    )
    for headers, expected in (({}, "2 booths|Sign in"), (ZH, "|登录")):
        with app.app_context(), app.test_request_context("/", headers=headers):
            assert render_template_string(source).endswith(expected)


def test_a_constant_block_needs_a_template_file(app):
    template = app.jinja_env.from_string("{% constant %}{{ _('Sign in') }}{% endconstant %}")
    with app.test_request_context("/"), pytest.raises(TemplateRuntimeError, match="from a file"):
        template.render()


def test_remembered_urls_refuse_an_app_with_url_defaults(app):
    app.url_defaults(lambda endpoint, values: values.setdefault("lang", "en"))
    with pytest.raises(RuntimeError, match="URL defaults"):
        templating.check_remembered_urls(app)


def test_every_constant_block_renders_the_same_for_every_signed_in_user(app, make, monkeypatch):
    """A constant block is kept per language, site and signed-in state only: whatever it shows
    must not depend on who is signed in. Every page each role can open is rendered, with the
    memo bypassed, and each block's output compared across the users who saw it."""
    extension = app.jinja_env.extensions["eexpo.templating.ConstantExtension"]
    outputs: dict[object, dict[str, Markup]] = {}
    viewer = {"email": ""}

    def render(where, per, caller):
        output = caller()
        outputs.setdefault(extension._key(where, per), {})[viewer["email"]] = output
        return output

    monkeypatch.setattr(extension, "_recall", lambda where, per: None)
    monkeypatch.setattr(extension, "_render", render)
    sector = make.sector("iot")
    users = [
        make.user(Role.VISITOR, email="visitor@example.com"),
        make.user(Role.EXHIBITOR, email="exhibitor@example.com"),
        make.user(Role.ORGANIZER, email="organizer@example.com"),
    ]
    booth = make.published_booth(users[1].exhibitor, sector, title="Compared booth")
    pages = [f"/booths/{booth.id}", "/sectors/iot"] + [
        rule.rule for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/api")
    ]  # fmt: skip
    for user in users:
        client = app.test_client()
        viewer["email"] = user.email
        client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                    "csrf_token": csrf_token(client)})  # fmt: skip
        assert client.get("/account").status_code == 200
        for page in pages:
            client.get(page)
    shared = [seen for seen in outputs.values() if len(seen) > 1]
    assert len(shared) >= 9  # every block of the base page, the booth and the sector page
    for seen in shared:
        assert len(set(seen.values())) == 1, seen


def test_static_files_are_linked_by_their_content_digest(client, app):
    html = client.get("/").get_data(as_text=True)
    found = re.search(r'href="/static/css/eexpo\.css\?v=([0-9a-f]+)"', html)
    assert found, "the stylesheet is linked with its version"
    css = (Path(app.static_folder) / "css/eexpo.css").read_bytes()
    assert found.group(1) == hashlib.sha256(css).hexdigest()[:12]
    with client.get(f"/static/css/eexpo.css?v={found.group(1)}") as served:
        assert served.status_code == 200
        assert served.get_data() == css
