// Broadcaster console: live updates on top of pages that work without JavaScript (CSP: no inline script).
"use strict";

(function livePreview() {
  const form = document.getElementById("alert-form");
  const panel = document.getElementById("preview");
  if (!form || !panel || !form.dataset.preview) return;
  const one = (sel) => panel.querySelector(sel);
  let timer = 0, sequence = 0;

  // Only a form that could be saved is worth asking about; the rest would only be "counties is required".
  const ready = () => {
    const data = new FormData(form);
    return (data.get("Form.En") || "").trim() !== "" && data.getAll("Form.Counties").length > 0;
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
  }

  const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 300); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  refresh();
})();

(function liveCounts() {
  const card = document.getElementById("alert");
  if (!card || card.dataset.live !== "true") return;
  const page = document.body;

  async function poll() {
    let body;
    try {
      const response = await fetch(card.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      body = await response.json();
    } catch { setTimeout(poll, 5000); return; }
    const c = body.counts;
    for (const key of ["pending", "sent", "delivered", "failed", "skipped"]) {
      const cell = page.querySelector(`[data-count="${key}"]`);
      if (cell) cell.textContent = c[key];
    }
    const total = c.pending + c.sent + c.delivered + c.failed + c.skipped;
    const bar = page.querySelector("[data-progress]");
    if (bar) { bar.max = Math.max(total, 1); bar.value = total - c.pending; bar.textContent = `${total - c.pending} / ${total}`; }
    const status = page.querySelector("[data-status]");
    if (status && status.dataset.value !== body.status) {
      status.dataset.value = body.status;
      status.className = `status status-${body.status}`;
      status.textContent = (status.dataset[`label${body.status[0].toUpperCase()}${body.status.slice(1)}`]) || body.status;
    }
    if (body.status === "verified" || body.status === "sending") setTimeout(poll, 1500);
    else page.querySelectorAll("[data-abort]").forEach((form) => form.remove()); // nothing left to abort
  }
  setTimeout(poll, 1000);
})();
