"""Chinese rules of e-gen33zh (issue 17): a passage too long to be one point, read a sentence a point under a heading
that names a kind (BENCHMARKS.md, "e-gen33zh"). Each test has an excerpt of a real document
(benchmarks/extraction/SOURCES.md) and, beside it, what must stay as it was."""

from ingest.blocks import Block
from ingest.structure import build_structure

# held52 zh-douyin-bgm-data-analysis-team-research-report-pdf, "5.2 项目反思": one paragraph of 607 characters, its
# four numbered points run together by the PDF's text layer (the next chapter's heading, "第六章 附录", at its end);
# seven annotated lessons inside it, all lost when the passage was dropped whole.
_REFLECTION = (
    "本次研究是我们小组成员第一次进行数据分析的尝试，机器学习和音频分析都是在研究进程中逐步学习的，因此在学习上花费了不少时间。"
    "研究效果由老师来评判，不过我们认为本研究还可以从以下几个方面进行优化: 1.加大数据量。由于时间因素制约，我们这次只爬取了总计 "
    "8400 个视频，但是在筛选过后只剩下了 1426 个视频，分摊到各个商品类下，数据量就只是百级，这对模型拟合影响较大。在时间充足的情况下，"
    "应该可以做到将每个商品类下的音频数据提升到千级。2.提升标签准确度。这次研究中我们以蝉妈妈网站提供的预估销售量作为分类标准，由于"
    "其他数据网站需要付费才能获取数据，我们无法横向对比该指标的准确程度。同时我们发现发布视频的达人的粉丝数范围跨度较大，虽然粉丝多的博"
    "主更有可能注意视频质量，挑选合适 BGM，正样本受影响较少，但是部分预估销量很低的视频的博主的粉丝很少，也许视频本身质量很高，而我们"
    "将这部分样本打上了负标签，在打标签的过程中还可以在这方面进行优化。3.音频特征提取模型的优化。VGGISH 是近年来音频特征提取表现最好的"
    "模型之一，但它不是针对音乐的特征提取模型，一段时间后也许会出现更优秀的音乐特征提取模型。4.机器学习模型还可以再优化。由于这次研究开"
    "始我们才接触机器学习，因此模型选择了 sklearn 库封装实现的三个模型，而神经网络在分类领哟也有优秀表现，未来可以尝试使用神经网络来优化"
    "分类效果。 第六章 附录")


def _lessons(*headings: str, text: str) -> list[str]:
    """The lessons of a research report's section under these headings holding this one paragraph."""
    blocks = [Block("heading", heading, level=2 + depth) for depth, heading in enumerate(headings)]
    structure = build_structure([Block("heading", "抖音带货视频 BGM 研究报告", level=1), *blocks, Block("para", text)],
                                "抖音带货视频 BGM 研究报告", reflective=True, looks_back=True)
    return [lesson.text for lesson in structure.lessons]


def test_a_long_passage_under_a_heading_that_names_a_kind_is_read_a_sentence_a_point():
    lessons = _lessons("5.2 项目反思", text=_REFLECTION)
    assert len(_REFLECTION) > 500
    assert "由于时间因素制约，我们这次只爬取了总计 8400 个视频，但是在筛选过后只剩下了 1426 个视频，分摊到各个商品类下，数据量就只是百级，" \
           "这对模型拟合影响较大。" in lessons
    assert "在时间充足的情况下，应该可以做到将每个商品类下的音频数据提升到千级。" in lessons
    # A numbered point's topic, a sentence too short to be a point, opens the sentence after it; the heading glued at
    # the end closes the last one.
    assert any(lesson.startswith("3.音频特征提取模型的优化。VGGISH 是") for lesson in lessons)
    assert "2.提升标签准确度。" not in lessons and "第六章 附录" not in lessons
    assert lessons[-1].endswith("未来可以尝试使用神经网络来优化分类效果。第六章 附录")  # nothing of the passage lost
    assert len(lessons) == 8


def test_a_long_passage_under_a_heading_that_names_no_kind_is_still_section_text():
    # The same paragraph under a part of the look back whose own heading names no kind (its kind taken from the heading
    # above) stays one passage, dropped as before: a stage's story told whole.
    assert _lessons("5. 项目反思", "5.3 数据获取阶段", text=_REFLECTION) == []
