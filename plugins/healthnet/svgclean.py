"""Contributed SVG logos made safe to serve, instead of refused.

An SVG opened directly from the site's origin is a document: its scripts run there, and
anything it references is fetched. A logo as a designer exported it (Illustrator, Inkscape,
Figma, Sketch, Affinity, svgo, potrace) carries editor debris but nothing harmful, so every
SVG is parsed without entities or network access and a NEW document is built from what an
allow-list of drawing elements and attributes keeps:

- comments, metadata, XML and DOCTYPE declarations, editor namespaces and their private data
  go silently: an ordinary export must not earn its member a warning;
- scripts, event handlers, embedded HTML, animations (they can rewrite a link), stylesheet
  instructions, links and references to other files or sites, images other than embedded
  PNG, JPEG or WebP, and CSS that imports, loads or computes anything go too, and are named
  in `CleanedSvg.removed` for one warning line;
- CSS (``<style>``, ``style=""`` and presentation attributes) is read by tinycss2, the way a
  browser tokenizes it, so an escape that spells ``url(`` is seen as one.

Only a file that cannot be read, declares entities, is not an SVG, has nothing left to draw,
or multiplies itself like an entity bomb (nesting, <use> of <use>s) is refused, with
`UnusableSvg`.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import tinycss2
from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser


def _words(names: str) -> frozenset[str]:
    return frozenset(names.split())


SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MATHML_NS = "http://www.w3.org/1998/Math/MathML"

# Real logos nest a few dozen levels at most; the limit keeps rebuilding and writing the
# copy (both recursive) far from Python's recursion limit.
MAX_DEPTH = 200
# <use> of a group of <use>s of a group... multiplies what is drawn, like an entity bomb
# multiplies text: a browser or rasterizer would hang. A detailed 1 MB drawing has some
# 50,000 elements; a bomb has billions.
MAX_DRAWN_ELEMENTS = 200_000

FILTER_PRIMITIVES = _words(
    "feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
    "feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB "
    "feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset "
    "fePointLight feSpecularLighting feSpotLight feTile feTurbulence"
)
ELEMENTS = FILTER_PRIMITIVES | _words(
    "svg g defs symbol use switch a title desc style marker pattern "
    "path rect circle ellipse line polyline polygon text tspan textPath image "
    "linearGradient radialGradient stop clipPath mask filter"
)
# Any of these may set an attribute to javascript: or start a script.
ANIMATIONS = _words("animate animateColor animateMotion animateTransform set discard")
# Elements whose text is drawn or read; elsewhere text between elements is only layout.
TEXT_CONTENT = frozenset(["text", "tspan", "textPath"])
WHOLE_TEXT = frozenset(["title", "desc", "style"])
# What draws something by itself, and the containers whose content is drawn only when used.
DRAWS = _words("path rect circle ellipse line polyline polygon image use")
NOT_DRAWN = _words(
    "defs symbol clipPath mask pattern marker linearGradient radialGradient filter title desc style"
)

# Attributes a browser parses as CSS values: checked like a declaration's value.
PRESENTATION_ATTRIBUTES = _words(
    """alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
    color-interpolation-filters color-rendering cursor direction display dominant-baseline
    enable-background fill fill-opacity fill-rule filter flood-color flood-opacity font
    font-family font-size font-size-adjust font-stretch font-style font-variant font-weight
    glyph-orientation-horizontal glyph-orientation-vertical image-rendering isolation kerning
    letter-spacing lighting-color marker marker-end marker-mid marker-start mask mask-type
    mix-blend-mode opacity overflow paint-order pointer-events shape-rendering stop-color
    stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin
    stroke-miterlimit stroke-opacity stroke-width text-anchor text-decoration text-rendering
    transform transform-box transform-origin unicode-bidi vector-effect visibility white-space
    word-spacing writing-mode"""
)
OTHER_ATTRIBUTES = _words(
    """id class lang version baseProfile viewBox preserveAspectRatio width height x y x1 y1 x2
    y2 cx cy r rx ry fx fy fr d points pathLength offset gradientUnits gradientTransform
    spreadMethod patternUnits patternContentUnits patternTransform clipPathUnits maskUnits
    maskContentUnits markerUnits markerWidth markerHeight refX refY orient dx dy rotate
    textLength lengthAdjust startOffset method spacing side path systemLanguage
    requiredFeatures requiredExtensions filterUnits primitiveUnits filterRes in in2 result
    stdDeviation edgeMode mode operator k1 k2 k3 k4 type values tableValues slope intercept
    amplitude exponent order kernelMatrix divisor bias targetX targetY kernelUnitLength
    preserveAlpha surfaceScale diffuseConstant specularConstant specularExponent
    limitingConeAngle pointsAtX pointsAtY pointsAtZ azimuth elevation z scale
    xChannelSelector yChannelSelector baseFrequency numOctaves seed stitchTiles radius media
    role aria-label aria-labelledby aria-describedby aria-hidden"""
)
XML_ATTRIBUTES = frozenset(["space", "lang"])

# CSS functions that only compute a color, a length, a shape or a transform. Anything else
# (url, src, image-set, cross-fade, element, attr, expression, ...) may load or run something.
SAFE_FUNCTIONS = _words(
    """rgb rgba hsl hsla hwb lab lch oklab oklch color color-mix calc min max clamp var
    translate translatex translatey rotate scale scalex scaley skew skewx skewy matrix
    blur brightness contrast drop-shadow grayscale hue-rotate invert opacity saturate sepia
    rect inset circle ellipse polygon path cubic-bezier steps"""
)
URL_FUNCTIONS = frozenset(["url", "src"])
CSS_BINDINGS = frozenset(["behavior", "-moz-binding", "-ms-behavior"])
# At-rules whose content is more rules, cleaned like the stylesheet itself.
NESTING_AT_RULES = frozenset(["media", "supports", "keyframes", "-webkit-keyframes"])

RASTER_SIGNATURES = (
    ("image/png", re.compile(rb"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", re.compile(rb"\xff\xd8\xff")),
    ("image/webp", re.compile(rb"RIFF....WEBP", re.DOTALL)),
)
RASTER_TYPES = frozenset(["image/png", "image/jpeg", "image/jpg", "image/webp"])
_ENCODING_DECLARATION = re.compile(rb"(\xef\xbb\xbf)?<\?xml[^>]*encoding=")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_TABS_AND_NEWLINES = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))

SCRIPT = "a script"
HANDLERS = "event handler attributes"
EXTERNAL_URL = "a url() to another file or site"
# A CSS value a browser would ignore anyway: dropped without a word.
INVALID_CSS = ""


class UnusableSvg(ValueError):
    """An SVG that cannot be served: str(exc) completes "file members/logos/x.svg ..."."""


@dataclass(frozen=True)
class CleanedSvg:
    svg: bytes  # the safe SVG to publish: UTF-8, starts with <svg, declares its namespace
    removed: tuple[str, ...]  # the unsafe or foreign parts dropped, as phrases for one warning


def clean_svg(data: bytes) -> CleanedSvg:
    """The safe copy of SVG bytes, and what was removed; UnusableSvg if there is none."""
    root, instructions = _parse(data)
    namespace, name = _split(root.tag)
    if name != "svg" or namespace not in (SVG_NS, ""):
        where = f" in the namespace {namespace}" if namespace and name == "svg" else ""
        raise UnusableSvg(f"is not an SVG file (its root element is <{name}>{where})")
    cleaner = _Cleaner(drawing_namespaces=(SVG_NS, "") if namespace == "" else (SVG_NS,))
    if "xml-stylesheet" in instructions:
        cleaner.remove("a stylesheet instruction")
    svg = cleaner.element(root, in_text=False)
    removed = cleaner.phrases()
    if svg is None or not _draws(svg):
        if removed:
            raise UnusableSvg(
                "has nothing left to draw once unsafe parts are removed "
                f"(removed: {', '.join(removed)})"
            )
        raise UnusableSvg("has nothing to draw")
    _check_use_expansion(svg)
    namespaces = {"xmlns": SVG_NS}
    if any("xlink:href" in element.attrib for element in svg.iter()):
        namespaces["xmlns:xlink"] = XLINK_NS
    svg.attrib = {**namespaces, **svg.attrib}
    return CleanedSvg(ET.tostring(svg, encoding="unicode").encode("utf-8"), removed)


class _TreeBuilder(ET.TreeBuilder):
    """Builds the parsed tree, noting processing instructions and refusing deep nesting."""

    def __init__(self):
        super().__init__()
        self.instructions: list[str] = []
        self.depth = 0

    def start(self, tag, attrs):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise UnusableSvg(f"nests elements more than {MAX_DEPTH} levels deep")
        return super().start(tag, attrs)

    def end(self, tag):
        self.depth -= 1
        return super().end(tag)

    def pi(self, target, text=None):
        self.instructions.append(target)


# Illustrator's "Preserve Illustrator Editing" exports declare namespace names as entities:
# <!ENTITY ns_svg "http://www.w3.org/2000/svg">. Entities whose values are plain text (no
# reference to another entity, no markup, nothing outside the file) cannot grow into a bomb
# beyond a bounded copy: they are written out, and the file is read without its DOCTYPE.
_PLAIN_ENTITY = re.compile(rb'<!ENTITY\s+([A-Za-z_][A-Za-z0-9_.-]{0,40})\s+"([^"&<%]{0,300})"\s*>')
_DOCTYPE_WITH_SUBSET = re.compile(
    rb"<!DOCTYPE\s+svg(?:\s+PUBLIC\s+\"[^\"]*\"\s+\"[^\"]*\")?\s*\[(.*?)\]\s*>", re.S
)
_MAX_PLAIN_ENTITIES = 32


def _written_out_entities(data: bytes) -> bytes | None:
    """The file with its plain entities written out and its DOCTYPE gone, or None when its
    DOCTYPE declares anything else."""
    doctype = _DOCTYPE_WITH_SUBSET.search(data)
    if doctype is None:
        return None
    declarations = _PLAIN_ENTITY.findall(doctype[1])
    leftover = _PLAIN_ENTITY.sub(b"", doctype[1]).strip()
    if leftover or not declarations or len(declarations) > _MAX_PLAIN_ENTITIES:
        return None
    values = dict(declarations)
    body = data[: doctype.start()] + data[doctype.end() :]
    written = re.sub(rb"&([A-Za-z_][A-Za-z0-9_.-]*);",
                     lambda ref: values.get(ref[1], ref[0]), body)  # fmt: skip
    return written if len(written) <= 2 * len(data) + 4096 else None


def _parse(data: bytes) -> tuple[ET.Element, list[str]]:
    try:
        return _parse_strictly(data)
    except UnusableSvg as unusable:
        written = _written_out_entities(data) if "declares entities" in str(unusable) else None
        if written is None:
            raise
        return _parse_strictly(written)


def _parse_strictly(data: bytes) -> tuple[ET.Element, list[str]]:
    builder = _TreeBuilder()
    # A DOCTYPE is allowed (SVG 1.1 exports carry one), but no entity may be declared and
    # nothing outside the file is read.
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        root = parser.close()
    except EntitiesForbidden:
        raise UnusableSvg("declares entities (<!ENTITY>), which a logo may not use") from None
    except DefusedXmlException:
        raise UnusableSvg("refers to a file outside itself in its DOCTYPE") from None
    except ET.ParseError as error:
        if _is_undeclared_non_utf8(data):
            raise UnusableSvg(
                "is not UTF-8 text and does not say which encoding it uses; "
                "save the SVG with UTF-8 encoding"
            ) from None
        raise UnusableSvg(f"is not a readable SVG file ({error})") from None
    except (LookupError, ValueError) as error:  # such as an unknown encoding
        if isinstance(error, UnusableSvg):
            raise
        raise UnusableSvg(f"is not a readable SVG file ({error})") from None
    return root, builder.instructions


def _is_undeclared_non_utf8(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _ENCODING_DECLARATION.match(data):
        return False  # UTF-16, or another encoding the file names
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


class _Cleaner:
    """Rebuilds a parsed SVG from the allow-lists, noting what it had to leave out."""

    def __init__(self, drawing_namespaces: tuple[str, ...]):
        self.drawing_namespaces = drawing_namespaces
        self.removed: dict[str, None] = {}  # an ordered set: first occurrence first
        self.handlers: set[str] = set()

    def remove(self, phrase: str) -> None:
        if phrase:
            self.removed.setdefault(phrase)

    def phrases(self) -> tuple[str, ...]:
        handlers = f"{HANDLERS} ({', '.join(sorted(self.handlers, key=str.lower))})"
        return tuple(handlers if phrase == HANDLERS else phrase for phrase in self.removed)

    # Elements

    def element(self, source: ET.Element, in_text: bool) -> ET.Element | None:
        namespace, name = _split(source.tag)
        if namespace not in self.drawing_namespaces:
            self._foreign(namespace, name)
            return None
        if name == "script":
            self.remove(SCRIPT)
            return None
        if name in ANIMATIONS:
            self.remove("an animation")
            return None
        if name == "foreignObject":
            if not _is_editor_data(source):
                self.remove("embedded HTML (foreignObject)")
            return None
        if name not in ELEMENTS:  # metadata, Inkscape's flowRoot, fonts: nothing drawn
            return None
        attributes = self._attributes(source, name)
        if name == "a" and "href" not in attributes and "xlink:href" not in attributes:
            name = "tspan" if in_text else "g"  # keeps the drawing, loses the link
        if name in ("use", "image") and "href" not in attributes and "xlink:href" not in attributes:
            return None
        if name == "style" and attributes.pop("type", "text/css").strip().lower() != "text/css":
            return None  # a browser ignores a stylesheet in another language
        copy = ET.Element(name, attributes)
        if name in WHOLE_TEXT:
            text = "".join(source.itertext())
            copy.text = self._stylesheet(text) if name == "style" else text
            return copy if copy.text or name != "style" else None
        keeps_text = name in TEXT_CONTENT or (in_text and name == "a")
        if keeps_text:
            copy.text = source.text
        for child in source:
            cleaned = self.element(child, in_text=keeps_text)
            if cleaned is not None:
                copy.append(cleaned)
            if keeps_text and child.tail:
                # A dropped child's text after it still belongs to the sentence.
                if len(copy):
                    copy[-1].tail = (copy[-1].tail or "") + child.tail
                else:
                    copy.text = (copy.text or "") + child.tail
        return copy

    def _foreign(self, namespace: str, name: str) -> None:
        # Other vocabularies draw nothing in an SVG and are mostly editors' private data,
        # dropped silently; HTML would run or load something.
        if name.lower() == "script":
            self.remove(SCRIPT)
        elif namespace == XHTML_NS:
            self.remove("HTML content")

    # Attributes

    def _attributes(self, source: ET.Element, element: str) -> dict[str, str]:
        kept: dict[str, str] = {}
        for key, value in source.attrib.items():
            namespace, name = _split(key)
            if namespace == "" and name.lower().startswith("on"):
                self.handlers.add(_quoted_name(name))
                self.remove(HANDLERS)
            elif name == "href" and namespace in ("", XLINK_NS):
                href = self._href(element, value)
                if href is not None:
                    kept["href" if namespace == "" else "xlink:href"] = href
            elif namespace == XML_NS and name in XML_ATTRIBUTES:
                kept[f"xml:{name}"] = value
            elif namespace:
                continue  # editors' attributes (inkscape:label, i:extraneous, serif:id, ...)
            elif name == "style":
                style = self._declarations(
                    tinycss2.parse_declaration_list(value, skip_comments=True, skip_whitespace=True)
                )
                if style:
                    kept[name] = style
            elif name in PRESENTATION_ATTRIBUTES:
                if self._css_value_is_safe(value, SAFE_FUNCTIONS):
                    kept[name] = value
            elif name in OTHER_ATTRIBUTES and (
                # Not CSS to a browser, but a url( in it must not survive either way.
                not ("(" in value or "\\" in value) or self._css_value_is_safe(value, None)
            ):
                kept[name] = value
        return kept

    def _href(self, element: str, value: str) -> str | None:
        """The link to keep, or None: a fragment, or for <image> an embedded raster image."""
        url = _URL_TABS_AND_NEWLINES.sub("", value.strip(_C0_AND_SPACE))
        if url.startswith("#") and element != "image":
            return url
        scheme = _URL_SCHEME.match(url)
        scheme = scheme.group(1).lower() if scheme else ""
        if element == "image" and scheme == "data":
            image = _raster_data_url(url)
            if image is None:
                self.remove("an embedded image other than PNG, JPEG or WebP")
            return image
        if not url or url.startswith("#"):
            return None
        if scheme in ("javascript", "vbscript"):
            self.remove("a javascript: link")
        elif element == "a":
            self.remove("a link to another file" if not scheme else "a link to another site")
        elif element == "image":
            self.remove("an image from another file or site")
        else:
            self.remove(f"a reference to another file or site (<{element}>)")
        return None

    # CSS

    def _stylesheet(self, css: str) -> str:
        return self._rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))

    def _rules(self, rules: list) -> str:
        kept = []
        for rule in rules:
            if rule.type == "qualified-rule":
                # A selector holds no url(); if one does, the rule is invalid: drop it.
                if self._css_problem(rule.prelude, None) is not None:
                    continue
                declarations = self._declarations(
                    tinycss2.parse_declaration_list(
                        rule.content, skip_comments=True, skip_whitespace=True
                    )
                )
                if declarations:
                    kept.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{declarations}}}")
            elif rule.type == "at-rule":
                kept.append(self._at_rule(rule))
        return "".join(kept)

    def _at_rule(self, rule) -> str:
        name = rule.lower_at_keyword
        if name == "charset":
            return ""
        if name not in NESTING_AT_RULES or rule.content is None:
            self.remove(f"CSS @{_quoted_name(name)}")
            return ""
        if self._css_problem(rule.prelude, None) is not None:
            return ""
        content = self._rules(
            tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
        )
        if not content:
            return ""
        keyword = tinycss2.serialize_identifier(rule.at_keyword)
        return f"@{keyword} {tinycss2.serialize(rule.prelude).strip()}{{{content}}}"

    def _declarations(self, items: list) -> str:
        kept = []
        for item in items:
            if item.type == "declaration":
                if item.lower_name in CSS_BINDINGS:
                    self.remove(f"a CSS binding ({item.lower_name})")
                elif self._css_value_is_safe(item.value, SAFE_FUNCTIONS):
                    kept.append(_declaration(item))
            elif item.type == "at-rule":
                self.remove(f"CSS @{_quoted_name(item.lower_at_keyword)}")
        return ";".join(kept)

    def _css_value_is_safe(self, value: str | list, functions: frozenset[str] | None) -> bool:
        tokens = tinycss2.parse_component_value_list(value) if isinstance(value, str) else value
        problem = self._css_problem(tokens, functions)
        if problem is not None:
            self.remove(problem)
        return problem is None

    def _css_problem(self, tokens: list, functions: frozenset[str] | None) -> str | None:
        """What makes CSS tokens unsafe, INVALID_CSS, or None.

        `functions` are the functions allowed besides url(#fragment); None allows any (for
        selectors and attributes a browser does not read as CSS), but never url() or
        expression().
        """
        for token in tokens:
            if token.type == "url":
                if not token.value.startswith("#"):
                    return EXTERNAL_URL
            elif token.type == "function":
                name = token.lower_name
                if name in URL_FUNCTIONS:
                    if not _is_fragment_argument(token.arguments):
                        return EXTERNAL_URL
                    continue
                if name == "expression":
                    return "CSS expression()"
                if functions is not None and name not in functions:
                    return f"the CSS function {_quoted_name(name)}()"
                problem = self._css_problem(token.arguments, functions)
                if problem is not None:
                    return problem
            elif token.type in ("() block", "[] block", "{} block"):
                problem = self._css_problem(token.content, functions)
                if problem is not None:
                    return problem
            elif token.type == "error" and (functions is not None or token.kind == "bad-url"):
                return INVALID_CSS
        return None


def _quoted_name(name: str) -> str:
    """A name from the file, fit to quote in a warning: short and plain, or "..."."""
    return name if _PLAIN_NAME.fullmatch(name) else "..."


def _declaration(declaration) -> str:
    """A declaration written compactly: no whitespace tokens around its value."""
    value = list(declaration.value)
    while value and value[0].type == "whitespace":
        value.pop(0)
    while value and value[-1].type == "whitespace":
        value.pop()
    name = tinycss2.serialize_identifier(declaration.name)
    important = "!important" if declaration.important else ""
    return f"{name}:{tinycss2.serialize(value)}{important}"


def _is_fragment_argument(arguments: list) -> bool:
    values = [token for token in arguments if token.type not in ("whitespace", "comment")]
    return len(values) == 1 and values[0].type == "string" and values[0].value.startswith("#")


def _raster_data_url(url: str) -> str | None:
    """The data: URL of an embedded PNG, JPEG or WebP image, written plainly, or None."""
    header, comma, body = url[len("data:") :].partition(",")
    parameters = [part.strip().lower() for part in header.split(";")]
    if not comma or parameters[0] not in RASTER_TYPES or parameters[-1] != "base64":
        return None
    encoded = re.sub(rb"[\t\n\f\r ]", b"", unquote_to_bytes(body))
    try:
        image = base64.b64decode(encoded + b"=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    for mime_type, signature in RASTER_SIGNATURES:
        if signature.match(image):
            return f"data:{mime_type};base64,{base64.b64encode(image).decode('ascii')}"
    return None


def _is_editor_data(foreign_object: ET.Element) -> bool:
    """Whether a foreignObject only holds an editor's private data (Illustrator's pgfRef),
    which no browser shows: no HTML, SVG or MathML and no text."""
    for element in foreign_object.iter():
        if element is not foreign_object and _split(element.tag)[0] in (
            "",
            SVG_NS,
            XHTML_NS,
            MATHML_NS,
        ):
            return False
    return not "".join(foreign_object.itertext()).strip()


def _draws(element: ET.Element) -> bool:
    for child in element:
        if child.tag in NOT_DRAWN:
            continue
        if child.tag in DRAWS or _draws(child):
            return True
        if child.tag == "text" and "".join(child.itertext()).strip():
            return True
    return False


def _check_use_expansion(svg: ET.Element) -> None:
    """Refuse a drawing whose <use> references multiply into too many elements."""
    by_id = {element.get("id"): element for element in svg.iter() if element.get("id")}
    weights: dict[int, int] = {}
    visiting: set[int] = set()

    def weight(element: ET.Element, depth: int) -> int:
        key = id(element)
        if key in weights:
            return weights[key]
        if key in visiting:
            return 0  # a reference cycle draws nothing
        if depth > MAX_DEPTH:
            raise UnusableSvg(f"nests elements more than {MAX_DEPTH} levels deep through <use>")
        visiting.add(key)
        total = 1 + sum(weight(child, depth + 1) for child in element)
        if element.tag == "use":
            href = element.get("href") or element.get("xlink:href") or ""
            target = by_id.get(href[1:])
            if target is not None:
                total += weight(target, depth + 1)
        visiting.discard(key)
        if total > MAX_DRAWN_ELEMENTS:
            raise UnusableSvg(
                f"draws more than {MAX_DRAWN_ELEMENTS:,} elements through nested <use> "
                "references, which a logo may not"
            )
        weights[key] = total
        return total

    weight(svg, 0)


def _split(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag or attribute name."""
    if tag[:1] == "{":
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag
