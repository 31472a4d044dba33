"""The main README's pytest example is test_readme_example.py, word for word."""

from conftest import CHECKOUT


def test_the_readme_shows_the_example_that_runs():
    example = (CHECKOUT / "clients" / "python" / "tests" / "test_readme_example.py").read_text()
    code = "".join(line for line in example.splitlines(True) if not line.startswith("#")).lstrip("\n")
    readme = (CHECKOUT / "README.md").read_text()
    section = readme.split("\n## In your tests\n", 1)[1].split("\n## ", 1)[0]
    assert "```python\n" + code + "```\n" in section, "copy tests/test_readme_example.py into the README"
