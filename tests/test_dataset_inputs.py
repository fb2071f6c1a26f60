"""The input files of a load (``dataset/inputs.expand_inputs``): a folder walked in the
order of its paths, hidden files and notes left out, each file named relative to the folder."""

from __future__ import annotations

from govstats.dataset.inputs import expand_inputs


def test_a_folder_is_walked_in_path_order_by_part_not_as_text(tmp_path):
    # As text "a b.csv" < "a-b/c.csv" < "a/x.csv" (space, hyphen, slash); as paths the
    # folder a comes first, its name being the shorter first part.
    for name in ("a/x.csv", "a b.csv", "a-b/c.csv", "b.csv", "a/README.md", ".hidden.csv", "a/.x.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("单位,收到\n", encoding="utf-8")
    found = expand_inputs(tmp_path)
    assert [name for _, name in found] == ["a/x.csv", "a b.csv", "a-b/c.csv", "b.csv"]
    assert [path for path, _ in found] == [tmp_path / n for n in ("a/x.csv", "a b.csv", "a-b/c.csv", "b.csv")]
