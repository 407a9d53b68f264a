"""Whether a reply asks something: question marks and asking words, and what a clause states before
it asks. A form answer rarely asks; a side question does."""
from __future__ import annotations

import re

from actions.parsing.text import MEALTIME

# Asking in words: what makes a message a question even when it also names a value (「队伍散了，会费咋处理」).
_ASKING = (r"吗|顺便问|在哪|哪个|哪家|哪[一二两三四五六七八九十几类种样位条级]|谁|(?<![很好许])多大|几岁|(?<![没不])怎么|如何|(?<![没])什么(?![的都也])|"
           r"[干是为做搞]什么|(?<!没)啥(?![的都也])|哪些|哪里|哪儿|多少|(?<!没)多久|(?<![很好许])多[长远](?!处)|能不能|可不可以|可以不|是否|要不要|需不需要|(?<!没)有没有|"
           r"算不算|(?<!不)是不是|干嘛|干啥|咋|你说呢|(?<!不)(?!时不时|动不动)([^不没\s])不\1|是.{1,10}还是|[算属][^，,。；;吧]{1,10}还是[^，,。；;吧]|"
           r"(?:选|填|报|归(?![口属]))(?![的了过来上去])[^，,。；;吧的了]{1,10}还是[^，,。；;吧]|么$|"  # not 「选来选去还是…」「报的还是…」: still
           r"(?<![还没])[了过]没有?[呀啊呢哈]?(?=\W*$)|"  # 「你吃饭了没」「交过没有」: V了没 asks
           r"(?<![没])有[^，,。没]{1,12}没有?[呀啊呢哈]?(?=\W*$)|"  # 「长宁区有专门的补贴政策没」
           r"[\u4e00-\u9fff]{2}(?<![不没都也并还再绝决然定本对来从就才又真倒])不[呀啊呢哈嘛]?(?=\W*$)|有几(?:种|类|样|步|项|条)|"  # 「要交钱不」「影响补贴不」
           r"从哪|(?:去|到|找|上)哪(?!怕)|哪(?:来|去|找|办|交|弄|拿)|(?<![没不])怎样|"
           r"(?:备案|注销|登记|申请|补贴|补助|扶持|办理|撤销|评估)[^，,。]{0,6}(?:流程|材料|手续|步骤|条件|标准|时间|期限|金额)[呢呀啊吧]?$|"
           r"(?:讲|介绍|解释)一?下[吧呗呢]?$|给我(?:讲|说|介绍|推荐)|(?:一般|大概|通常|到底|具体)几(?:月份?|号|点)|几[块毛]钱?(?:一|每)|发(?:给)?我一?份|[交办找去放寄送]哪$|"
           r"^(?:先|再|还|我)?问一?下|(?:想|要|先|再)?咨询一?下|^咨询|打听|请教|"  # 「注销流程讲一下」: asking without a question word
           r"(?:^(?:顺便|再|先)?|你|给我|跟我|和我)(?:讲讲|说说|讲一下|说一下|介绍一?下|聊聊)[^，,。]{0,20}(?:政策|规定|条件|流程|区别|关系|分工|购买服务|备案|注销|登记|扶持|补贴)|"
           r"(?:政策|规定|条件|流程|区别|关系|分工)[^，,。]{0,6}(?:跟|给|和)我(?:说|讲)|"  # 「顺便讲讲…」「把…的政策跟我说一下」
           r"我[^，,。]{0,3}(?:想|要)[^，,。]{0,3}(?:了解|弄清楚|搞清楚|弄明白|搞明白)|想听听[^，,。]{0,16}(?:条件|政策|规定|办法|要求|流程)|(?:备案|注销|撤销|登记|补贴|补助|扶持|资助|政策|规定|评估|等级|场地|活动室|资金|流程|材料|条件|党建|培训|项目|购买服务|创投)[^。]{0,20}(?:跟|给|和)我(?:讲讲|说说|讲一下|说一下|聊聊)[吧呗呢哈]?$|问(?:你|您)?一?个事|"  # 「…这件事我想多了解点」
           r"(?:好|能|可以|会|要|用)(?!的)[\u4e00-\u9fff]{1,4}伐$|[回起出下过上进]来不[呀啊呢哈嘛]?$|"  # 「也好备案伐」「还能撤回来不」
           r"(?:不|没)(?:太|大|怎么)?(?:搞|弄)?(?:明白|看懂|听懂|理解)|有[^，,。]{1,12}(?:这个|这种|这么个|这么一个)说法|(?:搞|看|听|弄)不(?:太)?(?:懂|明白)|什么意思|啥意思|"  # 「项目这个选项不太明白」
           r"(?<![按照据])(?:等级|评估|备案|注销|撤销|登记|补贴|扶持|资助|初创|新成立|社会组织|组织|团队|队伍|[1-5]A|街道|居委|活动)"
           r"[^，,。]{0,4}?"
           r"的(?:具体|详细|相关)?(?:补贴|扶持)?(?:好处|作用|用处|规定|政策|标准|要求|条件|流程|材料|区别|办法|定义|含义)[呢呀啊吧]?$|"  # 「3A等级的好处」, not 「宣传垃圾分类的政策」
           r"几[个位名人][^，,。]{0,4}才(?:能)?(?:算|行|可以)|"  # 「招了几个人才算吸纳就业啊」: a condition asked
           r"请问|想(?:先|再)?问|想知道|想了解|了解一下|了解下|打听一?下|咨询一?下|(?:政策|规定|文件|流程)[^，,。]{0,4}(?:不太?懂|没搞懂|搞不懂|看不懂|不明白)|"
           r"(?:文件|政策|规定|原文)[^，,。]{0,4}(?:发|给)(?:我|一下)|(?:清单|材料|表格|模板|样表|链接)[^，,。]{0,2}(?:发|给)(?:我|一下)(?:[吧呗哈呀啊]|一?份|看看)?$|请告知|告知一下|请说明|请提供|^(?:我)?(?:听说|听人说|听别人说|据说|有人说|人家说)[^，,。]*$|^(?:我)?听[\u4e00-\u9fff]{1,4}(?:讲|说)(?:过)?(?![^，,。]*(?:名字|叫|是[^，,。]{0,8}(?:居委|村|类|队|团|组)))[^，,。]{0,6}(?:备案|注销|撤销|登记|补贴|补助|扶持|资助|政策|规定|评估|等级|场地|活动室|资金|流程|材料|条件|党建|培训|项目|购买服务|创投)[^，,。]*$|(?:帮|替)我(?:查|问|找|看)一?(?:下|查|问|找|看)|"  # 「帮我查下…的手机号」, not 「帮忙看一下孤寡老人」
           r"(?:帮|替)我(?:们)?(?:把[^，,。]{1,12}?)?(?:打印|复印|导出|扫描|邮寄|寄(?![养存宿读放]))|"  # 「帮我把队员名单打印出来」: an errand asked of the bot
           r"(?:帮|替)我(?:们)?(?:给|跟|向|找)[^，,。]{1,8}?(?:打个?电话|打一?下电话|发个?(?:消息|短信|微信)|说一?声|说一下|问一?下)|"  # 「帮我给居委主任打个电话呗」
           r"^(?:先|再|请|麻烦)*(?:你|您)?(?:给我|跟我|帮我)?(?:讲讲|讲一?下|说说(?![唱笑])|说一下|介绍一?下|解释一?下|科普一?下|告诉我)|"
           r"要(?![的不])[^，,。；;还]{1,10}还是(?![^，,。；;]*[都也])[^，,。；;]|(?:效果|作用|待遇|结果|手续|流程)[^，,。]{0,2}一样[吧吗呢]?$|"  # 「要原件还是复印件」「效果一样吧」
           r"(?:也|还)(?:可以|能)[^，,。]{1,8}呢$|(?:能|可以)(?![\u4e00-\u9fff]{1,2}的|\s)[^，,。没]{1,16}(?<!\s)没有?[呀啊呢哈]?(?=\W*$)|"  # 「没场地也可以备案呢」「能查到…没」
           r"(?<![0-9一二两三四五六七八九十百])几[^，,。]{0,3}来着(?=[呀啊呢哈]?\W*$)|(?:会|能|可以|要|是|有|晓得|懂)[^，,。]{0,10}伐[呀啊哦]?(?=\W*$)|"  # 「几号来着」「会说上海话伐」
           r"^(?:那|那么)?(?:补贴|补助|经费|资金|社工|评估|培训|党建|扶持|资助|孵化基地|购买服务|创投)[^，,。]{0,4}呢[？?]*$|"  # 「补贴呢」
           r"^(?:社工|老师|工作人员|志愿者|专家)[^，,。]{0,4}(?<!不)来不[呀啊呢哈嘛]?$|"  # 「社工来不」: will they come
           r"(?:也|还)(?:可以|能)[^，,。]{0,6}(?:申请|备案|注销|登记|拿|领|享受|参评|评)[^，,。]{0,6}吧$|"  # 「没评过等级也能申请扶持吧」
           r"[让叫托]我(?:来)?(?:问问|问一下|问下|打听)[^，,。]{0,12}(?:备案|注销|撤销|登记|补贴|扶持|政策|规定|条件|流程|孵化|场地|评估|社工|培训|党建|经费|资金)|"
           r"(?:的事儿?|的情况|这块|内容|要求|规定|政策|意思|区别)(?:说说|说下|说一下|讲讲|讲下|讲一下|聊聊|介绍一?下)[吧呗呢哈]?$|"
           r"^说一?下(?=[^，,。]{0,6}(?:评估|等级|备案|注销|撤销|登记|补贴|扶持|政策|规定|条件|流程|场地|社工|培训|党建))|"  # 「居委书记让我问问孵化基地的事」「场地的事说说」「说下评估」
           r"^我[\u4e00-\u9fff]{1,3}(?:说|讲)(?:过)?[^，,。]{0,8}(?:也能|也可以|还能|还可以)[^，,。]{0,8}(?:备案|注销|撤销|登记|补贴|扶持)|"  # 「我孙女说网上也能办备案」
           r"(?:帮|替)我(?:们)?(?:写|编|拟|做|想)一?(?:份|篇|个|张|句|段|条)|(?:给|帮|替)我(?:们)?(?:的)?(?:队|团队|队伍)?(?:起|取)一?个[^，,。]{0,8}名(?![叫是为])")
