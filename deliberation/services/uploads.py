"""Store uploaded images safely: checked by content, re-encoded, saved under instance/ with random names."""
import io
import os
import secrets


from flask import abort, current_app, send_file
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Only formats every phone browser shows; the file's content decides, never its name.
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}

class UploadError(Exception):
    """The file is not an acceptable image; code names why ("too_large", "not_image")."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code

def _folder(kind):
    path = os.path.join(current_app.instance_path, "uploads", kind)
    os.makedirs(path, exist_ok=True)
    return path

def save_image(file_storage, kind):
    """Check and store an uploaded image; return its stored name (random, with the true extension)."""
    data = file_storage.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UploadError("too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS or image.width * image.height > MAX_PIXELS:
            raise UploadError("not_image")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise UploadError("not_image") from None
    extension, _ = FORMATS[image.format]
    name = f"{secrets.token_urlsafe(18)}.{extension}"
    # Re-encoding drops EXIF (phone photos carry GPS positions) and anything appended to the file.
    out = io.BytesIO()
    if image.format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85)
    else:
        image.save(out, image.format)
    with open(os.path.join(_folder(kind), name), "wb") as f:
        f.write(out.getvalue())
    return name

def send_image(kind, name):
    """Serve a stored image with its true type, inline, never sniffed."""
    extension = name.rsplit(".", 1)[-1]
    mimetypes = {ext: mime for ext, mime in FORMATS.values()}
    if extension not in mimetypes or "/" in name or name.startswith("."):

        abort(404)
    path = os.path.join(_folder(kind), name)
    if not os.path.isfile(path):

        abort(404)
    response = send_file(path, mimetype=mimetypes[extension], max_age=3600, conditional=True)
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
