import io

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from deliberation.services.uploads import UploadError, save_image, send_image


def image_bytes(fmt="PNG", size=(20, 10)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, fmt)
    return out.getvalue()


def test_image_is_stored_under_a_random_name_and_served_with_its_type(app):
    with app.test_request_context():
        name = save_image(FileStorage(io.BytesIO(image_bytes()), "../../evil.html"), "test")
        assert name.endswith(".png") and "evil" not in name
        response = send_image("test", name)
        assert response.mimetype == "image/png"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()


def test_a_script_renamed_to_jpg_is_refused(app):
    with app.test_request_context(), pytest.raises(UploadError) as error:
        save_image(FileStorage(io.BytesIO(b"<script>alert(1)</script>"), "photo.jpg"), "test")
    assert error.value.code == "not_image"


def test_gif_is_refused_even_when_valid(app):
    with app.test_request_context(), pytest.raises(UploadError):
        save_image(FileStorage(io.BytesIO(image_bytes("GIF")), "a.gif"), "test")


def test_a_missing_or_odd_name_is_not_found(app):
    from werkzeug.exceptions import NotFound

    with app.test_request_context():
        for name in ("nothing-here.png", "../secret_key", "x.html"):
            with pytest.raises(NotFound):
                send_image("test", name)