# asking for information without a question word: 「介绍下扶持政策」「我想先问下补贴的事」
# 「备案要交钱的吧」「不备案应该也行吧」「负责人一定要住在本小区的吧」: a guess at what the rules require or allow, put up to be
# confirmed — asked, whatever value its words hold (「应该是南郊街道吧」「资金要的吧」 guess at no rule)
_RULE_TOPIC = r"(?:备案|登记|注销|撤销|培训|补贴|补助|资助|扶持|基金会|社会组织|负责人|户口|证明|材料|评估)"
# 「3A以上才有资格吧」「1A是最低的一档吧」「文体类的队伍顺带做点养老服务可以吧」: a rule guessed at and put up to be confirmed —
# a clause of six or more characters saying what can, must or is only allowed, ending in 吧 (not 「应该是南郊街道吧」「算文体类吧」)
_ASKING += (r"|(?:^|(?<=[，,。；;\s]))(?=[^，,。；;\s]{5,}吧$)(?![^，,。；;\s]*(?:[你您]|我们|咱们|自己))[^，,。；;\s]*?(?:才|可以|也能|还能|能|得|需要|必须|要写|要填|要交|要有|统一|最低|最高|资格|一档)"
            r"[^，,。；;\s]*吧$")
# 「备案类的也能拿扶持」: support a kind of team is said to get too, put up to be confirmed
_ASKING += r"|(?:也|还)(?:能|可以)(?:拿|领|申请|享受)[^，,。]{0,4}(?:扶持|补贴|补助|资助|资金|经费|钱|场地|项目)$"
_ASKING += (rf"|{_RULE_TOPIC}[^，,。；;]{{0,8}}?(?:(?:也行|也可以|不要紧|没关系|没事|免费|收费)的?|(?:要|得|需要|必须|能|可以|会)[^，,。；;吧]{{2,14}})吧$"
            r"|(?:你|您)们?(?:还|都)?(?:没|没有)(?:跟|给|和|对|同)?我?(?:说|讲|解释|回答|介绍)(?:清楚|明白|完|过)?")  # 「…你还没跟我说清楚呢」
