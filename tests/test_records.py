"""Records behave as the dataclasses they replace: construction, immutability, equality,
hashing, ordering, repr, inheritance, copying with changes, pickling, and type checking."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import shutil
import subprocess
import sys
from functools import cached_property
from pathlib import Path
from typing import Annotated, Generic, TypeVar, get_args, get_origin, get_type_hints

import pytest

from smtplint.profiles import schema
from smtplint.records import (
    MISSING,
    FrozenRecordError,
    field,
    field_types,
    fields,
    is_record,
    record,
    replace,
    values,
)

T = TypeVar("T")


@record
class Point:
    x: int
    y: int = 0
    label: str = field(default="", compare=False)


@record(frozen=False)
class Bag:
    name: str
    items: list[str] = field(default_factory=list)
    secret: str = field(default="", repr=False)


@record(order=True)
class Version:
    major: int
    minor: int


@record(slots=True, kw_only=True)
class Options:
    path: str
    depth: int = 1
    verbose: bool = False


@record
class Boxed(Generic[T]):
    value: T


@record
class Labelled(Point):
    colour: str = "red"


@dataclasses.dataclass(frozen=True)
class PointAsDataclass:
    x: int
    y: int = 0


# --- construction -----------------------------------------------------------------------


def test_fields_are_set_by_position_or_keyword_with_defaults_for_the_rest() -> None:
    assert (Point(1).x, Point(1).y, Point(1).label) == (1, 0, "")
    assert Point(1, 2) == Point(x=1, y=2)
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, z=3)  # type: ignore[call-arg]


def test_a_default_factory_makes_a_new_value_for_each_object() -> None:
    first, second = Bag("a"), Bag("b")
    first.items.append("x")
    assert second.items == []
    assert Bag("c", ["y"]).items == ["y"]


def test_keyword_only_fields_refuse_positions() -> None:
    assert Options(path="p").depth == 1
    with pytest.raises(TypeError):
        Options("p")  # type: ignore[misc]


def test_a_mutable_default_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(ValueError, match="default_factory"):

        @record
        class Wrong:
            items: list[str] = []  # noqa: RUF012 - the mistake under test


def test_a_field_without_default_after_one_with_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match=r"Wrong\.second"):

        @record
        class Wrong:
            first: int = 0
            second: int  # type: ignore[misc]


def test_class_variables_are_not_fields() -> None:
    from typing import ClassVar

    @record
    class Counted:
        kind: ClassVar[str] = "counted"
        n: int

    assert [each.name for each in fields(Counted)] == ["n"]
    assert Counted(3).kind == "counted"


# --- immutability -----------------------------------------------------------------------


def test_a_frozen_record_refuses_assignment_and_deletion() -> None:
    point = Point(1)
    with pytest.raises(FrozenRecordError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):  # what code written for dataclasses catches
        del point.x  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        point.extra = 1  # type: ignore[attr-defined]
    assert point.x == 1


def test_a_slotted_record_has_no_instance_dictionary() -> None:
    options = Options(path="p")
    assert not hasattr(options, "__dict__")
    with pytest.raises(AttributeError):
        options.depth = 2  # type: ignore[misc]


def test_a_mutable_record_can_be_changed() -> None:
    bag = Bag("a")
    bag.name = "b"
    assert bag == Bag("b")


def test_a_cached_property_works_on_a_frozen_record() -> None:
    @record
    class Squared:
        n: int

        @cached_property
        def square(self) -> int:
            return self.n * self.n

    squared = Squared(4)
    assert squared.square == 16
    assert squared.square == 16
    assert squared == Squared(4)


# --- equality, hashing, ordering, repr --------------------------------------------------


def test_equality_compares_the_compared_fields_of_the_same_type() -> None:
    assert Point(1, 2, "a") == Point(1, 2, "b")  # label is left out of comparison
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != PointAsDataclass(1, 2)
    assert Point(1, 2) != (1, 2)
    assert Labelled(1, 2) != Point(1, 2)


def test_frozen_records_hash_by_their_compared_fields_and_mutable_ones_do_not_hash() -> None:
    assert len({Point(1, 2, "a"), Point(1, 2, "b"), Point(2, 1)}) == 2
    assert hash(Version(1, 2)) == hash(Version(1, 2))
    with pytest.raises(TypeError):
        hash(Bag("a"))


def test_eq_false_keeps_identity_equality_and_hashing() -> None:
    @record(frozen=False, eq=False)
    class Handle:
        name: str

    handle = Handle("a")
    assert handle != Handle("a")
    assert {handle: 1}[handle] == 1


def test_ordering_follows_the_fields_in_order() -> None:
    assert sorted([Version(2, 0), Version(1, 5), Version(1, 2)]) == [
        Version(1, 2),
        Version(1, 5),
        Version(2, 0),
    ]
    assert Version(1, 2) <= Version(1, 2) < Version(1, 3)
    assert Version(2, 0) > Version(1, 9) >= Version(1, 9)
    with pytest.raises(TypeError):
        _ = Version(1, 2) < Point(1, 2)  # type: ignore[operator]


def test_repr_reads_like_a_dataclass_and_leaves_out_hidden_fields() -> None:
    assert repr(Point(1, 2, "a")) == "Point(x=1, y=2, label='a')"
    assert repr(Bag("a", secret="hunter2")) == "Bag(name='a', items=[])"
    assert repr(Options(path="p")) == "Options(path='p', depth=1, verbose=False)"


def test_methods_the_class_body_writes_are_kept() -> None:
    @record
    class Shouting:
        word: str

        def __repr__(self) -> str:
            return self.word.upper()

    assert repr(Shouting("hi")) == "HI"


# --- inheritance and generics -----------------------------------------------------------


def test_a_subclass_record_adds_fields_after_the_inherited_ones() -> None:
    labelled = Labelled(1, 2, "l", "blue")
    assert [each.name for each in fields(labelled)] == ["x", "y", "label", "colour"]
    assert labelled.colour == "blue"
    assert Labelled(1) == Labelled(1, 0, "", "red")
    assert repr(Labelled(1)) == "Labelled(x=1, y=0, label='', colour='red')"


def test_a_subclass_made_first_leaves_the_base_its_own_init() -> None:
    # Each type compiles its __init__ the first time one of its objects is made.
    @record
    class Base:
        a: int

    @record
    class Derived(Base):
        b: str = "b"

    class Plain(Base):
        pass

    assert Derived(1).b == "b"
    assert Plain(2).a == 2
    assert Base(3) == Base(a=3)
    assert Derived(4, "c") == Derived(a=4, b="c")
    with pytest.raises(TypeError):
        Base(1, "extra")  # type: ignore[call-arg]


def test_a_generic_record_is_subscriptable_and_compares_by_value() -> None:
    assert Boxed[int](1) == Boxed(1)
    assert Boxed("a").value == "a"


def test_match_reads_the_positional_fields() -> None:
    match Point(1, 2):
        case Point(x, y):
            assert (x, y) == (1, 2)
        case _:
            pytest.fail("Point did not match by position")
    assert Options.__match_args__ == ()


# --- helpers ----------------------------------------------------------------------------


def test_replace_copies_with_changes_and_refuses_unknown_names() -> None:
    point = Point(1, 2, "a")
    moved = replace(point, y=5)
    assert (moved.x, moved.y, moved.label) == (1, 5, "a")
    assert point.y == 2
    assert replace(Options(path="p"), depth=3) == Options(path="p", depth=3)
    with pytest.raises(TypeError):
        replace(point, z=1)


def test_fields_values_and_is_record_describe_a_record() -> None:
    assert [(each.name, each.default) for each in fields(Point)] == [
        ("x", MISSING),
        ("y", 0),
        ("label", ""),
    ]
    assert fields(Point) == fields(Point(1))
    assert fields(Bag)[1].default_factory is list
    assert not fields(Bag)[2].repr
    assert values(Point(1, 2, "a")) == (1, 2, "a")
    assert is_record(Point) and is_record(Point(1))
    assert not is_record(PointAsDataclass(1))
    with pytest.raises(TypeError, match="not a record"):
        fields(PointAsDataclass)


@pytest.mark.parametrize(
    "record_type",
    [Labelled, Options, Bag, schema.Profile, schema.HostSpec, schema.PortSpec],
    ids=lambda record_type: record_type.__name__,
)
def test_field_types_are_what_typing_reads_from_the_annotations(record_type: type) -> None:
    def comparable(hint: object) -> object:
        # Each evaluation makes new Check objects, which compare by identity.
        if get_origin(hint) is Annotated:
            first, *checks = get_args(hint)
            return first, [(check.after, check.constraints) for check in checks]
        return hint

    typed = get_type_hints(record_type, include_extras=True)
    expected = {each.name: comparable(typed[each.name]) for each in fields(record_type)}
    found = {name: comparable(hint) for name, hint in field_types(record_type).items()}
    assert found == expected


@pytest.mark.parametrize(
    "item",
    [Point(1, 2, "a"), Bag("a", ["x"], "s"), Version(1, 2), Options(path="p", depth=2)],
    ids=["frozen", "mutable", "ordered", "slotted"],
)
def test_records_survive_pickling_and_copying(item: object) -> None:
    # Worker processes send their findings back pickled.
    for copied in (pickle.loads(pickle.dumps(item)), copy.copy(item), copy.deepcopy(item)):
        assert copied == item
        assert values(copied) == values(item)


# --- type checking ----------------------------------------------------------------------


def test_type_checkers_see_records_as_dataclasses(tmp_path: Path) -> None:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    assert mypy is not None, "mypy is a test dependency"
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from smtplint.records import field, record\n"
        "\n"
        "@record\n"
        "class Frozen:\n"
        "    name: str\n"
        "    tags: list[str] = field(default_factory=list)\n"
        "\n"
        "@record(frozen=False, kw_only=True)\n"
        "class Loose:\n"
        "    count: int\n"
        "\n"
        "ok = Frozen('a')\n"
        "Frozen(1)\n"
        "Frozen('a', ['t'], 3)\n"
        "ok.name = 'b'\n"
        "Loose(count=1).count = 2\n"
        "Loose(1)\n"
    )
    result = subprocess.run(
        [mypy, "--strict", "--no-incremental", "--follow-imports=silent", str(sample)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    flagged = sorted(int(line.split(":")[1]) for line in lines)
    # The wrong type, the extra argument, the frozen assignment and the positional
    # keyword-only argument; the mutable record's assignment is fine.
    assert flagged == [13, 14, 15, 17], result.stdout
