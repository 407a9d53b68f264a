"""Free-text parsers behind the form validations."""
import pytest

from actions import parsing


@pytest.mark.parametrize("text, phone", [
    ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86-138-1234-5678", "13812345678"),
    ("电话是13812345678哈", "13812345678"), ("1381234567", None), ("23812345678", None), ("138123456789", None),
])
def test_find_phone(text: str, phone) -> None:
    assert parsing.find_phone(text) == phone


@pytest.mark.parametrize("text, count", [
    ("25", 25), ("25人", 25), ("大概三十个", 30), ("二十五个人", 25), ("一百二十", 120), ("十来个", 10), ("好多人", None),
])
def test_parse_count(text: str, count) -> None:
    assert parsing.parse_count(text) == count


@pytest.mark.parametrize("text, intent, answer", [
    ("是的", None, True), ("没问题", None, True), ("有", None, True), ("没有", None, False), ("不是", None, False),
    ("还没建", None, False), ("随便", None, None), ("嗯", "affirm", True), ("算是吧", "deny", False),
])
def test_parse_yes_no(text: str, intent, answer) -> None:
    assert parsing.parse_yes_no(text, intent) is answer


def test_question_and_correction_detection() -> None:
    assert parsing.looks_like_question("备案要交钱吗") and parsing.looks_like_question("场地怎么申请？")
    assert not parsing.looks_like_question("夕阳红舞蹈队")
    assert parsing.is_correction("电话写错了，应该是13912345678")
    assert not parsing.is_correction("改善社区环境")
    assert parsing.correction_value("人数改成30", "人数") == "30"
    assert parsing.correction_value("电话写错了，应该是13912345678", "电话") == "13912345678"
    assert parsing.correction_value("我要改手机号", "手机号") is None



# ── free-text slots: natural replies (colloquial, 语气词, full-width digits, emoji, typos) ────────────

@pytest.mark.parametrize("text, name", [
    ("我们叫夕阳红广场舞队", "夕阳红广场舞队"), ("名字是夕阳红舞蹈队哈", "夕阳红舞蹈队"), ("就叫快乐合唱团吧😊", "快乐合唱团"),
    ("我们是虹桥太极队", "虹桥太极队"), ("夕阳红舞蹈队。", "夕阳红舞蹈队"), ("嗯，队名叫银发编织社", "银发编织社"),
    ("团队名称是「番禺睦邻读书会」", "番禺睦邻读书会"), ("叫做新华路乒乓球队呀", "新华路乒乓球队"),
    ("我们队的名字叫阳光志愿服务队", "阳光志愿服务队"), ("Happy Dance 舞蹈队", "Happy Dance 舞蹈队"),
    ("顺便问下，登记了能拿补贴吗", None), ("队名有什么要求？", None), ("还没想好", None), ("不知道", None),
    ("。。", None), ("12345", None), ("夕" * 60, None),
])
def test_parse_team_name(text: str, name) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("text, name", [
    ("我姓王，王秀英", "王秀英"), ("我姓王 王秀英", "王秀英"), ("我叫李明", "李明"), ("负责人是王阿姨", None),
    ("王阿姨", None), ("王秀英", "王秀英"), ("队长张建国", "张建国"), ("欧阳老师", None), ("王秀英阿姨", "王秀英"),
    ("我们队长王秀英", "王秀英"), ("大家叫我王阿姨，大名王秀英", "王秀英"),
    ("就是我，陈美华😊", "陈美华"), ("嗯，李桂英呀", "李桂英"), ("司马相如", "司马相如"), ("Tom Lee", "Tom Lee"),
    ("我姓王", None), ("不告诉你", None), ("负责人要写谁？", None), ("顺便问下，登记了能拿补贴吗", None),
    ("王秀英13812345678", None), ("我们团队大家一起负责的", None), ("", None),
])
def test_parse_person(text: str, name) -> None:
    assert parsing.parse_person(text) == name