_ASKING_RE = re.compile(_ASKING)
# A question at all: a question mark, asking words, or 几个/几天 (also 「有几个党员」, so only with the rest).
# 几月/几楼/几块钱 ask only where the message ends (「居委在几楼」); inside a description 几 is "a few" (「唱几首红歌」).
_QUESTION_RE = re.compile(r"[？?]|(?<![十百好有的那这才就里没了做搞办招组])(?<!不了)几(?:个(?!(?:居委|小区|社区|街道|村|镇|区|楼)[^？?吗呢]*$)|位|名|天|年|岁|点|次|项|类|种|级|条|步|回|遍|份|"
                          r"(?:月份?|号|楼|层|块钱?|元|毛钱?|点钟|星期)了?[吗呢呀啊]*$|"
                          r"(?:月份?|号|点钟?)(?:截止|开始|结束|之?前|以前|到期|开门|关门|上班|下班))|" + _ASKING)  # 「几号截止」


# A word of the bot's question echoed with a 「？」 before the answer (「评估？没参加过」「人数？三十个」).
_ECHO_RE = re.compile(r"^[\u4e00-\u9fff]{1,4}[？?]+[\s，,]*(?=[^？?\s])")


# 「暂时不缺什么」「没有啥特别需要的」「没搞过啥活动」: 什么/啥 after a negation says "nothing", it asks nothing
# (「没搞过啥活动也能备案」「没办过啥活动能直接注销」 still ask: what can be done is asked after it)
_NOTHING_RE = re.compile(r"(?:没|不)(?:有|缺|要|需要|用|太|大|是|[搞做干办弄练聚]过?(?![^，,。]*(?:能|可以|行不|要不|得|用不)))?"
                         r"(?:什么|啥)(?![吗呢呀？?]|时候|地方|意思|条件|要求|区别|用)")


