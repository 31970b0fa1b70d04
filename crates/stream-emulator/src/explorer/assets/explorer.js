// Live updates for the stream-emulator explorer: listens to /explorer/events and reloads the
// page body in place; on a feed page, appends the feed's realtime messages to the live tail.
// Text from the server is only ever set with textContent (never parsed as markup).
(function () {
  "use strict";
  var status = document.getElementById("live-status");
  var heading = document.querySelector("[data-feed]");
  var feed = heading ? heading.getAttribute("data-feed") : null;
  // A page holding a form (the token inspector) shows a posted result: never reload it.
  var reloadable = !document.querySelector("form");
  var timer = null;
  var loading = false;
  var again = false;

  function refresh() {
    timer = null;
    if (loading) { again = true; return; }
    loading = true;
    fetch(location.href, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, "text/html");
        var fresh = doc.getElementById("live");
        var main = document.getElementById("live");
        if (!fresh || !main) { return; }
        var oldTail = document.getElementById("tail");
        var newTail = fresh.querySelector("#tail");
        if (oldTail && newTail) { newTail.replaceWith(oldTail); }
        main.replaceChildren.apply(main, Array.prototype.slice.call(fresh.childNodes));
        document.documentElement.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () {})
      .then(function () {
        loading = false;
        if (again) { again = false; schedule(); }
      });
  }

  function schedule() {
    if (reloadable && timer === null) { timer = setTimeout(refresh, 100); }
  }

  function tailLine(change) {
    var tail = document.getElementById("tail");
    if (!tail || change.feed_id !== feed) { return; }
    var parts = [];
    (change["new"] || []).forEach(function (a) {
      parts.push("new " + [a.actor, a.verb, a.object, a.id].join(" "));
    });
    (change.deleted || []).forEach(function (id) { parts.push("deleted " + id); });
    if ((change.mark_seen || []).length) { parts.push("seen " + change.mark_seen.join(",")); }
    if ((change.mark_read || []).length) { parts.push("read " + change.mark_read.join(",")); }
    var li = document.createElement("li");
    li.textContent = new Date().toISOString() + "  " + parts.join("; ");
    tail.insertBefore(li, tail.firstChild);
    while (tail.childNodes.length > 200) { tail.removeChild(tail.lastChild); }
  }

  if (!window.EventSource) { return; }
  var source = new EventSource("/explorer/events");
  source.onopen = function () {
    status.textContent = "live";
    document.documentElement.setAttribute("data-live", "open");
  };
  source.onerror = function () {
    status.textContent = "reconnecting";
    document.documentElement.setAttribute("data-live", "closed");
  };
  source.addEventListener("change", function (e) {
    try { tailLine(JSON.parse(e.data)); } catch (err) { /* not a change */ }
    schedule();
  });
  source.addEventListener("write", schedule);
})();