@pytest.mark.parametrize("text, district", [
    ("上海长宁区", "长宁区"), ("长宁区", "长宁区"), ("长宁", "长宁区"), ("长宁哈", "长宁区"), ("在长宁区😊", "长宁区"),
    ("浦东", "浦东新区"), ("北京朝阳", "朝阳区"), ("鹿城区", "鹿城区"), ("乐清", "乐清市"), ("天山路", "长宁区"),
    ("杭州西湖区", "西湖区"), ("杭州的西湖", "西湖"), ("顺便问下，登记了能拿补贴吗", None), ("小区", None), ("不清楚", None),
    ("上海", None), ("随便填", None),
])
def test_parse_district(text: str, district) -> None:
    assert parsing.parse_district(text) == district


@pytest.mark.parametrize("text, street", [
    ("天山路街道", "天山路街道"), ("天山路", "天山路街道"), ("天山路哦", "天山路街道"), ("新泾", "新泾镇"),
    ("北新泾", "北新泾街道"), ("长宁区新华路街道", "新华路街道"), ("上海长宁仙霞新村", "仙霞新村街道"),
    ("天山街道", "天山路街道"), ("城关镇", "城关镇"), ("北京朝阳区三里屯", "三里屯"), ("仙霞", "仙霞新村街道"), ("街道", None), ("浦东", None),
    ("长宁区", None), ("不知道", None), ("就在我们小区里", None), ("登记了能拿补贴吗", None),
])
def test_parse_street(text: str, street) -> None:
    assert parsing.parse_street(text) == street


@pytest.mark.parametrize("text, detail", [
    ("三十来个", (30, True)), ("二十五", (25, False)), ("２５", (25, False)), ("25人", (25, False)),
    ("三十多人", (30, True)), ("大概三十个", (30, True)), ("二十左右吧", (20, True)), ("差不多40个人", (40, True)),
    ("一百二十", (120, False)), ("嗯，十五个😊", (15, False)), ("好多人", None), ("十几个", (10, True)), ("多少人算小组？", None),
])
def test_parse_count_detail(text: str, detail) -> None:
    assert parsing.parse_count_detail(text) == detail


@pytest.mark.parametrize("text, scope", [
    ("就在我们小区里活动", "community"), ("本居委", "community"), ("我们楼组的", "community"), ("就在小区里", "community"),
    ("在社区里跳", "community"), ("街道范围", "street"), ("在新华路街道几个居委", "street"), ("跨居委", "street"),
    ("几个小区一起", "street"), ("跨街道", "district"), ("全区都有", "district"), ("长宁区里到处跑", "district"),
    ("好几个街道都来", "district"), ("随便", None),
])
def test_parse_scope_matches_whole_units(text: str, scope) -> None:
    assert parsing.parse_scope(text) == scope


REASONS = [("解散", ["散了"]), ("与其他组织合并", ["合并", "并入"]), ("长期不活动了", ["不活动", "没活动"]),
           ("其他原因", ["其他", "别的"])]


@pytest.mark.parametrize("text, index", [
    ("长期不活动了", 2), ("3", 2), ("３", 2), ("第三个", 2), ("选3", 2), ("合并", 1), ("长期不活功了", 2),
    ("与其它组织合并", 1), ("其他", 3), ("其他原因哈", 3), ("解散😢", 0), ("组织合并", 1), ("合并还是解散", None),
    ("嗯……", None), ("5", None), ("", None),
])
def test_choose(text: str, index) -> None:
    assert parsing.choose(text, REASONS) == index


def test_choose_without_numbers_and_long_input() -> None:
    assert parsing.choose("2", REASONS, numbers=False) is None
    assert parsing.option_number("第二个", 4) == 1 and parsing.option_number("２", 2) == 1
    assert parsing.too_long("字" * 501) and not parsing.too_long("字" * 500)
    assert parsing.normalize_reply("嗯，长宁区😊～") == "长宁区"


@pytest.mark.parametrize("text, district", [("长宁曲", "长宁区"), ("浦东新曲", "浦东新区")])
def test_parse_district_tolerates_one_typo(text: str, district) -> None:
    assert parsing.parse_district(text) == district


