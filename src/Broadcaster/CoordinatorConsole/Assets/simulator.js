// Phone simulator: fetch new messages of the open thread every two seconds (the page works without it).
"use strict";
(function () {
  var thread = document.getElementById("thread");
  if (!thread) return;
  thread.scrollTop = thread.scrollHeight;
  var number = thread.getAttribute("data-number");
  function poll() {
    var after = thread.getAttribute("data-after") || "0";
    var url = "/console/simulator?handler=Thread&number=" + encodeURIComponent(number) + "&after=" + encodeURIComponent(after);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (data) {
        data.messages.forEach(function (m) {
          if (thread.querySelector('[data-id="' + m.id + '"]')) return;
          if (m.via && m.via !== thread.getAttribute("data-via")) {
            var via = document.createElement("li");
            via.className = "via";
            via.textContent = m.via;
            thread.appendChild(via);
            thread.setAttribute("data-via", m.via);
          }
          var li = document.createElement("li");
          li.className = "msg " + (m.direction === "in" ? "in" : "out");
          li.setAttribute("data-id", String(m.id));
          li.textContent = m.body;
          thread.appendChild(li);
          thread.setAttribute("data-after", String(m.id));
          var empty = document.getElementById("empty");
          if (empty) empty.remove();
        });
        if (data.messages.length) thread.scrollTop = thread.scrollHeight;
      })
      .catch(function () { /* offline for a moment: the next tick tries again */ })
      .finally(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 2000);
})();
