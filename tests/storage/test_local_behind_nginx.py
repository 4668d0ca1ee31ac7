"""Behind nginx the local store's downloads are checked by the app and sent by nginx
(X-Accel-Redirect), with the same caching the app gives them itself."""

from __future__ import annotations

from eexpo.storage import get_storage


def test_a_checked_download_is_handed_to_nginx(app, client):
    app.config["LOCAL_ACCEL_REDIRECT"] = "/_eexpo_media/"
    storage = get_storage()
    storage.put("media/a b/w320.webp", b"RIFF....WEBP", content_type="image/webp", immutable=True)
    url = storage.url("media/a b/w320.webp", public=True, expires_in=600)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["X-Accel-Redirect"] == "/_eexpo_media/media/a%20b/w320.webp"
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.get_data() == b""


def test_a_bad_link_is_refused_before_nginx_sees_it(app, client):
    app.config["LOCAL_ACCEL_REDIRECT"] = "/_eexpo_media/"
    storage = get_storage()
    storage.put("media/p/original", b"draft", content_type="image/png", immutable=False)
    url = storage.url("media/p/original", public=False, expires_in=600)
    forged = url[:-4] + ("AAAA" if not url.endswith("AAAA") else "BBBB")
    response = client.get(forged)
    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response.headers
    assert client.get("/media-files/media/none/w320.webp?t=x").status_code in (403, 404)
