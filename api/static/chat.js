/* The residents' web chat: talks to POST /api/chat (Rasa), shows cited clauses, keeps history locally.
 * The transcript is stored as data (not HTML) in localStorage and re-rendered on load, so a reload shows
 * the same conversation and nothing stored can ever be interpreted as markup. */
"use strict";

(() => {
  const { el, fetchJSON, postJSON, citationCard, appendHighlighted, setupLargeText } = Baiwen;
  const KEY_SENDER = "baiwen.senderId";
  const KEY_LOG = "baiwen.transcript";
  const MAX_STORED = 200;
  // Questions of the 百问百答 itself, each answered by its entry (tests/answering/test_pipeline.py reads this list).
  const COMMON_QUESTIONS = [
    "群众活动团队怎么备案？",
    "社区社会组织分为哪几个层级？",
    "社区社会组织可以享受哪些补贴和奖励？",
    "群众活动团队不再开展活动了会怎样？",
  ];

  const $transcript = document.getElementById("transcript");
  const $typing = document.getElementById("typing");
  const $input = document.getElementById("input");
  const $form = document.getElementById("send-form");
  const $send = document.getElementById("send");
  let busy = false;
  let log = loadLog();

  /** The sender id is the gateway's (a signed HttpOnly cookie this script cannot read or choose); the page
   * only remembers the id the gateway reports, to show that a new conversation started. */
  function remember(id) {
    if (typeof id === "string" && id) localStorage.setItem(KEY_SENDER, id);
  }

  async function loadSession() {
    try {
      remember((await fetchJSON("/api/chat/session")).sender_id);
    } catch (_e) { /* the first /api/chat issues the cookie anyway */ }
  }

  function loadLog() {
    try {
      const data = JSON.parse(localStorage.getItem(KEY_LOG) || "[]");
      return Array.isArray(data) ? data.filter((m) => m && typeof m === "object") : [];
    } catch (_e) {
      return [];
    }
  }

  function saveLog() {
    log = log.slice(-MAX_STORED);
    try {
      localStorage.setItem(KEY_LOG, JSON.stringify(log));
    } catch (_e) { /* storage full or disabled: the chat still works, only history is not kept */ }
  }

  function welcome() {
    return el("section", { class: "msg bot welcome" },
      el("div", { class: "bubble" },
        el("p", { text: "您好！我是百问百答助手，专为社区社会组织和居民群众服务。我可以：" }),
        el("ul", {},
          el("li", { text: "解答政策问题，并注明依据的文件和条款；" }),
          el("li", { text: "引导群众活动团队办理备案；" }),
          el("li", { text: "说明注销、撤销备案的办理途径；" }),
          el("li", { text: "帮您自查可能适用的扶持政策；" }),
          el("li", { text: "进行培训练习，或转人工由工作人员联系您。" })),
        el("p", { class: "muted", text: "您可以直接输入问题，或点下面的按钮。常见问题：" }),
        el("div", { class: "choices" },
          COMMON_QUESTIONS.map((q) => el("button", { type: "button", class: "choice", onclick: () => send(q, q) }, q)))));
  }

  /** Render one stored message; `latest` keeps Rasa buttons tappable only on the newest bot turn. */
  function renderMessage(m, latest) {
    if (m.role === "user") {
      return el("section", { class: "msg user", "data-id": m.id }, el("div", { class: "bubble", text: m.text }));
    }
    const bubble = el("div", { class: "bubble" },
      m.notice ? el("p", { class: "notice", text: m.notice }) : null,
      m.text ? el("p", { class: "text", text: m.text }) : null);
    if (Array.isArray(m.buttons) && m.buttons.length) {
      bubble.append(el("div", { class: "choices" }, m.buttons.map((b) => el("button", {
        type: "button", class: "choice", disabled: !latest,
        onclick: () => send(String(b.payload || b.title || ""), String(b.title || b.payload || "")),
      }, String(b.title || b.payload || "")))));
    }
    const bar = m.step && latest ? stepBar(m.step) : null;
    if (bar) bubble.append(bar);
    if (Array.isArray(m.citations) && m.citations.length) {
      bubble.append(el("div", { class: "cites" },
        el("p", { class: "cites-head", text: `依据（${m.citations.length} 条，点开查看原文）` }),
        m.citations.map((c) => chatCitation(c))));
    }
    if (m.rateable) bubble.append(ratingBar(m));
    return el("section", { class: "msg bot" + (m.error ? " error" : ""), "data-id": m.id }, bubble);
  }

  /** Under the newest form question: 「第 n/total 步」 and the two ways out, 上一步 and 取消. */
  function stepBar(step) {
    const n = Number(step.n), total = Number(step.total);
    if (!Number.isInteger(n) || !Number.isInteger(total) || n < 1 || n > total) return null;
    return el("div", { class: "step-bar" },
      el("span", { class: "step-count", text: `第 ${n}/${total} 步` }),
      n > 1 ? el("button", { type: "button", class: "step-back", onclick: () => send("上一步", "上一步") }, "上一步") : null,
      el("button", { type: "button", class: "step-cancel", onclick: () => send("/cancel", "取消") }, "取消"));
  }

  /** A citation card with 「展开」/「收起」: the whole clause (full_text) in place of the trimmed quote.
   * No toggle when the API sent no full text or the quote already is the whole clause. */
  function chatCitation(c) {
    const card = citationCard(c);
    const full = typeof c.full_text === "string" ? c.full_text.trim() : "";
    if (!full || full === String(c.text || "").trim()) return card;
    const quote = card.querySelector(".cite-text");
    const id = `full-${newId()}`;
    const block = appendHighlighted(el("blockquote", { class: "cite-full", id, hidden: true }), full, c.highlights);
    const toggle = el("button", {
      type: "button", class: "cite-toggle", "aria-expanded": "false", "aria-controls": id, text: "展开",
      title: "查看本条全文",
    });
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? "收起" : "展开";
      toggle.title = open ? "收起全文" : "查看本条全文";
      block.hidden = !open;
      if (quote) quote.hidden = open;
      keepInView(toggle);
    });
    card.append(block, el("div", { class: "cite-actions" }, toggle));
    return card;
  }

  function render() {
    $transcript.replaceChildren(welcome());
    const lastUser = log.map((m) => m.role).lastIndexOf("user");
    log.forEach((m, i) => $transcript.append(renderMessage(m, i > lastUser)));
    revealNewest();
  }

  /* Scrolling. Only #transcript scrolls (chat.css) and its visible area ends where the typing indicator and the
   * composer start, so "visible in #transcript" means "not under the input bar". */
  const EDGE = 8; // px of air between a message and the edge of the visible area

  /** A node's top in #transcript's scroll coordinates. */
  function offsetIn(node) {
    return node.getBoundingClientRect().top - $transcript.getBoundingClientRect().top + $transcript.scrollTop;
  }

  /** The scrollTop that shows the newest message's bottom, or its top when it is taller than the visible area. */
  function newestTarget() {
    const newest = $transcript.lastElementChild;
    if (!newest) return 0;
    const view = $transcript.clientHeight;
    const top = offsetIn(newest);
    const height = newest.getBoundingClientRect().height;
    return height + 2 * EDGE > view ? top - EDGE : top + height + EDGE - view;
  }

  function scrollToTarget(target) {
    const max = $transcript.scrollHeight - $transcript.clientHeight;
    $transcript.scrollTop = Math.max(0, Math.min(max, Math.round(target)));
  }

  function revealNewest() {
    scrollToTarget(newestTarget());
  }

  /** Is `node` in the latest bot turn (after the last message the user sent)? */
  function inLatestTurn(node) {
    const msg = node.closest(".msg");
    const users = $transcript.querySelectorAll(".msg.user");
    const lastUser = users[users.length - 1];
    return Boolean(msg) && (!lastUser || Boolean(lastUser.compareDocumentPosition(msg) & Node.DOCUMENT_POSITION_FOLLOWING));
  }

  /** After a citation in the latest turn opens or closes (「展开」/「收起」, the card's summary), the newest message
   * (e.g. 「猜你想问」) is shown again, but never by scrolling the control that was just pressed out of sight.
   * In older turns only the control is kept on screen. */
  function keepInView(control) {
    if (!inLatestTurn(control)) {
      control.scrollIntoView({ block: "nearest" });
      return;
    }
    const controlTop = offsetIn(control) - EDGE;
    scrollToTarget(Math.min(newestTarget(), controlTop));
  }

  /** 👍/👎 under an answer; 👎 asks for an optional reason before posting. */
  function ratingBar(m) {
    const bar = el("div", { class: "rating" });
    if (m.rating) {
      bar.append(el("span", { class: "muted", text: m.rating === "up" ? "谢谢，您觉得有帮助。" : "谢谢反馈，工作人员会据此完善知识库。" }));
      return bar;
    }
    const up = el("button", { type: "button", class: "rate", "aria-label": "有帮助", title: "有帮助", onclick: () => rate(m, "up", null) }, "👍");
    const down = el("button", { type: "button", class: "rate", "aria-label": "没帮助", title: "没帮助", onclick: () => askReason(m, bar) }, "👎");
    bar.append(el("span", { class: "muted", text: "这个回答有帮助吗？" }), up, down);
    return bar;
  }

  function askReason(m, bar) {
    const reason = el("textarea", { class: "reason", rows: "2", maxlength: "500", placeholder: "可选：哪里不对或缺了什么？", "aria-label": "没帮助的原因（可不填）" });
    const form = el("form", { class: "reason-form" }, reason,
      el("div", { class: "row" },
        el("button", { type: "submit", class: "btn btn-primary btn-small" }, "提交"),
        el("button", { type: "button", class: "btn btn-small", onclick: () => rate(m, "down", null) }, "跳过")));
    form.addEventListener("submit", (ev) => { ev.preventDefault(); rate(m, "down", reason.value); });
    bar.replaceChildren(form);
    reason.focus({ preventScroll: true });
    form.scrollIntoView({ block: "nearest" });  // the box and its 提交 above the input bar, not behind it
  }

  async function rate(m, rating, reason) {
    try {
      await postJSON("/api/feedback", {
        message_id: m.id, question: m.question || "",
        answer: (m.answer || m.text || "").slice(0, 8000), rating, reason: reason && reason.trim() ? reason.trim() : null,
      });
      m.rating = rating;
      saveLog();
      render();
    } catch (err) {
      showError(`反馈未能提交：${err.message}`);
    }
  }

  function newId() {
    return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  }

  function push(message) {
    log.push({ id: newId(), ...message });
    saveLog();
    render();
  }

  function showError(text) {
    push({ role: "bot", text, error: true });
  }

  function setBusy(on) {
    busy = on;
    $typing.hidden = !on;
    $send.disabled = on;
    if (on) revealNewest(); // the indicator takes room from the transcript: keep the question just sent in view
  }

  /** The bot's messages become log entries; the last one of the turn carries 👍/👎, the question and
   * the whole turn's text (so feedback on an answer followed by 「猜你想问」 records the answer). */
  function addBotTurn(messages, question, notice) {
    const list = messages.length ? messages : [{ text: "（没有收到回复，请换个说法再试。）" }];
    const answer = list.map((m) => String(m.text || "")).filter(Boolean).join("\n");
    list.forEach((m, i) => {
      const last = i === list.length - 1;
      log.push({
        id: newId(), role: "bot", text: String(m.text || ""), notice: i === 0 ? notice : null,
        buttons: Array.isArray(m.buttons) ? m.buttons : [], citations: Array.isArray(m.citations) ? m.citations : [],
        step: m.step && typeof m.step === "object" ? m.step : null,
        rateable: last && !m.error && !m.step, question, answer: last ? answer : undefined,
      });
    });
    saveLog();
    render();
  }

  /** When the dialogue service is down, a question can still be answered by the retriever alone. */
  async function askFallback(text) {
    const r = await postJSON("/api/ask", { question: text, region: null, top_k: 5 });
    const guesses = (Array.isArray(r.suggestions) ? r.suggestions : []).filter((q) => typeof q === "string" && q);
    const more = guesses.length ? [{ text: "猜你想问：", buttons: guesses.map((q) => ({ title: q, payload: q })) }] : [];
    addBotTurn([{ text: r.answer, citations: r.citations || [] }, ...more], text,
      "对话服务暂时不可用，以下是政策检索的结果；备案、注销等引导流程和转人工请稍后再试。");
  }

  /** A typed number (「2」「２」「第二个」) picks that button of the newest bot turn, as a reply digit does in WeChat;
   * the buttons are counted across the turn's messages in the order they are shown. A bare digit under buttons
   * that carry numbers themselves (没有/3A/4A/5A) is the value, not a position: it is sent as typed. Chinese
   * numerals only with 第/选, and never 条/项 (「第二条」 asks about a clause). */
  function typedChoice(text) {
    const folded = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xFEE0)).replace(/[。.!！~～]+$/, "");
    const bare = /^([0-9]{1,2})(?:个|号)?$/.exec(folded);
    const picked = bare || /^(?:选择?|选择?第|第)([0-9]{1,2}|[一二三四五六七八九十])(?:个|号)?$/.exec(folded);
    if (!picked) return null;
    const turn = [];
    for (let i = log.length - 1; i >= 0 && log[i].role !== "user"; i -= 1) turn.unshift(log[i]);
    const buttons = turn.flatMap((m) => (Array.isArray(m.buttons) ? m.buttons : []));
    if (bare && buttons.some((b) => /[0-9０-９]/.test(String(b.title || "")))) return null;
    const n = /^[0-9]+$/.test(picked[1]) ? Number(picked[1]) : "一二三四五六七八九十".indexOf(picked[1]) + 1;
    const b = buttons[n - 1];
    return b && (b.payload || b.title) ? { payload: String(b.payload || b.title) } : null;
  }

  /** The gateway takes at most MAX_CHARS characters a message; the box has no maxlength, which would cut a paste. */
  const MAX_CHARS = 500;
  function tooLong(text) {
    return `这条消息有 ${text.length} 字，超过了 500 字：请删减后再发送（输入框里的内容还在）。`;
  }

  async function send(payload, shown) {
    const text = String(payload || "").trim();
    if (!text || busy) return;
    if (text.length > MAX_CHARS) {
      showError(tooLong(text));
      return;
    }
    push({ role: "user", text: String(shown || text) });
    setBusy(true);
    try {
      const r = await postJSON("/api/chat", { message: text });
      remember(r.sender_id);
      addBotTurn(Array.isArray(r.messages) ? r.messages : [], String(shown || text), null);
    } catch (err) {
      await handleChatError(err, text);
    } finally {
      setBusy(false);
      $input.focus();
    }
  }

  /** 422 shows the API's Chinese message; an unreachable dialogue service falls back to /api/ask for questions. */
  async function handleChatError(err, text) {
    const down = err.status === 0 || err.status >= 500 || err.status === 404;
    if (down && text === "转人工") {
      showError("暂时无法提交转人工请求（对话服务不可用），请稍后再试。");
      return;
    }
    if (!down || text.startsWith("/")) {
      showError(err.message);
      return;
    }
    try {
      await askFallback(text);
    } catch (err2) {
      showError(err2.message);
    }
  }

  async function newConversation() {
    if (busy) return;
    log = [];
    saveLog();
    render();
    $input.focus();
    try {
      remember((await postJSON("/api/chat/session", {})).sender_id);
    } catch (err) {
      showError(`未能开始新对话：${err.message}`);
    }
  }

  /** Keep the newest message in view while the user is at the end of the conversation and the visible area
   * changes size (typing indicator, on-screen keyboard, rotation, 大字). */
  function followResizes() {
    let atEnd = true;
    $transcript.addEventListener("scroll", () => {
      atEnd = $transcript.scrollTop >= newestTarget() - 2 * EDGE;
    }, { passive: true });
    if (window.ResizeObserver) new ResizeObserver(() => { if (atEnd) revealNewest(); }).observe($transcript);
    // a citation card's summary (<details>) opening or closing in the latest turn
    $transcript.addEventListener("toggle", (ev) => {
      const summary = ev.target instanceof HTMLDetailsElement ? ev.target.querySelector("summary") : null;
      if (summary) keepInView(summary);
    }, true);
  }

  function bind() {
    followResizes();
    setupLargeText(document.getElementById("large-text"));
    document.getElementById("new-chat").addEventListener("click", newConversation);
    document.getElementById("quick").addEventListener("click", (ev) => {
      const chip = ev.target.closest("button");
      if (!chip) return;
      if (chip.dataset.focus) {
        $input.focus();
        return;
      }
      send(chip.dataset.send, chip.textContent);
    });
    $form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const text = $input.value;
      if (text.trim().length > MAX_CHARS) {  // kept in the box to shorten: a pasted text is never cut silently
        showError(tooLong(text.trim()));
        return;
      }
      $input.value = "";
      const picked = typedChoice(text);
      send(picked ? picked.payload : text, text);
    });
    $input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        $form.requestSubmit();
      }
    });
  }

  loadSession();
  bind();
  render();
})();