@pytest.mark.parametrize("text, name", [
    ("我们是跳广场舞的，叫夕阳红舞蹈队", "夕阳红舞蹈队"), ("名字是康乐门球队，谢谢🙏", "康乐门球队"),
    ("夕阳红广场舞队，平时大家都叫我们夕阳红", "夕阳红广场舞队"), ("团队名字就是夕阳红广场舞队呢", "夕阳红广场舞队"),
    ("团队名称：夕阳红广场舞队", "夕阳红广场舞队"), ("哦哦 名字啊，夕阳红广场舞队", "夕阳红广场舞队"),
    ("全称 北太平庄邻里社会工作事务所", "北太平庄邻里社会工作事务所"), ("夕阳红", "夕阳红"),
    ("你好", None), ("不知道叫啥", None),
])
def test_team_names_inside_sentences(text: str, name) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("text, value", [
    ("我们属于番禺居委会", "番禺居委会"), ("归威海居委会管", "威海居委会"), ("鲍田村的", "鲍田村"), ("番禺居委", "番禺居委"),
    ("不知道哪个居委", None), ("你好", None),
])
def test_parse_community(text: str, value) -> None:
    assert parsing.parse_community(text) == value


@pytest.mark.parametrize("text, answer", [
    ("👍", True), ("提交吧", True), ("嗯嗯 提交吧", True), ("木有", False), ("先别交哈", False), ("等一下，有地方错了", False),
    ("建立了", True), ("招过大学生", True), ("不知道", None), ("不清楚", None),
])
def test_yes_no_in_everyday_words(text: str, answer) -> None:
    assert parsing.parse_yes_no(text) is answer


def test_unsure_is_no_answer_whatever_the_intent() -> None:
    assert parsing.parse_yes_no("不知道", "deny") is None


@pytest.mark.parametrize("text, phone", [("嗯 １３８１２３４５６７８", "13812345678"), ("幺三八一二三四五六七八", "13812345678")])
def test_phone_in_full_width_and_spoken_digits(text: str, phone: str) -> None:
    assert parsing.find_phone(text) == phone


def test_a_long_shared_run_with_a_title_is_evidence_but_a_two_character_word_is_not() -> None:
    options = [("解散", ()), ("与其他组织合并", ()), ("其他原因", ("其他",))]
    assert parsing.choose("跟其他组织合并了", options) == 1
    assert parsing.choose("其他", options) == 2


@pytest.mark.parametrize("text, district", [("常宁", "长宁区"), ("常宁区", "长宁区"), ("欧海区", "瓯海区"),
                                            ("西湖区", "西湖区"), ("上海", None), ("广州", None)])
def test_two_character_typos_only_for_districts_and_never_for_other_places(text: str, district) -> None:
    assert parsing.parse_district(text) == district


@pytest.mark.parametrize("text, district, street", [
    ("区是海淀区，街道是北太平庄街道", "海淀区", "北太平庄街道"), ("姑苏区平江街道", "姑苏区", "平江街道"), ("田林那块", "徐汇区", "田林街道"),
])
def test_places_said_with_their_field_names_and_fillers(text: str, district, street) -> None:
    assert parsing.parse_district(text) == district and parsing.parse_street(text) == street


@pytest.mark.parametrize("text, asks", [
    ("顺便问一下，疫苗在哪打", True), ("团队最少要几个人才能备案呀", True), ("十几个人吧", False),
    ("街道里好几个居委的人都有", False), ("王秀英", False),
    ("社区基金会是干嘛的", True), ("这种算不算社会组织", True), ("我们这种算哪一类", True), ("一年能申请几回", True),
    ("场地下不下得来", True), ("不不不，应该是长宁", False), ("对对对", False), ("三十来个", False),
    ("团队备案是归街道管还是归居委管呀", True), ("服务中心是干什么的", True), ("唱歌跳舞啥的", False),
    ("打太极什么的", False), ("没有没有", False), ("没建，但有几个党员", False), ("你今年多大了呀😄", True),
])
def test_question_words_people_use(text: str, asks: bool) -> None:
    assert parsing.looks_like_question(text) is asks


