"""The theme's templates escape every value they show exactly as Jinja's autoescaping
does: the build compiles ``{{ value }}`` to ``escaped_text`` (render.EscapedTextOutput),
which writes markupsafe's text without making a Markup object of each value."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from plugins.healthnet.render import EscapedTextOutput, escaped_text

TEMPLATES = {
    "page.html": (
        '<p title="{{ value }}">{{ value }}</p>{{ safe }}{{ number }}{{ nothing }}'
        "{% set held %}<b>{{ value }}</b>{% endset %}{{ held }}"
        "{% macro card(text) %}<li>{{ text }}</li>{% endmacro %}{{ card(value) }}"
        "{{ value|e }}{{ value ~ safe }}{{ missing }}{% include 'part.html' %}"
    ),
    "part.html": "<span>{{ value|upper }}</span>",
}


def environments() -> tuple[Environment, Environment]:
    jinja = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    build = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    build.code_generator_class = EscapedTextOutput
    build.escaped_text = escaped_text
    return jinja, build


JINJA, BUILD = environments()


def both(**values) -> tuple[str, str]:
    return tuple(env.get_template("page.html").render(values) for env in (JINJA, BUILD))


def test_the_build_compiles_values_to_escaped_text():
    compiled = BUILD.compile(TEMPLATES["page.html"], raw=True)
    assert "environment.escaped_text(" in compiled
    assert "escape(" not in compiled.replace("escaped_text(", "")


def test_markup_characters_in_contributed_text_are_shown_as_text():
    attack = "\"><script>alert('x')</script>&amp; Children's"
    jinja, build = both(value=attack, safe=Markup("<em>ours</em>"), number=7, nothing=None)
    assert build == jinja
    assert "<script>" not in build
    assert (
        "&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp; Children&#39;s" in build
    )
    assert "<em>ours</em>" in build  # marked safe by the templates: left as it is


@given(st.text(), st.text(), st.integers() | st.floats(allow_nan=False) | st.none())
def test_any_text_is_escaped_as_jinja_escapes_it(value, safe, number):
    jinja, build = both(value=value, safe=Markup(safe), number=number, nothing=None)
    assert build == jinja
