"""The course website: every notebook as a page, built from the committed, executed notebooks.

    python tools/build_site.py [OUT_DIR]      # default: _build/ (make site); open _build/html

Jupyter Book 1 (``jupyter-book<2``) with site/_config.yml and site/_toc.yml, nothing executed.
Then three steps of our own:
- figures/ is copied beside the pages (the README shows one of its pictures in raw HTML);
- MathJax is copied from the ``jupyter-server-mathjax`` package into ``_static/mathjax``,
  so the maths renders with no network (the config points there, not at a CDN);
- each figure gets its description: the normaliser stored it as the PNG's ``alt`` in the
  notebook, and the page names the image by the SHA-256 of its bytes, which maps one to
  the other (Jupyter Book would otherwise use the file name as alt text).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def figure_descriptions():
    """{sha256 of a PNG's bytes: its alt text} over every notebook's stored figures."""
    found = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                png = out.get("data", {}).get("image/png")
                alt = out.get("metadata", {}).get("image/png", {}).get("alt")
                if png and alt:
                    data = base64.b64decode("".join(png) if isinstance(png, list) else png)
                    found[hashlib.sha256(data).hexdigest()] = alt
    return found


def describe_images(html_dir, descriptions):
    """Put each figure's description in its <img alt>; returns how many were set."""
    image = re.compile(r'<img alt="[^"]*_images/([0-9a-f]{64})\.png" ')
    count = 0
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")

        def alt(match):
            nonlocal count
            description = descriptions.get(match.group(1))
            if description is None:
                return match.group(0)
            count += 1
            return f'<img alt="{html.escape(description, quote=True)}" '

        new = image.sub(alt, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return count


def copy_mathjax(html_dir):
    import jupyter_server_mathjax

    source = Path(jupyter_server_mathjax.__file__).parent / "static"
    target = html_dir / "_static" / "mathjax"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)


def build(out):
    out = Path(out)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"  # installed beside python
    subprocess.run([str(jupyter_book), "build", str(ROOT), "--config",
                    str(ROOT / "site" / "_config.yml"), "--toc", str(ROOT / "site" / "_toc.yml"),
                    "--path-output", str(out), "--warningiserror", "--quiet"], check=True)
    html_dir = out / "_build" / "html"
    copy_mathjax(html_dir)
    # the README's centred picture is raw HTML, which Sphinx does not follow: copy it along
    shutil.copytree(ROOT / "figures", html_dir / "figures", dirs_exist_ok=True)
    described = describe_images(html_dir, figure_descriptions())
    print(f"{html_dir}/index.html: the site ({described} figures described)")
    return html_dir


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else ROOT)
