"""Fixed Chinese texts of the WeChat channel (not policy: the dialogue supplies all answers)."""

WELCOME = (
    "您好！欢迎关注百问百答助手，我为社区社会组织提供以下服务：\n"
    "· 问政策：直接提问，回答附政策依据\n"
    "· 团队备案：一步步引导填写备案信息\n"
    "· 注销/撤销备案：说明流程并帮您提交\n"
    "· 扶持自查：看看您的组织能否申请扶持\n"
    "· 培训练习：百问百答学习与小测验\n"
    "请直接发送文字或语音告诉我您想办的事。"
)
UNSUPPORTED = "抱歉，我目前只能看懂文字和语音消息，请用文字或语音描述您的问题。"
VOICE_UNRECOGNIZED = "抱歉，没能听清这段语音，请改用文字输入您的问题。"
EMPTY = "您好，请输入您想咨询的问题，例如：“社区社会组织怎么备案？”"
RATE_LIMITED = "您发送消息太频繁啦，请稍等一分钟再发，我会继续为您解答。"
NO_MORE = "上一条回答已经全部发送完毕，您可以继续提问。"
NO_ANSWER = "抱歉，我暂时没有找到相关内容，您可以换个说法再问，或回复“人工”联系工作人员。"
UNAVAILABLE = "抱歉，系统暂时繁忙，请稍后再试一次。"
REDELIVERY_NOTE = "【补发】此前有一条回复未能送达，内容如下："
MORE_WORDS = frozenset({"更多", "更多。", "更多内容", "继续", "下一页", "more", "MORE", "More"})