# A remark to the assistant itself (「哈哈你好聪明啊」「你们真厉害」): no answer to any question of a form.
# The whole message only (「可以可以，你们真贴心」 confirms; 「迷你棒球队」 is a name).
_REMARK_RE = re.compile(r"(?:哈+|呵+|哇+|嘿+)?[，,\s]*(?:你|您)们?(?:这个)?(?:真是?|好|太|挺|蛮|可|还挺|也太)?(?:聪明|厉害|棒|牛|可爱|"
                        r"有意思|智能|笨|傻|能干|机灵|贴心|有耐心|专业)了?[啊呀哦哈吧的呢！!~～。.\s]*")


_MEALTIME_RE = re.compile(MEALTIME)


# 「我今天血压有点高」「我有点累了」: how the speaker feels today, no answer to any step
_FEELING_RE = re.compile(r"我(?:今天|现在|最近|这两天|这几天)?(?:有点|有些|好|很|太|特别)?(?:血压|血糖|头|腰|腿|胃|眼睛|身体)?"
                         r"(?:有点|有些|好|很|太|特别)?(?:高|低|晕|疼|痛|累|困|不舒服|难受|乏|不太?好)了?[啊呀哦呢哈]*")


# 「你是AI吧」「你是真人吗」: what the assistant itself is, asked of it
_ABOUT_BOT_RE = re.compile(r"(?:你|您)(?:到底)?是(?:不是)?(?:AI|机器人|人工智能|真人|真的人|程序|电脑|客服)(?:吧|吗|呀|啊|么|呢|还是.{1,6})*[？?]*",
                           re.IGNORECASE)


