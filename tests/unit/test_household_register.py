from deliberation.domain.household_register import parse_area, read_register

BUILDINGS = ["1号楼", "2号楼"]
HEADER = "楼栋,单元,房号,面积,业主姓名,联系电话\r\n"


def codes(errors):
    return [(e.line, e.code) for e in errors]


def test_gbk_file_from_excel_is_read():
    data = (HEADER + "1号楼,1,101,89.56,王秀英,13812345678\r\n").encode("gbk")
    rows, errors = read_register(data, BUILDINGS)
    assert errors == []
    assert rows[0].owner_name == "王秀英" and rows[0].floor_area == 8956


def test_utf8_with_and_without_bom_are_read():
    text = HEADER + "2号楼,2,1002,120.5,李建国,\r\n"
    for data in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        rows, errors = read_register(data, BUILDINGS)
        assert errors == [] and rows[0].building == "2号楼" and rows[0].floor_area == 12050


def test_english_headers_and_full_width_digits_are_accepted():
    data = "building,unit,room,floor_area,owner_name,phone\n1号楼,１,３０１,８９．５０,Zhang,\n".encode()
    rows, errors = read_register(data, BUILDINGS)
    assert errors == [] and (rows[0].unit, rows[0].room, rows[0].floor_area) == ("1", "301", 8950)


def test_every_bad_row_is_reported_with_its_line_number():
    data = (HEADER
            + "1号楼,1,101,89.56,王秀英,13812345678\r\n"   # line 2: fine
            + "1号楼,1,,89.56,李四,\r\n"                 # line 3: missing room
            + "1号楼,1,101,75.00,王五,\r\n"              # line 4: duplicate of line 2
            + "1号楼,1,102,八十,赵六,\r\n"               # line 5: area not a number
            + "9号楼,1,103,80.1,钱七,\r\n"               # line 6: unknown building
            + "2号楼,1,104,80.123,孙八,\r\n"             # line 7: three decimals
            + "2号楼,1,105,80,周九,call me\r\n").encode("gbk")  # line 8: bad phone
    rows, errors = read_register(data, BUILDINGS)
    assert codes(errors) == [
        (3, "missing_field"), (4, "duplicate_room"), (5, "bad_area"),
        (6, "unknown_building"), (7, "bad_area"), (8, "bad_phone"),
    ]
    assert errors[0].params == {"field": "room"}
    assert errors[1].params == {"first_line": 2}


def test_missing_columns_are_named():
    rows, errors = read_register("楼栋,单元,房号\n1号楼,1,101\n".encode(), BUILDINGS)
    assert codes(errors) == [(1, "bad_header")]
    assert "floor_area" in errors[0].params["columns"]


def test_empty_file_is_refused():
    assert codes(read_register(b"", BUILDINGS)[1]) == [(1, "empty")]
    assert codes(read_register(HEADER.encode(), BUILDINGS)[1]) == [(1, "empty")]


def test_area_is_parsed_to_hundredths_without_floats():
    assert parse_area("89.56") == 8956
    assert parse_area("89.5") == 8950
    assert parse_area("120") == 12000
    assert parse_area("0.07") == 7
    assert parse_area("89.56㎡") == 8956
    assert parse_area("-3") is None
    assert parse_area("1e3") is None
    assert parse_area("12.345") is None
