"""benchmarks/extraction.py's matcher: an annotation of a paragraph's opening words and the paragraph extracted whole
(``--match opening``), and what it still refuses."""

from benchmarks.extraction import match

# A problem stated in one sentence, then four scenes that explain it, extracted as one paragraph (held14,
# zh-cloudwego-tanwan-case: cloudwego/cloudwego.github.io content/zh/cooperation/tanwan.md, Apache-2.0, stored).
CASE = ("瞬时高并发场景下，php - fpm 处理能力明显不够用。场景1：游戏大推 。 比如邀请了一个很受欢迎的代言人，在今日头条、抖音、"
        "广点通、微信朋友圈等各个媒体里大推广告时，如果我们的平台无法承受压力，可能会导致资金浪费。场景2：合作方集中推送游戏数据 。 "
        "因为我们是平台类应用，会关注用户各个方面的数据，合作方也会推送过来。合作方推送的数据通常是默认为 no problem，即合作方推送"
        "多少你都可以接多少。在这种情况下，如果我们的 php-fpm 处理能力较低，合作方的观感可能会受到影响。场景3：合作方游戏更新大批量"
        "玩家验证 token、重登录。游戏通常每两周更新一次，更新时如果程序重新启动，可能会导致游戏掉线并重新启动。")


def test_an_annotated_opening_matches_its_paragraph_only_under_opening():
    annotated = [{"text": "瞬时高并发场景下，php - fpm 处理能力明显不够用"}]
    assert match(annotated, [{"text": CASE}]) == []
    assert match(annotated, [{"text": CASE}], opening=True) == [(0, 0)]


def test_an_annotation_inside_a_paragraph_does_not_match_it_by_its_opening():
    annotated = [{"text": "游戏通常每两周更新一次"}]
    assert match(annotated, [{"text": CASE}], opening=True) == []


def test_a_short_opening_of_a_long_text_is_not_its_match():
    # Under 1/25 of the text's bigrams (OPENING_DENSITY): a long section taken as one lesson is not matched by its
    # first line; the same line opening a text a third as long is.
    scenes = CASE[CASE.index("场景1"):]
    annotated = [{"text": "场景1：游戏大推"}]
    assert match(annotated, [{"text": scenes}], opening=True) == []
    assert match(annotated, [{"text": scenes[:len(scenes) // 3]}], opening=True) == [(0, 0)]