# 「我孙子考上大学了哈哈 开心」: news of the family, shared with a laugh or with joy
_FAMILY_NEWS_RE = re.compile(r"我(?:家)?的?(?:孙子|孙女|外孙女?|儿子|女儿|闺女|老伴|儿媳妇?|女婿)[^，,。]{1,12}了[，,。!！\s]*"
                             r"(?:(?:哈|呵|嘿)+[，,。!！\s]*|(?:好|真|太)?(?:开心|高兴)(?:了|啊|呀)?[，,。!！\s]*)+")


def remarks_to_bot(text: str) -> bool:
    """「你好聪明啊」「你是AI吧」「我孙子考上大学了哈哈 开心」: said to the assistant, so answered like a side question rather
    than read as a value."""
    return bool(_REMARK_RE.fullmatch((text or "").strip()) or _ABOUT_BOT_RE.fullmatch(_EDGES_RE.sub("", text or ""))
                or _FAMILY_NEWS_RE.fullmatch(_EDGES_RE.sub("", text or ""))
                or _MEALTIME_RE.fullmatch(_EDGES_RE.sub("", text or "").rstrip("？?！!。~～"))
                or _FEELING_RE.fullmatch(_EDGES_RE.sub("", text or "")))


# 「不限哪个街道」「不管什么天气」: a question word after 不限/不管/无论 says "any", it asks nothing
_ANY_RE = re.compile(r"(?:不限|不管|无论|不论|不分)(?:是)?(?:哪|什么|啥|谁|多少|几)")


# An emoji or a filler at either end hides where the words start and end (「…需要备案么😅」「诶 说说等级评估」)
_EDGES_RE = re.compile("^(?:诶|欸|哎|唉|嗯|呃|哦|噢|额|那个|对了)+[\\s，,、。.…~～]*|"
                       "[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d\\s。.!！~～]+$")


# 「我们几个退休医生搞的」「最后几个也不来了」「前几天刚开过会」: 几 after 我们/他们 counts the speakers, after 前/后
# it is "the first / last few": it asks nothing
_FEW_OF_US_RE = re.compile(r"(?<=[我咱俺他她]们)几(?=个|位|名)|(?:(?<=剩)|(?<=剩下))几(?=个|位|名)|(?<=[前后])几(?=个|位|名|天|年|次|回|遍|月)")
# 「年底可能还要进几个」「估计还会走几个」: a few more said to join or leave, hedged — a statement, not 「还要招几个才行」
_A_FEW_MORE_RE = re.compile(r"((?:可能|估计|大概|也许|或许|说不定|应该会|还会)[^，,。？?吗]{0,4}?[进来加添招收走退])几(?=[个位名]?人?(?:[，,。！!\s]|$))")


# 「街道是德胜还是新街口我搞不清了」: two choices, then that the speaker does not know which: a doubt stated, not asked
_UNSURE_CHOICE_RE = re.compile(r"[^，,。？?]{1,10}还是[^，,。？?]{1,10}?(?=我?(?:也|都|实在)?(?:搞不清|不清楚|不知道|不确定|记不清|"
                               r"说不准|说不清|弄不清|分不清|拿不准|记不得|忘了))")


def _words(text: str) -> str:
    text = _UNSURE_CHOICE_RE.sub("", _ANY_RE.sub("", _EDGES_RE.sub("", text or "")))
    return _A_FEW_MORE_RE.sub(r"\1些", _FEW_OF_US_RE.sub("些", text))


