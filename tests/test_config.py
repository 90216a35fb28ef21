"""The project configuration: found upwards from the working directory, overridden by flags, checked like a profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import kb_data, lvl, platform_data, run

PYPROJECT = """\
[project]
name = "shop"

[tool.smm-advisor]
lang = "en"

[tool.smm-advisor.profile]
market = "b2b"
goals = ["leads"]
regions = ["DE", "AT", "CH"]

[tool.smm-advisor.recommend]
format = "json"
top = 2
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (its root holds .git) with a subfolder the commands run in.

    The repository is a folder of tmp_path, so that a file a test puts above it stays the test's.
    """
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    work = repo / "src" / "deep"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    for var in ("SMM_ADVISOR_LANG", "SMM_ADVISOR_KB", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    return repo


def test_pyproject_table_found_upwards_gives_the_defaults(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    code, out, err = run(capsys, "recommend")
    assert (code, err) == (0, "")
    doc = json.loads(out)  # recommend.format = "json"
    assert doc["profile"]["market"] == "b2b"
    assert doc["profile"]["regions"] == ["AT", "CH", "DE"]
    assert len(doc["recommendations"]) == 2
    # flags override the configuration, field by field
    code, out, _ = run(capsys, "recommend", "--market", "b2c", "--top", "3", "--format", "csv")
    assert code == 0
    assert out.startswith("rank,platform")
    assert len(out.splitlines()) > 3
    doc = json.loads(run(capsys, "recommend", "--market", "b2c")[1])
    assert (doc["profile"]["market"], doc["profile"]["goals"]) == ("b2c", ["leads"])


def test_the_search_stops_at_the_repository_root(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project.parent / ".smm-advisor.yaml").write_text("recommend: {format: json}\n", encoding="utf-8")
    code, out, _ = run(capsys, "recommend", "--top", "1")
    assert code == 0
    assert out.startswith("Recommended networks")  # the file above the repository is not read
    (project / "src" / ".smm-advisor.yaml").write_text("recommend: {format: json}\n", encoding="utf-8")
    assert json.loads(run(capsys, "recommend", "--top", "1")[1])["recommendations"]


def test_a_pyproject_without_the_table_is_passed_by(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / ".smm-advisor.yaml").write_text("recommend: {format: csv}\n", encoding="utf-8")
    (project / "src" / "pyproject.toml").write_text(
        '[project]\nname = "shop"\ndependencies = ["smm-advisor"]\n[project.scripts]\nsmm-advisor = "x:y"\n',
        encoding="utf-8",
    )
    assert run(capsys, "recommend", "--top", "1")[1].startswith("rank,")


def test_yaml_wins_over_the_pyproject_table_beside_it(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (project / ".smm-advisor.yaml").write_text("profile: {market: b2c}\nrecommend: {format: csv}\n", encoding="utf-8")
    code, out, _ = run(capsys, "recommend")
    assert (code, out.split(",")[0]) == (0, "rank")
    code, out, _ = run(capsys, "config", "show")
    assert code == 0
    assert "ignored: ../../pyproject.toml (.smm-advisor.yaml beside it wins)" in out
    assert 'profile.market = "b2c"' in out
    assert "../../.smm-advisor.yaml:1" in out


def test_relative_paths_resolve_against_the_configuration_file(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    (project / "data").mkdir()
    data = kb_data(platform_data("pro", orientation={"b2b": lvl(3), "b2c": lvl(1)}), platform_data("fun"))
    (project / "data" / "kb.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (project / "campaign.yaml").write_text("market: b2b\nregions: NO\n", encoding="utf-8")
    (project / ".smm-advisor.yaml").write_text("kb: data/kb.yaml\nprofile: campaign.yaml\n", encoding="utf-8")
    doc = json.loads(run(capsys, "recommend", "--json")[1])
    assert doc["knowledge_base"]["version"] == "test"
    assert (doc["profile"]["market"], doc["profile"]["regions"]) == ("b2b", ["NO"])
    code, out, _ = run(capsys, "config", "show", "recommend", "--region", "DE")
    assert code == 0
    assert 'profile.market = "b2b"' in out
    assert "# ../../campaign.yaml:1" in out
    assert '"DE"' in out.split("profile.regions = ", 1)[1].split("\n", 1)[0]
    assert "# flag" in out.split("profile.regions = ", 1)[1].split("\n", 1)[0]
    # $SMM_ADVISOR_KB and --kb come before the configuration
    assert "kb = " in out
    assert "../../data/kb.yaml" in out


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".smm-advisor.yaml", "profile:\n  goals: [fame]\nrecommend:\n  top: 0\n  formt: json\ncolour: red\n",
         [".smm-advisor.yaml:2:3: profile.goals: 'fame' is not a goal",
          ".smm-advisor.yaml:4:3: recommend.top: must be a whole number of at least 1 (got 0)",
          ".smm-advisor.yaml:5:3: recommend.formt: unknown key; did you mean 'format'?",
          ".smm-advisor.yaml:6:1: colour: unknown key (allowed: kb, lang, profile, recommend, compare, check)"]),
        ("pyproject.toml", '[tool.smm-advisor]\nlang = "fr"\n\n[tool.smm-advisor.recommend]\nmin_score = 120\n',
         ["pyproject.toml:2:1: lang: 'fr' is not allowed (allowed: en, de)",
          "pyproject.toml:5:1: recommend.min_score: must be a number from 0 to 100 (got 120)"]),
        ("pyproject.toml", '[tool.smm-advisor]\nkb = \n', ["pyproject.toml:2:6: TOML syntax: Invalid value"]),
        ("pyproject.toml", '[tool.smm-advisor.profile]\nmarket = "b2x"\n',
         ["pyproject.toml:2:1: profile.market: 'b2x' is not a market; did you mean 'b2c'?"]),
        (".smm-advisor.yaml", "recommend: {fail_if_missing: [myspace]}\n",
         [".smm-advisor.yaml:1: recommend.fail_if_missing: 'myspace' is not a platform"]),
        (".smm-advisor.yaml", "profile: 3\n",
         [".smm-advisor.yaml:1:1: profile: expected the profile's fields or a profile file's path, got 3"]),
        (".smm-advisor.yaml", "profile: {market: b2b\n", [".smm-advisor.yaml:2:1: YAML syntax: "]),
    ],
)  # fmt: skip
def test_bad_configuration_is_reported_with_file_line_and_key(
    capsys: pytest.CaptureFixture[str], project: Path, name: str, text: str, expected: list[str]
) -> None:
    (project / name).write_text(text, encoding="utf-8")
    for command in (["recommend"], ["config", "show"]):
        code, out, err = run(capsys, *command)
        if command == ["config", "show"] and "myspace" in text:
            continue  # a platform is checked against the knowledge base when a command uses it
        assert (code, out) == (2, "")
        lines = err.splitlines()
        assert len(lines) == len(expected)
        for line, wanted in zip(lines, expected, strict=True):
            assert line.startswith("smm-advisor: ../../" + wanted), line
        assert "Traceback" not in err


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "kb:\nprofile:\nrecommend:\ncheck: {platforms: }\n"])
def test_empty_settings_count_as_not_given(capsys: pytest.CaptureFixture[str], project: Path, text: str) -> None:
    (project / ".smm-advisor.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "recommend", "--top", "1")
    assert (code, err) == (0, "")
    assert out.startswith("Recommended networks (market both; regions global)")


def test_the_configured_language_is_the_projects_for_people_and_machines(
    capsys: pytest.CaptureFixture[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".smm-advisor.yaml").write_text("lang: de\n", encoding="utf-8")
    assert run(capsys, "recommend", "--top", "1")[1].startswith("Empfohlene Netzwerke")
    assert json.loads(run(capsys, "recommend", "--top", "1", "--json")[1])["lang"] == "de"  # the same in CI
    assert json.loads(run(capsys, "--lang", "en", "recommend", "--top", "1", "--json")[1])["lang"] == "en"
    # a person's $SMM_ADVISOR_LANG chooses their table, not the project's documents
    monkeypatch.setenv("SMM_ADVISOR_LANG", "en")
    assert run(capsys, "recommend", "--top", "1")[1].startswith("Recommended networks")
    assert json.loads(run(capsys, "recommend", "--top", "1", "--json")[1])["lang"] == "de"


def test_configured_gates_fail_the_run(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / ".smm-advisor.yaml").write_text("recommend:\n  min_score: 99\n", encoding="utf-8")
    code, _, err = run(capsys, "recommend", "--top", "1")
    assert code == 1
    assert "--min-score" in err
    assert run(capsys, "recommend", "--top", "1", "--min-score", "0")[0] == 0  # the flag wins


def test_check_and_compare_read_their_sections(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / ".smm-advisor.yaml").write_text(
        "check: {format: json, platforms: [x, bluesky]}\ncompare: {format: json}\nprofile: {market: b2b}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "check", "--text", "Hello")
    assert code == 0
    assert [r["platform"] for r in json.loads(out)["results"]] == ["bluesky", "x"]
    doc = json.loads(run(capsys, "compare", "linkedin", "xing")[1])
    assert doc["profile"]["market"] == "b2b"


def test_batch_lines_fill_their_gaps_from_the_configured_profile(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    (project / ".smm-advisor.yaml").write_text("profile: {market: b2b, regions: [DE]}\n", encoding="utf-8")
    (project / "in.jsonl").write_text('{"goals": ["leads"]}\n{"market": "b2c"}\n', encoding="utf-8")
    code, out, _ = run(capsys, "recommend", "--batch", str(project / "in.jsonl"), "--jobs", "1")
    assert code == 0
    first, second = (json.loads(line)["profile"] for line in out.splitlines())
    assert (first["market"], first["regions"], first["goals"]) == ("b2b", ["DE"], ["leads"])
    assert (second["market"], second["regions"]) == ("b2c", ["DE"])


def test_config_show_names_every_source(
    capsys: pytest.CaptureFixture[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    kb = kb_data(platform_data("linkedin"), platform_data("x"))  # config show resolves platform names in it
    (project / "kb.yaml").write_text(yaml.safe_dump(kb, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("SMM_ADVISOR_KB", str(project / "kb.yaml"))
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # the project's lang comes first
    code, out, _ = run(capsys, "--lang", "en", "config", "show", "recommend", "--top", "5", "--goal", "sales")
    assert code == 0
    rows = [(line.split(" = ")[0], line.split("  # ")[1]) for line in out.splitlines() if " = " in line]
    assert rows == [
        ("kb", "env SMM_ADVISOR_KB"),
        ("lang", "flag: tables, reports, messages"),
        ("lang", "flag: JSON, JSON Lines, CSV"),
        ("profile.market", "../../pyproject.toml:8"),
        ("profile.goals", "flag"),
        ("profile.age", "default"),
        ("profile.regions", "../../pyproject.toml:10"),
        ("profile.content", "default"),
        ("profile.ads", "default"),
        ("profile.weights", "default"),
        ("profile.require", "default"),
        ("profile.exclude", "default"),
        ("recommend.format", "../../pyproject.toml:13"),
        ("recommend.top", "flag"),
        ("recommend.min_score", "default"),
        ("recommend.fail_if_missing", "default"),
    ]
    assert out.startswith("# configuration: ../../pyproject.toml\n")
    code, out, _ = run(capsys, "config", "show", "check")
    assert [line.split("  # ")[1] for line in out.splitlines() if line.startswith("lang = ")] == [
        "../../pyproject.toml:5: tables, reports, messages",
        "../../pyproject.toml:5: JSON, JSON Lines, CSV",
    ]


def test_without_a_project_the_users_configuration_applies(
    capsys: pytest.CaptureFixture[str], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = project / "user-config"
    user.mkdir()
    (user / "config.yaml").write_text("recommend: {format: jsonl}\n", encoding="utf-8")
    monkeypatch.setenv("SMM_ADVISOR_CONFIG_DIR", str(user))
    code, out, _ = run(capsys, "recommend", "--top", "1")
    assert (code, out.count("\n")) == (0, 1)
    assert json.loads(out)["schema_version"] == "3.0"
    (project / ".smm-advisor.yaml").write_text("recommend: {format: csv}\n", encoding="utf-8")
    assert run(capsys, "recommend", "--top", "1")[1].startswith("rank,")  # the project's wins, whole


def test_excluded_platforms_in_the_configuration_take_aliases_and_unknown_ones_are_located_there(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    config = project / ".smm-advisor.yaml"
    config.write_text("profile:\n  market: b2c\n  exclude: [Twitter, facebook]\n", encoding="utf-8")
    code, out, err = run(capsys, "recommend", "--json", "--top", "0")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert doc["profile"]["exclude"] == ["facebook", "x"]
    assert {"x", "facebook"}.isdisjoint(r["platform"] for r in doc["recommendations"])
    config.write_text("profile:\n  market: b2c\n  exclude: [twiter]\n", encoding="utf-8")
    for command in (["recommend"], ["compare", "x", "linkedin"]):
        code, out, err = run(capsys, *command)
        assert (code, out) == (2, "")
        assert err.startswith("smm-advisor: ../../.smm-advisor.yaml:3:")
        assert "profile.exclude: 'twiter' is not a platform; did you mean 'twitter'?" in err
    config.write_text("profile:\n  exclude: 7\n", encoding="utf-8")
    code, _, err = run(capsys, "recommend")
    assert code == 2
    assert ".smm-advisor.yaml:2:" in err
    assert "profile.exclude: expected a word or a list of words, got 7" in err
