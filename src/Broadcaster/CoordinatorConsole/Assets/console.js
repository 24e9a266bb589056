// Broadcaster console: live updates on top of pages that work without JavaScript (CSP: no inline script).
"use strict";

(function livePreview() {
  const form = document.getElementById("alert-form");
  const panel = document.getElementById("preview");
  if (!form || !panel || !form.dataset.preview) return;
  const one = (sel) => panel.querySelector(sel);
  let timer = 0, sequence = 0;

  // Only a form that could be saved is worth asking about; the rest would only be "areas is required".
  const ready = () => {
    const data = new FormData(form);
    return (data.get("Form.En") || "").trim() !== "" && data.getAll("Form.Areas").length > 0;
  };

  async function refresh() {
    if (!ready()) return;
    const mine = ++sequence;
    let response;
    try {
      response = await fetch(form.dataset.preview, {
        method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin",
      });
    } catch { return; }
    if (mine !== sequence) return; // an older answer arriving late must not overwrite a newer one
    const body = await response.json().catch(() => null);
    const error = one("[data-preview-error]");
    if (!response.ok || !body) {
      error.textContent = (body && body.detail) || response.statusText;
      error.hidden = false;
      return;
    }
    error.hidden = true;
    one("[data-preview-total]").textContent = body.total;
    one("[data-preview-sms]").textContent = body.recipients.sms;
    one("[data-preview-telegram]").textContent = body.recipients.telegram;
    one("[data-preview-eta]").textContent = body.eta;
    const areas = body.areas || [];
    one("[data-preview-areas]").hidden = areas.length === 0;
    one("[data-preview-area-rows]").replaceChildren(...areas.map((a) => {
      const row = document.createElement("tr");
      row.dataset.area = a.slug;
      for (const [value, numeric] of [[a.name, false], [a.sms, true], [a.telegram, true]]) {
        const cell = document.createElement("td");
        if (numeric) cell.className = "num";
        cell.textContent = value;
        row.append(cell);
      }
      return row;
    }));
    const warnings = one("[data-preview-warnings]");
    warnings.replaceChildren(...body.warnings.map((w) => {
      const p = document.createElement("p");
      p.className = "warning";
      p.textContent = w;
      return p;
    }));
    panel.querySelectorAll("[data-preview-text]").forEach((el) => {
      const message = body.messages[el.dataset.previewText];
      el.textContent = message ? message.preview : "";
    });
    panel.querySelectorAll("[data-preview-summary]").forEach((el) => {
      el.textContent = body.summaries[el.dataset.previewSummary] || "";
    });
    panel.querySelectorAll("[data-preview-cost]").forEach((el) => {
      el.textContent = body.costs[el.dataset.previewCost] || "";
    });
    panel.querySelectorAll("[data-preview-offer]").forEach((el) => {
      const language = el.dataset.previewOffer;
      const message = body.messages[language];
      el.hidden = !body.offers[language];
      el.querySelector("[data-offer-sentence]").textContent = body.offers[language] || "";
      el.querySelector("[data-offer-text]").textContent = message && message.gsm7 ? message.gsm7.text : "";
    });
  }

  // "Use this text": the GSM-7 form goes into the textarea (the coordinator may still edit it); nothing is saved yet.
  panel.querySelectorAll("[data-preview-offer] button").forEach((button) => {
    button.addEventListener("click", (event) => {
      const text = button.closest("[data-preview-offer]").querySelector("[data-offer-text]").textContent;
      const field = form.elements[button.value === "es" ? "Form.Es" : "Form.En"];
      if (!field || !text) return;
      event.preventDefault();
      field.value = text;
      field.focus();
      refresh();
    });
  });

  const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 300); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  refresh();
})();

// Swaps every [data-live-id] region of this page for the same region of a fresh copy of it (the server renders the
// truth, the script only fetches it). A region whose HTML did not change is left alone, so focus and typing survive.
async function swapRegions() {
  let html;
  try {
    const response = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (!response.ok) return false;
    html = await response.text();
  } catch { return false; }
  const fresh = new DOMParser().parseFromString(html, "text/html");
  document.querySelectorAll("[data-live-id]").forEach((region) => {
    const next = fresh.querySelector(`[data-live-id="${region.dataset.liveId}"]`);
    if (next && next.outerHTML !== region.outerHTML) region.replaceWith(document.importNode(next, true));
  });
  return true;
}

// An alert's page: counts every 1.5 s while it is being sent; the whole page's regions again whenever what the alert
// means changes (draft → sending → sent, or retracted by a later alert), so it never needs a reload.
(function liveAlert() {
  if (!document.getElementById("alert")) return;
  async function poll() {
    const card = document.getElementById("alert");
    if (!card || card.dataset.live !== "true") return;
    let body;
    try {
      const response = await fetch(card.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) { setTimeout(poll, 5000); return; }
      body = await response.json();
    } catch { setTimeout(poll, 5000); return; }
    const c = body.counts;
    for (const key of ["pending", "sent", "delivered", "failed", "skipped"]) {
      const cell = document.querySelector(`[data-count="${key}"]`);
      if (cell) cell.textContent = c[key];
    }
    const total = c.pending + c.sent + c.delivered + c.failed + c.skipped;
    const bar = document.querySelector("[data-progress]");
    if (bar) { bar.max = Math.max(total, 1); bar.value = total - c.pending; bar.textContent = `${total - c.pending} / ${total}`; }
    if (body.status !== card.dataset.status || (!bar && total > 0)) await swapRegions();
    const busy = ["draft", "verified", "sending"].includes(body.status) || c.pending > 0;
    setTimeout(poll, busy ? 1500 : 10000);
  }
  setTimeout(poll, 1000);
})();

// Lists (overview, awaiting verification) and the navigation's count: fetched again every few seconds.
(function liveLists() {
  const every = Number(document.body.dataset.refresh || 0);
  if (!every || document.getElementById("alert")) return;
  const tick = async () => { await swapRegions(); setTimeout(tick, every * 1000); };
  setTimeout(tick, every * 1000);
})();
