"""The rules of IPTC's ninjs specification that a document is checked against before it
is read, for the major version it claims (written for presslate from the published
specification; IPTC's schema files are not bundled).

The version: ``standard.version`` when the document gives it, else the one its
property names belong to (1.x ``headline``/``body_html``/``byline``; 2.x
``headlines``/``bodies``/``by`` in lower case; 3.x the same in camelCase:
``versionCreated``, ``altIds``, ``contentType``).

Checked, at every level (associations are ninjs objects too):

- the document is an object with a ``uri``, a non-empty string;
- ``type`` is one of the version's types (1.x: text, audio, video, picture,
  graphic, composite, component; 2.x and 3.x add event and planning);
- ``pubstatus`` is usable, withheld or canceled; ``urgency`` a number;
- the dates (``versioncreated``, ``firstcreated``, ``contentcreated``,
  ``embargoed``, ``expires``) are ISO 8601 date-times;
- text properties (headline, byline/by, located, language, slugline, ednote,
  body and description texts) are strings;
- 2.x/3.x ``headlines``, ``descriptions`` and ``bodies`` are lists of objects
  with a string ``value`` (and string ``role``/``contenttype``);
- ``associations`` is an object of named ninjs objects (1.x), or a list of
  ninjs objects each with a ``name`` (2.x, 3.x);
- no property of another major version (a 1.x ``body_html`` in a 2.x
  document, a 2.x ``versioncreated`` in a 3.x one).

Properties the reader does not use (subjects, renditions' details, rights) are
not checked further.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import SchemaError
from ..record import json_type_name

HINT = "see the ninjs specification for the version the document claims (iptc.org/std/ninjs)"
TYPES_1 = ("text", "audio", "video", "picture", "graphic", "composite", "component")
TYPES_2 = (*TYPES_1, "event", "planning")
PUBSTATUS = ("usable", "withheld", "canceled")
# 2.x name -> 3.x name (3.x writes the same properties in camelCase).
CAMEL = {"versioncreated": "versionCreated", "firstcreated": "firstCreated",
         "contentcreated": "contentCreated", "pubstatus": "pubStatus",
         "copyrightholder": "copyrightHolder", "copyrightnotice": "copyrightNotice",
         "usageterms": "usageTerms", "ednote": "edNote", "altids": "altIds",
         "infosources": "infoSources", "trustindicators": "trustIndicators",
         "representationtype": "representationType", "contenttype": "contentType",
         "charcount": "charCount", "wordcount": "wordCount"}
ONLY_1 = {"headline": "headlines", "byline": "by", "body_text": "bodies", "body_html": "bodies",
          "description_text": "descriptions", "description_html": "descriptions",
          "person": "people", "organisation": "organisations", "place": "places",
          "subject": "subjects", "event": "events", "object": "objects",
          "infosource": "infosources", "trustindicator": "trustindicators", "genre": "genres"}
ONLY_2_3 = ("headlines", "bodies", "descriptions", "by", "people", "organisations", "places",
            "subjects", "events", "objects", "genres")
DATES = ("versioncreated", "firstcreated", "contentcreated", "embargoed", "expires")
STRINGS_1 = ("headline", "byline", "located", "language", "slugline", "ednote", "body_text",
             "body_html", "description_text", "description_html", "version", "profile", "title")
STRINGS_2 = ("by", "located", "language", "slugline", "ednote", "version", "profile", "title")
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True)
class NinjsVersion:
    major: int
    label: str  # "2.1" as claimed, or "2.x" when told from the names

    def name(self, name: str) -> str:
        """A property's name in this version, from its 1.x/2.x (lower-case) name."""
        return CAMEL.get(name, name) if self.major == 3 else name


def check_ninjs(data: Any, *, origin: str = "") -> NinjsVersion:
    """The version ``data`` claims; raises :class:`SchemaError` naming the JSON path of the
    first rule it breaks."""
    if not isinstance(data, dict):
        raise _error(origin, "", f"expected a ninjs object at the top, got {json_type_name(data)}")
    version = _version(data, origin)
    _Check(version, origin).item(data, "")
    return version


def _version(data: Mapping[str, Any], origin: str) -> NinjsVersion:
    standard = data.get("standard")
    if isinstance(standard, dict) and standard.get("version") is not None:
        claimed = standard["version"]
        match = re.match(r"^([123])(\.\d+)*$", str(claimed))
        if not isinstance(claimed, str) or not match:
            raise _error(origin, "standard.version",
                         f"expected a ninjs version (1.x, 2.x or 3.x), got {claimed!r}")
        return NinjsVersion(int(match.group(1)), claimed)
    keys = set(data)
    if keys & set(ONLY_1):
        return NinjsVersion(1, "1.x")
    if keys & set(CAMEL.values()):
        return NinjsVersion(3, "3.x")
    return NinjsVersion(2, "2.x")