def only_doubts(text: str) -> bool:
    """「本居委还是街道范围我不知道」「缺钱还是缺场地我也说不清」: one clause naming two choices and that the speaker does
    not know which: no answer (with more clauses, the rest may still be one: 「上海长宁，街道是A还是B记不清了」)."""
    return not re.search(r"[，,。；;]", text or "") and bool(_UNSURE_CHOICE_RE.search(text or ""))


def looks_like_question(text: str) -> bool:
    """Question marks or question words: a form answer rarely has them, a policy question does."""
    return bool(_QUESTION_RE.search(_NOT_KNOWN_WHICH_RE.sub("", _NOTHING_RE.sub("", _ECHO_RE.sub("", _words(text))))))


# 「哪个镇不确定」「具体哪条路记不清了」: what is not known, said — no question asked
# 「新队叫什么还没定下来」「名字叫啥还没想好」: what is not settled yet, said
_NOT_KNOWN_WHICH_RE = re.compile(r"(?:具体)?(?:是)?(?:哪[个一条家]?|(?<!没)(?:叫)?(?:什么|啥)(?=[^，,。？?]{0,2}还?没))[^，,。？?]{0,4}?(?:不确定|不太确定|不知道|不清楚|不记得|记不得|记不清|想不起来?|忘了|说不准|搞不清|"
                                 r"还?没(?:定|想好|起好?|确定|商量好)(?:下来|好)?)[了啦呢]?(?=[，,。]|$)")


# 「听说…可以直接去民政局登记，不用找主管单位？」: something heard, asked to be confirmed
_HEARSAY_RE = re.compile(r"^(?:我)?(?:听说|听人说|听别人说|据说|有人说|人家说)[^？?]{2,}[？?]+$")


# 「备案后要定期汇报活动情况」: what the flows' policy requires or allows, said without a question word
_ABOUT_POLICY_RE = re.compile(r"(?:备案|登记|注销|撤销|扶持|补贴|资助|政策|规定)[^，,。]{0,8}(?:要|需要|得|必须|可以|能|会|应该)|"
                              r"(?:要|需要|得|必须|可以|能|会|应该)[^，,。]{0,8}(?:备案|登记|注销|撤销|扶持|补贴|资助)")


# 「…，这样填就行了吧？」「…，字没打错吧」「…，对不对」: a check of the value just given, not a question to answer
_CHECK_ASKED_RE = re.compile(r"(?:(?:这样|这么|就这么|就这样)(?:填|写|报|记)?|(?:填|写|报|记))(?:就|应该)?(?:行|可以|对|没问题|没错)(?:了)?(?:吧|吗|伐|嘛|不)?|"
                             r"(?:你)?(?:帮我)?看看?对不对|对不对|对吧|对伐|是吧|(?:应该)?没错吧|应该是[吧的]|是不是这样(?:填)?|(?:字)?没(?:打|写)错吧|"
                             r"这样(?:填|写|报)?(?:对吗|没问题吧|可以吗|行吗|行不行)|(?:前面|后面)要不要加上?[\u4e00-\u9fff]{0,6}|"
                             r"(?:这样写)?会不会跟别的(?:队|团队)?重名|要不要(?:拍个?照|发照片|发给你|给你看)[\u4e00-\u9fff]{0,3}")


# 「凉城3村居委会对吧」: the check typed onto the value itself, no comma between (not 「不是吧」)
_FUSED_CHECK_RE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?<![不没])(?:对吧|没错吧|是吧)[？?\s]*$")


# 「居委会啊？…」「服务领域啊？…」: the question restated before the answer
_RESTATED_RE = re.compile(r"^(?=[^，,。？?]{2,10}[？?])[\u4e00-\u9fff]{0,6}?(?:范围|居委会?|街道|区|名字|名称|人数|多少人|原因|负责人|电话|领域|类别|类型|等级|地点|"
                          r"队名|社区)[\u4e00-\u9fff]{0,3}?(?:啊|呀|哦|吗|是吧|是伐|对吧)?[？?]+\s*(?=\S{2,})")


