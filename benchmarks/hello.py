"""The baseline: Flask's hello world, served exactly like eexpo, to express pages as ratios."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
