"""Search works for Chinese words, filters, and never shows what the reader may not see."""
from ..factories import make_proposal, make_thread

HX = {"HX-Request": "true"}


def seed(app, community):
    with app.app_context():
        make_proposal(community.resident_a, title="加装电梯方案", body="一单元加装电梯，费用按楼层分摊")
        make_proposal(community.resident_b, title="2号楼楼道灯更换", body="换成声控灯",
                      building_id=community.building_b.id, category="co_governance")
        make_proposal(community.resident_a, title="共享工具间", body="电梯旁边的储物间", category="sharing")
        make_thread(community.resident_b, community.building_b.id, "2号楼电梯噪音", "电梯晚上很吵")
        make_thread(community.resident_a, None, "垃圾分类督导", "请志愿者报名")


def test_two_character_chinese_word_finds_proposals_and_comments(app, client, auth, community):
    seed(app, community)
    auth.login(community.worker)
    page = client.get("/search?q=电梯").get_data(as_text=True)
    assert "加装电梯方案" in page and "共享工具间" in page and "电梯晚上很吵" in page


def test_three_character_phrase_uses_the_index_and_matches_inside_words(app, client, auth, community):
    seed(app, community)
    auth.login(community.resident_a)
    page = client.get("/search?q=声控灯").get_data(as_text=True)
    # 声控灯 is in building B's proposal: resident A must not find it.
    assert "楼道灯更换" not in page
    page = client.get("/search?q=志愿者").get_data(as_text=True)
    assert "请志愿者报名" in page


def test_results_respect_building_visibility(app, client, auth, community):
    seed(app, community)
    auth.login(community.resident_a)
    page = client.get("/search?q=电梯").get_data(as_text=True)
    assert "加装电梯方案" in page and "电梯晚上很吵" not in page


def test_filters_by_category_and_scope(app, client, auth, community):
    seed(app, community)
    auth.login(community.worker)
    page = client.get("/search?q=电梯&category=sharing").get_data(as_text=True)
    assert "共享工具间" in page and "加装电梯方案" not in page
    page = client.get(f"/search?q=灯&scope={community.building_b.id}").get_data(as_text=True)
    assert "楼道灯更换" in page
    partial = client.get("/search?q=电梯", headers=HX).get_data(as_text=True)
    assert partial.lstrip().startswith('<div id="search-results"')


def test_like_wildcards_are_taken_literally(app, client, auth, community):
    seed(app, community)
    auth.login(community.worker)
    page = client.get("/search?q=%25").get_data(as_text=True)
    assert "加装电梯方案" not in page
