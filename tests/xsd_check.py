"""A small XML Schema validator for the subset junit-10.xsd uses, in pure Python.

lxml would validate any XSD, but it is a compiled dependency the project does
not otherwise need; this covers what tests/schemas/junit-10.xsd declares:
global elements (named, typed `xs:string`, a named or an inline complex type),
`ref`, `sequence` and `choice` with `minOccurs`/`maxOccurs`, `mixed`,
attributes (`use="required"`, types `xs:string` or a simple type restricted by
`xs:pattern`). A content model becomes a regular expression over the child
element names, so order and counts are checked as a schema processor would.
If lxml is installed, tests validate with it as well.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

XS = "{http://www.w3.org/2001/XMLSchema}"


@dataclass
class _Type:
    mixed: bool = False
    text_only: bool = False  # xs:string: text, no child elements
    model: str = ""  # regex over "<name>" tokens
    attributes: dict[str, str] = field(default_factory=dict)  # name -> simple type
    required: set[str] = field(default_factory=set)


class Schema:
    def __init__(self, path: Path) -> None:
        root = ET.parse(path).getroot()
        self.patterns: dict[str, re.Pattern[str]] = {}
        for simple in root.findall(f"{XS}simpleType"):
            pattern = simple.find(f"{XS}restriction/{XS}pattern")
            assert pattern is not None
            self.patterns[simple.get("name", "")] = re.compile(pattern.get("value", ""))
        named = {c.get("name", ""): c for c in root.findall(f"{XS}complexType")}
        self.types: dict[str, _Type] = {}
        for element in root.findall(f"{XS}element"):
            name = element.get("name", "")
            kind = element.get("type")
            if kind == "xs:string":
                self.types[name] = _Type(text_only=True)
            elif kind is not None:
                self.types[name] = self._complex(named[kind])
            else:
                inline = element.find(f"{XS}complexType")
                assert inline is not None, name
                self.types[name] = self._complex(inline)

    def _complex(self, node: ET.Element) -> _Type:
        kind = _Type(mixed=node.get("mixed") == "true")
        for particle in node:
            if particle.tag in (f"{XS}sequence", f"{XS}choice"):
                kind.model = self._particle(particle)
            elif particle.tag == f"{XS}attribute":
                name = particle.get("name", "")
                kind.attributes[name] = particle.get("type", "xs:string")
                if particle.get("use") == "required":
                    kind.required.add(name)
        return kind

    def _particle(self, node: ET.Element) -> str:
        if node.tag == f"{XS}element":
            body = f"<{node.get('ref') or node.get('name')}>"
        else:
            parts = [self._particle(child) for child in node if child.tag.startswith(XS)]
            joiner = "" if node.tag == f"{XS}sequence" else "|"
            body = f"(?:{joiner.join(parts)})"
        low = int(node.get("minOccurs", "1"))
        high = node.get("maxOccurs", "1")
        if high == "unbounded":
            return f"(?:{body}){{{low},}}"
        return f"(?:{body}){{{low},{int(high)}}}"

    def errors(self, element: ET.Element, path: str = "") -> list[str]:
        """Every violation in `element` and below, as `path: problem`."""
        where = f"{path}/{element.tag}"
        kind = self.types.get(element.tag)
        if kind is None:
            return [f"{where}: element not declared"]
        found: list[str] = []
        for name, value in element.attrib.items():
            if name not in kind.attributes:
                found.append(f"{where}: attribute '{name}' not allowed")
                continue
            pattern = self.patterns.get(kind.attributes[name])
            if pattern is not None and not pattern.fullmatch(value):
                found.append(f"{where}: attribute '{name}'={value!r} breaks its pattern")
        for name in sorted(kind.required - set(element.attrib)):
            found.append(f"{where}: required attribute '{name}' missing")
        children = list(element)
        if kind.text_only:
            if children:
                found.append(f"{where}: text only, but has child elements")
            return found
        if not kind.mixed:
            texts = [element.text, *(child.tail for child in children)]
            if any(text and text.strip() for text in texts):
                found.append(f"{where}: text is not allowed here")
        tokens = "".join(f"<{child.tag}>" for child in children)
        if not re.fullmatch(kind.model, tokens):
            found.append(f"{where}: children {tokens or '(none)'} do not match the content model")
        for child in children:
            found += self.errors(child, where)
        return found


def validate(xml_text: str, schema_path: Path) -> list[str]:
    """The violations of `xml_text` against the schema (an empty list when valid)."""
    return Schema(schema_path).errors(ET.fromstring(xml_text))