class _Check:
    def __init__(self, version: NinjsVersion, origin: str) -> None:
        self.version = version
        self.origin = origin

    def fail(self, where: str, problem: str, hint: str = HINT) -> SchemaError:
        return _error(self.origin, where, problem, hint)

    def item(self, obj: Mapping[str, Any], where: str) -> None:
        at = f"{where}." if where else ""
        major, label = self.version.major, self.version.label
        for key in obj:
            if major > 1 and key in ONLY_1:
                raise self.fail(f"{at}{key}", f"a ninjs 1.x property in a {label} document",
                                f"ninjs {major}.x names it {self.version.name(ONLY_1[key])!r}")
            if major == 1 and (key in ONLY_2_3 or key in CAMEL.values()):
                raise self.fail(f"{at}{key}", f"a ninjs 2.x/3.x property in a {label} document",
                                "a 1.x document uses headline, byline, body_html, "
                                "description_text; or claim the version in standard.version")
            if major == 3 and key in CAMEL:
                raise self.fail(f"{at}{key}", f"a ninjs 2.x name in a {label} document",
                                f"ninjs 3.x names it {CAMEL[key]!r}")
            if major == 2 and key in CAMEL.values():
                raise self.fail(f"{at}{key}", f"a ninjs 3.x name in a {label} document",
                                "ninjs 2.x names it "
                                f"{next(k for k, v in CAMEL.items() if v == key)!r}")
        uri = obj.get("uri")
        if not isinstance(uri, str) or not uri.strip():
            raise self.fail(f"{at}uri", "missing (every ninjs object has a uri)" if uri is None
                            else f"expected a non-empty string, got {json_type_name(uri)}")
        types = TYPES_1 if major == 1 else TYPES_2
        if "type" in obj and obj["type"] not in types:
            raise self.fail(f"{at}type", f"{obj['type']!r} is not a ninjs {label} type",
                            f"use one of {', '.join(types)}")
        pubstatus = self.version.name("pubstatus")
        if pubstatus in obj and obj[pubstatus] not in PUBSTATUS:
            raise self.fail(f"{at}{pubstatus}", f"expected one of {', '.join(PUBSTATUS)}, got "
                            f"{obj[pubstatus]!r}")
        if "urgency" in obj and (isinstance(obj["urgency"], bool) or not isinstance(
                obj["urgency"], int | float)):
            raise self.fail(f"{at}urgency", f"expected a number, got {json_type_name(obj['urgency'])}")
        for key in DATES:
            name = self.version.name(key)
            if name in obj and (not isinstance(obj[name], str) or not _DATE_TIME.match(obj[name])):
                raise self.fail(f"{at}{name}", f"expected an ISO 8601 date-time, got {obj[name]!r}")
        for key in STRINGS_1 if major == 1 else STRINGS_2:
            name = self.version.name(key)
            if name in obj and not isinstance(obj[name], str):
                raise self.fail(f"{at}{name}", f"expected a string, got {json_type_name(obj[name])}")
        if major > 1:
            for key in ("headlines", "descriptions", "bodies"):
                if key in obj:
                    self.texts(obj[key], f"{at}{key}")
        self.associations(obj.get("associations"), f"{at}associations")

    def texts(self, value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of objects with a value, got {json_type_name(value)}")
        for i, entry in enumerate(value):
            here = f"{where}[{i}]"
            if not isinstance(entry, dict):
                raise self.fail(here, f"expected an object with a value, got {json_type_name(entry)}")
            if not isinstance(entry.get("value"), str):
                raise self.fail(f"{here}.value", "missing" if "value" not in entry else
                                f"expected a string, got {json_type_name(entry['value'])}")
            for key in ("role", self.version.name("contenttype")):
                if key in entry and not isinstance(entry[key], str):
                    raise self.fail(f"{here}.{key}", f"expected a string, got {json_type_name(entry[key])}")

    def associations(self, value: Any, where: str) -> None:
        if value is None:
            return
        if self.version.major == 1:
            if not isinstance(value, dict):
                raise self.fail(where, f"expected an object of named ninjs objects (1.x), got "
                                f"{json_type_name(value)}")
            for name, assoc in value.items():
                if not isinstance(assoc, dict):
                    raise self.fail(f"{where}.{name}",
                                    f"expected a ninjs object, got {json_type_name(assoc)}")
                self.item(assoc, f"{where}.{name}")
            return
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list of ninjs objects ({self.version.label}), got "
                            f"{json_type_name(value)}")
        for i, assoc in enumerate(value):
            here = f"{where}[{i}]"
            if not isinstance(assoc, dict):
                raise self.fail(here, f"expected a ninjs object, got {json_type_name(assoc)}")
            if not isinstance(assoc.get("name"), str):
                raise self.fail(f"{here}.name", "missing (every association has a name)"
                                if "name" not in assoc else
                                f"expected a string, got {json_type_name(assoc['name'])}")
            self.item(assoc, here)


def _error(origin: str, where: str, problem: str, hint: str = HINT) -> SchemaError:
    return SchemaError(f"{where}: {problem}" if where else problem, path=origin or None, hint=hint)
