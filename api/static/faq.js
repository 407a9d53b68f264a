/* /faq: client-side filter over the server-rendered (escaped) booklet; no HTML is built from strings. */
"use strict";
(() => {
  const input = document.getElementById("faq-search");
  const count = document.getElementById("faq-count");
  const entries = Array.from(document.querySelectorAll(".entry"));
  const sections = Array.from(document.querySelectorAll(".topic"));
  function filter() {
    const terms = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const entry of entries) {
      const text = (entry.dataset.search || "").toLowerCase();
      const hit = terms.every((t) => text.includes(t));
      entry.classList.toggle("hidden", !hit);
      if (hit) shown += 1;
    }
    for (const section of sections) {
      section.classList.toggle("hidden", !section.querySelector(".entry:not(.hidden)"));
    }
    count.textContent = terms.length ? `找到 ${shown} 条` : `共 ${entries.length} 条`;
  }
  if (input) { input.addEventListener("input", filter); filter(); }
})();
