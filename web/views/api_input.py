"""What a script sends the JSON API, checked before a view reads it: an address whose percent-encoded bytes are not
UTF-8 (a GBK query from a Chinese Windows tool) is refused naming its parameter, rather than searched as the
mojibake Werkzeug leaves of it; a ``format`` the address does not answer in is refused naming those it does,
rather than answered in JSON; a write's body must be a JSON object, and when it is not the message says why (not
valid JSON, and where; JSON sent as a form, as ``curl -d`` sends it without a Content-Type; a list, not an object)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote_to_bytes

from flask import abort, current_app, request
from werkzeug.wrappers import Response

from kb.errors import InvalidInput
from kb.export import FORMATS
from kb.fields import check_encodable
from kb.store import MAX_ROW_ID, is_row_id
from web.forms import lf_values

MAX_JSON_DEPTH = 8  # the deepest write body is an object holding a list (presenters, items)
View = TypeVar("View", bound=Callable[..., Any])
SPREADSHEET_ANSWERS = ("json", *FORMATS)  # what an address that writes spreadsheets answers in


def writes_spreadsheets(view: View) -> View:
    """Mark an API view as answering in CSV and XLSX besides JSON (``?format=csv``): ``check_format`` refuses any
    other format, and every view not marked so answers in JSON alone."""
    view.formats = SPREADSHEET_ANSWERS  # type: ignore[attr-defined]
    return view


def check_format() -> None:
    """400 for a ``format`` the address does not answer in, naming the ones it does (the API blueprints'
    ``before_request``): ``/api/documents?format=csv``, before it wrote spreadsheets, and ``/api/tags?format=csv``
    were answered in JSON unsaid, since unknown parameters are ignored."""
    formats = getattr(current_app.view_functions.get(request.endpoint or ""), "formats", ("json",))
    if request.args.get("format", "json") in formats:
        return
    if formats == SPREADSHEET_ANSWERS:
        abort(400, description="'format' must be json, csv or xlsx")
    others = sorted({rule.rule for rule in current_app.url_map.iter_rules()
                     if getattr(current_app.view_functions[rule.endpoint], "formats", None) == SPREADSHEET_ANSWERS})
    abort(400, description=f"'format' must be json: {request.path} answers in JSON only (spreadsheets, "
                           f"format=csv or xlsx: {', '.join(others)})")


def check_address() -> None:
    """400 for an API address whose path or a query parameter, percent-decoded, is not UTF-8: the parameter named,
    and what the bytes read as GB18030 (GBK), the usual other encoding of a Chinese query (the API blueprints'
    ``before_request``: after the app's, so the message is in the reader's language)."""
    path = request.environ.get("PATH_INFO", "").encode("latin-1", "replace")  # WSGI: the path's bytes as latin-1
    if not _utf8(path):
        abort(400, description=f"the address is not UTF-8: percent-encode the UTF-8 bytes of its text (read as GBK, "
                               f"it would be '{_as_gbk(path)}')")
    for part in request.environ.get("QUERY_STRING", "").split("&"):
        name, value = (unquote_to_bytes(v.replace("+", " ")) for v in (part.partition("=")[::2]))
        if not (_utf8(name) and _utf8(value)):
            abort(400, description=f"'{_as_gbk(name)}' is not UTF-8: percent-encode the UTF-8 bytes of its text "
                                   f"(read as GBK, it would be '{_as_gbk(value)}')")


def options_answer(response: Response) -> Response:
    """``OPTIONS`` on an API address: 204 with ``Allow`` and no body, where Flask's default said 200 with an empty
    ``text/html`` page (the API blueprints' ``after_request``)."""
    if request.method == "OPTIONS" and response.status_code == 200 and not response.get_data():
        response.status_code = 204
        del response.headers["Content-Type"]
    return response


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _as_gbk(raw: bytes) -> str:
    """Bytes as GB18030 reads them (a superset of GBK), for a message: at most 40 characters."""
    return raw.decode("gb18030", "replace")[:40]


class NotAnId(ValueError):
    """A value sent for a row id that is none: its position in the list (from 1) and the value as JSON."""

    def __init__(self, position: int, value: Any) -> None:
        super().__init__(position, value)
        self.position, self.shown = position, json.dumps(value, ensure_ascii=False)[:40]


def row_ids(values: list[Any]) -> list[int]:
    """Row ids from a JSON list (or a form's values): whole numbers from 1 to ``MAX_ROW_ID``, as numbers or digits.

    Raises:
        NotAnId: for the first value that is no id, for the caller to name its field: ``true`` is none, though Python's
            bool is an int (``{"items": [true]}`` put agenda item 1 first, 200).
    """
    out = []
    for position, value in enumerate(values, 1):
        text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not (is_row_id(text) and len(text) <= 19 and 1 <= int(text) <= MAX_ROW_ID):  # not '²', nor '١٢'
            raise NotAnId(position, value)
        out.append(int(text))
    return out


def json_body() -> dict[str, Any]:
    """The request's JSON object (or a form's fields), checked: not nested too deep, no string that cannot be stored;
    line ends as LF."""
    data = _parsed() if request.is_json else _form()
    if not isinstance(data, dict):
        abort(400, description=f"the body is a JSON {_json_kind(data)}, not an object")
    _check_json(data)
    return lf_values(data)  # a script's CR LF stored as LF, as a form's is (web/forms.py)


def json_only(field: str) -> dict[str, Any]:
    """The JSON object of a POST that takes no CSRF token (a search: /api/search, /api/similar), 415 for any other
    body. A page on another site can make a visitor's browser POST a form or text/plain, with the visitor's cookie,
    without asking it; JSON it cannot without a CORS preflight, which this server answers with no CORS header. So no
    other site makes a visitor search (and write a line in the search log), as a form without a token did."""
    if not request.is_json:
        if not request.mimetype:  # "not as no Content-Type" said nothing a reader could act on
            abort(415, description=f"send '{field}' in a JSON object, with 'Content-Type: application/json': the "
                                   "request had no Content-Type")
        abort(415, description=f"send '{field}' in a JSON object, with 'Content-Type: application/json', not as "
                               f"{request.mimetype}")
    return json_body()


def _parsed() -> Any:
    """A JSON body, 400 saying where it stops being JSON."""
    body = request.get_data()
    if not body.strip():
        abort(400, description="send a JSON object in the request body")
    try:
        return json.loads(body)
    except RecursionError:
        abort(400, description=f"the JSON body is nested deeper than {MAX_JSON_DEPTH} levels")
    except UnicodeDecodeError:
        abort(400, description="the JSON body is not UTF-8")
    except json.JSONDecodeError as exc:
        abort(400, description=f"the body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")


def _form() -> dict[str, Any]:
    """A form's fields; 400 for a body that is no form: JSON sent without its Content-Type, or anything else."""
    sent = request.mimetype
    if request.form:
        keys = list(request.form)
        if len(keys) == 1 and keys[0].lstrip()[:1] in ("{", "[") and not request.form[keys[0]]:
            abort(400, description=f"the body looks like JSON but came as {sent}: send it with 'Content-Type: application/json'")
        return request.form.to_dict()
    if request.get_data().strip():
        if not sent:  # "the body is not JSON but no Content-Type": it may well be JSON, sent without its type
            abort(400, description="the body came with no Content-Type: send it with 'Content-Type: application/json'")
        abort(400, description=f"the body is not JSON but {sent}: send it with 'Content-Type: application/json'")
    abort(400, description="send a JSON object in the request body")


def _json_kind(value: Any) -> str:
    kinds = {list: "array", str: "string", bool: "boolean", type(None): "null"}
    return kinds.get(type(value), "number")


def _check_json(data: Any) -> None:
    """400 for a body nested deeper than any write needs, or holding a lone surrogate in a key or a string."""
    pending: list[tuple[str, Any, int]] = [("", data, 1)]
    while pending:
        path, value, depth = pending.pop()
        if depth > MAX_JSON_DEPTH:
            abort(400, description=f"the JSON body is nested deeper than {MAX_JSON_DEPTH} levels (at '{path}')")
        if isinstance(value, dict):
            for key, item in value.items():
                name = f"{path}.{key}" if path else key
                _encodable(key, name)
                pending.append((name, item, depth + 1))
        elif isinstance(value, list):
            pending.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            _encodable(value, path)


def _encodable(text: str, field: str) -> None:
    """400 for a lone surrogate (the field's name is shown escaped: it may hold one itself)."""
    try:
        check_encodable(text, field.encode("utf-8", "backslashreplace").decode("utf-8"))
    except InvalidInput as exc:
        abort(400, description=str(exc))
