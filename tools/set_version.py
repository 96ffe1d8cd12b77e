"""The course version: which state of the repository a learner's notebooks install and link.

    python tools/set_version.py 0.2.0         # a release: everything points at the tag v0.2.0
    python tools/set_version.py --development # back to the moving branch, main
    python tools/set_version.py --check       # exit 1, naming each place, if any disagree

``make version V=0.2.0`` runs the first. One value in pyproject.toml decides,
``[tool.unrolled] course-ref``: "main" while the course is being written, "v<version>" for
a release, with ``[project] version`` the same number. Every place that names the ref is
rewritten to it, and --check (tests/test_badges.py) keeps them in agreement:

- each notebook's Colab set-up cell, ``%pip install "rnnlib @ git+<home>@<ref>"``, so that
  a class on Colab installs the package of the release it was given, not today's main;
- each notebook's badges and the links to other notebooks on Colab
  (``colab.research.google.com/github/<repo>/blob/<ref>/notebooks/...``) and on Binder
  (``mybinder.org/v2/gh/<repo>/<ref>?labpath=...``: a tag's image is built once and stays
  cached, where main's is rebuilt after every push);
- the website's launch buttons (site/_config.yml, ``repository: branch:``).

A release, in order: ``make version V=X.Y.Z``, ``make test``, commit, ``git tag vX.Y.Z``,
push the commit and the tag (the Colab cells install the tag: it must exist on GitHub
before learners open the notebooks), then ``python tools/set_version.py --development`` and
commit, so that main moves on (CONTRIBUTING.md, "Releasing the course").
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT = "main"
VERSION = re.compile(r"\d+\.\d+\.\d+")
# (what names a ref, group 1 before it, group 2 the ref): one pattern per kind of place
_REF = r"([A-Za-z0-9][A-Za-z0-9._-]*)"


def _patterns(home):
    repo = re.escape(re.match(r"https://github\.com/(.+)$", home).group(1))
    return {
        "Colab set-up cell": re.compile(rf'(git\+{re.escape(home)}@){_REF}(?=\\?")'),
        "Colab link": re.compile(rf"(colab\.research\.google\.com/github/{repo}/blob/){_REF}(?=/)"),
        "Binder link": re.compile(rf"(mybinder\.org/v2/gh/{repo}/){_REF}(?=\?)"),
        "site launch buttons": re.compile(rf"(\n  branch: ){_REF}(?=\n)"),
    }


def _read_config(root):
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return (pyproject["project"]["version"], pyproject["tool"]["unrolled"]["course-ref"],
            pyproject["project"]["urls"]["Homepage"])


def _files(root):
    return [*sorted((root / "notebooks").glob("*.ipynb")), root / "site" / "_config.yml"]


def found_refs(root=ROOT):
    """[(file, kind of place, ref)] for every place that names the course ref."""
    _, _, home = _read_config(root)
    out = []
    for path in _files(root):
        text = path.read_text(encoding="utf-8")
        for kind, pattern in _patterns(home).items():
            out += [(path.relative_to(root).as_posix(), kind, m.group(2))
                    for m in pattern.finditer(text)]
    return out


def check(root=ROOT):
    """The disagreements, one line each (an empty list when everything agrees)."""
    version, ref, _ = _read_config(root)
    problems = []
    if ref != DEVELOPMENT and ref != f"v{version}":
        problems.append(f"pyproject.toml: course-ref {ref!r} is neither {DEVELOPMENT!r} "
                        f"nor 'v' + the version ({version!r})")
    places = found_refs(root)
    kinds = {kind for _, kind, _ in places}
    for kind in ("Colab set-up cell", "Colab link", "Binder link", "site launch buttons"):
        if kind not in kinds:
            problems.append(f"no {kind} found: is the pattern in tools/set_version.py stale?")
    problems += [f"{file}: {kind} points at {found!r}, the course ref is {ref!r}"
                 for file, kind, found in places if found != ref]
    return problems


def set_ref(new_ref, version=None, root=ROOT):
    """Point every place at ``new_ref`` (and set the package version, if given)."""
    _, _, home = _read_config(root)
    pyproject = root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text, n = re.subn(r'(?m)^(course-ref = ")[^"]*(")', rf"\g<1>{new_ref}\g<2>", text)
    if n != 1:
        raise SystemExit("pyproject.toml: no [tool.unrolled] course-ref line to set")
    if version is not None:
        text, n = re.subn(r'(?m)^(version = ")[^"]*(")', rf"\g<1>{version}\g<2>", text, count=1)
        if n != 1:
            raise SystemExit("pyproject.toml: no version line to set")
    pyproject.write_text(text, encoding="utf-8")
    for path in _files(root):
        old = path.read_text(encoding="utf-8")
        new = old
        for pattern in _patterns(home).values():
            new = pattern.sub(lambda m: m.group(1) + new_ref, new)
        if new != old:
            path.write_text(new, encoding="utf-8")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--check"]:
        problems = check()
        for line in problems:
            print(line)
        version, ref, _ = _read_config(ROOT)
        print(f"course ref {ref!r} (version {version}): "
              + ("every place agrees" if not problems else f"{len(problems)} disagree"))
        return 1 if problems else 0
    if argv == ["--development"]:
        set_ref(DEVELOPMENT)
    elif len(argv) == 1 and VERSION.fullmatch(argv[0]):
        set_ref(f"v{argv[0]}", version=argv[0])
    else:
        print(__doc__)
        return 2
    return main(["--check"])


if __name__ == "__main__":
    sys.exit(main())