@pytest.mark.parametrize("text, name", [
    ("五马瓯剧票友社（瓯剧社）", "五马瓯剧票友社"), ("夕阳红舞蹈队(简称夕阳红)", "夕阳红舞蹈队"),
    ("长宁区睦邻服务中心（筹）", "长宁区睦邻服务中心(筹)"), ("横街暑托志愿小组（暑托班）", "横街暑托志愿小组"),
])
def test_a_bracketed_short_form_is_not_part_of_the_name(text: str, name: str) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("text, community", [
    ("居委会是三里河一区社区", "三里河一区社区"), ("我们居委叫番禺居委会", "番禺居委会"), ("村是鲍田村", "鲍田村"),
    ("社区居委会", "社区居委会"),
])
def test_the_field_name_said_before_a_community_is_dropped(text: str, community: str) -> None:
    assert parsing.parse_community(text) == community


@pytest.mark.parametrize("text, district, street", [
    ("武侯区的玉林街道哈", "武侯区", "玉林街道"), ("长宁区的新华路街道", "长宁区", "新华路街道"),
])
def test_a_district_and_its_street_joined_by_de(text: str, district: str, street: str) -> None:
    assert parsing.parse_district(text) == district and parsing.parse_street(text) == street


def test_vague_replies_are_no_answers() -> None:
    assert parsing.parse_yes_no("随便", "affirm") is None and parsing.free_text("就平常那些") is None


@pytest.mark.parametrize("text, name", [
    ("名字定下来了：曹杨一村楼道自治小组", "曹杨一村楼道自治小组"), ("就写“鲍田村老年门球队”吧，居委会帮着起的", "鲍田村老年门球队"),
    ("要注销的是“景山登山健身队”", "景山登山健身队"), ("鹿城区五马街道“乐活”家政服务社", "鹿城区五马街道“乐活”家政服务社"),
])
def test_a_name_in_quotes_or_after_a_colon(text: str, name: str) -> None:
    assert parsing.parse_team_name(text) == name


@pytest.mark.parametrize("text, district, street", [
    ("甘家口街道（海淀区）", "海淀区", "甘家口街道"), ("归虹口区四川北路街道管", "虹口区", "四川北路街道"),
])
def test_a_street_with_its_district_in_brackets_or_said_as_whose(text: str, district: str, street: str) -> None:
    assert parsing.parse_district(text) == district and parsing.parse_street(text) == street


def test_choose_again_is_a_correction_with_its_value_after_the_colon() -> None:
    text = "类别重新选一下：文体活动类"
    assert parsing.is_correction(text) and parsing.correction_value(text, "类别") == "文体活动类"


def test_a_person_with_the_role_in_brackets_and_a_community_among_other_pieces() -> None:
    assert parsing.parse_person("姓名：许桂兰（负责人）") == "许桂兰"
    assert parsing.parse_person("董雪梅吧，我年纪大了管不动了") == "董雪梅"
    assert parsing.parse_community("我们是祥德居委会的，四川北路街道下面") == "祥德居委会"


@pytest.mark.parametrize("text", ["每天晚上好多大妈在小区花园跳广场舞", "时不时组织老人唱唱歌", "负责人还是我呀", "动不动就下雨"])
def test_statements_that_only_look_like_questions(text: str) -> None:
    assert not parsing.looks_like_question(text)


@pytest.mark.parametrize("text, stored", [("排练合唱，逢年过节去敬老院演出", "排练合唱，逢年过节去敬老院演出"),
                                          ("排练合唱,逢年过节演出", "排练合唱，逢年过节演出"),
                                          ("小区花园（下雨去活动室）", "小区花园（下雨去活动室）"), ("跳舞２次", "跳舞2次")])
def test_a_free_answer_keeps_its_chinese_punctuation(text: str, stored: str) -> None:
    assert parsing.free_text(text, 2, 200) == stored
