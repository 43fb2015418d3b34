"""The prioritisation policy as data (D-10, D-25, D-26): shipped files, lookup, hash, and validation."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from builders import a_place, a_request, ranked

from plaatsregie.core.errors import PolicyError
from plaatsregie.core.explain import explain_candidate
from plaatsregie.core.policy import (
    POLICY_DIR_ENV,
    Consideration,
    OrderingKey,
    RegionScope,
    load_policy,
    policy_from_bytes,
    shipped_policies,
)

SHIPPED_DEFAULT = Path(load_policy("default").source)
DEFAULT_TEXT = SHIPPED_DEFAULT.read_text(encoding="utf-8")

MINIMAL = """
id = "minimal"
version = 1
[ordering]
keys = ["urgency"]
"""


def variant(old: str, new: str) -> bytes:
    """The default policy's bytes with one fragment replaced."""
    assert old in DEFAULT_TEXT, old
    return DEFAULT_TEXT.replace(old, new, 1).encode("utf-8")


def write_policy(directory: Path, filename: str, policy_id: str, title: str = "test") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / filename
    path.write_text(
        f'id = "{policy_id}"\nversion = 3\ntitle = "{title}"\n[ordering]\nkeys = ["urgency", "waiting_days"]\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(autouse=True)
def no_policy_dir_from_the_environment(monkeypatch):
    monkeypatch.delenv(POLICY_DIR_ENV, raising=False)


# --- shipped policies -------------------------------------------------------------------------------


def test_the_default_policy_loads_by_id_with_its_documented_settings():
    """D-10, D-26: urgency first, then considerations, distance band, profile fit, waiting time."""
    policy = load_policy("default")
    assert (policy.id, policy.version) == ("default", 1)
    assert policy.ordering == (
        OrderingKey.URGENCY, OrderingKey.CONSIDERATIONS, OrderingKey.DISTANCE_BAND,
        OrderingKey.PROFILE_FIT, OrderingKey.WAITING_DAYS,
    )
    assert policy.max_urgency == 4
    assert policy.distance_limits_km == (25.0, 50.0)
    assert dict(policy.consideration_weights) == {c: 1 for c in Consideration}
    assert policy.region_scope_for("OVBJ") is RegionScope.SAME_REGION
    assert policy.region_scope_for("OBC") is RegionScope.FLANDERS


def test_load_policy_without_a_name_gives_the_default():
    """D-10: the default policy is the default."""
    assert load_policy().id == "default"


def test_the_waiting_time_first_policy_loads_by_id():
    """D-26: the comparison policy ships too and puts waiting time first."""
    policy = load_policy("waiting-time-first")
    assert policy.id == "waiting-time-first"
    assert policy.ordering[0] is OrderingKey.WAITING_DAYS


def test_exactly_the_three_documented_policies_ship():
    """D-26, D-28: ids `default`, `waiting-time-first` and `complexity-balance`."""
    assert set(shipped_policies()) == {"default", "waiting-time-first", "complexity-balance"}


def test_the_complexity_balance_policy_orders_by_the_balance_after_the_considerations():
    """D-28: the balance monitoring shows is an ordering consideration a policy may use."""
    ordering = load_policy("complexity-balance").ordering
    assert ordering[:3] == (OrderingKey.URGENCY, OrderingKey.CONSIDERATIONS, OrderingKey.COMPLEXITY_BALANCE)


@pytest.mark.parametrize("policy_id", ["default", "waiting-time-first", "complexity-balance"])
def test_a_shipped_policy_loads_by_its_path_as_well_as_by_id(policy_id):
    """D-25: a file path and the id name the same policy, with the same hash."""
    by_id = load_policy(policy_id)
    by_path = load_policy(by_id.source)
    assert by_path == by_id


def test_a_policy_file_anywhere_loads_by_path(tmp_path):
    """D-10: `load_policy` takes a path if it names an existing file (e.g. a draft policy to compare)."""
    path = write_policy(tmp_path, "draft.toml", "draft")
    policy = load_policy(str(path))
    assert policy.id == "draft" and policy.version == 3 and policy.source == str(path)


def test_a_path_wins_over_an_id_of_the_same_name(tmp_path, monkeypatch):
    """D-10: a name that is an existing file is read as a path."""
    write_policy(tmp_path, "default", "not-the-default")
    monkeypatch.chdir(tmp_path)
    assert load_policy("default").id == "not-the-default"


# --- hash and reference (D-25) ---------------------------------------------------------------------------


@pytest.mark.parametrize("policy_id", ["default", "waiting-time-first"])
def test_the_hash_is_the_sha256_of_the_policy_file_bytes(policy_id):
    """D-25: a decision records the exact policy text it was made under."""
    policy = load_policy(policy_id)
    assert policy.hash == hashlib.sha256(Path(policy.source).read_bytes()).hexdigest()


def test_the_shipped_policy_files_at_the_repository_root_are_the_packaged_ones():
    """D-25: policies/ and the packaged copy must not drift apart (same bytes, same hash)."""
    root = Path(__file__).resolve().parents[2] / "policies"
    if not root.is_dir():
        pytest.skip("no policies/ directory at the repository root")
    for path in root.glob("*.toml"):
        assert load_policy(str(path)).hash == load_policy(path.stem).hash, path.name


def test_a_change_of_one_byte_changes_the_hash(tmp_path):
    """D-25: even a comment counts: the hash is of the bytes, not of the parsed settings."""
    original = policy_from_bytes(DEFAULT_TEXT.encode("utf-8"))
    commented = policy_from_bytes((DEFAULT_TEXT + "\n# a new comment\n").encode("utf-8"))
    assert original.ordering == commented.ordering
    assert original.hash != commented.hash
    assert commented.hash == hashlib.sha256((DEFAULT_TEXT + "\n# a new comment\n").encode("utf-8")).hexdigest()


def test_the_reference_holds_id_version_and_hash():
    """D-25: what a frozen decision records of the policy."""
    policy = load_policy("default")
    assert policy.reference == {"id": "default", "version": 1, "hash": policy.hash}


# --- PLAATSREGIE_POLICY_DIR -----------------------------------------------------------------------------


def test_the_policy_dir_variable_adds_policies_loadable_by_id(tmp_path, monkeypatch):
    """D-10: an admin can add a policy version without a code change."""
    path = write_policy(tmp_path, "urgent-only.toml", "urgent-only")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    policy = load_policy("urgent-only")
    assert policy.id == "urgent-only"
    assert policy.hash == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_shipped_policies_stay_available_next_to_an_added_directory(tmp_path, monkeypatch):
    """D-10: the variable adds a directory; it does not replace the shipped ones."""
    write_policy(tmp_path, "extra.toml", "extra")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    assert {"default", "waiting-time-first", "extra"} <= set(shipped_policies())
    assert load_policy("default").id == "default"


def test_the_policy_dir_variable_may_list_several_directories(tmp_path, monkeypatch):
    """D-10: directories separated by the platform's path separator."""
    write_policy(tmp_path / "a", "one.toml", "one")
    write_policy(tmp_path / "b", "two.toml", "two")
    monkeypatch.setenv(POLICY_DIR_ENV, os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    assert load_policy("one").id == "one" and load_policy("two").id == "two"


def test_a_policy_is_found_by_its_id_not_by_its_file_name(tmp_path, monkeypatch):
    """D-10: the id inside the file names the policy."""
    write_policy(tmp_path, "some-file-name.toml", "the-id")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    assert load_policy("the-id").id == "the-id"
    with pytest.raises(PolicyError):
        load_policy("some-file-name")


def test_a_policy_in_the_policy_dir_with_a_shipped_id_takes_precedence_and_its_hash_shows_it(tmp_path, monkeypatch):
    """D-25 (docs/rank-file.md: the directories are searched first): the recorded hash tells which file was used."""
    path = write_policy(tmp_path, "local-default.toml", "default", title="local")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    policy = load_policy("default")
    assert policy.title == "local"
    assert policy.hash == hashlib.sha256(path.read_bytes()).hexdigest() != hashlib.sha256(
        SHIPPED_DEFAULT.read_bytes()
    ).hexdigest()


def test_a_broken_file_in_the_policy_dir_is_reported_with_its_path(tmp_path, monkeypatch):
    """D-25: a policy directory with an unusable file is refused loudly, naming the file."""
    (tmp_path / "broken.toml").write_text("id = \n", encoding="utf-8")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    with pytest.raises(PolicyError, match=r"broken\.toml"):
        load_policy("anything")


# --- unknown ids and invalid files -----------------------------------------------------------------------


def test_an_unknown_id_is_an_error_naming_the_known_ids():
    """D-10: the message lists what can be chosen."""
    with pytest.raises(PolicyError) as error:
        load_policy("urgency-last")
    message = str(error.value)
    assert "'urgency-last'" in message
    assert "default" in message and "waiting-time-first" in message


def test_an_unknown_id_error_also_names_ids_from_the_policy_dir(tmp_path, monkeypatch):
    """D-10: added policies are listed as known ids."""
    write_policy(tmp_path, "extra.toml", "extra")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    with pytest.raises(PolicyError, match="extra"):
        load_policy("nope")


def test_a_file_that_is_not_toml_is_a_policy_error_naming_the_file(tmp_path):
    """D-25: invalid TOML is refused with the file named."""
    path = tmp_path / "bad.toml"
    path.write_text('id = "bad"\nversion = 1\n[ordering\nkeys = ["urgency"]\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"bad\.toml.*not a valid TOML"):
        load_policy(str(path))


def test_a_file_that_is_not_utf8_is_a_policy_error():
    """D-25: bytes that are not UTF-8 are not a policy."""
    with pytest.raises(PolicyError, match="not a valid TOML"):
        policy_from_bytes(b'id = "\xff"\n')


def test_a_minimal_policy_is_valid_with_defaults():
    """D-10: only id, version and ordering.keys are required."""
    policy = policy_from_bytes(MINIMAL.encode())
    assert policy.id == "minimal" and policy.title == "minimal"
    assert policy.max_urgency == 4 and policy.region_scope is RegionScope.SAME_REGION
    assert policy.distance_limits_km == (25.0, 50.0)


@pytest.mark.parametrize("missing", ["id", "version", "ordering"])
def test_a_missing_required_field_is_named(missing):
    """D-25: a policy without id, version or ordering is refused with the missing field named."""
    lines = {"id": 'id = "x"\n', "version": "version = 1\n", "ordering": '[ordering]\nkeys = ["urgency"]\n'}
    text = "".join(line for name, line in lines.items() if name != missing)
    with pytest.raises(PolicyError, match=f"missing '{missing}'"):
        policy_from_bytes(text.encode())


@pytest.mark.parametrize("version", ["0", "-1", '"1"', "1.5", "true"])
def test_a_version_that_is_not_a_whole_number_from_1_is_refused(version):
    """D-25: versions are whole numbers ≥ 1."""
    with pytest.raises(PolicyError, match="version"):
        policy_from_bytes(variant("version = 1", f"version = {version}"))


def test_an_unknown_ordering_key_is_a_policy_error_naming_it_and_the_known_keys():
    """D-10: a typo in an ordering key is refused, not silently ignored."""
    with pytest.raises(PolicyError) as error:
        policy_from_bytes(variant('"profile_fit"', '"profile_fitt"'), "typo.toml")
    message = str(error.value)
    assert "typo.toml" in message and "ordering.keys" in message and "'profile_fitt'" in message
    assert "waiting_days" in message


def test_an_ordering_key_named_twice_is_a_policy_error():
    """D-10: each component is compared once."""
    with pytest.raises(PolicyError, match="twice"):
        policy_from_bytes(variant('"profile_fit", "waiting_days"]', '"profile_fit", "urgency"]'))


@pytest.mark.parametrize("keys", ["[]", '"urgency"'])
def test_ordering_keys_must_be_a_non_empty_list(keys):
    """D-10: an ordering with no keys cannot order."""
    with pytest.raises(PolicyError, match=r"ordering\.keys"):
        policy_from_bytes(f'id = "x"\nversion = 1\n[ordering]\nkeys = {keys}\n'.encode())


@pytest.mark.parametrize("value", ["0", "5", "-1", '"2"'])
def test_a_bad_max_urgency_is_a_policy_error(value):
    """D-10: max_urgency bounds the pool to urgency 1..max; it must be 1, 2, 3 or 4."""
    with pytest.raises(PolicyError, match=r"eligibility\.max_urgency"):
        policy_from_bytes(variant("max_urgency = 4", f"max_urgency = {value}"))


@pytest.mark.parametrize("value", ["true", "2.0"])
def test_a_max_urgency_that_is_a_boolean_or_a_float_is_a_policy_error(value):
    """D-10: `max_urgency = true` is a mistake, not urgency 1."""
    with pytest.raises(PolicyError, match=r"eligibility\.max_urgency"):
        policy_from_bytes(variant("max_urgency = 4", f"max_urgency = {value}"))


def test_a_bad_region_scope_is_a_policy_error_naming_the_choices():
    """D-10: region scope is same_region or flanders."""
    with pytest.raises(PolicyError, match=r"eligibility.region.*'belgium'.*same_region, flanders"):
        policy_from_bytes(variant('region = "same_region"', 'region = "belgium"'))


def test_a_bad_region_scope_for_one_module_names_the_module():
    """D-10: region_by_module values are checked too."""
    with pytest.raises(PolicyError, match=r"region_by_module\.OBC"):
        policy_from_bytes(variant('OBC = "flanders"', 'OBC = "national"'))


@pytest.mark.parametrize("weight", ["-1", "1.5", '"2"', "true"])
def test_a_consideration_weight_must_be_a_whole_number_from_zero(weight):
    """D-10: weights are whole numbers ≥ 0; the message names the consideration."""
    with pytest.raises(PolicyError, match=r"ordering\.considerations\.sibling"):
        policy_from_bytes(variant("sibling = 1", f"sibling = {weight}"))


def test_an_unknown_consideration_is_a_policy_error_naming_the_known_ones():
    """D-10: only the four considerations of step 3 can be weighted."""
    with pytest.raises(PolicyError, match=r"'siblings'.*sibling, internal_transfer, readmission, crisis_overflow"):
        policy_from_bytes(variant("sibling = 1", "siblings = 1"))


def test_considerations_left_out_of_the_weights_count_1():
    """D-10: a policy that weights only one consideration keeps the others at 1."""
    policy = policy_from_bytes((MINIMAL + "[ordering.considerations]\nreadmission = 5\n").encode())
    assert dict(policy.consideration_weights) == {
        Consideration.SIBLING: 1, Consideration.INTERNAL_TRANSFER: 1,
        Consideration.READMISSION: 5, Consideration.CRISIS_OVERFLOW: 1,
    }


@pytest.mark.parametrize("limits", ["[50, 25]", "[0, 25]", "[-5, 25]", '["25", "50"]', "25"])
def test_distance_limits_must_be_positive_increasing_numbers(limits):
    """D-11: the bands are upper bounds in km, increasing."""
    with pytest.raises(PolicyError, match="limits_km"):
        policy_from_bytes(variant("limits_km = [25, 50]", f"limits_km = {limits}"))


def test_other_distance_bands_are_used_as_given():
    """D-11: a policy may use other bands."""
    policy = policy_from_bytes(variant("limits_km = [25, 50]", "limits_km = [10, 20.5, 80]"))
    assert policy.distance_limits_km == (10.0, 20.5, 80.0)


def test_an_empty_list_of_distance_limits_is_refused():
    """D-11, D-22: a policy without bands is refused (it used to load, then crash the explanation)."""
    with pytest.raises(PolicyError, match=r"limits_km must name at least one limit"):
        policy_from_bytes(variant("limits_km = [25, 50]", "limits_km = []"))


def test_a_single_distance_limit_gives_two_bands_that_are_explained():
    """D-11, D-22: limits_km = [30]: up to 30 km, further than 30 km."""
    policy = policy_from_bytes(variant("limits_km = [25, 50]", "limits_km = [30]"))
    ranking = ranked(a_place(), [a_request("near", km=29), a_request("far", km=31, waiting_days=900)], policy)
    assert ranking.candidate_ids == ["near", "far"]
    assert "(tot 30 km)" in explain_candidate(ranking, 0) and "(verder dan 30 km)" in explain_candidate(ranking, 1)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('id = "x"\nversion = 1\nordering = ["urgency"]\n', "ordering"),
        ('id = "x"\nversion = 1\neligibility = "all"\n[ordering]\nkeys = ["urgency"]\n', "eligibility"),
        ('id = "x"\nversion = 1\n[ordering]\nkeys = ["urgency"]\nconsiderations = 3\n', "ordering.considerations"),
        ('id = "x"\nversion = 1\n[ordering]\nkeys = ["urgency"]\ndistance_band = 25\n', "ordering.distance_band"),
        ('id = "x"\nversion = 1\n[eligibility]\nregion_by_module = "OBC"\n[ordering]\nkeys = ["urgency"]\n',
         "eligibility.region_by_module"),
    ],
    ids=["ordering-list", "eligibility-string", "considerations-int", "distance_band-int", "region_by_module-str"],
)
def test_a_section_of_the_wrong_type_is_a_policy_error_naming_it(text, named):
    """D-25: every invalid policy file gives a PolicyError with a message naming the problem."""
    with pytest.raises(PolicyError, match=rf"{re.escape(named)} must be a table"):
        policy_from_bytes(text.encode())


def test_a_policy_error_from_a_file_names_the_file(tmp_path):
    """D-25: the person fixing the file must know which file."""
    path = tmp_path / "wrong.toml"
    path.write_bytes(variant("max_urgency = 4", "max_urgency = 9"))
    with pytest.raises(PolicyError, match=r"wrong\.toml: eligibility\.max_urgency"):
        load_policy(str(path))


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('id = "p"\nversion = 1\n[eligibility]\nmax_urgncy = 2\n[ordering]\nkeys = ["urgency"]\n',
         "eligibility.max_urgncy"),
        ('id = "p"\nversion = 1\nordring = 3\n[ordering]\nkeys = ["urgency"]\n', "ordring"),
        ('id = "p"\nversion = 1\n[ordering]\nkeys = ["urgency"]\n[ordering.distance_band]\nlimit_km = [5]\n',
         "ordering.distance_band.limit_km"),
    ],
)
def test_a_misspelt_policy_key_is_an_error_naming_it(toml, named):
    """D-25: the rules a decision was made under are exactly the file's rules; a typo never passes silently."""
    with pytest.raises(PolicyError, match=f"unknown key '{named}'"):
        policy_from_bytes(toml.encode())
