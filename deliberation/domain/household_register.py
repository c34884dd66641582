"""Read a household register exported from Excel (CSV in GBK or UTF-8) and check every row."""
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from .age import BirthDate, parse_birth_date

# Header aliases as community offices write them, in Chinese and in English.
COLUMNS = {
    "building": ("building", "楼栋", "楼号", "楼栋号", "楼"),
    "unit": ("unit", "单元", "单元号"),
    "room": ("room", "房号", "房间号", "门牌号", "室"),
    "floor_area": ("floor_area", "area", "面积", "建筑面积", "专有部分面积", "面积(m2)", "面积(平方米)"),
    "owner_name": ("owner_name", "owner", "name", "业主", "业主姓名", "姓名", "户主", "户主姓名"),
    "phone": ("phone", "电话", "联系电话", "手机", "手机号"),
    # Optional: the owner's date of birth, or only the year, as many registers hold.
    "birth_date": ("birth_date", "date_of_birth", "birthdate", "born", "出生日期", "出生年月日", "出生年月",
                   "出生年份", "出生年", "生日"),
}
REQUIRED = ("building", "unit", "room", "floor_area", "owner_name")
AREA_RE = re.compile(r"^(\d{1,7})(?:\.(\d{1,2}))?$")
PHONE_RE = re.compile(r"^\+?[\d\- ]{5,20}$")


@dataclass
class RegisterRow:
    line: int
    building: str
    unit: str
    room: str
    floor_area: int  # 0.01 m²
    owner_name: str
    phone: str
    owner_birth: BirthDate | None = None


@dataclass
class RowError:
    line: int
    code: str
    params: dict = field(default_factory=dict)


def decode(data):
    """Decode bytes as UTF-8 (with or without BOM) or, failing that, as GBK (GB18030)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _normalise(text):
    # NFKC turns full-width digits and letters (common in Chinese spreadsheets) into ASCII.
    return unicodedata.normalize("NFKC", text or "").strip()


def parse_area(text):
    """Return an area in 0.01 m² from text such as '89.5' or '89.50㎡', or None."""
    text = _normalise(text).lower()
    for suffix in ("m2", "平方米", "平米"):
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
    match = AREA_RE.match(text)
    if not match:
        return None
    whole, frac = match.group(1), (match.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(frac)


def _header_map(header):
    names = {alias.lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
    mapping = {}
    for index, cell in enumerate(header):
        key = names.get(_normalise(cell).lower().replace(" ", ""))
        if key and key not in mapping:
            mapping[key] = index
    return mapping


def read_register(data, known_buildings, today=None):
    """Parse the file; return (rows, errors). Any error means nothing may be imported.

    today (the community's date) bounds the dates of birth: none may lie after it.
    """
    today = today or date.today()
    try:
        text = decode(data)
    except UnicodeDecodeError:
        return [], [RowError(0, "encoding")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return [], [RowError(1, "empty")]
    columns = _header_map(header)
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        return [], [RowError(1, "bad_header", {"columns": ", ".join(missing)})]
    rows, errors, seen = [], [], {}
    known = {_normalise(b) for b in known_buildings}
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        row, row_errors = _check_row(line, record, columns, known, today)
        errors.extend(row_errors)
        if row is None:
            continue
        key = (row.building, row.unit, row.room)
        if key in seen:
            errors.append(RowError(line, "duplicate_room", {"first_line": seen[key]}))
            continue
        seen[key] = line
        rows.append(row)
    if not rows and not errors:
        errors.append(RowError(1, "empty"))
    return rows, errors


def _check_row(line, record, columns, known_buildings, today):
    def cell(key):
        index = columns.get(key)
        return _normalise(record[index]) if index is not None and index < len(record) else ""

    errors = [RowError(line, "missing_field", {"field": key}) for key in REQUIRED if not cell(key)]
    if errors:
        return None, errors
    area = parse_area(cell("floor_area"))
    if area is None:
        errors.append(RowError(line, "bad_area", {"value": cell("floor_area")}))
    elif area == 0:
        errors.append(RowError(line, "zero_area", {"value": cell("floor_area")}))
    if cell("building") not in known_buildings:
        errors.append(RowError(line, "unknown_building", {"value": cell("building")}))
    phone = cell("phone")
    if phone and not PHONE_RE.match(phone):
        errors.append(RowError(line, "bad_phone", {"value": phone}))
    birth, problem = parse_birth_date(cell("birth_date"), today)
    if problem:
        errors.append(RowError(line, problem, {"value": cell("birth_date")}))
    if errors:
        return None, errors
    row = RegisterRow(line, cell("building"), cell("unit"), cell("room"), area,
                      cell("owner_name"), phone, birth)
    return row, []