def without_checks_asked(text: str) -> str:
    """「夕阳红广场舞队，这样填就行了吧？」「番禺居委会，没错吧？」 → the value: clauses after the first that only check the
    value given (or a check typed onto it: 「…居委会对吧」), and the question restated before the answer (「居委会啊？我们是番禺居委会」)."""
    text = _RESTATED_RE.sub("", text or "")
    pieces = re.split(r"[，,。？?！!\s]+", text or "")
    kept = [p for i, p in enumerate(pieces) if i == 0 or not _CHECK_ASKED_RE.fullmatch(p.strip())]
    return _FUSED_CHECK_RE.sub("", "，".join(p for p in kept if p) if len(kept) < len(pieces) else text)


def about_policy(text: str) -> bool:
    """A statement of what filing, ending a team or support requires or allows: read as a question where it is
    no answer to the pending step (a form answer that names the words, 「帮居民办登记」, parses first)."""
    return bool(_ABOUT_POLICY_RE.search(_words(text)))


def asks_in_words(text: str) -> bool:
    """Asking words (咋/怎么/吗/是不是 …) or hearsay asked back, not only a 「？」 after an answer (「长宁区吧？」)."""
    words = _words(text)
    return bool(_ASKING_RE.search(re.sub(r"[？?\s]+$", "", words)) or _HEARSAY_RE.search(words.strip()))


def stated_part(clause: str) -> str:
    """What a clause states before it asks (「团队解散了怎么办」 → 团队解散了, 「街道备案的小组能享受扶持吗」 →
    街道备案的小组能享受扶持); the clause itself when it asks nothing, empty when it only asks."""
    match = _QUESTION_RE.search(clause or "")
    head = clause[:match.start()] if match else (clause or "")
    return head if len(head) >= 2 and not looks_like_question(head) else ""


# A follow-up on the answer just given: 「那北京呢」「如果是备案类的呢」「下一条呢」「备注那段说了啥」「谁发的」. It names
# what changes or which part of the answer, never a value of its own (「下一站舞蹈队」「那我们也想备案」 are none).
_PART = r"(?:条|款|段|项|点|句|部分|阶段|章|节|页)"
_ORDINAL_PART = r"(?:[上下前后]一?|最后一?|第[一二三四五六七八九十0-9]{1,3})" + _PART
_FOLLOW_UP_RE = re.compile(r"^那(?![个就些])么?[^，,。；;\s想要帮请给办]{1,8}呢$|"  # 「那团队呢」, not 「那我们想备案呢」
                           r"^(?:如果|要是|假如|假设|万一)[^，,。；;\s]{1,12}呢$|"  # 「如果是备案类的呢」
                           r"^" + _ORDINAL_PART + r"[^，,。；;\s]{0,6}呢$")  # 「下一条呢」「最后一条呢」
# Asked about a part of the answer or its document (「上一条讲啥」「这个文件还有效吗」「文号多少」「温州有吗」)
_BACK_REFERENCE_RE = re.compile(r"^(?:那|那么)?(?:这个?|那个?|这份|那份|该)(?:文件|政策|通知|办法|规定|条|段|款)?|" + _ORDINAL_PART +
                                r"|备注|附件|附表|文号|发文|谁发|哪(?:个|家)?(?:部门|单位)发|"
                                r"^[\u4e00-\u9fff]{2,4}(?:也|还)?有(?:吗|没有?)$")


def follows_up(text: str) -> bool:
    """A short follow-up on the previous answer (what the gateway resolves with the kept context), never a value."""
    said = re.sub(r"[？?！!。.~～\s]+$", "", _words(text))
    if not said or len(said) > 16:
        return False
    return bool(_FOLLOW_UP_RE.search(said)) or bool(_BACK_REFERENCE_RE.search(said)) and looks_like_question(said)
